"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.stack import MODEL, Stack
from tests.telegram.conftest import TOKEN, FakeBotApi

ADVISERS_CHAT_ID = "-100777"

_MEASUREMENTS: dict[str, str] = {}


@pytest.fixture(scope="session")
def measurements() -> dict[str, str]:
    """Numbers a test measured; printed at the end of the run."""
    return _MEASUREMENTS


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _MEASUREMENTS:
        terminalreporter.section("measured")
        for name, value in _MEASUREMENTS.items():
            terminalreporter.write_line(f"{name}: {value}")


@pytest.fixture(scope="session")
def advisers_chat() -> Iterator[FakeBotApi]:
    """The fake Bot API the stack's action server tells of handoff requests."""
    api = FakeBotApi().start()
    yield api
    api.stop()


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory, advisers_chat: FakeBotApi) -> Iterator[Stack]:
    """The real action server and Rasa server, with a seeded sample catalogue; handoff
    requests are told to chat ``ADVISERS_CHAT_ID`` of the fake Bot API ``advisers_chat``."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    data_dir = tmp_path_factory.mktemp("stack")
    running = Stack(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'catalogue.db'}",
        extra_env={
            "TELEGRAM_TOKEN": TOKEN,
            "TELEGRAM_API_URL": advisers_chat.base_url,
            "ADVISER_CHAT_ID": ADVISERS_CHAT_ID,
            # The browser tests serve the demo page on ports of their own; the origins rule
            # itself is tested on a stack of its own (tests/test_production.py).
            "WIDGET_ORIGINS": "*",
        },
    )
    running.seed().start()
    try:
        yield running
    finally:
        running.stop()
