"""Engines, sessions and schema set-up for the catalogue database.

Nothing is built on import: the first call for a URL creates its engine and sessionmaker and
caches them, so every later call for the same URL shares one connection pool. The URL defaults
to :func:`bot.config.database_url` (``DATABASE_URL`` or a SQLite file under the data directory);
PostgreSQL works through ``postgresql+psycopg://user@host/db``.

Callers own session lifetimes::

    with get_sessionmaker().begin() as session:
        importer.import_file(session, path)
"""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, create_engine, event, func, inspect, make_url, select
from sqlalchemy.orm import Session, sessionmaker

from bot import config

if TYPE_CHECKING:
    from bot.catalogue.importer import ImportReport

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_lock = threading.Lock()
_engines: dict[str, Engine] = {}
_sessionmakers: dict[str, sessionmaker[Session]] = {}


def _json_dumps(value: object) -> str:
    # Keep non-ASCII text (Malay, accented names) readable in the stored JSON so that
    # case-insensitive LIKE searches on keywords see the real characters.
    return json.dumps(value, ensure_ascii=False)


def _enable_sqlite_foreign_keys(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url`` if given, else the configured one."""
    return url or config.database_url()


def display_url(url: str | None = None) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(resolve_url(url)).render_as_string(hide_password=True)


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), created on first use."""
    key = resolve_url(url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = create_engine(key, json_serializer=_json_dumps, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_foreign_keys)
            _engines[key] = engine
        return engine


def get_sessionmaker(url: str | None = None) -> sessionmaker[Session]:
    """The session factory for ``url``; sessions keep loaded objects usable after commit."""
    key = resolve_url(url)
    engine = get_engine(key)
    with _lock:
        factory = _sessionmakers.get(key)
        if factory is None:
            factory = sessionmaker(bind=engine, expire_on_commit=False)
            _sessionmakers[key] = factory
        return factory


def dispose(url: str | None = None) -> None:
    """Close the pooled connections of ``url`` and forget its engine (tests, shutdown)."""
    key = resolve_url(url)
    with _lock:
        _sessionmakers.pop(key, None)
        engine = _engines.pop(key, None)
    if engine is not None:
        engine.dispose()


def alembic_config(url: str | None = None):
    """An Alembic ``Config`` for the packaged migrations; no ``alembic.ini`` needed."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser treats % as interpolation; URLs may contain %-escapes.
    cfg.set_main_option("sqlalchemy.url", resolve_url(url).replace("%", "%%"))
    return cfg


def migrate(url: str | None = None, revision: str = "head") -> None:
    """Bring the schema up to ``revision`` (Alembic ``upgrade``), creating it if needed."""
    from alembic import command

    cfg = alembic_config(url)
    with get_engine(url).begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def has_schema(url: str | None = None) -> bool:
    """Whether the catalogue tables exist (i.e. :func:`migrate` has run)."""
    return inspect(get_engine(url)).has_table("credential")


def init(url: str | None = None, sample: bool = True) -> ImportReport | None:
    """Migrate, then import the sample catalogue if ``sample`` and the catalogue is empty.

    Returns the import report, or ``None`` when nothing was imported.
    """
    from bot.catalogue.importer import import_file
    from bot.catalogue.models import Credential

    migrate(url)
    if not sample:
        return None
    with get_sessionmaker(url).begin() as session:
        if session.scalar(select(func.count()).select_from(Credential)):
            return None
        return import_file(session, config.SAMPLE_CATALOGUE)
