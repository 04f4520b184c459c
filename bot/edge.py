"""What every message meets before the assistant reads it, and what a learner gets when the
assistant cannot answer: the limits of issue "production" in one place, used by Rasa's
channels (:mod:`bot.rasa_components.channels`).

- :func:`check_body` types a REST body: a JSON object with a ``sender`` (:data:`SENDER`), a
  ``message`` string and optional ``metadata`` object; anything else is a 400 with a reason.
- :class:`RateLimit` counts messages per key (a conversation, a client address) in a sliding
  minute; over the limit, a learner is asked to slow down instead of being answered.
- :func:`refusal` is the polite reply, in the learner's language, to a message that is too long
  or too fast; :func:`apology` the one when the assistant failed to answer at all.
- Session ids for the socket.io channel are issued by the server and signed
  (:func:`issue_session`, :func:`valid_session`), so a browser cannot choose another learner's.

Pure standard library plus :mod:`bot.messages` and :mod:`bot.language`: no Rasa.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Any

from bot import config, messages
from bot.language import detect_language

# A conversation id: what our channels issue (telegram-<hmac>, <uuid>.<signature>) and what a
# server-side client may choose; 1-128 characters, no spaces or markup.
SENDER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@-]{0,127}$")
_SESSION = re.compile(r"^([0-9a-f]{32})\.([0-9a-f]{32})$")


class BadRequest(ValueError):
    """A request body that is not a message; the text says what is wrong."""


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str
    metadata: dict[str, Any]
    input_channel: str | None


def check_body(body: object) -> Incoming:
    """The message in a REST body, or :class:`BadRequest` saying why there is none."""
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    sender = body.get("sender")
    if not isinstance(sender, str) or not SENDER.match(sender):
        raise BadRequest(
            "'sender' must be a string of 1-128 letters, digits or _.:@- (the conversation id)"
        )
    text = body.get("message")
    if not isinstance(text, str):
        raise BadRequest("'message' must be a string")
    metadata = body.get("metadata")
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise BadRequest("'metadata' must be a JSON object")
    channel = body.get("input_channel")
    if channel is not None and (not isinstance(channel, str) or not SENDER.match(channel)):
        raise BadRequest("'input_channel' must be a short name")
    return Incoming(sender, text, metadata, channel)


class RateLimit:
    """At most ``per_minute`` events per key in any sliding minute (0: no limit).

    Keeps the times of the last ``per_minute`` events of the ``keys`` most recent keys; a
    forgotten key starts afresh. Thread-safe; one per process (each replica counts its own).
    """

    def __init__(self, per_minute: int, keys: int = 50_000) -> None:
        self.per_minute = per_minute
        self.keys = keys
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        if self.per_minute <= 0:
            return True
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._seen.pop(key, None) or deque()
            self._seen[key] = times
            if len(self._seen) > self.keys:
                self._seen.popitem(last=False)
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            return True


def language_of(text: str, metadata: dict | None = None) -> str:
    """The learner's language as far as one message tells: its words, else Telegram's
    ``language_code``, else English."""
    found = detect_language(text[:2000])
    if found:
        return found
    code = str((metadata or {}).get("language_code") or "")
    return "ms" if code.startswith("ms") else messages.ENGLISH


class Edge:
    """The limits of one server process, read from :mod:`bot.config` once."""

    def __init__(self) -> None:
        self.max_chars = config.max_message_chars()
        self.per_sender = RateLimit(config.rate_per_sender())
        self.per_client = RateLimit(config.rate_per_client())

    def refusal(self, incoming: Incoming, client: str | None = None) -> str | None:
        """The polite reply that replaces an answer to ``incoming``, or ``None`` to answer it."""
        if len(incoming.text) > self.max_chars:
            key, values = "message_too_long", {"limit": self.max_chars}
        elif not self.per_sender.allow(incoming.sender) or (
            client is not None and not self.per_client.allow(client)
        ):
            key, values = "too_fast", {}
        else:
            return None  # the common case: no language detection on the way in
        return messages.render(key, language_of(incoming.text, incoming.metadata), **values)


def apology(text: str, metadata: dict | None = None) -> str:
    """What a learner gets when the assistant failed to answer (an action failed or timed out)."""
    return messages.render("cannot_answer_now", language_of(text or "", metadata))


def _signature(session: str) -> str:
    return hmac.new(config.salt(), b"socketio:" + session.encode(), hashlib.sha256).hexdigest()[:32]


def issue_session() -> str:
    """A new socket.io session id: 32 random hex digits and their signature."""
    session = secrets.token_hex(16)
    return f"{session}.{_signature(session)}"


def valid_session(value: object) -> bool:
    """Whether ``value`` is a session id this server (or one sharing its salt) issued."""
    match = _SESSION.match(value) if isinstance(value, str) else None
    return bool(match) and hmac.compare_digest(match.group(2), _signature(match.group(1)))
