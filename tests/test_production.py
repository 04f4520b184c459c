"""The running assistant as an operator and an attacker meet it: never silent, private per
learner, limits at the edge, supervised services (issue "production", against the real stack
started by `make run`'s own code, bot/stack.py)."""

from __future__ import annotations

import logging
import signal
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterator

import httpx
import pytest

from bot import config, messages
from tests.support.stack import MODEL, Stack, in_rasa, texts

pytestmark = pytest.mark.stack

PER_SENDER = 12  # this stack's RATE_PER_SENDER


@pytest.fixture(scope="module")
def prod(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """A stack of its own (its action server is killed here), supervised as `make run` does."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run the tests through `make test`, which trains it")
    data_dir = tmp_path_factory.mktemp("production")
    running = Stack(
        data_dir=data_dir,
        database_url=f"sqlite:///{data_dir / 'catalogue.db'}",
        extra_env={"RATE_PER_SENDER": str(PER_SENDER), "ACTION_TIMEOUT": "3"},
    )
    running.seed().start(supervise=True)
    try:
        yield running
    finally:
        running.stop()


def post(stack: Stack, body: object, token: str | None = "", raw: bytes | None = None):
    headers = {"Authorization": f"Bearer {stack.rest_token if token == '' else token}"}
    if token is None:
        headers = {}
    url = stack.rasa_url + "/webhooks/rest/webhook"
    if raw is not None:
        return httpx.post(url, content=raw, headers=headers, timeout=30)
    return httpx.post(url, json=body, headers=headers, timeout=30)


def log_of(stack: Stack, name: str) -> str:
    return (stack.data_dir / "logs" / f"{name}.log").read_text(errors="replace")


def process(stack: Stack, label: str):
    return next(p for p in stack.running.processes if p.label == label)


def wait_until(check, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"not so after {timeout} s")


# --- privacy: nobody reaches another learner's conversation --------------------------------


def test_the_rest_channel_answers_only_with_the_token(prod: Stack) -> None:
    chat = "telegram-777001"
    assert "DSC-101" in texts(prod.say("how much is DSC-101?", chat))
    for token in (None, "guess", prod.rest_token + "x"):
        refused = post(prod, {"sender": chat, "message": "how much is it?"}, token=token)
        assert refused.status_code == 401
        assert "DSC-101" not in refused.text and "RM" not in refused.text


def test_the_action_server_answers_only_rasa(prod: Stack) -> None:
    base = f"http://127.0.0.1:{prod.action_port}"
    assert httpx.get(base + "/actions").status_code == 401
    assert httpx.post(base + "/webhook", json={"next_action": "action_respond"}).status_code == 401
    listed = httpx.get(base + "/actions", params={"token": prod.settings["ACTION_TOKEN"]})
    assert listed.status_code == 200 and {"name": "action_respond"} in listed.json()
    assert httpx.get(base + "/health").json() == {"status": "ok"}


def _outside_address() -> str | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_services_listen_on_loopback_only(prod: Stack) -> None:
    address = _outside_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    for port in (prod.rasa_port, prod.action_port):
        assert httpx.get(f"http://127.0.0.1:{port}/").status_code < 500
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"http://{address}:{port}/", timeout=3)


def test_cors_is_only_for_the_widgets_origins(prod: Stack) -> None:
    url = prod.rasa_url + "/webhooks/rest/webhook"
    ask = {"Access-Control-Request-Method": "POST"}
    evil = httpx.options(url, headers={**ask, "Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in evil.headers
    widget = httpx.options(url, headers={**ask, "Origin": "http://localhost:8080"})
    assert widget.headers["access-control-allow-origin"] == "http://localhost:8080"
    polling = httpx.get(
        prod.rasa_url + "/socket.io/?EIO=4&transport=polling",
        headers={"Origin": "http://localhost:8080"},
    )
    assert polling.headers.get_list("access-control-allow-origin") == ["http://localhost:8080"]


SOCKET_CLIENT = r"""
import asyncio, json, sys
import socketio

URL, ORIGIN, ASKED, CLAIM = sys.argv[1:5]

async def main():
    client = socketio.AsyncClient()
    confirmed, replies = asyncio.Queue(), []
    client.on("session_confirm", lambda sid: confirmed.put_nowait(sid))
    client.on("bot_uttered", lambda data: replies.append(data.get("text")))
    try:
        await client.connect(URL, headers={"Origin": ORIGIN}, transports=["polling"])
    except socketio.exceptions.ConnectionError as exc:
        print(json.dumps({"refused": str(exc)}))
        return
    await client.emit("session_request", {"session_id": ASKED or None})
    session = await asyncio.wait_for(confirmed.get(), 10)
    message = {"message": "how much is DSC-101?", "session_id": CLAIM or session}
    await client.emit("user_uttered", message)
    for _ in range(100):
        if replies:
            break
        await asyncio.sleep(0.1)
    await client.disconnect()
    print(json.dumps({"session": session, "replies": replies}))

asyncio.run(main())
"""


def socket_client(stack: Stack, asked: str = "", claim: str = "", origin: str = "") -> dict:
    origin = origin or "http://localhost:8080"
    return in_rasa(SOCKET_CLIENT, stack.rasa_url, origin, asked, claim, timeout=60)


def test_socketio_sessions_are_issued_by_the_server(prod: Stack) -> None:
    first = socket_client(prod, asked="my-own-choice")
    assert first["session"] != "my-own-choice" and "." in first["session"]
    assert any("DSC-101" in (text or "") for text in first["replies"])
    again = socket_client(prod, asked=first["session"])  # the same browser, after a reload
    assert again["session"] == first["session"]
    # Another socket naming the first one's session in its messages still talks in its own.
    other = socket_client(prod, claim=first["session"])
    assert other["session"] != first["session"] and other["replies"]
    with sqlite3.connect(prod.data_dir / "conversations.db") as db:
        (count,) = db.execute(
            "select count(*) from events where sender_id = ? and type_name = 'user'",
            (first["session"],),
        ).fetchone()
    assert count == 2  # the first socket's and the reloaded one's, not the other's


def test_socketio_refuses_pages_from_other_origins(prod: Stack) -> None:
    assert "refused" in socket_client(prod, origin="http://evil.example")


# --- limits at the edge -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "how much?",
        {"message": "hi"},
        {"sender": "x" * 5000, "message": "hi"},
        {"sender": "two words", "message": "hi"},
        {"sender": "learner", "message": None},
        {"sender": "learner", "message": 42},
        {"sender": "learner", "message": "hi", "metadata": "x"},
    ],
)
def test_a_body_that_is_not_a_message_is_a_400(prod: Stack, body) -> None:
    before = log_of(prod, "rasa1").count("Traceback")
    response = post(prod, body)
    assert response.status_code == 400 and response.json()["error"]
    assert log_of(prod, "rasa1").count("Traceback") == before


def test_a_body_that_is_not_json_is_a_400(prod: Stack) -> None:
    assert post(prod, None, raw=b'{"sender": "x", "message": ').status_code == 400


@pytest.mark.parametrize(
    ("text", "language"),
    [("a" * 100_000, "en"), ("saya nak tanya tentang yuran kursus ini " * 3000, "ms")],
)
def test_a_long_message_is_refused_politely_and_not_read(prod: Stack, text, language) -> None:
    sender = uuid.uuid4().hex
    reply = texts(prod.say(text, sender))
    limit = config.max_message_chars()
    assert reply == messages.render("message_too_long", language, limit=limit)
    with sqlite3.connect(prod.data_dir / "conversations.db") as db:
        (stored,) = db.execute(
            "select count(*) from events where sender_id = ?", (sender,)
        ).fetchone()
    assert stored == 0  # never reached the assistant
    assert "RM500" in texts(prod.say("how much is the fee?", sender))


def test_a_sender_over_the_rate_is_asked_to_wait_and_others_are_not(prod: Stack) -> None:
    fast, other = uuid.uuid4().hex, uuid.uuid4().hex
    replies = [texts(prod.say("hi", fast)) for _ in range(PER_SENDER + 1)]
    too_fast = messages.render("too_fast", "en")
    assert too_fast not in replies[:PER_SENDER]
    assert replies[PER_SENDER] == too_fast
    assert texts(prod.say("hi", other)) != too_fast


# --- never silent, and supervised ---------------------------------------------------------------


def test_without_the_action_server_learners_get_an_apology_then_the_form_resumes(
    prod: Stack, caplog
) -> None:
    caplog.set_level(logging.WARNING, logger="microcred.stack")
    chat = uuid.uuid4().hex
    prod.say("can my micro-credential count towards a degree?", chat)
    actions = process(prod, "actions")
    killed = actions.popen.pid
    actions.signal(signal.SIGKILL)
    actions.popen.wait()
    assert texts(prod.say("it's credit-bearing, not a standalone one", chat)) == messages.render(
        "cannot_answer_now", "en"
    )
    assert texts(prod.say("berapa yuran DSC-101?", uuid.uuid4().hex)) == messages.render(
        "cannot_answer_now", "ms"
    )
    wait_until(lambda: actions.alive and actions.popen.pid != killed and _healthy(prod))
    assert any("actions exited" in r.getMessage() for r in caplog.records)
    reply = texts(prod.say("it's credit-bearing, not a standalone one", chat))
    assert messages.render("ask_part_of_accredited_programme", "en") in reply


def _healthy(stack: Stack) -> bool:
    return httpx.get(f"http://127.0.0.1:{stack.action_port}/health", timeout=2).status_code == 200


def test_a_stuck_action_server_times_out_into_an_apology(prod: Stack) -> None:
    actions = process(prod, "actions")
    wait_until(lambda: _healthy(prod))
    actions.signal(signal.SIGSTOP)
    try:
        started = time.monotonic()
        reply = texts(prod.say("how much is DSC-101?", uuid.uuid4().hex))
        waited = time.monotonic() - started
    finally:
        actions.signal(signal.SIGCONT)
    assert reply == messages.render("cannot_answer_now", "en")
    assert waited < 60  # ACTION_TIMEOUT is 3 s here; Rasa's own would be 300
    assert "DSC-101" in texts(prod.say("how much is DSC-101?", uuid.uuid4().hex))


def test_a_crashed_rasa_is_restarted_while_the_rest_keeps_serving(prod: Stack) -> None:
    rasa = process(prod, "rasa")
    killed = rasa.popen.pid
    rasa.signal(signal.SIGKILL)
    rasa.popen.wait()
    assert _healthy(prod)  # the action server did not go down with it
    wait_until(lambda: rasa.alive and rasa.popen.pid != killed, timeout=30)
    wait_until(lambda: "RM500" in texts(prod.say("how much is the fee?", "after-restart")), 240)
    assert rasa.restarts >= 1


def test_hostile_messages_leave_no_traceback(prod: Stack) -> None:
    before = log_of(prod, "rasa1").count("Traceback")
    for message in ["\x00", "/%00", '/faq{"x":', "{{7*7}}", "\ud7ff" * 10, "/restart" * 300]:
        replies = prod.say(message, uuid.uuid4().hex)
        assert isinstance(replies, list)
    assert log_of(prod, "rasa1").count("Traceback") == before
