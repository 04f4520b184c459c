"""``microcred ask`` and ``microcred advise``, run in-process through ``bot.cli.main``.

``advise`` is checked against the pathway rules themselves; ``ask`` against a small local HTTP
server that speaks Rasa's REST channel (so replies, buttons and errors can be chosen), against
a closed port, and twice against the real assistant (the ``stack`` fixture).
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import yaml

from bot import config
from bot.cli import main
from bot.pathways import Facts, advise, render_advice
from tests.support.stack import ROOT, Stack, free_port

# --------------------------------------------------------------------------- advise


def terminal(rendered: str) -> str:
    """The advice as the terminal should show it: italic paragraphs without underscores."""
    paragraphs = rendered.split("\n\n")
    return "\n\n".join(p[1:-1] if p.startswith("_") and p.endswith("_") else p for p in paragraphs)


ADVICE_CASES = [
    # flags, facts, rule expected
    (
        ["--type", "credit-bearing", "--accredited", "yes", "--provider", "same"],
        Facts(
            credential_type="credit-bearing", part_of_accredited_programme=True, same_provider=True
        ),
        "a",
    ),
    (
        ["--type", "credit-bearing", "--accredited", "yes", "--provider", "other"],
        Facts(
            credential_type="credit-bearing", part_of_accredited_programme=True, same_provider=False
        ),
        None,
    ),
    (
        ["--type", "credit-bearing", "--accredited", "no"],
        Facts(credential_type="credit-bearing", part_of_accredited_programme=False),
        "b",
    ),
    (["--type", "standalone"], Facts(credential_type="standalone"), "c"),
    (
        ["--type", "standalone", "--non-malaysian"],
        Facts(credential_type="standalone", malaysian=False),
        "c",
    ),
    (
        ["--type", "credit-bearing", "--accredited", "no", "--entry-unsure", "--malaysian"],
        Facts(
            credential_type="credit-bearing",
            part_of_accredited_programme=False,
            meets_entry_requirements=False,
            malaysian=True,
        ),
        "b",
    ),
]


@pytest.mark.parametrize("language", ["en", "ms"])
@pytest.mark.parametrize(("flags", "facts", "rule"), ADVICE_CASES)
def test_advise_prints_the_rules_advice(capsys, flags, facts, rule, language):
    assert main(["advise", *flags, "--language", language]) == 0
    out = capsys.readouterr().out

    advice = advise(facts)
    assert advice.rule == rule
    assert out.rstrip("\n") == terminal(render_advice(advice, facts, language))
    assert "_" not in out
    label = "Sumber" if language == "ms" else "Source"
    assert out.rstrip().splitlines()[-1].startswith(f"{label}: ")


def test_advise_caveats_follow_the_nationality_and_entry_flags(capsys):
    base = ["advise", "--type", "credit-bearing", "--accredited", "no", "--format", "json"]
    results = {}
    for name, extra in {
        "unknown": [],
        "non_malaysian": ["--non-malaysian"],
        "malaysian": ["--malaysian"],
        "entry": ["--entry-unsure"],
    }.items():
        assert main([*base, *extra]) == 0
        results[name] = json.loads(capsys.readouterr().out)["caveats"]
    assert "government_if_not_malaysian" in results["unknown"]
    assert "government_may_not_accept" in results["non_malaysian"]
    assert not {"government_if_not_malaysian", "government_may_not_accept"} & set(
        results["malaysian"]
    )
    assert "entry_requirements_not_met" in results["entry"]
    assert "entry_requirements_not_met" not in results["unknown"]


def test_advise_json_matches_the_advice(capsys):
    facts = Facts(credential_type="standalone", malaysian=False, meets_entry_requirements=False)
    flags = ["--type", "standalone", "--non-malaysian", "--entry-unsure", "--language", "ms"]
    assert main(["advise", *flags, "--format", "json"]) == 0
    record = json.loads(capsys.readouterr().out)

    advice = advise(facts)
    assert record == {
        "rule": advice.rule,
        "outcome": advice.outcome,
        "caveats": list(advice.caveats),
        "source": advice.source,
        "text": terminal(render_advice(advice, facts, "ms")),
    }


@pytest.mark.parametrize(
    ("flags", "needed"),
    [
        ([], "--type"),
        (["--accredited", "no"], "--type"),
        (["--type", "credit-bearing"], "--accredited"),
        (["--type", "credit-bearing", "--provider", "same"], "--accredited"),
        (["--type", "credit-bearing", "--accredited", "yes"], "--provider"),
        (["--type", "standalone", "--accredited", "yes"], "--accredited yes"),
    ],
)
def test_advise_names_the_flag_that_is_missing_or_inconsistent(capsys, flags, needed):
    assert main(["advise", *flags]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("microcred advise: error: ")
    assert needed in captured.err
    assert len(captured.err.strip().splitlines()) == 1


def test_advise_says_when_a_flag_does_not_matter(capsys):
    assert main(["advise", "--type", "standalone", "--provider", "other"]) == 0
    captured = capsys.readouterr()
    facts = Facts(credential_type="standalone", same_provider=False)
    assert captured.out.rstrip("\n") == terminal(render_advice(advise(facts), facts, "en"))
    assert "--provider" in captured.err


def test_advise_rejects_both_nationalities():
    with pytest.raises(SystemExit) as exit:
        main(["advise", "--type", "standalone", "--malaysian", "--non-malaysian"])
    assert exit.value.code == 2


# --------------------------------------------------------------------------- ask: a stand-in Rasa


class FakeRasa:
    """A local HTTP server answering ``POST /webhooks/rest/webhook`` with chosen replies."""

    def __init__(self) -> None:
        self.received: list[dict] = []
        self.replies: dict[str, list[dict]] = {}  # message -> replies; default: []
        self.status = 200
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                found = self.path == "/webhooks/rest/webhook"
                if found:
                    fake.received.append(body)
                payload = json.dumps(fake.replies.get(body.get("message"), [])).encode()
                self.send_response(fake.status if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def rasa() -> Iterator[FakeRasa]:
    server = FakeRasa()
    yield server
    server.close()


@pytest.fixture
def sample_codes(tmp_path, monkeypatch) -> list[str]:
    """No catalogue database: ``ask`` falls back to the sample catalogue's codes."""
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    sample = yaml.safe_load(config.SAMPLE_CATALOGUE.read_text(encoding="utf-8"))
    return [c["code"] for c in sample["credentials"]]


def test_ask_prints_texts_numbered_buttons_and_the_source_line(capsys, rasa, sample_codes):
    rasa.replies["is there an age limit?"] = [
        {"recipient_id": "x", "text": "No age limit.\n\n_Source: micro-credential FAQ_"},
        {
            "recipient_id": "x",
            "text": "Was this helpful?",
            "buttons": [
                {"title": "Yes", "payload": "/feedback_up"},
                {"title": "No", "payload": "/feedback_down"},
            ],
        },
    ]
    assert main(["ask", "is there an age limit?", "--rasa-url", rasa.url]) == 0
    lines = capsys.readouterr().out.splitlines()

    assert lines[0] == "No age limit."
    assert "  1. Yes" in lines and "  2. No" in lines
    assert lines.index("  1. Yes") < lines.index("  2. No")
    assert lines[-1] == "Source: micro-credential FAQ"
    assert not any("_Source" in line for line in lines)
    (request,) = rasa.received
    assert request["message"] == "is there an age limit?"
    assert re.fullmatch(r"adviser-cli-[0-9a-f]+", request["sender"])


def test_ask_starts_a_new_conversation_each_time_unless_given_a_sender(rasa, sample_codes):
    rasa.replies["hello"] = [{"text": "Hi!"}]
    for argv in (["hello"], ["hello"], ["hello", "--sender", "adviser-42"]):
        assert main(["ask", *argv, "--rasa-url", rasa.url]) == 0
    senders = [r["sender"] for r in rasa.received]
    assert senders[0] != senders[1]
    assert senders[2] == "adviser-42"


def test_ask_in_malay_switches_language_first_and_drops_that_reply(capsys, rasa, sample_codes):
    payload = '/set_language{"language": "ms"}'
    # The payload the channels send, as the NLU data documents it.
    assert payload in (ROOT / "data" / "nlu" / "channel.yml").read_text(encoding="utf-8")
    rasa.replies[payload] = [{"text": "Baik, saya akan menjawab dalam Bahasa Melayu."}]
    rasa.replies["berapa yuran?"] = [{"text": "RM500 – RM700.\n\n_Sumber: Soalan Lazim_"}]
    assert main(["ask", "berapa yuran?", "--language", "ms", "--rasa-url", rasa.url]) == 0
    out = capsys.readouterr().out

    assert [r["message"] for r in rasa.received] == [payload, "berapa yuran?"]
    assert rasa.received[0]["sender"] == rasa.received[1]["sender"]
    assert "Baik" not in out
    assert out.splitlines()[-1] == "Source: Soalan Lazim"


def test_ask_marks_an_answer_naming_a_catalogue_code(capsys, rasa, sample_codes):
    code = sample_codes[0]
    rasa.replies["tell me about it"] = [{"text": f"Some Course ({code}) costs RM500."}]
    rasa.replies["something else"] = [{"text": "I can help with micro-credentials (XYZ-999)."}]

    assert main(["ask", "tell me about it", "--rasa-url", rasa.url]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Source: catalogue"
    assert main(["ask", "something else", "--rasa-url", rasa.url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["source"] is None


def test_ask_reads_the_codes_from_the_catalogue_database(capsys, rasa, sample_codes, tmp_path):
    from bot.catalogue import db, importer

    small = ROOT / "tests" / "catalogue" / "fixtures" / "small.yaml"
    own_codes = [c["code"] for c in yaml.safe_load(small.read_text("utf-8"))["credentials"]]
    only_ours = next(code for code in own_codes if code not in sample_codes)
    only_sample = next(code for code in sample_codes if code not in own_codes)
    url = f"sqlite:///{tmp_path / 'own.db'}"
    db.migrate(url)
    with db.get_sessionmaker(url).begin() as session:
        importer.import_file(session, small)
    try:
        rasa.replies["ours"] = [{"text": f"Yes: {only_ours}."}]
        rasa.replies["sample"] = [{"text": f"Yes: {only_sample}."}]
        assert main(["ask", "ours", "--rasa-url", rasa.url, "--database-url", url]) == 0
        assert capsys.readouterr().out.splitlines()[-1] == "Source: catalogue"
        assert main(["ask", "sample", "--rasa-url", rasa.url, "--database-url", url]) == 0
        assert "Source" not in capsys.readouterr().out
    finally:
        db.dispose(url)


def test_ask_json(capsys, rasa, sample_codes):
    rasa.replies["fee?"] = [
        {"text": "RM500 – RM700.\n\n_Source: micro-credential FAQ_"},
        {"text": "More?", "buttons": [{"title": "Show courses", "payload": "/search"}]},
    ]
    assert main(["ask", "fee?", "--rasa-url", rasa.url, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "question": "fee?",
        "messages": [
            {"text": "RM500 – RM700.\n\n_Source: micro-credential FAQ_", "buttons": []},
            {"text": "More?", "buttons": [{"title": "Show courses", "payload": "/search"}]},
        ],
        "source": "micro-credential FAQ",
    }


def test_ask_when_rasa_is_unreachable(capsys, sample_codes):
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    assert main(["ask", "hello", "--rasa-url", url]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert url in captured.err and "make run" in captured.err
    assert "Traceback" not in captured.err


def test_ask_uses_rasa_url_from_the_environment(capsys, rasa, sample_codes, monkeypatch):
    monkeypatch.setenv("RASA_URL", rasa.url + "/")
    rasa.replies["hi"] = [{"text": "Hello!"}]
    assert main(["ask", "hi"]) == 0
    assert capsys.readouterr().out.strip() == "Hello!"
    assert len(rasa.received) == 1


@pytest.mark.parametrize(("status", "expected"), [(200, "no reply"), (500, "HTTP 500")])
def test_ask_reports_a_server_that_does_not_answer(capsys, rasa, sample_codes, status, expected):
    rasa.status = status  # and no replies
    assert main(["ask", "anything", "--rasa-url", rasa.url]) == 1
    captured = capsys.readouterr()
    assert expected in captured.err and rasa.url in captured.err
    assert captured.out == ""


def test_ask_reports_a_server_without_the_rest_channel(capsys, rasa, sample_codes):
    assert main(["ask", "anything", "--rasa-url", rasa.url + "/elsewhere"]) == 1
    assert "404" in capsys.readouterr().err


# --------------------------------------------------------------------- ask: the real assistant


def faq_answer(key: str, language: str) -> tuple[str, str]:
    """The FAQ response ``key`` in ``language``: its text without the source line, and the
    source the line names."""
    responses = yaml.safe_load((ROOT / "data" / "responses" / "faq.yml").read_text("utf-8"))
    variants = responses["responses"][f"utter_faq/{key}"]
    for variant in variants:
        conditions = variant.get("condition") or []
        wanted = [c["value"] for c in conditions if c["name"] == "language"]
        if wanted == ([language] if language != "en" else []):
            body, _, source_line = variant["text"].rpartition("\n\n")
            source = re.fullmatch(r"_(?:Source|Sumber): (.+)_", source_line)[1]
            return body, source
    raise AssertionError(f"no {language} variant of utter_faq/{key}")


@pytest.mark.stack
@pytest.mark.parametrize(
    ("question", "language"),
    [("how much does a micro-credential cost?", None), ("berapa yuran mikro-kredensial?", "ms")],
)
def test_ask_the_running_assistant(capsys, monkeypatch, stack: Stack, question, language):
    monkeypatch.setenv("REST_TOKEN", stack.rest_token)
    body, source = faq_answer("fee", language or "en")
    argv = ["ask", question, "--rasa-url", stack.rasa_url, "--database-url", stack.database_url]
    if language:
        argv += ["--language", language]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert body in out
    assert out.splitlines()[-1] == f"Source: {source}"
