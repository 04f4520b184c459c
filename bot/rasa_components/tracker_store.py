"""Rasa's SQL tracker store, with less work on every turn (endpoints.yml names it).

Each turn the Rasa server reads the conversation and writes its new events. Rasa's own
``SQLTrackerStore`` spent about 8 ms of the server's one core on that per turn (py-spy, one
sender): it opened a new SQLite connection for the read and another for the write (SQLAlchemy's
default for SQLite files), waited for the disk on each commit, and before writing counted the
events already stored with a query over the conversation. This store:

- keeps its SQLite connections open (a pool) and uses SQLite's write-ahead log with
  ``synchronous=NORMAL``: a commit no longer waits for the disk. A crash of the server loses
  nothing; a power cut may lose the last turns, never the file's consistency.
- remembers how many events of the conversation's latest session it has just read or written,
  so it knows which events are new without asking the database. Rasa reads a conversation
  before every turn that writes it (under the lock store, so one process at a time), which
  refreshes that count; when it does not know (a conversation created by another process, or
  one read across all its sessions), it asks the database as Rasa does.

Where it lives is ``TRACKER_STORE_URL`` (:mod:`bot.config`): a SQLite file by default,
PostgreSQL (``postgresql://user:password@host:5432/db``) for several Rasa replicas, which keeps
Rasa's pool settings and gains the count.
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
from rasa.shared.core.trackers import DialogueStateTracker

from bot import config

REMEMBERED = 10_000  # conversations whose event count is kept (a few hundred kB)


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class ConversationStore(SQLTrackerStore):
    """``SQLTrackerStore`` with pooled SQLite connections and a remembered event count."""

    def __init__(self, domain: Any = None, event_broker: Any = None, **_: Any) -> None:
        url = sa.engine.make_url(config.tracker_store_url())
        super().__init__(
            domain=domain,
            event_broker=event_broker,
            dialect=url.get_backend_name(),
            host=url.host,
            port=url.port,
            db=url.database,
            username=url.username,
            password=url.password,
        )
        if self.engine.dialect.name == "sqlite" and self.engine.url.database:
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url,
                poolclass=sa.pool.QueuePool,
                pool_size=2,
                max_overflow=8,
                connect_args={"check_same_thread": False},
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        elif self.engine.dialect.name == "postgresql":
            # A pooled connection that PostgreSQL dropped (a restart) is replaced, not used.
            self.engine.dispose()
            self.engine = sa.create_engine(
                self.engine.url, pool_pre_ping=True, **create_engine_kwargs(self.engine.url)
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._stored: OrderedDict[str, int] = OrderedDict()

    def _remember(self, sender_id: str, count: int) -> None:
        self._stored[sender_id] = count
        self._stored.move_to_end(sender_id)
        if len(self._stored) > REMEMBERED:
            self._stored.popitem(last=False)

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        tracker = await super().retrieve(sender_id)
        self._remember(sender_id, len(tracker.events) if tracker else 0)
        return tracker

    async def retrieve_full_tracker(self, conversation_id: str) -> DialogueStateTracker | None:
        self._stored.pop(conversation_id, None)  # all sessions: not the latest one's count
        return await super().retrieve_full_tracker(conversation_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        self._remember(tracker.sender_id, len(tracker.events))

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Any:
        stored = self._stored.get(tracker.sender_id)
        if stored is None or stored > len(tracker.events):
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, None)
