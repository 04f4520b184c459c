"""Rasa buttons become inline keyboards; a tap is answered, retired and relayed."""

from __future__ import annotations

import json

from bot.telegram.keyboards import KEY_PREFIX, MAX_CALLBACK_BYTES, PayloadStore
from tests.telegram.conftest import RunningBot, sender_of, tap_update

LONG_QUESTION = "Can micro-credentials be recognised for credit in an academic programme?"
MALAY_INTENT = '/faq{"soalan": "Bolehkah mikro-kredensial diiktiraf sebagai kredit akademik?"}'
GREETING = {
    "text": "Hi! Ask me about fees.",
    "buttons": [
        {"title": "What is a micro-credential?", "payload": "What is a micro-credential?"},
        {"title": "Credit recognition", "payload": LONG_QUESTION},
        {"title": "Kredit", "payload": MALAY_INTENT},
    ],
}


def keyboard(call) -> list[list[dict]]:
    return call["reply_markup"]["inline_keyboard"]


def test_buttons_become_an_inline_keyboard_one_per_row_when_long(bot: RunningBot) -> None:
    bot.rasa.answer(GREETING)
    bot.say("hello")
    sent = bot.api.wait_for("sendMessage")[0]
    assert sent["text"] == "Hi! Ask me about fees."
    rows = keyboard(sent)
    assert [[b["text"] for b in row] for row in rows] == [
        ["What is a micro-credential?"],
        ["Credit recognition"],
        ["Kredit"],
    ]
    data = [row[0]["callback_data"] for row in rows]
    assert data[0] == "What is a micro-credential?"  # fits: sent as it is
    assert all(len(d.encode("utf-8")) <= MAX_CALLBACK_BYTES for d in data)
    assert data[1].startswith(KEY_PREFIX) and data[2].startswith(KEY_PREFIX)


def test_short_titles_share_a_row(bot: RunningBot) -> None:
    bot.rasa.answer(
        {"text": "Sure?", "buttons": [{"title": "Yes", "payload": "/affirm"}, {"title": "No"}]}
    )
    bot.say("hello")
    rows = keyboard(bot.api.wait_for("sendMessage")[0])
    assert rows == [
        [{"text": "Yes", "callback_data": "/affirm"}, {"text": "No", "callback_data": "No"}]
    ]


def test_a_tap_relays_the_exact_long_payload_and_retires_the_keyboard(bot: RunningBot) -> None:
    bot.rasa.answer(GREETING)
    bot.say("hello")
    sent = bot.api.wait_for("sendMessage")[0]
    for index, payload in ((1, LONG_QUESTION), (2, MALAY_INTENT)):
        data = keyboard(sent)[index][0]["callback_data"]
        bot.api.push(tap_update(sent, data))
        bot.api.wait_for("sendMessage", 1 + index)
        assert bot.rasa.received[-1]["message"] == payload
        assert bot.rasa.received[-1]["sender"] == sender_of(42)
    answers = bot.api.calls_to("answerCallbackQuery")
    assert len(answers) == 2 and "text" not in answers[0].params
    edited = bot.api.calls_to("editMessageText")[0]
    assert edited["text"] == "Hi! Ask me about fees.\n\n» Credit recognition"
    assert "reply_markup" not in edited.params  # the keyboard is gone


def test_an_unknown_key_gets_a_polite_answer(bot: RunningBot) -> None:
    bot.rasa.answer(GREETING)
    bot.say("hello")
    sent = bot.api.wait_for("sendMessage")[0]
    bot.api.push(tap_update(sent, KEY_PREFIX + "forgotten-after-a-restart"))
    answer = bot.api.wait_for("answerCallbackQuery")[0]
    assert "expired" in answer["text"]
    bot.api.wait_for("editMessageReplyMarkup")
    assert len(bot.rasa.received) == 1  # only "hello"


def test_store_maps_keys_back_and_forgets_the_least_recently_used() -> None:
    store = PayloadStore(capacity=2)
    keys = [store.callback_data(f"{n} " + "long payload " * 10) for n in range(3)]
    assert len(set(keys)) == 3 and len(store) == 2
    assert store.payload(keys[0]) is None
    assert store.payload(keys[2]) == "2 " + "long payload " * 10
    assert store.callback_data("short") == "short" and len(store) == 2


def test_same_payload_same_key_and_prefix_lookalikes_are_stored() -> None:
    store = PayloadStore()
    payload = "/intent" + json.dumps({"q": "é" * 40}, ensure_ascii=False)
    assert store.callback_data(payload) == store.callback_data(payload)
    assert len(store) == 1
    lookalike = KEY_PREFIX + "x"
    assert store.payload(store.callback_data(lookalike)) == lookalike
