"""The catalogue database going away and coming back, on real SQLite files and PostgreSQL.

Only ``microcred catalogue init`` (``db.migrate``) creates a database: every other use of a
missing SQLite file fails and names it, leaving no empty file behind. A file deleted, put back
or replaced under a running engine is read again without a restart; PostgreSQL backends killed
under the engine (what a server restart looks like to a client) are replaced by themselves.
"""

from __future__ import annotations

import logging
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from bot import messages
from bot.catalogue import db, importer, queries
from bot.catalogue.models import Provider
from bot.cli import main
from tests.catalogue.conftest import POSTGRES_URL, SMALL_YAML, postgres_problem

SMALL_COUNT = 6  # credentials in SMALL_YAML


def count(url: str) -> int:
    return db.read(queries.count_credentials, url)


def make_catalogue(path: Path, *, small: bool = True) -> str:
    """A catalogue file at ``path``: the small one, or the schema with no credentials."""
    url = f"sqlite:///{path}"
    db.migrate(url)
    if small:
        with db.get_sessionmaker(url).begin() as session:
            importer.import_file(session, SMALL_YAML)
    db.dispose(url)
    return url


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    """URL of a SQLite file the test creates (or not); the engine is disposed afterwards."""
    url = f"sqlite:///{tmp_path / 'catalogue.db'}"
    yield url
    db.dispose(url)


# ------------------------------------------------------------------ missing or empty


def test_a_missing_file_is_named_and_never_created(sqlite_url):
    path = db.sqlite_path(sqlite_url)
    with pytest.raises(db.CatalogueNotReady) as raised:
        count(sqlite_url)
    assert str(path) in str(raised.value) and "microcred catalogue init" in str(raised.value)
    # Whoever uses a session directly (the adviser page) gets a database error naming it too.
    with (
        pytest.raises(OperationalError, match="microcred catalogue init") as raised,
        db.get_sessionmaker(sqlite_url)() as session,
    ):
        session.scalar(select(func.count()).select_from(Provider))
    assert str(path) in str(raised.value)
    assert db.has_schema(sqlite_url) is False
    assert not path.exists()


def test_the_cli_names_the_missing_file_and_creates_nothing(capsys, sqlite_url):
    path = db.sqlite_path(sqlite_url)
    for command in (["list"], ["show", "DSC-101"], ["export"]):
        assert main(["catalogue", "--database-url", sqlite_url, *command]) == 1
        err = capsys.readouterr().err
        assert str(path) in err and "microcred catalogue init" in err and "Traceback" not in err
    assert not path.exists()
    assert main(["catalogue", "--database-url", sqlite_url, "init", "--no-sample"]) == 0
    assert path.exists() and count(sqlite_url) == 0


def test_a_database_without_the_schema_says_so(db_url):
    if db_url.startswith("sqlite"):
        sqlite3.connect(db.sqlite_path(db_url)).close()  # an empty file, as SQLite leaves one
    with pytest.raises(db.CatalogueNotReady, match="no catalogue schema") as raised:
        count(db_url)
    assert "microcred catalogue init" in str(raised.value)
    db.migrate(db_url)  # init sets it up; the same engine then reads it
    assert count(db_url) == 0


# ------------------------------------------------------------------ SQLite files changing


def test_a_deleted_file_put_back_is_read_without_a_restart(sqlite_url, tmp_path):
    make_catalogue(db.sqlite_path(sqlite_url))
    path = db.sqlite_path(sqlite_url)
    assert count(sqlite_url) == SMALL_COUNT  # the engine now pools a connection to the file
    backup = tmp_path / "backup.db"
    shutil.copy(path, backup)
    path.unlink()
    with pytest.raises(db.CatalogueNotReady, match="does not exist"):
        count(sqlite_url)
    assert not path.exists()  # nothing put an empty catalogue in its place
    shutil.copy(backup, path)
    assert count(sqlite_url) == SMALL_COUNT


@pytest.mark.parametrize("how", ["moved into place", "copied over"])
def test_a_replaced_file_is_read(sqlite_url, tmp_path, how):
    path = db.sqlite_path(sqlite_url)
    make_catalogue(path)
    assert count(sqlite_url) == SMALL_COUNT
    other = tmp_path / "other.db"
    make_catalogue(other, small=False)
    if how == "moved into place":
        other.replace(path)
    else:
        shutil.copyfile(other, path)
    assert count(sqlite_url) == 0


def test_a_file_replaced_during_a_read_is_read_again(sqlite_url, tmp_path):
    """What the operator saw: a pooled connection held an empty file after the real one was
    put back ("no such table: credential"); the read is run again on a fresh connection."""
    path = db.sqlite_path(sqlite_url)
    sqlite3.connect(path).close()  # the empty file an earlier version left behind
    real = tmp_path / "real.db"
    make_catalogue(real)
    calls = []

    def work(session: Session) -> int:
        calls.append(1)
        if len(calls) == 1:  # the session is already connected to the empty file
            real.replace(path)
        return queries.count_credentials(session)

    assert db.read(work, sqlite_url) == SMALL_COUNT
    assert len(calls) == 2


# ------------------------------------------------------------------ PostgreSQL restarts


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """URL of a throwaway PostgreSQL database holding the small catalogue, dropped after."""
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    name = f"microcred_resilience_{uuid.uuid4().hex[:12]}"
    admin(f'CREATE DATABASE "{name}"')
    url = POSTGRES_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        db.migrate(url)
        with db.get_sessionmaker(url).begin() as session:
            importer.import_file(session, SMALL_YAML)
        yield url
    finally:
        db.dispose(url)
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin(statement: str, **params: object) -> list:
    engine = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            result = connection.execute(text(statement), params)
            return list(result) if result.returns_rows else []
    finally:
        engine.dispose()


def terminate_backends(url: str) -> int:
    """Kill every connection to the database of ``url``, as a server restart does."""
    name = url.rsplit("/", 1)[1]
    rows = admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name",
        name=name,
    )
    return len(rows)


def test_postgres_backends_killed_between_reads(postgres_url):
    assert count(postgres_url) == SMALL_COUNT
    assert terminate_backends(postgres_url) >= 1  # the pooled connection is gone
    assert count(postgres_url) == SMALL_COUNT
    assert db.write(lambda session: session.scalar(select(func.count(Provider.id))), postgres_url)


def test_postgres_backend_killed_during_a_read_is_read_again(postgres_url):
    calls = []

    def work(session: Session) -> int:
        calls.append(1)
        if len(calls) == 1:  # connected and pinged, then the server goes away
            terminate_backends(postgres_url)
        return queries.count_credentials(session)

    assert db.read(work, postgres_url) == SMALL_COUNT
    assert len(calls) == 2


def test_postgres_write_under_way_is_not_run_twice(postgres_url):
    calls = []

    def work(session: Session) -> None:
        calls.append(1)
        terminate_backends(postgres_url)
        session.add(Provider(short_name="NEW", name="New provider", country="Malaysia"))
        session.flush()

    with pytest.raises(OperationalError):
        db.write(work, postgres_url)
    assert len(calls) == 1
    assert count(postgres_url) == SMALL_COUNT  # and the database serves again


# ------------------------------------------------------------------ through the action


def test_the_action_says_the_catalogue_is_unavailable_then_recovers(
    sqlite_url, tmp_path, monkeypatch, caplog
):
    from tests.support.conversation import Conversation

    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    path = db.sqlite_path(sqlite_url)
    with caplog.at_level(logging.ERROR, logger="actions.base"):
        reply = Conversation().say("how much is DSC-101?", "ask_credential")
    assert reply == messages.render("catalogue_unavailable", "en")
    assert str(path) in caplog.text and "microcred catalogue init" in caplog.text
    assert not path.exists()
    make_catalogue(tmp_path / "restored.db")
    shutil.copy(tmp_path / "restored.db", path)
    reply = Conversation().say("how much is DSC-101?", "ask_credential")
    assert "650" in reply and reply != messages.render("catalogue_unavailable", "en")
