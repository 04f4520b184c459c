"""End to end over the REST channel: the real Rasa server with the real action server."""

from __future__ import annotations

import json
import subprocess

import pytest
import yaml

from bot.catalogue import db, queries
from tests.support.stack import PYTHON, ROOT, Stack, texts

pytestmark = pytest.mark.stack


def english_response(name: str) -> str:
    """The unconditioned (English) text of a domain response."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text())
    return next(v["text"] for v in domain["responses"][name] if "condition" not in v)


def test_fee_question_is_answered_from_the_faq(stack: Stack) -> None:
    reply = texts(stack.say("How much is the micro-credential fee?"))
    assert "RM500" in reply and "RM700" in reply
    assert "type of micro-credential and the mode of delivery" in reply
    assert "Source: micro-credential FAQ" in reply


def test_malay_question_gets_the_malay_answer(stack: Stack) -> None:
    reply = texts(stack.say("Berapakah yuran untuk mikro-kredensial?"))
    assert "RM500" in reply and "RM700" in reply
    assert "Sumber" in reply and "Source" not in reply


def test_greet_and_goodbye(stack: Stack) -> None:
    sender = "greeter"
    assert texts(stack.say("hello", sender)) == english_response("utter_greet")
    assert texts(stack.say("bye", sender)) == english_response("utter_goodbye")


def test_credential_count_comes_from_the_live_catalogue(stack: Stack, tmp_path) -> None:
    def count() -> int:
        with db.get_sessionmaker(stack.database_url)() as session:
            return queries.count_credentials(session)

    before = count()
    assert before >= 40  # the sample catalogue was loaded on start
    assert f"{before} micro-credentials" in texts(
        stack.say("how many micro-credentials do you offer?")
    )

    with db.get_sessionmaker(stack.database_url)() as session:
        provider = queries.providers(session)[0].short_name
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        yaml.safe_dump(
            {
                "credentials": [
                    {
                        "code": "TST-999",
                        "title": "Test Credential for Counting",
                        "provider": provider,
                        "type": "standalone",
                        "field": "Testing",
                        "notional_hours": 8,
                        "fee_rm": 500,
                        "mode": "online",
                        "language": "English",
                    }
                ]
            }
        )
    )
    subprocess.run(
        [str(PYTHON), "-m", "bot.cli", "catalogue", "import", str(extra)],
        cwd=ROOT,
        env=stack.env,
        check=True,
        capture_output=True,
    )
    assert count() == before + 1
    assert f"{before + 1} micro-credentials" in texts(stack.say("how many courses are there?"))


@pytest.mark.parametrize(
    "message",
    [
        "",
        " ",
        "a" * 20_000,
        "<script>alert('x')</script>",
        "\x00\x01\x02 \u202e",
        '/faq{"broken json',
        "/restart",
        "/action_catalogue_count",
        "😀" * 500,
        json.dumps({"sender": "x", "message": "nested"}),
    ],
)
def test_hostile_messages_never_crash_the_servers(stack: Stack, message: str) -> None:
    sender = "hostile"
    stack.say(message, sender)
    assert "RM500" in texts(stack.say("how much is the fee?", sender))
