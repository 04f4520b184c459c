"""Tell the advisers' Telegram chat (``ADVISER_CHAT_ID``) of a new handoff request.

Sent by the action server with python-telegram-bot's ``Bot`` as the bot that serves learners
(``TELEGRAM_TOKEN``, and ``TELEGRAM_API_URL`` for a local Bot API server). Without a chat id or
a token nothing is sent: the request still waits in the adviser page's queue.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import TelegramError

from bot import config
from bot.telegram.app import api_urls

log = logging.getLogger(__name__)
TIMEOUT = 10.0  # seconds for the Bot API to answer


async def notify_advisers(text: str) -> bool:
    """Send ``text`` to the advisers' chat; whether it was sent (never raises)."""
    chat_id, token = config.adviser_chat_id(), config.telegram_token()
    if not chat_id or not token:
        return False
    urls = {}
    base_url = config.telegram_api_url()
    if base_url:
        urls["base_url"], urls["base_file_url"] = api_urls(base_url)
    try:
        async with Bot(token, **urls) as bot:
            await bot.send_message(
                chat_id,
                text,
                read_timeout=TIMEOUT,
                write_timeout=TIMEOUT,
                connect_timeout=TIMEOUT,
                pool_timeout=TIMEOUT,
            )
        return True
    except (TelegramError, OSError):
        log.exception("could not tell the advisers' chat %s of a handoff request", chat_id)
        return False
