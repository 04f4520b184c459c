"""Rasa's socket.io input channel with session persistence that works on python-socketio 5.10+.

Rasa 3.6 calls ``sio.enter_room(...)`` without ``await`` in its ``session_request`` handler.
Since python-socketio 5.10 ``AsyncServer.enter_room`` is a coroutine, so the socket never
joins the room named after its session id, and with ``session_persistence: true`` every bot
reply (emitted to that room) is lost (RasaHQ/rasa#13027). This channel re-registers the one
handler with the ``await``; everything else is Rasa's own channel. Use it in credentials.yml:

    bot.rasa_components.socketio_channel.SocketIOInput:
      user_message_evt: user_uttered
      bot_message_evt: bot_uttered
      session_persistence: true

Runs inside the Rasa runtime environment (standard library plus Rasa only).
"""

from __future__ import annotations

import inspect
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from sanic import Blueprint

logger = logging.getLogger(__name__)


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel whose ``session_request`` awaits ``enter_room``."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
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
