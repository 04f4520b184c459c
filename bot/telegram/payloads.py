"""Every payload the Telegram front end sends to Rasa on its own account, in one place.

Rasa reads a message of the form ``/intent{"entity": "value"}`` as that intent with those
entities, skipping NLU. Commands and the language keyboard use these (a catalogue search is
sent as words, since its filters are read from the text); typed text and the payloads of
Rasa's own buttons are relayed unchanged.
"""

from __future__ import annotations

import json

ENGLISH = "en"
MALAY = "ms"
LANGUAGES = (ENGLISH, MALAY)


def _intent(name: str, **entities: str) -> str:
    if not entities:
        return f"/{name}"
    return f"/{name}{json.dumps(entities, ensure_ascii=False)}"


def greet(language: str) -> str:
    """``/start``: greet the user in ``language``."""
    return _intent("greet", language=language)


def set_language(language: str) -> str:
    """``/lang``: answer in ``language`` from now on."""
    return _intent("set_language", language=language)


def catalogue_search(query: str, language: str) -> str:
    """``/catalogue <text>``: a search request in words, as a learner would type it.

    The assistant reads the filters (mode, fee, field, provider...) from the text itself.
    """
    return f"{'cari' if language == MALAY else 'search'} {query}"


def catalogue_count() -> str:
    """``/catalogue`` with no text: how many credentials the catalogue lists."""
    return _intent("catalogue_count")


def start_advising() -> str:
    """``/advise``: start the recognition-pathway advice."""
    return _intent("start_advising")


def language_of(payload: str) -> str | None:
    """The language a ``/greet`` or ``/set_language`` payload asks for, if any."""
    for intent in ("/greet{", "/set_language{"):
        if payload.startswith(intent):
            try:
                language = json.loads(payload[len(intent) - 1 :]).get("language")
            except (ValueError, AttributeError):
                return None
            return language if language in LANGUAGES else None
    return None


VOTES = {"up": "\U0001f44d", "down": "\U0001f44e"}


def feedback(vote: str, source: str) -> str:
    """A 👍 or 👎 on the answer from ``source`` (the source Rasa sent with the answer)."""
    return _intent("feedback", vote=vote, source=source)


def is_feedback(payload: str) -> bool:
    return payload == "/feedback" or payload.startswith("/feedback{")


def feedback_source(reply: dict) -> str | None:
    """The answer's source when ``reply`` is Rasa's marker that the answer before it can be
    voted on (``{"custom": {"data": {"feedback": {"source": ...}}}}``)."""
    custom = reply.get("custom")
    data = custom.get("data") if isinstance(custom, dict) else None
    marker = data.get("feedback") if isinstance(data, dict) else None
    source = marker.get("source") if isinstance(marker, dict) else None
    return str(source)[:128] if source else None
