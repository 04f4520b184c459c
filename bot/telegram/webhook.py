"""Webhook mode: a small tornado server that hands Telegram's POSTs to the ``Application``.

PTB's own webhook server (``Application.run_webhook``) answers HTTP 500 to a body that is
not JSON and logs a traceback at CRITICAL for JSON that is not an update. This one is built
the way PTB's custom-webhook examples build theirs (updates go into the application's
``update_queue``) and answers:

- 403 to a request without Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header equal to
  the secret (compared in constant time);
- 400 to a body that is not a Telegram update (not JSON, not an object, no ``update_id``,
  fields of the wrong shape), with one warning line in the log and no traceback;
- 200 to an update, which is then handled like one fetched by long polling.

Imported only in webhook mode: tornado comes with ``python-telegram-bot[webhooks]``.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from typing import TYPE_CHECKING, Any, NoReturn

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

if TYPE_CHECKING:
    from bot.telegram.app import Webhook

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024  # Telegram's updates are a few kilobytes


class UpdateHandler(tornado.web.RequestHandler):
    """``POST <webhook path>``: one update from Telegram."""

    SUPPORTED_METHODS = ("POST",)  # type: ignore[assignment]

    def initialize(self, bot_application: Application, secret: str) -> None:
        self.bot_application = bot_application
        self.secret = secret

    async def post(self) -> None:
        given = self.request.headers.get(SECRET_HEADER, "")
        if not hmac.compare_digest(given.encode("utf-8"), self.secret.encode("utf-8")):
            log.info("webhook: refused a request from %s: wrong secret", self.request.remote_ip)
            raise tornado.web.HTTPError(403)
        await self.bot_application.update_queue.put(self._update())

    def _update(self) -> Update:
        try:
            data: Any = json.loads(self.request.body)
        except ValueError:  # also a body that is not UTF-8
            self._refuse("a body that is not JSON")
        if not isinstance(data, dict):
            self._refuse(f"a JSON {type(data).__name__} instead of an update")
        if not isinstance(data.get("update_id"), int) or isinstance(data["update_id"], bool):
            self._refuse("a JSON object without an update_id")
        # PTB raises TypeError, KeyError, AttributeError... for an update of a bad shape.
        try:
            return Update.de_json(data, self.bot_application.bot)
        except Exception as exc:
            self._refuse(f"an update of the wrong shape ({type(exc).__name__}: {exc})")

    def _refuse(self, what: str) -> NoReturn:
        log.warning("webhook: refused %s from %s", what, self.request.remote_ip)
        raise tornado.web.HTTPError(400, reason="Not a Telegram update")


def _log_request(handler: tornado.web.RequestHandler) -> None:
    log.debug(
        "webhook: %d %s (%s)", handler.get_status(), handler.request.uri, handler.request.remote_ip
    )


def web_application(application: Application, webhook: Webhook) -> tornado.web.Application:
    """The tornado application serving ``webhook.path`` for ``application``."""
    route = "/" + re.escape(webhook.path) + "/?" if webhook.path else "/"
    handler_args = {"bot_application": application, "secret": webhook.secret}
    return tornado.web.Application(
        [(route, UpdateHandler, handler_args)], log_function=_log_request
    )


def run_webhook(
    application: Application,
    webhook: Webhook,
    *,
    allowed_updates: list[str],
    drop_pending_updates: bool = False,
    handle_signals: bool = True,
) -> None:
    """Serve ``webhook`` until SIGINT/SIGTERM or ``application.stop_running()``.

    Runs the application's lifecycle as ``Application.run_webhook`` does (initialize,
    ``post_init``, setWebhook, start; then stop, ``post_stop``, shutdown, ``post_shutdown``)
    on the thread's event loop, which is closed at the end.
    """
    try:
        loop = asyncio.get_event_loop()
    except RuntimeError:  # none in this thread (e.g. after asyncio.run)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
    server = tornado.httpserver.HTTPServer(
        web_application(application, webhook), max_body_size=MAX_BODY_BYTES
    )
    if handle_signals:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, loop.stop)

    async def start() -> None:
        await application.initialize()
        if application.post_init:
            await application.post_init(application)
        await application.bot.set_webhook(
            webhook.url,
            secret_token=webhook.secret,
            allowed_updates=allowed_updates,
            drop_pending_updates=drop_pending_updates,
        )
        server.listen(webhook.port, address=webhook.listen)
        await application.start()

    async def stop() -> None:
        server.stop()
        await server.close_all_connections()
        if application.running:
            await application.stop()
            if application.post_stop:
                await application.post_stop(application)
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)

    try:
        loop.run_until_complete(start())
        loop.run_forever()  # until loop.stop(): a signal, or application.stop_running()
    except (KeyboardInterrupt, SystemExit):
        log.debug("stopping the webhook server")
    finally:
        try:
            loop.run_until_complete(stop())
        finally:
            if handle_signals:
                for sig in (signal.SIGINT, signal.SIGTERM):
                    loop.remove_signal_handler(sig)
            loop.close()
