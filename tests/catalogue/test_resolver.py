"""Free-text mentions → credentials: codes, titles, synonyms, typos, and mentions in sentences."""

from __future__ import annotations

import time

import pytest

from bot import config
from bot.catalogue import db, importer, resolver
from tests.catalogue.conftest import SMALL_CSV
from tests.catalogue.test_importer import _variant


def best(session, mention):
    matches = resolver.resolve(session, mention)
    assert matches, f"nothing resolved for {mention!r}"
    return matches[0]


@pytest.mark.parametrize(
    ("mention", "code", "method"),
    [
        ("DSC-101", "DSC-101", "code"),
        ("dsc 101", "DSC-101", "code"),
        ("dsc101", "DSC-101", "code"),
        ("Data Analytics with Python", "DSC-101", "exact"),
        ("data analytics with python", "DSC-101", "exact"),  # lowercase
        ("  DATA ANALYTICS WITH PYTHON!! ", "DSC-101", "exact"),
        ("patisserie basics", "PAT-001", "exact"),  # diacritic-insensitive
        ("keselamatan siber", "CYB-201", "keyword"),  # Malay synonym
        ("analitik data", "DSC-101", "keyword"),
        ("pembelajaran mesin", "AI-300", "keyword"),
        ("digital marketing", "BIZ-050", "partial"),  # partial title
        ("cyber security", "CYB-201", "partial"),
        ("cyber securty essentals", "CYB-201", "fuzzy"),  # typos
        ("dta analytics", "DSC-101", "fuzzy"),
        ("machine lerning foundation", "AI-300", "fuzzy"),
    ],
)
def test_resolves_to_the_right_credential(session, mention, code, method):
    match = best(session, mention)
    assert (match.code, match.method) == (code, method)
    assert 0 < match.score <= 1


@pytest.mark.parametrize(
    "mention",
    ["data analytics", "dta analytics", "cyber securty essentals", "keselamatan siber", "seo"],
)
def test_unambiguous_mentions_beat_the_runner_up_clearly(session, mention):
    matches = resolver.resolve(session, mention)
    runner_up = matches[1].score if len(matches) > 1 else 0.0
    assert matches[0].score - runner_up >= 0.2, matches


def test_exact_scores_beat_partial_beat_fuzzy(session):
    exact = best(session, "Data Analytics with Python").score
    partial = best(session, "data analytics python").score
    fuzzy = best(session, "dta analytcs pyhton").score
    assert exact == 1.0 > partial > fuzzy > resolver.MIN_SCORE


def test_a_shared_word_is_ambiguous(session):
    # "python" is a keyword of DSC-101 and AI-300: both, with equal scores.
    matches = resolver.resolve(session, "python")
    assert {m.code for m in matches[:2]} == {"DSC-101", "AI-300"}
    assert matches[0].score == matches[1].score


def test_unrelated_text_resolves_to_nothing(session):
    assert resolver.resolve(session, "quantum basket weaving") == []
    assert resolver.resolve(session, "") == []
    assert resolver.resolve(session, "the of and") == []


def test_limit(session):
    assert len(resolver.resolve(session, "data", limit=1)) == 1


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("how much is the cyber security one?", ["CYB-201"]),
        ("Is Data Analytics with Python online?", ["DSC-101"]),
        ("tell me about dsc-110 please", ["DSC-110"]),
        ("compare the pastry course and machine learning foundations", ["AI-300", "PAT-001"]),
        ("berapa yuran kursus keselamatan siber?", ["CYB-201"]),
        ("can I take the dta analytics course without a degree?", ["DSC-101"]),
        ("what is a micro-credential?", []),
        ("is there an age limit?", []),
        ("how long does it take to complete?", []),
    ],
)
def test_find_in_text(session, sentence, expected):
    assert sorted(m.code for m in resolver.find_in_text(session, sentence)) == expected


def test_find_in_text_reports_the_matched_words(session):
    (match,) = resolver.find_in_text(session, "How much is the CYBER security one?")
    assert match.text == "cyber security" and match.score >= 0.7


def test_a_credential_imported_later_is_resolvable_without_restart(loaded):
    factory = db.get_sessionmaker(loaded)
    with factory() as session:
        assert all(m.code != "ENG-120" for m in resolver.resolve(session, "solar pv design"))
    with factory.begin() as session:
        importer.import_file(session, SMALL_CSV)
    with factory() as session:
        assert best(session, "solar pv system design").code == "ENG-120"
        assert best(session, "tenaga solar").code == "ENG-120"
        found = resolver.find_in_text(session, "is the photovoltaic course blended?")
        assert [m.code for m in found] == ["ENG-120"]


def test_an_updated_keyword_is_picked_up(loaded, tmp_path):
    factory = db.get_sessionmaker(loaded)
    with factory() as session:
        assert resolver.resolve(session, "kulinari") == []
    path = _variant(tmp_path, 4, keywords=["pastry", "kulinari"])
    with factory.begin() as session:
        importer.import_file(session, path)
    with factory() as session:
        assert best(session, "kulinari").code == "PAT-001"


@pytest.mark.skipif(not config.SAMPLE_CATALOGUE.exists(), reason="sample catalogue not there yet")
def test_resolve_on_the_sample_is_fast(migrated):
    with db.get_sessionmaker(migrated).begin() as session:
        importer.import_file(session, config.SAMPLE_CATALOGUE)
    mentions = ["cyber securty essentals", "dta analytics", "halal supply chain", "solar pv"]
    with db.get_sessionmaker(migrated)() as session:
        resolver.resolve(session, "warm up")
        start = time.perf_counter()
        for i in range(100):
            resolver.resolve(session, mentions[i % len(mentions)])
        mean_ms = (time.perf_counter() - start) * 10
        assert best(session, "cyber securty essentals").title == "Cyber Security Essentials"
    assert mean_ms < 50, f"resolve() took {mean_ms:.1f} ms on average"
