"""Typed messages go to Rasa as the chat, and every Rasa reply comes back in order."""

from __future__ import annotations

import re

import pytest

from bot.telegram.app import conversation_id
from tests.telegram.conftest import RunningBot, message_update, sender_of, tap_update


def test_text_is_relayed_with_the_chat_as_sender(bot: RunningBot) -> None:
    bot.say("How much is the fee?", chat_id=42, language_code="en")
    sent = bot.api.wait_for("sendMessage")[0]
    assert bot.rasa.received == [
        {
            "sender": sender_of(42),
            "message": "How much is the fee?",
            "metadata": {"channel": "telegram", "language_code": "en"},
        }
    ]
    assert sent["chat_id"] == "42"
    assert sent["text"] == "echo: How much is the fee?"
    assert "reply_markup" not in sent.params


def test_each_chat_is_its_own_conversation(bot: RunningBot) -> None:
    bot.say("hello", chat_id=1)
    bot.say("hai", chat_id=2, language_code="ms")
    bot.api.wait_for("sendMessage", 2)
    senders = {r["sender"]: r["metadata"]["language_code"] for r in bot.rasa.received}
    assert senders == {sender_of(1): "en", sender_of(2): "ms"}


def test_the_conversation_id_cannot_be_guessed_from_the_chat_id(monkeypatch) -> None:
    ids = [conversation_id(chat) for chat in (777001, 777002, -100777001)]
    assert all(re.fullmatch(r"telegram-[0-9a-f]{32}", i) for i in ids)
    assert len(set(ids)) == 3
    assert not any("777001" in i for i in ids)
    assert conversation_id(777001) == ids[0]  # stable: the same chat, the same conversation
    monkeypatch.setenv("MICROCRED_SALT", "another deployment's salt")
    assert conversation_id(777001) == sender_of(777001, "another deployment's salt") != ids[0]


@pytest.mark.parametrize("where", ["a button tap", "a command"])
def test_taps_and_commands_use_the_same_conversation_id(bot: RunningBot, where: str) -> None:
    if where == "a command":
        bot.say("/advise", chat_id=9)
    else:
        bot.rasa.answer({"text": "Sure?", "buttons": [{"title": "Yes", "payload": "/affirm"}]})
        bot.say("hello", chat_id=9)
        sent = bot.api.wait_for("sendMessage")[0]
        bot.api.push(tap_update(sent, "/affirm", chat_id=9))
        bot.api.wait_for("sendMessage", 2)
    bot.api.wait_for("sendMessage")
    assert {r["sender"] for r in bot.rasa.received} == {sender_of(9)}


def test_typing_is_shown_while_rasa_thinks(bot: RunningBot) -> None:
    bot.say("hello")
    bot.api.wait_for("sendMessage")
    action = bot.api.calls_to("sendChatAction")[0]
    assert action["action"] == "typing" and action["chat_id"] == "42"
    methods = [c.method for c in bot.api.calls if c.method in ("sendChatAction", "sendMessage")]
    assert methods.index("sendChatAction") < methods.index("sendMessage")


def test_replies_are_sent_in_order(bot: RunningBot) -> None:
    bot.rasa.answer({"text": "first"}, {"text": "second"}, {"image": "https://example.org/b.png"})
    bot.say("hello")
    bot.api.wait_for("sendPhoto")
    texts = [c["text"] for c in bot.api.calls_to("sendMessage")]
    assert texts == ["first", "second"]
    assert bot.api.calls_to("sendPhoto")[0]["photo"] == "https://example.org/b.png"


def test_long_text_is_split_under_telegrams_limit(bot: RunningBot) -> None:
    paragraphs = [f"{i:04d} " + "x" * 95 for i in range(100)]  # 10,000 characters
    bot.rasa.answer({"text": "\n".join(paragraphs), "buttons": [{"title": "OK", "payload": "ok"}]})
    bot.say("tell me everything")
    bot.api.wait_for("sendMessage", 3)
    sent = bot.api.calls_to("sendMessage")
    assert len(sent) == 3
    assert all(len(c["text"]) <= 4096 for c in sent)
    assert "\n".join(c["text"] for c in sent) == "\n".join(paragraphs)
    assert [("reply_markup" in c.params) for c in sent] == [False, False, True]


def test_an_edited_message_is_not_relayed_again(bot: RunningBot) -> None:
    edited = message_update("How much is the fee??")
    bot.api.push({"edited_message": {**edited["message"], "edit_date": 1}})
    bot.say("And the duration?")
    bot.api.wait_for("sendMessage")
    assert [r["message"] for r in bot.rasa.received] == ["And the duration?"]
