"""Rasa's last resort, when no rule predicts what to do: say what the assistant can answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.base import channel, language, record, say
from bot.records import store


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
        text = tracker.latest_message.get("text") or ""
        if text and not text.startswith("/"):
            record(
                "a fallback",
                lambda session: store.record_unanswered(
                    session,
                    kind="fallback",
                    message=text,
                    language=language(tracker),
                    intents=store.top_intents(tracker.latest_message),
                    channel=channel(tracker),
                    sender=tracker.sender_id,
                ),
            )
        say(dispatcher, tracker, "give_up")
        return [UserUtteranceReverted()]
