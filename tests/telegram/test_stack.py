"""End to end: a Telegram user's question answered by the real Rasa server and action server."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from bot import glossary
from bot.telegram import messages
from tests.support.stack import Stack
from tests.telegram.conftest import RunningBot, tap_update

pytestmark = pytest.mark.stack


def test_fee_question_is_answered_through_telegram(
    stack: Stack, start_bot: Callable[..., RunningBot]
) -> None:
    bot = start_bot(rasa_url=stack.rasa_url, rest_token=stack.rest_token)
    bot.say("How much is the micro-credential fee?", chat_id=314)
    sent = bot.api.wait_for("sendMessage", 2, timeout=60)
    reply = " ".join(call.result["text"] for call in sent)
    assert "RM500" in reply and "RM700" in reply
    assert sent[0]["chat_id"] == "314"
    # the source line (Rasa sends each paragraph as a message) is shown in italics
    assert "_Source" not in reply
    italics = [
        call.result["text"][e["offset"] : e["offset"] + e["length"]]
        for call in sent
        for e in call.result.get("entities", [])
        if e["type"] == "italic"
    ]
    assert italics == ["Source: micro-credential FAQ"]


def test_rasa_refuses_a_relay_without_the_token(
    stack: Stack, start_bot: Callable[..., RunningBot], caplog
) -> None:
    bot = start_bot(rasa_url=stack.rasa_url, rest_token="not-the-token")
    bot.say("How much is the micro-credential fee?", chat_id=315)
    [sent] = bot.api.wait_for("sendMessage", timeout=60)
    assert sent["text"] == messages.text("unavailable", "en")
    assert "REST_TOKEN" in caplog.text


def test_a_term_in_an_answer_is_a_button_that_asks_for_its_definition(
    stack: Stack, start_bot: Callable[..., RunningBot]
) -> None:
    bot = start_bot(rasa_url=stack.rasa_url, rest_token=stack.rest_token)
    bot.say("Macam mana mikro-kredensial saya boleh diiktiraf?", chat_id=316)
    keyboards: list = []
    deadline = time.monotonic() + 60
    while not keyboards and time.monotonic() < deadline:
        time.sleep(0.2)
        sent = bot.api.calls_to("sendMessage")
        keyboards = [c for c in sent if "Apa itu APEL C?" in str(c.params.get("reply_markup"))]
    [message] = keyboards
    rows = message["reply_markup"]["inline_keyboard"]
    [button] = [b for row in rows for b in row if b["text"] == "Apa itu APEL C?"]
    before = len(bot.api.calls_to("sendMessage"))
    bot.api.push(tap_update(message, button["callback_data"], chat_id=316, language_code="ms"))
    answered = bot.api.wait_for("sendMessage", before + 1, timeout=60)[before:]
    reply = " ".join(call.result["text"] for call in answered)
    apel = glossary.load().term("apel")
    assert " ".join(apel.definitions["ms"].split()) in " ".join(reply.split())
