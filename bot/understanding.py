"""What a learner's message says, beyond its intent: facts, filters and references.

Pure functions over text, built on the tables of :mod:`bot.vocabulary`:

- :func:`extract_facts`: the facts the recognition rules need (credential type, part of an
  accredited programme, same or other HEP, nationality, entry requirements, goal), from any
  message, and from a bare "yes"/"tak" when it answers the question just asked;
- :func:`search_request`: catalogue filters ("online courses under RM600", "not online",
  "half a day", "taught in Malay", "cheapest"), the topic words left over, and the needs a
  learner described ("my staff keep clicking scam emails" → phishing);
- :func:`ordinal`, :func:`first_n`, :func:`refers_to_list`, :func:`stated_age`: references
  to the last list shown and to the learner.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TypeVar

from bot import vocabulary as v
from bot.catalogue.resolver import MALAY_STOP_WORDS, _english_stop_words

T = TypeVar("T")


def normalise(text: str | None) -> str:
    """Lower-case, curly quotes straightened, Malay SMS spellings written out, spaces collapsed."""
    text = (text or "").lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[a-z]+", lambda word: v.SMS_WORDS.get(word[0], word[0]), text)
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def whole_words(pattern: str) -> re.Pattern[str]:
    """``pattern`` matched as whole words (not inside a longer or hyphenated word), compiled
    once: the tables' patterns are long alternations, and building and hashing them again on
    every call was a measurable share of each turn."""
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])")


def _find(text: str, table: Iterable[tuple[str, T]]) -> list[tuple[int, int, T]]:
    """Every non-overlapping hit of the table's rows, earlier rows first (negations win)."""
    taken: list[tuple[int, int]] = []
    hits: list[tuple[int, int, T]] = []
    for pattern, value in table:
        for match in whole_words(pattern).finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e in taken):
                continue
            taken.append((start, end))
            hits.append((start, end, value))
    return hits


def _last(text: str, table: Iterable[tuple[str, T]]) -> T | None:
    """The value named last in ``text`` ("standalone... actually credit-bearing")."""
    hits = _find(text, table)
    return max(hits, key=lambda hit: hit[0])[2] if hits else None


def has_words(text: str, pattern: str) -> bool:
    """Whether ``text`` has ``pattern`` as whole words."""
    return whole_words(pattern).search(text) is not None


def credential_type(text: str | None) -> str | None:
    """``"standalone"`` or ``"credit-bearing"`` as the learner last put it, or ``None``."""
    return _last(normalise(text), v.CREDENTIAL_TYPES)


def yes_no(text: str | None) -> bool | None:
    """A bare yes or no ("ya", "tak", "x", "nope"); ``None`` when unsure or neither."""
    text = normalise(text)
    if has_words(text, v.UNSURE):
        return None
    hits = _find(text, v.YES_NO)
    return min(hits, key=lambda hit: hit[0])[2] if hits else None


def wants_recognition(text: str | None) -> bool:
    """Whether the message asks about credit or recognition for the learner's own case."""
    return has_words(normalise(text), v.WANTS_RECOGNITION)


ADVISING_FACTS = (
    "credential_type",
    "part_of_accredited_programme",
    "same_provider",
    "malaysian",
    "meets_entry_requirements",
    "goal",
)


def extract_facts(text: str | None, asking: str | None = None) -> dict:
    """The advising facts a message states, whatever it was asked.

    Args:
        text: The learner's message.
        asking: The fact the assistant asked for last, so that a bare "yes", "same" or
            "Malaysian" answers it.

    Returns:
        Fact names (those of :class:`bot.pathways.Facts`) to values; unstated facts are absent.
    """
    text = normalise(text)
    if not text:
        return {}
    facts: dict = {}
    found = {
        "credential_type": _last(text, v.CREDENTIAL_TYPES),
        "part_of_accredited_programme": _last(text, v.ACCREDITED),
        "same_provider": _last(text, v.OTHER_PROVIDER),
        "malaysian": _last(text, v.MALAYSIAN),
        "meets_entry_requirements": _last(text, v.ENTRY),
        "goal": _last(text, v.GOALS),
    }
    facts.update({name: value for name, value in found.items() if value is not None})
    kinds = {value for *_, value in _find(text, v.CREDENTIAL_TYPES)}
    if "credential_type" in facts and (
        len(kinds) > 1
        and has_words(text, v.COMPARE)
        or has_words(text, v.ALL_OF_THEM)
        and not has_words(text, v.PERSONAL)
    ):
        del facts["credential_type"]  # "apa beza X dgn Y?", "do all of them carry credits?"
    if "same_provider" not in facts and has_words(text, v.STUDY_ABROAD):
        facts["same_provider"] = False  # the award at a university abroad
    if has_words(text, v.ACCEPTED_AT_HOME):
        # "I want the degree to be accepted back home": another government, not another HEP
        facts["malaysian"] = False
        if facts.get("same_provider") is False and not has_words(text, v.STUDY_AT_HOME):
            # "... at the same university. Will the credits count back home too?"
            rest = re.sub(rf"(?<![\w-])(?:{v.ACCEPTED_AT_HOME})", " ", text)
            same = _last(rest, v.OTHER_PROVIDER)
            if same is None:
                del facts["same_provider"]
            else:
                facts["same_provider"] = same
    if (
        facts.get("goal") == "upskilling"
        and facts.get("credential_type") == "standalone"
        and not has_words(
            text,
            r"job|kerja|work|career|kerjaya|cv|promot\w*|degree|ijazah|diploma|sambung|study|belajar|kredit|credit",
        )
    ):
        # "standalone, untuk peningkatan kemahiran" describes the type (the FAQ pairs them).
        del facts["goal"]
    if asking and asking not in facts:
        answer = _answer_to(asking, text)
        if answer is not None:
            facts[asking] = answer
    return facts


def _answer_to(asking: str, text: str):
    """A short typed answer to the question about ``asking``."""
    if has_words(text, v.UNSURE):
        return None
    if asking == "same_provider":
        answer = _last(text, v.PROVIDER_ANSWER)
        return answer if answer is not None else yes_no(text)
    if asking == "malaysian":
        answer = _last(text, v.MALAYSIAN_ANSWER)
        return answer if answer is not None else yes_no(text)
    if asking in ("part_of_accredited_programme", "meets_entry_requirements"):
        return yes_no(text)
    return None


# --------------------------------------------------------------------------- catalogue requests


@dataclass
class SearchRequest:
    """What a catalogue request asks for; empty fields ask for nothing."""

    filters: dict = field(default_factory=dict)  # for bot.catalogue.queries.search
    exclude_mode: str | None = None
    language: str | None = None
    sort: tuple[str, bool] | None = None  # ("fee" | "hours", descending)
    topics: list[str] = field(default_factory=list)  # content words and needs, to match
    needs: list[str] = field(default_factory=list)  # the needs described, as topic words
    spare_time: bool = False  # max_hours came from "half a day", not a number
    programme: str | None = None
    provider_kind: str | None = None  # "run by a university": the kind in providers' names
    exclude_provider: str | None = None  # "not from MDSI": that provider's short name
    comparative: bool = False  # "cheaper than", not "the cheapest"
    self_paced: bool = False  # "at my own pace, no fixed intake"
    state: str | None = None  # "ada penyedia kat Johor?": providers in that state
    level: int | None = None  # "any MQF level 7 micro-credentials?"

    def __bool__(self) -> bool:
        return bool(
            self.filters
            or self.exclude_mode
            or self.language
            or self.sort
            or self.topics
            or self.programme
            or self.provider_kind
            or self.exclude_provider
            or self.self_paced
            or self.state
            or self.level
        )


def _amount(pattern: str, text: str, money: bool) -> list[tuple[str, int]]:
    unit = v.MONEY if money else rf"(\d{{1,3}})\s*(?P<unit>{v.HOUR_UNITS}|{v.DAY_UNITS})"
    found = []
    for match in re.finditer(rf"(?<![\w-])(?:{pattern})\s*{unit}(?![\w-])", text):
        number = int(next(group for group in match.groups() if group and group.isdigit()))
        days = not money and has_words(match.group(0), v.DAY_UNITS)
        found.append((match.group(0), number * 8 if days else number))
    return found


class _Stop:
    """English and Malay stop words (spaCy's list, loaded on first use)."""

    def __contains__(self, word: str) -> bool:
        return word in MALAY_STOP_WORDS or word in _english_stop_words()


_STOP = _Stop()
# What is left of "don't", "isn't", "can't" once the apostrophe splits the word.
_CONTRACTED = frozenset(
    "don doesn didn isn aren wasn weren won can couldn shouldn wouldn ll ve re".split()
)
_NOT_TOPICS = v.GENERIC_WORDS | v.FAQ_WORDS | _CONTRACTED | v.NOT_TOPICS_EXTRA


def search_request(
    text: str | None,
    fields: Iterable[str] = (),
    providers: Iterable[tuple[str, str]] = (),
    programmes: Iterable[str] = (),
) -> SearchRequest:
    """Filters, ordering and topics of a catalogue request.

    Args:
        text: The learner's message.
        fields: The catalogue's fields of study.
        providers: ``(short_name, name)`` of each provider.
        programmes: The accredited programmes credentials count towards.
    """
    text = normalise(text)
    request = SearchRequest()
    rest = f" {text} "

    def consume(pattern: str) -> None:
        nonlocal rest
        rest = whole_words(pattern).sub(" ", rest)

    for malay, english in v.FIELD_SYNONYMS:
        rest = re.sub(rf"(?<![\w-]){malay}(?![\w-])", english, rest)
    consume(v.RESIDENCE)  # "here on a work permit": the learner's status, no course's subject
    for name in fields:
        bare = normalise(name)
        if bare and has_words(rest, re.escape(bare)):
            request.filters["field"] = name
            consume(re.escape(bare))
            break
    # Needs next: "I sell kuih online" is about selling online, not an online course.
    said: list[str] = []  # the need's own words count too ("drones over crops": drones)
    for need, words in v.NEEDS:
        if has_words(rest, need):
            request.needs += words.split()
            said += whole_words(need).findall(rest)
            consume(need)
    for mode, pattern in v.MODES:
        negated = rf"{v.MODE_NEGATION}(?:{pattern})"
        if has_words(rest, negated):
            request.exclude_mode = mode
            consume(negated)
        elif "mode" not in request.filters and has_words(rest, pattern):
            request.filters["mode"] = mode
            consume(pattern)
    kinds = {value for _, _, value in _find(text, v.CREDENTIAL_TYPES)}
    kind = _last(text, v.CREDENTIAL_TYPES)
    if kind and len(kinds) == 1:  # "standalone vs credit-bearing?" asks about both
        request.filters["type"] = kind
        for pattern, _ in v.CREDENTIAL_TYPES:
            consume(pattern)
    for language, pattern in v.INSTRUCTION_LANGUAGES:
        if has_words(text, pattern):
            request.language = language
            consume(pattern)
            break
    for pattern, order in v.SUPERLATIVES:
        if has_words(text, pattern):
            request.sort = order
            request.comparative = pattern in v.COMPARATIVES
            consume(pattern)
            break
    for matched, amount in _amount(v.BELOW_INCLUSIVE, text, money=True):
        request.filters["max_fee"] = amount
        consume(re.escape(matched))
    for matched, amount in _amount(v.BELOW_STRICT, text, money=True):
        request.filters["max_fee"] = amount - 0.01
        consume(re.escape(matched))
    for matched, amount in _amount(v.ABOVE, text, money=True):
        before = text[: text.find(matched)]
        if re.search(v.CANNOT_EXCEED, before):  # "can't spend more than RM550"
            request.filters["max_fee"] = amount
            consume(re.escape(matched))
        elif amount >= 100:
            request.filters["min_fee"] = amount
            consume(re.escape(matched))
    fees = re.search(v.BETWEEN_FEES, text)
    if fees:
        low, high = sorted(int(n) for n in fees.groups())
        request.filters["min_fee"], request.filters["max_fee"] = low, high
        consume(re.escape(fees.group(0)))
    money_at_most = re.search(v.MONEY_AT_MOST, text)
    if money_at_most:
        request.filters["max_fee"] = int(money_at_most.group(1))
        consume(re.escape(money_at_most.group(0)))
    at_most = re.search(v.AT_MOST_HOURS, text)
    if at_most:
        request.filters["max_hours"] = int(at_most.group(1))
        consume(re.escape(at_most.group(0)))
    between = re.search(v.BETWEEN_HOURS, text)
    if between:
        low, high = sorted(int(n) for n in between.groups())
        request.filters["min_hours"], request.filters["max_hours"] = low, high
        consume(re.escape(between.group(0)))
    for pattern in (v.BELOW_STRICT, v.BELOW_INCLUSIVE):
        for matched, hours in _amount(pattern, text, money=False):
            request.filters["max_hours"] = hours
            consume(re.escape(matched))
    exact = re.search(v.EXACT_HOURS, rest)
    if exact and "max_hours" not in request.filters and "min_hours" not in request.filters:
        request.filters["min_hours"] = request.filters["max_hours"] = int(exact.group(1))
        consume(re.escape(exact.group(0)))
    if "max_hours" not in request.filters:
        for pattern, hours in v.SPARE_TIME:
            if has_words(text, pattern):
                request.filters["max_hours"] = hours
                request.spare_time = True
                consume(pattern)
                break
    for matched in re.findall(
        rf"(?:rm|myr)\s*\d+|\d+\s*(?:ringgit|{v.HOUR_UNITS}|{v.DAY_UNITS})", rest
    ):
        consume(re.escape(matched))
    level = re.search(rf"(?<![\w-])(?:{v.MQF_LEVEL})", rest)
    if level:
        request.level = int(level.group(1) or level.group(2))
        consume(re.escape(level.group(0)))
    if has_words(rest, v.SELF_PACED):
        request.self_paced = True
        consume(v.SELF_PACED)
    if has_words(text, v.WHERE_OFFERED):
        for state, pattern in v.STATES:
            if has_words(rest, pattern):
                request.state = state
                consume(pattern)
                break
    provider = _provider_named(text, list(providers))
    if provider and has_words(text, rf"{v.NOT_FROM}(?:{provider[1]})"):
        request.exclude_provider, alias = provider  # "bukan dari KUMJ", "except MDSI"
        consume(rf"{v.NOT_FROM}(?:{alias})")
    elif provider:
        request.filters["provider"], alias = provider
        consume(alias)
    else:
        for english, malay in v.PROVIDER_KINDS.items():
            if has_words(text, rf"(?:a|an|the|by|di|oleh) (?:{english}|{malay})"):
                request.provider_kind = malay
                consume(rf"{english}|{malay}")
                break
    named = programme_named(text, programmes)
    if named:
        request.programme, words = named
        consume(re.escape(words))
    words = re.findall(r"[a-z][a-z0-9+#-]*", " ".join(said) + rest)
    request.topics = list(
        dict.fromkeys(
            request.needs
            + [w for w in words if w not in _NOT_TOPICS and w not in _STOP and len(w) > 1]
        )
    )
    return request


def programme_named(text: str, programmes: Iterable[str]) -> tuple[str, str] | None:
    """``(programme, words matched)`` for the accredited programme a message names, with or
    without its "(Hons)"."""
    text = normalise(text)
    for programme in programmes:
        bare = normalise(re.sub(r"\s*\(hons\)", "", programme, flags=re.IGNORECASE))
        if bare and bare in text:
            return programme, bare
    return None


# Words of providers' names that name no one provider ("kursus kemahiran", "digital marketing").
_GENERIC_NAME_WORDS = frozenset(
    """universiti university teknologi technology digital skills institute institut industri
    industry malaysian malaysia sample politeknik polytechnic kolej college kemahiran""".split()
)


def _provider_named(text: str, providers: list[tuple[str, str]]) -> tuple[str, str] | None:
    """``(short_name, words matched)`` of the provider a message names: by short name, full
    name, a kind only its name has ("the polytechnic"), or two words of its name in a row that
    no other name has ("teknologi bestari")."""
    for short_name, name in providers:
        for alias in (short_name, name, re.sub(r"\s*\(.*?\)", "", name)):
            alias = normalise(alias)
            if alias and has_words(text, re.escape(alias)):
                return short_name, re.escape(alias)
    names = {short: normalise(re.sub(r"\s*\(.*?\)", "", name)) for short, name in providers}
    for english, malay in v.PROVIDER_KINDS.items():
        if has_words(text, rf"{english}|{malay}"):
            owners = [short for short, name in names.items() if has_words(name, malay)]
            if len(owners) == 1:
                return owners[0], rf"{english}|{malay}"
    for short, name in names.items():  # two words of its name in a row: "pantai timur"
        words = name.split()
        for pair in (" ".join(words[i : i + 2]) for i in range(len(words) - 1)):
            if has_words(text, re.escape(pair)) and not any(
                pair in other for s, other in names.items() if s != short
            ):
                return short, re.escape(pair)
    for short, name in names.items():  # a word only its name has: "Bestari", "Nusantara"
        others = " ".join(other for s, other in names.items() if s != short)
        for word in name.split():
            distinct = len(word) >= 6 and word not in _GENERIC_NAME_WORDS | set(others.split())
            if distinct and has_words(text, re.escape(word)):
                return short, re.escape(word)
    return None


# --------------------------------------------------------------------------- references

_ORDINALS = {
    1: r"first|1st|pertama|no\.? ?1|number one|nombor satu|#1|one",
    2: r"second|2nd|kedua|no\.? ?2|number two|nombor dua|#2|two",
    3: r"third|3rd|ketiga|no\.? ?3|number three|nombor tiga|#3|three",
    4: r"fourth|4th|keempat|no\.? ?4|number four|#4|four",
    5: r"fifth|5th|kelima|no\.? ?5|number five|#5|five",
    -1: r"last|last one|terakhir|yang akhir",
}


def ordinal(text: str | None) -> int | None:
    """Which item of the last list "the second one", "yang ketiga", "no 2" points at (1-based;
    -1 for "the last one"), or ``None``."""
    text = normalise(text)
    if first_n(text):
        return None
    for number, pattern in _ORDINALS.items():
        spelled = number in (1, 2, 3, 4, 5) and pattern.endswith(
            ("one", "two", "three", "four", "five")
        )
        words = pattern
        if spelled:  # a bare "one"/"two" only with "the ... one" or "number"
            words = pattern.rsplit("|", 1)[0]
        named = rf"(?:the |yang |no |#)?(?:{words})(?: one| satu| course| kursus| tu| itu)?"
        if has_words(text, named):
            return number
    if re.fullmatch(r"(?:no\.? ?|#)?([1-9])", text.strip(" .?!")):
        return int(text.strip(" .?!#no").strip())
    return None


def first_n(text: str | None) -> int | None:
    """ "the first two", "dua yang pertama", "top 3": how many items from the top of the list."""
    text = normalise(text)
    numbers = {"two": 2, "2": 2, "dua": 2, "three": 3, "3": 3, "tiga": 3}
    match = re.search(r"(?:first|top|pertama)\s+(two|2|three|3|dua|tiga)", text) or re.search(
        r"(two|2|three|3|dua|tiga)\s+(?:yang\s+)?(?:pertama|teratas|first)", text
    )
    if match:
        return numbers[match.group(1)]
    # "those two", "both of them", "kedua-dua": the whole list of two
    if re.search(
        r"(?:those|these|the|them)\s+(?:two|2)\b|\bboth\b|\bkedua-?dua|\bdua (?:ni|tu|itu|ini)",
        text,
    ):
        return 2
    return None


def refers_to_list(text: str | None) -> bool:
    """Whether the message points back at the last list ("of those", "which one", "antara ni")."""
    return has_words(
        normalise(text),
        r"of (?:those|these|them|the ones?)|those|these|them|which one|which of|mana satu|which is"
        r"|yang mana|antara (?:ini|itu|ni|tu|semua)|tadi|the ones? (?:you|above)|above|di atas"
        r"|the list|senarai (?:tu|itu|tadi)|all of them|each of them|each one|masing-masing"
        r"|semuanya|kesemuanya|semua(?: sekali| tu| ni)?\??$",
    )


def stated_age(text: str | None) -> int | None:
    """The learner's own age, when they state it ("I'm 16", "umur saya 17", "16 years old")."""
    text = normalise(text)
    match = re.search(
        r"(?:i'?m|i am|am|aged?|umur(?: saya| sy)?|saya|sy|baru)\s+(\d{1,2})"
        r"(?:\s*(?:years?|yrs?|y/?o|tahun|thn))?\b",
        text,
    ) or re.search(r"\b(\d{1,2})\s*(?:years? old|yrs? old|y/?o|tahun)\b", text)
    return int(match.group(1)) if match else None
