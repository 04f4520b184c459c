"""Decide which credential a message is about, from the resolver's ranked matches."""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalogue.resolver import Match

CONFIDENT = 0.75  # a lone match at least this good is taken without asking
PLAUSIBLE = 0.6  # weaker matches are only offered as choices
CLOSE = 0.1  # matches within this of the best one are equally plausible


def pick(matches: Sequence[Match]) -> tuple[str | None, list[str]]:
    """``(code, [])`` when one credential is meant, ``(None, codes)`` when it is ambiguous."""
    plausible = [m for m in matches if m.score >= PLAUSIBLE]
    if not plausible:
        return None, []
    best = plausible[0]
    rivals = [m.code for m in plausible if m.score >= best.score - CLOSE]
    if len(rivals) > 1:
        return None, list(dict.fromkeys(rivals))
    return best.code, []


def all_named(matches: Sequence[Match]) -> list[str]:
    """Every credential named in a message (for comparisons), best first."""
    return list(dict.fromkeys(m.code for m in matches if m.score >= CONFIDENT))
