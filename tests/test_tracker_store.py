"""Conversations kept by our tracker store (bot/rasa_components/tracker_store.py), for real.

Two learners talk to the real Rasa server, interleaved, one of them across a restart of the
conversation. Rasa's own ``SQLTrackerStore`` then reads the database: every message and every
reply is stored once, in order. A new Rasa server on the same database continues the
conversation where it stopped (the credential talked about is still known).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.support.stack import Stack, in_rasa, texts

pytestmark = pytest.mark.stack

READ = """
import asyncio, json, sys
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain

async def main():
    store = SQLTrackerStore(Domain.load("domain.yml"), dialect="sqlite", db=sys.argv[1])
    out = {}
    for sender in json.loads(sys.argv[2]):
        tracker = await store.retrieve_full_tracker(sender)
        out[sender] = [[e.type_name, getattr(e, "text", None)] for e in tracker.events]
    print(json.dumps(out))

asyncio.run(main())
"""

TURNS = [
    ("ana", "hi"),
    ("ben", "berapa yuran mikro-kredensial?"),
    ("ana", "tell me about Introduction to Cybersecurity"),
    ("ben", "/restart"),
    ("ana", "how long is it?"),
    ("ben", "what is a micro-credential?"),
    ("ana", "is it online?"),
]


def _stack(data_dir: Path) -> Stack:
    return Stack(data_dir=data_dir, database_url=f"sqlite:///{data_dir / 'catalogue.db'}")


@pytest.fixture(scope="module")
def talked(tmp_path_factory: pytest.TempPathFactory) -> dict:
    data_dir = tmp_path_factory.mktemp("conversations")
    stack = _stack(data_dir).seed().start()
    replies: dict[str, list[str]] = {"ana": [], "ben": []}
    try:
        for sender, text in TURNS:
            replies[sender] += [r["text"] for r in stack.say(text, sender=sender) if "text" in r]
    finally:
        stack.stop()
    database = data_dir / "conversations.db"
    stored = in_rasa(READ, str(database), json.dumps(list(replies)))
    return {"data_dir": data_dir, "database": database, "replies": replies, "stored": stored}


@pytest.mark.parametrize("sender", ["ana", "ben"])
def test_every_message_and_reply_is_stored_once_in_order(talked, sender: str) -> None:
    events = talked["stored"][sender]
    said = [text for who, text in TURNS if who == sender]
    assert [text for kind, text in events if kind == "user"] == said
    # The REST channel sends a reply's paragraphs as separate messages; the 👍/👎 marker after
    # an answer is a bot event without text.
    stored = [text for kind, text in events if kind == "bot" and text is not None]
    assert "\n\n".join(stored).split("\n\n") == talked["replies"][sender]


def test_a_restart_is_stored_where_it_happened(talked) -> None:
    kinds = [kind for kind, _ in talked["stored"]["ben"]]
    assert kinds.count("restart") == 1
    assert kinds.index("restart") > kinds.index("user")


def test_the_database_uses_the_write_ahead_log(talked) -> None:
    with sqlite3.connect(talked["database"]) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_new_server_continues_the_conversation(talked) -> None:
    stack = _stack(talked["data_dir"]).start()
    try:
        reply = texts(stack.say("how much is it?", sender="ana"))
    finally:
        stack.stop()
    assert "Introduction to Cybersecurity" in reply
    assert "RM" in reply
