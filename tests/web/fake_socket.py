"""A stand-in for Rasa's socket.io channel inside the page, for widget tests without Rasa.

The widget uses ``window.io`` when the page already has one, so :func:`install` defines it
before any page script runs. The fake plays the channel as the lead's server-issued sessions
do: ``session_request`` with an id it issued (``<32 hex>.fakesig``) is confirmed as it is, any
other id or none gets a fresh one. ``window.__fake.sent`` records what the widget emitted;
:func:`bot_says` delivers ``bot_uttered`` payloads as the channel would.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page

ISSUED = r"^[0-9a-f]{32}\.fakesig$"

_SCRIPT = """
(() => {
  const issued = new RegExp(%(issued)s);
  const fake = window.__fake = {sent: [], handlers: {}, confirmed: []};
  fake.fire = (event, data) => (fake.handlers[event] || []).forEach((fn) => fn(data));
  fake.issue = () => {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("") + ".fakesig";
  };
  window.io = function () {
    const socket = {
      connected: false,
      on(event, fn) {
        (fake.handlers[event] = fake.handlers[event] || []).push(fn);
        return socket;
      },
      emit(event, data) {
        fake.sent.push([event, data === undefined ? null : JSON.parse(JSON.stringify(data))]);
        if (event === "session_request") {
          const asked = data && data.session_id;
          const id = typeof asked === "string" && issued.test(asked) ? asked : fake.issue();
          fake.confirmed.push(id);
          setTimeout(() => fake.fire("session_confirm", id), %(delay)d);
        }
        return socket;
      },
      disconnect() {
        socket.connected = false;
        fake.fire("disconnect", "io client disconnect");
      },
      connect() {
        socket.connected = true;
        fake.fire("connect");
      },
    };
    fake.socket = socket;
    setTimeout(() => socket.connect(), 0);
    return socket;
  };
})();
"""


def install(page: Page, confirm_after_ms: int = 0) -> None:
    """Every page load in ``page`` gets the fake channel instead of a real socket; it confirms
    a session ``confirm_after_ms`` after the request."""
    page.add_init_script(_SCRIPT % {"issued": json.dumps(ISSUED), "delay": confirm_after_ms})


def bot_says(page: Page, *payloads: dict | str) -> None:
    """Deliver ``payloads`` as consecutive ``bot_uttered`` events."""
    page.evaluate(
        "(payloads) => payloads.forEach((p) => window.__fake.fire('bot_uttered', p))",
        list(payloads),
    )


def sent(page: Page, event: str) -> list:
    """The payloads of ``event`` the widget emitted, oldest first."""
    return [data for name, data in page.evaluate("window.__fake.sent") if name == event]


def confirmed(page: Page) -> list[str]:
    """The session ids the fake confirmed, oldest first."""
    return page.evaluate("window.__fake.confirmed")
