"""👍/👎 in the widget, against the real Rasa server and action server: an answer offers the
votes, a vote reaches the database with the answer's source, and survives a reload."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.catalogue import db
from bot.records.models import Feedback
from tests.support.stack import Stack
from tests.web.test_widget import ask, bot_bubbles, open_widget

pytestmark = pytest.mark.stack
QUESTION = "How long does a micro-credential take to complete?"


def votes(stack: Stack, message: str) -> list[Feedback]:
    with db.get_sessionmaker(stack.database_url)() as session:
        return list(session.scalars(select(Feedback).where(Feedback.message == message)))


def test_a_vote_on_an_answer_is_stored_with_its_source(page: Page, demo_url: str, stack: Stack):
    open_widget(page, demo_url)
    ask(page, QUESTION)
    expect(bot_bubbles(page).filter(has_text="160 hours")).to_have_count(1)
    rating = page.get_by_role("group", name="Was this answer helpful?")
    expect(rating).to_have_count(1)
    # One answer, one row of votes (a greeting gets none: the test below).
    rating.get_by_role("button", name="Not helpful").click()
    expect(bot_bubbles(page).last).to_contain_text("Sorry that didn't help")
    expect(rating.get_by_role("button", name="Not helpful")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(rating.get_by_role("button", name="Helpful", exact=True)).to_be_disabled()
    [vote] = votes(stack, QUESTION)
    assert (vote.vote, vote.source, vote.channel) == ("down", "faq/duration", "socketio")
    # The vote is part of the conversation kept in the page: a reload shows it cast.
    page.reload()
    expect(page.get_by_role("button", name="Not helpful")).to_have_attribute("aria-pressed", "true")
    # The "Talk to an adviser" button starts the handoff form.
    page.get_by_role("button", name="Talk to an adviser").click()
    expect(bot_bubbles(page).last).to_contain_text("What would you like them to help you with?")


def test_a_greeting_offers_no_vote(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    ask(page, "hello")
    expect(page.get_by_role("group", name="Suggested replies")).to_be_visible()
    expect(page.get_by_role("group", name="Was this answer helpful?")).to_have_count(0)
