"""``microcred telegram``: run the Telegram front end.

Long polling by default: nothing to expose, works behind NAT. With a webhook URL
(--webhook-url or TELEGRAM_WEBHOOK_URL) it listens on --listen and --port for Telegram's
POSTs instead, and refuses to start without a secret token (--webhook-secret or
TELEGRAM_WEBHOOK_SECRET) that Telegram sends back in every request's
X-Telegram-Bot-Api-Secret-Token header.

Startup problems (no token, a malformed or rejected token, an unreachable Bot API, an unusable
setting) end the command with one line on stderr and a non-zero exit status. Settings are read
through :mod:`bot.config`; the options override them.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import logging
import re
import sys
from typing import TYPE_CHECKING

from bot import config

if TYPE_CHECKING:
    from bot.telegram.app import Webhook

TOKEN_ENV = "TELEGRAM_TOKEN"
WEBHOOK_URL_ENV = "TELEGRAM_WEBHOOK_URL"
WEBHOOK_SECRET_ENV = "TELEGRAM_WEBHOOK_SECRET"
API_URL_ENV = "TELEGRAM_API_URL"
DEFAULT_PORT = 8443

# BotFather's tokens: the bot's numeric id, a colon, about 35 URL-safe characters.
TOKEN_PATTERN = re.compile(r"\d{1,20}:[A-Za-z0-9_-]{30,50}")
# What Telegram accepts as a webhook secret token.
SECRET_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,256}")

EXIT_USAGE = 2
EXIT_FAILURE = 1


class StartupError(Exception):
    """A problem that stops the bot from starting; its message is shown as is."""

    def __init__(self, message: str, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``telegram`` subcommand."""
    parser = subparsers.add_parser(
        "telegram",
        help="run the Telegram bot (long polling, or a webhook)",
        description=__doc__.split("\n\n")[1],
    )
    parser.add_argument(
        "--token", help=f"bot token from @BotFather (default: ${TOKEN_ENV})", default=None
    )
    parser.add_argument(
        "--rasa-url",
        help="Rasa server with the REST channel (default: $RASA_URL or http://localhost:5005)",
    )
    parser.add_argument(
        "--rasa-timeout",
        type=float,
        default=30.0,
        help="seconds to wait for Rasa before telling the user it is unavailable (default: 30)",
    )
    parser.add_argument(
        "--webhook-url",
        help=f"public HTTPS URL Telegram posts updates to; turns on webhook mode "
        f"(default: ${WEBHOOK_URL_ENV}; unset: long polling)",
    )
    parser.add_argument(
        "--webhook-secret",
        help=f"secret Telegram sends with every webhook request, 1-256 of A-Z a-z 0-9 _ - "
        f"(default: ${WEBHOOK_SECRET_ENV}; required in webhook mode)",
    )
    parser.add_argument(
        "--listen",
        default="127.0.0.1",
        help="address the webhook server listens on (default: 127.0.0.1; 0.0.0.0 in a container)",
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port the webhook server listens on (default: {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--base-url",
        help=f"Bot API server, e.g. a local one at http://localhost:8081 "
        f"(default: ${API_URL_ENV} or Telegram's)",
    )
    parser.add_argument(
        "--drop-pending-updates",
        action="store_true",
        help="ignore the messages sent while the bot was not running",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Check the settings and the token, then serve until interrupted."""
    from bot.telegram.app import build_application, serve

    try:
        token = check_token(args.token or config.telegram_token())
        webhook = webhook_settings(args)
        base_url = args.base_url or config.telegram_api_url() or None
        rasa_url = args.rasa_url or config.rasa_url()
        rest_token = config.rest_token()
        config.salt()  # the conversation ids' key: made (or found unreadable) now, not later
        _configure_logging()
        username = asyncio.run(who_am_i(token, base_url))
    except StartupError as exc:
        print(f"microcred telegram: error: {exc}", file=sys.stderr)
        return exc.status
    except (config.SettingError, OSError) as exc:
        print(f"microcred telegram: error: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, config.SettingError) else EXIT_FAILURE
    if not rest_token:
        logging.getLogger(__name__).warning(
            "REST_TOKEN is not set: Rasa's REST channel will refuse the relay's messages"
        )
    application = build_application(
        token, rasa_url, base_url=base_url, rasa_timeout=args.rasa_timeout, rest_token=rest_token
    )
    mode = f"webhook {webhook.url} on {webhook.listen}:{webhook.port}" if webhook else "polling"
    logging.getLogger(__name__).info("@%s starting (%s)", username, mode)
    serve(
        application,
        webhook=webhook,
        drop_pending_updates=args.drop_pending_updates,
    )
    return 0


def check_token(token: str) -> str:
    """The token, stripped; :class:`StartupError` when it is missing or malformed."""
    token = token.strip()
    if not token:
        raise StartupError(
            f"no Telegram bot token: set {TOKEN_ENV} or pass --token "
            "(create a bot with @BotFather to get one)",
            EXIT_USAGE,
        )
    if not TOKEN_PATTERN.fullmatch(token):
        raise StartupError(
            f"malformed Telegram bot token in {TOKEN_ENV}/--token: expected "
            "<digits>:<about 35 letters, digits, - or _> as @BotFather gives it",
            EXIT_USAGE,
        )
    return token


def webhook_settings(args: argparse.Namespace) -> Webhook | None:
    """The webhook to serve, or ``None`` for long polling."""
    from bot.telegram.app import Webhook

    url = args.webhook_url or config.telegram_webhook_url()
    if not url:
        return None
    secret = args.webhook_secret or config.telegram_webhook_secret()
    if not secret:
        raise StartupError(
            f"webhook mode needs a secret: set {WEBHOOK_SECRET_ENV} or pass --webhook-secret",
            EXIT_USAGE,
        )
    if not SECRET_PATTERN.fullmatch(secret):
        raise StartupError("the webhook secret may only hold 1-256 of A-Z a-z 0-9 _ -", EXIT_USAGE)
    if importlib.util.find_spec("tornado") is None:
        raise StartupError(
            "webhook mode needs python-telegram-bot[webhooks] (tornado), which is not installed"
        )
    return Webhook(url=url, secret=secret, listen=args.listen, port=args.port)


async def who_am_i(token: str, base_url: str | None) -> str:
    """Ask the Bot API who the token belongs to (getMe); the bot's username."""
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError

    from bot.telegram.app import api_urls

    urls = {}
    if base_url:
        urls["base_url"], urls["base_file_url"] = api_urls(base_url)
    where = base_url or "api.telegram.org"
    try:
        async with Bot(token, **urls) as bot:
            return bot.username
    except InvalidToken:
        raise StartupError(
            f"Telegram rejected the token (getMe: 401 Unauthorized): check {TOKEN_ENV}/--token"
        ) from None
    except NetworkError as exc:
        raise StartupError(f"cannot reach the Telegram Bot API at {where}: {exc}") from None


def _configure_logging() -> None:
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level="INFO")
    # httpx logs every request at INFO, and the Bot API's URLs hold the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def main(argv: list[str] | None = None) -> int:
    """``python -m bot.telegram.cli``: the subcommand on its own."""
    parser = argparse.ArgumentParser(prog="microcred")
    add_parser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["telegram", *(argv if argv is not None else sys.argv[1:])])
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
