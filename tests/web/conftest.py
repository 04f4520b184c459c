"""Fixtures for the widget's browser tests: Debian's Chromium driven by Playwright.

The demo server (``bot.web.server``) runs in a thread and points the page at the real Rasa
server of the ``stack`` fixture. Every test gets a fresh browser context, so localStorage
(the widget's session id and history) starts empty, and fails on any uncaught page error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.web.server import make_server, serve_in_thread
from tests.support.stack import ROOT, Stack, free_port

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-artifacts"
REPLY_TIMEOUT = 30_000  # ms: a Rasa turn with a custom action on a busy machine


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: `apt-get install chromium` (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _demo_server(rasa_url: str, database_url: str | None = None) -> Iterator[str]:
    server = make_server("127.0.0.1", free_port(), rasa_url, database_url=database_url)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def demo_url(stack: Stack) -> Iterator[str]:
    """The demo page, its widget connected to the real Rasa server."""
    yield from _demo_server(stack.rasa_url, stack.database_url)


@pytest.fixture(scope="session")
def offline_demo_url() -> Iterator[str]:
    """The demo page with its widget pointed at a port where nothing listens."""
    yield from _demo_server(f"http://127.0.0.1:{free_port()}")


@pytest.fixture
def context(browser) -> Iterator:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-GB")
    context.set_default_timeout(REPLY_TIMEOUT)
    yield context
    context.close()


@pytest.fixture
def page(context) -> Iterator:
    """A fresh page that records uncaught errors and dialogs; the test fails on either."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"uncaught error: {error}"))

    def on_dialog(dialog) -> None:
        problems.append(f"dialog: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.problems = problems  # type: ignore[attr-defined]
    yield page
    assert not problems, problems


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
