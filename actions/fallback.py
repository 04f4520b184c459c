"""Rasa's last resort, when no rule predicts what to do: say what the assistant can answer."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.base import say


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
