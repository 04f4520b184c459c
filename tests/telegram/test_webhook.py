"""Webhook mode: the server accepts only requests that carry the secret token, and answers
400, with one log line and no traceback, to a body that is not a Telegram update."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest

from bot.telegram.app import Webhook
from tests.support.stack import free_port
from tests.telegram.conftest import RunningBot, message_update

SECRET = "s3cret_token-for-tests"


def test_webhook_checks_the_secret_header(start_bot: Callable[..., RunningBot]) -> None:
    webhook = Webhook(url="https://bot.example.org/telegram/hook", secret=SECRET, port=free_port())
    bot = start_bot(webhook=webhook)
    registered = bot.api.calls_to("setWebhook")[0]
    assert registered["url"] == webhook.url
    assert registered["secret_token"] == SECRET
    assert not bot.api.calls_to("getUpdates")

    endpoint = f"http://127.0.0.1:{webhook.port}/telegram/hook"
    update = json.dumps({"update_id": 1, **message_update("What is a micro-credential?")})
    headers = {"Content-Type": "application/json"}

    wrong = httpx.post(
        endpoint, content=update, headers={**headers, "X-Telegram-Bot-Api-Secret-Token": "nope"}
    )
    missing = httpx.post(endpoint, content=update, headers=headers)
    assert (wrong.status_code, missing.status_code) == (403, 403)

    right = httpx.post(
        endpoint, content=update, headers={**headers, "X-Telegram-Bot-Api-Secret-Token": SECRET}
    )
    assert right.status_code == 200
    sent = bot.api.wait_for("sendMessage")
    assert sent[0]["text"] == "echo: What is a micro-credential?"
    assert [r["message"] for r in bot.rasa.received] == ["What is a micro-credential?"]


def test_webhook_without_a_secret_is_refused() -> None:
    from bot.telegram.app import build_application, serve

    application = build_application("1:" + "a" * 35, "http://127.0.0.1:1")
    with pytest.raises(ValueError, match="secret"):
        serve(application, webhook=Webhook(url="https://x.org/t", secret=""))


NOT_UPDATES = {
    "garbage JSON": b'{"update_id": 1, "message": {',
    "a JSON array": b'[{"update_id": 1}]',
    "a JSON string": b'"hello"',
    "JSON null": b"null",
    "an object that is not an update": b'{"hello": "world"}',
    "an update_id that is not a number": b'{"update_id": "1"}',
    "a message of the wrong shape": b'{"update_id": 2, "message": "What is a micro-credential?"}',
    "a callback query of the wrong shape": b'{"update_id": 3, "callback_query": [1, 2]}',
    "an empty body": b"",
    "bytes that are not UTF-8": b"\xff\xfe\x00{",
}


def test_a_body_that_is_not_an_update_is_a_400_without_a_traceback(
    start_bot: Callable[..., RunningBot], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    webhook = Webhook(url="https://bot.example.org/hook", secret=SECRET, port=free_port())
    bot = start_bot(webhook=webhook)
    endpoint = f"http://127.0.0.1:{webhook.port}/hook"
    headers = {"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET}

    statuses = {
        what: httpx.post(endpoint, content=body, headers=headers).status_code
        for what, body in NOT_UPDATES.items()
    }
    assert statuses == dict.fromkeys(NOT_UPDATES, 400)
    assert not [r for r in caplog.records if r.exc_info], "a traceback was logged"
    assert "Traceback" not in caplog.text
    refusals = [r for r in caplog.records if r.getMessage().startswith("webhook: refused")]
    assert len(refusals) == len(NOT_UPDATES)
    assert all(r.levelno == logging.WARNING for r in refusals)

    # the server still serves: a real update (and Telegram's trailing slash) is handled
    update = json.dumps({"update_id": 9, **message_update("What is a micro-credential?")})
    assert httpx.post(endpoint + "/", content=update, headers=headers).status_code == 200
    assert bot.api.wait_for("sendMessage")[0]["text"] == "echo: What is a micro-credential?"
    assert [r["message"] for r in bot.rasa.received] == ["What is a micro-credential?"]
    assert not [r for r in caplog.records if r.exc_info]


def test_only_post_to_the_webhook_path_is_served(start_bot: Callable[..., RunningBot]) -> None:
    webhook = Webhook(url="https://bot.example.org/hook", secret=SECRET, port=free_port())
    start_bot(webhook=webhook)
    base = f"http://127.0.0.1:{webhook.port}"
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    assert httpx.get(f"{base}/hook", headers=headers).status_code == 405
    assert httpx.post(f"{base}/other", headers=headers, content=b"{}").status_code == 404
