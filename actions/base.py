"""What every action needs: the conversation's language, bilingual texts, the catalogue."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from bot import messages
from bot.catalogue import db

logger = logging.getLogger(__name__)


class CatalogueUnavailable(Exception):
    """The catalogue database could not be read."""


@contextmanager
def catalogue() -> Iterator[Session]:
    """A session on the catalogue, connected on a fresh connection if the pooled one went
    stale (:func:`bot.catalogue.db.connected`); database errors become
    :class:`CatalogueUnavailable` (the learner is told politely, the log says why)."""
    try:
        with db.connected() as session:
            yield session
    except SQLAlchemyError as error:
        logger.exception("the catalogue cannot be reached: %s", error)
        raise CatalogueUnavailable from error


def language(tracker: Tracker) -> str:
    """The conversation's language (``en`` or ``ms``), set by the NLU pipeline."""
    return tracker.get_slot("language") or messages.ENGLISH


def say(dispatcher: CollectingDispatcher, tracker: Tracker, key: str, **values: object) -> None:
    """Utter the ``bot/texts/*.yml`` text ``key`` in the conversation's language."""
    dispatcher.utter_message(text=messages.render(key, language(tracker), **values))


def full_intent(tracker: Tracker) -> str:
    """The latest intent, as ``faq/<topic>`` for retrieval intents ("" when there is none)."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("full_retrieval_intent_name") or intent.get("name") or ""


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


def channel(tracker: Tracker) -> str:
    """The channel the latest message came through (``telegram`` relays over ``rest``)."""
    metadata = tracker.latest_message.get("metadata") or {}
    return str(metadata.get("channel") or tracker.get_latest_input_channel() or "unknown")


def record(what: str, write) -> object | None:
    """Run ``write(session)`` in a transaction on the records' database; the result, or
    ``None`` when the database failed (logged: a record is never worth a learner's reply)."""
    try:
        return db.write(write)
    except SQLAlchemyError:
        logger.exception("could not record %s", what)
        return None
