"""Language detection for replies in the learner's language."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.language import detect_language

HELDOUT = Path(__file__).parent / "nlu"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("How much is the fee?", "en"),
        ("can do online one or not", "en"),
        ("I'm 62, can I still join?", "en"),
        ("brp yuran", "ms"),
        ("Berapakah yuran mikro-kredensial?", "ms"),
        ("x ada had umur ke", "ms"),
        ("saya warga Indonesia, boleh daftar?", "ms"),
        ("ok", None),
        ("RM600?", None),
        ("", None),
    ],
)
def test_detects_the_language_of_short_messages(text: str, expected: str | None) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("language", ["en", "ms"])
def test_held_out_messages_are_never_given_the_other_language(language: str) -> None:
    data = yaml.safe_load((HELDOUT / f"heldout_{language}.yml").read_text(encoding="utf-8"))
    texts = [
        line.strip()[2:]
        for block in data["nlu"]
        for line in block["examples"].splitlines()
        if line.strip().startswith("- ")
    ]
    detected = [detect_language(t) for t in texts]
    wrong = [t for t, d in zip(texts, detected, strict=True) if d not in (language, None)]
    right = sum(d == language for d in detected)
    assert len(wrong) <= 0.03 * len(texts), wrong
    assert right >= 0.8 * len(texts)
