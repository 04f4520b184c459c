"""Bilingual texts that custom actions compose, read from ``bot/messages.yml``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

ENGLISH = "en"
_PATH = Path(__file__).with_name("messages.yml")


@cache
def _messages() -> dict:
    return yaml.safe_load(_PATH.read_text(encoding="utf-8"))


def render(key: str, language: str | None, **values: object) -> str:
    """The text ``key`` in ``language`` (English when missing), formatted with ``values``."""
    texts = _messages()[key]
    return texts.get(language or ENGLISH, texts[ENGLISH]).format(**values)


def question(intent: str, language: str | None) -> str | None:
    """The canonical question answered by ``intent`` (e.g. ``faq/fee``), if it has one."""
    texts = _messages()["questions"].get(intent)
    return texts and texts.get(language or ENGLISH, texts[ENGLISH])
