"""What every action needs: the conversation's language and bilingual rendering."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from bot import messages


def language(tracker: Tracker) -> str:
    """The conversation's language (``en`` or ``ms``), set by the NLU pipeline."""
    return tracker.get_slot("language") or messages.ENGLISH


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str, **values: object) -> None:
    """Utter the ``bot/texts/*.yml`` text ``key`` in the conversation's language."""
    dispatcher.utter_message(text=messages.render(key, language(tracker), **values))
