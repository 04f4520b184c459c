"""👍/👎 under Telegram answers: Rasa's marker after an answer becomes a row of votes on it;
a tap relays the vote with the answer's source and removes only that row."""

from __future__ import annotations

import json

from tests.telegram.conftest import RunningBot, tap_update

ANSWER = {"text": "The fee ranges from RM500 – RM700.\n\n_Source: micro-credential FAQ_"}
MARKER = {"custom": {"data": {"feedback": {"source": "faq/fee"}}}}
LIST = {
    "text": "Two courses fit:",
    "buttons": [{"title": "Data", "payload": "/choose"}, {"title": "Design", "payload": "/x"}],
}


def rows(call) -> list[list[dict]]:
    return call["reply_markup"]["inline_keyboard"]


def test_an_answer_gets_votes_and_the_marker_sends_nothing(bot: RunningBot) -> None:
    bot.rasa.answer(ANSWER, MARKER)
    bot.say("how much is it")
    [sent] = bot.api.wait_for("sendMessage")
    assert [b["text"] for b in rows(sent)[-1]] == ["👍", "👎"]
    assert len(bot.api.calls_to("sendMessage")) == 1  # the marker is not a message


def test_a_reply_without_a_marker_gets_no_votes(bot: RunningBot) -> None:
    bot.rasa.answer({"text": "Which one do you mean?"})
    bot.say("the course")
    [sent] = bot.api.wait_for("sendMessage")
    assert "reply_markup" not in sent.params


def test_a_vote_is_relayed_with_its_source_and_only_the_votes_go(bot: RunningBot) -> None:
    bot.rasa.answer(LIST, MARKER)
    bot.say("cheap data courses")
    [sent] = bot.api.wait_for("sendMessage")
    assert [[b["text"] for b in row] for row in rows(sent)] == [["Data", "Design"], ["👍", "👎"]]
    down = rows(sent)[-1][1]["callback_data"]
    bot.rasa.answer({"text": "Sorry that didn't help."})
    bot.api.push(tap_update(sent, down))
    bot.api.wait_for("sendMessage", 2)
    relayed = bot.rasa.received[-1]["message"]
    assert relayed.startswith("/feedback")
    assert json.loads(relayed.removeprefix("/feedback")) == {"vote": "down", "source": "faq/fee"}
    [edited] = bot.api.wait_for("editMessageReplyMarkup")
    assert [[b["text"] for b in row] for row in rows(edited)] == [["Data", "Design"]]
    assert not bot.api.calls_to("editMessageText")  # the answer's text is left as it was
