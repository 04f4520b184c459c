"""Reaching a person, voting on answers and the unanswered report through the real Rasa
server and action server, over the REST channel, as a learner types them."""

from __future__ import annotations

import re
import uuid

import pytest
from sqlalchemy import select

from bot import messages
from bot.catalogue import db
from bot.records import store
from bot.records.models import Feedback, Handoff, Unanswered
from tests.conftest import ADVISERS_CHAT_ID
from tests.support.stack import Stack, texts

pytestmark = pytest.mark.stack


def rows(stack: Stack, model, sender: str) -> list:
    with db.get_sessionmaker(stack.database_url)() as session:
        query = select(model).where(model.sender_hash == hashed(stack, sender))
        return list(session.scalars(query.order_by(model.id)))


def hashed(stack: Stack, sender: str) -> str:
    """``sender`` as the stack's action server stores it (its salt is in its data dir)."""
    return store.sender_hash(sender, salt=(stack.data_dir / "salt").read_bytes().strip())


def test_english_handoff_reaches_the_advisers_chat(stack: Stack, advisers_chat) -> None:
    me = f"learner-{uuid.uuid4().hex[:8]}"
    asked = texts(stack.say("can I speak to an adviser?", me))
    assert asked == messages.render("handoff_ask_question", "en")
    question = "whether my standalone course can go through APEL C at my university"
    assert texts(stack.say(question, me)) == messages.render("handoff_ask_contact", "en")
    consent = texts(stack.say("my email is aisyah.r@example.com", me))
    assert "aisyah.r@example.com" in consent
    done = texts(stack.say("yes, you may contact me", me))
    [request] = rows(stack, Handoff, me)
    assert (request.question, request.contact, request.channel) == (
        question,
        "aisyah.r@example.com",
        "rest",
    )
    assert f"#{request.id}" in done and "2 working days" in done
    sent = [
        call
        for call in advisers_chat.wait_for("sendMessage", timeout=20)
        if f"#{request.id} " in call["text"]
    ]
    assert len(sent) == 1 and str(sent[0]["chat_id"]) == ADVISERS_CHAT_ID
    assert question in sent[0]["text"]


def test_malay_handoff_typed_with_a_phone_number(stack: Stack) -> None:
    me = f"pelajar-{uuid.uuid4().hex[:8]}"
    asked = texts(stack.say("nak cakap dengan orang", me))
    assert asked == messages.render("handoff_ask_question", "ms")
    question = "saya nak tahu sama ada kursus saya boleh dikira untuk ijazah"
    assert texts(stack.say(question, me)) == messages.render("handoff_ask_contact", "ms")
    consent = texts(stack.say("012-345 6789", me))
    kind = messages.render("handoff_kind_phone", "ms")
    assert consent == messages.render("handoff_ask_consent", "ms", kind=kind, contact="0123456789")
    done = texts(stack.say("ya, boleh", me))
    [request] = rows(stack, Handoff, me)
    assert (request.contact, request.language) == ("0123456789", "ms")
    assert done.startswith("Terima kasih") and f"#{request.id}" in done


def test_an_answer_offers_a_vote_and_a_thumbs_down_is_reported(stack: Stack) -> None:
    me = f"voter-{uuid.uuid4().hex[:8]}"
    replies = stack.say("how much does a micro-credential cost?", me)
    markers = [r["custom"] for r in replies if "custom" in r]
    assert markers == [{"data": {"feedback": {"source": "faq/fee"}}}]
    sorry = texts(stack.say('/feedback{"vote": "down", "source": "faq/fee"}', me))
    assert sorry == messages.render("feedback_sorry", "en")
    [vote] = rows(stack, Feedback, me)
    assert (vote.vote, vote.source, vote.message) == (
        "down",
        "faq/fee",
        "how much does a micro-credential cost?",
    )
    [disliked] = rows(stack, Unanswered, me)
    assert disliked.kind == "disliked"


def test_an_out_of_scope_question_is_recorded_with_the_nlu_guesses(stack: Stack) -> None:
    me = f"asker-{uuid.uuid4().hex[:8]}"
    stack.say("what's the weather like in Paris tomorrow?", me)
    [row] = rows(stack, Unanswered, me)
    assert row.kind in ("out_of_scope", "near_topic")  # declined either way
    assert row.channel == "rest" and row.language == "en"
    assert row.message == "what's the weather like in Paris tomorrow?"
    assert row.intents and all(
        re.fullmatch(r"[a-z_/]+", i["name"]) and 0 <= i["confidence"] <= 1 for i in row.intents
    )
