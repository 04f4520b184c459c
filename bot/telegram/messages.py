"""The Telegram front end's own texts, read from ``messages.yml`` beside this module."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from bot.telegram.payloads import ENGLISH, MALAY

_PATH = Path(__file__).with_name("messages.yml")

# Telegram language codes whose users are answered in Malay (Indonesian reads close enough).
MALAY_CODES = frozenset({"ms", "id"})


@cache
def _messages() -> dict:
    return yaml.safe_load(_PATH.read_text(encoding="utf-8"))


def text(key: str, language: str | None) -> str:
    """The text ``key`` in ``language``, English when missing."""
    texts = _messages()[key]
    return texts.get(language or ENGLISH, texts[ENGLISH])


def commands(language: str) -> list[tuple[str, str]]:
    """``(command, description)`` pairs for Telegram's command menu."""
    menu = _messages()["commands"]
    return [(name, texts.get(language, texts[ENGLISH])) for name, texts in menu.items()]


def language_names() -> dict[str, str]:
    """Each supported language's name, written in that language."""
    return dict(_messages()["language_names"])


def language_from_code(language_code: str | None) -> str:
    """Map a Telegram ``language_code`` (``"ms"``, ``"en-GB"``...) to ``"ms"`` or ``"en"``."""
    base = (language_code or "").split("-")[0].lower()
    return MALAY if base in MALAY_CODES else ENGLISH
