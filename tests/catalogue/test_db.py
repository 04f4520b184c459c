"""Engines and set-up: lazy, cached per URL, foreign keys on, init loads the sample once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import text

from bot import config
from bot.catalogue import db, queries
from tests.catalogue.conftest import snapshot


def test_importing_the_package_builds_nothing():
    code = (
        "import sys, bot.catalogue.db as d, bot.catalogue.queries, bot.catalogue.resolver, "
        "bot.catalogue.cli, bot.catalogue.export, bot.catalogue.importer\n"
        "assert d._engines == {} and d._sessionmakers == {}\n"
        "assert 'spacy' not in sys.modules, 'spaCy loaded at import time'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_engines_and_sessionmakers_are_cached_per_url(tmp_path):
    first, second = f"sqlite:///{tmp_path / 'a.db'}", f"sqlite:///{tmp_path / 'b.db'}"
    try:
        assert db.get_engine(first) is db.get_engine(first)
        assert db.get_engine(first) is not db.get_engine(second)
        assert db.get_sessionmaker(first) is db.get_sessionmaker(first)
        assert db.get_sessionmaker(first).kw["bind"] is db.get_engine(first)
    finally:
        db.dispose(first)
        db.dispose(second)


def test_url_defaults_to_the_configuration(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'configured.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    try:
        assert db.get_engine() is db.get_engine(url)
        assert str(db.get_engine().url) == url
    finally:
        db.dispose(url)


def test_sqlite_foreign_keys_are_on(tmp_path):
    url = f"sqlite:///{tmp_path / 'fk.db'}"
    try:
        db.migrate(url)
        with db.get_engine(url).connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.dispose(url)


@pytest.mark.skipif(not config.SAMPLE_CATALOGUE.exists(), reason="sample catalogue not there yet")
def test_init_loads_the_sample_only_into_an_empty_catalogue(db_url):
    report = db.init(db_url)
    assert report is not None and report.credentials_created >= 40
    before = snapshot(db_url)
    assert db.init(db_url) is None  # not empty: nothing imported
    assert snapshot(db_url) == before


def test_init_without_sample(db_url):
    assert db.init(db_url, sample=False) is None
    assert db.has_schema(db_url)
    with db.get_sessionmaker(db_url)() as session:
        assert queries.count_credentials(session) == 0


def test_display_url_hides_the_password():
    shown = db.display_url("postgresql+psycopg://user:secret@host/db")
    assert "secret" not in shown and "user" in shown
