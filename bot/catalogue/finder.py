"""The catalogue as the dialogue sees it: look-ups and searches by what learners ask for.

:class:`Catalogue` wraps a session. Its :meth:`Catalogue.find` applies a
:class:`bot.understanding.SearchRequest`: the SQL filters of :func:`queries.search`, then
what SQL cannot say simply (a mode to leave out, the language of instruction, the programme a
credential counts towards, an order), and ranks by *topic*: how well the request's words meet
each credential's title, keywords, field and learning outcomes, weighted by how rare a word is
in the catalogue. The topic index is cached per database and rebuilt when the catalogue changes
(the same fingerprint the mention resolver uses).
"""

from __future__ import annotations

import difflib
import math
import re
import threading
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot import understanding
from bot import vocabulary as v
from bot.catalogue import mentions, queries, resolver
from bot.catalogue.models import Credential, Provider
from bot.catalogue.resolver import _content, _fingerprint, normalise

MIN_TOPIC_SHARE = 0.7  # keep credentials scoring at least this share of the best one
_STEM = 5  # words agree when their first letters do ("analytics" ~ "analysis" does not)


def _stem(word: str) -> str:
    word = re.sub(r"(?:ies|es|s)$", "", word) if len(word) > 4 else word
    return word[:_STEM] if len(word) > _STEM + 1 else word


def _words(text: str) -> list[str]:
    return [w for w in normalise(text).split() if len(w) > 1]


@dataclass
class _TopicIndex:
    strong: dict[str, set[str]]  # stem -> codes whose title, field or keywords have it
    weak: dict[str, set[str]]  # stem -> codes whose learning outcomes have it
    weights: dict[str, float]
    fields: list[str]  # the catalogue's words a request can name
    providers: list[tuple[str, str]]  # (short_name, name)
    programmes: list[str]
    titles: dict[str, set[str]]  # code -> the stems of its title
    field_stems: set[str]  # stems of the fields' names: subjects several credentials share


_lock = threading.Lock()
_indexes: dict[str, tuple[tuple, _TopicIndex]] = {}


def _topic_index(session: Session) -> _TopicIndex:
    bind = session.get_bind()
    key = f"{bind.url!r}#{id(bind)}"
    fingerprint = _fingerprint(session) + tuple(
        str(value)
        for value in session.execute(
            select(func.count(Provider.id), func.max(Provider.updated_at))
        ).one()
    )
    with _lock:
        cached = _indexes.get(key)
        if cached and cached[0] == fingerprint:
            return cached[1]
    strong: dict[str, set[str]] = {}
    weak: dict[str, set[str]] = {}
    rows = session.execute(
        select(
            Credential.code,
            Credential.title,
            Credential.keywords,
            Credential.field,
            Credential.learning_outcomes,
        )
    ).all()
    titles: dict[str, set[str]] = {}
    for code, title, keywords, field, outcomes in rows:
        titles[code] = {_stem(w) for w in _words(title)}
        for word in _words(" ".join([title, field, *(keywords or [])])):
            strong.setdefault(_stem(word), set()).add(code)
        for word in _words(" ".join(outcomes or [])):
            weak.setdefault(_stem(word), set()).add(code)
    total = max(len(rows), 1)
    stems = strong.keys() | weak.keys()
    weights = {
        s: math.log(1 + total / len(strong.get(s, set()) | weak.get(s, set()))) for s in stems
    }
    programmes = session.scalars(select(Credential.accredited_programme).distinct())
    fields = queries.fields(session)
    index = _TopicIndex(
        strong,
        weak,
        weights,
        fields=fields,
        providers=[(p.short_name, p.name) for p in queries.providers(session)],
        programmes=sorted(p for p in programmes if p),
        titles=titles,
        field_stems={_stem(w) for f in fields for w in _words(f)},
    )
    with _lock:
        _indexes[key] = (fingerprint, index)
    return index


_BACKGROUND = re.compile(rf"(?<![\w-])(?:{v.BACKGROUND_BEFORE})(?:\s+\S+){{0,2}}\s*$")
_COURSE_NEAR = re.compile(rf"(?<![\w-])(?:{v.NAMES_A_COURSE})(?![\w-])")
_SHORT = 8  # words: in a message this short, a keyword names its credential
_PARTS = ("keyword", "partial")  # the kinds of match that only part of a name makes
_MAX_SHARING = 8  # a subject shared by more credentials than this names none of them


def _meant(match: resolver.Match, text: str, norm: str) -> bool:
    """Whether a keyword or part of a title names a credential in ``text`` (``norm`` is it
    normalised): not after the learner's background ("my bachelor's is in accounting"); in a
    long message, only beside a course word or as an acronym (HIRARC). A code, a whole title or
    a near spelling of one always does."""
    if match.method not in _PARTS or not match.text:
        return True
    at = re.search(rf"(?<![\w-]){re.escape(match.text)}(?![\w-])", norm)
    if at is None:
        return True
    if _BACKGROUND.search(norm[: at.start()]):
        return False
    before, after = norm[: at.start()].split(), norm[at.end() :].split()
    near = " ".join(before[-3:] + after[:3])
    acronym = re.search(rf"\b{re.escape(match.text.upper())}\b", text) is not None
    return len(norm.split()) <= _SHORT or acronym or _COURSE_NEAR.search(near) is not None


def _rest_of_title_follows(match: resolver.Match, norm: str) -> bool:
    """Whether the words after a keyword spell, even misspelt, the rest of its credential's
    title ("cyber security esentials" is Cyber Security Essentials, "the cyber security
    course" is not)."""
    at = re.search(rf"(?<![\w-]){re.escape(match.text or '')}(?![\w-])", norm)
    if at is None:
        return False
    said = set(_words(match.text or ""))
    rest = [w for w in _words(match.title) if w not in said]
    following = _words(norm[at.end() :])[:3]
    return any(
        difflib.SequenceMatcher(None, word, title_word).ratio() >= 0.8
        for word in following
        for title_word in rest
        if len(title_word) > 3
    )


class Catalogue:
    """Read access to the catalogue for one turn of the conversation."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._words: _TopicIndex | None = None
        self._got: dict[str, Credential | None] = {}  # look-ups by code, once per turn

    @property
    def index(self) -> _TopicIndex:
        """The catalogue's word index, checked against the database once per turn."""
        if self._words is None:
            self._words = _topic_index(self.session)
        return self._words

    def get(self, code: str | None) -> Credential | None:
        if not code:
            return None
        if code not in self._got:
            self._got[code] = queries.get_by_code(self.session, code)
        return self._got[code]

    def many(self, codes: list[str]) -> list[Credential]:
        return queries.compare(self.session, codes)

    def count(self) -> int:
        return queries.count_credentials(self.session)

    def providers(self) -> list[Provider]:
        return queries.providers(self.session)

    def provider_names(self) -> list[tuple[str, str]]:
        """``(short_name, name)`` of every provider (cached with the topic index)."""
        return self.index.providers

    def fields(self) -> list[str]:
        return self.index.fields

    def programmes(self) -> list[str]:
        """The accredited programmes credentials count towards (cached)."""
        return self.index.programmes

    def best_in(self, codes: list[str], text: str) -> str | None:
        """The one credential among ``codes`` whose title shares the most words with ``text``
        ("the design one" after a list with Solar PV System Design), if exactly one does."""
        words = {_stem(w) for w in _content(resolver.tokens(text))}
        # "the polytechnic one", "yang Melayu tu": one of them by its provider or its language
        # (not "which universities offer these?")
        one = re.search(r"(?<![\w-])(?:one|yang|yg|tu|itu)(?![\w-])", normalise(text))
        words |= {_stem(m) for e, m in v.PROVIDER_KINDS.items() if _stem(e) in words}
        words |= {_stem(m) for e, m in v.LANGUAGE_NAMES.items() if _stem(e) in words}
        overlap = {}
        for credential in self.many(codes):
            title = {_stem(w) for w in _content(resolver.tokens(credential.title))}
            keywords = {_stem(w) for k in credential.keywords or [] for w in _words(k)}
            other = set()
            if one:
                provider = credential.provider
                named = f"{provider.short_name} {provider.name} {credential.language or ''}"
                other = {_stem(w) for w in _words(named)}
            overlap[credential.code] = (
                len(words & title) * 2 + len(words & keywords) + len(words & (other - title))
            )
        best = max(overlap.values(), default=0)
        winners = [code for code, score in overlap.items() if score == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def mentions(self, text: str, off_topic: bool = False) -> list:
        """The resolver's credential matches in ``text`` that name a credential (:func:`_meant`),
        without those inside the name of an accredited programme the text names ("Diploma in
        Hotel and Catering Management" is no mention of a catering credential). In a message
        the NLU calls ``off_topic``, a keyword alone names none ("reverse a list in Python")."""
        norm = normalise(text)
        matches = [
            m
            for m in resolver.find_in_text(self.session, text)
            if _meant(m, text, norm) and not (off_topic and m.method == "keyword")
        ]
        named = understanding.programme_named(text, self.programmes())
        if named:
            programme = normalise(named[0])  # the resolver's spelling of the spans it matched
            matches = [m for m in matches if (m.text or "") not in programme]
        return self._sharing_subject(matches, norm)

    def _sharing_subject(self, matches: list, text: str) -> list:
        """The matches, with every credential whose title, field or keywords share the words of
        a keyword or part of a title: "the marketing course" or "kursus kewangan islam" is any of
        several, so the learner is asked which, not told about the one whose keyword it is."""
        if not matches or any(m.method not in _PARTS for m in matches):
            return matches
        index = self.index
        found = list(matches)
        for match in matches:
            stems = {_stem(w) for w in _words(match.text or "")} - {
                _stem(w) for w in v.GENERIC_WORDS
            }
            if not stems or _rest_of_title_follows(match, text):
                continue
            sharing = set.intersection(*(index.strong.get(s, set()) for s in stems))
            if self._one_title_has(stems, sharing):
                continue  # "the taska course": the one whose title says so
            known = {m.code for m in found}
            for code in sorted(sharing - known):
                found.append(replace(match, code=code))
        return found if len(found) <= _MAX_SHARING else matches

    def _one_title_has(self, stems: set[str], codes: set[str]) -> bool:
        """Whether exactly one of ``codes`` has ``stems`` in its title and none of them is a
        field's word (a field is a subject several credentials share: "marketing", "halal")."""
        index = self.index  # cached with the catalogue: no query on this per-message path
        if stems & index.field_stems:
            return False
        return sum(stems <= index.titles.get(code, set()) for code in codes) == 1

    def named_parts(self, text: str) -> list[str]:
        """One credential for each part of "A and B", "A vs B", "A dengan B" that names one."""
        parts = re.split(r"\b(?:and|with|vs\.?|versus|or|against|dan|dengan|atau|lawan)\b|,", text)
        codes = []
        for part in parts:
            code, candidates = mentions.pick(self.mentions(part))
            code = code or (candidates[0] if len(candidates) == 1 else None)
            if code and code not in codes:
                codes.append(code)
        return codes

    def topic_scores(self, topics: list[str]) -> dict[str, float]:
        """How well each credential meets the topic words: words in its title, field or
        keywords count double those in its learning outcomes, and a credential needs at
        least one of the former to score at all."""
        index = self.index
        strong: dict[str, float] = {}
        weak: dict[str, float] = {}
        for word in [w for topic in topics for w in _words(topic)]:
            stem = _stem(word)
            weight = index.weights.get(stem, 0.0)
            for code in index.strong.get(stem, ()):
                strong[code] = strong.get(code, 0.0) + 2 * weight
            for code in index.weak.get(stem, set()) - index.strong.get(stem, set()):
                weak[code] = weak.get(code, 0.0) + weight
        return {code: score + weak.get(code, 0.0) for code, score in strong.items()}

    def find(
        self, request, within: list[str] | None = None, share: float = MIN_TOPIC_SHARE
    ) -> list[Credential]:
        """Credentials meeting ``request`` (a :class:`bot.understanding.SearchRequest`),
        best topic match first, else in the order asked for, else by title.

        Args:
            request: Filters, order and topics.
            within: Only these codes (the last list shown), when given.
            share: Keep credentials whose topic score is at least this share of the best.
        """
        found = queries.search(self.session, **request.filters)
        if within is not None:
            wanted = {c.lower() for c in within}
            found = [c for c in found if c.code.lower() in wanted]
        if request.exclude_mode:
            found = [c for c in found if c.mode != request.exclude_mode]
        if request.language:
            found = [c for c in found if request.language.lower() in (c.language or "").lower()]
        if request.exclude_provider:
            found = [c for c in found if c.provider.short_name != request.exclude_provider]
        if request.provider_kind:
            found = [c for c in found if request.provider_kind in c.provider.name.lower()]
        if request.programme:
            found = [c for c in found if c.accredited_programme == request.programme]
        if request.self_paced:
            found = [c for c in found if c.self_paced]
        if request.level:
            found = [c for c in found if c.mqf_level == request.level]
        if request.state:
            found = [c for c in found if request.state.lower() in (c.provider.state or "").lower()]
        if request.topics:
            scores = self.topic_scores(request.topics)
            best = max((scores.get(c.code, 0.0) for c in found), default=0.0)
            if best > 0:
                found = [c for c in found if scores.get(c.code, 0.0) >= best * share]
                found.sort(key=lambda c: -scores.get(c.code, 0.0))
            elif not (
                request.filters
                or request.sort
                or request.language
                or request.self_paced
                or request.state
                or request.exclude_mode
            ):  # words no course is about, and nothing else asked ("taught in Malay? my
                # english is not so good" still asks for courses in Malay)
                found = []
        if request.sort:
            key, descending = request.sort
            value = (lambda c: c.fee_rm) if key == "fee" else (lambda c: c.notional_hours)
            found.sort(key=value, reverse=descending)
        return found
