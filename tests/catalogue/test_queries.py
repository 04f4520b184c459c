"""Search and look-ups over the small catalogue."""

from __future__ import annotations

import pytest

from bot.catalogue import queries


def codes(credentials) -> list[str]:
    return sorted(c.code for c in credentials)


def test_count_and_get_by_code(session):
    assert queries.count_credentials(session) == 6
    assert queries.get_by_code(session, " dsc-101 ").title == "Data Analytics with Python"
    assert queries.get_by_code(session, "DSC-999") is None


def test_search_without_filters_returns_all_by_title(session):
    found = queries.search(session)
    assert len(found) == 6
    assert [c.title for c in found] == sorted(c.title for c in found)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"text": "data"}, ["DSC-101", "DSC-110"]),
        ({"text": "DATA python"}, ["DSC-101"]),  # every word must match
        ({"text": "analitik"}, ["DSC-101"]),  # Malay keyword
        ({"text": "keselamatan"}, ["CYB-201"]),
        ({"text": "pâtisserie"}, ["PAT-001"]),
        ({"text": "100%_"}, []),  # LIKE wildcards are literal
        ({"field": "data science"}, ["DSC-101", "DSC-110"]),
        ({"field": "DATA"}, ["DSC-101", "DSC-110"]),
        ({"mode": "online"}, ["AI-300", "BIZ-050", "DSC-101"]),
        ({"mode": "Blended"}, ["CYB-201"]),
        ({"type": "standalone"}, ["BIZ-050", "CYB-201", "PAT-001"]),
        ({"type": "credit bearing"}, ["AI-300", "DSC-101", "DSC-110"]),
        ({"provider": "poly-y"}, ["BIZ-050", "DSC-110"]),
        ({"provider": "contoh"}, ["AI-300", "CYB-201", "DSC-101"]),  # part of the name
        ({"provider": "Kolej Pâtisserie"}, ["PAT-001"]),
        ({"max_fee": 550}, ["BIZ-050", "CYB-201"]),
        ({"max_fee": 690}, ["BIZ-050", "CYB-201", "DSC-101", "PAT-001"]),
        ({"max_hours": 24}, ["BIZ-050", "PAT-001"]),
        ({"min_hours": 100}, ["AI-300", "DSC-110"]),
        ({"min_hours": 20, "max_hours": 80, "mode": "online"}, ["BIZ-050", "DSC-101"]),
        ({"text": "data", "type": "credit-bearing", "max_fee": 650}, ["DSC-101"]),
    ],
    ids=lambda value: str(value),
)
def test_search_filters(session, filters, expected):
    assert codes(queries.search(session, **filters)) == expected


def test_search_limit_and_offset(session):
    everything = queries.search(session)
    assert queries.search(session, limit=2) == everything[:2]
    assert queries.search(session, limit=2, offset=2) == everything[2:4]
    assert queries.search(session, offset=5) == everything[5:]


def test_search_rejects_unknown_mode_and_type(session):
    with pytest.raises(ValueError, match="unknown mode"):
        queries.search(session, mode="telepathy")
    with pytest.raises(ValueError, match="unknown type"):
        queries.search(session, type="half")


def test_fields_and_providers(session):
    assert queries.fields(session) == [
        "Artificial Intelligence",
        "Business",
        "Culinary Arts",
        "Cybersecurity",
        "Data Science",
    ]
    assert [p.short_name for p in queries.providers(session)] == ["KOLEJ-Z", "POLY-Y", "UNIX"]


def test_compare_keeps_the_order_asked_and_skips_unknown_codes(session):
    found = queries.compare(session, ["cyb-201", "NOPE", "DSC-101", "CYB-201"])
    assert [c.code for c in found] == ["CYB-201", "DSC-101"]
    assert queries.compare(session, []) == []


def test_results_stay_usable_after_the_session_closes(loaded):
    from bot.catalogue import db

    with db.get_sessionmaker(loaded)() as session:
        found = queries.search(session, text="python")
    assert {c.provider.name for c in found} == {"Universiti Contoh Malaysia (Sample)"}
