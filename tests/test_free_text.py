"""Learners who type: every message quoted in the free-text issue, over REST on the real stack.

The real Rasa server (NLU and rules) and action server (bot/dialogue.py) with the sample
catalogue; each conversation is its own sender.
"""

from __future__ import annotations

import re
import uuid

import pytest
import yaml

from bot import messages
from tests.support.stack import ROOT, Stack, texts

pytestmark = pytest.mark.stack


def faq(topic: str, language: str = "en") -> str:
    """The FAQ answer text for ``topic`` in ``language``."""
    responses = yaml.safe_load((ROOT / "data/responses/faq.yml").read_text(encoding="utf-8"))
    for variation in responses["responses"][f"utter_faq/{topic}"]:
        condition = variation.get("condition") or [{"value": "en"}]
        if condition[0]["value"] == language:
            return variation["text"].strip()
    raise KeyError(topic)


def flat(text: str) -> str:
    """Whitespace collapsed: the REST channel splits a text into messages at blank lines, so an
    FAQ answer ("...\n\n_Source..._") only shows in a joined reply once both are flattened."""
    return " ".join(text.split())


def codes(reply: str) -> set[str]:
    return set(re.findall(r"\(([A-Z]{3}-\d{3})\)", reply))


class Chat:
    def __init__(self, stack: Stack) -> None:
        self.stack, self.sender = stack, uuid.uuid4().hex

    def __call__(self, message: str) -> str:
        self.replies = self.stack.say(message, self.sender)
        return texts(self.replies)


def test_malay_advising_from_the_first_message(stack: Stack) -> None:
    reply = Chat(stack)(
        "Saya ada mikro-kredensial kendiri. Boleh saya dapat kredit untuk program diploma?"
    )
    assert "Peraturan c terpakai" in reply and "APEL C" in reply


def test_a_typed_statement_answers_the_pending_question(stack: Stack) -> None:
    chat = Chat(stack)
    chat("can my micro-credential count towards a degree?")
    reply = chat("it's credit-bearing, not a standalone one")
    assert messages.render("ask_part_of_accredited_programme", "en") in reply
    assert flat(faq("types")) not in flat(reply)
    chat("yes")
    assert "Rule a applies only at the same HEP" in chat("a different university")


def test_all_facts_at_once_get_the_rule_and_the_government_caveat(stack: Stack) -> None:
    reply = Chat(stack)(
        "I'm Indonesian and completed a credit-bearing micro-credential that isn't part of an "
        "accredited programme. Can I transfer the credit to a university back home?"
    )
    assert "Rule b applies" in reply
    assert messages.render("pathway_caveat_government_may_not_accept", "en") in reply


def test_no_spm_gets_the_entry_requirement_caveat(stack: Stack) -> None:
    reply = Chat(stack)(
        "I never got my SPM. If I collect a few micro-credentials, can I use them to get into a "
        "diploma?"
    )
    assert messages.render("pathway_caveat_entry_requirements_not_met", "en") in reply


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("do you have courses on python", {"DSC-101"}),
        ("is there anything on machine learning?", {"AIN-201"}),
        ("I work in a hotel, anything useful for me?", {"HOS-210"}),
    ],
)
def test_topics_and_needs_find_credentials(stack: Stack, message: str, expected: set) -> None:
    assert expected <= codes(Chat(stack)(message))


def test_cheapest_and_ranges(stack: Stack) -> None:
    reply = Chat(stack)("what's the cheapest course you have?")
    assert codes(reply) and "RM500" in reply and "RM510" not in reply
    reply = Chat(stack)("anything below RM520?")
    assert len(codes(reply)) >= 3 and not re.search(r"RM5[2-9]\d|RM[6-7]\d\d", reply)
    reply = Chat(stack)("I can only spare half a day, what can I take?")
    assert (
        codes(reply)
        and re.findall(r"(\d+) h\b", reply)
        and {int(h) for h in re.findall(r"(\d+) h\b", reply)} <= {4}
    )


def test_a_list_then_its_providers_and_types(stack: Stack) -> None:
    chat = Chat(stack)
    chat("I work in a hotel, anything useful for me?")
    reply = chat("which universities offer these?")
    assert "Kolej Universiti Mahkota Jaya" in reply
    reply = Chat(stack)("show me non credit-bearing courses")
    assert codes(reply) and flat(faq("types")) not in flat(reply)
    assert "Data Analytics with Python" not in reply


def test_the_cheapest_of_the_last_list(stack: Stack) -> None:
    chat = Chat(stack)
    assert codes(chat("I'm interested in Islamic finance")) == {"ISF-050", "ISF-101", "ISF-210"}
    reply = chat("which one is the cheapest?")
    assert codes(reply) == {"ISF-050"} and "RM510" in reply


def test_an_ambiguous_name_asks_which_and_a_filtered_list_is_not_the_faq(stack: Stack) -> None:
    chat = Chat(stack)
    reply = chat("how much is the solar pv course?")
    assert messages.render("cat_disambiguation", "en") in reply
    assert len([b for r in chat.replies for b in r.get("buttons", [])]) == 2
    reply = chat("show me online courses under RM520")
    assert codes(reply) and flat(faq("delivery_mode")) not in flat(reply)


def test_advice_for_the_credential_in_context(stack: Stack) -> None:
    chat = Chat(stack)
    chat("tell me about Data Analytics with Python")
    reply = chat("can I get credit for it at another university?")
    assert "Rule a applies only at the same HEP" in reply
    assert "Bachelor of Computer Science (Data Science) (Hons)" in reply


@pytest.mark.parametrize(
    "message",
    [
        "How long does a bachelor's degree take?",
        "Ada had umur ke nak masuk tentera?",
        "What is a credit score?",
        "Can I settle my PTPTN loan through you?",
    ],
)
def test_near_topic_questions_get_no_micro_credential_fact(stack: Stack, message: str) -> None:
    reply = Chat(stack)(message)
    facts = [
        faq(t, lang)
        for t in ("duration", "age", "recognition", "nationality")
        for lang in ("en", "ms")
    ]
    assert reply and not any(flat(f) in flat(reply) for f in facts)


def test_the_reply_follows_the_learner_not_the_title(stack: Stack) -> None:
    reply = Chat(stack)("berapa yuran Confined Space Entry and Rescue?")
    assert reply.startswith("Yuran Confined Space Entry and Rescue (OSH-120) ialah RM700")
    reply = Chat(stack)("budak sekolah blh join x?")
    assert flat(reply) in (flat(faq("age", "ms")), flat(faq("entry_requirements", "ms")))


def test_paraphrases_outside_the_training_phrasing(stack: Stack) -> None:
    reply = flat(Chat(stack)("sy dah ada 2 microcredential, boleh guna utk sambung diploma x?"))
    assert flat(faq("recognition", "ms")) in reply and flat(faq("age", "ms")) not in reply
    assert flat(Chat(stack)("mahal tak micro-credential ni?")) == flat(faq("fee", "ms"))
