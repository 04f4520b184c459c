"""The adviser page: routes, sign-in checks and views, independent of the HTTP server.

:class:`AdviserSite` turns a :class:`Request` into a :class:`Response`; ``bot.web.server``
hands it every path under ``/advisers``. Pages are Jinja2 templates (autoescaped) from
``templates/``; the JSON API under ``/advisers/api/`` serves the same data.

Everything under ``/advisers`` needs a signed-in session cookie (or, for the API, an
``Authorization: Bearer`` header with the token) except the sign-in and sign-out pages and the
stylesheet. Forms that change something also need the session's CSRF token and, when the
browser sends one, an ``Origin`` of this server.
"""

from __future__ import annotations

import json
import re
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from functools import cached_property
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlencode, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.exc import OperationalError, ProgrammingError

from bot import config, faq, glossary, messages, pathways
from bot.catalogue import browse, db
from bot.catalogue.models import CREDENTIAL_TYPES, MODES
from bot.records import report, store
from bot.web.adviser import auth, present

STATIC = Path(__file__).resolve().parent / "static"
TEMPLATES = Path(__file__).resolve().parent / "templates"
ROOT = "/advisers"
API = ROOT + "/api/"
MAX_TEXT = 200  # characters of a search kept
MAX_DAYS = 36500
DEFAULT_SINCE = "30"  # days the unanswered report looks back unless told
PICKER_LIMIT = 500  # the guide lists credentials in a menu up to this many, else asks for a code
INTENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(?:/[A-Za-z0-9_]+)?$")
DEFAULTS = {"sort": "title", "order": "asc", "page": "1", "per_page": "25"}
PARAMS = (
    "q",
    "field",
    "provider",
    "type",
    "mode",
    "language",
    "fee_min",
    "fee_max",
    "hours_min",
    "hours_max",
    "sort",
    "order",
    "page",
    "per_page",
)
#: The catalogue table's columns: (sort key, heading, numeric).
COLUMNS = (
    ("code", "Code", False),
    ("title", "Title", False),
    ("provider", "Provider", False),
    ("field", "Field", False),
    ("type", "Type", False),
    ("mode", "Mode", False),
    ("language", "Language", False),
    ("level", "MQF level", True),
    ("credits", "Credits", True),
    ("hours", "Hours", True),
    ("fee", "Fee (RM)", True),
)
NAV = (
    ("catalogue", "Catalogue", ROOT),
    ("guide", "Guide", ROOT + "/guide"),
    ("unanswered", "Unanswered", ROOT + "/unanswered"),
    ("handoffs", "Handoffs", ROOT + "/handoffs"),
)


@dataclass
class Request:
    """What the view needs of an HTTP request. ``headers`` looks names up in any case."""

    method: str
    target: str  # path and query, as sent
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    @cached_property
    def path(self) -> str:
        return urlsplit(self.target).path

    @cached_property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    @cached_property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode("utf-8", "replace"), keep_blank_values=True)

    def arg(self, name: str) -> str:
        """The first value of query parameter ``name``, stripped ("" when absent)."""
        return (self.query.get(name) or [""])[0].strip()

    def header(self, name: str) -> str | None:
        getter = getattr(self.headers, "get", None)
        value = getter(name) if getter else None
        if value is None:
            lowered = name.lower()
            value = next((v for k, v in dict(self.headers).items() if k.lower() == lowered), None)
        return value

    def cookie(self, name: str) -> str | None:
        raw = self.header("Cookie")
        if not raw:
            return None
        try:
            jar = SimpleCookie(raw)
        except CookieError:
            return None
        morsel = jar.get(name)
        return morsel.value if morsel else None

    @property
    def is_api(self) -> bool:
        return self.path.startswith(API)


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


class HttpError(Exception):
    """An answer other than 200, with what to tell the adviser."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        details: list[str] | None = None,
        headers: list[tuple[str, str]] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.details = details or []
        self.headers = headers or []


class BadRequest(HttpError):
    def __init__(self, problems: list[str]):
        super().__init__(400, "Some of the values asked for cannot be used.", details=problems)


@dataclass(frozen=True)
class Auth:
    """Who is asking: ``via`` is "cookie", "bearer" or ``None`` (nobody signed in)."""

    via: str | None
    session: str | None = None
    csrf: str | None = None


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern
    view: Callable
    public: bool = False


class AdviserSite:
    """The adviser page and its API.

    Args:
        token: The sign-in token; ``None`` reads ``ADVISER_TOKEN`` on every request (empty:
            nobody can sign in).
        database_url: The catalogue database (also holding the records); ``None`` is the
            configured one.
    """

    def __init__(self, token: str | None = None, database_url: str | None = None) -> None:
        self._token = token
        self.database_url = database_url
        self._env = None
        page = r"(?P<code>[^/]+)"
        self.routes = [
            Route("GET", re.compile(r"/sign-in"), self.sign_in_form, public=True),
            Route("POST", re.compile(r"/sign-in"), self.sign_in, public=True),
            Route("GET", re.compile(r"/sign-out"), self.sign_out, public=True),
            Route("GET", re.compile(r"/static/adviser\.css"), self.stylesheet, public=True),
            Route("GET", re.compile(r""), self.catalogue),
            Route("GET", re.compile(r"/credentials/" + page), self.detail),
            Route("GET", re.compile(r"/compare"), self.compare),
            Route("GET", re.compile(r"/guide"), self.guide),
            Route("GET", re.compile(r"/unanswered"), self.unanswered),
            Route("GET", re.compile(r"/unanswered/export"), self.export),
            Route("GET", re.compile(r"/handoffs"), self.handoffs),
            Route("POST", re.compile(r"/handoffs/(?P<id>\d{1,18})/close"), self.close),
            Route("GET", re.compile(r"/api/credentials"), self.api_credentials),
            Route("GET", re.compile(r"/api/credentials/" + page), self.api_detail),
            Route("GET", re.compile(r"/api/compare"), self.api_compare),
            Route("GET", re.compile(r"/api/facets"), self.api_facets),
            Route("GET", re.compile(r"/api/unanswered"), self.api_unanswered),
            Route("GET", re.compile(r"/api/handoffs"), self.api_handoffs),
            Route("POST", re.compile(r"/api/handoffs/(?P<id>\d{1,18})/close"), self.close),
        ]

    # ------------------------------------------------------------------ plumbing

    @property
    def token(self) -> str:
        return self._token if self._token is not None else config.adviser_token()

    def sessions(self):
        return db.get_sessionmaker(self.database_url)

    @property
    def env(self):
        if self._env is None:
            env = Environment(
                loader=FileSystemLoader(str(TEMPLATES)),
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
            env.filters["fee"] = present.fee
            env.filters["when"] = present.when
            env.filters["quote"] = lambda value: quote(str(value), safe="")
            env.globals.update(
                nav=NAV, link=catalogue_link, pages_around=pages_around, columns=COLUMNS
            )
            self._env = env
        return self._env

    def handle(self, request: Request) -> Response:
        """The response to ``request`` (whose path is ``/advisers`` or under it)."""
        try:
            response = self._dispatch(request)
        except HttpError as error:
            response = self._error(request, error)
        except Exception as error:  # noqa: BLE001 - never show a traceback to the browser
            response = self._failure(request, error)
        response.headers += [
            ("Cache-Control", "no-store"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Referrer-Policy", "same-origin"),
            (
                "Content-Security-Policy",
                "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                "frame-ancestors 'none'; base-uri 'none'",
            ),
        ]
        return response

    def _dispatch(self, request: Request) -> Response:
        path = request.path
        if path == ROOT + "/":
            return redirect(ROOT)
        rest = path[len(ROOT) :]
        allowed = []
        for route in self.routes:
            match = route.pattern.fullmatch(rest)
            if not match:
                continue
            method = "GET" if request.method == "HEAD" else request.method
            if route.method != method:
                allowed.append(route.method)
                continue
            auth = self.authenticate(request)
            if not route.public and auth.via is None:
                raise HttpError(401, "Please sign in to use the adviser page.")
            if route.method == "POST" and not route.public and auth.via == "cookie":
                self.check_csrf(request, auth)
            return route.view(request, auth, **match.groupdict())
        if allowed:
            methods = ", ".join(sorted({*allowed, *(["HEAD"] if "GET" in allowed else [])}))
            raise HttpError(
                405, f"{request.method} is not allowed here.", headers=[("Allow", methods)]
            )
        if self.authenticate(request).via is None:
            raise HttpError(401, "Please sign in to use the adviser page.")
        raise HttpError(404, "There is no adviser page at this address.")

    def authenticate(self, request: Request) -> Auth:
        token = self.token
        if not token:
            return Auth(None)
        if request.is_api:
            given = auth.bearer(request.header("Authorization"))
            if given is not None:
                return Auth("bearer") if auth.token_matches(token, given) else Auth(None)
        session = request.cookie(auth.COOKIE)
        if auth.session_valid(token, session):
            return Auth("cookie", session, auth.csrf_token(token, session))
        return Auth(None)

    def check_csrf(self, request: Request, who: Auth) -> None:
        if not same_origin(request):
            raise HttpError(403, "This form was sent from another site, so it was refused.")
        given = (request.form.get("csrf") or [""])[0]
        if not auth.csrf_valid(self.token, who.session, given):
            raise HttpError(
                403, "This form has expired or was not sent from the adviser page. Reload it."
            )

    def render(self, name: str, status: int = 200, **context) -> Response:
        context.setdefault("auth", Auth(None))
        context.setdefault("current", None)
        context.setdefault("token_configured", bool(self.token))
        body = self.env.get_template(name).render(**context)
        return Response(status, body.encode())

    def _error(self, request: Request, error: HttpError) -> Response:
        headers = list(error.headers)
        if error.status == 401:
            headers.append(("WWW-Authenticate", 'Bearer realm="advisers"'))
        if request.is_api:
            response = json_response(
                {"error": error.message, "details": error.details}, error.status
            )
        elif error.status == 401:
            stale = request.cookie(auth.COOKIE) is not None
            message = "Your session has ended: please sign in again." if stale else None
            response = self.sign_in_page(request, status=401, message=message)
        else:
            who = self.authenticate(request)
            response = self.render(
                "error.html",
                status=error.status,
                auth=who,
                title=HTTPStatus(error.status).phrase,
                message=error.message,
                details=error.details,
            )
        response.headers += headers
        return response

    def _failure(self, request: Request, error: Exception) -> Response:
        traceback.print_exception(error, file=sys.stderr)
        if isinstance(error, OperationalError | ProgrammingError):
            message = (
                "The catalogue database cannot be read. Has it been set up "
                "(microcred catalogue init)?"
            )
            status = 503
        else:
            message, status = "Something went wrong on the server; it has been logged.", 500
        if request.is_api:
            return json_response({"error": message, "details": []}, status)
        body = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>Adviser page</title>"
            f"<h1>{HTTPStatus(status).phrase}</h1><p>{message}</p>"
        )
        return Response(status, body.encode())

    # ------------------------------------------------------------------ sign-in

    def sign_in_page(self, request: Request, status: int = 200, message: str | None = None):
        target = request.target if request.method == "GET" else ROOT
        nxt = request.arg("next") or target
        return self.render(
            "sign_in.html",
            status=status,
            title="Sign in",
            message=message,
            next=safe_next(nxt),
            signed_out=request.arg("signed_out") == "1",
        )

    def sign_in_form(self, request: Request, who: Auth) -> Response:
        if who.via == "cookie":
            return redirect(safe_next(request.arg("next")))
        return self.sign_in_page(request)

    def sign_in(self, request: Request, who: Auth) -> Response:
        if not same_origin(request):
            raise HttpError(403, "The sign-in form was sent from another site, so it was refused.")
        given = (request.form.get("token") or [""])[0]
        nxt = safe_next((request.form.get("next") or [""])[0])
        if not self.token:
            message = "No adviser token is set (ADVISER_TOKEN), so nobody can sign in."
        elif not auth.token_matches(self.token, given):
            message = "That token is not right. Check it and try again."
        else:
            secure = (request.header("X-Forwarded-Proto") or "").lower() == "https"
            response = redirect(nxt)
            cookie = auth.set_cookie(auth.session_value(self.token), secure=secure)
            response.headers.append(("Set-Cookie", cookie))
            return response
        page = self.render(
            "sign_in.html", status=401, title="Sign in", message=message, next=nxt, signed_out=False
        )
        page.headers.append(("WWW-Authenticate", 'Bearer realm="advisers"'))
        return page

    def sign_out(self, request: Request, who: Auth) -> Response:
        response = redirect(ROOT + "/sign-in?signed_out=1")
        response.headers.append(("Set-Cookie", auth.clear_cookie()))
        return response

    def stylesheet(self, request: Request, who: Auth) -> Response:
        return Response(
            200, (STATIC / "adviser.css").read_bytes(), content_type="text/css; charset=utf-8"
        )

    # ------------------------------------------------------------------ catalogue

    def _browse(self, request: Request, with_facets: bool = True):
        query, problems = parse_browse(request)
        if problems:
            raise BadRequest(problems)
        filters, sort, order, page, per_page = query
        with self.sessions()() as session:
            result = browse.browse(
                session, filters, sort=sort, order=order, page=page, per_page=per_page
            )
            facets = browse.facets(session) if with_facets else None
        return result, facets

    def catalogue(self, request: Request, who: Auth) -> Response:
        params = {name: request.arg(name)[:MAX_TEXT] for name in PARAMS}
        try:
            result, facets = self._browse(request)
        except BadRequest as error:
            with self.sessions()() as session:
                facets = browse.facets(session)
            return self.render(
                "catalogue.html",
                status=400,
                auth=who,
                current="catalogue",
                title="Catalogue",
                params=params,
                facets=facets,
                result=None,
                problems=error.details,
                per_page_choices=browse.PER_PAGE,
            )
        # The page shown may differ from the one asked for (past the last page).
        params["page"] = str(result.page) if result.page != 1 else ""
        return self.render(
            "catalogue.html",
            auth=who,
            current="catalogue",
            title="Catalogue",
            params=params,
            facets=facets,
            result=result,
            problems=[],
            per_page_choices=browse.PER_PAGE,
        )

    def api_credentials(self, request: Request, who: Auth) -> Response:
        result, _ = self._browse(request, with_facets=False)
        return json_response(
            {
                "total": result.total,
                "page": result.page,
                "pages": result.pages,
                "per_page": result.per_page,
                "sort": result.sort,
                "order": result.order,
                "rows": [row.as_dict() for row in result.rows],
            }
        )

    def api_facets(self, request: Request, who: Auth) -> Response:
        with self.sessions()() as session:
            facets = browse.facets(session)
        return json_response(
            {
                "fields": facets.fields,
                "providers": [{"short_name": s, "name": n} for s, n in facets.providers],
                "languages": facets.languages,
                "fee_range": facets.fee_range,
                "hours_range": facets.hours_range,
            }
        )

    def _credential(self, code: str):
        code = unquote(code)
        with self.sessions()() as session:
            found = browse.credential(session, code)
        if found is None:
            raise HttpError(404, f"There is no credential with the code {code!r}.")
        return found

    def detail(self, request: Request, who: Auth, code: str) -> Response:
        credential = self._credential(code)
        return self.render(
            "credential.html",
            auth=who,
            current="catalogue",
            title=credential.title,
            credential=credential,
            elements=present.elements(credential),
            back=safe_back(request.header("Referer"), request.header("Host")),
        )

    def api_detail(self, request: Request, who: Auth, code: str) -> Response:
        return json_response(present.as_dict(self._credential(code)))

    def _compare(self, request: Request):
        codes: list[str] = []  # each once, whatever its case, in the order asked
        for code in (c.strip() for c in request.query.get("code", [])):
            if code and code.lower() not in {c.lower() for c in codes}:
                codes.append(code)
        if len(codes) < 2:
            raise HttpError(
                400,
                "Choose at least 2 credentials to compare (tick their boxes in the catalogue).",
            )
        if len(codes) > 4:
            raise HttpError(400, f"Choose at most 4 credentials to compare, not {len(codes)}.")
        with self.sessions()() as session:
            found = browse.compare(session, codes)
        known = {c.code.lower() for c in found}
        unknown = [c for c in codes if c.lower() not in known]
        if unknown:
            raise HttpError(404, f"There is no credential with the code {', '.join(unknown)}.")
        return found

    def compare(self, request: Request, who: Auth) -> Response:
        credentials = self._compare(request)
        # The header names each credential, so the "Title" element is left out.
        columns = [[e for e in present.elements(c) if e.name != "Title"] for c in credentials]
        rows = []  # (element name on its first row, its size, item label, item per column)
        for index, element in enumerate(columns[0]):
            for position, item in enumerate(element.items):
                rows.append(
                    (
                        element.name if position == 0 else None,
                        len(element.items),
                        item.label,
                        [column[index].items[position] for column in columns],
                    )
                )
        return self.render(
            "compare.html",
            auth=who,
            current="catalogue",
            title="Compare credentials",
            credentials=credentials,
            rows=rows,
        )

    def api_compare(self, request: Request, who: Auth) -> Response:
        return json_response({"credentials": [present.as_dict(c) for c in self._compare(request)]})

    # ------------------------------------------------------------------ guide

    def guide(self, request: Request, who: Auth) -> Response:
        language = request.arg("lang") or "en"
        if language not in ("en", "ms"):
            raise BadRequest([f"Language must be en or ms, not {language!r}."])
        code = request.arg("code")
        chosen, advice, status, message = None, [], 200, None
        with self.sessions()() as session:
            total = browse.count(session)
            picker = browse.titles(session) if total <= PICKER_LIMIT else None
            if code:
                chosen = browse.credential(session, code)
        if code and chosen is None:
            status, message = 404, f"There is no credential with the code {code!r}."
        if chosen is not None:
            known = pathways.facts_from_credential(
                chosen.type,
                chosen.accredited_programme,
                chosen.provider.name,
                credential_title=chosen.title,
            )
            cases = [(None, known)]
            if pathways.next_question(pathways.Facts(**known)) == "same_provider":
                cases = [
                    (f"Tendered to {chosen.provider.name}", {**known, "same_provider": True}),
                    ("Tendered to a different HEP", {**known, "same_provider": False}),
                ]
            for heading, values in cases:
                facts = pathways.Facts(**values)
                text = pathways.render_advice(pathways.advise(facts), facts, language)
                advice.append((heading, paragraphs(text)))
        recognition = faq.answer("recognition")
        caveats = [faq.answer(topic) for topic in ("entry_requirements", "nationality")]
        return self.render(
            "guide.html",
            status=status,
            auth=who,
            current="guide",
            title="Recognition guide",
            recognition=recognition,
            caveats=[c for c in caveats if c is not None],
            answers=faq.answers(),
            faq_file="data/responses/faq.yml",
            glossary=glossary.load(),
            glossary_file="data/glossary.yml",
            picker=picker,
            code=code,
            chosen=chosen,
            advice=advice,
            language=language,
            message=message,
            open_case=open_case(language),
        )

    # ------------------------------------------------------------------ unanswered

    def _groups(self, request: Request):
        """``(since, until, groups)``: the report for the last ``since`` days (a number or
        "all"; 30 when not given) up to ``until`` (milliseconds since 1970; now if not given).

        The page passes its ``until`` on to the export links, so a group's index names the
        same group there even after new turns have come in.
        """
        since = request.arg("since") or DEFAULT_SINCE
        days = None if since == "all" else parse_int(since, "“Since” (days)", 1, MAX_DAYS)
        raw_until = request.arg("until")
        if raw_until:
            until = parse_int(raw_until, "“Until”", 0, 10**14)
        else:
            until = int(datetime.now(timezone.utc).timestamp() * 1000) + 1
        end = datetime.fromtimestamp(until / 1000, timezone.utc)
        start = None if days is None else end - timedelta(days=days)
        with self.sessions()() as session:
            rows = store.unanswered(session, since=start)
            groups = report.group([r for r in rows if r.created_at <= end])
        return since, until, groups

    def unanswered(self, request: Request, who: Auth) -> Response:
        since, until, groups = self._groups(request)
        return self.render(
            "unanswered.html",
            auth=who,
            current="unanswered",
            title="Unanswered questions",
            since=since,
            until=until,
            groups=groups,
        )

    def export(self, request: Request, who: Auth) -> Response:
        _, _, groups = self._groups(request)
        index = parse_int(request.arg("group"), "Group", 0, 10**6)
        intent = request.arg("intent") or None
        if intent and not INTENT.fullmatch(intent):
            raise BadRequest(
                [f"{intent!r} is not an intent name: use letters, digits, _ and one /."]
            )
        if index >= len(groups):
            raise HttpError(
                404, "That group is no longer in the report; reload the report and try again."
            )
        body = report.nlu_yaml(groups[index], intent)
        return Response(
            200,
            body.encode(),
            content_type="text/yaml; charset=utf-8",
            headers=[
                (
                    "Content-Disposition",
                    f'attachment; filename="unanswered-group-{index + 1}.yml"',
                )
            ],
        )

    def api_unanswered(self, request: Request, who: Auth) -> Response:
        since, until, groups = self._groups(request)
        return json_response(
            {
                "since_days": None if since == "all" else int(since),
                "until": until,
                "groups": [{"index": i, **g.as_dict()} for i, g in enumerate(groups)],
            }
        )

    # ------------------------------------------------------------------ handoffs

    def handoffs(self, request: Request, who: Auth) -> Response:
        with self.sessions()() as session:
            rows = store.handoffs(session)
        closed_id = request.arg("closed")
        return self.render(
            "handoffs.html",
            auth=who,
            current="handoffs",
            title="Handoff requests",
            open=[r for r in rows if r.status == "open"],
            closed=sorted(
                (r for r in rows if r.status != "open"),
                key=lambda r: r.closed_at or r.created_at,
                reverse=True,
            ),
            closed_id=closed_id if closed_id.isdigit() else None,
        )

    def api_handoffs(self, request: Request, who: Auth) -> Response:
        with self.sessions()() as session:
            rows = store.handoffs(session)
        return json_response(
            {
                "open": [r.as_dict() for r in rows if r.status == "open"],
                "closed": [r.as_dict() for r in rows if r.status != "open"],
            }
        )

    def close(self, request: Request, who: Auth, id: str) -> Response:  # noqa: A002
        try:
            with self.sessions().begin() as session:
                row = store.close_handoff(session, int(id))
                closed = row.as_dict()
        except LookupError:
            raise HttpError(404, f"There is no handoff request {id}.") from None
        if request.is_api:
            return json_response({"handoff": closed})
        return redirect(f"{ROOT}/handoffs?closed={closed['id']}")


# ---------------------------------------------------------------------- helpers


def same_origin(request: Request) -> bool:
    """Whether a form came from this server: its ``Origin``, when sent, names our host."""
    origin = request.header("Origin")
    if origin is None:
        return True  # old browsers and API clients send none; the CSRF token still counts
    return urlsplit(origin).netloc == request.header("Host")


def json_response(data: object, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, default=str).encode()
    return Response(status, body, content_type="application/json; charset=utf-8")


def redirect(location: str) -> Response:
    return Response(303, b"", headers=[("Location", location)])


def safe_next(value: str | None) -> str:
    """A page of the adviser site to go to after signing in (nothing else: no open redirect)."""
    if not value or len(value) > 2000 or any(ord(c) < 33 or ord(c) == 127 for c in value):
        return ROOT  # nothing that could break out of the Location header
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or "\\" in value:
        return ROOT
    if not (parts.path == ROOT or parts.path.startswith(ROOT + "/")):
        return ROOT
    if parts.path.startswith((ROOT + "/sign-", ROOT + "/api/")):
        return ROOT
    return value


def safe_back(referer: str | None, host: str | None) -> str:
    """The catalogue view the adviser came from (same server), else the catalogue."""
    if referer:
        parts = urlsplit(referer)
        if parts.netloc == host and parts.path == ROOT:
            return ROOT + ("?" + parts.query if parts.query else "")
    return ROOT


def catalogue_link(params: Mapping[str, str], **changes: object) -> str:
    """The catalogue's address for ``params`` with ``changes``; defaults are left out."""
    merged = {**params, **{k: "" if v is None else str(v) for k, v in changes.items()}}
    kept = [(k, merged[k]) for k in PARAMS if merged.get(k) and merged[k] != DEFAULTS.get(k)]
    return ROOT + ("?" + urlencode(kept) if kept else "")


def parse_int(raw: str, label: str, low: int, high: int) -> int:
    if not re.fullmatch(r"[+]?\d{1,15}", raw or ""):
        raise BadRequest([f"{label} must be a whole number, not {raw!r}."])
    value = int(raw)
    if not low <= value <= high:
        raise BadRequest([f"{label} must be between {low} and {high:,}, not {value:,}."])
    return value


def _number(raw: str, label: str, problems: list[str], whole: bool) -> float | int | None:
    if not raw:
        return None
    pattern = r"\d{1,9}" if whole else r"\d{1,9}(?:\.\d{1,2})?"
    if not re.fullmatch(pattern, raw.replace(",", "")):
        kind = "a whole number" if whole else "an amount in ringgit, e.g. 650 or 650.50"
        problems.append(f"{label} must be {kind}, not {raw!r}.")
        return None
    value = float(raw.replace(",", ""))
    return int(value) if whole else value


def parse_browse(request: Request):
    """The catalogue query of ``request``: ``((filters, sort, order, page, size), problems)``."""
    problems: list[str] = []
    arg = request.arg
    kind, mode = arg("type"), arg("mode")
    if kind and kind not in CREDENTIAL_TYPES:
        problems.append(f"Type must be one of {', '.join(CREDENTIAL_TYPES)}, not {kind!r}.")
        kind = ""
    if mode and mode not in MODES:
        problems.append(f"Mode must be one of {', '.join(MODES)}, not {mode!r}.")
        mode = ""
    min_fee = _number(arg("fee_min"), "Minimum fee", problems, whole=False)
    max_fee = _number(arg("fee_max"), "Maximum fee", problems, whole=False)
    min_hours = _number(arg("hours_min"), "Minimum hours", problems, whole=True)
    max_hours = _number(arg("hours_max"), "Maximum hours", problems, whole=True)
    if min_fee is not None and max_fee is not None and min_fee > max_fee:
        problems.append("The minimum fee is above the maximum fee.")
    if min_hours is not None and max_hours is not None and min_hours > max_hours:
        problems.append("The minimum hours are above the maximum hours.")
    sort = arg("sort") or DEFAULTS["sort"]
    if sort not in browse.SORTS:
        problems.append(f"Cannot sort by {sort!r}; sort by one of {', '.join(browse.SORTS)}.")
    order = arg("order") or DEFAULTS["order"]
    if order not in browse.ORDERS:
        problems.append(f"Order must be asc or desc, not {order!r}.")
    page = 1
    raw_page = arg("page")
    if raw_page:
        if not re.fullmatch(r"\d{1,12}", raw_page) or int(raw_page) < 1:
            problems.append(f"Page must be a whole number from 1, not {raw_page!r}.")
        else:
            page = int(raw_page)
    per_page = 25
    raw_per_page = arg("per_page")
    if raw_per_page:
        if raw_per_page not in {str(n) for n in browse.PER_PAGE}:
            choices = ", ".join(str(n) for n in browse.PER_PAGE)
            problems.append(f"Rows per page must be one of {choices}, not {raw_per_page!r}.")
        else:
            per_page = int(raw_per_page)
    if problems:
        return None, problems
    filters = browse.Filters(
        text=arg("q")[:MAX_TEXT] or None,
        field=arg("field") or None,
        provider=arg("provider") or None,
        type=kind or None,
        mode=mode or None,
        language=arg("language") or None,
        min_fee=min_fee,
        max_fee=max_fee,
        min_hours=min_hours,
        max_hours=max_hours,
    )
    return (filters, sort, order, page, per_page), []


def paragraphs(text: str) -> list[tuple[str, str]]:
    """A rendered reply as ``(kind, text)`` paragraphs; kind "source" for its italic last line."""
    found = []
    for paragraph in (p.strip() for p in text.split("\n\n")):
        if len(paragraph) > 2 and paragraph.startswith("_") and paragraph.endswith("_"):
            found.append(("source", paragraph[1:-1]))
        elif paragraph:
            found.append(("text", paragraph))
    return found


def open_case(language: str) -> str:
    """The case the FAQ leaves open, in the words the assistant uses for it."""
    names = {
        "credential": messages.render("pathway_credential_generic", language),
        "programme": messages.render("pathway_programme_generic", language),
        "same_hep": messages.render("pathway_same_hep_generic", language),
    }
    return messages.render("pathway_not_covered_other_hep", language, **names)


def pages_around(page: int, pages: int, width: int = 2) -> list[int]:
    """Page numbers to link around ``page``: the first, the last and ``width`` either side."""
    shown = {1, pages, *range(max(1, page - width), min(pages, page + width) + 1)}
    return sorted(shown)
