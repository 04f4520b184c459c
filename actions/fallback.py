"""The two-stage fallback's steps: "did you mean ...?" with buttons, rephrase, give up.

Rasa's ``action_two_stage_fallback`` calls these by their default names. The affirmation
offers the questions the assistant thinks were most likely meant, read from the NLU
ranking of intents and, for FAQ, of the ResponseSelector's answers.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.base import language, say
from bot import messages

MAX_SUGGESTIONS = 3


def likely_intents(parse: dict[str, Any]) -> list[str]:
    """Intents (``faq/<topic>`` for retrieval intents) ranked by the NLU, best first."""
    ranked: list[str] = []
    selectors = parse.get("response_selector") or {}
    for intent in parse.get("intent_ranking") or []:
        name = intent.get("name")
        selection = selectors.get(name)
        if selection:
            ranked += [r["intent_response_key"] for r in selection.get("ranking") or []]
        elif name:
            ranked.append(name)
    return list(dict.fromkeys(ranked))


class ActionDefaultAskAffirmation(Action):
    """Ask which question the learner meant, as buttons; else ask to rephrase."""

    def name(self) -> str:
        return "action_default_ask_affirmation"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        questions = [
            q
            for q in (messages.question(i, lang) for i in likely_intents(tracker.latest_message))
            if q
        ][:MAX_SUGGESTIONS]
        if not questions:
            say(dispatcher, tracker, "ask_rephrase")
            return []
        buttons = [{"title": q, "payload": q} for q in questions]
        buttons.append(
            {"title": messages.render("none_of_these", lang), "payload": "/out_of_scope"}
        )
        dispatcher.utter_message(text=messages.render("did_you_mean", lang), buttons=buttons)
        return []


class ActionDefaultAskRephrase(Action):
    """Ask the learner to put the question another way."""

    def name(self) -> str:
        return "action_default_ask_rephrase"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        say(dispatcher, tracker, "ask_rephrase")
        return []


class ActionDefaultFallback(Action):
    """Give up politely, say what the assistant can answer, and forget the message."""

    def name(self) -> str:
        return "action_default_fallback"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        say(dispatcher, tracker, "give_up")
        return [UserUtteranceReverted()]
