"""The channels the Rasa server opens: Rasa's own, each with our additions (credentials.yml).

Both start reading each message's meaning as it arrives (:func:`semantic.reading_ahead`), so
that the encoder works on one learner's message while the server answers another's.

:class:`RestInput` is Rasa's REST channel, at the same address (``/webhooks/rest/webhook``).

:class:`SocketIOInput` is Rasa's socket.io channel with session persistence that works on
python-socketio 5.10+. Rasa 3.6 calls ``sio.enter_room(...)`` without ``await`` in its
``session_request`` handler. Since python-socketio 5.10 ``AsyncServer.enter_room`` is a
coroutine, so the socket never joins the room named after its session id, and with
``session_persistence: true`` every bot reply (emitted to that room) is lost
(RasaHQ/rasa#13027). This channel re-registers the one handler with the ``await``; everything
else is Rasa's own channel.

Runs inside the Rasa runtime environment.
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels import rest
from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

from bot.rasa_components.semantic import reading_ahead

logger = logging.getLogger(__name__)


class RestInput(rest.RestInput):
    """Rasa's REST channel, reading each message's meaning as it arrives."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        return super().blueprint(reading_ahead(on_new_message))


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel reading meaning on arrival, whose ``session_request`` awaits
    ``enter_room``."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(reading_ahead(on_new_message))
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: dict | None) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            if self.session_persistence:
                entered = sio.enter_room(sid, session_id, namespace=self.namespace)
                if inspect.isawaitable(entered):  # python-socketio >= 5.10
                    await entered
            await sio.emit("session_confirm", session_id, room=sid, namespace=self.namespace)
            logger.debug(f"User {sid} joined session {session_id}.")

        return blueprint
