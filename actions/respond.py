"""The one action that answers learners: reads the tracker, asks :func:`bot.dialogue.respond`.

Every message that needs the catalogue, the advice rules or the conversation's context comes
here (see ``data/stories/rules.yml``); which reply it gets is decided in :mod:`bot.dialogue`.
Credential mentions are found in each message by the catalogue's resolver, so a credential
added by an import is understood without retraining.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import (
    CatalogueUnavailable,
    catalogue,
    channel,
    full_intent,
    language,
    likely_intents,
    record,
    say,
)
from bot import dialogue, glossary, handoff
from bot.catalogue import mentions
from bot.catalogue.finder import Catalogue
from bot.language import detect_language
from bot.records import store
from bot.telegram.notify import notify_advisers

logger = logging.getLogger(__name__)


def _payload_credential(tracker: Tracker) -> str | None:
    for entity in tracker.latest_message.get("entities") or []:
        if entity.get("entity") == "credential" and entity.get("value"):
            return str(entity["value"])
    return None


def _reply_language(text: str, matches, tracker: Tracker) -> str:
    """The learner's language, judged without the credential names and glossary terms they
    typed ("apa maksud credit transfer?" is Malay)."""
    rest = text
    for match in matches:
        for word in (match.text or "").split():
            rest = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", rest)
    for match in matches:
        for word in match.title.split():
            rest = re.sub(rf"(?i)\b{re.escape(word)}\b", " ", rest)
    return detect_language(glossary.without_terms(rest)) or language(tracker)


def _variation(domain: dict[str, Any], name: str, lang: str) -> dict[str, Any] | None:
    """The text and buttons of response ``name`` for ``lang`` (its Malay condition or none)."""
    for variation in (domain.get("responses") or {}).get(name) or []:
        conditions = variation.get("condition") or []
        wanted = [c.get("value") for c in conditions if c.get("name") == "language"]
        if (wanted and wanted[0] == lang) or (not wanted and lang != "ms"):
            return {k: variation[k] for k in ("text", "buttons") if variation.get(k)}
    return None


class ActionRespond(Action):
    """Reply to the latest message: FAQ, a credential's facts, a search, a comparison,
    advice, or the one question still needed."""

    def name(self) -> str:
        return "action_respond"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        text = tracker.latest_message.get("text") or ""
        typed = "" if text.startswith("/") else text
        parse = tracker.latest_message
        try:
            with catalogue() as session:
                known = Catalogue(session)
                intent, agreed = dialogue.reading(
                    full_intent(tracker), parse.get("semantic"), typed
                )
                off_topic = dialogue.off_topic(intent, typed)
                matches = known.mentions(typed, off_topic=off_topic) if typed else []
                named, candidates = mentions.named(matches)
                chosen = _payload_credential(tracker)
                if chosen:
                    named, candidates = [chosen], []
                lang = _reply_language(typed, matches, tracker)
                turn = dialogue.Turn(
                    text=typed,
                    intent=intent,
                    language=lang,
                    suggestions=tuple(likely_intents(parse)),
                    named=tuple(named),
                    candidates=tuple(candidates),
                    agreed=agreed,
                )
                state = dialogue.State.from_slots(tracker.current_slot_values())
                reply = dialogue.respond(turn, state, known)
        except CatalogueUnavailable:
            say(dispatcher, tracker, "catalogue_unavailable")
            return []
        switched = lang != language(tracker)
        if reply.kind in dialogue.UNANSWERED and typed:
            record(
                "an unanswered turn",
                lambda session: store.record_unanswered(
                    session,
                    kind=dialogue.UNANSWERED[reply.kind],
                    message=typed,
                    language=lang,
                    intents=store.top_intents(parse),
                    channel=channel(tracker),
                    sender=tracker.sender_id,
                ),
            )
        if reply.handoff_request:
            await _hand_over(dispatcher, tracker, reply.handoff_request)
        for message in reply.messages:
            # Rasa fills a response with the language slot as it was before this action, so
            # when this message switched language the action picks the variation itself.
            variation = (
                switched and "response" in message and _variation(domain, message["response"], lang)
            )
            buttons = message.get("buttons") or []  # a response's buttons come after its own
            if variation:
                variation["buttons"] = (variation.get("buttons") or []) + buttons
                dispatcher.utter_message(**variation)
            elif "response" in message:
                dispatcher.utter_message(response=message["response"], buttons=buttons)
            else:
                dispatcher.utter_message(text=message["text"], buttons=message["buttons"])
        if reply.source:  # the channels offer 👍/👎 on an answer (socket.io emits "data")
            dispatcher.utter_message(json_message={"data": {"feedback": {"source": reply.source}}})
        events = [SlotSet(name, value) for name, value in reply.state.slots().items()]
        if switched:
            events.append(SlotSet("language", lang))
        logger.debug("replied %s to %r", reply.kind, text)
        return events


async def _hand_over(dispatcher: CollectingDispatcher, tracker: Tracker, request: dict) -> None:
    """Store a consented handoff request, tell the advisers' chat, tell the learner."""
    lang = request["language"]

    def write(session):
        row = store.create_handoff(
            session,
            question=request["question"],
            contact=request["contact"],
            contact_kind=request["kind"],
            language=lang,
            channel=channel(tracker),
            sender=tracker.sender_id,
            reason=request["reason"],
        )
        return row.id, row.channel

    stored = record("a handoff request", write)
    if stored is None:
        say(dispatcher, tracker, "handoff_failed")
        return
    handoff_id, where = stored
    dispatcher.utter_message(text=handoff.confirmation(request, handoff_id, lang))
    note = handoff.NOTIFICATION.format(
        id=handoff_id,
        language=lang,
        channel=where,
        reason=request["reason"],
        question=request["question"],
        kind=request["kind"],
        contact=request["contact"],
    )
    if await notify_advisers(note):
        record("a notification", lambda session: store.mark_notified(session, handoff_id))


# Typical first turns (a credential's fee, a search, a comparison, advice, in both languages):
# answering them once builds the catalogue's indexes and compiles the patterns and texts that
# a turn uses, which would otherwise make the first learner wait (seconds with thousands of
# credentials).
_WARM_UP = [
    ("ask_credential", "how much is the data analytics course?"),
    ("search_catalogue", "kursus dalam talian bawah RM600"),
    ("compare_credentials", "compare the first two"),
    ("start_advising", "can my micro-credential count towards a degree?"),
]


def warm_up() -> None:
    """Answer :data:`_WARM_UP` before the first learner asks (logged; never raises)."""
    started = time.perf_counter()
    events: list[dict[str, Any]] = []
    try:
        for intent, text in _WARM_UP:
            latest = {"text": text, "intent": {"name": intent}, "entities": []}
            slots = {"language": None} | {e["name"]: e["value"] for e in events}
            tracker = Tracker("warm-up", slots, latest, [], False, None, {}, "action_listen")
            events += asyncio.run(ActionRespond().run(CollectingDispatcher(), tracker, {}))
    except Exception:  # a catalogue that cannot be read is answered as such when asked
        logger.exception("warming up failed")
        return
    logger.info("warmed up in %.1f s", time.perf_counter() - started)
