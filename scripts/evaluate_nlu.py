"""Score the trained model on held-out messages it never saw in training.

Run in the Rasa environment:
    .venv-rasa/bin/python scripts/evaluate_nlu.py [--model models/current.tar.gz] \
        [--json report.json] tests/nlu/heldout_en.yml tests/nlu/heldout_ms.yml

A message counts as right when its intent, and for retrieval intents (faq/..., chitchat/...)
also the selected response, equals the label. An ``out_of_scope`` message counts as right when
the assistant declines it (``out_of_scope``) or falls back (``nlu_fallback``): anything else
would answer it with an FAQ. Each file's messages are also checked for language detection.
Prints a table and writes the numbers as JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections import Counter, defaultdict
from pathlib import Path

import yaml

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FALLBACKS = {"out_of_scope", "nlu_fallback"}


def examples(path: Path) -> list[tuple[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            line = line.strip()
            if line.startswith("- "):
                pairs.append((block["intent"], line[2:].strip()))
    return pairs


def predicted_label(parse: dict) -> str:
    intent = parse["intent"]["name"]
    selection = (parse.get("response_selector") or {}).get(intent)
    if selection:
        return selection["response"]["intent_response_key"]
    return intent


def language_of(parse: dict) -> str | None:
    return next((e["value"] for e in parse.get("entities", []) if e["entity"] == "language"), None)


async def evaluate(model: Path, files: list[Path]) -> dict:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    report: dict = {}
    for path in files:
        language = path.stem.rsplit("_", 1)[-1]
        in_scope, out_scope, errors = Counter(), Counter(), defaultdict(list)
        languages = Counter()
        for label, text in examples(path):
            parse = await agent.parse_message(text)
            got = predicted_label(parse)
            if label == "out_of_scope":
                out_scope["total"] += 1
                out_scope["right"] += got in FALLBACKS
                if got not in FALLBACKS:
                    errors[label].append(f"{text!r} -> {got}")
            else:
                in_scope["total"] += 1
                in_scope["right"] += got == label
                if got != label:
                    errors[label].append(f"{text!r} -> {got}")
            languages["total"] += 1
            languages["right"] += language_of(parse) in (language, None)
        report[path.stem] = {
            "language": language,
            "accuracy": in_scope["right"] / max(in_scope["total"], 1),
            "examples": in_scope["total"],
            "out_of_scope_fallback_rate": out_scope["right"] / max(out_scope["total"], 1),
            "out_of_scope_examples": out_scope["total"],
            "language_detection": languages["right"] / max(languages["total"], 1),
            "errors": dict(errors),
        }
    return report


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, help="held-out NLU YAML files")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--json", type=Path, help="write the report here too")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    report = asyncio.run(evaluate(args.model, args.files))
    print(f"{'set':<16}{'accuracy':>10}{'n':>6}{'oos fallback':>14}{'n':>5}{'lang det':>10}")
    for name, r in report.items():
        print(
            f"{name:<16}{r['accuracy']:>10.1%}{r['examples']:>6}"
            f"{r['out_of_scope_fallback_rate']:>14.1%}{r['out_of_scope_examples']:>5}"
            f"{r['language_detection']:>10.1%}"
        )
        for label, wrong in r["errors"].items():
            for line in wrong:
                print(f"    {label}: {line}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
