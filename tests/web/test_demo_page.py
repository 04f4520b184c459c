"""The demo page's course cards come from the catalogue database.

Against a real server in a thread and fresh SQLite databases: the cards are the first three
credentials by title (then code), every field from the database and HTML-escaped; without a
readable catalogue the page still loads, with a quiet line, and the server logs why. The last
test runs the real stack: every title on the cards, asked in the widget, is answered.
"""

from __future__ import annotations

import html
import http.client
import logging
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot.catalogue import db
from bot.catalogue.models import Credential, Provider
from bot.web.server import make_server, serve_in_thread
from tests.support.stack import Stack
from tests.web.test_widget import ask, bot_bubbles, open_widget

QUIET = "The course list is not available at the moment."
CARD = re.compile(
    r'<article class="card" data-code="(?P<code>[^"]*)">\s*<h3>(?P<title>.*?)</h3>\s*'
    r'<div class="provider">(?P<provider>.*?)</div>\s*<div class="meta">(?P<meta>.*?)</div>\s*'
    r'<span class="fee">(?P<fee>.*?)</span>',
    re.S,
)
HOSTILE = '<script>alert("x")</script> & Co'


def seed(directory: Path) -> str:
    """A fresh catalogue whose titles do not sort in the order they are added."""
    url = f"sqlite:///{directory / 'catalogue.db'}"
    db.migrate(url)
    with db.get_sessionmaker(url).begin() as session:
        hep = Provider(short_name="TST", name=f"Test University {HOSTILE}")
        other = Provider(short_name="OTH", name="Other College")
        session.add_all([hep, other])
        rows = [
            ("ZZZ-9", "Zoology Basics", hep, "standalone", None, None, 20, 500, "online"),
            ("WEB-2", "Applied Web Safety", other, "credit-bearing", 6, 2, 80, 650.5, "blended"),
            ("WEB-1", "Applied Web Safety", hep, "standalone", None, None, 40, 550, "conventional"),
            ("XSS-1", f"Bees {HOSTILE}", hep, "credit-bearing", 4, 1, 1000, 1200, "online"),
            ("MID-5", "Metallurgy", other, "standalone", None, None, 12, 0, "online"),
        ]  # fmt: skip
        for code, title, provider, kind, level, credits, hours, fee, mode in rows:
            session.add(
                Credential(
                    code=code,
                    title=title,
                    provider=provider,
                    type=kind,
                    field="Testing",
                    mqf_level=level,
                    credits=credits,
                    notional_hours=hours,
                    fee_rm=fee,
                    mode=mode,
                )
            )
    return url


def first_three(url: str) -> list[Credential]:
    with db.get_sessionmaker(url)() as session:
        query = select(Credential).order_by(Credential.title, Credential.code).limit(3)
        return list(session.scalars(query))


def serve(url: str, rasa_url: str = "http://127.0.0.1:9") -> Iterator[int]:
    server = make_server("127.0.0.1", 0, rasa_url, database_url=url)
    serve_in_thread(server)
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        db.dispose(url)


def get(port: int, path: str = "/") -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def cards(page_html: str) -> list[dict[str, str]]:
    return [
        {k: html.unescape(v).strip() for k, v in m.groupdict().items()}
        for m in CARD.finditer(page_html)
    ]


def test_the_cards_are_the_first_credentials_of_the_catalogue(tmp_path: Path) -> None:
    url = seed(tmp_path)
    for port in serve(url):
        status, body = get(port)
        assert status == 200
        shown = cards(body)
        expected = first_three(url)
        assert [c["title"] for c in shown] == [c.title for c in expected]
        assert [c["code"] for c in shown] == ["WEB-1", "WEB-2", "XSS-1"]  # title, then code
        web1, web2, xss = shown
        assert web1 == {
            "code": "WEB-1",
            "title": "Applied Web Safety",
            "provider": f"Test University {HOSTILE}",
            "meta": "Standalone · 40 hours · conventional",
            "fee": "RM550",
        }
        assert web2["meta"] == "Credit-bearing · MQF level 6 · 2 credits · 80 hours · blended"
        assert (web2["provider"], web2["fee"]) == ("Other College", "RM650.50")
        assert xss["meta"] == "Credit-bearing · MQF level 4 · 1 credit · 1000 hours · online"
        assert (xss["title"], xss["fee"]) == (f"Bees {HOSTILE}", "RM1,200")
        # Escaped: the page holds no markup from the database.
        assert "<script>alert" not in body and "&lt;script&gt;alert(&#34;x&#34;)" in body
        assert QUIET not in body
        # /index.html is the same page; the static template is not served raw.
        assert cards(get(port, "/index.html")[1]) == shown
        assert "{%" not in body


def test_a_change_in_the_catalogue_shows_on_the_next_load(tmp_path: Path) -> None:
    url = seed(tmp_path)
    for port in serve(url):
        with db.get_sessionmaker(url).begin() as session:
            hep = session.scalars(select(Provider).where(Provider.short_name == "OTH")).one()
            session.add(
                Credential(
                    code="AAA-1", title="Aardvark Care", provider=hep, type="standalone",
                    field="Testing", notional_hours=8, fee_rm=510, mode="online",
                )
            )  # fmt: skip
        assert [c["title"] for c in cards(get(port)[1])][0] == "Aardvark Care"


@pytest.mark.parametrize("kind", ["missing", "not a database", "no tables"])
def test_without_a_readable_catalogue_the_page_still_loads(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    path = tmp_path / "catalogue.db"
    if kind == "not a database":
        path.write_bytes(b"this is not SQLite\n" * 200)
    elif kind == "no tables":
        sqlite3.connect(path).close()  # an empty SQLite file
    url = f"sqlite:///{path}"
    caplog.set_level(logging.INFO, logger="bot.web.demo")
    for port in serve(url):
        for _ in range(2):
            status, body = get(port)
            assert status == 200 and "<h1>" in body and 'src="widget.js"' in body
            assert QUIET in body and cards(body) == []
        assert get(port, "/widget.js")[0] == 200
    warnings = [r.getMessage() for r in caplog.records if r.name == "bot.web.demo"]
    assert len(warnings) == 1, warnings  # logged once, not on every load
    why = {
        "missing": f"{path} does not exist",
        "not a database": "file is not a database",
        "no tables": "has no catalogue schema",
    }[kind]
    assert why in warnings[0]
    assert path.exists() == (kind != "missing")  # looking did not create an empty database


@pytest.mark.stack
def test_every_course_on_the_cards_is_answered_in_the_widget(
    page: Page, demo_url: str, stack: Stack
) -> None:
    open_widget(page, demo_url)
    titles = page.locator(".card h3").all_text_contents()
    codes = [a.get_attribute("data-code") for a in page.locator(".card").all()]
    assert titles == [c.title for c in first_three(stack.database_url)]
    assert len(titles) == 3
    for title, code in zip(titles, codes, strict=True):
        ask(page, f"Tell me about {title}")
        expect(bot_bubbles(page).filter(has_text=f"{title} ({code})")).to_have_count(1)
