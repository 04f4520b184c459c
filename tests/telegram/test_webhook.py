"""Webhook mode: PTB's server accepts only requests that carry the secret token."""

from __future__ import annotations

import json
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
