"""The channels the Rasa server opens (credentials.yml): Rasa's REST and socket.io channels with
the edge of :mod:`bot.edge` in front and a reply always behind.

Both channels:

- read each message's meaning as it arrives (:func:`semantic.reading_ahead`), so that the
  encoder works on one learner's message while the server answers another's;
- refuse politely, in the learner's language, a message longer than ``MAX_MESSAGE_CHARS`` or
  over the rate limits (``RATE_PER_SENDER``; socket.io also ``RATE_PER_CLIENT`` per address),
  without reading it;
- never leave a learner in silence: when a turn sends nothing (an action failed or timed out:
  Rasa logs it and goes on with no events, see ``MessageProcessor._run_action``), the learner
  gets :func:`bot.edge.apology`. Rasa waits ``ACTION_TIMEOUT`` seconds for an action, not its
  own five minutes.

:class:`RestInput` answers at Rasa's address (``POST /webhooks/rest/webhook``) to servers that
hold ``REST_TOKEN`` (``Authorization: Bearer``): the Telegram relay, the CLI, the tests. Its
``sender`` chooses the conversation, so a browser never gets the token. The body is typed
(:func:`bot.edge.check_body`): anything else is a 400 that says why.

:class:`SocketIOInput` is the widget's. The server issues each session id
(:func:`bot.edge.issue_session`, signed) and binds it to the socket; a message belongs to the
socket's session whatever id it names, and a session id the server did not issue is replaced
by a fresh one. It accepts sockets only from ``WIDGET_ORIGINS``. Rasa 3.6 calls
``sio.enter_room`` without ``await`` (RasaHQ/rasa#13027), which loses every reply on
python-socketio 5.10+; the handlers here await it.

Runs inside the Rasa runtime environment.
"""

from __future__ import annotations

import hmac
import inspect
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

import rasa.core.actions.action
from rasa.core.channels import rest
from rasa.core.channels.channel import CollectingOutputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketIOInput as RasaSocketIOInput
from rasa.core.channels.socketio import SocketIOOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import config
from bot.edge import BadRequest, Edge, Incoming, apology, check_body, issue_session, valid_session
from bot.rasa_components.semantic import reading_ahead

logger = logging.getLogger(__name__)

# Rasa waits DEFAULT_REQUEST_TIMEOUT (5 minutes) for the action server; a learner should not.
rasa.core.actions.action.DEFAULT_REQUEST_TIMEOUT = config.action_timeout()


class _Counting(OutputChannel):
    """An output channel that counts what it passes on to ``inner``."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:  # type: ignore[override]
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)


# Rasa's own commands that answer nothing by design (a restart, a new session).
_SILENT = re.compile(r"^/(restart|session_start)\b")


def answered(
    on_new_message: Callable[[UserMessage], Awaitable[Any]],
) -> Callable[[UserMessage], Awaitable[None]]:
    """``on_new_message`` reading meaning ahead and apologising for a turn that said nothing."""
    reading = reading_ahead(on_new_message)

    async def handle(message: UserMessage) -> None:
        counting = _Counting(message.output_channel)
        message.output_channel = counting
        try:
            await reading(message)
        except Exception:
            logger.exception("turn of %s failed", message.sender_id)
        if not counting.sent and not _SILENT.match(message.text or ""):
            logger.warning("turn of %s sent nothing: apologising", message.sender_id)
            await counting.inner.send_text_message(
                message.sender_id, apology(message.text or "", message.metadata)
            )

    return handle


def _bearer_ok(request: Request, token: str) -> bool:
    given = request.headers.get("authorization", "")
    return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())


class RestInput(rest.RestInput):
    """Rasa's REST channel for servers holding ``REST_TOKEN``, with typed bodies and limits."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        edge, token = Edge(), config.rest_token()
        if not token:
            logger.warning("REST_TOKEN is not set: the REST channel refuses every message")
        handle = answered(on_new_message)
        webhook = Blueprint("custom_webhook_RestInput", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not _bearer_ok(request, token):
                return response.json(
                    {"error": "send 'Authorization: Bearer <REST_TOKEN>'"}, status=401
                )
            try:
                incoming = check_body(request.json)
            except BadRequest as exc:
                return response.json({"error": str(exc)}, status=400)
            except Exception:  # Sanic's own "not JSON"
                return response.json({"error": "the body must be JSON"}, status=400)
            refusal = edge.refusal(incoming)
            if refusal:
                return response.json([{"recipient_id": incoming.sender, "text": refusal}])
            collector = CollectingOutputChannel()
            await handle(_user_message(incoming, collector, incoming.input_channel or "rest"))
            return response.json(collector.messages)

        return webhook


def _user_message(incoming: Incoming, output: OutputChannel, channel: str) -> UserMessage:
    return UserMessage(
        incoming.text, output, incoming.sender, input_channel=channel, metadata=incoming.metadata
    )


def _client_address(environ: dict) -> str:
    """The client's address as Sanic sees it (``SANIC_PROXIES_COUNT`` behind a proxy)."""
    request = environ.get("sanic.request")
    return str(getattr(request, "remote_addr", "") or getattr(request, "ip", "") or "unknown")


class SocketIOInput(RasaSocketIOInput):
    """Rasa's socket.io channel with server-issued sessions, limits and a reply always."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = super().blueprint(on_new_message)
        sio, namespace, edge = self.sio, self.namespace, Edge()
        origins = config.widget_origins()
        handle = answered(on_new_message)
        sessions: dict[str, str] = {}  # socket id -> its confirmed session
        clients: dict[str, str] = {}  # socket id -> client address

        async def confirm(sid: str, asked: object) -> str:
            session = asked if valid_session(asked) else issue_session()
            previous = sessions.get(sid)
            if previous and previous != session:
                await _awaited(sio.leave_room(sid, previous, namespace=namespace))
            sessions[sid] = session
            await _awaited(sio.enter_room(sid, session, namespace=namespace))
            await sio.emit("session_confirm", session, room=sid, namespace=namespace)
            return session

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            # Browsers send their page's origin; CORS headers are Rasa's (--cors), but a
            # websocket is not subject to CORS, so a page from elsewhere is refused here.
            origin = environ.get("HTTP_ORIGIN")
            if origin and "*" not in origins and origin.rstrip("/") not in origins:
                logger.info("socket.io connection from %s refused (WIDGET_ORIGINS)", origin)
                return False
            clients[sid] = _client_address(environ)
            return True

        @sio.on("disconnect", namespace=namespace)
        async def disconnect(sid: str, *_: Any) -> None:
            sessions.pop(sid, None)
            clients.pop(sid, None)

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            await confirm(sid, data.get("session_id") if isinstance(data, dict) else None)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def handle_message(sid: str, data: Any) -> None:
            if not isinstance(data, dict) or not isinstance(data.get("message"), str):
                return  # not a message: nothing to answer
            session = sessions.get(sid) or await confirm(sid, data.get("session_id"))
            metadata = data.get(self.metadata_key)
            incoming = Incoming(
                session, data["message"], metadata if isinstance(metadata, dict) else {}, None
            )
            output = SocketIOOutput(sio, self.bot_message_evt)
            refusal = edge.refusal(incoming, client=clients.get(sid, "unknown"))
            if refusal:
                await output.send_text_message(session, refusal)
                return
            await handle(_user_message(incoming, output, self.name()))

        return blueprint


async def _awaited(result: Any) -> None:
    if inspect.isawaitable(result):  # python-socketio >= 5.10
        await result
