"""How the adviser page words catalogue values: the EU standard elements of a credential,
fees, hours and times. A value the catalogue does not hold is shown as "not stated"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urlsplit

from bot.catalogue.models import SELF_PACED, Credential

NOT_STATED = "not stated"


@dataclass(frozen=True)
class Item:
    """One labelled value: text, a list of texts, or a link (``href`` set)."""

    label: str
    value: str | list[str]
    href: str | None = None

    @property
    def missing(self) -> bool:
        return self.value == NOT_STATED


@dataclass(frozen=True)
class Element:
    """A standard element of a micro-credential and the items that describe it."""

    name: str
    items: list[Item]


def fee(value: float | None) -> str:
    if value is None:
        return NOT_STATED
    return f"RM{value:,.0f}" if float(value).is_integer() else f"RM{value:,.2f}"


def hours(value: int | None) -> str:
    if value is None:
        return NOT_STATED
    return f"{value} hour" if value == 1 else f"{value} hours"


def when(value: datetime | None) -> str:
    """A stored time in UTC, to the minute (SQLite hands times back without their zone)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def _text(value: object) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return NOT_STATED
    return str(value)


def _safe_url(value: str | None) -> str | None:
    if not value:
        return None
    return value if urlsplit(value).scheme in ("http", "https") else None


def intake(value: object) -> str:
    if value == SELF_PACED:
        return "self-paced (enrol any time)"
    if isinstance(value, list) and value:
        return ", ".join(str(v) for v in value)
    return NOT_STATED


def stackability(credential: Credential) -> str:
    if credential.type == "standalone":
        return "standalone"
    if credential.accredited_programme:
        return f"{credential.accredited_programme} (accredited programme)"
    return "no accredited programme (credit-bearing, not part of one)"


def elements(credential: Credential) -> list[Element]:
    """The credential described by the EU standard elements, then what a learner asks next."""
    c, p = credential, credential.provider
    country = ", ".join(x for x in (p.state, p.country) if x) or NOT_STATED
    outcomes = [o for o in (c.learning_outcomes or []) if str(o).strip()]
    return [
        Element("Title", [Item("Title", c.title), Item("Code", c.code)]),
        Element(
            "Awarding body",
            [Item("Provider", f"{p.name} ({p.short_name})"), Item("Country", country)],
        ),
        Element("Learning outcomes", [Item("Learning outcomes", outcomes or NOT_STATED)]),
        Element("Notional workload", [Item("Notional learning hours", hours(c.notional_hours))]),
        Element(
            "Level and credits",
            [
                Item("MQF level", _text(c.mqf_level)),
                Item("Credits", _text(c.credits)),
                Item("Type", c.type),
            ],
        ),
        Element("Type of assessment", [Item("Assessment", _text(c.assessment))]),
        Element(
            "Form of participation",
            [
                Item("Delivery mode", c.mode),
                Item("Language", _text(c.language)),
                Item("Intake", intake(c.intake)),
            ],
        ),
        Element(
            "Quality assurance",
            [
                Item("Provider accreditation", _text(p.accreditation_notes)),
                Item("Badge issuer", _text(c.badge_issuer)),
            ],
        ),
        Element("Stackability", [Item("Counts towards", stackability(c))]),
        Element(
            "Enrolment",
            [
                Item("Fee", fee(c.fee_rm)),
                Item("Entry notes", _text(c.entry_notes)),
                Item("Minimum age", _text(c.min_age)),
                Item("Open to non-Malaysians", "yes" if c.open_to_non_malaysians else "no"),
                Item("Web page", _text(c.url), href=_safe_url(c.url)),
            ],
        ),
    ]


def as_dict(credential: Credential) -> dict:
    """The credential's record for the JSON API (times and provider included)."""
    c, p = credential, credential.provider
    return {
        "code": c.code,
        "title": c.title,
        "provider": {
            "short_name": p.short_name,
            "name": p.name,
            "country": p.country,
            "state": p.state,
            "website": p.website,
            "accreditation_notes": p.accreditation_notes,
        },
        "type": c.type,
        "field": c.field,
        "mqf_level": c.mqf_level,
        "credits": c.credits,
        "notional_hours": c.notional_hours,
        "fee_rm": c.fee_rm,
        "mode": c.mode,
        "language": c.language,
        "accredited_programme": c.accredited_programme,
        "entry_notes": c.entry_notes,
        "min_age": c.min_age,
        "open_to_non_malaysians": c.open_to_non_malaysians,
        "learning_outcomes": list(c.learning_outcomes or []),
        "assessment": c.assessment,
        "badge_issuer": c.badge_issuer,
        "intake": c.intake,
        "url": c.url,
        "keywords": list(c.keywords or []),
    }
