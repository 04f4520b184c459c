"""Bilingual texts that custom actions compose, read from ``bot/texts/*.yml``.

One file per concern (general, catalogue, pathways); each maps a key to its English (``en``)
and Bahasa Melayu (``ms``) text. Keys are unique across the files.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

ENGLISH = "en"
TEXTS = Path(__file__).with_name("texts")


@cache
def _messages() -> dict:
    merged: dict = {}
    for path in sorted(TEXTS.glob("*.yml")):
        texts = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        clash = merged.keys() & texts.keys()
        if clash:
            raise ValueError(f"{path.name} repeats text keys: {sorted(clash)}")
        merged.update(texts)
    return merged


def render(key: str, language: str | None, **values: object) -> str:
    """The text ``key`` in ``language`` (English when missing), formatted with ``values``."""
    texts = _messages()[key]
    return texts.get(language or ENGLISH, texts[ENGLISH]).format(**values)


def options(key: str, language: str | None) -> list[dict[str, str]]:
    """The answer buttons ``<key>_options`` (``title`` and ``payload`` each) in ``language``."""
    texts = _messages()[f"{key}_options"]
    return [dict(option) for option in texts.get(language or ENGLISH, texts[ENGLISH])]


def question(intent: str, language: str | None) -> str | None:
    """The canonical question answered by ``intent`` (e.g. ``faq/fee``), if it has one."""
    texts = _messages()["questions"].get(intent)
    return texts and texts.get(language or ENGLISH, texts[ENGLISH])
