"""The widget's socket.io session id comes from the server, never from the widget.

A first visit asks with no id; whatever ``session_confirm`` returns becomes the session, the
history is kept under it (moved there from any earlier id) and later requests carry it. The
fake channel (tests/web/fake_socket.py) plays a server that issues signed ids and replaces
ids it did not issue; the last test runs against the real Rasa server.
"""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect

from tests.web import fake_socket
from tests.web.test_widget import FEE_QUESTION, ask, bot_bubbles, open_widget

PREFIX = "microcred-widget"
LOCAL_ID = "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7e9f0a3b"  # what the previous widget made up itself


def storage(page: Page) -> dict[str, str]:
    return page.evaluate("Object.assign({}, localStorage)")


def history_keys(page: Page) -> list[str]:
    return sorted(k for k in storage(page) if k.startswith(PREFIX + ":history:"))


def online(page: Page) -> None:
    expect(page.locator(".mcw-dot-online")).to_be_attached()


def seed(page: Page, url: str, session: str, messages: list[dict]) -> None:
    """Store ``session`` and its history for the page's origin, without running the widget."""
    page.goto(url + "widget.css")
    page.evaluate(
        "([prefix, session, history]) => { localStorage.clear();"
        " localStorage.setItem(prefix + ':session', session);"
        " localStorage.setItem(prefix + ':history:' + session, history); }",
        [PREFIX, session, json.dumps(messages)],
    )


def test_a_first_visit_takes_the_id_the_server_issues(page: Page, offline_demo_url) -> None:
    fake_socket.install(page)
    page.goto(offline_demo_url)
    online(page)
    assert fake_socket.sent(page, "session_request") == [{}]
    [issued] = fake_socket.confirmed(page)
    assert re.fullmatch(fake_socket.ISSUED, issued)
    assert storage(page)[PREFIX + ":session"] == issued

    ask(page, "hello")
    [uttered] = fake_socket.sent(page, "user_uttered")
    assert uttered == {"message": "hello", "session_id": issued}
    assert history_keys(page) == [f"{PREFIX}:history:{issued}"]

    # A reload asks for the same session, and the server confirms it.
    page.reload()
    online(page)
    assert fake_socket.sent(page, "session_request") == [{"session_id": issued}]
    assert storage(page)[PREFIX + ":session"] == issued
    expect(page.locator(".mcw-user")).to_contain_text("hello")


def test_an_id_the_server_replaces_takes_the_history_along(page: Page, offline_demo_url) -> None:
    """The server refuses an id it did not issue (another server's, a forged one) and confirms
    a fresh one: the conversation shown so far moves under the new id."""
    forged = "f" * 32 + ".forged"
    seed(page, offline_demo_url, forged, [{"from": "user", "text": "earlier", "id": "m1"}])
    fake_socket.install(page)
    page.goto(offline_demo_url)
    online(page)
    assert fake_socket.sent(page, "session_request") == [{"session_id": forged}]
    [issued] = fake_socket.confirmed(page)
    assert issued != forged and storage(page)[PREFIX + ":session"] == issued
    assert history_keys(page) == [f"{PREFIX}:history:{issued}"]
    expect(page.locator(".mcw-user")).to_contain_text("earlier")
    ask(page, "and now?")
    assert fake_socket.sent(page, "user_uttered")[-1]["session_id"] == issued


def test_an_id_the_widget_made_up_is_not_sent(page: Page, offline_demo_url) -> None:
    """The previous widget's own ids (random UUIDs) are dropped; their history is kept."""
    seed(page, offline_demo_url, LOCAL_ID, [{"from": "user", "text": "before", "id": "m1"}])
    fake_socket.install(page)
    page.goto(offline_demo_url)
    online(page)
    assert fake_socket.sent(page, "session_request") == [{}]
    [issued] = fake_socket.confirmed(page)
    assert storage(page)[PREFIX + ":session"] == issued
    assert history_keys(page) == [f"{PREFIX}:history:{issued}"]
    expect(page.locator(".mcw-user")).to_contain_text("before")


def test_a_message_typed_before_the_session_is_confirmed_waits_for_it(
    page: Page, offline_demo_url
) -> None:
    fake_socket.install(page, confirm_after_ms=1500)
    page.goto(offline_demo_url)
    ask(page, "quick question")
    expect(page.locator(".mcw-user")).to_contain_text("quick question")
    assert fake_socket.sent(page, "user_uttered") == []
    online(page)
    [issued] = fake_socket.confirmed(page)
    assert fake_socket.sent(page, "user_uttered") == [
        {"message": "quick question", "session_id": issued}
    ]
    assert history_keys(page) == [f"{PREFIX}:history:{issued}"]


def test_a_new_conversation_asks_the_server_for_a_new_session(page: Page, offline_demo_url) -> None:
    fake_socket.install(page)
    page.goto(offline_demo_url)
    online(page)
    ask(page, "hello")
    [first] = fake_socket.confirmed(page)

    page.get_by_role("button", name="New conversation").click()
    online(page)
    page.wait_for_function("window.__fake.confirmed.length === 2")
    assert fake_socket.sent(page, "session_request") == [{}, {}]
    second = fake_socket.confirmed(page)[1]
    assert second != first and storage(page)[PREFIX + ":session"] == second
    assert history_keys(page) == []  # nothing said yet in the new conversation
    expect(page.locator(".mcw-row")).to_have_count(0)


@pytest.mark.stack
def test_the_real_server_confirms_the_session_the_widget_uses(page: Page, demo_url: str) -> None:
    """Against Rasa's socket.io channel: the first request carries no id, the confirmed id is
    the one stored and used, and the conversation is answered under it."""
    page.add_init_script(
        """(() => {
          const log = window.__socketLog = [];
          let wrapped;
          Object.defineProperty(window, "io", {
            configurable: true,
            get() { return wrapped; },
            set(io) {
              wrapped = Object.assign(function () {
                const socket = io.apply(this, arguments);
                const emit = socket.emit;
                socket.emit = function (event, data) {
                  log.push(["out", event, data === undefined ? null : data]);
                  return emit.apply(socket, arguments);
                };
                socket.on("session_confirm", (id) => log.push(["in", "session_confirm", id]));
                return socket;
              }, io);
            },
          });
        })();"""
    )
    open_widget(page, demo_url)
    log = page.evaluate("window.__socketLog")
    assert ["out", "session_request", {}] in log
    confirmed = [entry[2] for entry in log if entry[1] == "session_confirm"]
    stored = page.evaluate(f"localStorage.getItem('{PREFIX}:session')")
    assert confirmed and stored == confirmed[-1]
    ask(page, FEE_QUESTION)
    expect(bot_bubbles(page).filter(has_text="RM500")).to_have_count(1)
    uttered = [e[2] for e in page.evaluate("window.__socketLog") if e[1] == "user_uttered"]
    assert uttered == [{"message": FEE_QUESTION, "session_id": stored}]
    assert history_keys(page) == [f"{PREFIX}:history:{stored}"]
