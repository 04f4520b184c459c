"""The Telegram bot: each message goes to Rasa's REST channel, Rasa's replies come back.

Shaped like python-telegram-bot's echobot: small handlers, ``build_application`` that wires
them into an ``Application``, ``serve`` that runs it by long polling or as a webhook, and one
error handler. The conversation (what to answer) is Rasa's; this module only carries text,
buttons and images between the two, and speaks for itself only in /help, when Rasa is
unavailable, when a message is not text and when something fails.

Every chat is one Rasa conversation whose sender, ``conversation_id(chat_id)``, cannot be
guessed from the chat id. Rasa's replies are sent as HTML: all of their text escaped, whole
lines in Markdown italics (the ``_Source: ..._`` line) shown in italics. Updates of different
chats are handled concurrently; those of one chat in order (a lock per chat).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import html
import logging
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatAction, MessageLimit, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot import config
from bot.language import detect_language
from bot.telegram import messages, payloads
from bot.telegram.keyboards import DEFAULT_CAPACITY, PayloadStore, inline_keyboard, title_of
from bot.telegram.rasa import DEFAULT_TIMEOUT, RasaClient, RasaRefused, RasaUnavailable

log = logging.getLogger(__name__)

# Keys of application.bot_data and chat_data.
RASA = "rasa"
STORE = "payload_store"
LANGUAGE = "language"
LOCK = "lock"

TYPING_EVERY = 4.5  # seconds; Telegram shows "typing..." for about 5 s per action
CONCURRENT_UPDATES = 64
SENDER_PREFIX = "telegram-"

# A whole line in Markdown italics, as Rasa writes an answer's source ("_Source: ..._"): an
# underscore, text that neither starts nor ends with a space and holds underscores only inside
# words (a_b, as Markdown reads them), an underscore.
ITALIC_LINE = re.compile(r"(\s*)_(?!\s)((?:[^_]|(?<=[^\W_])_(?=[^\W_]))+)(?<!\s)_(\s*)")


# --- helpers -----------------------------------------------------------------------------


def conversation_id(chat_id: int) -> str:
    """The Rasa sender of the chat ``chat_id``: ``telegram-`` and 32 hex digits of an
    HMAC-SHA256 of the chat id keyed with the salt (``MICROCRED_SALT``), so that knowing a
    chat id is not enough to read or write its conversation through the REST channel."""
    digest = hmac.new(config.salt(), str(chat_id).encode("ascii"), hashlib.sha256).hexdigest()
    return SENDER_PREFIX + digest[:32]


def to_html(text: str) -> str:
    """``text`` as Telegram HTML: everything escaped, each whole line ``_..._`` in ``<i>``.

    Underscores anywhere else (a URL, snake_case, "_x" in a sentence) stay as they are."""
    lines = []
    for line in text.split("\n"):
        italic = ITALIC_LINE.fullmatch(line)
        if italic:
            lead, inner, trail = italic.groups()
            lines.append(f"{lead}<i>{html.escape(inner, quote=False)}</i>{trail}")
        else:
            lines.append(html.escape(line, quote=False))
    return "\n".join(lines)


def chat_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> str:
    """The chat's language: last chosen or detected, else the user's Telegram language."""
    if context.chat_data and context.chat_data.get(LANGUAGE):
        return context.chat_data[LANGUAGE]
    user = update.effective_user
    return messages.language_from_code(user.language_code if user else None)


def _remember_language(context: ContextTypes.DEFAULT_TYPE, language: str | None) -> None:
    if language and context.chat_data is not None:
        context.chat_data[LANGUAGE] = language


def split_text(text: str, limit: int = MessageLimit.MAX_TEXT_LENGTH) -> list[str]:
    """Cut ``text`` into messages of at most ``limit`` characters, at a line break or a
    space when there is one in the second half of the piece. Telegram counts UTF-16 units."""
    chunks = []
    while _utf16_len(text) > limit:
        head = text[: _fitting_chars(text, limit)]
        cut = head.rfind("\n")
        if cut < len(head) // 2:
            cut = head.rfind(" ")
        if cut < len(head) // 2:
            chunks.append(head)
            text = text[len(head) :]
        else:
            chunks.append(head[:cut])
            text = text[cut + 1 :]
    chunks.append(text)
    return [chunk for chunk in chunks if chunk.strip()]


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting_chars(text: str, limit: int) -> int:
    units = 0
    for index, char in enumerate(text):
        units += 2 if ord(char) > 0xFFFF else 1
        if units > limit:
            return index
    return len(text)


@contextlib.asynccontextmanager
async def typing(update: Update) -> AsyncIterator[None]:
    """Show "typing..." in the chat until the block ends (Rasa may take seconds)."""
    chat = update.effective_chat

    async def keep_typing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            with contextlib.suppress(TelegramError):
                await chat.send_action(ChatAction.TYPING)

    with contextlib.suppress(TelegramError):
        await chat.send_action(ChatAction.TYPING)
    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


def _chat_lock(context: ContextTypes.DEFAULT_TYPE) -> asyncio.Lock:
    return context.chat_data.setdefault(LOCK, asyncio.Lock())


async def relay(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """Send ``message`` to Rasa as this chat, and Rasa's replies to the chat."""
    chat, user = update.effective_chat, update.effective_user
    rasa: RasaClient = context.bot_data[RASA]
    async with _chat_lock(context):
        try:
            async with typing(update):
                replies = await rasa.send(
                    sender=conversation_id(chat.id),
                    message=message,
                    metadata={
                        "channel": "telegram",
                        "language_code": user.language_code if user else None,
                    },
                )
        except RasaUnavailable as exc:  # RasaRefused: our configuration, not an outage
            level = logging.ERROR if isinstance(exc, RasaRefused) else logging.WARNING
            log.log(level, "chat %s: %s", chat.id, exc)
            await chat.send_message(messages.text("unavailable", chat_language(update, context)))
            return
        for index, reply in enumerate(replies):
            following = replies[index + 1] if index + 1 < len(replies) else {}
            await send_reply(update, context, reply, payloads.feedback_source(following))


def _with_votes(
    markup: InlineKeyboardMarkup | None, source: str, store: PayloadStore
) -> InlineKeyboardMarkup:
    """``markup`` with a last row of 👍/👎 for the answer from ``source``."""
    votes = [
        InlineKeyboardButton(emoji, callback_data=store.callback_data(payload))
        for emoji, payload in (
            (emoji, payloads.feedback(vote, source)) for vote, emoji in payloads.VOTES.items()
        )
    ]
    rows = list(markup.inline_keyboard) if markup else []
    return InlineKeyboardMarkup([*rows, votes])


async def send_reply(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    reply: dict[str, Any],
    feedback: str | None = None,
) -> None:
    """One Rasa reply as Telegram messages: text (split if long, then each part made HTML)
    with its buttons, image; an answer whose source is ``feedback`` gets 👍/👎 under it."""
    chat = update.effective_chat
    if payloads.feedback_source(reply):
        return  # the marker itself: its buttons went under the answer before it
    text = str(reply.get("text") or "")
    markup = inline_keyboard(reply.get("buttons") or (), context.bot_data[STORE])
    if feedback and text.strip():
        markup = _with_votes(markup, feedback, context.bot_data[STORE])
    if markup and not text.strip():
        text = messages.text("choose", chat_language(update, context))
    chunks = split_text(text)
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        await chat.send_message(
            to_html(chunk), parse_mode=ParseMode.HTML, reply_markup=markup if last else None
        )
    if reply.get("image"):
        await chat.send_photo(str(reply["image"]))
    if reply.get("custom") is not None:
        log.debug("chat %s: skipped a custom payload %r", chat.id, reply["custom"])


# --- handlers ----------------------------------------------------------------------------


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Relay a typed message to Rasa."""
    text = update.effective_message.text
    _remember_language(context, detect_language(text))
    await relay(update, context, text)


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A message without text (sticker, photo, voice, location...): a hint to type instead.
    Rasa is not asked: it reads only text."""
    async with _chat_lock(context):
        await update.effective_chat.send_message(
            messages.text("text_only", chat_language(update, context))
        )


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/start``: Rasa greets the user in the language of their Telegram app."""
    user = update.effective_user
    language = messages.language_from_code(user.language_code if user else None)
    _remember_language(context, language)
    await relay(update, context, payloads.greet(language))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/help`` (and unknown commands): what the bot answers, and its commands."""
    await update.effective_chat.send_message(messages.text("help", chat_language(update, context)))


async def lang(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/lang ms|en`` sets the language; ``/lang`` alone offers a keyboard to choose."""
    choice = (context.args or [""])[0].lower()
    if choice in payloads.LANGUAGES:
        _remember_language(context, choice)
        await relay(update, context, payloads.set_language(choice))
        return
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(name, callback_data=payloads.set_language(code))]
            for code, name in messages.language_names().items()
        ]
    )
    await update.effective_chat.send_message(
        messages.text("choose_language", chat_language(update, context)), reply_markup=keyboard
    )


async def catalogue(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/catalogue [text]``: search the catalogue, or count it when there is no text."""
    query = " ".join(context.args or ()).strip()
    language = chat_language(update, context)
    payload = payloads.catalogue_search(query, language) if query else payloads.catalogue_count()
    await relay(update, context, payload)


async def advise(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``/advise``: start the recognition-pathway advice."""
    await relay(update, context, payloads.start_advising())


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A tapped inline button: answer the query, retire the keyboard, relay the payload."""
    query = update.callback_query
    store: PayloadStore = context.bot_data[STORE]
    payload = store.payload(query.data or "")
    if payload is None:
        await query.answer(messages.text("expired_button", chat_language(update, context)))
        await _retire_keyboard(query.message, None)
        return
    await query.answer()
    if payloads.is_feedback(payload):
        await _retire_votes(query.message)
    else:
        await _retire_keyboard(query.message, title_of(_markup(query.message), query.data))
    _remember_language(context, payloads.language_of(payload))
    await relay(update, context, payload)


def _markup(message: object) -> InlineKeyboardMarkup | None:
    return message.reply_markup if isinstance(message, Message) else None


async def _retire_keyboard(message: object, choice: str | None) -> None:
    """Remove the keyboard so it is not tapped twice, showing the choice under the text."""
    if not isinstance(message, Message):  # too old to edit (InaccessibleMessage) or absent
        return
    try:
        if choice and message.text:
            shown = f"{message.text}\n\n» {choice}"
            if _utf16_len(shown) <= MessageLimit.MAX_TEXT_LENGTH:
                # text_html keeps the message's own formatting (the italic source line).
                shown = f"{message.text_html}\n\n» {html.escape(choice, quote=False)}"
                await message.edit_text(shown, parse_mode=ParseMode.HTML, reply_markup=None)
                return
        await message.edit_reply_markup(reply_markup=None)
    except BadRequest as exc:  # e.g. "message is not modified" after a double tap
        log.debug("could not retire keyboard of message %s: %s", message.message_id, exc)


async def _retire_votes(message: object) -> None:
    """Remove the 👍/👎 row (voted once), keeping the answer's other buttons."""
    markup = _markup(message)
    if markup is None:
        return
    rows = [
        row
        for row in markup.inline_keyboard
        if not any(button.text in payloads.VOTES.values() for button in row)
    ]
    try:
        await message.edit_reply_markup(reply_markup=InlineKeyboardMarkup(rows) if rows else None)
    except BadRequest as exc:
        log.debug("could not retire the votes of message %s: %s", message.message_id, exc)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every error not handled elsewhere and, when there is a chat, apologise."""
    log.error("error while handling an update", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        with contextlib.suppress(TelegramError):
            await update.effective_chat.send_message(
                messages.text("error", chat_language(update, context))
            )


# --- the application ---------------------------------------------------------------------


async def post_init(application: Application) -> None:
    """Register the command menu, in English and for Malay-speaking users in Malay."""
    await application.bot.set_my_commands(_commands(payloads.ENGLISH))
    for code in sorted(messages.MALAY_CODES):
        await application.bot.set_my_commands(_commands(payloads.MALAY), language_code=code)


def _commands(language: str) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in messages.commands(language)]


async def post_shutdown(application: Application) -> None:
    """Close the connections to Rasa."""
    await application.bot_data[RASA].aclose()


def api_urls(base_url: str) -> tuple[str, str]:
    """The Bot API base URL and base file URL PTB wants, from e.g. ``http://host:8081``.

    A URL ending in ``/bot`` or holding ``{token}`` is taken as PTB takes it."""
    base_url = base_url.rstrip("/")
    if "{token}" in base_url:
        return base_url, base_url.replace("/bot{token}", "/file/bot{token}")
    root = base_url.removesuffix("/bot")
    return root + "/bot", root + "/file/bot"


def build_application(
    token: str,
    rasa_url: str,
    *,
    base_url: str | None = None,
    rasa_timeout: float = DEFAULT_TIMEOUT,
    rest_token: str | None = None,
    store_capacity: int = DEFAULT_CAPACITY,
) -> Application:
    """The bot's ``Application``, with every handler; nothing is contacted yet.

    Args:
        token: The bot token from @BotFather.
        rasa_url: Base URL of the Rasa server with the REST channel enabled.
        base_url: Bot API server (a local Bot API server, or the tests' fake); Telegram's
            when ``None``.
        rasa_timeout: Seconds to wait for Rasa before saying it is unavailable.
        rest_token: Bearer token of Rasa's REST channel; ``None``: ``REST_TOKEN``.
        store_capacity: How many long button payloads to remember (see ``keyboards``).
    """
    builder = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(post_init)
        .post_shutdown(post_shutdown)
    )
    if base_url:
        api, files = api_urls(base_url)
        builder = builder.base_url(api).base_file_url(files)
    application = builder.build()
    if rest_token is None:
        rest_token = config.rest_token()
    application.bot_data[RASA] = RasaClient(rasa_url, timeout=rasa_timeout, token=rest_token)
    application.bot_data[STORE] = PayloadStore(store_capacity)

    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_command))
    application.add_handler(CommandHandler("lang", lang))
    application.add_handler(CommandHandler("catalogue", catalogue))
    application.add_handler(CommandHandler("advise", advise))
    application.add_handler(MessageHandler(filters.COMMAND, help_command))
    application.add_handler(
        MessageHandler(filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text)
    )
    application.add_handler(
        MessageHandler(
            filters.UpdateType.MESSAGE & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other
        )
    )
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_error_handler(on_error)
    return application


@dataclass(frozen=True)
class Webhook:
    """Where Telegram posts updates, and where this process listens for them.

    Telegram needs HTTPS on port 443, 80, 88 or 8443: put a TLS-terminating reverse proxy in
    front of ``listen:port`` that forwards ``url``'s path unchanged.
    """

    url: str
    secret: str
    listen: str = "127.0.0.1"
    port: int = 8443

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.strip("/")


def serve(
    application: Application,
    *,
    webhook: Webhook | None = None,
    drop_pending_updates: bool = False,
    handle_signals: bool = True,
) -> None:
    """Run until stopped: by long polling, or as a webhook when ``webhook`` is given.

    The webhook server (:mod:`bot.telegram.webhook`) rejects (403) every request without
    Telegram's ``X-Telegram-Bot-Api-Secret-Token`` header equal to ``webhook.secret``, and
    (400) every body that is not a Telegram update.
    ``handle_signals=False`` (for a thread other than the main one) installs no handlers
    of SIGINT/SIGTERM; stop the application with ``application.stop_running()`` instead.
    """
    updates = [Update.MESSAGE, Update.CALLBACK_QUERY]
    if webhook is None:
        signals: dict[str, Any] = {} if handle_signals else {"stop_signals": None}
        application.run_polling(
            allowed_updates=updates, drop_pending_updates=drop_pending_updates, **signals
        )
        return
    if not webhook.secret:
        raise ValueError("webhook mode needs a secret token")
    from bot.telegram.webhook import run_webhook  # tornado: only in webhook mode

    run_webhook(
        application,
        webhook,
        allowed_updates=updates,
        drop_pending_updates=drop_pending_updates,
        handle_signals=handle_signals,
    )
