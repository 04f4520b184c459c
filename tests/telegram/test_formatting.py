"""Rasa's replies go out as HTML: everything escaped, the whole-line ``_Source: ..._`` in
italics, underscores anywhere else left alone; long replies are split before they are made
HTML, so no part is cut inside a tag. The fake Bot API parses the HTML as Telegram does."""

from __future__ import annotations

import pytest

from bot.telegram.app import split_text, to_html
from tests.telegram.conftest import RunningBot, parse_html, tap_update

FEE = "The fee ranges from RM500 – RM700.\n\n_Source: micro-credential FAQ_"
YURAN = "Yuran antara RM500 – RM700.\n\n_Sumber: Soalan Lazim mikro-kredensial_"
MARKER = {"custom": {"data": {"feedback": {"source": "faq/fee"}}}}


def shown(call) -> tuple[str, list[dict]]:
    """What Telegram shows for a sendMessage/editMessageText call, and its entities."""
    return call.result["text"], call.result.get("entities", [])


@pytest.mark.parametrize(
    ("text", "html"),
    [
        (FEE, "The fee ranges from RM500 – RM700.\n\n<i>Source: micro-credential FAQ</i>"),
        (YURAN, "Yuran antara RM500 – RM700.\n\n<i>Sumber: Soalan Lazim mikro-kredensial</i>"),
        ("_x_", "<i>x</i>"),
        ("  _A & B <c>_  ", "  <i>A &amp; B &lt;c&gt;</i>  "),
        ("_a_b_", "<i>a_b</i>"),
        # underscores that are not a whole line in italics stay as they are
        (
            "see https://example.org/micro_cred/faq_page_",
            "see https://example.org/micro_cred/faq_page_",
        ),
        ("set course_code to DSC_101", "set course_code to DSC_101"),
        ("the _x in a sentence", "the _x in a sentence"),
        ("_not closed", "_not closed"),
        ("_ spaced _", "_ spaced _"),
        ("__init__", "__init__"),
        ("_", "_"),
        ("__", "__"),
        ("_one_ and _two_", "_one_ and _two_"),
        ("_the _x field_", "_the _x field_"),
        ("_snake_case and micro_cred_", "<i>snake_case and micro_cred</i>"),
        ("a <b>bold</b> claim & more", "a &lt;b&gt;bold&lt;/b&gt; claim &amp; more"),
        ('"quoted" and it\'s', '"quoted" and it\'s'),
    ],
)
def test_to_html(text: str, html: str) -> None:
    assert to_html(text) == html
    plain, entities = parse_html(html)  # Telegram accepts it, and shows the text as written
    if entities:  # ... without the two underscores around the italic line
        lead, _, rest = text.partition("_")
        middle, _, trail = rest.rpartition("_")
        text = lead + middle + trail
    assert plain == text


def test_a_source_line_is_shown_in_italics(bot: RunningBot) -> None:
    bot.rasa.answer({"text": FEE})
    bot.say("how much is it")
    [sent] = bot.api.wait_for("sendMessage")
    assert sent["parse_mode"] == "HTML"
    text, entities = shown(sent)
    assert text == "The fee ranges from RM500 – RM700.\n\nSource: micro-credential FAQ"
    assert entities == [
        {
            "type": "italic",
            "offset": text.index("Source"),
            "length": len("Source: micro-credential FAQ"),
        }
    ]


def test_a_malay_source_line_is_shown_in_italics(bot: RunningBot) -> None:
    bot.rasa.answer({"text": YURAN})
    bot.say("berapa yuran", language_code="ms")
    text, entities = shown(bot.api.wait_for("sendMessage")[0])
    assert "_" not in text and text.endswith("Sumber: Soalan Lazim mikro-kredensial")
    assert [e["type"] for e in entities] == ["italic"]


def test_markup_and_underscores_in_a_reply_are_shown_as_written(bot: RunningBot) -> None:
    reply = (
        "Apply at https://example.org/apply?course_code=DSC_101&lang=en\n"
        "Use <your_name> & the code my_cred_2024, or the _x field.\n"
        "_Source: a_b & <c>_"
    )
    bot.rasa.answer({"text": reply})
    bot.say("how do I apply")
    text, entities = shown(bot.api.wait_for("sendMessage")[0])
    assert text == reply.replace("_Source: a_b & <c>_", "Source: a_b & <c>")
    assert entities == [{"type": "italic", "offset": text.index("Source"), "length": 17}]


def test_splitting_never_cuts_inside_a_tag_or_an_entity(bot: RunningBot) -> None:
    body = "\n".join(f"{i:03d} fees & <dates> " + "&" * 80 for i in range(60))  # ~6,000 chars
    long_italic = "_" + "word " * 1000 + "end_"  # one italic line longer than a message
    reply = f"{body}\n\n_Source: micro-credential FAQ_\n{long_italic}"
    bot.rasa.answer({"text": reply, "buttons": [{"title": "OK", "payload": "/affirm"}]}, MARKER)
    bot.say("tell me everything")
    bot.api.wait_for("sendMessage", 3)
    sent = bot.api.calls_to("sendMessage")
    assert all(isinstance(c.result, dict) for c in sent), [c.result for c in sent]  # no 400
    texts = [c.result["text"] for c in sent]
    assert "\n".join(texts) == "\n".join(split_text(reply)).replace(
        "_Source: micro-credential FAQ_", "Source: micro-credential FAQ"
    )
    assert sum("Source: micro-credential FAQ" in t for t in texts) == 1
    # the parts of the over-long italic line are not whole lines in italics: shown literally
    assert texts[-1].rstrip().endswith("end_")
    assert [("reply_markup" in c.params) for c in sent] == [False] * (len(sent) - 1) + [True]
    assert [b["text"] for b in sent[-1]["reply_markup"]["inline_keyboard"][-1]] == ["👍", "👎"]


def test_a_tap_keeps_the_italics_when_the_choice_is_shown(bot: RunningBot) -> None:
    bot.rasa.answer(
        {"text": "Fees <RM700> & more:\n\n_Source: micro-credential FAQ_",
         "buttons": [{"title": "Fees & <modes>", "payload": "/ask_fees"}]},
        MARKER,
    )  # fmt: skip
    bot.say("fees")
    [sent] = bot.api.wait_for("sendMessage")
    rows = sent["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in rows] == [["Fees & <modes>"], ["👍", "👎"]]
    bot.rasa.answer({"text": "ok"})
    bot.api.push(tap_update(sent, "/ask_fees"))
    [edited] = bot.api.wait_for("editMessageText")
    bot.api.wait_for("sendMessage", 2)
    assert edited["parse_mode"] == "HTML"
    text, entities = shown(edited)
    assert text == "Fees <RM700> & more:\n\nSource: micro-credential FAQ\n\n» Fees & <modes>"
    assert entities == [{"type": "italic", "offset": 22, "length": 28}]
    assert "reply_markup" not in edited.params
    assert bot.rasa.received[-1]["message"] == "/ask_fees"


def test_a_vote_still_removes_only_the_votes(bot: RunningBot) -> None:
    bot.rasa.answer({"text": FEE}, MARKER)
    bot.say("how much")
    [sent] = bot.api.wait_for("sendMessage")
    up = sent["reply_markup"]["inline_keyboard"][-1][0]["callback_data"]
    bot.rasa.answer({"text": "Thanks!"})
    bot.api.push(tap_update(sent, up))
    [edited] = bot.api.wait_for("editMessageReplyMarkup")
    bot.api.wait_for("sendMessage", 2)
    assert "reply_markup" not in edited.params
    assert not bot.api.calls_to("editMessageText")
    assert bot.rasa.received[-1]["message"].startswith("/feedback")
