"""Fixtures: a fresh catalogue database per test, on SQLite and (when reachable) PostgreSQL.

PostgreSQL runs at ``MICROCRED_TEST_POSTGRES_URL`` (default
``postgresql+psycopg://postgres@127.0.0.1:5432/test``); each test gets its own schema, chosen
through the connection's ``search_path`` and dropped afterwards. When the server cannot be
reached the PostgreSQL variants are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select, text
from sqlalchemy.orm import Session

from bot.catalogue import db, importer
from bot.catalogue.models import Credential, Provider

FIXTURES = Path(__file__).parent / "fixtures"
SMALL_YAML = FIXTURES / "small.yaml"
SMALL_CSV = FIXTURES / "small.csv"
POSTGRES_URL = os.environ.get(
    "MICROCRED_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@cache
def postgres_problem() -> str | None:
    """Why PostgreSQL cannot be used, or None when it can."""
    try:
        engine = create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure means "not available here"
        return f"PostgreSQL not reachable at {POSTGRES_URL}: {type(exc).__name__}"
    return None


def _postgres_admin(statement: str) -> None:
    engine = create_engine(POSTGRES_URL)
    with engine.begin() as connection:
        connection.execute(text(statement))
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of an empty database (no schema yet), removed after the test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'catalogue.db'}"
        yield url
        db.dispose(url)
        return
    problem = postgres_problem()
    if problem:
        pytest.skip(problem)
    schema = f"test_{uuid.uuid4().hex[:16]}"
    _postgres_admin(f'CREATE SCHEMA "{schema}"')
    separator = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    try:
        yield url
    finally:
        db.dispose(url)
        _postgres_admin(f'DROP SCHEMA "{schema}" CASCADE')


@pytest.fixture
def migrated(db_url: str) -> str:
    """URL of a database with the schema and no data."""
    db.migrate(db_url)
    return db_url


@pytest.fixture
def loaded(migrated: str) -> str:
    """URL of a database holding the small test catalogue (3 providers, 6 credentials)."""
    with db.get_sessionmaker(migrated).begin() as session:
        importer.import_file(session, SMALL_YAML)
    return migrated


@pytest.fixture
def session(loaded: str) -> Iterator[Session]:
    """A session on the small test catalogue."""
    with db.get_sessionmaker(loaded)() as session:
        yield session


def snapshot(url: str) -> list[tuple]:
    """Every provider and credential row, for "nothing changed" assertions."""
    with db.get_sessionmaker(url)() as session:
        rows: list[tuple] = []
        for model in (Provider, Credential):
            table = model.__table__
            result = session.execute(select(table).order_by(table.c.id))
            rows.extend(tuple(row) for row in result)
        return rows


def sqlite_bytes(url: str) -> bytes | None:
    """The SQLite file's bytes (None for other databases)."""
    if not url.startswith("sqlite:///"):
        return None
    return Path(url.removeprefix("sqlite:///")).read_bytes()
