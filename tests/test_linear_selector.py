"""The FAQ and chitchat answer choice (bot/rasa_components/linear_selector.py) in the trained model.

Loads models/current.tar.gz in the Rasa environment and parses messages that are not in the
training data. The choice must come out as Rasa's own ResponseSelector writes it: Rasa's
processor reads it to name the full retrieval intent (``faq/fee``), and the action server reads
its ranking for "did you mean". The stored model must be plain arrays, never a pickle.
"""

from __future__ import annotations

import json
import tarfile

import pytest

from tests.support.stack import MODEL, in_rasa

PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent

async def main():
    agent = Agent.load(sys.argv[1])
    out = [await agent.parse_message(text) for text in json.loads(sys.argv[2])]
    nodes = agent.processor.model_metadata.predict_schema.nodes
    selectors = [name for name, node in nodes.items()
                 if node.uses.__name__ == "LinearResponseSelector"]
    print(json.dumps({"parses": out, "selectors": selectors}))

asyncio.run(main())
"""

MESSAGES = {
    "how much do i need to fork out for one of these": ("faq", "faq/fee"),
    "berapa lama nak siapkan satu mikro-kredensial": ("faq", "faq/duration"),
    "are you a human or a program": ("chitchat", "chitchat/bot_challenge"),
}


@pytest.fixture(scope="module")
def parsed() -> dict:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    return in_rasa(PARSE, str(MODEL), json.dumps(list(MESSAGES)))


def test_both_retrieval_intents_are_chosen_by_the_linear_selector(parsed) -> None:
    assert len(parsed["selectors"]) == 2


@pytest.mark.parametrize("text", list(MESSAGES))
def test_the_choice_is_written_as_rasa_reads_it(parsed, text: str) -> None:
    intent, key = MESSAGES[text]
    parse = parsed["parses"][list(MESSAGES).index(text)]
    assert parse["intent"]["name"] == intent
    # Rasa's processor named the full retrieval intent from the selector's output.
    assert parse["intent"]["full_retrieval_intent_name"] == key
    selectors = parse["response_selector"]
    assert sorted(selectors["all_retrieval_intents"]) == ["chitchat", "faq"]
    choice = selectors[intent]
    assert choice["response"]["intent_response_key"] == key
    assert choice["response"]["utter_action"] == f"utter_{key}"
    assert choice["response"]["responses"][0]["text"]
    ranking = choice["ranking"]
    assert ranking[0]["intent_response_key"] == key
    assert ranking[0]["confidence"] == pytest.approx(choice["response"]["confidence"])
    confidences = [item["confidence"] for item in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) <= 1.0 + 1e-6
    assert all(item["intent_response_key"].startswith(intent + "/") for item in ranking)


def test_the_stored_selectors_hold_no_pickle() -> None:
    with tarfile.open(MODEL) as archive:
        names = [n for n in archive.getnames() if "LinearResponseSelector" in n]
        assert any(n.endswith("weights.npy") for n in names)
        for name in names:
            member = archive.extractfile(name)
            if member is None:
                continue
            head = member.read(64)
            assert not head.startswith(b"\x80"), f"{name} is a pickle"
            if name.endswith(".npy"):
                assert b"'descr': '<f4'" in head, f"{name} is not float32"
