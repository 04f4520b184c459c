"""The edge every message meets (bot/edge.py) and the settings (bot/config.py), without servers."""

from __future__ import annotations

import re

import pytest

from bot import config, edge, messages
from tests.support.stack import ROOT

GOOD = {"sender": "learner-1", "message": "how much is the fee?"}


@pytest.mark.parametrize(
    ("body", "complaint"),
    [
        (None, "JSON object"),
        ([GOOD], "JSON object"),
        ("how much?", "JSON object"),
        ({"message": "hi"}, "'sender'"),
        ({**GOOD, "sender": None}, "'sender'"),
        ({**GOOD, "sender": 42}, "'sender'"),
        ({**GOOD, "sender": ""}, "'sender'"),
        ({**GOOD, "sender": "x" * 5000}, "'sender'"),
        ({**GOOD, "sender": "two words"}, "'sender'"),
        ({**GOOD, "sender": "<script>"}, "'sender'"),
        ({**GOOD, "message": None}, "'message'"),
        ({**GOOD, "message": 42}, "'message'"),
        ({**GOOD, "message": ["hi"]}, "'message'"),
        ({**GOOD, "metadata": "telegram"}, "'metadata'"),
        ({**GOOD, "input_channel": {"x": 1}}, "'input_channel'"),
    ],
)
def test_a_body_that_is_not_a_message_says_what_is_wrong(body, complaint: str) -> None:
    with pytest.raises(edge.BadRequest, match=complaint):
        edge.check_body(body)


def test_a_message_body_is_read_with_its_metadata() -> None:
    incoming = edge.check_body({**GOOD, "sender": "telegram-ab12", "metadata": {"channel": "t"}})
    assert (incoming.sender, incoming.text, incoming.metadata) == (
        "telegram-ab12",
        GOOD["message"],
        {"channel": "t"},
    )
    assert edge.check_body(GOOD).metadata == {}


def test_the_rate_limit_slides_over_a_minute() -> None:
    limit = edge.RateLimit(3)
    assert [limit.allow("a", now=t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert limit.allow("b", now=3)  # another key has its own count
    assert not limit.allow("a", now=59.9)
    assert limit.allow("a", now=60.0)  # the first message has left the minute
    assert all(edge.RateLimit(0).allow("a", now=0) for _ in range(1000))


def test_the_rate_limit_forgets_the_oldest_keys() -> None:
    limit = edge.RateLimit(1, keys=2)
    assert limit.allow("a", now=0) and limit.allow("b", now=0) and limit.allow("c", now=0)
    assert limit.allow("a", now=1)  # "a" was forgotten when "c" came
    assert not limit.allow("c", now=1)


def test_refusals_are_in_the_learners_language(monkeypatch) -> None:
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "50")
    monkeypatch.setenv("RATE_PER_SENDER", "2")
    gate = edge.Edge()
    english = edge.Incoming("a", "please tell me about the fees " * 3, {}, None)
    malay = edge.Incoming("b", "saya nak tahu tentang yuran kursus ini " * 3, {}, None)
    assert gate.refusal(english) == messages.render("message_too_long", "en", limit=50)
    assert gate.refusal(malay) == messages.render("message_too_long", "ms", limit=50)
    short = edge.Incoming("c", "berapa yuran?", {}, None)
    wait = messages.render("too_fast", "ms")
    assert [gate.refusal(short) for _ in range(3)] == [None, None, wait]


def test_the_per_client_limit_counts_a_clients_conversations_together(monkeypatch) -> None:
    monkeypatch.setenv("RATE_PER_CLIENT", "2")
    gate = edge.Edge()
    turns = [edge.Incoming(f"s{i}", "fees?", {}, None) for i in range(3)]
    assert [gate.refusal(t, client="10.0.0.1") is None for t in turns] == [True, True, False]
    assert gate.refusal(turns[0], client="10.0.0.2") is None


def test_the_apology_follows_the_message_or_telegrams_language() -> None:
    assert edge.apology("berapa yuran kursus ini?") == messages.render("cannot_answer_now", "ms")
    assert edge.apology("how much?") == messages.render("cannot_answer_now", "en")
    assert edge.apology("DSC-101", {"language_code": "ms"}) == messages.render(
        "cannot_answer_now", "ms"
    )


def test_session_ids_are_issued_signed_and_checked(monkeypatch) -> None:
    monkeypatch.setenv("MICROCRED_SALT", "one secret")
    issued = edge.issue_session()
    assert re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{32}", issued)
    assert edge.valid_session(issued)
    assert issued != edge.issue_session()
    forged = issued[:32] + "." + "0" * 32
    assert not edge.valid_session(forged)
    for chosen in ("telegram-777001", "default", issued[:32], None, 42, issued + "x"):
        assert not edge.valid_session(chosen)
    monkeypatch.setenv("MICROCRED_SALT", "another secret")
    assert not edge.valid_session(issued)


# --- settings ----------------------------------------------------------------------------


def test_the_defaults_work_and_need_no_service(monkeypatch, tmp_path) -> None:
    for setting in config.SETTINGS:
        monkeypatch.delenv(setting.name, raising=False)
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    config.check()
    assert config.bind_host() == "127.0.0.1"
    assert config.tracker_store_url() == f"sqlite:///{tmp_path / 'conversations.db'}"
    assert config.lock_store_url() == ""
    assert config.rasa_url() == "http://127.0.0.1:5005"
    assert config.action_endpoint_url() == "http://127.0.0.1:5055/webhook"
    assert config.widget_origins() == ["http://localhost:8080", "http://127.0.0.1:8080"]
    assert (config.rest_token(), config.action_token()) == ("", "")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("RASA_PORT", "fivethousand"),
        ("ACTION_PORT", "70000"),
        ("MAX_MESSAGE_CHARS", "0"),
        ("RATE_PER_SENDER", "-1"),
        ("ACTION_TIMEOUT", "1h"),
        ("TRACKER_STORE_URL", "mysql://db/conversations"),
        ("LOCK_STORE_URL", "http://127.0.0.1:6379"),
        ("WIDGET_ORIGINS", "example.org"),
        ("RETENTION_DAYS", "0"),
    ],
)
def test_an_unusable_setting_is_named_at_start(monkeypatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(config.SettingError, match=name):
        config.check()


def test_every_setting_read_is_listed_and_in_the_readme() -> None:
    source = (ROOT / "bot" / "config.py").read_text()
    read = set(re.findall(r'_(?:text|int|port|url)\(\s*"([A-Z_]+)"', source))
    listed = {s.name for s in config.SETTINGS}
    assert read <= listed
    readme = (ROOT / "README.md").read_text()
    assert [name for name in listed if f"`{name}`" not in readme] == []


def test_only_the_settings_module_reads_the_environment() -> None:
    offenders = []
    for path in [*ROOT.glob("bot/**/*.py"), *ROOT.glob("actions/*.py")]:
        text = path.read_text()
        if path.name != "config.py" and re.search(r"os\.environ(\.get)?[\[(]\s*['\"]", text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
