"""A message without text (sticker, photo, voice...) gets a hint to type, in the chat's
language, and is not sent to Rasa."""

from __future__ import annotations

import time
from typing import Any

import pytest

from bot.telegram import messages
from tests.telegram.conftest import RunningBot, user

FILE = {"file_id": "f1", "file_unique_id": "u1"}
CONTENTS: dict[str, dict[str, Any]] = {
    "sticker": {
        "sticker": {
            **FILE,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
    "photo": {"photo": [{**FILE, "width": 90, "height": 90}]},
    "photo with a caption": {
        "photo": [{**FILE, "width": 90, "height": 90}],
        "caption": "How much is the fee?",
    },
    "voice": {"voice": {**FILE, "duration": 3}},
    "video": {"video": {**FILE, "width": 640, "height": 360, "duration": 5}},
    "document": {"document": {**FILE, "file_name": "transcript.pdf"}},
    "location": {"location": {"latitude": 3.139, "longitude": 101.6869}},
    "contact": {"contact": {"phone_number": "+60123456789", "first_name": "Aisyah"}},
    "nothing at all": {},
}


def other_update(content: dict[str, Any], chat_id: int = 42, language_code: str = "en") -> dict:
    return {
        "message": {
            "message_id": int(time.monotonic_ns() % 1_000_000),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": user(language_code, chat_id),
            **content,
        }
    }


@pytest.mark.parametrize("kind", CONTENTS)
def test_a_message_without_text_gets_a_hint_and_rasa_is_not_asked(
    bot: RunningBot, kind: str
) -> None:
    bot.api.push(other_update(CONTENTS[kind]))
    [sent] = bot.api.wait_for("sendMessage")
    assert sent["text"] == messages.text("text_only", "en")
    assert sent["chat_id"] == "42"
    bot.say("And the duration?")  # the bot goes on relaying text
    bot.api.wait_for("sendMessage", 2)
    assert [r["message"] for r in bot.rasa.received] == ["And the duration?"]


def test_the_hint_is_in_malay_for_a_malay_user(bot: RunningBot) -> None:
    bot.api.push(other_update(CONTENTS["sticker"], language_code="ms"))
    [sent] = bot.api.wait_for("sendMessage")
    assert sent["text"] == messages.text("text_only", "ms")
    assert sent["text"] != messages.text("text_only", "en")
    assert bot.rasa.received == []


def test_the_hint_follows_the_language_the_user_writes_in(bot: RunningBot) -> None:
    bot.say("berapakah yuran untuk kursus ini", language_code="en")
    bot.api.wait_for("sendMessage")
    bot.api.push(other_update(CONTENTS["voice"], language_code="en"))
    assert bot.api.wait_for("sendMessage", 2)[1]["text"] == messages.text("text_only", "ms")
    assert len(bot.rasa.received) == 1


def test_a_service_message_gets_no_hint(bot: RunningBot) -> None:
    bot.api.push(other_update({"new_chat_title": "Micro-credentials"}))
    bot.say("hello")
    [sent] = bot.api.wait_for("sendMessage")
    time.sleep(0.2)
    assert sent["text"] == "echo: hello"
    assert len(bot.api.calls_to("sendMessage")) == 1
