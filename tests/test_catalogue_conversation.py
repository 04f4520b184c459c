"""Catalogue questions and advising over REST: the real Rasa server, action server and database."""

from __future__ import annotations

import re
import uuid

import pytest

from bot.catalogue import db, queries
from tests.support.stack import Stack, texts

pytestmark = pytest.mark.stack


@pytest.fixture(scope="module")
def sample(stack: Stack) -> dict:
    with db.get_sessionmaker(stack.database_url)() as session:
        return {
            c.code: {
                "title": c.title,
                "fee": f"RM{int(c.fee_rm)}",
                "hours": str(c.notional_hours),
                "mode": c.mode,
                "provider": c.provider.name,
                "programme": c.accredited_programme,
                "type": c.type,
            }
            for c in queries.search(session)
        }


def misspell(title: str) -> str:
    """Drop one letter from the longest word: a typical typo."""
    words = title.split()
    longest = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[longest]
    words[longest] = word[: len(word) // 2] + word[len(word) // 2 + 1 :]
    return " ".join(words)


CODES = ["DSC-101", "CYB-110", "ENT-101", "OSH-101", "REN-120"]


@pytest.mark.parametrize("code", CODES)
@pytest.mark.parametrize("form", ["lowercase", "code", "misspelt"])
def test_fee_of_a_named_credential(stack: Stack, sample: dict, code: str, form: str) -> None:
    title = sample[code]["title"]
    name = {"lowercase": title.lower(), "code": code.lower(), "misspelt": misspell(title).lower()}[
        form
    ]
    reply = texts(stack.say(f"how much is {name}?"))
    assert sample[code]["fee"] in reply, reply


@pytest.mark.parametrize("code", CODES)
def test_delivery_mode_and_duration(stack: Stack, sample: dict, code: str) -> None:
    title = sample[code]["title"].lower()
    assert sample[code]["mode"] in texts(stack.say(f"is {title} online?")).lower()
    assert sample[code]["hours"] in texts(stack.say(f"how long is {title}?"))


def test_follow_up_questions_keep_the_credential(stack: Stack, sample: dict) -> None:
    sender = uuid.uuid4().hex
    assert sample["DSC-101"]["title"] in texts(stack.say("tell me about DSC-101", sender))
    assert sample["DSC-101"]["fee"] in texts(stack.say("how much is it?", sender))
    assert sample["DSC-101"]["provider"] in texts(stack.say("who offers it?", sender))


def test_a_malay_question_gets_a_malay_catalogue_answer(stack: Stack, sample: dict) -> None:
    reply = texts(stack.say("berapa yuran asas keusahawanan digital?"))
    assert sample["ENT-101"]["fee"] in reply and "costs" not in reply


def test_search_lists_with_buttons(stack: Stack) -> None:
    replies = stack.say("online courses under RM600")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    assert buttons and all(
        re.search(r"[A-Z]{3}-\d{3}", b["payload"]) or b["payload"] == "/show_more" for b in buttons
    )


def test_compare_two(stack: Stack, sample: dict) -> None:
    reply = texts(stack.say("compare DSC-101 and CYB-110"))
    assert sample["DSC-101"]["title"] in reply and sample["CYB-110"]["title"] in reply


def advise(stack: Stack, opening: str, answers: list[str]) -> str:
    sender = uuid.uuid4().hex
    reply = texts(stack.say(opening, sender))
    for answer in answers:
        reply = texts(stack.say(answer, sender))
    return reply


def test_advising_a_standalone_credential_reaches_rule_c(stack: Stack) -> None:
    reply = advise(
        stack,
        "advise me on credit transfer for my case",
        ["standalone"],
    )
    assert "APEL C" in reply and "rule c" in reply


def test_advising_takes_facts_from_the_catalogue_and_adds_the_caveats(
    stack: Stack, sample: dict
) -> None:
    code = next(
        c for c, s in sample.items() if s["type"] == "credit-bearing" and s["programme"] is None
    )
    reply = advise(
        stack,
        f"will {code} count towards my degree?",
        ["I'm from Indonesia"],
    )
    assert "rule b" in reply and "any HEP" in reply
    assert "entry requirements" in reply and "governments" in reply


def test_advising_in_malay(stack: Stack) -> None:
    reply = advise(
        stack,
        "nasihat pengiktirafan untuk saya",
        ["berdiri sendiri"],
    )
    assert "APEL C" in reply and "peraturan c" in reply
