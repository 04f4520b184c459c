"""Read-only queries over the catalogue, used by the chatbot actions and the CLI.

Every function takes a session; the caller owns its lifetime. Credentials come back with their
provider loaded, so they stay usable after the session closes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from bot.catalogue.models import CREDENTIAL_TYPES, MODES, Credential, Provider


def _choice(value: str, choices: tuple[str, ...], what: str) -> str:
    normal = value.strip().lower().replace("_", "-").replace(" ", "-")
    if normal not in choices:
        raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(choices)}")
    return normal


def count_credentials(session: Session) -> int:
    """How many credentials the catalogue holds."""
    return session.scalar(select(func.count()).select_from(Credential)) or 0


def get_by_code(session: Session, code: str) -> Credential | None:
    """The credential with ``code`` (case-insensitive, surrounding spaces ignored), or None."""
    return session.scalars(
        select(Credential).where(func.lower(Credential.code) == code.strip().lower())
    ).first()


def _provider_matches(name: str):
    name = name.strip()
    return Credential.provider.has(
        or_(
            func.lower(Provider.short_name) == name.lower(),
            Provider.name.icontains(name, autoescape=True),
        )
    )


def search(
    session: Session,
    *,
    text: str | None = None,
    field: str | None = None,
    mode: str | None = None,
    type: str | None = None,
    provider: str | None = None,
    max_fee: float | None = None,
    min_fee: float | None = None,
    max_hours: int | None = None,
    min_hours: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[Credential]:
    """Credentials matching every given filter, ordered by title then code.

    ``text``: every word must occur (case-insensitively) in the title, field, code or keywords.
    ``field``: case-insensitive substring of the field ("data" finds "Data Science").
    ``provider``: short name (exact, any case) or part of the provider's full name.
    ``mode`` and ``type`` must be known values (``ValueError`` otherwise); fee and hour bounds
    are inclusive.
    """
    query = select(Credential)
    if text:
        haystacks = (
            Credential.title,
            Credential.field,
            Credential.code,
            cast(Credential.keywords, String),
        )
        for word in text.split():
            query = query.where(or_(*(h.icontains(word, autoescape=True) for h in haystacks)))
    if field:
        query = query.where(Credential.field.icontains(field.strip(), autoescape=True))
    if mode:
        query = query.where(Credential.mode == _choice(mode, MODES, "mode"))
    if type:
        query = query.where(Credential.type == _choice(type, CREDENTIAL_TYPES, "type"))
    if provider:
        query = query.where(_provider_matches(provider))
    if max_fee is not None:
        query = query.where(Credential.fee_rm <= max_fee)
    if min_fee is not None:
        query = query.where(Credential.fee_rm >= min_fee)
    if max_hours is not None:
        query = query.where(Credential.notional_hours <= max_hours)
    if min_hours is not None:
        query = query.where(Credential.notional_hours >= min_hours)
    query = query.order_by(Credential.title, Credential.code).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query).unique())


def fields(session: Session) -> list[str]:
    """The distinct fields of study, sorted."""
    return list(session.scalars(select(Credential.field).distinct().order_by(Credential.field)))


def providers(session: Session) -> list[Provider]:
    """All providers, sorted by name."""
    return list(session.scalars(select(Provider).order_by(Provider.name)))


def compare(session: Session, codes: Iterable[str]) -> list[Credential]:
    """The credentials with ``codes``, in the order asked, each once; unknown codes are left out
    (compare the lengths to detect them)."""
    wanted: Sequence[str] = list(dict.fromkeys(c.strip().lower() for c in codes if c.strip()))
    if not wanted:
        return []
    found = {
        c.code.lower(): c
        for c in session.scalars(select(Credential).where(func.lower(Credential.code).in_(wanted)))
    }
    return [found[code] for code in wanted if code in found]
