"""End to end: a Telegram user's question answered by the real Rasa server and action server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.support.stack import Stack
from tests.telegram.conftest import RunningBot

pytestmark = pytest.mark.stack


def test_fee_question_is_answered_through_telegram(
    stack: Stack, start_bot: Callable[..., RunningBot]
) -> None:
    bot = start_bot(rasa_url=stack.rasa_url)
    bot.say("How much is the micro-credential fee?", chat_id=314)
    sent = bot.api.wait_for("sendMessage", timeout=60)
    reply = " ".join(call["text"] for call in sent)
    assert "RM500" in reply and "RM700" in reply
    assert sent[0]["chat_id"] == "314"
