"""Rasa buttons as Telegram inline keyboards, within Telegram's 64-byte ``callback_data``.

A button's ``callback_data`` is what Telegram hands back when it is tapped, and it may hold
at most 64 bytes of UTF-8. Rasa payloads are often longer: a whole question ("Can
micro-credentials be recognised for credit in an academic programme?") or an intent with
entities in Malay. So:

- a payload that fits (and does not start with :data:`KEY_PREFIX`) is sent as it is, and
  works for as long as the message exists, across restarts;
- a longer payload is replaced by a short key, ``KEY_PREFIX`` + a hash of the payload,
  mapped back to the payload in a :class:`PayloadStore`, an LRU dict capped at a number of
  entries (10,000 by default). The key is derived from the payload, so the same button in
  many messages takes one entry.

The store lives in the process's memory. The trade-off: nothing to run or back up, but a
restart (or eviction after 10,000 newer long payloads) forgets the keys, and tapping such a
button on an old message gets a polite "that button has expired, please type your question".
Short payloads are unaffected. Keeping buttons working across restarts would take a shared
store (Redis, the tracker database), which a single polling process does not need.

PTB's own ``arbitrary_callback_data`` solves the same problem, but it routes every button
through its cache (short payloads too) and needs an extra dependency; this is less.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from collections.abc import Iterable, Mapping
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "#k:"
DEFAULT_CAPACITY = 10_000
# Buttons whose titles are all at most this long share rows, up to ROW_WIDTH a row.
SHORT_TITLE = 20
ROW_WIDTH = 3


class PayloadStore:
    """Maps short callback keys back to long payloads; least recently used entries go first."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError("capacity must be at least 1")
        self.capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def __len__(self) -> int:
        return len(self._payloads)

    def callback_data(self, payload: str) -> str:
        """What to put in ``callback_data`` for ``payload``: itself, or a stored key."""
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_BYTES and not payload.startswith(
            KEY_PREFIX
        ):
            return payload
        digest = hashlib.sha256(payload.encode("utf-8")).digest()[:18]
        key = KEY_PREFIX + base64.urlsafe_b64encode(digest).decode("ascii")
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> str | None:
        """The payload behind ``callback_data``; ``None`` for an unknown or evicted key."""
        if not callback_data.startswith(KEY_PREFIX):
            return callback_data
        payload = self._payloads.get(callback_data)
        if payload is not None:
            self._payloads.move_to_end(callback_data)
        return payload


def inline_keyboard(
    buttons: Iterable[Mapping[str, Any]], store: PayloadStore
) -> InlineKeyboardMarkup | None:
    """Rasa's ``[{"title", "payload"}]`` as an inline keyboard; ``None`` when there are none.

    Short titles share rows; when any title is long, each button gets a row of its own so
    that Telegram does not cut the titles.
    """
    keys = []
    for button in buttons:
        title = str(button.get("title") or button.get("payload") or "").strip()
        payload = str(button.get("payload") or title)
        if title:
            keys.append(InlineKeyboardButton(title, callback_data=store.callback_data(payload)))
    if not keys:
        return None
    width = ROW_WIDTH if all(len(key.text) <= SHORT_TITLE for key in keys) else 1
    return InlineKeyboardMarkup([keys[i : i + width] for i in range(0, len(keys), width)])


def title_of(markup: InlineKeyboardMarkup | None, callback_data: str) -> str | None:
    """The title of the button in ``markup`` that carries ``callback_data``."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == callback_data:
                return button.text
    return None
