"""Serve the widget and its demo page (``bot/web/static``) with the standard library.

``GET /config.js`` is generated: it tells the demo page which Rasa server the widget
talks to. Everything else is a static file from ``static/``.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

STATIC_DIR = Path(__file__).resolve().parent / "static"


class _Handler(SimpleHTTPRequestHandler):
    """Static files plus the generated ``config.js``; quiet unless asked to log."""

    rasa_url = "http://localhost:5005"
    log_requests = False
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def do_GET(self) -> None:
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

    def end_headers(self) -> None:
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
) -> ThreadingHTTPServer:
    """A server (not yet serving) for ``static/`` that points the demo page at ``rasa_url``."""
    handler = type(
        "WidgetHandler",
        (_Handler,),
        {"rasa_url": rasa_url.rstrip("/"), "log_requests": log_requests},
    )
    server = ThreadingHTTPServer((host, port), partial(handler, directory=str(STATIC_DIR)))
    server.daemon_threads = True
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    """Run ``server`` in a daemon thread (for tests); stop it with ``server.shutdown()``."""
    thread = threading.Thread(target=server.serve_forever, name="microcred-web", daemon=True)
    thread.start()
    return thread
