"""An answer's source line in the widget: a quiet note inside the answer's bubble.

Rasa's FAQ and pathway answers end with "\\n\\n_Source: micro-credential FAQ_"; its socket.io
channel sends every paragraph as a message of its own, so the source arrives alone after the
answer. These tests drive the widget in Chromium through a fake channel (tests/web/
fake_socket.py) with exactly those payloads; test_widget.py checks the real Rasa server.
"""

from __future__ import annotations

import json

from playwright.sync_api import Page, expect

from tests.web import fake_socket

FEE = "The fee ranges from RM500 – RM700, depending on the type of micro-credential."
SOURCE = "_Source: micro-credential FAQ_"
MARKER = {"feedback": {"source": "faq/fee"}}


def open_fake(page: Page, url: str) -> None:
    fake_socket.install(page)
    page.goto(url)
    expect(page.locator(".mcw-dot-online")).to_be_attached()


def history(page: Page) -> list[dict]:
    session = page.evaluate("localStorage.getItem('microcred-widget:session')")
    return json.loads(
        page.evaluate(f"localStorage.getItem('microcred-widget:history:{session}')") or "[]"
    )


def answer_bubble(page: Page, text: str):
    return page.locator(".mcw-row-bot .mcw-bot", has_text=text)


def test_the_source_is_a_quiet_note_in_the_answers_bubble(page: Page, offline_demo_url) -> None:
    open_fake(page, offline_demo_url)
    fake_socket.bot_says(page, {"text": FEE}, {"text": SOURCE}, MARKER)

    bubble = answer_bubble(page, "RM500")
    expect(bubble).to_have_count(1)
    note = bubble.locator(".mcw-source")
    expect(note).to_have_text("Source: micro-credential FAQ")
    expect(note).to_be_visible()
    # Under the answer's text, smaller and quieter than it; one bubble, no row of its own.
    assert bubble.locator("p").last.text_content() == "Source: micro-credential FAQ"
    style = note.evaluate(
        """(note) => {
            const text = note.parentElement.querySelector("p:not(.mcw-source)");
            const size = (e) => parseFloat(getComputedStyle(e).fontSize);
            return {note: size(note.querySelector("small")), text: size(text),
                    opacity: parseFloat(getComputedStyle(note).opacity)};
        }"""
    )
    assert style["note"] < style["text"] and style["opacity"] < 1, style
    expect(page.locator(".mcw-row-bot")).to_have_count(1)
    expect(page.locator(".mcw-note")).to_have_count(0)
    # The votes belong to the answer's row.
    row = page.locator(".mcw-row-bot")
    expect(row.get_by_role("group", name="Was this answer helpful?")).to_have_count(1)
    # A screen reader reads it with the answer: in the log, not hidden, in the bubble's text.
    assert note.evaluate("(n) => !n.closest('[aria-hidden=true]') && !!n.closest('[role=log]')")
    assert "Source: micro-credential FAQ" in bubble.inner_text()

    # Kept with the answer in the saved history, and shown the same after a reload.
    [answer] = history(page)
    assert answer["text"] == FEE and answer["source"] == "Source: micro-credential FAQ"
    assert answer["feedback"] == {"source": "faq/fee", "vote": None}
    page.reload()
    expect(page.locator(".mcw-dot-online")).to_be_attached()
    expect(answer_bubble(page, "RM500").locator(".mcw-source")).to_have_text(
        "Source: micro-credential FAQ"
    )
    expect(page.locator(".mcw-row-bot")).to_have_count(1)


def test_malay_and_pathway_sources_and_a_source_kept_in_the_same_message(
    page: Page, offline_demo_url
) -> None:
    open_fake(page, offline_demo_url)
    fake_socket.bot_says(
        page,
        {"text": "Yuran mikro-kredensial adalah antara RM500 – RM700."},
        {"text": "_Sumber: Soalan Lazim mikro-kredensial_"},
        # A channel that keeps the paragraphs of a reply together.
        {"text": "Rule c applies: it can be tendered under APEL C.\n\n_Source: micro-credential "
         "FAQ, rule c_"},
    )  # fmt: skip
    expect(answer_bubble(page, "Yuran").locator(".mcw-source")).to_have_text(
        "Sumber: Soalan Lazim mikro-kredensial"
    )
    pathway = answer_bubble(page, "Rule c applies")
    expect(pathway.locator(".mcw-source")).to_have_text("Source: micro-credential FAQ, rule c")
    expect(pathway.locator("em")).to_have_count(0)
    assert [m.get("source") for m in history(page)] == [
        "Sumber: Soalan Lazim mikro-kredensial",
        "Source: micro-credential FAQ, rule c",
    ]


def test_quick_replies_sent_with_the_source_stay_under_the_answer(
    page: Page, offline_demo_url
) -> None:
    """Rasa puts a reply's buttons on its last paragraph: here, the source line."""
    open_fake(page, offline_demo_url)
    buttons = [{"content_type": "text", "title": "Credit recognition", "payload": "/recognition"}]
    fake_socket.bot_says(page, {"text": FEE}, {"text": SOURCE, "quick_replies": buttons})
    row = page.locator(".mcw-row-bot")
    expect(row).to_have_count(1)
    expect(row.locator(".mcw-source")).to_have_text("Source: micro-credential FAQ")
    row.get_by_role("button", name="Credit recognition").click()
    assert fake_socket.sent(page, "user_uttered")[-1]["message"] == "/recognition"


def test_a_source_with_no_answer_before_it_is_still_shown(page: Page, offline_demo_url) -> None:
    open_fake(page, offline_demo_url)
    fake_socket.bot_says(page, SOURCE)
    note = page.locator(".mcw-row-bot .mcw-note")
    expect(note).to_contain_text("Source: micro-credential FAQ")
    expect(note.locator(".mcw-source")).to_be_visible()


def test_underscores_in_text_stay_literal(page: Page, offline_demo_url) -> None:
    open_fake(page, offline_demo_url)
    literal = "Codes like ISF_050, snake_case_name and __init__, or a _ b _ c and x_ y _z."
    fake_socket.bot_says(page, {"text": literal}, {"text": "_Source is not a source line_"})
    expect(answer_bubble(page, "ISF_050").locator("p").first).to_have_text(literal)
    expect(answer_bubble(page, "ISF_050").locator("em, .mcw-source")).to_have_count(0)
    # A whole-line italic that names no source is an italic note as before, not a source.
    expect(page.locator(".mcw-note em")).to_have_text("Source is not a source line")
    html = page.evaluate("window.MicrocredMarkdown('say _this_ and snake_case').innerHTML")
    assert html == "<p>say <em>this</em> and snake_case</p>"


def test_history_saved_before_sources_joined_answers_is_folded(
    page: Page, offline_demo_url
) -> None:
    """A conversation kept by the previous widget (the source a message of its own, with the
    votes) shows the source in the answer's bubble after the update."""
    fake_socket.install(page)
    page.goto(offline_demo_url + "widget.css")  # the page's origin, without the widget
    session = "0" * 32 + ".fakesig"
    stored = [
        {"from": "user", "text": "fee?", "id": "u1"},
        {"from": "bot", "text": FEE, "id": "b1"},
        {
            "from": "bot",
            "text": SOURCE,
            "id": "b2",
            "feedback": {"source": "faq/fee", "vote": "up"},
        },
    ]
    page.evaluate(
        "([session, stored]) => { localStorage.setItem('microcred-widget:session', session);"
        " localStorage.setItem('microcred-widget:history:' + session, stored); }",
        [session, json.dumps(stored)],
    )
    page.goto(offline_demo_url)
    expect(page.locator(".mcw-dot-online")).to_be_attached()
    bubble = answer_bubble(page, "RM500")
    expect(bubble.locator(".mcw-source")).to_have_text("Source: micro-credential FAQ")
    expect(page.locator(".mcw-row-bot")).to_have_count(1)
    expect(page.get_by_role("button", name="Helpful", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
