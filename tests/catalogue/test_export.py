"""Exports: JSON for programs, YAML and CSV that re-import to the identical catalogue."""

from __future__ import annotations

import csv
import io
import json

import pytest

from bot.catalogue import db, export, importer
from tests.catalogue.conftest import SMALL_CSV


def _export(url: str, fmt: str) -> str:
    with db.get_sessionmaker(url)() as session:
        return export.export(session, fmt)


def _records(url: str) -> list[dict]:
    with db.get_sessionmaker(url)() as session:
        return export.records(session)


def test_json_has_the_documented_fields(loaded):
    records = json.loads(_export(loaded, "json"))
    assert len(records) == 6
    by_code = {r["code"]: r for r in records}
    dsc = by_code["DSC-101"]
    assert dsc["title"] == "Data Analytics with Python"
    assert dsc["provider"] == "Universiti Contoh Malaysia (Sample)"  # the name, not short name
    assert dsc["provider_short_name"] == "UNIX"
    assert dsc["type"] == "credit-bearing" and dsc["mode"] == "online"
    assert dsc["fee_rm"] == 650 and isinstance(dsc["fee_rm"], int)
    assert by_code["AI-300"]["fee_rm"] == 690.5
    assert dsc["duration_hours"] == dsc["notional_hours"] == 80
    assert dsc["keywords"][:2] == ["data analytics", "analitik data"]
    assert dsc["intake"] == ["2026-01-12", "2026-06-01"]
    assert by_code["CYB-201"]["intake"] == "self-paced"
    assert by_code["CYB-201"]["mqf_level"] is None and by_code["CYB-201"]["min_age"] == 18
    assert by_code["PAT-001"]["title"] == "Pâtisserie Basics"


@pytest.mark.parametrize("fmt, suffix", [("yaml", ".yaml"), ("csv", ".csv")])
def test_round_trip_reproduces_the_catalogue(loaded, db_url, tmp_path, fmt, suffix):
    # Add the CSV credentials too, so the round trip covers both sources.
    with db.get_sessionmaker(loaded).begin() as session:
        importer.import_file(session, SMALL_CSV)
    first = _export(loaded, fmt)
    path = tmp_path / f"export{suffix}"
    path.write_text(first, encoding="utf-8")

    other = f"sqlite:///{tmp_path / 'copy.db'}"
    db.migrate(other)
    try:
        with db.get_sessionmaker(other).begin() as session:
            report = importer.import_file(session, path)
        assert report.credentials_created == 8 and report.warnings == []
        assert _records(other) == _records(loaded)
        assert _export(other, fmt) == first
    finally:
        db.dispose(other)

    # Re-importing an export into its own database changes nothing.
    with db.get_sessionmaker(loaded).begin() as session:
        report = importer.import_file(session, path)
    assert (report.credentials_created, report.credentials_updated) == (0, 0)
    assert report.providers_updated == 0


def test_csv_escapes_semicolons_inside_list_items(loaded):
    rows = list(csv.DictReader(io.StringIO(_export(loaded, "csv"))))
    dsc = next(r for r in rows if r["code"] == "DSC-101")
    assert dsc["learning_outcomes"] == "Clean data with pandas;Visualise data\\; explain results"
    assert importer.split_list(dsc["learning_outcomes"]) == [
        "Clean data with pandas",
        "Visualise data; explain results",
    ]
    assert dsc["provider_name"] == "Universiti Contoh Malaysia (Sample)"


def test_unknown_format(loaded):
    with pytest.raises(ValueError, match="unknown export format"):
        _export(loaded, "xml")
