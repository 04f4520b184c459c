"""Turn a learner's search request into catalogue filters.

"online courses under RM600" -> ``{"mode": "online", "max_fee": 600}``;
"kursus sains data bawa kredit" -> ``{"field": "Data Science", "type": "credit-bearing"}``.
Words that name no filter are ignored; a request naming nothing matches everything.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.catalogue.resolver import normalise

_MODES = (
    ("blended", r"blended|hybrid|hibrid|campuran|mixed"),
    (
        "conventional",
        r"conventional|konvensional|face[- ]to[- ]face|bersemuka|in[- ]person"
        r"|physical|fizikal|on campus|classroom",
    ),
    ("online", r"online|dalam talian|atas talian|e-?learning|remote|virtual"),
)
_TYPES = (
    ("credit-bearing", r"credit[- ]?bearing|bawa kredit|berkredit|with credits?|for credit"),
    ("standalone", r"standalone|stand[- ]alone|berdiri sendiri|non[- ]credit|tanpa kredit"),
)
_BELOW = (
    r"(?:under|below|less than|cheaper than|max(?:imum)?|at most|up to|within"
    r"|bawah|kurang(?: dari(?:pada)?)?|tak lebih|<=?)"
)
_FEE = re.compile(rf"{_BELOW}\s*(?:rm|myr)?\s*(\d{{3,5}})")
_HOURS = re.compile(rf"{_BELOW}\s*(\d{{1,3}})\s*(?:h|hours?|hrs?|jam)\b")
# Malay field words learners use, mapped to words of the catalogue's English field names.
_FIELD_SYNONYMS = {
    "sains data": "data science",
    "keselamatan siber": "cybersecurity",
    "siber": "cybersecurity",
    "kecerdasan buatan": "artificial intelligence",
    "ai": "artificial intelligence",
    "pemasaran digital": "digital marketing",
    "kewangan islam": "islamic finance",
    "industri halal": "halal",
    "tenaga boleh baharu": "renewable energy",
    "keusahawanan": "entrepreneurship",
    "pertanian": "agriculture",
    "pelancongan": "tourism",
    "hospitaliti": "hospitality",
    "kesihatan": "healthcare",
    "keselamatan pekerjaan": "occupational safety",
    "awal kanak-kanak": "early childhood",
}


def parse_search(text: str, fields: Iterable[str], providers: Iterable[tuple[str, str]]) -> dict:
    """Filters for :func:`bot.catalogue.queries.search` named in ``text``.

    Args:
        text: the learner's message.
        fields: the catalogue's field names.
        providers: ``(short_name, name)`` of each provider.
    """
    lowered = f" {normalise(text)} "
    for malay, english in _FIELD_SYNONYMS.items():
        lowered = re.sub(rf"\b{re.escape(malay)}\b", english, lowered)
    found: dict = {}
    for value, pattern in _MODES:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            found["mode"] = value
            break
    for value, pattern in _TYPES:
        if re.search(rf"\b(?:{pattern})\b", lowered):
            found["type"] = value
            break
    if fee := _FEE.search(lowered):
        found["max_fee"] = int(fee.group(1))
    if hours := _HOURS.search(lowered):
        found["max_hours"] = int(hours.group(1))
    for field in fields:
        words = [w for w in normalise(field).replace(" and ", " ").split() if len(w) > 2]
        if words and any(
            re.search(rf"\b{re.escape(w)}\b", lowered) for w in words if w != "industry"
        ):
            found["field"] = field
            break
    for short_name, name in providers:
        if (
            re.search(rf"\b{re.escape(normalise(short_name))}\b", lowered)
            or normalise(name) in lowered
        ):
            found["provider"] = short_name
            break
    return found
