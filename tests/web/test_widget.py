"""The chat widget in a real browser against the real Rasa server and action server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from bot import glossary

FEE_QUESTION = "How much is the micro-credential fee?"


def open_widget(page: Page, url: str) -> None:
    """Load the demo page and wait until the widget's socket.io session is confirmed."""
    page.goto(url)
    expect(page.get_by_role("log")).to_be_visible()
    expect(page.locator(".mcw-dot-online")).to_be_attached()


def ask(page: Page, text: str, label: str = "Your message") -> None:
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press("Enter")


def session_id(page: Page) -> str:
    return page.evaluate("localStorage.getItem('microcred-widget:session')")


def bot_bubbles(page: Page):
    return page.locator(".mcw-row-bot .mcw-bot")


@pytest.mark.stack
def test_typed_question_is_answered(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    ask(page, FEE_QUESTION)
    expect(page.locator(".mcw-user").last).to_have_text(re.compile(re.escape(FEE_QUESTION)))
    answer = bot_bubbles(page).filter(has_text="RM500")
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text("RM700")
    # The FAQ's source line (a message of its own on the socket) is a note in the same bubble.
    expect(answer.locator(".mcw-source")).to_have_text("Source: micro-credential FAQ")
    expect(page.locator(".mcw-typing")).to_be_hidden()


@pytest.mark.stack
def test_greeting_quick_replies(page: Page, demo_url: str, artifacts) -> None:
    open_widget(page, demo_url)
    ask(page, "hello")
    replies = page.get_by_role("group", name="Suggested replies")
    for title in ("What is a micro-credential?", "Fees", "Credit recognition"):
        expect(replies.get_by_role("button", name=title)).to_be_enabled()

    replies.get_by_role("button", name="Fees").click()

    # The title is the user's bubble, the payload is what Rasa answers.
    expect(page.locator(".mcw-user").last).to_have_text(re.compile("Fees"))
    expect(bot_bubbles(page).filter(has_text="RM500")).to_contain_text("RM700")
    for button in replies.get_by_role("button").all():
        expect(button).to_be_disabled()
    expect(replies.get_by_role("button", name="Fees")).to_have_attribute("aria-pressed", "true")
    page.screenshot(path=str(artifacts / "widget.png"))


@pytest.mark.stack
def test_a_term_in_an_answer_is_a_button_that_asks_for_its_definition(
    page: Page, demo_url: str, artifacts
) -> None:
    open_widget(page, demo_url)
    ask(page, "how can my micro-credential be recognised for credit?")
    rules = bot_bubbles(page).filter(has_text="recognition can be given as follows")
    expect(rules).to_have_count(1)
    term = page.get_by_role("button", name="What is APEL C?")
    expect(term).to_be_enabled()
    page.screenshot(path=str(artifacts / "widget-glossary.png"))
    term.click()
    apel = glossary.load().term("apel")
    expect(bot_bubbles(page).filter(has_text="APEL stands for")).to_contain_text(
        " ".join(apel.definitions["en"].split()[:12])
    )


@pytest.mark.stack
def test_history_and_session_survive_reload(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    ask(page, "hello")
    page.get_by_role("button", name="Fees").click()
    expect(bot_bubbles(page).filter(has_text="RM500")).to_have_count(1)
    # The answer's source and votes come last in the turn: then the turn is complete.
    expect(page.get_by_role("group", name="Was this answer helpful?")).to_have_count(1)
    before = session_id(page)
    rows = page.locator(".mcw-row").count()

    page.reload()
    open_widget(page, demo_url)

    assert session_id(page) == before
    expect(page.locator(".mcw-row")).to_have_count(rows)
    expect(bot_bubbles(page).filter(has_text="RM500").locator(".mcw-source")).to_have_count(1)
    # The used quick replies stay used after the reload.
    expect(page.get_by_role("button", name="Fees")).to_be_disabled()

    ask(page, "What is a micro-credential?")
    reply = page.locator(".mcw-row").nth(rows + 1)
    expect(reply).to_have_class(re.compile("mcw-row-bot"))
    expect(reply).to_contain_text(re.compile("micro-credential", re.I))
    assert session_id(page) == before


@pytest.mark.stack
def test_reset_starts_a_new_conversation(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    ask(page, FEE_QUESTION)
    expect(bot_bubbles(page).filter(has_text="RM500")).to_have_count(1)
    before = session_id(page)

    page.get_by_role("button", name="New conversation").click()

    expect(page.locator(".mcw-row")).to_have_count(0)
    expect(page.locator(".mcw-dot-online")).to_be_attached()
    assert session_id(page) not in (None, before)
    ask(page, FEE_QUESTION)
    expect(bot_bubbles(page).filter(has_text="RM500")).to_have_count(1)


@pytest.mark.stack
def test_html_in_a_message_is_shown_as_text(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    attack = "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    ask(page, attack)
    expect(page.locator(".mcw-user").last).to_contain_text(attack)
    expect(bot_bubbles(page).last).to_be_visible()
    assert page.locator(".mcw-root img, .mcw-root script").count() == 0
    page.reload()  # re-rendered from the stored history: still text
    expect(page.locator(".mcw-user").last).to_contain_text(attack)
    assert page.locator(".mcw-root img, .mcw-root script").count() == 0


def test_bot_markdown_is_rendered_and_escaped(page: Page, offline_demo_url: str) -> None:
    page.goto(offline_demo_url)
    page.wait_for_function("window.MicrocredMarkdown !== undefined")
    html = page.evaluate(
        """() => window.MicrocredMarkdown(
            "Fees are **RM500 – RM700** and _vary_.\\nSecond line with <b>tags</b>"
            + " <img src=x onerror=alert(1)>\\n\\n"
            + "• online\\n• blended\\n\\n"
            + "See [the FAQ](https://mqa.example/faq) or https://utbestari.example/mc."
            + " [bad](javascript:alert(1))\\n\\n_Source: micro-credential FAQ_"
        ).innerHTML"""
    )
    assert "<strong>RM500 – RM700</strong>" in html
    assert "<em>vary</em>" in html
    assert "<br>" in html
    assert "&lt;b&gt;tags&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;" in html
    assert '<ul class="mcw-list"><li>online</li><li>blended</li></ul>' in html
    assert 'href="https://mqa.example/faq"' in html and ">the FAQ</a>" in html
    assert 'href="https://utbestari.example/mc"' in html  # trailing full stop left out
    assert "javascript:" not in html.replace("[bad](javascript:alert(1))", "")
    assert "<em>Source: micro-credential FAQ</em>" in html
    assert "<img" not in html and "<b>" not in html


@pytest.mark.stack
def test_phone_width_panel_fills_the_screen(browser, demo_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True)
    try:
        page = context.new_page()
        open_widget(page, demo_url)
        box = page.get_by_role("dialog").bounding_box()
        assert box == {"x": 0, "y": 0, "width": 375, "height": 667}
        ask(page, FEE_QUESTION)
        expect(bot_bubbles(page).filter(has_text="RM500")).to_be_in_viewport()
        send = page.get_by_role("button", name="Send").bounding_box()
        assert send["x"] + send["width"] <= 375 and send["y"] + send["height"] <= 667
        assert page.evaluate("document.documentElement.scrollWidth") <= 375
    finally:
        context.close()


@pytest.mark.stack
def test_keyboard_only(page: Page, demo_url: str) -> None:
    open_widget(page, demo_url)
    box = page.get_by_role("textbox", name="Your message")
    box.focus()
    page.keyboard.type("hello")
    page.keyboard.press("Enter")
    first = page.get_by_role("button", name="What is a micro-credential?")
    expect(first).to_be_visible()

    # Tab from the log reaches the quick replies; Enter on one sends it.
    page.get_by_role("log").focus()
    page.keyboard.press("Tab")
    expect(first).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Fees")).to_be_focused()
    page.keyboard.press("Enter")
    expect(bot_bubbles(page).filter(has_text="RM500")).to_have_count(1)

    # Escape closes the panel and returns focus to the launcher, which reopens it.
    box.focus()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_be_hidden()
    launcher = page.get_by_role("button", name="Chat with the micro-credential assistant")
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("Enter")
    expect(page.get_by_role("dialog")).to_be_visible()
    expect(box).to_be_focused()


@pytest.mark.stack
def test_malay_interface(page: Page, demo_url: str) -> None:
    page.goto(demo_url + "?lang=ms")
    expect(page.get_by_role("textbox", name="Mesej anda")).to_have_attribute(
        "placeholder", "Taip soalan anda…"
    )
    expect(page.get_by_role("button", name="Hantar")).to_be_visible()
    expect(page.get_by_role("button", name="Perbualan baharu")).to_be_visible()
    expect(page.get_by_role("log")).to_have_attribute("aria-label", "Perbualan dengan pembantu")
    expect(page.locator(".mcw-dot-online")).to_be_attached()
    ask(page, "Berapakah yuran mikro-kredensial?", label="Mesej anda")
    expect(bot_bubbles(page).filter(has_text="RM500")).to_contain_text("bergantung")


def test_connection_lost_shows_status_without_errors(page: Page, offline_demo_url: str) -> None:
    page.goto(offline_demo_url)
    status = page.get_by_role("status").filter(has_text="Connection lost, reconnecting")
    expect(status).to_be_visible(timeout=10_000)
    # Typing while offline keeps the message and raises nothing.
    ask(page, "Are you there?")
    expect(page.locator(".mcw-user").last).to_contain_text("Are you there?")
    page.wait_for_timeout(1500)
