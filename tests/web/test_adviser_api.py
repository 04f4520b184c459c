"""The adviser page over plain HTTP: sign-in, cookies, CSRF, the JSON API, bad input and the
widget's routes, against a real server in a thread (no browser, no Rasa)."""

from __future__ import annotations

import http.client
import json
import re
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import pytest
import yaml
from sqlalchemy import func, select

from bot.catalogue import browse, db
from bot.catalogue.models import Credential
from bot.records import report, store
from bot.records.models import Handoff
from bot.web.adviser import auth
from bot.web.server import make_server, serve_in_thread
from tests.web.test_adviser_page import FEE_TYPOS, TOKEN, seed_database

BEARER = {"Authorization": f"Bearer {TOKEN}"}


class Client:
    """A tiny HTTP client that never follows redirects."""

    def __init__(self, port: int) -> None:
        self.port = port

    def request(
        self, method: str, path: str, headers: dict | None = None, body: bytes | str = b""
    ) -> tuple[int, dict[str, str], bytes, list[str]]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            headers = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
            if isinstance(body, str):
                body = body.encode()
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            data = response.read()
            cookies = response.headers.get_all("Set-Cookie") or []
            return response.status, dict(response.headers), data, cookies
        finally:
            connection.close()

    def get(self, path: str, headers: dict | None = None):
        return self.request("GET", path, headers)

    def post(self, path: str, form: dict, headers: dict | None = None):
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return self.request("POST", path, headers, urlencode(form))


def serve(token: str | None, url: str) -> Iterator[Client]:
    server = make_server("127.0.0.1", 0, adviser_token=token, database_url=url)
    serve_in_thread(server)
    try:
        yield Client(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = seed_database(tmp_path_factory.mktemp("adviser-api"))
    yield url
    db.dispose(url)


@pytest.fixture(scope="module")
def client(database: str) -> Iterator[Client]:
    yield from serve(TOKEN, database)


@pytest.fixture
def cookie(client: Client) -> str:
    """A signed-in session cookie, got by signing in."""
    status, headers, _, cookies = client.post("/advisers/sign-in", {"token": TOKEN})
    assert status == 303
    (set_cookie,) = cookies
    return set_cookie.split(";", 1)[0]


def csrf_of(client: Client, cookie: str) -> str:
    _, _, body, _ = client.get("/advisers/handoffs", {"Cookie": cookie})
    return re.search(rb'name="csrf" value="([0-9a-f]+)"', body).group(1).decode()


def new_handoff(database: str) -> int:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MICROCRED_SALT", "adviser-api-tests")
        with db.get_sessionmaker(database).begin() as session:
            return store.create_handoff(
                session,
                question="Please call me",
                contact="+60 12-345 6789",
                contact_kind="phone",
                language="en",
                channel="rest",
                sender="learner-api",
            ).id


def status_of(database: str, handoff_id: int) -> str:
    with db.get_sessionmaker(database)() as session:
        return session.get(Handoff, handoff_id).status


# ---------------------------------------------------------------------- sign-in


PROTECTED = [
    "/advisers",
    "/advisers/",
    "/advisers/guide",
    "/advisers/unanswered",
    "/advisers/unanswered/export?group=0",
    "/advisers/handoffs",
    "/advisers/compare?code=DSC-101&code=DSC-205",
    "/advisers/credentials/DSC-101",
    "/advisers/no-such-page",
]
PROTECTED_API = [
    "/advisers/api/credentials",
    "/advisers/api/credentials/DSC-101",
    "/advisers/api/compare?code=DSC-101&code=DSC-205",
    "/advisers/api/handoffs",
    "/advisers/api/unanswered",
    "/advisers/api/facets",
    "/advisers/api/nothing-here",
]


@pytest.mark.parametrize("path", PROTECTED)
def test_pages_refuse_without_sign_in(client: Client, path: str) -> None:
    status, headers, body, _ = client.get(path)
    if path == "/advisers/":
        assert status == 303 and headers["Location"] == "/advisers"
        return
    assert status == 401
    assert headers["Content-Type"].startswith("text/html")
    assert b'name="token"' in body and b"DSC-101" not in body.split(b"</form>")[-1]


@pytest.mark.parametrize("path", PROTECTED_API)
def test_api_refuses_without_a_valid_token(client: Client, path: str) -> None:
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic " + TOKEN}):
        status, response_headers, body, _ = client.get(path, headers)
        assert status == 401, headers
        assert response_headers["Content-Type"].startswith("application/json")
        assert "error" in json.loads(body)
    assert client.get(path, BEARER)[0] in (200, 404)


def test_sign_in_cookie_holds_no_token_and_is_strict(client: Client) -> None:
    status, _, body, cookies = client.post("/advisers/sign-in", {"token": "wrong"})
    assert status == 401 and not cookies and b"not right" in body

    status, headers, _, cookies = client.post(
        "/advisers/sign-in", {"token": TOKEN, "next": "/advisers/guide?code=DSC-101"}
    )
    assert status == 303 and headers["Location"] == "/advisers/guide?code=DSC-101"
    (set_cookie,) = cookies
    value = set_cookie.split(";", 1)[0].split("=", 1)[1]
    assert TOKEN not in set_cookie
    assert "HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie
    assert "Path=/advisers" in set_cookie
    assert client.get("/advisers", {"Cookie": f"{auth.COOKIE}={value}"})[0] == 200


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "https://evil.example/advisers",
        "/elsewhere",
        "/advisers/api/x",
        "/advisers/\r\nSet-Cookie: planted=1",
        "/\\evil.example",
    ],
)
def test_sign_in_never_redirects_off_the_adviser_page(client: Client, target: str) -> None:
    status, headers, _, cookies = client.post("/advisers/sign-in", {"token": TOKEN, "next": target})
    assert status == 303 and headers["Location"] == "/advisers"
    assert len(cookies) == 1 and "planted" not in cookies[0]


def test_forged_and_expired_cookies_are_refused(client: Client) -> None:
    other = auth.session_value("another-token")
    expired = auth.session_value(TOKEN, now=0)
    tampered = "9999999999." + auth.session_value(TOKEN).split(".", 1)[1]
    for value in (other, expired, tampered, "garbage", TOKEN):
        status, _, body, _ = client.get("/advisers", {"Cookie": f"{auth.COOKIE}={value}"})
        assert status == 401, value
        assert b"session has ended" in body


def test_no_configured_token_means_nobody_signs_in(database: str) -> None:
    for client in serve("", database):
        status, _, body, _ = client.get("/advisers")
        assert status == 401 and b"nobody can sign in" in body
        status, _, body, cookies = client.post("/advisers/sign-in", {"token": ""})
        assert status == 401 and not cookies
        assert client.get("/advisers/api/handoffs", {"Authorization": "Bearer "})[0] == 401


def test_token_is_read_from_the_environment_when_not_given(
    database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADVISER_TOKEN", "from-the-env")
    for client in serve(None, database):
        headers = {"Authorization": "Bearer from-the-env"}
        assert client.get("/advisers/api/handoffs", headers)[0] == 200
        monkeypatch.setenv("ADVISER_TOKEN", "")
        assert client.get("/advisers/api/handoffs", headers)[0] == 401


def test_sign_out_clears_the_cookie(client: Client, cookie: str) -> None:
    status, headers, _, cookies = client.get("/advisers/sign-out", {"Cookie": cookie})
    assert status == 303 and "Max-Age=0" in cookies[0]


# ---------------------------------------------------------------------- CSRF


def test_closing_a_handoff_needs_the_csrf_token(client: Client, cookie: str, database: str) -> None:
    handoff_id = new_handoff(database)
    path = f"/advisers/handoffs/{handoff_id}/close"
    csrf = csrf_of(client, cookie)
    assert client.post(path, {}, {"Cookie": cookie})[0] == 403
    assert client.post(path, {"csrf": "0" * 64}, {"Cookie": cookie})[0] == 403
    other = {"Cookie": cookie, "Origin": "https://evil.example"}
    assert client.post(path, {"csrf": csrf}, other)[0] == 403
    assert client.post(path, {"csrf": csrf})[0] == 401  # the token alone is not a session
    assert status_of(database, handoff_id) == "open"

    same = {"Cookie": cookie, "Origin": f"http://127.0.0.1:{client.port}"}
    status, headers, _, _ = client.post(path, {"csrf": csrf}, same)
    assert status == 303 and headers["Location"] == f"/advisers/handoffs?closed={handoff_id}"
    assert status_of(database, handoff_id) == "closed"
    assert client.post("/advisers/handoffs/999999/close", {"csrf": csrf}, same)[0] == 404


def test_api_closes_a_handoff_with_the_bearer_token(client: Client, database: str) -> None:
    handoff_id = new_handoff(database)
    status, _, body, _ = client.get("/advisers/api/handoffs", BEARER)
    assert handoff_id in [h["id"] for h in json.loads(body)["open"]]
    status, _, body, _ = client.post(f"/advisers/api/handoffs/{handoff_id}/close", {}, BEARER)
    assert status == 200 and json.loads(body)["handoff"]["status"] == "closed"
    closed = json.loads(client.get("/advisers/api/handoffs", BEARER)[2])["closed"]
    assert handoff_id in [h["id"] for h in closed]
    assert status_of(database, handoff_id) == "closed"


# ---------------------------------------------------------------------- the API


def test_api_credentials_pages_on_the_server(client: Client, database: str) -> None:
    with db.get_sessionmaker(database)() as session:
        total = session.scalar(select(func.count()).select_from(Credential))
        cheapest = session.scalars(
            select(Credential).order_by(Credential.fee_rm, Credential.code)
        ).first()
    status, _, body, _ = client.get("/advisers/api/credentials?per_page=10&page=2", BEARER)
    data = json.loads(body)
    assert status == 200 and data["total"] == total and len(data["rows"]) == 10
    assert data["page"] == 2 and data["pages"] == -(-total // 10)
    everything = json.loads(client.get("/advisers/api/credentials?per_page=100", BEARER)[2])
    assert [r["code"] for r in data["rows"]] == [r["code"] for r in everything["rows"]][10:20]
    by_fee = json.loads(client.get("/advisers/api/credentials?sort=fee", BEARER)[2])
    assert by_fee["rows"][0]["code"] == cheapest.code
    assert by_fee["rows"][0]["fee"] == cheapest.fee_rm


def test_api_detail_and_compare(client: Client, database: str) -> None:
    with db.get_sessionmaker(database)() as session:
        first, second = session.scalars(select(Credential).order_by(Credential.id).limit(2))
    status, _, body, _ = client.get(f"/advisers/api/credentials/{first.code.lower()}", BEARER)
    record = json.loads(body)
    assert status == 200 and record["code"] == first.code
    assert record["learning_outcomes"] == first.learning_outcomes
    assert record["provider"]["short_name"] == first.provider.short_name
    status, _, body, _ = client.get(
        f"/advisers/api/compare?code={first.code}&code={second.code}", BEARER
    )
    assert [c["code"] for c in json.loads(body)["credentials"]] == [first.code, second.code]
    assert client.get(f"/advisers/api/compare?code={first.code}", BEARER)[0] == 400
    same_twice = f"code={first.code}&code={first.code.lower()}"
    assert client.get(f"/advisers/api/compare?{same_twice}", BEARER)[0] == 400
    assert client.get("/advisers/api/credentials/NOPE-1", BEARER)[0] == 404


def test_api_unanswered_and_export(client: Client, cookie: str, database: str) -> None:
    data = json.loads(client.get("/advisers/api/unanswered?since=7", BEARER)[2])
    (typos,) = [g for g in data["groups"] if g["count"] == 3]
    assert sorted(typos["messages"]) == sorted(FEE_TYPOS)
    status, headers, body, _ = client.get(
        f"/advisers/unanswered/export?since=7&group={typos['index']}", {"Cookie": cookie}
    )
    assert status == 200 and headers["Content-Type"].startswith("text/yaml")
    assert headers["Content-Disposition"].startswith("attachment;")
    # What the report itself exports for that group (the intent defaults to its guess).
    with db.get_sessionmaker(database)() as session:
        groups = report.group(store.unanswered(session))
    (group,) = [g for g in groups if g.count == 3]
    assert body.decode() == report.nlu_yaml(group)
    assert yaml.safe_load(body)["nlu"][0]["examples"]
    bad = client.get("/advisers/unanswered/export?since=7&group=0&intent=a+b", {"Cookie": cookie})
    assert bad[0] == 400
    gone = client.get("/advisers/unanswered/export?since=7&group=99", {"Cookie": cookie})
    assert gone[0] == 404


def test_export_names_the_group_the_page_showed(client: Client, database: str) -> None:
    shown = json.loads(client.get("/advisers/api/unanswered?since=all", BEARER)[2])
    (typos,) = [g for g in shown["groups"] if sorted(g["messages"]) == sorted(FEE_TYPOS)]
    time.sleep(0.01)
    # Meanwhile a new question comes in four times: it would lead the report now.
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MICROCRED_SALT", "adviser-api-tests")
        with db.get_sessionmaker(database).begin() as session:
            for _ in range(4):
                store.record_unanswered(
                    session,
                    kind="fallback",
                    message="where do i collect my certificate",
                    language="en",
                    channel="rest",
                    sender="learner-late",
                )
    now = json.loads(client.get("/advisers/api/unanswered?since=all", BEARER)[2])
    assert now["groups"][0]["count"] == 4  # so the typos' index has moved on
    assert now["groups"][typos["index"]]["messages"] != typos["messages"]
    query = urlencode({"since": "all", "until": shown["until"], "group": typos["index"]})
    status, _, body, _ = client.get(f"/advisers/unanswered/export?{query}", BEARER)
    assert status == 401  # the export is a page for signed-in advisers, not the API
    status, _, body, _ = client.get(
        f"/advisers/unanswered/export?{query}", {"Cookie": _signed_in(client)}
    )
    assert status == 200, body[:500]
    examples = yaml.safe_load(body)["nlu"][0]["examples"].splitlines()
    assert sorted(e.removeprefix("- ") for e in examples) == sorted(FEE_TYPOS)


def _signed_in(client: Client) -> str:
    return client.post("/advisers/sign-in", {"token": TOKEN})[3][0].split(";", 1)[0]


# ---------------------------------------------------------------------- robustness


BAD = [
    "fee_min=abc",
    "fee_max=-5",
    "fee_min=nan",
    "hours_min=1e9",
    "hours_min=50&hours_max=10",
    "sort=password",
    "order=sideways",
    "page=0",
    "page=-1",
    "page=" + "9" * 5000,
    "per_page=7",
    "per_page=100000",
    "type=online",
    "mode=telepathy",
]
GOOD = [
    "page=1000000000",
    "q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "q=%25%25_",
    "q=" + "x" * 5000,
    "field=Nothing+Like+This",
    "provider=%00",
    "language=%F0%9F%A6%84",
    "fee_min=500.50&fee_max=700",
]


@pytest.mark.parametrize("query", BAD)
def test_bad_parameters_are_a_400_not_a_traceback(client: Client, cookie: str, query: str):
    status, headers, body, _ = client.get(f"/advisers?{query}", {"Cookie": cookie})
    assert status == 400 and b"cannot be used" in body and b"Traceback" not in body
    assert b"<form" in body  # the form is still there to fix the query
    status, _, body, _ = client.get(f"/advisers/api/credentials?{query}", BEARER)
    assert status == 400 and json.loads(body)["details"]


@pytest.mark.parametrize("query", GOOD)
def test_odd_but_valid_parameters_give_a_page(client: Client, cookie: str, query: str):
    status, _, body, _ = client.get(f"/advisers?{query}", {"Cookie": cookie})
    assert status == 200
    assert b"<script>alert" not in body  # escaped
    assert client.get(f"/advisers/api/credentials?{query}", BEARER)[0] == 200


@pytest.mark.parametrize(
    "path",
    [
        "/advisers/credentials/NO-SUCH",
        "/advisers/credentials/%3Cb%3E",
        "/advisers/guide?code=NO-SUCH",
        "/advisers/unanswered?since=abc",
        "/advisers/unanswered?since=0",
        "/advisers/guide?lang=fr",
        "/advisers/compare",
        "/advisers/compare?code=A&code=B&code=C&code=D&code=E",
    ],
)
def test_unknown_things_are_clear_pages(client: Client, cookie: str, path: str) -> None:
    status, _, body, _ = client.get(path, {"Cookie": cookie})
    assert status in (400, 404)
    assert b"Traceback" not in body and b"<nav" in body and b"<b>" not in body


def test_a_database_without_schema_is_a_503(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    try:
        for client in serve(TOKEN, url):
            status, _, body, _ = client.get("/advisers/api/credentials", BEARER)
            assert status == 503 and "catalogue init" in json.loads(body)["error"]
    finally:
        db.dispose(url)


def test_adviser_responses_are_not_for_other_sites(client: Client, cookie: str) -> None:
    _, headers, _, _ = client.get("/advisers", {"Cookie": cookie})
    assert "Access-Control-Allow-Origin" not in headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-store"
    status, headers, body, _ = client.request("HEAD", "/advisers")
    assert status == 401 and body == b""
    assert client.get("/advisers/static/adviser.css")[0] == 200  # the sign-in page's styles
    status, headers, _, _ = client.post("/advisers", {}, {"Cookie": cookie})
    assert status == 405 and headers["Allow"] == "GET, HEAD"


def test_the_widget_routes_are_unchanged(client: Client) -> None:
    status, headers, body, _ = client.get("/")
    assert status == 200 and b"<html" in body.lower()
    assert headers["Access-Control-Allow-Origin"] == "*"
    status, _, body, _ = client.get("/config.js")
    assert status == 200 and body.startswith(b"window.MICROCRED_DEMO")
    assert client.get("/widget.js")[0] == 200
    assert client.get("/nothing.txt")[0] == 404
    assert client.post("/", {})[0] == 405


def test_browse_queries_directly(database: str) -> None:
    with db.get_sessionmaker(database)() as session:
        total = session.scalar(select(func.count()).select_from(Credential))
        last = browse.browse(session, page=10**9, per_page=10)
        assert last.page == last.pages == -(-total // 10) and last.total == total
        assert len(last.rows) == total - (last.pages - 1) * 10
        nothing = browse.browse(session, browse.Filters(text="zzzz-no-such-word"), page=3)
        assert (nothing.total, nothing.page, nothing.rows, nothing.first) == (0, 1, [], 0)
        for bad in ({"sort": "password"}, {"order": "up"}, {"page": 0}, {"per_page": 0}):
            with pytest.raises(ValueError):
                browse.browse(session, **bad)
        with pytest.raises(ValueError):
            browse.Filters(mode="telepathy")
        facets = browse.facets(session)
        assert facets is browse.facets(session)  # kept until the catalogue changes
        assert len(facets.fields) == len(set(session.scalars(select(Credential.field))))
