"""When Rasa is down, failing or slow, the user is told politely and the bot carries on."""

from __future__ import annotations

from collections.abc import Callable

from bot.telegram import messages
from tests.support.stack import free_port
from tests.telegram.conftest import RunningBot

UNAVAILABLE_EN = messages.text("unavailable", "en")


def test_rasa_down_gets_a_polite_reply_and_the_bot_keeps_serving(
    start_bot: Callable[..., RunningBot], caplog
) -> None:
    bot = start_bot(rasa_url=f"http://127.0.0.1:{free_port()}")
    bot.say("How much is the fee?")
    assert bot.api.wait_for("sendMessage")[0]["text"] == UNAVAILABLE_EN
    bot.say("Berapakah yuran untuk kursus ini?", chat_id=7, language_code="ms")
    second = bot.api.wait_for("sendMessage", 2)[1]
    assert second["chat_id"] == "7"
    assert second["text"] == messages.text("unavailable", "ms")
    assert "cannot reach Rasa" in caplog.text


def test_a_500_from_rasa_then_recovery(bot: RunningBot) -> None:
    answers = iter([(500, {"error": "boom"})])
    bot.rasa.reply = lambda body: next(answers, None) or bot.rasa.echo(body)
    bot.say("first")
    assert bot.api.wait_for("sendMessage")[0]["text"] == UNAVAILABLE_EN
    bot.say("second")
    assert bot.api.wait_for("sendMessage", 2)[1]["text"] == "echo: second"


def test_a_slow_rasa_times_out(start_bot: Callable[..., RunningBot]) -> None:
    bot = start_bot(rasa_timeout=0.2)
    bot.rasa.delay = 1.0
    bot.say("hello")
    assert bot.api.wait_for("sendMessage")[0]["text"] == UNAVAILABLE_EN


def test_rasa_answering_something_else_than_a_list(bot: RunningBot) -> None:
    bot.rasa.reply = lambda body: (200, {"not": "a list"})
    bot.say("hello")
    assert bot.api.wait_for("sendMessage")[0]["text"] == UNAVAILABLE_EN


def test_any_other_error_is_logged_and_the_user_told(bot: RunningBot, caplog) -> None:
    bot.rasa.answer({"text": "x", "buttons": "not a list of buttons"})
    bot.say("hello")
    assert bot.api.wait_for("sendMessage")[0]["text"] == messages.text("error", "en")
    assert "error while handling an update" in caplog.text
    bot.rasa.reply = bot.rasa.echo
    bot.say("again")
    assert bot.api.wait_for("sendMessage", 2)[1]["text"] == "echo: again"
