"""Keep code, conversation data and docs honest with each other."""

from __future__ import annotations

import re

import pytest
import yaml
from rasa_sdk.executor import ActionExecutor

from tests.support.stack import ROOT


def load(path: str) -> dict:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))


def retrieval_intents(prefix: str) -> set[str]:
    found = set()
    for path in (ROOT / "data" / "nlu").glob("*.yml"):
        for block in yaml.safe_load(path.read_text(encoding="utf-8")).get("nlu", []):
            if block.get("intent", "").startswith(prefix + "/"):
                found.add(block["intent"])
    return found


def data_responses() -> dict:
    responses: dict = {}
    for path in (ROOT / "data" / "responses").glob("*.yml"):
        responses.update(yaml.safe_load(path.read_text(encoding="utf-8"))["responses"])
    return responses


def test_every_domain_action_has_a_class_and_every_class_is_listed() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    served = {name for name in executor.actions if name.startswith("action_")}
    listed = {name for name in load("domain.yml")["actions"] if name.startswith("action_")}
    assert served == listed


def test_every_retrieval_intent_has_an_answer_in_both_languages() -> None:
    responses = data_responses()
    for prefix in ("faq", "chitchat"):
        intents = retrieval_intents(prefix)
        assert intents, f"no {prefix}/... intents in data/nlu"
        assert {f"utter_{i}" for i in intents} == {
            r for r in responses if r.startswith(f"utter_{prefix}/")
        }
        for intent in intents:
            variations = responses[f"utter_{intent}"]
            conditions = [v.get("condition") for v in variations]
            assert any(c and c[0]["value"] == "ms" for c in conditions), intent
            assert any(not c for c in conditions), intent


def test_every_domain_response_speaks_both_languages() -> None:
    for name, variations in load("domain.yml")["responses"].items():
        languages = {(v.get("condition") or [{"value": "en"}])[0]["value"] for v in variations}
        assert languages == {"en", "ms"}, name


def test_readme_names_every_make_target_and_cli_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"^([a-z-]+):.*## ", makefile, re.M):
        assert f"make {target}" in readme, target
    from bot.cli import build_parser

    parser = build_parser()
    catalogue = parser._subparsers._group_actions[0].choices["catalogue"]
    for command in catalogue._subparsers._group_actions[0].choices:
        assert f"microcred catalogue {command}" in readme, command


def test_every_action_text_is_bilingual_and_every_faq_has_a_question_to_suggest() -> None:
    from bot.messages import _messages

    texts = dict(_messages())
    questions = texts.pop("questions")
    for key, variants in {**texts, **questions}.items():
        assert set(variants) == {"en", "ms"}, key
        if key.endswith("_options"):  # answer buttons: the same number in both languages
            assert len(variants["en"]) == len(variants["ms"]) > 0, key
            assert all(o["title"].strip() and o["payload"].strip() for o in variants["ms"]), key
            continue
        assert variants["en"].strip() and variants["ms"].strip(), key
    assert retrieval_intents("faq") <= set(questions)


# The last commit before the blind sets existed: examples that were training data then (the
# FAQ's own questions, common short forms) can coincide with blind messages by chance.
BEFORE_BLIND_SETS = "7bf45db"


def _training_lines(read) -> set[str]:
    lines = set()
    for text in read():
        for line in text.splitlines():
            if line.strip().startswith("- "):
                lines.add(" ".join(re.findall(r"\w+", line.strip()[2:].lower())))
    return lines


def test_no_blind_message_is_in_the_training_data() -> None:
    import subprocess

    from tests.support.blind import BATCHES, GLOSSARY_BATCHES, HANDOFF_BATCHES, load

    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    def now():
        return [p.read_text(encoding="utf-8") for p in (ROOT / "data").rglob("*.yml")]

    def before():
        known = subprocess.run(
            ["git", "cat-file", "-e", f"{BEFORE_BLIND_SETS}^{{commit}}"], cwd=ROOT, check=False
        )
        if known.returncode != 0:
            pytest.skip(f"this checkout lacks commit {BEFORE_BLIND_SETS} (a shallow clone)")
        names = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", BEFORE_BLIND_SETS, "data"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
        return [
            subprocess.run(
                ["git", "show", f"{BEFORE_BLIND_SETS}:{name}"],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            for name in names
            if name.endswith(".yml")
        ]

    added = _training_lines(now) - _training_lines(before)
    blind = []
    for batch in BATCHES:
        faq = load("faq", batch)
        blind += [item["text"] for item in faq["faq"] + faq["out_of_scope"]]
        blind += [t for c in load("advising", batch)["conversations"] for t in c["turns"]]
        blind += [t["user"] for c in load("catalogue", batch)["conversations"] for t in c["turns"]]
    for batch in HANDOFF_BATCHES:
        blind += [item["text"] for item in load("handoff", batch)["messages"]]
    for batch in GLOSSARY_BATCHES:
        blind += [item["text"] for item in load("glossary", batch)["messages"]]
    assert len(blind) > 1500
    assert {words(text) for text in blind} & added == set()
