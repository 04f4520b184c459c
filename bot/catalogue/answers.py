"""How the assistant phrases answers about concrete catalogue credentials, in English and Malay.

Pure functions: they take :class:`~bot.catalogue.models.Credential` objects that are already
loaded (with their provider) and return reply text, or ``(text, buttons)`` where buttons are
Rasa's ``{"title": ..., "payload": ...}`` dicts. Every word a learner reads comes from
``bot/texts/catalogue.yml`` (keys ``cat_*``); this module only picks and assembles templates.

``language`` is ``"en"`` or ``"ms"`` (anything else falls back to English). Functions that
mention intake dates take an optional ``today``: when given, past intake dates are left out;
when ``None`` every listed date is shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Protocol

from bot.messages import render

ENGLISH = "en"
MALAY = "ms"

# The FAQ's fee range: a fee inside it gets the reminder, one outside is just stated.
FEE_RANGE = (500, 700)
HOURS_PER_DAY = 8

ATTRIBUTES = (
    "fee",
    "duration",
    "delivery_mode",
    "type",
    "provider",
    "entry_requirements",
    "age",
    "nationality",
    "credits",
    "learning_outcomes",
    "assessment",
    "intake",
    "summary",
)

Button = dict[str, str]

_BULLET = "• "
_SEPARATOR = " · "


class Named(Protocol):
    """Anything with a code and a title: a resolver ``Match`` or a ``Credential``."""

    code: str
    title: str


# ---------------------------------------------------------------- formatting helpers


def _lang(language: str | None) -> str:
    return MALAY if (language or "").lower().startswith(MALAY) else ENGLISH


def money(value: float | int | Decimal) -> str:
    """``RM650`` for whole amounts, ``RM650.50`` otherwise (thousands separated)."""
    amount = Decimal(str(value)).quantize(Decimal("0.01"))
    if amount == amount.to_integral_value():
        return f"RM{int(amount):,}"
    return f"RM{amount:,.2f}"


def _join(items: Sequence[str], language: str) -> str:
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return render("cat_and", language, first=", ".join(items[:-1]), last=items[-1])


def _name(credential: Named, language: str) -> str:
    return render("cat_name", language, title=credential.title, code=credential.code)


def _sentence(text: str) -> str:
    """``text`` ending with a full stop ("... (60%)" gets one, "(No requirements.)" not)."""
    text = text.strip()
    return text if not text or text.rstrip(")\"'")[-1:] in (".", "!", "?") else text + "."


def _parse_date(value: Any) -> date | None:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def format_date(value: date | str, language: str) -> str:
    """``11 January 2027`` / ``11 Januari 2027``; an unparseable value is returned as is."""
    language = _lang(language)
    day = _parse_date(value)
    if day is None:
        return str(value)
    month = render(f"cat_month_{day.month}", language)
    return render("cat_date", language, day=day.day, month=month, year=day.year)


def _intake_dates(credential: Any, today: date | None) -> list[Any]:
    """The listed intake dates (only upcoming ones when ``today`` is given), in order."""
    raw = credential.intake if isinstance(credential.intake, list) else []
    parsed = [(_parse_date(item), item) for item in raw]
    if today is not None:
        parsed = [(d, item) for d, item in parsed if d is None or d >= today]
    parsed.sort(key=lambda pair: (pair[0] is None, pair[0] or date.min))
    return [d or item for d, item in parsed]


def _intake_value(credential: Any, language: str, today: date | None, short: bool) -> str:
    if credential.self_paced:
        return render("cat_intake_self_paced", language)
    dates = _intake_dates(credential, today)
    if not dates:
        return render("cat_intake_none", language)
    if short and len(dates) > 1:
        first = format_date(dates[0], language)
        return render("cat_intake_next_more", language, date=first, more=len(dates) - 1)
    return _join([format_date(d, language) for d in dates], language)


def _mode(credential: Any, language: str) -> str:
    return render(f"cat_mode_{credential.mode}", language)


def _type(credential: Any, language: str) -> str:
    return render(f"cat_type_{credential.type.replace('-', '_')}", language)


_LANGUAGE_KEYS = {
    "english": "cat_language_english",
    "bahasa inggeris": "cat_language_english",
    "bahasa melayu": "cat_language_malay",
    "malay": "cat_language_malay",
    "bm": "cat_language_malay",
}


def _instruction_language(credential: Any, language: str) -> str:
    names = re.split(r"\s*(?:,|\band\b|\bdan\b|&|/)\s*", credential.language or "English")
    names = [n.strip() for n in names if n.strip()]
    return _join(
        [
            render(_LANGUAGE_KEYS[n.lower()], language) if n.lower() in _LANGUAGE_KEYS else n
            for n in names
        ],
        language,
    )


def _credits(credential: Any, language: str) -> str:
    count = credential.credits
    if count == 1:
        return render("cat_credits_one", language)
    return render("cat_credits_many", language, count=count)


def _credits_level(credential: Any, language: str) -> str:
    return render(
        "cat_credits_level",
        language,
        credits=_credits(credential, language),
        level=credential.mqf_level,
    )


def _days(hours: int, language: str) -> str:
    if hours < HOURS_PER_DAY / 2:
        return render("cat_days_under_half", language)
    half_days = int(hours / (HOURS_PER_DAY / 2) + 0.5)
    if half_days == 1:
        return render("cat_days_half", language)
    if half_days == 2:
        return render("cat_days_one", language)
    return render("cat_days_many", language, days=f"{half_days / 2:g}")


def _hours_value(credential: Any, language: str) -> str:
    hours = credential.duration_hours
    return render("cat_hours_value", language, hours=hours, days=_days(hours, language))


def _fee_in_range(credential: Any) -> bool:
    return FEE_RANGE[0] <= float(credential.fee_rm) <= FEE_RANGE[1]


def _issuer(credential: Any) -> str:
    return credential.badge_issuer or credential.provider.name


def _sentences_about(notes: str | None, pattern: str) -> str | None:
    """The sentences of ``notes`` matching ``pattern``; all of ``notes`` when none does."""
    if not notes or not notes.strip():
        return None
    sentences = re.split(r"(?<=[.!?])\s+", notes.strip())
    wanted = [s for s in sentences if re.search(pattern, s, re.IGNORECASE)]
    return " ".join(wanted) if wanted else notes.strip()


def _recognition_rule(credential: Any, language: str) -> str:
    if credential.accredited_programme:
        return render(
            "cat_rule_a",
            language,
            programme=credential.accredited_programme,
            provider=credential.provider.name,
        )
    return render("cat_rule_b", language)


def _lines(*parts: str | None) -> str:
    return "\n".join(p for p in parts if p)


def _words(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


# ---------------------------------------------------------------- one credential, one topic


def _fee(c: Any, lang: str, today: date | None) -> str:
    text = render("cat_fee", lang, name=_name(c, lang), fee=money(c.fee_rm))
    if _fee_in_range(c):
        low, high = (money(v) for v in FEE_RANGE)
        text = _words(text, render("cat_fee_range", lang, low=low, high=high))
    return text


def _duration(c: Any, lang: str, today: date | None) -> str:
    hours = c.duration_hours
    return _words(
        render("cat_duration", lang, name=_name(c, lang), hours=hours, days=_days(hours, lang)),
        render("cat_duration_intake", lang, intake=_intake_value(c, lang, today, short=False)),
    )


def _delivery_mode(c: Any, lang: str, today: date | None) -> str:
    return _words(
        render(f"cat_mode_answer_{c.mode}", lang, name=_name(c, lang)),
        render("cat_mode_language", lang, instruction=_instruction_language(c, lang)),
    )


def _type_answer(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.type == "standalone":
        return render("cat_type_standalone_answer", lang, name=name)
    return _words(
        render("cat_type_credit_answer", lang, name=name, credits_level=_credits_level(c, lang)),
        _recognition_rule(c, lang),
    )


def _provider(c: Any, lang: str, today: date | None) -> str:
    provider = c.provider
    if provider.state:
        first = render(
            "cat_provider_answer_state",
            lang,
            name=_name(c, lang),
            provider=provider.name,
            state=provider.state,
        )
    else:
        first = render("cat_provider_answer", lang, name=_name(c, lang), provider=provider.name)
    website = provider.website and render("cat_provider_website", lang, url=provider.website)
    return _lines(
        _words(first, render("cat_badge_issuer", lang, issuer=_issuer(c))),
        website,
    )


def _entry_requirements(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.entry_notes and c.entry_notes.strip():
        specific = render("cat_entry_notes", lang, name=name, notes=_sentence(c.entry_notes))
    else:
        specific = render("cat_entry_none", lang, name=name)
    return _lines(specific, render("cat_entry_general", lang))


def _age(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.min_age is None:
        return render("cat_age_none", lang, name=name)
    reason = _sentences_about(c.entry_notes, rf"\bage\b|\bumur\b|\badults?\b|\b{c.min_age}\b")
    return _words(
        render("cat_age_min", lang, name=name, age=c.min_age),
        reason and render("cat_reason", lang, reason=_sentence(reason)),
    )


def _nationality(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if not c.open_to_non_malaysians:
        reason = _sentences_about(
            c.entry_notes, r"malaysia|citizen|warganegara|mykad|nationalit|foreign|asing"
        )
        return _words(
            render("cat_nationality_closed", lang, name=name),
            reason and render("cat_reason", lang, reason=_sentence(reason)),
        )
    caveat = c.type == "credit-bearing" and render("cat_nationality_caveat", lang)
    return _words(render("cat_nationality_open", lang, name=name), caveat or None)


def _credits_answer(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.type == "standalone" or c.credits is None:
        return render("cat_credits_standalone", lang, name=name)
    return _words(
        render("cat_credits_answer", lang, name=name, credits_level=_credits_level(c, lang)),
        _recognition_rule(c, lang),
    )


def _learning_outcomes(c: Any, lang: str, today: date | None) -> str:
    outcomes = [o.strip() for o in c.learning_outcomes or [] if o and o.strip()]
    if not outcomes:
        return render("cat_outcomes_none", lang, name=_name(c, lang))
    return _lines(
        render("cat_outcomes", lang, name=_name(c, lang)),
        *(_BULLET + o for o in outcomes),
    )


def _assessment(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.assessment and c.assessment.strip():
        first = render("cat_assessment", lang, name=name, assessment=_sentence(c.assessment))
    else:
        first = render("cat_assessment_none", lang, name=name)
    return _words(first, render("cat_badge", lang, issuer=_issuer(c)))


def _intake(c: Any, lang: str, today: date | None) -> str:
    name = _name(c, lang)
    if c.self_paced:
        return render("cat_intake_answer_self_paced", lang, name=name)
    dates = _intake_dates(c, today)
    if not dates:
        return render("cat_intake_answer_none", lang, name=name, provider=c.provider.name)
    formatted = _join([format_date(d, lang) for d in dates], lang)
    return render("cat_intake_answer_dates", lang, name=name, dates=formatted)


def _type_short(c: Any, lang: str) -> str:
    if c.type == "standalone":
        return render("cat_type_standalone_short", lang)
    return render("cat_type_credit_short", lang, credits_level=_credits_level(c, lang))


def _labelled(key: str, lang: str, value: str) -> str:
    return f"{render(key, lang)}: {value}"


def _summary(c: Any, lang: str, today: date | None) -> str:
    mode = render(
        "cat_mode_with_language",
        lang,
        mode=_mode(c, lang),
        instruction=_instruction_language(c, lang),
    )
    return _lines(
        _name(c, lang),
        _labelled("cat_label_provider", lang, _provider_short(c, lang)),
        _labelled("cat_label_type", lang, _type_short(c, lang)),
        _labelled("cat_label_delivery_mode", lang, mode),
        _labelled("cat_label_duration", lang, _hours_value(c, lang)),
        _labelled("cat_label_fee", lang, money(c.fee_rm)),
        _labelled("cat_label_intake", lang, _intake_value(c, lang, today, short=False)),
        c.url and _labelled("cat_label_url", lang, c.url),
    )


_ANSWERS = {
    "fee": _fee,
    "duration": _duration,
    "delivery_mode": _delivery_mode,
    "type": _type_answer,
    "provider": _provider,
    "entry_requirements": _entry_requirements,
    "age": _age,
    "nationality": _nationality,
    "credits": _credits_answer,
    "learning_outcomes": _learning_outcomes,
    "assessment": _assessment,
    "intake": _intake,
    "summary": _summary,
}
assert set(_ANSWERS) == set(ATTRIBUTES)


def _check(attribute: str) -> None:
    if attribute not in _ANSWERS:
        raise ValueError(f"unknown attribute {attribute!r}; use one of {', '.join(ATTRIBUTES)}")


def answer(credential: Any, attribute: str, language: str, today: date | None = None) -> str:
    """The reply to a question about ``attribute`` (one of :data:`ATTRIBUTES`) of
    ``credential``, in ``language``. ``ValueError`` for an unknown attribute."""
    _check(attribute)
    return _ANSWERS[attribute](credential, _lang(language), today)


# ---------------------------------------------------------------- several credentials


def _provider_short(c: Any, lang: str) -> str:
    if c.provider.state:
        return render("cat_provider_short", lang, provider=c.provider.name, state=c.provider.state)
    return c.provider.name


def _short(c: Any, attribute: str, lang: str, today: date | None) -> str:
    """A one-line value of ``attribute`` (for lists of several credentials)."""
    if attribute == "fee":
        return money(c.fee_rm)
    if attribute == "duration":
        return _hours_value(c, lang)
    if attribute == "delivery_mode":
        return render(
            "cat_mode_with_language",
            lang,
            mode=_mode(c, lang),
            instruction=_instruction_language(c, lang),
        )
    if attribute == "type":
        return _type_short(c, lang)
    if attribute == "provider":
        return _provider_short(c, lang)
    if attribute == "entry_requirements":
        notes = (c.entry_notes or "").strip()
        return _sentence(notes) if notes else render("cat_entry_none_short", lang)
    if attribute == "age":
        if c.min_age is None:
            return render("cat_age_none_short", lang)
        return render("cat_age_min_short", lang, age=c.min_age)
    if attribute == "nationality":
        key = "open" if c.open_to_non_malaysians else "closed"
        return render(f"cat_nationality_{key}_short", lang)
    if attribute == "credits":
        if c.type == "standalone" or c.credits is None:
            return render("cat_credits_none_short", lang)
        return _credits_level(c, lang)
    if attribute == "learning_outcomes":
        outcomes = [o.strip() for o in c.learning_outcomes or [] if o and o.strip()]
        return "; ".join(outcomes) if outcomes else render("cat_none_listed", lang)
    if attribute == "assessment":
        text = (c.assessment or "").strip()
        return text or render("cat_none_listed", lang)
    if attribute == "intake":
        return _intake_value(c, lang, today, short=False)
    raise ValueError(f"no short form for {attribute!r}")


def answer_many(
    credentials: Iterable[Any], attribute: str, language: str, today: date | None = None
) -> str:
    """The answer for a question naming several credentials: one short line each
    (``summary`` gives one card each, separated by blank lines)."""
    _check(attribute)
    lang = _lang(language)
    credentials = list(dict.fromkeys(credentials))
    if len(credentials) == 1:
        return answer(credentials[0], attribute, lang, today)
    if attribute == "summary":
        return "\n\n".join(_summary(c, lang, today) for c in credentials)
    lines = [f"{render(f'cat_label_{attribute}', lang)}:"]
    lines += [
        f"{_BULLET}{_name(c, lang)}: {_short(c, attribute, lang, today)}" for c in credentials
    ]
    text = "\n".join(lines)
    if attribute == "fee" and credentials and all(_fee_in_range(c) for c in credentials):
        low, high = (money(v) for v in FEE_RANGE)
        text = _lines(text, render("cat_fee_range", lang, low=low, high=high))
    return text


def search_results(
    credentials: Sequence[Any],
    language: str,
    page: int = 1,
    page_size: int = 5,
    more_payload: str | None = None,
) -> tuple[str, list[Button]]:
    """A numbered short list of search results and a button per listed credential.

    ``credentials`` holds every result and ``page`` picks the slice shown. A "More" button
    (payload ``more_payload``) follows when later pages exist and ``more_payload`` is given.
    """
    lang = _lang(language)
    page = max(page, 1)
    page_size = max(page_size, 1)
    start = (page - 1) * page_size
    total = len(credentials)
    shown = list(credentials[start : start + page_size])
    if total == 0:
        buttons = [
            {
                "title": render("cat_button_fields", lang),
                "payload": render("cat_payload_fields", lang),
            },
            {
                "title": render("cat_button_online", lang),
                "payload": render("cat_payload_online", lang),
            },
        ]
        return render("cat_search_none", lang), buttons
    if not shown:
        return render("cat_search_no_more", lang), []
    end = start + len(shown)
    if total == 1:
        header = render("cat_search_header_one", lang)
    elif start == 0 and end >= total:
        header = render("cat_search_header_all", lang, total=total)
    else:
        header = render("cat_search_header_page", lang, total=total, start=start + 1, end=end)
    lines = [header]
    buttons: list[Button] = []
    for number, c in enumerate(shown, start=start + 1):
        lines.append(
            render(
                "cat_search_line",
                lang,
                number=number,
                name=_name(c, lang),
                provider=c.provider.name,
                mode=_mode(c, lang),
                instruction=_instruction_language(c, lang),
                fee=money(c.fee_rm),
                hours=render("cat_hours_short", lang, hours=c.duration_hours),
            )
        )
        buttons.append(
            {"title": c.title, "payload": render("cat_payload_about", lang, code=c.code)}
        )
    lines.append(render("cat_search_pick", lang))
    if end < total and more_payload:
        buttons.append({"title": render("cat_button_more", lang), "payload": more_payload})
    return "\n".join(lines), buttons


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def comparison(credentials: Sequence[Any], language: str, today: date | None = None) -> str:
    """Credentials side by side, phone-friendly: each is lettered (A, B, C...), then one line
    per attribute gives every credential's value ("both ..." when they agree)."""
    lang = _lang(language)
    credentials = list(dict.fromkeys(credentials))[: len(_LETTERS)]
    if len(credentials) < 2:
        if credentials:
            return _summary(credentials[0], lang, today)
        return render("cat_compare_need_two", lang)
    rows = [
        ("cat_label_provider", lambda c: c.provider.name),
        ("cat_label_type", lambda c: _type(c, lang)),
        ("cat_label_credits", lambda c: _short(c, "credits", lang, today)),
        ("cat_label_delivery_mode", lambda c: _mode(c, lang)),
        ("cat_label_hours", lambda c: render("cat_hours_short", lang, hours=c.duration_hours)),
        ("cat_label_fee", lambda c: money(c.fee_rm)),
        ("cat_label_intake", lambda c: _intake_value(c, lang, today, short=True)),
    ]
    letters = _LETTERS[: len(credentials)]
    lines = [render("cat_compare_intro", lang, count=len(credentials))]
    lines += [f"{letter}. {_name(c, lang)}" for letter, c in zip(letters, credentials, strict=True)]
    lines.append("")
    same_key = "cat_compare_same_two" if len(credentials) == 2 else "cat_compare_same_all"
    for label, value_of in rows:
        values = [value_of(c) for c in credentials]
        if len(set(values)) == 1:
            shown = render(same_key, lang, value=values[0])
        else:
            shown = _SEPARATOR.join(f"{lt}: {v}" for lt, v in zip(letters, values, strict=True))
        lines.append(f"{render(label, lang)} — {shown}")
    return "\n".join(lines)


# ---------------------------------------------------------------- which one / not found


def disambiguation(matches: Sequence[Named], language: str) -> tuple[str, list[Button]]:
    """Ask "Which one do you mean?" with a button per candidate (``Title (CODE)`` → code).

    ``matches`` are resolver ``Match`` objects (or credentials); repeated codes show once.
    """
    lang = _lang(language)
    buttons: list[Button] = []
    seen: set[str] = set()
    for match in matches:
        if match.code.lower() in seen:
            continue
        seen.add(match.code.lower())
        buttons.append({"title": _name(match, lang), "payload": match.code})
    return render("cat_disambiguation", lang), buttons


def not_found(mention: str, language: str) -> tuple[str, list[Button]]:
    """Say "I couldn't find a micro-credential called 'X'", with buttons to search instead."""
    lang = _lang(language)
    mention = " ".join((mention or "").split())
    if len(mention) > 60:
        mention = mention[:57].rstrip() + "..."
    buttons: list[Button] = []
    if mention:
        buttons.append(
            {
                "title": render("cat_button_search", lang, query=mention),
                "payload": render("cat_payload_search", lang, query=mention),
            }
        )
    buttons.append(
        {"title": render("cat_button_fields", lang), "payload": render("cat_payload_fields", lang)}
    )
    return render("cat_not_found", lang, mention=mention), buttons
