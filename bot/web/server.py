"""Serve the widget, its demo page and the adviser page with the standard library.

``GET /`` is the demo page (:mod:`bot.web.demo`: course cards from the catalogue).
``GET /config.js`` is generated: it tells the demo page which Rasa server the widget talks to.
``/advisers`` and everything under it is the adviser page (:mod:`bot.web.adviser`), which needs
a sign-in. Everything else is one of the files under ``static/`` (listed once at start: no
directory listings, nothing outside it), for ``GET`` and ``HEAD`` only.

Every request is checked before it is routed: one well-formed ``Host`` header (required in
HTTP/1.1), a path no longer than :data:`MAX_PATH` that decodes to UTF-8 without control
characters, backslashes or ``.``/``..`` segments, and a method the path accepts. Anything else
gets a short 4xx page (400, 404, 405 with ``Allow``, 414), never a traceback.
"""

from __future__ import annotations

import json
import os
import re
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote

from bot import config

STATIC_DIR = Path(__file__).resolve().parent / "static"
ADVISERS = "/advisers"
MAX_BODY = 64 * 1024  # bytes of a form the adviser page accepts
MAX_PATH = 2048  # characters of a request's path (the stdlib caps the request line at 64 KiB)
DEMO_PATHS = ("/", "/index.html")
# A host name, IPv4 address or bracketed IPv6 address, and an optional port (RFC 9110 7.2).
_HOST = re.compile(r"^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)(?::[0-9]{1,5})?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\\]")


def _is_adviser(target: str) -> bool:
    path = target.split("?", 1)[0]
    return path == ADVISERS or path.startswith(ADVISERS + "/")


def static_files(directory: Path = STATIC_DIR) -> frozenset[str]:
    """The URL paths (``/widget.js``) of the regular files under ``directory``; dotfiles and
    symbolic links are left out."""
    found = set()
    for folder, folders, names in os.walk(directory):  # does not follow links to folders
        folders[:] = [name for name in folders if not name.startswith(".")]
        for name in names:
            path = Path(folder, name)
            if not name.startswith(".") and path.is_file() and not path.is_symlink():
                found.add("/" + path.relative_to(directory).as_posix())
    return frozenset(found)


class _Handler(SimpleHTTPRequestHandler):
    """Static files, the demo page and ``config.js``; quiet unless asked to log."""

    server_version = "microcred-web"
    sys_version = ""
    timeout = 60  # seconds a client may take to send a request
    rasa_url = "http://localhost:5005"
    log_requests = False
    adviser = None  # the AdviserSite that answers /advisers paths
    demo = None  # the DemoPage that renders /
    files: frozenset[str] = frozenset()
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }
    _allow: str | None = None  # the Allow header of a 405

    # ----- checks before routing

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        refusal = self._refusal()
        if refusal is None:
            return True
        status, message = refusal
        self.send_error(status, message)
        return False

    def _refusal(self) -> tuple[HTTPStatus, str] | None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1 or (hosts and not _HOST.match(hosts[0].strip())):
            return HTTPStatus.BAD_REQUEST, "Bad Host header"
        if not hosts and self.request_version >= "HTTP/1.1":
            return HTTPStatus.BAD_REQUEST, "Missing Host header"
        path = self.path.split("?", 1)[0]  # the adviser page checks its own query strings
        if len(path) > MAX_PATH:
            return HTTPStatus.REQUEST_URI_TOO_LONG, "Request path too long"
        try:
            decoded = unquote(path, errors="strict")
        except UnicodeDecodeError:
            return HTTPStatus.BAD_REQUEST, "Bad request path"
        if (
            not path.startswith("/")
            or _CONTROL.search(decoded)
            or any(part in (".", "..") for part in decoded.split("/"))
        ):
            return HTTPStatus.BAD_REQUEST, "Bad request path"
        allowed = ("GET", "HEAD", "POST") if _is_adviser(path) else ("GET", "HEAD")
        if self.command not in allowed:
            self._allow = ", ".join(allowed)
            return HTTPStatus.METHOD_NOT_ALLOWED, "Method not allowed"
        return None

    # ----- routes

    def do_GET(self) -> None:
        self._route(head=False)

    def do_HEAD(self) -> None:
        self._route(head=True)

    def do_POST(self) -> None:  # only adviser paths get here (parse_request)
        self._adviser()

    def _route(self, head: bool) -> None:
        if _is_adviser(self.path):
            self._adviser(head=head)
            return
        path = unquote(self.path.split("?", 1)[0])
        if path == "/config.js":
            body = (
                "window.MICROCRED_DEMO = "
                + json.dumps({"rasaUrl": self.rasa_url}).replace("<", "\\u003c")
                + ";\n"
            ).encode()
            self._send(body, "text/javascript; charset=utf-8", head)
        elif path in DEMO_PATHS:
            self._send(self.demo.render(), "text/html; charset=utf-8", head)
        elif path in self.files:
            if head:
                super().do_HEAD()
            else:
                super().do_GET()
        else:
            self.send_error(HTTPStatus.NOT_FOUND, "File not found")

    def _send(self, body: bytes, content_type: str, head: bool) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)

    def list_directory(self, path):  # never: static_files() lists files only
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def _adviser(self, head: bool = False) -> None:
        from bot.web.adviser import Request

        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.send_error(HTTPStatus.BAD_REQUEST, "Bad Content-Length")
            return
        if length > MAX_BODY:
            self.send_error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "Request body too large")
            return
        body = self.rfile.read(length) if length else b""
        response = self.adviser.handle(Request(self.command, self.path, self.headers, body))
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(response.body)))
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def end_headers(self) -> None:
        path = getattr(self, "path", "")  # unset when the request line could not be read
        if self._allow:
            self.send_header("Allow", self._allow)
        if _is_adviser(path):
            # Not for embedding and not for other origins: the page sets its own headers.
            super().end_headers()
            return
        # The widget is meant to be embedded in other sites' pages.
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("X-Content-Type-Options", "nosniff")
        if not path.startswith("/vendor/"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        if self.log_requests:
            super().log_message(format, *args)


def make_server(
    host: str | None = None,
    port: int | None = None,
    rasa_url: str | None = None,
    log_requests: bool = False,
    adviser_token: str | None = None,
    database_url: str | None = None,
) -> ThreadingHTTPServer:
    """A server (not yet serving) for the demo page, ``static/`` and the adviser page.

    ``host``, ``port`` and ``rasa_url`` default to the settings (``BIND_HOST``, ``WEB_PORT``,
    ``RASA_URL``); port 0 picks a free one. The demo page's widget talks to ``rasa_url``. The
    adviser page under ``/advisers`` signs advisers in with ``adviser_token`` (``None``:
    ``ADVISER_TOKEN``, read on each request; empty: nobody). The demo page's cards and the
    adviser page read ``database_url`` (``None``: the configured catalogue database).
    """
    from bot.web.adviser import AdviserSite
    from bot.web.demo import DemoPage

    host = config.bind_host() if host is None else host
    port = config.web_port() if port is None else port
    rasa_url = config.rasa_url() if rasa_url is None else rasa_url
    handler = type(
        "WidgetHandler",
        (_Handler,),
        {
            "rasa_url": rasa_url.rstrip("/"),
            "log_requests": log_requests,
            "adviser": AdviserSite(adviser_token, database_url),
            "demo": DemoPage(database_url),
            "files": static_files(),
        },
    )
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(STATIC_DIR)))
    server.daemon_threads = True
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (for tests); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="microcred-web", daemon=True)
    thread.start()
    return thread
