"""The words the answers use, explained: the glossary in ``data/glossary.yml``.

Each term has, in English and Malay, a short plain definition and the question a button asks
for it ("What is APEL C?"), the words learners and the answers name it by, the sources its
definition comes from, and the FAQ answer it leads on to. Pure functions of text, like
:mod:`bot.understanding`; :mod:`bot.dialogue` decides when a message asks for a term
(:func:`asked`) and offers the terms a reply uses (:func:`used`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from bot import config, faq
from bot.understanding import normalise, whole_words

GLOSSARY_FILE = config.PROJECT_ROOT / "data" / "glossary.yml"
LANGUAGES = ("en", "ms")
# Terms a reply offers as buttons at most (the ones the glossary lists first).
MAX_OFFERED = 3


@dataclass(frozen=True)
class Source:
    """A document a definition comes from: its name in each language and where to read it."""

    key: str
    names: dict[str, str]
    url: str | None
    kind: str  # "primary": the issuing body's own text; "secondary": restated elsewhere
    via: str | None  # where a secondary source (or a summary of a primary one) was read


@dataclass(frozen=True)
class Term:
    key: str
    names: dict[str, str]  # "APEL C", "lencana digital"
    questions: dict[str, str]  # the button and its payload: "What is APEL C?"
    definitions: dict[str, str]
    words: str  # a pattern: how a message names it, in either language
    in_replies: str  # a pattern: where an answer uses it
    sources: tuple[str, ...]
    related: str | None  # the FAQ intent it leads on to ("faq/recognition")
    # A question naming it asks about it: the FAQ's answers never do ("is it recognised by MQA?")
    asked_by_name: bool
    levels: dict[int, dict[str, str]]  # MQF levels: what each one is


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]
    sources: dict[str, Source]

    def term(self, key: str) -> Term:
        return next(t for t in self.terms if t.key == key)


@cache
def load(path: Path = GLOSSARY_FILE) -> Glossary:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = {
        key: Source(
            key,
            {lang: item[lang] for lang in LANGUAGES},
            item.get("url"),
            item["kind"],
            item.get("via"),
        )
        for key, item in document["sources"].items()
    }
    terms = []
    for key, item in document["terms"].items():
        terms.append(
            Term(
                key=key,
                names={lang: item[lang]["name"] for lang in LANGUAGES},
                questions={lang: item[lang]["question"] for lang in LANGUAGES},
                definitions={lang: item[lang]["definition"].strip() for lang in LANGUAGES},
                words=item["words"],
                in_replies=item.get("in_replies") or item["words"],
                sources=tuple(item["sources"]),
                related=item.get("related"),
                asked_by_name=bool(item.get("asked_by_name")),
                levels={
                    int(level): {lang: texts[lang] for lang in LANGUAGES}
                    for level, texts in (item.get("levels") or {}).items()
                },
            )
        )
    return Glossary(tuple(terms), sources)


def terms() -> tuple[Term, ...]:
    return load().terms


# ------------------------------------------------------------------ a message asking for one


@dataclass(frozen=True)
class Hit:
    term: Term
    start: int
    end: int


def named(text: str) -> list[Hit]:
    """The terms ``text`` names (normalised), in order; where two overlap ("credit transfer",
    "credit") the longer wins."""
    text = normalise(text)
    found = [
        Hit(term, match.start(), match.end())
        for term in terms()
        for match in whole_words(term.words).finditer(text)
    ]
    found.sort(key=lambda hit: (hit.start, hit.start - hit.end))
    kept: list[Hit] = []
    for hit in found:
        if not any(hit.start < k.end and k.start < hit.end for k in kept):
            kept.append(hit)
    return kept


# Words between a question word and the term ("what is a", "apa yang dimaksudkan dengan") and
# after it ("tu", "exactly"), that keep the question about the term itself.
_BEFORE = (
    r"is|are|was|does|do|did|r|'s|a|an|the|this|that|these|those|term|word|exactly|actually"
    r"|really|meant|by|you|u|mean|kind|of|itu|tu|ni|ini|maksud|maksudnya|erti|makna|benda"
    r"|bendanya|sebenarnya|yang|yg|dimaksudkan|dengan|dgn|sebenarnye|sih|mende|ke"
    r"|micro\S*|mikro\S*|credentials?|kredensial|mc|counts?|as|considered|called|dipanggil|sebagai"
    r"|makes?|programmes?|programs?|sesuatu|dikira"
)
_AFTER = (
    r"tu|ni|itu|ini|eh|ah|ha|la|lah|ya|yg|yang|is|are|means?|maksudnya|maksud|stands?|for"
    r"|sebenarnya|exactly|actually|one|ones|benda|mende|dia|ialah|adalah|thing|ok|okay|sebenarnye"
    r"|micro\S*|mikro\S*|creds?|credentials?|kredensial|mc|courses?|kursus|like|macam|mcm"
    r"|sebenarnyer|ye|yer|ek|erk|=|actually|mksd\w*|nya"
)
_WHAT = (
    r"what|wat|wht|whats|what's|wats|apa|ape|apakah|apekah|apa2"
    r"|macam mana|mcm mana|camne|camana"
)
_SHAPES = [
    # "what is APEL C?", "what does credit-bearing mean", "apa itu APEL", "apa maksud HEP"
    re.compile(
        rf"(?:^| )(?:{_WHAT})(?: (?:{_BEFORE}))* TERM(?: (?:{_AFTER}|mean))*"
        # "... in Malaysian higher ed", "... dalam konteks mikro-kredensial"
        r"(?: (?:in|within|under|for|dalam|untuk|kat|di|bagi) (?:\S+ ?){1,5})?"
        r"(?: [?,.!]|$| and | dan )"
    ),
    # "HEP tu apa", "MQF level 4 is what ah", "credit bearing tu maksud apa"
    re.compile(
        rf"(?:^| )TERM(?: (?:{_AFTER}))* (?:{_WHAT}|apa benda)(?: (?:{_AFTER}))*(?: [?,.!]|$)"
    ),
    # "my lecturer mentioned APEL C, what is that?", "ada sebut HEP, apa tu?"
    re.compile(
        r"(?:^| )TERM .*(?:what(?: exactly| actually)?(?: is|'s| does)?(?: exactly| actually)?"
        r" (?:that|it|this)|apa (?:tu|itu|ni|dia|benda(?: tu)?|sebenarnya|sebenarnye))"
        r"(?: sebenarnya| mean| maksudnya| exactly| actually)?(?: [?,.!]|$)"
    ),
]
# How much a unit is ("1 credit tu how many hours ah", "berapa jam untuk satu kredit")
_SHAPES.append(
    re.compile(
        r"(?:^| )(?:1|one|satu|a|se) TERM .*(?:how many|berapa) (?:hours?|jam)"
        r"|(?:how many|berapa) (?:hours?|jam) .*(?:1|one|satu|a|per|se) TERM"
    )
)
# Words asking for a meaning anywhere in the message ("meaning of APEL", "explain credit
# transfer"): loose, as "does the verified badge on a Shopee seller mean it's legit?" shows.
_MEANING_ANYWHERE = [
    re.compile(
        r"(?:^| )(?:meaning|means|mean|maksud\w*|erti\w*|makna\w*|define|definition|stands? for"
        r"|short for|singkatan|explain|terangkan|jelaskan|refers? to|merujuk|mksd\w*|="
        r"|(?:tak|x|tidak|kurang) faham|don'?t (?:understand|get)|confused)(?: |$)"
    ),
]
# What a message may say beside a term and still ask what it is ("APEL?", "hep pls").
_BARE = (
    r"(?:ok|so|and|hmm+|eh|ah|um+|the|a|an|pls|please|tolong|tu|ni|[?,.!=]"
    r"|micro|mikro|credentials?|kredensial|mc)"
)


def without_terms(text: str) -> str:
    """``text`` (normalised) without the terms it names: the English words a Malay message
    borrows ("apa maksud credit transfer?") say nothing of its language."""
    text = normalise(text)
    for hit in reversed(named(text)):
        text = f"{text[: hit.start]} {text[hit.end :]}"
    return text


def _template(text: str, hit: Hit, hits: list[Hit]) -> str:
    """``text`` (normalised) with the term as ``TERM`` wherever it is named (``hits``: "student
    learning time (SLT)" is named once) and punctuation as its own word."""
    words = text
    for other in reversed(hits):
        if other.term.key == hit.term.key:
            words = f"{words[: other.start]} TERM {words[other.end :]}"
    words = re.sub(r"[^\w'?,.!= ]|(?<![a-z])'|'(?!s\b)", " ", words)
    words = re.sub(r"([?,.!=])", r" \1 ", words)
    return re.sub(r"TERM(?: TERM)+", "TERM", " ".join(words.split()))


def asks_meaning(text: str, hit: Hit, bare: bool = True, loose: bool = True) -> bool:
    """Whether ``text`` asks what the term of ``hit`` means ("what is APEL C?", "HEP tu apa";
    with ``loose``, also "meaning of MQF"; with ``bare``, also "APEL?"), not something else
    about it ("what's the fee of a credit-bearing one?", "HEP ke apa"). A bare
    "credit-bearing?" answers a form's question instead, and "does the verified badge on a
    Shopee seller mean it's legit?" is about something else: the caller knows which."""
    text = normalise(text)
    hits = named(text)  # once: the template and "the first term" both need them
    template = _template(text, hit, hits)
    # a meaning asked anywhere is the first term's ("standalone = no credits?")
    first = loose and hits[0].start == hit.start
    shapes = _SHAPES + (_MEANING_ANYWHERE if first else [])
    if any(shape.search(template) for shape in shapes):
        return True
    return bare and re.fullmatch(rf"(?:{_BARE} )*TERM(?: {_BARE})*", template) is not None


# ------------------------------------------------------------------ the answer


def level_asked(text: str) -> int | None:
    """The MQF level a message names ("level 6", "tahap 4", "L7")."""
    match = re.search(r"\b(?:level|tahap|aras|lvl|l|mqf)\s*([1-8])\b", normalise(text))
    return int(match.group(1)) if match else None


def source_line(term: Term, language: str) -> str:
    names = "; ".join(load().sources[key].names[language] for key in term.sources)
    label = "Sumber" if language == "ms" else "Source"
    return f"_{label}: {names}_"


def answer(term: Term, language: str, text: str = "") -> str:
    """The definition of ``term`` in ``language`` with its source line; for the MQF, the
    level asked about first ("MQF level 6 is ...")."""
    parts = []
    level = level_asked(text) if term.levels else None
    if level in term.levels:
        parts.append(term.levels[level][language])
    parts += [term.definitions[language], source_line(term, language)]
    return "\n\n".join(parts)


def button(term: Term, language: str) -> dict[str, str]:
    question = term.questions[language]
    return {"title": question, "payload": question}


# ------------------------------------------------------------------ terms an answer uses


def _reply_text(message: dict, language: str) -> str:
    """The words of one reply message, without its source line."""
    text = message.get("text") or ""
    response = message.get("response") or ""
    if response.startswith(faq.PREFIX):
        known = faq.answer(response.removeprefix(faq.PREFIX))
        words = known and (known.ms if language == "ms" and known.ms else known.en)
        text = "\n\n".join(words.paragraphs) if words else ""
    kept = [p for p in text.split("\n\n") if not re.fullmatch(r"\s*_[^\n]*_\s*", p)]
    return " ".join(kept).lower()


def used(message: dict, language: str) -> list[Term]:
    """The glossary terms a reply message uses, in the glossary's order."""
    text = _reply_text(message, language)
    return [term for term in terms() if whole_words(term.in_replies).search(text)]
