"""End to end: a Telegram user's question answered by the real Rasa server and action server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.telegram import messages
from tests.support.stack import Stack
from tests.telegram.conftest import RunningBot

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
