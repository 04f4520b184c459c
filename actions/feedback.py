"""A vote on an answer: the channels' 👍/👎 (``/feedback{"vote": ..., "source": ...}``) or a
typed "that didn't help", stored with the answer's source (:mod:`bot.records`)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import channel, language, record
from actions.respond import ActionRespond
from bot import handoff, messages, understanding
from bot import vocabulary as v
from bot.records import store

# A typed vote is short ("that didn't help", "jawapan tu salah"); longer, it asks again.
TYPED_WORDS = 8


def is_verdict(text: str) -> bool:
    """Whether a typed message only judges the last answer ("that didn't help"), stating no
    fact and asking nothing ("that's wrong, I'm not Malaysian" corrects the advice)."""
    said = understanding.normalise(text)
    return (
        len(said.split()) <= TYPED_WORDS
        and "?" not in said
        and understanding.has_words(said, v.DISAPPROVAL)
        and not understanding.extract_facts(said)
        and not handoff.wants_person("", text)  # "useless bot, get me a human"
    )


def _runner_up(parse: dict) -> dict:
    """The parse with the NLU's best intent other than feedback on top."""
    ranking = [i for i in parse.get("intent_ranking") or [] if i.get("name") != "feedback"]
    intent = dict(ranking[0]) if ranking else {"name": "nlu_fallback", "confidence": 0.0}
    selected = ((parse.get("response_selector") or {}).get(intent["name"]) or {}).get("response")
    if selected and selected.get("intent_response_key"):
        intent["full_retrieval_intent_name"] = selected["intent_response_key"]
    return {**parse, "intent": intent, "intent_ranking": ranking}


def _entity(tracker: Tracker, name: str) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == name and entity.get("value"):
            return str(entity["value"])
    return None


def _answered(tracker: Tracker) -> tuple[str | None, str | None]:
    """The learner's last typed message before this vote, and the source of its answer (the
    feedback marker action_respond sent with it)."""
    source = question = None
    events = list(tracker.events)
    for event in reversed(events[:-1]):  # the vote itself is the last user event
        if event.get("event") == "bot" and source is None:
            feedback = ((event.get("data") or {}).get("custom") or {}).get("data") or {}
            source = (feedback.get("feedback") or {}).get("source")
        if event.get("event") == "user" and not (event.get("text") or "").startswith("/"):
            question = event.get("text")
            break
    return question, source


class ActionFeedback(Action):
    """Store the vote; thank for a 👍, offer a person after a 👎."""

    def name(self) -> str:
        return "action_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        text = tracker.latest_message.get("text") or ""
        typed = not text.startswith("/")
        if typed and not is_verdict(text):
            # "that's wrong, I'm not Malaysian": a correction or a question, answered as such
            tracker.latest_message = _runner_up(tracker.latest_message)
            return await ActionRespond().run(dispatcher, tracker, domain)
        vote = "down" if typed else _entity(tracker, "vote")
        question, answered_source = _answered(tracker)
        source = _entity(tracker, "source") or answered_source or "unknown"
        if vote in ("up", "down"):
            record(
                "feedback",
                lambda session: store.record_feedback(
                    session,
                    vote=vote,
                    source=source,
                    message=question,
                    language=lang,
                    channel=channel(tracker),
                    sender=tracker.sender_id,
                ),
            )
        if vote == "up":
            dispatcher.utter_message(text=messages.render("feedback_thanks", lang))
        else:
            dispatcher.utter_message(
                text=messages.render("feedback_sorry", lang),
                buttons=messages.options("feedback_sorry", lang),
            )
        return []
