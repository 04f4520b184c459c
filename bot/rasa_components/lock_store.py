"""Rasa's lock store as ``LOCK_STORE_URL`` says (endpoints.yml names this class).

Rasa locks a conversation while it handles one of its messages, so that two messages of one
learner are never answered at once. In one Rasa process its in-memory lock store does that;
several replicas must share Rasa's Redis lock store, or two of them could answer one learner
at the same time and lose events. Runs inside the Rasa runtime environment.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore

from bot import config


class ConfiguredLockStore:
    """Makes Rasa's ``RedisLockStore`` for a ``redis://`` ``LOCK_STORE_URL``, else its
    ``InMemoryLockStore`` (Rasa calls this class with its endpoint configuration)."""

    def __new__(cls, endpoint_config: Any = None) -> LockStore:  # type: ignore[misc]
        url = config.lock_store_url()
        if not url:
            return InMemoryLockStore()
        parts = urlsplit(url)
        return RedisLockStore(
            host=parts.hostname or "localhost",
            port=parts.port or 6379,
            db=int(parts.path.strip("/") or 0),
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password else None,
            use_ssl=url.startswith("rediss://"),
        )
