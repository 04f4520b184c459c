"""Validation and import: every problem reported, nothing written on error, upsert by code."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot import config
from bot.catalogue import db, importer, queries
from bot.catalogue.importer import CatalogueFileError, ValidationFailed
from bot.catalogue.models import Credential, Provider
from tests.catalogue.conftest import FIXTURES, SMALL_CSV, SMALL_YAML, snapshot, sqlite_bytes


def _import(url: str, path: Path) -> importer.ImportReport:
    with db.get_sessionmaker(url).begin() as session:
        return importer.import_file(session, path)


def _variant(tmp_path: Path, index: int, *, also: dict | None = None, **changes) -> Path:
    """small.yaml with credential ``index`` changed (a value of ... removes the field);
    ``also`` maps other indexes to their changes."""
    document = yaml.safe_load(SMALL_YAML.read_text(encoding="utf-8"))
    for number, values in {**(also or {}), index: changes}.items():
        record = document["credentials"][number]
        for name, value in values.items():
            if value is ...:
                record.pop(name, None)
            else:
                record[name] = value
    path = tmp_path / "variant.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def test_good_import_creates_everything(migrated):
    report = _import(migrated, SMALL_YAML)
    assert (report.credentials_created, report.credentials_updated) == (6, 0)
    assert (report.providers_created, report.providers_updated) == (3, 0)
    assert report.warnings == []
    with db.get_sessionmaker(migrated)() as session:
        dsc = queries.get_by_code(session, "DSC-101")
        assert dsc.provider.short_name == "UNIX"
        assert dsc.fee_rm == 650 and dsc.mqf_level == 6 and dsc.credits == 2
        assert dsc.intake == ["2026-01-12", "2026-06-01"]
        assert dsc.keywords == ["data analytics", "analitik data", "python", "pandas"]
        assert dsc.accredited_programme.startswith("Bachelor of Computer Science")
        assert queries.get_by_code(session, "AI-300").fee_rm == pytest.approx(690.5)
        assert queries.get_by_code(session, "DSC-110").open_to_non_malaysians is False
        assert queries.get_by_code(session, "PAT-001").provider.name.startswith("Kolej Pâtisserie")


def test_reimport_is_unchanged_and_upsert_updates_by_code(loaded, tmp_path):
    before = snapshot(loaded)
    report = _import(loaded, SMALL_YAML)
    assert (report.credentials_created, report.credentials_updated) == (0, 0)
    assert report.credentials_unchanged == 6
    assert snapshot(loaded) == before

    changed = _variant(tmp_path, 0, fee_rm=675, title="Data Analytics with Python II")
    report = _import(loaded, changed)
    assert (report.credentials_created, report.credentials_updated) == (0, 1)
    with db.get_sessionmaker(loaded)() as session:
        assert queries.count_credentials(session) == 6
        dsc = queries.get_by_code(session, "dsc-101")
        assert (dsc.fee_rm, dsc.title) == (675, "Data Analytics with Python II")
        assert dsc.id == before[3][0]  # same row, updated in place (rows 0-2 are providers)


def test_upsert_matches_codes_ignoring_case(loaded, tmp_path):
    report = _import(loaded, _variant(tmp_path, 0, code="dsc-101", fee_rm=640))
    assert (report.credentials_created, report.credentials_updated) == (0, 1)
    with db.get_sessionmaker(loaded)() as session:
        assert queries.count_credentials(session) == 6


def test_faq_ranges_are_warnings_not_errors(migrated, tmp_path):
    path = _variant(tmp_path, 0, fee_rm=900, notional_hours=200)
    report = _import(migrated, path)
    assert report.credentials_created == 6
    fields = sorted(w.field for w in report.warnings)
    assert fields == ["fee_rm", "notional_hours"]
    assert all(w.severity == "warning" and "DSC-101" in str(w) for w in report.warnings)


BAD_CASES = {
    "wrong type": ({"fee_rm": "abc"}, "fee_rm", "must be a number"),
    "negative fee": ({"fee_rm": -50}, "fee_rm", "must not be negative"),
    "missing title": ({"title": ...}, "title", "is required"),
    "unknown mode": ({"mode": "telepathy"}, "mode", "must be one of"),
    "unknown type": ({"type": "half-bearing"}, "type", "must be one of"),
    "unknown provider": ({"provider": "NOBODY"}, "provider", "unknown provider"),
    "hours out of range": ({"notional_hours": 0}, "notional_hours", "between 1 and 1000"),
    "hours not a number": ({"notional_hours": "ten"}, "notional_hours", "whole number"),
    "bad intake date": ({"intake": ["2026-02-30"]}, "intake", "not a YYYY-MM-DD date"),
    "bad url": ({"url": "unix.example"}, "url", "http(s) URL"),
    "credit-bearing without credits": ({"credits": ...}, "credits", "is required"),
    "bool as hours": ({"notional_hours": True}, "notional_hours", "whole number"),
}


@pytest.mark.parametrize("case", BAD_CASES, ids=list(BAD_CASES))
def test_bad_record_is_reported_and_nothing_is_written(loaded, tmp_path, case):
    changes, field, message = BAD_CASES[case]
    # A valid change to another credential rides along: it must not land either.
    path = _variant(tmp_path, 0, also={1: {"fee_rm": 560}}, **changes)
    before_rows, before_bytes = snapshot(loaded), sqlite_bytes(loaded)
    with pytest.raises(ValidationFailed) as caught:
        _import(loaded, path)
    errors = caught.value.errors
    assert [(e.field, e.record) for e in errors] == [(field, "credential DSC-101")]
    assert message in errors[0].message
    assert str(path) in str(errors[0]) and errors[0].line is not None
    assert snapshot(loaded) == before_rows
    assert sqlite_bytes(loaded) == before_bytes


def test_standalone_with_level_credits_or_programme_is_an_error(migrated, tmp_path):
    path = _variant(tmp_path, 1, mqf_level=4, credits=2, accredited_programme="Diploma")
    with pytest.raises(ValidationFailed) as caught:
        _import(migrated, path)
    assert sorted(e.field for e in caught.value.errors) == [
        "accredited_programme",
        "credits",
        "mqf_level",
    ]
    assert snapshot(migrated) == []


def test_all_problems_are_collected(migrated):
    path = FIXTURES / "many_errors.yaml"
    validation = importer.validate_file(path)
    found = {(p.record, p.field, p.severity) for p in validation.problems}
    assert found == {
        ("credential ERR-001", "fee_rm", "error"),
        ("credential ERR-002", "fee_rm", "error"),
        ("credential ERR-003", "title", "error"),
        ("credential ERR-004", "type", "error"),
        ("credential ERR-004", "mode", "error"),
        ("credential ERR-001", "code", "error"),  # the duplicate
        ("credential ERR-006", "provider", "error"),
        ("credential ERR-007", "mqf_level", "error"),
        ("credential ERR-007", "credits", "error"),
        ("credential ERR-007", "accredited_programme", "error"),
        ("credential ERR-008", "notional_hours", "error"),
        ("credential OK-009", "fee_rm", "warning"),
        ("credential OK-009", "notional_hours", "warning"),
    }
    assert [c["code"] for c in validation.credentials] == ["OK-009"]
    duplicate = next(p for p in validation.problems if p.field == "code")
    assert "duplicate" in duplicate.message and duplicate.line == 37
    with pytest.raises(ValidationFailed):
        _import(migrated, path)
    assert snapshot(migrated) == []


def test_one_bad_record_among_good_ones_writes_nothing(migrated, tmp_path):
    path = _variant(tmp_path, 5, mode="hybrid")  # the last of six
    with pytest.raises(ValidationFailed):
        _import(migrated, path)
    assert snapshot(migrated) == []


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "latin1.yaml",
            "credentials:\n  - title: Pâtisserie\n".encode("latin-1"),
            "not valid UTF-8",
        ),
        ("latin1.csv", "code,title\nP-1,Pâtisserie\n".encode("cp1252"), "not valid UTF-8"),
        ("broken.yaml", (FIXTURES / "broken.yaml").read_bytes(), "invalid YAML"),
        ("broken.csv", (FIXTURES / "broken.csv").read_bytes(), "invalid CSV"),
        ("empty.yaml", b"", "empty"),
        ("list.yaml", b"- a\n- b\n", "top level must be a mapping"),
        ("notes.txt", b"hello", "unsupported file type"),
    ],
)
def test_unreadable_files_give_one_clear_line(loaded, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    before_rows, before_bytes = snapshot(loaded), sqlite_bytes(loaded)
    with pytest.raises(CatalogueFileError) as caught:
        _import(loaded, path)
    message = str(caught.value)
    assert expected in message and str(path) in message and "\n" not in message
    assert snapshot(loaded) == before_rows
    assert sqlite_bytes(loaded) == before_bytes


def test_parse_errors_name_the_line(tmp_path):
    with pytest.raises(CatalogueFileError, match=r"broken\.yaml:\d+:\d+: invalid YAML"):
        importer.load_file(FIXTURES / "broken.yaml")
    with pytest.raises(CatalogueFileError, match=r"broken\.csv:2: invalid CSV"):
        importer.load_file(FIXTURES / "broken.csv")
    path = tmp_path / "latin1.csv"
    path.write_bytes(b"code,title\nA-1,ok\nB-2,caf\xe9\n")
    with pytest.raises(CatalogueFileError, match=r"latin1\.csv:3: not valid UTF-8"):
        importer.load_file(path)


def test_missing_file(tmp_path):
    with pytest.raises(CatalogueFileError, match="no such file"):
        importer.load_file(tmp_path / "nope.yaml")


def test_csv_import_with_new_and_existing_providers(loaded):
    report = _import(loaded, SMALL_CSV)
    assert (report.credentials_created, report.providers_created) == (2, 1)
    with db.get_sessionmaker(loaded)() as session:
        eng = queries.get_by_code(session, "ENG-120")
        assert eng.provider.name == "Kolej CSV (Sample)" and eng.provider.state == "Melaka"
        assert eng.intake == ["2026-04-06", "2026-09-07"]
        assert eng.keywords == ["solar pv", "tenaga solar", "photovoltaic"]
        assert eng.entry_notes.startswith("No formal entry requirements; for credit")
        assert eng.open_to_non_malaysians is True and eng.mqf_level == 5
        power_bi = queries.get_by_code(session, "DSC-220")
        assert power_bi.provider.short_name == "UNIX" and power_bi.intake == "self-paced"
        assert power_bi.mqf_level is None


def test_csv_needs_known_providers(migrated):
    # DSC-220 names UNIX without provider_* columns, and the database is empty.
    with pytest.raises(ValidationFailed) as caught:
        _import(migrated, SMALL_CSV)
    assert [(e.record, e.field) for e in caught.value.errors] == [
        ("credential DSC-220", "provider")
    ]
    assert caught.value.errors[0].line == 3
    assert snapshot(migrated) == []


def test_csv_row_with_wrong_cell_count(migrated, tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("code,title,provider\nA-1,Only two\n", encoding="utf-8")
    validation = importer.validate_file(path)
    assert [(p.record, p.line) for p in validation.errors] == [("row 1", 2)]


def test_validate_writes_nothing(loaded, tmp_path):
    before = sqlite_bytes(loaded)
    with db.get_sessionmaker(loaded)() as session:
        validation = importer.validate_file(_variant(tmp_path, 0, fee_rm="abc"), session)
    assert not validation.ok and sqlite_bytes(loaded) == before


@pytest.mark.skipif(not config.SAMPLE_CATALOGUE.exists(), reason="sample catalogue not there yet")
def test_the_real_sample_validates_and_imports(migrated):
    validation = importer.validate_file(config.SAMPLE_CATALOGUE)
    assert validation.errors == []
    assert len(validation.credentials) >= 40
    report = _import(migrated, config.SAMPLE_CATALOGUE)
    assert report.credentials_created == len(validation.credentials)
    with db.get_sessionmaker(migrated)() as session:
        assert queries.count_credentials(session) >= 40
        types = set(session.scalars(select(Credential.type)))
        modes = set(session.scalars(select(Credential.mode)))
        assert types == {"standalone", "credit-bearing"}
        assert modes == {"online", "conventional", "blended"}
        assert session.scalars(select(Provider)).all()
