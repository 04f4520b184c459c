"""A learner talking to action_respond directly: the NLU's reading is given, the rest is real.

Each turn builds the tracker Rasa would send (the slots so far, the parse), runs the action,
and keeps the slots it sets, as Rasa does.
"""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.respond import ActionRespond


class Conversation:
    """One learner; ``say`` runs action_respond on a message and keeps the slots it sets."""

    def __init__(self, language: str = "en", sender: str = "learner") -> None:
        self.slots: dict = {"language": language}
        self.sender = sender

    def say(self, text: str, intent: str, confidence: float = 0.9, **parse) -> str:
        name, _, _ = intent.partition("/")
        parsed = {"text": text, "intent": {"name": name, "confidence": confidence}, **parse}
        if "/" in intent:
            parsed["intent"]["full_retrieval_intent_name"] = intent
        slots = dict(self.slots)
        tracker = Tracker(self.sender, slots, parsed, [], False, None, {}, "action_listen")
        dispatcher = CollectingDispatcher()
        events = asyncio.run(ActionRespond().run(dispatcher, tracker, {}))
        self.slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
        self.messages = dispatcher.messages
        shown = [m for m in dispatcher.messages if not m.get("custom")]  # the 👍/👎 marker
        return "\n".join(m.get("text") or m.get("response") or "" for m in shown)

    @property
    def buttons(self) -> list[str]:
        return [b["title"] for m in self.messages for b in m.get("buttons") or []]
