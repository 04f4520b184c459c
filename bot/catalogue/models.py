"""SQLAlchemy models of the credential catalogue: providers and their micro-credentials.

Lists (learning outcomes, intake dates, keywords) are JSON columns, which SQLAlchemy maps to
TEXT on SQLite and ``json`` on PostgreSQL, so the same schema runs on both. Enumerations and
ranges are enforced twice: by the importer (with readable messages) and by CHECK constraints
(so no other writer can store an impossible credential).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    func,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

CREDENTIAL_TYPES = ("standalone", "credit-bearing")
MODES = ("online", "conventional", "blended")
SELF_PACED = "self-paced"

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Timezone-aware now, with microseconds (the resolver's cache key relies on them)."""
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    """Declarative base with a constraint naming convention Alembic can rely on."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Provider(Base):
    """A higher-education provider (HEP) or training body that offers micro-credentials."""

    __tablename__ = "provider"

    id: Mapped[int] = mapped_column(primary_key=True)
    short_name: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    country: Mapped[str] = mapped_column(String(100), default="Malaysia")
    state: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(500))
    accreditation_notes: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    credentials: Mapped[list[Credential]] = relationship(
        back_populates="provider", order_by="Credential.code"
    )

    __table_args__ = (CheckConstraint("length(short_name) > 0", name="short_name_not_empty"),)

    def __repr__(self) -> str:
        return f"Provider({self.short_name!r})"


class Credential(Base):
    """One micro-credential on offer.

    ``intake`` is either the string ``"self-paced"`` or a list of ISO dates (``YYYY-MM-DD``).
    ``accredited_programme`` names the accredited programme a credit-bearing credential is part
    of (FAQ recognition rule a); ``None`` means it can be tendered to any HEP (rule b).
    """

    __tablename__ = "credential"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    title: Mapped[str] = mapped_column(String(255))
    provider_id: Mapped[int] = mapped_column(
        ForeignKey("provider.id", ondelete="RESTRICT"), index=True
    )
    type: Mapped[str] = mapped_column(String(20))
    field: Mapped[str] = mapped_column(String(100), index=True)
    mqf_level: Mapped[int | None] = mapped_column(Integer)
    credits: Mapped[int | None] = mapped_column(Integer)
    notional_hours: Mapped[int] = mapped_column(Integer)
    fee_rm: Mapped[float] = mapped_column(Numeric(10, 2, asdecimal=False))
    mode: Mapped[str] = mapped_column(String(20))
    language: Mapped[str] = mapped_column(String(50), default="English")
    accredited_programme: Mapped[str | None] = mapped_column(Text)
    entry_notes: Mapped[str | None] = mapped_column(Text)
    min_age: Mapped[int | None] = mapped_column(Integer)
    open_to_non_malaysians: Mapped[bool] = mapped_column(default=True, server_default=true())
    learning_outcomes: Mapped[list[str]] = mapped_column(JSON, default=list)
    assessment: Mapped[str | None] = mapped_column(Text)
    badge_issuer: Mapped[str | None] = mapped_column(String(255))
    intake: Mapped[Any] = mapped_column(JSON, default=lambda: SELF_PACED)
    url: Mapped[str | None] = mapped_column(String(500))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    provider: Mapped[Provider] = relationship(back_populates="credentials", lazy="joined")

    __table_args__ = (
        CheckConstraint("length(code) > 0", name="code_not_empty"),
        CheckConstraint("length(title) > 0", name="title_not_empty"),
        CheckConstraint("type IN ('standalone', 'credit-bearing')", name="type_known"),
        CheckConstraint("mode IN ('online', 'conventional', 'blended')", name="mode_known"),
        CheckConstraint("notional_hours BETWEEN 1 AND 1000", name="hours_range"),
        CheckConstraint("fee_rm >= 0", name="fee_not_negative"),
        CheckConstraint("mqf_level IS NULL OR mqf_level BETWEEN 1 AND 8", name="mqf_level_range"),
        CheckConstraint("credits IS NULL OR credits BETWEEN 1 AND 60", name="credits_range"),
        CheckConstraint("min_age IS NULL OR min_age BETWEEN 0 AND 120", name="min_age_range"),
        CheckConstraint(
            "(type = 'standalone' AND mqf_level IS NULL AND credits IS NULL"
            " AND accredited_programme IS NULL)"
            " OR (type = 'credit-bearing' AND mqf_level IS NOT NULL AND credits IS NOT NULL)",
            name="type_consistent",
        ),
    )

    @property
    def duration_hours(self) -> int:
        """Notional learning hours, under the name the FAQ and the chatbot use."""
        return self.notional_hours

    @property
    def self_paced(self) -> bool:
        return self.intake == SELF_PACED

    def __repr__(self) -> str:
        return f"Credential({self.code!r}, {self.title!r})"


# Codes are unique regardless of case ("dsc-101" and "DSC-101" are the same credential).
Index("uq_credential_code_lower", func.lower(Credential.code), unique=True)
