"""Writing and reading the records (see :mod:`bot.records`); callers own the session.

with db.get_sessionmaker().begin() as session:
    store.record_unanswered(session, kind="fallback", message="...", ...)
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot import config
from bot.catalogue.models import utcnow
from bot.records.models import UNANSWERED_KINDS, VOTES, Feedback, Handoff, Unanswered

MAX_MESSAGE = 2000  # characters of a learner's message kept
MAX_INTENTS = 3  # top intents kept with an unanswered turn


def sender_hash(sender: str, salt: bytes | None = None) -> str:
    """The conversation id as a keyed hash: the same learner groups, but cannot be read back
    (``salt``: the configured one by default)."""
    return hmac.new(salt or config.salt(), sender.encode(), hashlib.sha256).hexdigest()


def top_intents(parse: dict) -> list[dict]:
    """The NLU's best guesses in a parse result, ``[{"name", "confidence"}]``, best first."""
    ranked = []
    selectors = parse.get("response_selector") or {}
    for intent in parse.get("intent_ranking") or []:
        name, confidence = intent.get("name"), float(intent.get("confidence") or 0)
        selection = (selectors.get(name) or {}).get("response") or {}
        if selection.get("intent_response_key"):
            name = selection["intent_response_key"]
        if name:
            ranked.append({"name": name, "confidence": round(confidence, 4)})
    return ranked[:MAX_INTENTS]


def record_unanswered(
    session: Session,
    *,
    kind: str,
    message: str,
    language: str,
    channel: str,
    sender: str,
    intents: Sequence[dict] = (),
    source: str | None = None,
) -> Unanswered:
    """Store one turn the assistant could not answer (``kind`` in ``UNANSWERED_KINDS``)."""
    if kind not in UNANSWERED_KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(UNANSWERED_KINDS)}")
    row = Unanswered(
        kind=kind,
        message=message[:MAX_MESSAGE],
        language=language,
        intents=list(intents)[:MAX_INTENTS],
        channel=(channel or "unknown")[:32],
        sender_hash=sender_hash(sender),
        source=source[:128] if source else None,
    )
    session.add(row)
    return row


def record_feedback(
    session: Session,
    *,
    vote: str,
    source: str,
    message: str | None,
    language: str,
    channel: str,
    sender: str,
) -> Feedback:
    """Store a vote on an answer; a 👎 also goes into the unanswered report as ``disliked``."""
    if vote not in VOTES:
        raise ValueError(f"unknown vote {vote!r}; expected 'up' or 'down'")
    row = Feedback(
        vote=vote,
        source=source[:128],
        message=message[:MAX_MESSAGE] if message else None,
        language=language,
        channel=(channel or "unknown")[:32],
        sender_hash=sender_hash(sender),
    )
    session.add(row)
    if vote == "down":
        record_unanswered(
            session,
            kind="disliked",
            message=message or "",
            language=language,
            channel=channel,
            sender=sender,
            source=source,
        )
    return row


def create_handoff(
    session: Session,
    *,
    question: str,
    contact: str,
    contact_kind: str,
    language: str,
    channel: str,
    sender: str,
    reason: str = "asked",
) -> Handoff:
    """Store a learner's consented request to be contacted; ``id`` is set on return."""
    row = Handoff(
        question=question[:MAX_MESSAGE],
        contact=contact[:254],
        contact_kind=contact_kind,
        language=language,
        channel=(channel or "unknown")[:32],
        sender_hash=sender_hash(sender),
        reason=reason,
        status="open",
        notified=False,
    )
    session.add(row)
    session.flush()
    return row


def mark_notified(session: Session, handoff_id: int) -> None:
    """Note that the advisers' chat was told of request ``handoff_id``."""
    row = session.get(Handoff, handoff_id)
    if row is not None:
        row.notified = True


def unanswered(session: Session, since: datetime | None = None) -> list[Unanswered]:
    """Unanswered turns, newest first (since ``since`` when given)."""
    query = select(Unanswered).order_by(Unanswered.created_at.desc(), Unanswered.id.desc())
    if since is not None:
        query = query.where(Unanswered.created_at >= since)
    return list(session.scalars(query))


def handoffs(session: Session, status: str | None = None) -> list[Handoff]:
    """Handoff requests, oldest open first (all statuses unless ``status`` is given)."""
    query = select(Handoff).order_by(Handoff.status.desc(), Handoff.created_at, Handoff.id)
    if status:
        query = query.where(Handoff.status == status)
    return list(session.scalars(query))


def close_handoff(session: Session, handoff_id: int) -> Handoff:
    """Mark a request done; :class:`LookupError` when there is no such request."""
    row = session.get(Handoff, handoff_id)
    if row is None:
        raise LookupError(f"no handoff request with id {handoff_id}")
    if row.status != "closed":
        row.status, row.closed_at = "closed", utcnow()
    return row


def purge(session: Session, days: int | None = None, now: datetime | None = None) -> dict:
    """Delete unanswered turns, feedback and closed handoffs older than ``days`` (the retention
    setting by default); open handoffs are kept whatever their age. Returns the counts."""
    days = config.retention_days() if days is None else days
    cutoff = (now or utcnow()) - timedelta(days=days)
    counts = {}
    for name, statement in (
        ("unanswered", delete(Unanswered).where(Unanswered.created_at < cutoff)),
        ("feedback", delete(Feedback).where(Feedback.created_at < cutoff)),
        (
            "handoff",
            delete(Handoff).where(Handoff.status == "closed", Handoff.closed_at < cutoff),
        ),
    ):
        counts[name] = session.execute(statement.execution_options(synchronize_session=False))
        counts[name] = counts[name].rowcount
    return counts
