"""The catalogue as an adviser browses it: one filtered, sorted page of a table at a time.

Every function takes a session; the caller owns its lifetime. :func:`browse` runs two
statements, a count and one page (``LIMIT``/``OFFSET`` over the sorted ids, then the table's
columns for those ids only), so the server never sends or builds more than one page of rows.
Filters are plain values (:class:`Filters`); checking what a user typed is the caller's job,
except that unknown sort columns, types and modes raise :class:`ValueError`. No HTML here.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from sqlalchemy import String, cast, func, or_, select
from sqlalchemy.orm import Session

from bot.catalogue import queries
from bot.catalogue.models import CREDENTIAL_TYPES, MODES, Credential, Provider

#: Column names a table may be sorted by, and what they sort on.
SORTS = {
    "code": Credential.code,
    "title": Credential.title,
    "provider": Provider.short_name,
    "field": Credential.field,
    "type": Credential.type,
    "mode": Credential.mode,
    "language": Credential.language,
    "level": Credential.mqf_level,
    "credits": Credential.credits,
    "hours": Credential.notional_hours,
    "fee": Credential.fee_rm,
}
ORDERS = ("asc", "desc")
PER_PAGE = (10, 25, 50, 100)

_COLUMNS = (
    Credential.code,
    Credential.title,
    Provider.short_name.label("provider"),
    Provider.name.label("provider_name"),
    Credential.field,
    Credential.type,
    Credential.mode,
    Credential.language,
    Credential.mqf_level.label("level"),
    Credential.credits,
    Credential.notional_hours.label("hours"),
    Credential.fee_rm.label("fee"),
)


@dataclass(frozen=True)
class Filters:
    """What a table shows; ``None`` (or an empty string) means "any".

    ``text``: every word must occur, in any case, in the title, code, keywords, field or the
    provider's short or full name. ``field``, ``provider`` (short name), ``type`` and ``mode``
    are exact values; ``language`` matches when it occurs in the language of instruction
    ("Bahasa Melayu" also finds "English and Bahasa Melayu"). Fee and hour bounds are
    inclusive.
    """

    text: str | None = None
    field: str | None = None
    provider: str | None = None
    type: str | None = None
    mode: str | None = None
    language: str | None = None
    min_fee: float | None = None
    max_fee: float | None = None
    min_hours: int | None = None
    max_hours: int | None = None

    def __post_init__(self) -> None:
        if self.type and self.type not in CREDENTIAL_TYPES:
            raise ValueError(
                f"unknown type {self.type!r}; use one of {', '.join(CREDENTIAL_TYPES)}"
            )
        if self.mode and self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; use one of {', '.join(MODES)}")


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    code: str
    title: str
    provider: str
    provider_name: str
    field: str
    type: str
    mode: str
    language: str
    level: int | None
    credits: int | None
    hours: int
    fee: float

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Page:
    """One page of a table: its rows, how many rows match in all, and where it is."""

    rows: list[Row]
    total: int
    page: int
    per_page: int
    sort: str
    order: str

    @property
    def pages(self) -> int:
        """How many pages the matching rows fill (at least one, even when none match)."""
        return max(1, math.ceil(self.total / self.per_page))

    @property
    def first(self) -> int:
        """The position (from 1) of the page's first row; 0 when nothing matches."""
        return (self.page - 1) * self.per_page + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


@dataclass(frozen=True)
class Facets:
    """The values the filters can take in this catalogue, for the form's choices."""

    fields: list[str] = field(default_factory=list)
    providers: list[tuple[str, str]] = field(default_factory=list)  # (short name, name)
    languages: list[str] = field(default_factory=list)
    fee_range: tuple[float, float] | None = None
    hours_range: tuple[int, int] | None = None


def _where(query, filters: Filters, dialect: str):
    if filters.text:
        haystacks = (
            Credential.title,
            Credential.code,
            Credential.field,
            cast(Credential.keywords, String),
            Provider.short_name,
            Provider.name,
        )
        for word in filters.text.split():
            if dialect == "sqlite":
                # SQLite's LIKE already ignores (ASCII) case, as its lower() does; leaving
                # lower() out lets it skip the other columns once one matches: 3x faster.
                found = (h.contains(word, autoescape=True) for h in haystacks)
            else:
                found = (h.icontains(word, autoescape=True) for h in haystacks)
            query = query.where(or_(*found))
    if filters.field:
        query = query.where(Credential.field == filters.field)
    if filters.provider:
        query = query.where(Provider.short_name == filters.provider)
    if filters.type:
        query = query.where(Credential.type == filters.type)
    if filters.mode:
        query = query.where(Credential.mode == filters.mode)
    if filters.language:
        query = query.where(Credential.language.icontains(filters.language, autoescape=True))
    if filters.min_fee is not None:
        query = query.where(Credential.fee_rm >= filters.min_fee)
    if filters.max_fee is not None:
        query = query.where(Credential.fee_rm <= filters.max_fee)
    if filters.min_hours is not None:
        query = query.where(Credential.notional_hours >= filters.min_hours)
    if filters.max_hours is not None:
        query = query.where(Credential.notional_hours <= filters.max_hours)
    return query


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def count(session: Session, filters: Filters = Filters()) -> int:
    """How many credentials match ``filters``."""
    query = select(func.count(Credential.id)).join(Credential.provider)
    return session.scalar(_where(query, filters, _dialect(session))) or 0


def browse(
    session: Session,
    filters: Filters = Filters(),
    *,
    sort: str = "title",
    order: str = "asc",
    page: int = 1,
    per_page: int = 25,
) -> Page:
    """Page ``page`` (from 1) of the credentials matching ``filters``, sorted by ``sort``.

    Rows without a value in the sort column (no MQF level, no credits) come last in either
    order; ties are broken by code. A page past the last one gives the last page.

    Raises:
        ValueError: On a sort column not in :data:`SORTS`, an order not in :data:`ORDERS`, a
            page below 1 or a page size below 1.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort column {sort!r}; use one of {', '.join(SORTS)}")
    if order not in ORDERS:
        raise ValueError(f"unknown order {order!r}; use asc or desc")
    if page < 1 or per_page < 1:
        raise ValueError("page and page size start at 1")
    total = count(session, filters)
    page = min(page, max(1, math.ceil(total / per_page)))
    column = SORTS[sort]
    ordering = (
        column.is_(None),
        column.desc() if order == "desc" else column.asc(),
        Credential.code.desc() if order == "desc" else Credential.code.asc(),
    )
    # Sort and skip over the ids alone, then read the page's columns: a deep page sorts
    # narrow rows instead of whole ones (5,000 credentials, page 50: 5 -> 3 ms on SQLite).
    ids = (
        _where(select(Credential.id).join(Credential.provider), filters, _dialect(session))
        .order_by(*ordering)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    query = (
        select(*_COLUMNS)
        .join(Credential.provider)
        .where(Credential.id.in_(ids))
        .order_by(*ordering)
    )
    rows = [Row(**row._asdict()) for row in session.execute(query)]
    return Page(rows=rows, total=total, page=page, per_page=per_page, sort=sort, order=order)


_facets_lock = threading.Lock()
_facets_cache: dict[str, tuple[tuple, Facets]] = {}


def _fingerprint(session: Session) -> tuple:
    """Changes whenever a credential or provider is added, removed or updated."""
    credentials = session.execute(
        select(func.count(Credential.id), func.max(Credential.id), func.max(Credential.updated_at))
    ).one()
    providers = session.execute(
        select(func.count(Provider.id), func.max(Provider.id), func.max(Provider.updated_at))
    ).one()
    return tuple(str(value) for value in (*credentials, *providers))


def facets(session: Session) -> Facets:
    """The distinct fields, providers and languages, and the fee and hour ranges.

    Kept per database until the catalogue changes, so each page of the table does not scan
    the whole catalogue again for its filter choices.
    """
    bind = session.get_bind()
    key = f"{bind.url!r}#{id(bind)}"
    fingerprint = _fingerprint(session)
    with _facets_lock:
        entry = _facets_cache.get(key)
        if entry is not None and entry[0] == fingerprint:
            return entry[1]
    found = _facets(session)
    with _facets_lock:
        _facets_cache[key] = (fingerprint, found)
    return found


def _facets(session: Session) -> Facets:
    fee = session.execute(select(func.min(Credential.fee_rm), func.max(Credential.fee_rm))).one()
    hours = session.execute(
        select(func.min(Credential.notional_hours), func.max(Credential.notional_hours))
    ).one()
    return Facets(
        fields=list(
            session.scalars(select(Credential.field).distinct().order_by(Credential.field))
        ),
        providers=[
            (short, name)
            for short, name in session.execute(
                select(Provider.short_name, Provider.name)
                .where(Provider.credentials.any())
                .order_by(Provider.short_name)
            )
        ],
        languages=list(
            session.scalars(select(Credential.language).distinct().order_by(Credential.language))
        ),
        fee_range=None if fee[0] is None else (float(fee[0]), float(fee[1])),
        hours_range=None if hours[0] is None else (int(hours[0]), int(hours[1])),
    )


def titles(session: Session, limit: int | None = None) -> list[tuple[str, str, str]]:
    """``(code, title, provider short name)`` of the credentials, by provider then title."""
    query = (
        select(Credential.code, Credential.title, Provider.short_name)
        .join(Credential.provider)
        .order_by(Provider.short_name, Credential.title, Credential.code)
    )
    if limit is not None:
        query = query.limit(limit)
    return [tuple(row) for row in session.execute(query)]


def credential(session: Session, code: str) -> Credential | None:
    """The credential with ``code`` (any case) with its provider, or ``None``."""
    return queries.get_by_code(session, code)


def compare(session: Session, codes: Iterable[str]) -> list[Credential]:
    """The credentials with ``codes`` in the order asked, each once; unknown codes left out."""
    return queries.compare(session, codes)
