"""Hostile requests to ``microcred web`` get a short 4xx, never a traceback or a listing.

The real command runs as a child process (its stderr kept); requests are written byte for
byte on a socket, so nothing is cleaned up by a client library on the way. At the end the
server's stderr must hold no traceback, and the line that says why the demo page has no cards.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.web.server import static_files
from tests.support.stack import ROOT, free_port


class Server:
    def __init__(self, port: int, stderr: Path) -> None:
        self.port, self.stderr = port, stderr

    def raw(self, data: bytes) -> tuple[int, dict[str, str], bytes]:
        """Send ``data`` as it is on a new connection; the response's status, headers, body."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            received = b""
            while chunk := connection.recv(65536):
                received += chunk
        head, _, body = received.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        assert lines[0].startswith("HTTP/1."), received[:200]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(lines[0].split()[1]), headers, body

    def request(
        self, method: str, target: str, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"127.0.0.1:{self.port}", "Connection": "close", **(headers or {})}
        head = f"{method} {target} HTTP/1.1\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in headers.items()
        )
        return self.raw(head.encode("latin-1") + b"\r\n")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    directory = tmp_path_factory.mktemp("web-server")
    port = free_port()
    stderr = directory / "stderr.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "MICROCRED_DATA_DIR": str(directory),
        "ADVISER_TOKEN": "hostile-requests-test-token",
    }
    with stderr.open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "web", "--host", "127.0.0.1", "--port", str(port),
             "--rasa-url", "http://127.0.0.1:9",
             "--database-url", f"sqlite:///{directory / 'missing.db'}"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, stderr.read_text()
                assert time.monotonic() < deadline, "microcred web did not start"
                time.sleep(0.2)
        yield Server(port, stderr)
    finally:
        process.terminate()
        process.wait(timeout=10)
    log = stderr.read_text()
    assert "Traceback" not in log, log  # whatever order the tests ran in


@pytest.mark.parametrize(
    ("method", "target", "status"),
    [
        ("GET", "/%00", 400),
        ("GET", "/widget.js%00.html", 400),
        ("GET", "/..%2f..%2fetc/passwd", 400),
        ("GET", "/%2e%2e/%2e%2e/etc/passwd", 400),
        ("GET", "/vendor/..%5c..%5cserver.py", 400),
        ("GET", "/%ff%fe", 400),
        ("GET", "/vendor/", 404),
        ("GET", "/vendor", 404),
        ("GET", "/vendor/?C=M;O=D", 404),
        ("GET", "/server.py", 404),
        ("GET", "/../server.py", 400),
        ("GET", "/" + "a" * 300, 404),
        ("GET", "/" + "a" * 3000, 414),
        ("GET", "/%00?" + "q" * 5000, 400),
        ("GET", "http://evil.example/widget.js", 400),
        ("POST", "/widget.js", 405),
        ("PUT", "/widget.js", 405),
        ("DELETE", "/widget.js", 405),
        ("PATCH", "/", 405),
        ("OPTIONS", "/widget.js", 405),
        ("BREW", "/vendor/socket.io.min.js", 405),
        ("PUT", "/advisers", 405),
        ("GET", "/advisers/..%2f..%2fetc/passwd", 400),
    ],
)
def test_a_hostile_request_gets_a_clean_4xx(
    server: Server, method: str, target: str, status: int
) -> None:
    got, headers, body = server.request(method, target)
    assert got == status, body[:300]
    assert b"Traceback" not in body and b"root:" not in body
    assert b"socket.io.min.js" not in body  # no listing of vendor/
    if status == 405:
        allowed = "GET, HEAD, POST" if target.startswith("/advisers") else "GET, HEAD"
        assert headers["allow"] == allowed


def test_a_request_line_longer_than_the_server_reads(server: Server) -> None:
    status, _, body = server.raw(b"GET /" + b"a" * (65537 - 5))  # exactly what it reads
    assert status == 414 and b"Traceback" not in body


@pytest.mark.parametrize(
    "host",
    [
        ["evil host"],
        ["a/b"],
        ["<script>"],
        ["127.0.0.1:80:80"],
        ["x" * 300 + "\x01"],
        ["one.example", "two.example"],
        [],
    ],
)
def test_a_bad_host_header_is_refused(server: Server, host: list[str]) -> None:
    head = b"GET / HTTP/1.1\r\n" + b"".join(f"Host: {h}\r\n".encode() for h in host)
    status, _, body = server.raw(head + b"Connection: close\r\n\r\n")
    assert status == 400 and b"Host" in body


def test_head_and_get_still_work(server: Server) -> None:
    for target in ("/widget.js", "/widget.css", "/vendor/socket.io.min.js", "/config.js"):
        status, headers, body = server.request("GET", target)
        assert status == 200 and body and int(headers["content-length"]) == len(body)
        status, headers, body = server.request("HEAD", target)
        assert (status, body) == (200, b"") and int(headers["content-length"]) > 0
    status, _, body = server.request("GET", "/?" + "q" * 5000, {"Host": "localhost"})
    assert status == 200 and b"<h1>" in body  # a long query is the page's to ignore
    assert server.request("GET", "/advisers", {"Host": "[::1]:8080"})[0] in (200, 401)
    # HTTP/1.0 needs no Host.
    assert server.raw(b"GET /widget.css HTTP/1.0\r\n\r\n")[0] == 200


def test_the_server_never_printed_a_traceback(server: Server) -> None:
    """Everything above went through the same server (the fixture checks again at the end)."""
    server.request("GET", "/")
    log = server.stderr.read_text()
    assert "Traceback" not in log, log
    assert "demo page shows no course cards" in log and "missing.db does not exist" in log, log


def test_static_files_are_regular_files_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.js").write_text("a")
    (tmp_path / ".secret").write_text("s")
    (tmp_path / "b.css").write_text("b")
    (tmp_path / "link.txt").symlink_to("/etc/passwd")
    (tmp_path / "outside").symlink_to("/etc", target_is_directory=True)
    assert static_files(tmp_path) == {"/sub/a.js", "/b.css"}
    assert static_files() == {
        "/widget.js",
        "/widget.css",
        "/vendor/socket.io.min.js",
        "/vendor/socket.io.min.js.sha256",
    }
