"""The adviser page (``/advisers``) in a real browser, without Rasa.

The web server runs in a thread against a fresh SQLite catalogue (the sample catalogue plus
a few unanswered turns, a 👎 and handoff requests). Every expectation about the catalogue is
worked out here from the records themselves through the ORM, never written down.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from playwright.sync_api import Page, expect
from sqlalchemy import select

from bot import glossary, pathways
from bot.catalogue import db
from bot.catalogue.models import Credential
from bot.records import store
from bot.records.models import Handoff
from bot.web.server import make_server, serve_in_thread
from tests.support.stack import ROOT

TOKEN = "test-adviser-token-7f3a"
FAQ_FILE = ROOT / "data" / "responses" / "faq.yml"
SCREENSHOT = ROOT / "docs" / "adviser-page.png"
# Three spellings of one question and one other question, as learners typed them.
FEE_TYPOS = ["how much does the data course cost", "how mch does the data course cost",
             "how much does the data cours cost"]  # fmt: skip
OTHER = "can my employer sponsor the badge"


@dataclass(frozen=True)
class Cred:
    """What the tests need of a credential, read through the ORM."""

    code: str
    title: str
    provider: str
    provider_name: str
    country: str
    accreditation_notes: str | None
    field: str
    type: str
    mode: str
    language: str
    level: int | None
    credits: int | None
    hours: int
    fee: float
    programme: str | None
    entry_notes: str | None
    min_age: int | None
    open_to_non_malaysians: bool
    outcomes: list[str]
    assessment: str | None
    badge_issuer: str | None
    intake: object
    url: str | None
    keywords: list[str]


def seed_database(directory: Path) -> str:
    """A migrated catalogue database with the sample catalogue and some records; its URL."""
    url = f"sqlite:///{directory / 'catalogue.db'}"
    db.init(url)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MICROCRED_SALT", "adviser-page-tests")
        with db.get_sessionmaker(url).begin() as session:
            for number, message in enumerate(FEE_TYPOS):
                store.record_unanswered(
                    session,
                    kind="fallback" if number else "low_confidence",
                    message=message,
                    language="en",
                    channel="socketio",
                    sender=f"learner-{number}",
                    intents=[{"name": "faq/fee", "confidence": 0.31}],
                )
            store.record_feedback(
                session,
                vote="down",
                source="faq/badge",
                message=OTHER,
                language="ms",
                channel="telegram",
                sender="learner-9",
            )
    return url


def credentials(url: str) -> list[Cred]:
    with db.get_sessionmaker(url)() as session:
        return [
            Cred(
                code=c.code,
                title=c.title,
                provider=c.provider.short_name,
                provider_name=c.provider.name,
                country=c.provider.country,
                accreditation_notes=c.provider.accreditation_notes,
                field=c.field,
                type=c.type,
                mode=c.mode,
                language=c.language,
                level=c.mqf_level,
                credits=c.credits,
                hours=c.notional_hours,
                fee=c.fee_rm,
                programme=c.accredited_programme,
                entry_notes=c.entry_notes,
                min_age=c.min_age,
                open_to_non_malaysians=c.open_to_non_malaysians,
                outcomes=list(c.learning_outcomes),
                assessment=c.assessment,
                badge_issuer=c.badge_issuer,
                intake=c.intake,
                url=c.url,
                keywords=list(c.keywords),
            )
            for c in session.scalars(select(Credential)).unique()
        ]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = seed_database(tmp_path_factory.mktemp("adviser"))
    yield url
    db.dispose(url)


@pytest.fixture(scope="module")
def catalogue(database: str) -> list[Cred]:
    return credentials(database)


@pytest.fixture(scope="module")
def base(database: str) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, adviser_token=TOKEN, database_url=database)
    serve_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def sign_in(page: Page, base: str) -> None:
    page.goto(base + "/advisers/sign-in")
    page.get_by_label("Adviser token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Catalogue", level=1)).to_be_visible()


@pytest.fixture
def adviser(page: Page, base: str) -> Page:
    """A page signed in to the adviser page."""
    sign_in(page, base)
    return page


def shown_codes(page: Page) -> list[str]:
    return page.locator("table.catalogue tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.code)"
    )


def by_title(creds) -> list[str]:
    return [c.code for c in sorted(creds, key=lambda c: (c.title, c.code))]


def apply_filters(page: Page) -> None:
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_load_state()


# ---------------------------------------------------------------------- sign-in


def test_sign_in_refuses_without_and_with_a_wrong_token(page: Page, base: str) -> None:
    response = page.goto(base + "/advisers")
    assert response.status == 401
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    expect(page.get_by_role("link", name="Handoffs")).to_have_count(0)

    page.get_by_label("Adviser token").fill("not-the-token")
    with page.expect_response(lambda r: r.url.endswith("/advisers/sign-in")) as answer:
        page.get_by_label("Adviser token").press("Enter")
    assert answer.value.status == 401
    expect(page.get_by_role("alert")).to_contain_text("not right")
    assert not page.context.cookies()
    for path in ("/advisers/handoffs", "/advisers/guide", "/advisers/credentials/X"):
        assert page.goto(base + path).status == 401


def test_sign_in_with_the_token_then_sign_out(page: Page, base: str) -> None:
    page.goto(base + "/advisers/handoffs")
    page.get_by_label("Adviser token").fill(TOKEN)
    page.get_by_role("button", name="Sign in").click()
    # Back where the adviser was going.
    expect(page.get_by_role("heading", name="Handoff requests")).to_be_visible()
    (cookie,) = page.context.cookies()
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert TOKEN not in cookie["value"]
    nav = page.get_by_role("navigation", name="Adviser page")
    for name in ("Catalogue", "Guide", "Unanswered", "Handoffs", "Sign out"):
        expect(nav.get_by_role("link", name=name)).to_be_visible()
    assert page.evaluate("document.cookie") == ""  # HttpOnly: scripts cannot read it

    nav.get_by_role("link", name="Sign out").click()
    expect(page.get_by_role("status")).to_contain_text("signed out")
    assert page.goto(base + "/advisers").status == 401


def test_api_needs_a_bearer_token_or_the_session(page: Page, base: str) -> None:
    api = base + "/advisers/api/credentials"
    assert page.request.get(api).status == 401
    assert page.request.get(api, headers={"Authorization": "Bearer wrong"}).status == 401
    answer = page.request.get(api, headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status == 200 and answer.json()["total"] > 0
    sign_in(page, base)
    assert page.request.get(base + "/advisers/api/handoffs").status == 200


# ---------------------------------------------------------------------- the table


def test_text_search(adviser: Page, base: str, catalogue: list[Cred]) -> None:
    words = "data python"

    def matches(c: Cred) -> bool:
        hay = " ".join([c.title, c.code, c.field, c.provider, c.provider_name, *c.keywords])
        return all(w in hay.lower() for w in words.split())

    expected = by_title(c for c in catalogue if matches(c))
    assert 0 < len(expected) < len(catalogue)
    adviser.get_by_label("Search the catalogue").fill(words)
    adviser.get_by_role("button", name="Search", exact=True).click()
    expect(adviser.locator("#summary")).to_contain_text(f"of {len(expected)} credential")
    assert shown_codes(adviser) == expected
    assert parse_qs(urlsplit(adviser.url).query)["q"] == [words]


@pytest.mark.parametrize(
    "name",
    ["field", "provider", "type", "mode", "language", "fee", "hours"],
)
def test_each_filter_keeps_the_rows_the_catalogue_says(
    adviser: Page, base: str, catalogue: list[Cred], name: str
) -> None:
    adviser.get_by_label("Rows per page").select_option("100")
    if name in ("field", "provider", "type", "mode"):
        # The value with the most credentials, short of all of them.
        values = sorted({getattr(c, name) for c in catalogue})
        value = max(values, key=lambda v: sum(getattr(c, name) == v for c in catalogue))
        expected = [c for c in catalogue if getattr(c, name) == value]
        adviser.locator(f"select#{name}").select_option(value)
    elif name == "language":
        value = "Bahasa Melayu"  # also taught in English and Bahasa Melayu
        expected = [c for c in catalogue if value.lower() in c.language.lower()]
        assert {c.language for c in expected} > {value}
        adviser.get_by_label("Taught in").select_option(value)
    elif name == "fee":
        fees = sorted(c.fee for c in catalogue)
        low, high = fees[len(fees) // 4], fees[3 * len(fees) // 4]
        expected = [c for c in catalogue if low <= c.fee <= high]
        adviser.locator("#fee_min").fill(f"{low:g}")
        adviser.locator("#fee_max").fill(f"{high:g}")
    else:
        hours = sorted(c.hours for c in catalogue)
        low = hours[len(hours) // 3]
        expected = [c for c in catalogue if c.hours >= low]
        adviser.locator("#hours_min").fill(str(low))
    assert 0 < len(expected) < len(catalogue)
    apply_filters(adviser)
    assert shown_codes(adviser) == by_title(expected)
    # The filter is in the address, so the view can be bookmarked.
    bookmarked = adviser.url
    adviser.goto(base + "/advisers")
    adviser.goto(bookmarked)
    assert shown_codes(adviser) == by_title(expected)


@pytest.mark.parametrize(("column", "key"), [("Fee (RM)", "fee"), ("MQF level", "level")])
def test_sorting_by_a_column_both_ways(
    adviser: Page, catalogue: list[Cred], column: str, key: str
) -> None:
    adviser.get_by_label("Rows per page").select_option("100")
    apply_filters(adviser)
    header = adviser.locator(f"th[data-column='{key}']")
    expect(header).to_have_attribute("aria-sort", "none")

    def ordered(descending: bool) -> list[str]:
        known = [c for c in catalogue if getattr(c, key) is not None]
        unknown = [c for c in catalogue if getattr(c, key) is None]  # last either way
        known.sort(key=lambda c: (getattr(c, key), c.code), reverse=descending)
        return [c.code for c in known] + sorted((c.code for c in unknown), reverse=descending)

    header.get_by_role("link").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    assert shown_codes(adviser) == ordered(descending=False)
    values = [float(v) for v in adviser.locator(f"td[data-column='{key}']").all_inner_texts()
              if v.strip() and v.strip()[0].isdigit()]  # fmt: skip
    assert values == sorted(values) and len(set(values)) > 1

    header.get_by_role("link").click()
    expect(header).to_have_attribute("aria-sort", "descending")
    assert shown_codes(adviser) == ordered(descending=True)


def test_paging_on_the_server_and_the_back_button(
    adviser: Page, base: str, catalogue: list[Cred]
) -> None:
    everything = by_title(catalogue)
    adviser.get_by_label("Rows per page").select_option("10")
    apply_filters(adviser)
    assert shown_codes(adviser) == everything[:10]
    pages = adviser.get_by_role("navigation", name="Pages")
    pages.get_by_role("link", name="Next page").click()
    expect(adviser.locator("#summary")).to_contain_text(f"11–20 of {len(catalogue)}")
    assert shown_codes(adviser) == everything[10:20]
    assert parse_qs(urlsplit(adviser.url).query)["page"] == ["2"]
    last = (len(everything) - 1) // 10 + 1
    pages.get_by_role("link", name=f"Page {last}", exact=True).click()
    assert shown_codes(adviser) == everything[(last - 1) * 10 :]
    adviser.go_back()
    assert shown_codes(adviser) == everything[10:20]
    # Past the last page: the last page, not an error.
    adviser.goto(base + "/advisers?per_page=10&page=1000000000")
    assert shown_codes(adviser) == everything[(last - 1) * 10 :]


# ---------------------------------------------------------------------- one credential


def element(page: Page, name: str):
    return page.locator(f"section[data-element='{name}']")


def item(page: Page, label: str):
    return page.locator(f".item[data-item='{label}'] dd")


@pytest.mark.parametrize("kind", ["programme", "standalone"])
def test_detail_shows_the_standard_elements(
    adviser: Page, base: str, catalogue: list[Cred], kind: str
) -> None:
    c = next(
        c for c in catalogue if (c.programme is not None if kind == "programme" else c.type == kind)
    )
    adviser.goto(f"{base}/advisers/credentials/{c.code}")
    expect(adviser.get_by_role("heading", level=1)).to_contain_text(c.title)
    for name in ("Title", "Awarding body", "Learning outcomes", "Notional workload",
                 "Level and credits", "Type of assessment", "Form of participation",
                 "Quality assurance", "Stackability"):  # fmt: skip
        expect(element(adviser, name).get_by_role("heading", name=name)).to_be_visible()

    def stated(value) -> str:
        return "not stated" if value is None else str(value)

    expect(item(adviser, "Provider")).to_contain_text(c.provider_name)
    expect(item(adviser, "Country")).to_contain_text(c.country)
    outcomes = element(adviser, "Learning outcomes").locator("li")
    expect(outcomes).to_have_text(c.outcomes)
    expect(item(adviser, "Notional learning hours")).to_have_text(f"{c.hours} hours")
    expect(item(adviser, "MQF level")).to_have_text(stated(c.level))
    expect(item(adviser, "Credits")).to_have_text(stated(c.credits))
    expect(item(adviser, "Assessment")).to_have_text(stated(c.assessment))
    expect(item(adviser, "Delivery mode")).to_have_text(c.mode)
    expect(item(adviser, "Language")).to_have_text(c.language)
    intake = "self-paced" if c.intake == "self-paced" else c.intake[0]
    expect(item(adviser, "Intake")).to_contain_text(intake)
    expect(item(adviser, "Provider accreditation")).to_have_text(stated(c.accreditation_notes))
    expect(item(adviser, "Badge issuer")).to_have_text(stated(c.badge_issuer))
    stack = item(adviser, "Counts towards")
    expect(stack).to_contain_text(c.programme if c.programme else "standalone")
    expect(item(adviser, "Fee")).to_have_text(f"RM{c.fee:,.0f}")
    expect(item(adviser, "Entry notes")).to_have_text(stated(c.entry_notes))
    expect(item(adviser, "Minimum age")).to_have_text(stated(c.min_age))
    yes = "yes" if c.open_to_non_malaysians else "no"
    expect(item(adviser, "Open to non-Malaysians")).to_have_text(yes)
    expect(item(adviser, "Web page").get_by_role("link")).to_have_attribute("href", c.url)


def test_unknown_credential_is_a_404_page(adviser: Page, base: str) -> None:
    response = adviser.goto(base + "/advisers/credentials/NO-SUCH-1")
    assert response.status == 404
    expect(adviser.get_by_role("alert")).to_contain_text("NO-SUCH-1")
    expect(adviser.get_by_role("navigation", name="Adviser page")).to_be_visible()


def test_compare_chosen_credentials(adviser: Page, catalogue: list[Cred]) -> None:
    first_page = by_title(catalogue)[:25]
    picked = [first_page[0], first_page[3], first_page[7]]
    for code in picked:
        adviser.locator(f"tr[data-code='{code}'] input[type=checkbox]").check()
    adviser.get_by_role("button", name="Compare").click()
    expect(adviser.get_by_role("heading", level=1)).to_have_text("Compare 3 credentials")
    heads = adviser.locator("table.compare thead th[data-code]")
    expect(heads).to_have_count(3)
    assert heads.evaluate_all("hs => hs.map(h => h.dataset.code)") == picked
    by_code = {c.code: c for c in catalogue}
    fees = adviser.locator("tr[data-item='Fee'] td").all_inner_texts()
    assert fees == [f"RM{by_code[code].fee:,.0f}" for code in picked]
    hours = adviser.locator("tr[data-item='Notional learning hours'] td").all_inner_texts()
    assert hours == [f"{by_code[code].hours} hours" for code in picked]


def test_compare_needs_two_to_four(adviser: Page, base: str, catalogue: list[Cred]) -> None:
    adviser.locator("table.catalogue tbody input[type=checkbox]").first.check()
    with adviser.expect_response(re.compile(r"/advisers/compare")) as answer:
        adviser.get_by_role("button", name="Compare").click()
    assert answer.value.status == 400
    expect(adviser.get_by_role("alert")).to_contain_text("at least 2")
    codes = "&".join(f"code={c.code}" for c in catalogue[:5])
    assert adviser.goto(f"{base}/advisers/compare?{codes}").status == 400
    expect(adviser.get_by_role("alert")).to_contain_text("at most 4")
    two = "&".join(f"code={c.code}" for c in catalogue[:2])
    assert adviser.goto(f"{base}/advisers/compare?{two}").status == 200


# ---------------------------------------------------------------------- the guide


def faq_answers() -> dict[str, dict[str, str]]:
    """``topic -> {"en": text, "ms": text}`` straight from the responses file."""
    document = yaml.safe_load(FAQ_FILE.read_text(encoding="utf-8"))
    found = {}
    for name, variations in document["responses"].items():
        texts = {}
        for variation in variations:
            language = "ms" if variation.get("condition") else "en"
            texts[language] = variation["text"]
        found[name.removeprefix("utter_faq/")] = texts
    return found


def test_guide_shows_the_rules_and_caveats_in_the_faq_words(adviser: Page, base: str) -> None:
    adviser.goto(base + "/advisers/guide")
    answers = faq_answers()
    rules = [p for p in answers["recognition"]["en"].split("\n\n") if re.match(r"[abc]\. ", p)]
    assert len(rules) == 3
    shown = adviser.locator("#rules li")
    expect(shown).to_have_text([re.sub(r"\s+", " ", r) for r in rules])
    caveats = adviser.locator("ul.caveats").first
    entry = re.search(r"However, [^.]*\.", answers["entry_requirements"]["en"]).group(0)
    governments = re.search(r"However, [^.]*\.", answers["nationality"]["en"]).group(0)
    expect(caveats).to_contain_text(entry)
    expect(caveats).to_contain_text(governments)
    # The rules and both caveats fit on one screen (1280x800), beside the picker.
    box = adviser.locator("ul.caveats").first.bounding_box()
    assert box["y"] + box["height"] <= 800

    for topic, texts in answers.items():
        article = adviser.locator(f"article[data-topic='{topic}']")
        for language in ("en", "ms"):
            block = article.locator(f"[data-lang='{language}']")
            for paragraph in texts[language].split("\n\n"):
                expect(block).to_contain_text(paragraph.strip("_"))
            expect(block.locator(".source em")).to_have_text(
                texts[language].split("\n\n")[-1].strip("_")
            )


def test_guide_shows_the_glossary_in_both_languages_with_its_sources(
    adviser: Page, base: str
) -> None:
    adviser.goto(base + "/advisers/guide")
    loaded = glossary.load()
    expect(adviser.locator("article[data-term]")).to_have_count(len(loaded.terms))
    for term in loaded.terms:
        article = adviser.locator(f"article[data-term='{term.key}']")
        for language in ("en", "ms"):
            block = article.locator(f"[data-lang='{language}']")
            expect(block).to_contain_text(term.definitions[language])
            expect(block.locator(".question")).to_have_text(term.questions[language])
        for key in term.sources:
            source = loaded.sources[key]
            item = article.locator(f"li[data-source='{key}']")
            expect(item).to_contain_text(source.names["en"])
            expect(item).to_contain_text(source.kind)
            if source.url:
                expect(item.get_by_role("link")).to_have_attribute("href", source.url)


def advice_paragraphs(facts: pathways.Facts, language: str = "en") -> list[str]:
    text = pathways.render_advice(pathways.advise(facts), facts, language)
    return [p.strip("_") for p in text.split("\n\n")]


@pytest.mark.parametrize("case", ["standalone", "not part of a programme", "programme"])
def test_guide_works_out_a_credentials_pathway(
    adviser: Page, base: str, catalogue: list[Cred], case: str
) -> None:
    c = next(
        c
        for c in catalogue
        if (case == "standalone" and c.type == "standalone")
        or (case == "programme" and c.programme)
        or (case == "not part of a programme" and c.type == "credit-bearing" and not c.programme)
    )
    adviser.goto(base + "/advisers/guide")
    adviser.get_by_label("Credential", exact=True).select_option(c.code)
    adviser.get_by_role("button", name="Show pathway").click()
    pathway = adviser.locator("#pathway")
    expect(pathway).to_have_attribute("data-code", c.code)
    known = pathways.facts_from_credential(
        c.type, c.programme, c.provider_name, credential_title=c.title
    )
    if case == "programme":  # rule a needs to know where it is tendered
        expected = [
            advice_paragraphs(pathways.Facts(**known, same_provider=same)) for same in (True, False)
        ]
    else:
        expected = [advice_paragraphs(pathways.Facts(**known))]
    shown = [block.locator("p").all_inner_texts() for block in pathway.locator(".advice").all()]
    assert shown == expected

    adviser.get_by_label("Language of the advice").select_option("ms")
    adviser.get_by_role("button", name="Show pathway").click()
    first = adviser.locator("#pathway .advice").first.locator("p").all_inner_texts()
    facts = pathways.Facts(**known, **({"same_provider": True} if case == "programme" else {}))
    assert first == advice_paragraphs(facts, "ms")


# ---------------------------------------------------------------------- records


def test_unanswered_groups_similar_messages_and_exports_them(adviser: Page, base: str) -> None:
    adviser.get_by_role("link", name="Unanswered").click()
    groups = adviser.locator("section.group")
    expect(groups).to_have_count(2)
    typos = groups.filter(has_text=FEE_TYPOS[0])
    expect(typos.locator("h2")).to_contain_text("3×")
    expect(typos.locator("ul.messages li")).to_have_count(3)
    for message in FEE_TYPOS:
        expect(typos.locator("ul.messages")).to_contain_text(message)
    expect(typos).to_contain_text("faq/fee")
    expect(typos).to_contain_text("fallback ×2")
    other = groups.filter(has_text=OTHER)
    expect(other.locator("h2")).to_contain_text("1×")
    expect(other).to_contain_text("disliked")
    expect(other).to_contain_text("ms")

    typos.get_by_label("Intent name").fill("faq/fee")
    with adviser.expect_download() as download:
        typos.get_by_role("button", name=re.compile("Export as NLU YAML")).click()
    document = yaml.safe_load(Path(download.value.path()).read_text(encoding="utf-8"))
    (entry,) = document["nlu"]
    assert entry["intent"] == "faq/fee"
    examples = [line.removeprefix("- ") for line in entry["examples"].splitlines()]
    assert sorted(examples) == sorted(FEE_TYPOS)

    # The since filter: nothing is older than a day, and the window is in the address.
    adviser.get_by_label("Since").select_option("1")
    adviser.get_by_role("button", name="Show").click()
    expect(groups).to_have_count(2)
    assert "since=1" in adviser.url


def test_handoff_queue_marks_a_request_done(adviser: Page, base: str, database: str) -> None:
    question = "Can someone call me about <DSC-101> recognition?"
    with pytest.MonkeyPatch.context() as env:
        env.setenv("MICROCRED_SALT", "adviser-page-tests")
        with db.get_sessionmaker(database).begin() as session:
            handoff_id = store.create_handoff(
                session,
                question=question,
                contact="learner@example.org",
                contact_kind="email",
                language="ms",
                channel="telegram",
                sender="learner-42",
                reason="fallbacks",
            ).id
    adviser.get_by_role("link", name="Handoffs").click()
    row = adviser.locator(f"#open-handoffs tr[data-id='{handoff_id}']")
    expect(row).to_contain_text(question)  # escaped, shown as typed
    expect(row.get_by_role("link", name="learner@example.org")).to_have_attribute(
        "href", "mailto:learner@example.org"
    )
    expect(row).to_contain_text("telegram")
    row.get_by_role("button", name=f"Mark request {handoff_id} done").click()
    expect(adviser.get_by_role("status")).to_contain_text(f"Request {handoff_id}")
    expect(adviser.locator(f"#open-handoffs tr[data-id='{handoff_id}']")).to_have_count(0)
    expect(adviser.locator(f"#closed-handoffs tr[data-id='{handoff_id}']")).to_contain_text(
        question
    )
    with db.get_sessionmaker(database)() as session:
        stored = session.get(Handoff, handoff_id)
        assert stored.status == "closed" and stored.closed_at is not None


# ---------------------------------------------------------------------- phones and keyboards


PHONE_PAGES = [
    "/advisers",
    "/advisers/guide",
    "/advisers/unanswered",
    "/advisers/handoffs",
]


def test_phone_width_has_no_page_overflow(browser, base: str, catalogue: list[Cred]) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True)
    try:
        page = context.new_page()
        sign_in(page, base)
        codes = "&".join(f"code={c.code}" for c in catalogue[:3])
        for path in [*PHONE_PAGES, f"/advisers/credentials/{catalogue[0].code}",
                     f"/advisers/compare?{codes}", "/advisers?fee_min=abc"]:  # fmt: skip
            page.goto(base + path)
            overflow = page.evaluate(
                "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
            )
            assert overflow[0] <= overflow[1], (path, overflow)
        # The catalogue's table scrolls inside its own box instead.
        page.goto(base + "/advisers")
        box = page.locator(".table-scroll").first
        widths = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
        assert widths[0] > widths[1]
        expect(box).to_have_attribute("tabindex", "0")
    finally:
        context.close()


def test_keyboard_reaches_the_search_and_enter_submits(
    adviser: Page, catalogue: list[Cred]
) -> None:
    adviser.keyboard.press("Tab")
    assert adviser.evaluate("document.activeElement.textContent") == "Skip to content"
    outline = adviser.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    for _ in range(12):
        if adviser.evaluate("document.activeElement.id") == "q":
            break
        adviser.keyboard.press("Tab")
    assert adviser.evaluate("document.activeElement.id") == "q"
    adviser.keyboard.type("cyber")
    adviser.keyboard.press("Enter")
    adviser.wait_for_url(re.compile(r"q=cyber"))
    expected = [
        c for c in catalogue
        if "cyber" in " ".join([c.title, c.code, c.field, *c.keywords]).lower()
    ]  # fmt: skip
    assert sorted(shown_codes(adviser)) == sorted(c.code for c in expected)
    assert adviser.locator("th[scope=col][aria-sort]").count() >= 11


def test_screenshot_of_the_catalogue(adviser: Page, artifacts: Path) -> None:
    """Kept in test-artifacts; MICROCRED_UPDATE_DOCS=1 also refreshes docs/adviser-page.png."""
    adviser.set_viewport_size({"width": 1280, "height": 800})
    adviser.locator("tr[data-code] input[type=checkbox]").first.focus()
    path = artifacts / "adviser-page.png"
    adviser.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    if os.environ.get("MICROCRED_UPDATE_DOCS") == "1":
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(path, SCREENSHOT)
