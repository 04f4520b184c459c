"""The glossary over REST, on the real Rasa server and action server: the issue's questions get
their definitions, the recognition question still gets the rules, and the terms an answer uses
come back as buttons that ask for them."""

from __future__ import annotations

import uuid

import pytest

from bot import glossary, messages
from tests.support.blind import _flat
from tests.support.stack import Stack, texts

pytestmark = pytest.mark.stack

RULES_EN = "recognition can be given as follows"

# The messages of the issue, as a new learner typed them, and the term each asks about.
ISSUE = [
    ("what is APEL C?", "apel", "en"),
    ("apa itu APEL?", "apel", "ms"),
    ("what is an HEP?", "hep", "en"),
    ("is a micro-credential recognised by MQA?", "mqa", "en"),
    ("can I stack micro-credentials into a diploma?", "stackability", "en"),
    ("what does MQF level 6 mean?", "mqf", "en"),
    ("what's APEL", "apel", "en"),
    ("HEP tu apa", "hep", "ms"),
    ("MQF level 4 is what ah", "mqf", "en"),
    ("what does credit-bearing mean", "credit_bearing", "en"),
]


@pytest.mark.parametrize(("text", "key", "lang"), ISSUE)
def test_the_issues_questions_get_the_definition(
    stack: Stack, text: str, key: str, lang: str
) -> None:
    term = glossary.load().term(key)
    reply = _flat(texts(stack.say(text)))
    assert _flat(term.definitions[lang]) in reply
    assert RULES_EN not in reply  # not the recognition rules any more
    assert glossary.source_line(term, lang).strip("_") in reply


def test_a_level_asked_about_comes_first(stack: Stack) -> None:
    mqf = glossary.load().term("mqf")
    replies = stack.say("what does MQF level 6 mean?")
    assert replies[0]["text"] == mqf.levels[6]["en"]


def test_the_recognition_question_still_gets_the_rules_and_its_terms_as_buttons(
    stack: Stack,
) -> None:
    sender = uuid.uuid4().hex
    replies = stack.say("how is my micro-credential recognised?", sender)
    [rules] = [r for r in replies if RULES_EN in r.get("text", "")]
    titles = [b["title"] for b in rules["buttons"]]
    assert titles[0] == "What is APEL C?" and len(titles) == glossary.MAX_OFFERED
    # the button sends its question, which gets the definition, then offers the rules again
    apel = glossary.load().term("apel")
    follow = stack.say(rules["buttons"][0]["payload"], sender)
    assert _flat(texts(follow)).startswith(_flat(apel.definitions["en"]))
    # ... and the same answer later offers no term twice
    again = stack.say("what types of micro-credentials are there?", sender)
    offered = [b["title"] for r in again for b in r.get("buttons") or []]
    assert not set(offered) & set(titles)


def test_malay_terms_borrowed_from_english_are_answered_in_malay(stack: Stack) -> None:
    credit_transfer = glossary.load().term("credit_transfer")
    replies = stack.say("apa maksud credit transfer?")
    assert _flat(credit_transfer.definitions["ms"]) in _flat(texts(replies))
    [offer] = [r for r in replies if r.get("text") == messages.render("glossary_related", "ms")]
    assert [b["title"] for b in offer["buttons"]] == [messages.question("faq/recognition", "ms")]
