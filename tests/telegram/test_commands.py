"""Commands relay their payloads to Rasa; /help is the front end's own text."""

from __future__ import annotations

import pytest

from bot.telegram import messages
from tests.telegram.conftest import RunningBot, tap_update


def relayed(bot: RunningBot, command: str, language_code: str = "en") -> str:
    bot.say(command, language_code=language_code)
    bot.api.wait_for("sendMessage")
    return bot.rasa.received[-1]["message"]


@pytest.mark.parametrize(
    ("language_code", "language"), [("ms", "ms"), ("id", "ms"), ("en", "en"), ("fr", "en")]
)
def test_start_greets_in_the_users_language(
    bot: RunningBot, language_code: str, language: str
) -> None:
    assert relayed(bot, "/start", language_code) == f'/greet{{"language": "{language}"}}'


def test_help_is_in_malay_for_a_malay_user(bot: RunningBot) -> None:
    bot.say("/help", language_code="ms")
    text = bot.api.wait_for("sendMessage")[0]["text"]
    assert text == messages.text("help", "ms")
    assert "Arahan" in text and "/catalogue" in text
    assert bot.rasa.received == []


def test_help_follows_the_language_the_user_writes_in(bot: RunningBot) -> None:
    bot.say("berapakah yuran untuk kursus ini", language_code="en")
    bot.api.wait_for("sendMessage")
    bot.say("/help", language_code="en")
    assert bot.api.wait_for("sendMessage", 2)[1]["text"] == messages.text("help", "ms")


def test_lang_with_an_argument(bot: RunningBot) -> None:
    assert relayed(bot, "/lang ms") == '/set_language{"language": "ms"}'


def test_lang_without_an_argument_offers_a_keyboard(bot: RunningBot) -> None:
    bot.say("/lang")
    sent = bot.api.wait_for("sendMessage")[0]
    assert bot.rasa.received == []
    buttons = [row[0] for row in sent["reply_markup"]["inline_keyboard"]]
    assert [b["text"] for b in buttons] == ["English", "Bahasa Melayu"]
    bot.api.push(tap_update(sent, buttons[1]["callback_data"]))
    bot.api.wait_for("sendMessage", 2)
    assert bot.rasa.received[-1]["message"] == '/set_language{"language": "ms"}'
    bot.say("/help")
    assert bot.api.wait_for("sendMessage", 3)[2]["text"] == messages.text("help", "ms")


def test_catalogue_search_and_count(bot: RunningBot) -> None:
    assert relayed(bot, '/catalogue online "data science" under RM600') == (
        'search online "data science" under RM600'
    )
    bot.say("/catalogue")
    bot.api.wait_for("sendMessage", 2)
    assert bot.rasa.received[-1]["message"] == "/catalogue_count"


def test_advise(bot: RunningBot) -> None:
    assert relayed(bot, "/advise") == "/start_advising"


def test_unknown_command_gets_help_not_rasa(bot: RunningBot) -> None:
    bot.say("/frobnicate")
    assert bot.api.wait_for("sendMessage")[0]["text"] == messages.text("help", "en")
    assert bot.rasa.received == []


def test_command_menu_is_registered_at_startup(bot: RunningBot) -> None:
    menus = {c.get("language_code"): c["commands"] for c in bot.api.calls_to("setMyCommands")}
    assert set(menus) == {None, "ms", "id"}
    assert [c["command"] for c in menus[None]] == ["start", "help", "lang", "catalogue", "advise"]
    assert menus["ms"][0]["description"] == "Ucap salam"
