"""When Rasa is down, failing, slow or refuses the relay's token, the user is told politely and
the bot carries on; the relay sends ``REST_TOKEN`` as a Bearer token."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

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


# --- the REST channel's token ----------------------------------------------------------------


def test_the_rest_token_is_sent_as_a_bearer_header(start_bot: Callable[..., RunningBot]) -> None:
    bot = start_bot(rest_token="t0ken-of-the-rest-channel")
    bot.say("hello")
    bot.say("/advise")
    bot.api.wait_for("sendMessage", 2)
    assert [h.get("authorization") for h in bot.rasa.headers] == [
        "Bearer t0ken-of-the-rest-channel"
    ] * 2


def test_the_token_comes_from_rest_token(start_bot: Callable[..., RunningBot], monkeypatch) -> None:
    monkeypatch.setenv("REST_TOKEN", "  from-the-environment ")
    bot = start_bot()
    bot.say("hello")
    bot.api.wait_for("sendMessage")
    assert bot.rasa.headers[0]["authorization"] == "Bearer from-the-environment"


def test_without_a_token_no_header_is_sent(bot: RunningBot) -> None:
    bot.say("hello")
    assert bot.api.wait_for("sendMessage")[0]["text"] == "echo: hello"
    assert "authorization" not in bot.rasa.headers[0]


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_is_a_configuration_error_and_the_learner_is_told(
    start_bot: Callable[..., RunningBot], caplog, status: int
) -> None:
    bot = start_bot(rest_token="not-rasas-token")
    bot.rasa.reply = lambda body: (status, {"error": "unauthorised"})
    bot.say("How much is the fee?")
    bot.say("Berapakah yuran untuk kursus ini?", chat_id=7, language_code="ms")
    sent = bot.api.wait_for("sendMessage", 2)
    assert sorted(c["text"] for c in sent) == sorted(
        [UNAVAILABLE_EN, messages.text("unavailable", "ms")]
    )
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(errors) == 2
    assert all("REST_TOKEN" in r.getMessage() and str(status) in r.getMessage() for r in errors)
    assert "not-rasas-token" not in caplog.text
