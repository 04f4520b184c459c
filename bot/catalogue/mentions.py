"""Decide which credential a message is about, from the resolver's ranked matches."""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalogue.resolver import Match

CONFIDENT = 0.75  # a lone match at least this good is taken without asking
PLAUSIBLE = 0.6  # weaker matches are only offered as choices
CLOSE = 0.1  # matches within this of the best one are equally plausible
# A code or a whole title typed outranks a keyword, part of a title or a near spelling, however
# close their scores ("ECE-150 Amalan Asuhan ..." is not also "ECE" the keyword of ECE-101).
_WHOLE = ("code", "exact")


def pick(matches: Sequence[Match]) -> tuple[str | None, list[str]]:
    """``(code, [])`` when one credential is meant, ``(None, codes)`` when it is ambiguous."""
    plausible = [m for m in matches if m.score >= PLAUSIBLE]
    if not plausible:
        return None, []
    best = plausible[0]
    rivals = [
        m.code
        for m in plausible
        if m.score >= best.score - CLOSE and (m.method in _WHOLE or best.method not in _WHOLE)
    ]
    if len(rivals) > 1:
        return None, list(dict.fromkeys(rivals))
    return best.code, []


def all_named(matches: Sequence[Match]) -> list[str]:
    """Every credential named in a message (for comparisons), best first."""
    return list(dict.fromkeys(m.code for m in matches if m.score >= CONFIDENT))


def named(matches: Sequence[Match]) -> tuple[list[str], list[str]]:
    """``(named, candidates)``: the credentials a message names (one, or several as in "compare
    A and B"), or, when a name fits several equally well, none and those candidates.

    Of several names, only those that explain the message about as well as the best one are
    kept ("Hotel Revenue Management ... a hospitality degree" names one credential, not the
    one whose keyword is "hospitality").
    """
    typed = list(dict.fromkeys(m.code for m in matches if m.method == "code"))
    if len(typed) > 1:
        return typed, []  # "fees for MKT-220 and HLT-210?": codes typed are no ambiguity
    code, candidates = pick(matches)
    if candidates:
        return [], candidates
    whole = [m for m in matches if m.method in _WHOLE]
    matches = whole or matches  # a code or title typed: other kinds of match are not names
    codes = all_named(matches) or ([code] if code else [])
    best = max((m.score for m in matches if m.code in codes), default=0.0)
    return [m.code for m in matches if m.code in codes and m.score >= best - CLOSE - 0.05], []
