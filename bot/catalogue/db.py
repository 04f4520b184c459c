"""Engines, sessions and schema set-up for the catalogue database.

Nothing is built on import: the first call for a URL creates its engine and sessionmaker and
caches them, so every later call for the same URL shares one connection pool. The URL defaults
to :func:`bot.config.database_url` (``DATABASE_URL`` or a SQLite file under the data directory);
PostgreSQL works through ``postgresql+psycopg://user@host/db``.

Callers own session lifetimes::

    with get_sessionmaker().begin() as session:
        importer.import_file(session, path)

Only :func:`migrate` (and so :func:`init`, ``microcred catalogue init``) creates a database: any
other connection to a SQLite file that does not exist fails with an error that names the file,
instead of SQLite creating an empty one. The services read through :func:`read` (and write
records through :func:`write`), which survive the database going away and coming back: a
connection to a SQLite file that has since been deleted or replaced is never reused, PostgreSQL
connections are pinged before use, and a unit of work that fails on the database runs once more
on a fresh connection. A database that is missing or has no schema raises
:class:`CatalogueNotReady`, whose message says to run ``microcred catalogue init``.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event, func, inspect, make_url, select
from sqlalchemy.exc import DBAPIError, InvalidatePoolError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from bot import config

if TYPE_CHECKING:
    from bot.catalogue.importer import ImportReport

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
INIT_HINT = "run `microcred catalogue init` to set it up"

logger = logging.getLogger(__name__)
T = TypeVar("T")

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


class MissingDatabaseFile(sqlite3.OperationalError):
    """A SQLite catalogue file that does not exist (raised instead of creating an empty one)."""


class CatalogueNotReady(OperationalError):
    """The catalogue database does not exist, or exists without the schema.

    An ``OperationalError``, so whoever handles database errors handles it too; its message
    names the database and says to run ``microcred catalogue init``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(None, None, Exception(message))
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self):
        return type(self), (self.message,)


def resolve_url(url: str | None = None) -> str:
    """The URL to use: ``url`` if given, else the configured one."""
    return url or config.database_url()


def display_url(url: str | None = None) -> str:
    """The URL with any password hidden, for messages."""
    return make_url(resolve_url(url)).render_as_string(hide_password=True)


def sqlite_path(url: str | None = None) -> Path | None:
    """The absolute path of a SQLite file URL; ``None`` for other databases, in-memory SQLite
    and ``uri=true`` URLs (which choose their own open mode)."""
    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return None
    if str(parsed.query.get("uri", "")).lower() in ("1", "t", "true", "y", "yes", "on"):
        return None
    return Path(os.path.abspath(parsed.database))


def _missing_file_message(path: Path) -> str:
    return f"the catalogue database file {path} does not exist; {INIT_HINT}"


def _file_identity(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except FileNotFoundError:
        return None
    return status.st_dev, status.st_ino


def _guard_sqlite_file(engine: Engine, path: Path) -> None:
    """Open ``path`` read-write without ever creating it, and never hand out a connection to
    a file that has since been deleted or replaced (another inode): SQLite keeps reading the
    file it opened, even after a new one is put in its place."""

    @event.listens_for(engine, "do_connect")
    def open_existing(dialect, _record, cargs, cparams):
        if not path.exists():
            raise MissingDatabaseFile(_missing_file_message(path))
        cargs[:] = [f"file:{quote(str(path))}?mode=rw"]
        cparams["uri"] = True
        try:
            return dialect.connect(*cargs, **cparams)
        except sqlite3.OperationalError:
            if not path.exists():  # deleted between the check and the open
                raise MissingDatabaseFile(_missing_file_message(path)) from None
            raise

    @event.listens_for(engine, "connect")
    def remember_file(_dbapi_connection, record) -> None:
        record.info["sqlite_file"] = _file_identity(path)

    @event.listens_for(engine, "checkout")
    def check_file(_dbapi_connection, record, _proxy) -> None:
        if record.info.get("sqlite_file") != _file_identity(path):
            # The pool drops this connection and every older one, and opens a new one (which
            # fails with MissingDatabaseFile while the file is gone).
            raise InvalidatePoolError(f"{path} was deleted or replaced since it was opened")


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: the configured database), created on first use.

    SQLite files are opened only if they exist (:class:`MissingDatabaseFile` otherwise) and
    connections to a file since deleted or replaced are reopened; pooled connections are
    pinged before use, so one the server dropped (a PostgreSQL restart) is replaced.
    """
    key = resolve_url(url)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = create_engine(key, json_serializer=_json_dumps, pool_pre_ping=True)
            if engine.dialect.name == "sqlite":
                event.listen(engine, "connect", _enable_sqlite_foreign_keys)
                path = sqlite_path(key)
                if path is not None:
                    _guard_sqlite_file(engine, path)
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


def reset(url: str | None = None) -> None:
    """Close the pooled connections of ``url``; the next use opens fresh ones."""
    with _lock:
        engine = _engines.get(resolve_url(url))
    if engine is not None:
        engine.dispose()


def _retryable(error: DBAPIError) -> bool:
    """Whether a fresh connection may succeed where ``error`` happened: the server dropped
    the connection, or the database could not be read (restarting, file being replaced)."""
    if isinstance(error, CatalogueNotReady) or isinstance(error.orig, MissingDatabaseFile):
        return False
    return error.connection_invalidated or isinstance(error, OperationalError)


def _explained(error: DBAPIError, url: str | None) -> DBAPIError:
    """``error``, or a :class:`CatalogueNotReady` when the database is missing or has no
    schema (checked only now that something failed)."""
    if isinstance(error, CatalogueNotReady):
        return error
    if isinstance(error.orig, MissingDatabaseFile):
        return CatalogueNotReady(str(error.orig))
    if isinstance(error, OperationalError | ProgrammingError):
        try:
            schema = has_schema(url)
        except DBAPIError:
            return error
        if not schema:
            where = display_url(url)
            return CatalogueNotReady(f"database {where} has no catalogue schema; {INIT_HINT}")
    return error


def _recover(error: DBAPIError, url: str | None, *, again: bool) -> None:
    """Re-raise ``error`` (explained) unless ``again`` and a fresh connection may help; in
    that case close the pooled connections so the next attempt opens a new one."""
    if not (again and _retryable(error)):
        explained = _explained(error, url)
        if explained is error:
            raise error
        raise explained from error
    detail = str(error.orig or error).strip().splitlines()[0]
    logger.warning(
        "database %s failed (%s); retrying on a fresh connection", display_url(url), detail
    )
    reset(url)


def _unit(work: Callable[[Session], T], url: str | None, *, commit: bool) -> T:
    factory = get_sessionmaker(url)
    for attempt in (1, 2):
        started = False
        try:
            with factory() as session:
                session.connection()  # check out now: a stale connection is replaced here
                started = True
                result = work(session)
                if commit:
                    session.commit()
                return result
        except DBAPIError as error:
            # A write that reached the database is not run twice (it may have committed).
            _recover(error, url, again=attempt == 1 and not (commit and started))
    raise AssertionError("unreachable")


def read(work: Callable[[Session], T], url: str | None = None) -> T:
    """``work(session)`` on the database of ``url``, run once more on a fresh connection if
    the database failed; the session is closed (rolled back) afterwards.

    Raises:
        CatalogueNotReady: the database does not exist or has no schema.
        sqlalchemy.exc.DBAPIError: the database still failed on the second attempt.
    """
    return _unit(work, url, commit=False)


def write(work: Callable[[Session], T], url: str | None = None) -> T:
    """``work(session)`` in a transaction on the database of ``url``, committed; run again on
    a fresh connection only when the database could not be reached before ``work`` began, so
    nothing is written twice. Raises as :func:`read`."""
    return _unit(work, url, commit=True)


@contextmanager
def connected(url: str | None = None) -> Iterator[Session]:
    """A session for a ``with`` block whose connection is checked out first (retried once on
    a fresh connection, as :func:`read`); failures inside the block are not retried, but are
    explained (:class:`CatalogueNotReady`). Prefer :func:`read` where the block can be a
    function."""
    factory = get_sessionmaker(url)
    session = None
    for attempt in (1, 2):
        session = factory()
        try:
            session.connection()
            break
        except DBAPIError as error:
            session.close()
            _recover(error, url, again=attempt == 1)
    assert session is not None
    with session:
        try:
            yield session
        except DBAPIError as error:
            explained = _explained(error, url)
            if explained is error:
                raise
            raise explained from error


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

    path = sqlite_path(url)
    if path is not None and not path.exists():
        # The one place a SQLite catalogue file is created; every other use needs it to exist.
        path.parent.mkdir(parents=True, exist_ok=True)
        sqlite3.connect(path).close()
    cfg = alembic_config(url)
    with get_engine(url).begin() as connection:
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)


def has_schema(url: str | None = None) -> bool:
    """Whether the catalogue tables exist (i.e. :func:`migrate` has run); ``False`` for a
    SQLite file that does not exist (which this does not create)."""
    path = sqlite_path(url)
    if path is not None and not path.exists():
        return False
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
