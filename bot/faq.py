"""The FAQ's answers, read from ``data/responses/faq.yml``: as the adviser page shows them, and as
the glossary reads them for the terms an answer uses.

Nothing is retyped here: each answer's English text is its unconditioned variation and its
Malay text the variation under ``condition: language ms``; paragraphs are split on blank lines
and the italic ``_Source: ..._`` paragraph is kept apart as the answer's source line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot import config, messages

FAQ_FILE = config.PROJECT_ROOT / "data" / "responses" / "faq.yml"
PREFIX = "utter_faq/"
# The sentence of an answer that states its caveat ("However, ...").
_CAVEAT_START = re.compile(r"^(However|Walau bagaimanapun),")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Text:
    """One language's answer: its paragraphs and its source line (without the underscores)."""

    paragraphs: list[str]
    source: str | None

    @classmethod
    def parse(cls, text: str) -> Text:
        paragraphs, source = [], None
        for paragraph in (p.strip() for p in text.split("\n\n")):
            if len(paragraph) > 2 and paragraph.startswith("_") and paragraph.endswith("_"):
                source = paragraph[1:-1]
            elif paragraph:
                paragraphs.append(paragraph)
        return cls(paragraphs, source)

    def caveat(self) -> str | None:
        """The sentence that starts with "However" (or the Malay "Walau bagaimanapun")."""
        for paragraph in self.paragraphs:
            for sentence in _SENTENCES.split(paragraph):
                if _CAVEAT_START.match(sentence):
                    return sentence
        return None


@dataclass(frozen=True)
class Answer:
    """One FAQ answer: ``topic`` as in ``utter_faq/<topic>``, its question, both languages."""

    topic: str
    response: str
    line: int
    question: str | None
    question_ms: str | None
    en: Text
    ms: Text | None

    def rules(self, language: str = "en") -> list[tuple[str, str]]:
        """``(letter, text)`` of the paragraphs written "a. ...", "b. ...", in ``language``."""
        text = self.ms if language == "ms" else self.en
        found = []
        for paragraph in text.paragraphs if text else []:
            match = re.match(r"^([a-z])\.\s+(.*)$", paragraph, re.S)
            if match:
                found.append((match.group(1), match.group(2)))
        return found


def _is_malay(variation: dict) -> bool:
    return any(
        c.get("type") == "slot" and c.get("name") == "language" and c.get("value") == "ms"
        for c in variation.get("condition") or []
    )


def _lines(path: Path) -> dict[str, int]:
    numbers = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = re.match(r"^\s+(utter_faq/\w+):\s*$", line)
        if match:
            numbers[match.group(1)] = number
    return numbers


@cache
def _load(path: Path) -> tuple[Answer, ...]:
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lines = _lines(path)
    answers = []
    for name, variations in (document.get("responses") or {}).items():
        if not name.startswith(PREFIX):
            continue
        topic = name[len(PREFIX) :]
        english = next((v for v in variations if not v.get("condition")), None)
        malay = next((v for v in variations if _is_malay(v)), None)
        if english is None:
            continue
        answers.append(
            Answer(
                topic=topic,
                response=name,
                line=lines.get(name, 0),
                question=messages.question(f"faq/{topic}", "en"),
                question_ms=messages.question(f"faq/{topic}", "ms"),
                en=Text.parse(english["text"]),
                ms=Text.parse(malay["text"]) if malay else None,
            )
        )
    return tuple(answers)


def answers(path: Path = FAQ_FILE) -> list[Answer]:
    """Every ``utter_faq/<topic>`` answer, in the file's order."""
    return list(_load(path))


def answer(topic: str, path: Path = FAQ_FILE) -> Answer | None:
    return next((a for a in _load(path) if a.topic == topic), None)
