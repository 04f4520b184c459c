"""Keep code, conversation data and docs honest with each other."""

from __future__ import annotations

import re

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


def test_no_blind_message_is_in_the_training_data() -> None:
    from tests.support.blind import BATCHES, load

    def words(text: str) -> str:
        return " ".join(re.findall(r"\w+", text.lower()))

    training = set()
    for path in (ROOT / "data").rglob("*.yml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip().startswith("- "):
                training.add(words(line.strip()[2:]))
    blind = []
    for batch in BATCHES:
        faq = load("faq", batch)
        blind += [item["text"] for item in faq["faq"] + faq["out_of_scope"]]
        blind += [t for c in load("advising", batch)["conversations"] for t in c["turns"]]
        blind += [t["user"] for c in load("catalogue", batch)["conversations"] for t in c["turns"]]
    assert len(blind) > 700
    leaked = {words(text) for text in blind if words(text) in training} - COINCIDENCES
    assert leaked == set()


# Blind messages that already were training examples when the blind sets were written: the
# FAQ's own questions and common short forms, which a blind writer also arrives at.
COINCIDENCES = {
    "what is a micro credential",
    "apakah yang dimaksudkan dengan mikro kredensial",
    "what types of micro credentials are there",
    "ada berapa jenis mikro kredensial",
    "semua online ke",
    "is there an age limit",
    "ada had umur tak",
    "can international students take micro credentials",
    "how much does it cost",
    "fee",
    "brp yuran",
    "mahal x",
    "duration",
    "berapa lama tempoh kursus mikro kredensial",
    "tell me a joke",
    "i want to use my micro credential for a diploma",
    "is it online",
    "what does the term micro credential refer to",
    "is there any prerequisite",
    "is it restricted to malaysian citizens",
    "how many hours is a micro credential",
    "translate good morning into japanese",
    "cost",
    "how is it assessed",
    "yuran",
    "online ke",
    "micro credential meaning",
    "apa itu mikro kredensial",
    "is it free",
    "can i finish it in one day",
    "ada syarat masuk x",
    "ada had umur x",
    "when does it start",
    "diiktiraf ke tak",
    "brp jam",
}
