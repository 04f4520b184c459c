"""Serve the widget and its demo page (``bot/web/static``) with the standard library.

``GET /config.js`` is generated: it tells the demo page which Rasa server the widget
talks to. ``/advisers`` and everything under it is the adviser page (:mod:`bot.web.adviser`),
which needs a sign-in. Everything else is a static file from ``static/``.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"
ADVISERS = "/advisers"
MAX_BODY = 64 * 1024  # bytes of a form the adviser page accepts


def _is_adviser(target: str) -> bool:
    path = target.split("?", 1)[0]
    return path == ADVISERS or path.startswith(ADVISERS + "/")


class _Handler(SimpleHTTPRequestHandler):
    """Static files plus the generated ``config.js``; quiet unless asked to log."""

    rasa_url = "http://localhost:5005"
    log_requests = False
    adviser = None  # the AdviserSite that answers /advisers paths
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def do_GET(self) -> None:
        if _is_adviser(self.path):
            self._adviser()
            return
        if self.path.split("?", 1)[0] == "/config.js":
            body = (
                "window.MICROCRED_DEMO = "
                + json.dumps({"rasaUrl": self.rasa_url}).replace("<", "\\u003c")
                + ";\n"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def do_HEAD(self) -> None:
        if _is_adviser(self.path):
            self._adviser(head=True)
            return
        super().do_HEAD()

    def do_POST(self) -> None:
        if _is_adviser(self.path):
            self._adviser()
            return
        self.send_error(HTTPStatus.NOT_IMPLEMENTED, f"Unsupported method ({self.command!r})")

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
        if _is_adviser(self.path):
            # Not for embedding and not for other origins: the page sets its own headers.
            super().end_headers()
            return
        # The widget is meant to be embedded in other sites' pages.
        self.send_header("Access-Control-Allow-Origin", "*")
        if not self.path.startswith("/vendor/"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        if self.log_requests:
            super().log_message(format, *args)


def make_server(
    host: str = "127.0.0.1",
    port: int = 8080,
    rasa_url: str = "http://localhost:5005",
    log_requests: bool = False,
    adviser_token: str | None = None,
    database_url: str | None = None,
) -> ThreadingHTTPServer:
    """A server (not yet serving) for ``static/`` that points the demo page at ``rasa_url``.

    The adviser page under ``/advisers`` signs advisers in with ``adviser_token`` (``None``:
    ``ADVISER_TOKEN``, read on each request; empty: nobody) and reads the catalogue and the
    records from ``database_url`` (``None``: the configured catalogue database).
    """
    from bot.web.adviser import AdviserSite

    handler = type(
        "WidgetHandler",
        (_Handler,),
        {
            "rasa_url": rasa_url.rstrip("/"),
            "log_requests": log_requests,
            "adviser": AdviserSite(adviser_token, database_url),
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
