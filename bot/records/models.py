"""SQLAlchemy models of the records (see :mod:`bot.records`), on the catalogue's metadata."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import JSON, CheckConstraint, DateTime, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from bot.catalogue.models import Base, utcnow

# Why a turn is in the unanswered report.
UNANSWERED_KINDS = ("fallback", "out_of_scope", "low_confidence", "near_topic", "disliked")
VOTES = ("up", "down")
CONTACT_KINDS = ("email", "phone")
HANDOFF_STATUSES = ("open", "closed")


class UTCDateTime(TypeDecorator):
    """A timezone-aware time in UTC on every database: SQLite keeps no zone and gives back naive
    values, so every reader of the records had to add it back."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None or value.tzinfo is not None:
            return value
        return value.replace(tzinfo=timezone.utc)


class Unanswered(Base):
    """A learner's message the assistant could not answer, or whose answer was disliked."""

    __tablename__ = "unanswered"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    kind: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    # The NLU's best guesses, best first: [{"name": "faq/fee", "confidence": 0.41}, ...]
    intents: Mapped[list[dict]] = mapped_column(JSON, default=list)
    channel: Mapped[str] = mapped_column(String(32))
    sender_hash: Mapped[str] = mapped_column(String(64))
    # For a disliked answer: where the answer came from ("faq/fee", "credential:DSC-101").
    source: Mapped[str | None] = mapped_column(String(128))

    __table_args__ = (
        CheckConstraint(
            "kind IN ('fallback', 'out_of_scope', 'low_confidence', 'near_topic', 'disliked')",
            name="kind_known",
        ),
        Index("ix_unanswered_created_at", "created_at"),
    )


class Feedback(Base):
    """A 👍 or 👎 on an answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    vote: Mapped[str] = mapped_column(String(4))
    source: Mapped[str] = mapped_column(String(128))
    message: Mapped[str | None] = mapped_column(Text)  # the learner's message it answered
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(32))
    sender_hash: Mapped[str] = mapped_column(String(64))

    __table_args__ = (
        CheckConstraint("vote IN ('up', 'down')", name="vote_known"),
        Index("ix_feedback_created_at", "created_at"),
    )


class Handoff(Base):
    """A learner's request to be contacted by an adviser (stored only with their consent)."""

    __tablename__ = "handoff"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    question: Mapped[str] = mapped_column(Text)
    contact: Mapped[str] = mapped_column(String(254))
    contact_kind: Mapped[str] = mapped_column(String(8))
    language: Mapped[str] = mapped_column(String(8))
    channel: Mapped[str] = mapped_column(String(32))
    sender_hash: Mapped[str] = mapped_column(String(64))
    # "asked" (the learner asked for a person) or "fallbacks" (two unanswered turns in a row)
    reason: Mapped[str] = mapped_column(String(16), default="asked")
    status: Mapped[str] = mapped_column(String(8), default="open")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    notified: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        CheckConstraint("contact_kind IN ('email', 'phone')", name="contact_kind_known"),
        CheckConstraint("status IN ('open', 'closed')", name="status_known"),
        Index("ix_handoff_status", "status"),
    )

    def as_dict(self) -> dict:
        """The request as JSON-ready values (times in ISO 8601, UTC)."""
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "question": self.question,
            "contact": self.contact,
            "contact_kind": self.contact_kind,
            "language": self.language,
            "channel": self.channel,
            "reason": self.reason,
            "status": self.status,
            "closed_at": self.closed_at.isoformat() if self.closed_at else None,
        }
