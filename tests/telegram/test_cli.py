"""``microcred telegram`` refuses to start with one clear line when the settings are wrong."""

from __future__ import annotations

import argparse

import pytest

from bot.telegram import cli
from tests.support.stack import free_port
from tests.telegram.conftest import TOKEN, FakeBotApi

ENV = (
    "TELEGRAM_TOKEN", "TELEGRAM_WEBHOOK_URL", "TELEGRAM_WEBHOOK_SECRET", "TELEGRAM_API_URL",
    "RASA_URL",
)  # fmt: skip


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    status = cli.main(list(argv))
    err = capsys.readouterr().err
    return status, err


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_missing_token_names_the_variable(capsys) -> None:
    status, err = run(capsys)
    assert status != 0
    assert "TELEGRAM_TOKEN" in one_line(err)


def test_malformed_token(capsys, monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_TOKEN", "not-a-token")
    status, err = run(capsys)
    assert status != 0
    assert "malformed" in one_line(err)


def test_token_rejected_by_the_bot_api(capsys, bot_api: FakeBotApi) -> None:
    other = "987654321:" + "B" * 35
    status, err = run(capsys, "--token", other, "--base-url", bot_api.base_url)
    assert status != 0
    assert "Telegram rejected the token" in one_line(err)
    assert other not in err


def test_bot_api_unreachable(capsys) -> None:
    where = f"http://127.0.0.1:{free_port()}"
    status, err = run(capsys, "--token", TOKEN, "--base-url", where)
    assert status != 0
    assert f"cannot reach the Telegram Bot API at {where}" in one_line(err)


def test_webhook_mode_needs_a_secret(capsys, monkeypatch) -> None:
    monkeypatch.setenv("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/telegram")
    status, err = run(capsys, "--token", TOKEN)
    assert status != 0
    assert "TELEGRAM_WEBHOOK_SECRET" in one_line(err)


def test_webhook_secret_must_be_what_telegram_accepts(capsys) -> None:
    status, err = run(
        capsys, "--token", TOKEN, "--webhook-url", "https://x.org/t", "--webhook-secret", "a b"
    )
    assert status != 0
    assert "secret" in one_line(err)


def test_an_unusable_rasa_url_names_the_variable(capsys, monkeypatch) -> None:
    monkeypatch.setenv("RASA_URL", "localhost:5005")
    status, err = run(capsys, "--token", TOKEN)
    assert status != 0
    assert "RASA_URL" in one_line(err)


def test_settings_come_from_the_environment(capsys, monkeypatch, bot_api: FakeBotApi) -> None:
    other = "987654321:" + "B" * 35
    monkeypatch.setenv("TELEGRAM_TOKEN", f" {other} ")
    monkeypatch.setenv("TELEGRAM_API_URL", bot_api.base_url)
    status, err = run(capsys)
    assert status != 0
    assert "Telegram rejected the token" in one_line(err)  # the fake Bot API was asked


def test_every_option_has_help() -> None:
    parser = argparse.ArgumentParser()
    command = cli.add_parser(parser.add_subparsers())
    options = [a for a in command._actions if a.option_strings]
    assert {o for a in options for o in a.option_strings} >= {
        "--token", "--rasa-url", "--webhook-url", "--webhook-secret", "--listen", "--port",
        "--base-url",
    }  # fmt: skip
    assert all(a.help for a in options)
    assert command.get_default("func") is cli.run
    assert command.parse_args([]).port == 8443


def test_nothing_is_built_on_import() -> None:
    import subprocess
    import sys

    code = (
        "import sys, bot.telegram.cli, bot.telegram.app; "
        "import gc; from telegram.ext import Application; "
        "print(sum(isinstance(o, Application) for o in gc.get_objects()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
