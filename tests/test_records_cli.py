"""``microcred unanswered``, ``handoff`` and ``purge``, run in-process through ``bot.cli.main``
against a fresh SQLite catalogue with records written through :mod:`bot.records.store`."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from bot.catalogue import db
from bot.catalogue.models import utcnow
from bot.cli import main
from bot.records import report, store
from bot.records.models import Feedback, Handoff, Unanswered

PARKING = [
    "how much is the parking fee",
    "how much is the parking fee?",
    "how much is the parking fee please",
    "how much is the parking fee for students",
    "how much is the parking fee per day",
    "how much is the parking fee per month",
    "how much is the parking fees",
]


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A migrated catalogue database with the sample catalogue and no records."""
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    database = f"sqlite:///{tmp_path / 'catalogue.db'}"
    db.init(database)
    yield database
    db.dispose(database)


def session(url: str):
    return db.get_sessionmaker(url).begin()


def unanswered(url: str, message: str, *, days_ago: float = 0, **values) -> int:
    fields = {
        "kind": "fallback",
        "language": "en",
        "channel": "rest",
        "sender": "learner-1",
        "intents": [{"name": "faq/fee", "confidence": 0.31}],
    } | values
    with session(url) as s:
        row = store.record_unanswered(s, message=message, **fields)
        s.flush()
        if days_ago:
            row.created_at = utcnow() - timedelta(days=days_ago)
        return row.id


def report_groups(url: str, since: datetime | None = None) -> list[report.Group]:
    with db.get_sessionmaker(url)() as s:
        return report.group(store.unanswered(s, since=since))


@pytest.fixture
def filled(url: str) -> str:
    """Unanswered turns: a big group of 7 wordings (one twice), a Malay pair, a disliked
    answer and a one-off 10 days old."""
    for message in PARKING:
        unanswered(url, message)
    unanswered(url, PARKING[0], language="ms", channel="socketio", sender="learner-2")
    unanswered(url, "berapa lama kursus ini", language="ms", kind="low_confidence")
    unanswered(url, "berapa lama kursus ini?", language="ms", kind="low_confidence")
    with session(url) as s:
        store.record_feedback(
            s,
            vote="down",
            source="faq/duration",
            message="is there a discount for seniors",
            language="en",
            channel="rest",
            sender="learner-3",
        )
    unanswered(url, "what is the weather in Kuantan", days_ago=10, kind="out_of_scope", intents=[])
    return url


# --------------------------------------------------------------------------- schema checks


@pytest.mark.parametrize(
    "argv",
    [
        ["unanswered", "list"],
        ["unanswered", "export", "1"],
        ["handoff", "list"],
        ["handoff", "close", "1"],
        ["purge"],
    ],
)
def test_a_database_without_schema_is_reported_not_created(capsys, tmp_path, monkeypatch, argv):
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    missing = tmp_path / "nothing.db"
    assert main([*argv, "--database-url", f"sqlite:///{missing}"]) == 1
    err = capsys.readouterr().err
    assert "microcred catalogue init" in err and str(missing) in err
    assert not missing.exists()


def test_an_older_schema_is_reported_and_catalogue_init_upgrades_it(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    url = f"sqlite:///{tmp_path / 'old.db'}"
    db.migrate(url, "0001")  # the catalogue before the records existed
    try:
        assert main(["handoff", "list", "--database-url", url]) == 1
        err = capsys.readouterr().err
        assert "older schema" in err and "microcred catalogue init" in err
        assert main(["catalogue", "init", "--no-sample", "--database-url", url]) == 0
        assert main(["handoff", "list", "--database-url", url]) == 0
    finally:
        db.dispose(url)


def test_the_default_database_comes_from_the_environment(capsys, filled, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", filled)
    assert main(["unanswered", "list", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(report_groups(filled))


# --------------------------------------------------------------------------- unanswered list


def test_list_text_shows_each_group_in_report_order(capsys, filled):
    groups = report_groups(filled)
    assert groups[0].count == len(PARKING) + 1  # the data makes one big group, as intended
    assert main(["unanswered", "list", "--database-url", filled]) == 0
    captured = capsys.readouterr()
    blocks = captured.out.strip().split("\n\n")

    assert len(blocks) == len(groups)
    for number, (block, group) in enumerate(zip(blocks, groups, strict=True), start=1):
        head = block.splitlines()[0]
        assert head.startswith(f"{number}. {group.label!r}: {group.count} turn")
        for kind, count in group.kinds.items():
            assert f"{kind} {count}" in block
        for language, count in group.languages.items():
            assert f"{language} {count}" in block
        for guess in group.guesses:
            assert guess in block
        shown = [line[5:] for line in block.splitlines() if line.startswith("   - ")]
        assert shown == group.messages[:5]
    assert f"... and {len(groups[0].messages) - 5} more" in blocks[0]
    assert f"{len(groups)} group(s)" in captured.err


def test_list_json_is_the_groups_as_dicts(capsys, filled):
    assert main(["unanswered", "list", "--format", "json", "--database-url", filled]) == 0
    assert json.loads(capsys.readouterr().out) == [g.as_dict() for g in report_groups(filled)]


def test_list_csv_has_one_row_per_turn_with_its_group(capsys, filled):
    assert main(["unanswered", "list", "--format", "csv", "--database-url", filled]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    groups = report_groups(filled)

    assert list(rows[0]) == [
        "group",
        "created_at",
        "kind",
        "language",
        "channel",
        "message",
        "top_intent",
        "confidence",
    ]
    assert len(rows) == sum(g.count for g in groups)
    for number, group in enumerate(groups, start=1):
        mine = [r for r in rows if r["group"] == str(number)]
        assert sorted(r["message"] for r in mine) == sorted(t.message for t in group.rows)
        assert sorted(r["kind"] for r in mine) == sorted(t.kind for t in group.rows)
    parking = next(r for r in rows if r["language"] == "ms" and r["channel"] == "socketio")
    assert (parking["top_intent"], float(parking["confidence"])) == ("faq/fee", 0.31)
    weather = next(r for r in rows if r["kind"] == "out_of_scope")
    assert (weather["top_intent"], weather["confidence"]) == ("", "")
    assert datetime.fromisoformat(weather["created_at"]) < utcnow() - timedelta(days=9)


def test_list_since_days_and_dates(capsys, filled):
    def messages(*since: str) -> list[str]:
        assert (
            main(["unanswered", "list", *since, "--format", "csv", "--database-url", filled]) == 0
        )
        return [r["message"] for r in csv.DictReader(io.StringIO(capsys.readouterr().out))]

    everything = messages()
    assert "what is the weather in Kuantan" in everything
    last_week = messages("--since", "7d")
    assert "what is the weather in Kuantan" not in last_week
    assert len(last_week) == len(everything) - 1
    assert messages("--since", "11d") == everything
    twelve_days_ago = (utcnow() - timedelta(days=12)).date().isoformat()
    assert messages("--since", twelve_days_ago) == everything
    assert messages("--since", (utcnow() + timedelta(days=2)).date().isoformat()) == []


@pytest.mark.parametrize("since", ["yesterday", "7w", "2026-13-01", "-3d"])
def test_list_rejects_a_bad_since(capsys, filled, since):
    with pytest.raises(SystemExit) as exit:
        main(["unanswered", "list", f"--since={since}", "--database-url", filled])
    assert exit.value.code == 2
    err = capsys.readouterr().err
    assert "--since" in err and repr(since) in err and "7d" in err


def test_list_with_nothing_recorded(capsys, url):
    assert main(["unanswered", "list", "--database-url", url]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "0 group(s)" in captured.err
    assert main(["unanswered", "list", "--format", "json", "--database-url", url]) == 0
    assert json.loads(capsys.readouterr().out) == []


# --------------------------------------------------------------------------- unanswered export


def test_export_writes_the_groups_nlu_yaml(capsys, filled):
    groups = report_groups(filled)
    assert main(["unanswered", "export", "2", "--database-url", filled]) == 0
    assert capsys.readouterr().out == report.nlu_yaml(groups[1])
    assert main(["unanswered", "export", "1", "--intent", "parking", "--database-url", filled]) == 0
    out = capsys.readouterr().out
    assert out == report.nlu_yaml(groups[0], "parking")
    assert "intent: parking" in out


def test_export_to_a_file_numbers_groups_as_list_does_with_since(capsys, filled, tmp_path):
    since = utcnow() - timedelta(days=7)
    recent = report_groups(filled, since=since)
    target = tmp_path / "candidates.yml"
    argv = ["unanswered", "export", str(len(recent)), "--since", "7d", "--out", str(target)]
    assert main([*argv, "--database-url", filled]) == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(target) in captured.err
    assert target.read_text(encoding="utf-8") == report.nlu_yaml(recent[-1])
    # Without --since the old one-off is one group more.
    assert len(report_groups(filled)) == len(recent) + 1


@pytest.mark.parametrize("group", ["99", "0"])
def test_export_out_of_range(capsys, filled, group):
    count = len(report_groups(filled))
    argv = ["unanswered", "export", group, "--database-url", filled]
    if group == "0":
        with pytest.raises(SystemExit) as exit:
            main(argv)
        assert exit.value.code == 2
        return
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"no group {group}" in captured.err and f"1 to {count}" in captured.err


def test_export_with_nothing_recorded(capsys, url):
    assert main(["unanswered", "export", "1", "--database-url", url]) == 1
    assert "no unanswered turns" in capsys.readouterr().err


# --------------------------------------------------------------------------- handoff


def handoff(url: str, question: str, contact: str, **values) -> int:
    fields = {
        "contact_kind": "email",
        "language": "en",
        "channel": "rest",
        "sender": "learner-9",
    } | values
    with session(url) as s:
        return store.create_handoff(s, question=question, contact=contact, **fields).id


@pytest.fixture
def requests(url: str) -> dict[str, int]:
    ids = {
        "credit": handoff(url, "Can my DSC-101 count towards a degree?", "aisha@example.com"),
        "fee": handoff(
            url, "Ada diskaun yuran?", "+60123456789", contact_kind="phone", language="ms"
        ),
        "done": handoff(url, "Who signs the badge?", "lee@example.com", reason="fallbacks"),
    }
    with session(url) as s:
        store.close_handoff(s, ids["done"])
    return ids


def test_handoff_list_shows_open_requests_by_default(capsys, url, requests):
    assert main(["handoff", "list", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert "Can my DSC-101 count towards a degree?" in out
    assert "+60123456789 (phone)" in out
    assert "Who signs the badge?" not in out
    assert out.index(f"#{requests['credit']} ") < out.index(f"#{requests['fee']} ")


def test_handoff_list_json_by_status(capsys, url, requests):
    def listed(status: str) -> list[dict]:
        argv = ["handoff", "list", "--status", status, "--format", "json", "--database-url", url]
        assert main(argv) == 0
        return json.loads(capsys.readouterr().out)

    closed = listed("closed")
    assert [r["id"] for r in closed] == [requests["done"]]
    assert set(closed[0]) == {
        "id",
        "created_at",
        "question",
        "contact",
        "contact_kind",
        "language",
        "channel",
        "reason",
        "status",
        "closed_at",
    }
    assert closed[0]["status"] == "closed" and closed[0]["reason"] == "fallbacks"
    assert datetime.fromisoformat(closed[0]["closed_at"]) >= datetime.fromisoformat(
        closed[0]["created_at"]
    )
    opened = listed("open")
    assert {r["id"] for r in opened} == {requests["credit"], requests["fee"]}
    assert all(r["closed_at"] is None for r in opened)
    assert {r["id"] for r in listed("all")} == set(requests.values())


def test_handoff_close(capsys, url, requests):
    assert main(["handoff", "close", str(requests["fee"]), "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert f"closed handoff request #{requests['fee']}" in out and "+60123456789" in out
    with db.get_sessionmaker(url)() as s:
        row = s.get(Handoff, requests["fee"])
        assert row.status == "closed" and row.closed_at is not None

    assert main(["handoff", "close", str(requests["fee"]), "--database-url", url]) == 0
    assert "already closed" in capsys.readouterr().out


def test_handoff_close_unknown_id(capsys, url, requests):
    unknown = max(requests.values()) + 1
    assert main(["handoff", "close", str(unknown), "--database-url", url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(unknown) in captured.err
    with db.get_sessionmaker(url)() as s:
        assert s.scalar(select(func.count()).select_from(Handoff).where(Handoff.status == "open"))


# --------------------------------------------------------------------------- purge


@pytest.fixture
def aged(url: str) -> dict[str, int]:
    """Records of different ages: what the default 90 days purges, and what it keeps."""
    ids = {
        "old_turn": unanswered(url, "old question", days_ago=100),
        "recent_turn": unanswered(url, "recent question", days_ago=10),
        "old_open": handoff(url, "still waiting", "wait@example.com"),
        "old_closed": handoff(url, "long done", "done@example.com"),
        "recent_closed": handoff(url, "just done", "just@example.com"),
    }
    with session(url) as s:
        old_vote = store.record_feedback(
            s,
            vote="up",
            source="faq/fee",
            message="old vote",
            language="en",
            channel="rest",
            sender="learner-5",
        )
        recent_vote = store.record_feedback(
            s,
            vote="up",
            source="faq/fee",
            message="recent vote",
            language="en",
            channel="rest",
            sender="learner-5",
        )
        s.flush()
        ids["old_vote"], ids["recent_vote"] = old_vote.id, recent_vote.id
        now = utcnow()
        old_vote.created_at = now - timedelta(days=100)
        recent_vote.created_at = now - timedelta(days=10)
        s.execute(
            update(Handoff)
            .where(Handoff.id == ids["old_open"])
            .values(created_at=now - timedelta(days=200))
        )
        for name, days in (("old_closed", 100), ("recent_closed", 10)):
            store.close_handoff(s, ids[name])
            s.execute(
                update(Handoff)
                .where(Handoff.id == ids[name])
                .values(
                    created_at=now - timedelta(days=days + 30), closed_at=now - timedelta(days=days)
                )
            )
    return ids


def remaining(url: str) -> dict[str, set[int]]:
    with db.get_sessionmaker(url)() as s:
        return {
            "unanswered": set(s.scalars(select(Unanswered.id))),
            "feedback": set(s.scalars(select(Feedback.id))),
            "handoff": set(s.scalars(select(Handoff.id))),
        }


def counts(out: str) -> dict[str, int]:
    found = dict(re.findall(r"^\s+(unanswered|feedback|closed handoff)\D*?(\d+)$", out, re.M))
    return {name.split()[-1]: int(count) for name, count in found.items()}


def test_purge_dry_run_counts_and_keeps_everything(capsys, url, aged):
    before = remaining(url)
    assert main(["purge", "--dry-run", "--database-url", url]) == 0
    out = capsys.readouterr().out
    assert counts(out) == {"unanswered": 1, "feedback": 1, "handoff": 1}
    assert "90 days" in out and "nothing deleted" in out
    assert remaining(url) == before


def test_purge_deletes_what_is_older_than_the_retention(capsys, url, aged):
    before = remaining(url)
    assert main(["purge", "--database-url", url]) == 0
    assert counts(capsys.readouterr().out) == {"unanswered": 1, "feedback": 1, "handoff": 1}
    assert remaining(url) == {
        "unanswered": before["unanswered"] - {aged["old_turn"]},
        "feedback": before["feedback"] - {aged["old_vote"]},
        "handoff": before["handoff"] - {aged["old_closed"]},
    }
    assert aged["old_open"] in remaining(url)["handoff"]  # open requests stay, whatever their age

    assert main(["purge", "--database-url", url]) == 0
    assert counts(capsys.readouterr().out) == {"unanswered": 0, "feedback": 0, "handoff": 0}


def test_purge_days_and_retention_setting(capsys, url, aged, monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "5")
    assert main(["purge", "--dry-run", "--database-url", url]) == 0
    assert counts(capsys.readouterr().out) == {"unanswered": 2, "feedback": 2, "handoff": 2}
    assert main(["purge", "--days", "150", "--database-url", url]) == 0  # the option wins
    assert counts(capsys.readouterr().out) == {"unanswered": 0, "feedback": 0, "handoff": 0}


@pytest.mark.parametrize("value", ["ninety", "0"])
def test_purge_with_a_bad_retention_setting_names_it(capsys, url, aged, monkeypatch, value):
    monkeypatch.setenv("RETENTION_DAYS", value)
    before = remaining(url)
    assert main(["purge", "--database-url", url]) == 1
    captured = capsys.readouterr()
    assert "RETENTION_DAYS" in captured.err and "Traceback" not in captured.err
    assert remaining(url) == before


def test_purge_rejects_bad_days(capsys, url):
    with pytest.raises(SystemExit) as exit:
        main(["purge", "--days", "0", "--database-url", url])
    assert exit.value.code == 2
    assert "--days" in capsys.readouterr().err


def test_created_at_of_a_turn_is_what_since_compares(url):
    """The fixture helpers really age records (so the tests above test something)."""
    unanswered(url, "aged", days_ago=3)
    with db.get_sessionmaker(url)() as s:
        stored = s.scalar(select(Unanswered.created_at))
    stored = stored if stored.tzinfo else stored.replace(tzinfo=timezone.utc)
    assert timedelta(days=2.9) < utcnow() - stored < timedelta(days=3.1)
