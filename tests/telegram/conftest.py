"""A fake Bot API server and a fake Rasa, so the real ``Application`` runs without network.

``FakeBotApi`` plays Telegram on 127.0.0.1: it answers the Bot API methods PTB calls under
``/bot<token>/<method>`` (form or JSON bodies), records every call, serves ``getUpdates`` from
a queue the test fills, and answers 401 for any other token. Like Telegram it reads
``parse_mode=HTML`` strictly (unknown tags, unbalanced tags and a bare ``<`` or ``&`` are a 400
"can't parse entities"), returns the text it shows with its ``entities``, and refuses an empty
text or one over 4096 characters. ``FakeRasa`` plays Rasa's REST channel with canned replies
and records each request's body and headers. ``start_bot`` starts ``bot.telegram.app.serve``
(long polling or webhook) in a thread with its own event loop, exactly as ``microcred
telegram`` runs it, and stops it after the test. Every test here has a known salt
(``MICROCRED_SALT``) and no ``REST_TOKEN`` unless it sets one.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import html
import itertools
import json
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl

import pytest

from bot.telegram.app import Webhook, build_application, serve

TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
BOT_ID = 123456789
WAIT = 5.0  # seconds to wait for something the bot should do at once
SALT = "salt-of-the-telegram-tests"
MAX_TEXT = 4096  # UTF-16 units, after entities parsing

# Bot API parameters PTB sends JSON-encoded inside a form.
JSON_FIELDS = {"reply_markup", "commands", "allowed_updates", "scope", "link_preview_options"}


@dataclass
class Call:
    """One Bot API request as the fake server received it, and what it answered."""

    method: str
    params: dict[str, Any]
    result: Any = None

    def __getitem__(self, key: str) -> Any:
        return self.params[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.params.get(key, default)


class BadRequest(ValueError):
    """What Telegram answers 400 to; the message is its description."""


# Telegram's HTML: the tags the bot may send, and the four named entities plus numeric ones.
_HTML_TAGS = {"i": "italic", "em": "italic", "b": "bold", "strong": "bold", "code": "code"}
_HTML_TOKEN = re.compile(r"<(/?)([a-z-]*)>|&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_html(markup: str) -> tuple[str, list[dict[str, Any]]]:
    """The text Telegram shows for ``markup`` sent with ``parse_mode=HTML``, and its entities
    (offsets in UTF-16 units); :class:`BadRequest` where Telegram would refuse it."""
    shown: list[str] = []
    entities: list[dict[str, Any]] = []
    opened: list[tuple[str, int]] = []
    units, position = 0, 0
    for token in _HTML_TOKEN.finditer(markup):
        plain = markup[position : token.start()]
        shown.append(plain)
        units += _utf16(plain)
        position = token.end()
        raw = token.group(0)
        if raw.startswith("&") and raw.endswith(";"):
            char = html.unescape(raw)
            shown.append(char)
            units += _utf16(char)
        elif raw.startswith("<") and raw.endswith(">"):
            closing, tag = token.group(1), token.group(2)
            if tag not in _HTML_TAGS:
                raise BadRequest(f'can\'t parse entities: unsupported start tag "{tag}"')
            if not closing:
                opened.append((tag, units))
                continue
            if not opened or opened[-1][0] != tag:
                raise BadRequest(f'can\'t parse entities: unmatched end tag "{tag}"')
            start = opened.pop()[1]
            if units > start:
                entities.append({"type": _HTML_TAGS[tag], "offset": start, "length": units - start})
        else:
            raise BadRequest(f"can't parse entities: unescaped {raw!r} at {token.start()}")
    if opened:
        raise BadRequest(f"can't parse entities: can't find end tag \"{opened[-1][0]}\"")
    shown.append(markup[position:])
    return "".join(shown), sorted(entities, key=lambda e: e["offset"])


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client gave up: fine
            super().handle_error(request, client_address)


class _Quiet(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (stdlib's name)
        pass

    def _body(self) -> dict[str, Any]:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        kind = self.headers.get("Content-Type", "")
        if kind.startswith("application/json"):
            return json.loads(raw or b"{}")
        params: dict[str, Any] = dict(parse_qsl(raw.decode("utf-8")))
        for key in JSON_FIELDS & params.keys():
            params[key] = json.loads(params[key])
        return params

    def _send_json(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class FakeBotApi:
    """Telegram's Bot API on 127.0.0.1, recording every call."""

    def __init__(self, token: str = TOKEN) -> None:
        self.token = token
        self.calls: list[Call] = []
        self.updates: list[dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._changed = threading.Condition()
        self._closing = False
        api = self

        class Handler(_Quiet):
            def do_POST(self) -> None:
                api._handle(self)

            do_GET = do_POST

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeBotApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        self._server.shutdown()
        self._server.server_close()

    # --- what tests use ----------------------------------------------------------------

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue an update for getUpdates; gives it an update_id."""
        with self._changed:
            update = {"update_id": next(self._update_ids), **update}
            self.updates.append(update)
            self._changed.notify_all()
        return update

    def calls_to(self, method: str) -> list[Call]:
        with self._changed:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = WAIT) -> list[Call]:
        """The first ``count`` calls of ``method``, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found[:count]
                left = deadline - time.monotonic()
                if left <= 0:
                    seen = [c.method for c in self.calls]
                    raise AssertionError(f"{count} × {method} not called in {timeout}s: {seen}")
                self._changed.wait(left)

    # --- the server --------------------------------------------------------------------

    def _handle(self, request: _Quiet) -> None:
        prefix, _, method = request.path.lstrip("/").partition("/")
        params = request._body()
        if prefix != f"bot{self.token}":
            request._send_json(401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
            return
        try:
            answer = self._answer(method, params)
        except BadRequest as exc:
            answer = exc
        if method != "getUpdates":
            with self._changed:
                self.calls.append(Call(method, params, answer))
                self._changed.notify_all()
        if isinstance(answer, BadRequest):
            description = f"Bad Request: {answer}"
            request._send_json(400, {"ok": False, "error_code": 400, "description": description})
        elif answer is None:
            request._send_json(
                404, {"ok": False, "error_code": 404, "description": "Not Found: method not found"}
            )
        else:
            request._send_json(200, {"ok": True, "result": answer})

    def _answer(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Microcred",
                "username": "microcred_test_bot",
                "can_join_groups": True,
                "can_read_all_group_messages": False,
                "supports_inline_queries": False,
            }
        if method == "getUpdates":
            return self._get_updates(params)
        if method in ("sendMessage", "editMessageText", "sendPhoto"):
            message = {
                "message_id": int(params.get("message_id") or next(self._message_ids)),
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Microcred"},
            }
            if method == "sendPhoto":
                photo = {"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}
                message["photo"] = [photo]
            else:
                message.update(self._text(params))
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method in (
            "sendChatAction",
            "answerCallbackQuery",
            "editMessageReplyMarkup",
            "setMyCommands",
            "deleteWebhook",
            "setWebhook",
            "close",
            "logOut",
        ):
            return True
        return None

    @staticmethod
    def _text(params: dict[str, Any]) -> dict[str, Any]:
        """The ``text`` (and ``entities``) of the message Telegram makes of ``params``."""
        text, entities = str(params["text"]), []
        if params.get("parse_mode") == "HTML":
            text, entities = parse_html(text)
        elif params.get("parse_mode"):
            raise BadRequest(f"unsupported parse_mode {params['parse_mode']!r} in this fake")
        if not text.strip():
            raise BadRequest("message text is empty")
        if _utf16(text) > MAX_TEXT:
            raise BadRequest("message is too long")
        return {"text": text, "entities": entities} if entities else {"text": text}

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        with self._changed:
            while True:
                pending = [u for u in self.updates if u["update_id"] >= offset]
                left = deadline - time.monotonic()
                if pending or left <= 0 or self._closing:
                    return pending[: int(params.get("limit") or 100)]
                self._changed.wait(left)


class FakeRasa:
    """Rasa's REST channel: answers each message with what ``reply`` returns."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.reply: Callable[[dict[str, Any]], tuple[int, Any]] = self.echo
        self.delay = 0.0
        fake = self

        class Handler(_Quiet):
            def do_POST(self) -> None:
                body = self._body()
                fake.headers.append({k.lower(): v for k, v in self.headers.items()})
                fake.received.append(body)
                if fake.delay:
                    time.sleep(fake.delay)
                status, answer = fake.reply(body)
                self._send_json(status, answer)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @staticmethod
    def echo(body: dict[str, Any]) -> tuple[int, Any]:
        return 200, [{"recipient_id": body["sender"], "text": f"echo: {body['message']}"}]

    def answer(self, *replies: dict[str, Any]) -> None:
        """Answer every message with ``replies``."""
        self.reply = lambda body: (200, [{"recipient_id": body["sender"], **r} for r in replies])

    def start(self) -> FakeRasa:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


# --- updates as Telegram sends them ----------------------------------------------------------


def user(language_code: str | None = "en", user_id: int = 42) -> dict[str, Any]:
    person = {"id": user_id, "is_bot": False, "first_name": "Aisyah"}
    if language_code:
        person["language_code"] = language_code
    return person


def message_update(
    text: str, chat_id: int = 42, language_code: str | None = "en"
) -> dict[str, Any]:
    """A private-chat text message; a leading /command gets its bot_command entity."""
    message: dict[str, Any] = {
        "message_id": int(time.monotonic_ns() % 1_000_000),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": user(language_code, chat_id),
        "text": text,
    }
    if text.startswith("/"):
        command = text.split()[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"message": message}


def tap_update(
    sent: Call, data: str, chat_id: int = 42, language_code: str | None = "en"
) -> dict[str, Any]:
    """A tap on the button with callback ``data`` of the message the bot ``sent``, as
    Telegram shows that message (its text after parsing, with its entities)."""
    message = {
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Microcred"},
        "text": sent["text"],
        "reply_markup": sent["reply_markup"],
    }
    if isinstance(sent.result, dict):
        message.update({k: v for k, v in sent.result.items() if k in ("text", "entities")})
    message["message_id"] = (
        sent.result["message_id"] if isinstance(sent.result, dict) else sent.get("message_id", 1000)
    )
    return {
        "callback_query": {
            "id": f"cb{time.monotonic_ns()}",
            "from": user(language_code, chat_id),
            "chat_instance": "ci",
            "message": message,
            "data": data,
        }
    }


# --- the running bot ---------------------------------------------------------------------


@dataclass
class RunningBot:
    """The Application serving in a thread, with the fakes it talks to."""

    api: FakeBotApi
    rasa: FakeRasa
    application: Any
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread
    errors: list[BaseException] = field(default_factory=list)

    def say(self, text: str, chat_id: int = 42, language_code: str | None = "en") -> None:
        self.api.push(message_update(text, chat_id, language_code))

    def stop(self) -> None:
        if self.thread.is_alive():
            self.loop.call_soon_threadsafe(self.application.stop_running)
            self.thread.join(timeout=15)
        assert not self.thread.is_alive(), "the application did not stop"
        if self.errors:
            raise self.errors[0]


@pytest.fixture(autouse=True)
def telegram_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """A known salt (no ``var/salt`` written) and no ``REST_TOKEN`` unless a test sets one."""
    monkeypatch.setenv("MICROCRED_SALT", SALT)
    monkeypatch.delenv("REST_TOKEN", raising=False)


def sender_of(chat_id: int, salt: str = SALT) -> str:
    """The Rasa sender of a chat, computed here as the brief states it."""
    digest = hmac.new(salt.encode(), str(chat_id).encode(), hashlib.sha256).hexdigest()
    return "telegram-" + digest[:32]


@pytest.fixture
def bot_api() -> Iterator[FakeBotApi]:
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa().start()
    yield fake
    fake.stop()


@pytest.fixture
def start_bot(bot_api: FakeBotApi, rasa: FakeRasa) -> Iterator[Callable[..., RunningBot]]:
    """Start the bot (polling unless ``webhook=`` is given); stopped after the test."""
    started: list[RunningBot] = []

    def start(
        *, rasa_url: str | None = None, webhook: Webhook | None = None, **options: Any
    ) -> RunningBot:
        application = build_application(
            TOKEN, rasa_url or rasa.url, base_url=bot_api.base_url, **options
        )
        loop = asyncio.new_event_loop()
        errors: list[BaseException] = []

        def target() -> None:
            asyncio.set_event_loop(loop)
            try:
                serve(application, webhook=webhook, handle_signals=False)
            except BaseException as exc:  # reported by RunningBot.stop
                errors.append(exc)

        thread = threading.Thread(target=target, daemon=True)
        running = RunningBot(bot_api, rasa, application, loop, thread, errors)
        started.append(running)
        thread.start()
        _wait_until(lambda: application.running or not thread.is_alive(), "the bot to start")
        if errors:
            raise errors[0]
        if webhook:
            _wait_listening(webhook.port)
        return running

    yield start
    for running in started:
        running.stop()


def _wait_until(condition: Callable[[], bool], what: str, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.01)


def _wait_listening(port: int, timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.02)
    raise AssertionError(f"nothing listening on port {port}")


@pytest.fixture
def bot(start_bot: Callable[..., RunningBot]) -> RunningBot:
    """The bot polling the fake Bot API, relaying to the fake Rasa."""
    return start_bot()
