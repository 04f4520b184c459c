"""Resolve free-text mentions ("dta analytics", "keselamatan siber") to catalogue credentials.

Method. Every credential contributes *aliases*: its code, its title and each keyword (Malay
synonyms included). Text is normalised (Unicode NFKD with diacritics removed, case-folded,
punctuation dropped), tokenised with spaCy's rule-based English tokenizer (``spacy.blank("en")``,
no model download) and stripped of stop words. A mention is then scored against each alias:

- ``code``: the mention is the code (``dsc-101``, ``DSC 101``, ``dsc101``) → 1.0;
- ``exact``: the normalised mention equals the normalised title → 1.0;
- ``keyword``: it equals a normalised keyword → 0.95;
- ``partial`` / ``fuzzy``: token alignment. Each mention token is paired one-to-one with the
  alias token it is closest to by Levenshtein distance (spaCy's C implementation), allowing
  one edit for 3-5 letter words and two for longer ones, or a prefix of 4+ letters ("intro").
  Tokens are weighted by inverse document frequency over the catalogue, so "analytics" counts
  for more than "data". The score mixes precision (how much of the mention is explained) and
  coverage (how much of the alias is matched), ``0.6 P + 0.4 R``, scaled by 0.9 when every
  pair is identical (``partial``) and by 0.85 times the mean similarity otherwise (``fuzzy``).

Each credential keeps its best alias; results are ranked by score. An unambiguous mention thus
scores well above the runner-up, and ties show real ambiguity (a keyword shared by two).

:func:`find_in_text` finds mentions inside a sentence by scoring every span of up to six
content words and keeping the best non-overlapping spans.

The index is built from the database on first use and cached, keyed on the database URL and a
cheap fingerprint (count, max id, max ``updated_at``), so a credential added by an import is
resolvable on the next call without a restart.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalogue.models import Credential

SIMILARITY_THRESHOLD = 0.6  # ignore token pairs below this
MIN_SCORE = 0.3  # resolve(): ignore weaker matches
MIN_TEXT_SCORE = 0.45  # find_in_text(): a mention inside a sentence needs more evidence
MAX_SPAN = 6
LONGER_SPAN_SCORE = 0.6  # a longer span this good explains the shorter matches inside it
SHARED_KEYWORD_SCORE = 0.8  # an exact keyword that several credentials share
CACHE_SIZE = 32  # databases whose index is kept

# Function words in Malay, and words people add around a credential name in either language.
# They are dropped from mentions only when the catalogue itself never uses them.


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


MALAY_STOP_WORDS = _words(
    "dan atau untuk dengan yang di ke dari dalam pada ini itu ialah adalah saya kami anda apa "
    "berapa bagaimana boleh tentang"
)
FILLER_WORDS = _words(
    "course courses kursus module modul class programme program micro credential credentials "
    "microcredential microcredentials mikro kredensial fee fees yuran price cost harga "
    "tell info information maklumat details"
)


@dataclass(frozen=True)
class Match:
    """A credential a mention may refer to; ``score`` is a 0..1 confidence."""

    code: str
    title: str
    score: float
    method: str  # 'code' | 'exact' | 'keyword' | 'partial' | 'fuzzy'
    text: str | None = None  # find_in_text(): the words of the sentence that matched


@cache
def _tokenizer():
    import spacy

    return spacy.blank("en").tokenizer


@cache
def _english_stop_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(STOP_WORDS)


def normalise(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, collapse spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    cleaned = re.sub(r"[^\w]+", " ", stripped.casefold().replace("_", " "))
    return " ".join(cleaned.split())


def tokens(text: str) -> list[str]:
    """Normalised word tokens of ``text`` (spaCy tokenizer on the normalised string)."""
    return [t.text for t in _tokenizer()(normalise(text)) if not t.is_space]


def _compact(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", normalise(text))


@dataclass
class _Alias:
    credential: int  # index into _Index.credentials
    kind: str  # 'title' | 'keyword'
    norm: str
    words: tuple[str, ...]  # content words


@dataclass(frozen=True)
class _Scored:
    score: float
    method: str
    strong: bool  # enough evidence for find_in_text()


@dataclass
class _Index:
    credentials: list[tuple[str, str]]  # (code, title)
    codes: dict[str, int]  # compact code -> credential index
    aliases: list[_Alias]
    by_word: dict[str, list[int]]  # content word -> alias indexes
    weights: dict[str, float]
    vocabulary: frozenset[str]
    default_weight: float
    code_pattern: re.Pattern[str] | None
    keyword_owners: dict[str, set[int]]
    similar: dict[str, tuple[tuple[str, float], ...]] = field(default_factory=dict)


def _content(words: list[str], vocabulary: frozenset[str] | None = None) -> list[str]:
    stop = _english_stop_words() | MALAY_STOP_WORDS
    if vocabulary is not None:  # a mention: also drop fillers the catalogue never uses
        stop = stop | (FILLER_WORDS - vocabulary)
    content = [w for w in words if w not in stop]
    return content if content or vocabulary is not None else words


def _build(rows: list[tuple[str, str, list[str] | None]]) -> _Index:
    credentials, codes, aliases = [], {}, []
    for position, (code, title, keywords) in enumerate(rows):
        credentials.append((code, title))
        codes[_compact(code)] = position
        seen = set()
        for kind, text in [("title", title)] + [("keyword", k) for k in keywords or []]:
            norm = normalise(text)
            if not norm or norm in seen:
                continue
            seen.add(norm)
            words = tuple(dict.fromkeys(_content(tokens(text))))
            aliases.append(_Alias(position, kind, norm, words))
    keyword_owners: dict[str, set[int]] = {}
    for alias in aliases:
        if alias.kind == "keyword":
            keyword_owners.setdefault(alias.norm, set()).add(alias.credential)
    by_word: dict[str, list[int]] = {}
    document_words: dict[str, set[int]] = {}
    for number, alias in enumerate(aliases):
        for word in alias.words:
            by_word.setdefault(word, []).append(number)
            document_words.setdefault(word, set()).add(alias.credential)
    total = max(len(credentials), 1)
    weights = {w: math.log(1 + total / len(docs)) for w, docs in document_words.items()}
    code_pattern = None
    if credentials:
        parts = []
        for code, _ in sorted(credentials, key=lambda c: -len(c[0])):
            pieces = re.findall(r"[0-9a-z]+", normalise(code))
            parts.append(r"[\s\-_./]?".join(re.escape(p) for p in pieces))
        code_pattern = re.compile(r"(?<![0-9a-z])(" + "|".join(parts) + r")(?![0-9a-z])")
    return _Index(
        credentials=credentials,
        codes=codes,
        aliases=aliases,
        by_word=by_word,
        weights=weights,
        vocabulary=frozenset(by_word),
        default_weight=math.log(1 + total),
        code_pattern=code_pattern,
        keyword_owners=keyword_owners,
    )


def _allowed_edits(a: str, b: str) -> int:
    shorter = min(len(a), len(b))
    if shorter < 3 or a.isdigit() or b.isdigit():
        return 0
    return 1 if max(len(a), len(b)) <= 5 else 2


def _similar_words(index: _Index, word: str) -> tuple[tuple[str, float], ...]:
    """Catalogue words close to ``word`` with a 0..1 similarity, memoised per index."""
    found = index.similar.get(word)
    if found is not None:
        return found
    from spacy.matcher.levenshtein import levenshtein

    pairs = []
    for candidate in index.vocabulary:
        if candidate == word:
            pairs.append((candidate, 1.0))
            continue
        if abs(len(candidate) - len(word)) > 2 and not (
            len(word) >= 4 and candidate.startswith(word)
        ):
            continue
        allowed = _allowed_edits(word, candidate)
        similarity = 0.0
        if allowed:
            distance = levenshtein(word, candidate, allowed + 1)
            if distance <= allowed:
                similarity = 1 - distance / max(len(word), len(candidate))
        if len(word) >= 4 and candidate.startswith(word):
            similarity = max(similarity, 0.8)
        if similarity >= SIMILARITY_THRESHOLD:
            pairs.append((candidate, similarity))
    found = tuple(pairs)
    if len(index.similar) < 50_000:
        index.similar[word] = found
    return found


def _score_words(index: _Index, words: list[str]) -> dict[int, _Scored]:
    """Token-alignment score of ``words`` against every alias sharing a (similar) word."""
    candidates: dict[int, dict[str, list[tuple[str, float]]]] = {}
    for word in words:
        for target, similarity in _similar_words(index, word):
            for alias_number in index.by_word[target]:
                candidates.setdefault(alias_number, {}).setdefault(word, []).append(
                    (target, similarity)
                )
    best: dict[int, _Scored] = {}
    for alias_number, options in candidates.items():
        alias = index.aliases[alias_number]
        pairs = sorted(
            ((sim, word, target) for word, found in options.items() for target, sim in found),
            reverse=True,
        )
        used_words, used_targets, matched = set(), set(), []
        for similarity, word, target in pairs:
            if word in used_words or target in used_targets:
                continue
            used_words.add(word)
            used_targets.add(target)
            matched.append((similarity, word, target))
        alias_weight = sum(index.weights[w] for w in alias.words) or 1.0
        # A matched mention word weighs what its catalogue counterpart weighs ("dta" as "data").
        mention_weight = sum(index.weights[t] for _, _, t in matched) + sum(
            index.weights.get(w, index.default_weight) for w in words if w not in used_words
        )
        matched_weight = sum(index.weights[t] * s for s, _, t in matched)
        recall = matched_weight / alias_weight
        precision = matched_weight / (mention_weight or 1.0)
        score = 0.6 * precision + 0.4 * recall
        if alias.kind == "keyword" and len(index.keyword_owners[alias.norm]) > 1:
            score *= SHARED_KEYWORD_SCORE / 0.9  # never above an exact shared keyword
        if all(s == 1.0 for s, _, _ in matched):
            method, score = "partial", 0.9 * score
        else:
            mean = sum(s for s, _, _ in matched) / len(matched)
            method, score = "fuzzy", 0.85 * mean * score
        # Enough evidence to claim a mention inside a sentence: two words, or most of the alias.
        strong = len(matched) >= 2 or recall >= 0.66
        credential = alias.credential
        if credential not in best or score > best[credential].score:
            best[credential] = _Scored(score, method, strong)
    return best


def _score_mention(index: _Index, text: str) -> dict[int, _Scored]:
    norm = normalise(text)
    if not norm:
        return {}
    results: dict[int, _Scored] = {}

    def offer(credential: int, score: float, method: str, strong: bool = True) -> None:
        if credential not in results or score > results[credential].score:
            results[credential] = _Scored(round(min(score, 1.0), 3), method, strong)

    compact = _compact(text)
    if compact in index.codes:
        offer(index.codes[compact], 1.0, "code")
    elif 4 <= len(compact) <= 12 and any(ch.isdigit() for ch in compact):
        # A mistyped code ("dsc-11", "dcs101"): one edit away from a real one.
        from spacy.matcher.levenshtein import levenshtein

        for code, credential in index.codes.items():
            if levenshtein(compact, code, 2) <= 1:
                offer(credential, 0.6, "fuzzy")
    for alias in index.aliases:
        if alias.norm == norm:
            if alias.kind == "title":
                offer(alias.credential, 1.0, "exact")
            else:
                # A keyword only one credential has identifies it; a shared one is weaker.
                shared = len(index.keyword_owners.get(alias.norm, ())) > 1
                offer(alias.credential, SHARED_KEYWORD_SCORE if shared else 0.95, "keyword")
    words = list(dict.fromkeys(_content(tokens(text), index.vocabulary)))
    if words:
        for credential, scored in _score_words(index, words).items():
            offer(credential, scored.score, scored.method, scored.strong)
    return results


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.entries: dict[str, tuple[tuple, _Index]] = {}


_cache = _Cache()


def _fingerprint(session: Session) -> tuple:
    row = session.execute(
        select(func.count(Credential.id), func.max(Credential.id), func.max(Credential.updated_at))
    ).one()
    return tuple(str(value) for value in row)


def _index(session: Session) -> _Index:
    bind = session.get_bind()
    key = f"{bind.url!r}#{id(bind)}"
    fingerprint = _fingerprint(session)
    with _cache.lock:
        entry = _cache.entries.get(key)
        if entry is not None and entry[0] == fingerprint:
            return entry[1]
    rows = session.execute(
        select(Credential.code, Credential.title, Credential.keywords).order_by(Credential.code)
    ).all()
    index = _build([tuple(row) for row in rows])
    with _cache.lock:
        _cache.entries.pop(key, None)
        while len(_cache.entries) >= CACHE_SIZE:
            _cache.entries.pop(next(iter(_cache.entries)))
        _cache.entries[key] = (fingerprint, index)
    return index


def _ranked(
    index: _Index, scores: dict[int, _Scored], minimum: float, limit: int | None
) -> list[Match]:
    matches = [
        Match(index.credentials[i][0], index.credentials[i][1], scored.score, scored.method)
        for i, scored in scores.items()
        if scored.score >= minimum
    ]
    matches.sort(key=lambda m: (-m.score, m.code))
    return matches if limit is None else matches[:limit]


def resolve(session: Session, mention: str, limit: int = 5) -> list[Match]:
    """The credentials ``mention`` most likely names, best first (at most ``limit``)."""
    if not mention or not mention.strip():
        return []
    index = _index(session)
    return _ranked(index, _score_mention(index, mention), MIN_SCORE, limit)


def find_in_text(session: Session, text: str, limit: int = 5) -> list[Match]:
    """Credentials mentioned anywhere in ``text`` ("how much is the cyber security one?").

    Scores every span of up to six content words (plus codes anywhere in the text), keeps the
    best non-overlapping spans, and returns one match per credential, best first; ``Match.text``
    holds the words that matched.
    """
    if not text or not text.strip():
        return []
    index = _index(session)
    found: list[tuple[float, int, int, int, str, str]] = []  # score, start, end, cred, method
    norm = normalise(text)
    if index.code_pattern is not None:
        for hit in index.code_pattern.finditer(norm):
            credential = index.codes.get(_compact(hit.group(0)))
            if credential is not None:
                found.append((1.0, -1, -1, credential, "code", hit.group(0)))
    all_words = tokens(text)
    content = set(_content(all_words, index.vocabulary))
    positions = [i for i, word in enumerate(all_words) if word in content]
    for start in range(len(positions)):
        for end in range(start + 1, min(start + MAX_SPAN, len(positions)) + 1):
            # The span keeps the stop words between its content words, so that a full title
            # ("data analytics with python") still matches exactly.
            span = " ".join(all_words[positions[start] : positions[end - 1] + 1])
            for credential, scored in _score_mention(index, span).items():
                if scored.strong and scored.score >= MIN_TEXT_SCORE:
                    found.append((scored.score, start, end, credential, scored.method, span))
    found.sort(key=lambda f: (-f[0], f[1] - f[2]))
    best: dict[int, Match] = {}
    kept_spans: list[tuple[set[int], float]] = []
    covered: dict[int, set[int]] = {}
    for score, start, end, credential, method, span in found:
        positions = set(range(start, end))
        if credential in best:
            # The same credential over more of the message ("solar pv sysem design" after
            # "solar pv"): it covers those words too, so shorter rivals inside give way.
            near_best = score >= max(LONGER_SPAN_SCORE, best[credential].score - 0.1)
            if near_best and covered[credential] < positions:
                covered[credential] = positions
            continue
        # Skip a span whose words another credential already explained better: with a clearly
        # higher score, or as part of a longer span scoring at least as high.
        strong = score >= LONGER_SPAN_SCORE
        if any(
            (other - score > 0.02 and positions & kept and not (kept < positions and strong))
            or (other >= score and positions < kept)
            for kept, other in kept_spans
        ):
            continue
        kept_spans.append((positions, score))
        code, title = index.credentials[credential]
        best[credential] = Match(code, title, score, method, span)
        covered[credential] = positions
    # A short match inside a good longer one ("ai" in "generative ai") is explained by it.
    for credential, positions in list(covered.items()):
        if positions and any(
            positions < other and best[c].score >= LONGER_SPAN_SCORE
            for c, other in covered.items()
            if c != credential and c in best
        ):
            best.pop(credential, None)
    matches = sorted(best.values(), key=lambda m: (-m.score, m.code))
    return matches[:limit]
