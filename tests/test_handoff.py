"""Reaching a person: the handoff form typed in English and Malay, the unanswered turns and
the votes the actions record, and the advisers' Telegram chat told of each request.

Turns go through action_respond (tests.support.conversation: the NLU's reading is given) on a
real sample-catalogue database, which holds the records as well.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions.feedback import ActionFeedback
from bot import dialogue, handoff, messages
from bot.catalogue import db
from bot.records import store
from bot.records.models import Feedback, Handoff, Unanswered
from tests.support.conversation import Conversation
from tests.telegram.conftest import TOKEN, FakeBotApi


@pytest.fixture()
def records_url(tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'catalogue.db'}"
    db.init(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MICROCRED_DATA_DIR", str(tmp_path))
    for name in ("ADVISER_CHAT_ID", "TELEGRAM_TOKEN", "TELEGRAM_API_URL"):
        monkeypatch.delenv(name, raising=False)
    yield url
    db.dispose(url)


def rows(url: str, model) -> list:
    with db.get_sessionmaker(url)() as session:
        return list(session.scalars(select(model).order_by(model.id)))


def text(key: str, lang: str = "en", **values) -> str:
    return messages.render(key, lang, **values)


# ------------------------------------------------------------------------ contacts


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("my email is Siti.A@Example.COM thanks", ("email", "Siti.A@example.com")),
        ("call me at 012-345 6789", ("phone", "0123456789")),
        ("+60 12 345 6789", ("phone", "+60123456789")),
        ("(03) 7967 7022 office hours", ("phone", "0379677022")),
    ],
)
def test_contacts_are_found_and_normalised(typed, expected):
    assert handoff.contact_in(typed) == expected


@pytest.mark.parametrize(
    "typed", ["0123", "siti@", "siti@example", "I did 3 courses in 2025", "12345678901234567"]
)
def test_what_is_not_a_contact_is_not_taken_for_one(typed):
    assert handoff.contact_in(typed) is None


# ------------------------------------------------------------------------ the form


def test_english_handoff_typed_step_by_step_with_a_question_on_the_way(records_url):
    chat = Conversation(sender="learner-en")
    assert chat.say("can I speak to an adviser", "human_handoff") == text("handoff_ask_question")
    question = "whether my data course can count towards a degree at another university"
    assert chat.say(question, "start_advising") == text("handoff_ask_contact")
    # A question instead of a contact is answered, and the contact asked for again.
    reply = chat.say("how much is the fee?", "faq/fee")
    assert reply == "utter_faq/fee\n" + text("handoff_still_need")
    assert chat.say("0123", "nlu_fallback") == text("handoff_bad_contact")
    consent = chat.say("you can reach me at siti@example.com", "nlu_fallback")
    assert consent == text("handoff_ask_consent", kind="email", contact="siti@example.com")
    assert rows(records_url, Handoff) == []  # nothing kept before consent
    done = chat.say("yes, you may contact me", "affirm")
    [request] = rows(records_url, Handoff)
    assert (request.question, request.contact, request.contact_kind) == (
        question,
        "siti@example.com",
        "email",
    )
    assert (request.language, request.status, request.reason) == ("en", "open", "asked")
    assert request.sender_hash == store.sender_hash("learner-en") != "learner-en"
    expected = {"question": question, "contact": "siti@example.com", "kind": "email"}
    assert done == handoff.confirmation(expected, request.id, "en")
    assert f"#{request.id}" in done
    assert chat.slots["handoff"] is None  # over: the next message is a new question
    assert chat.say("what is the fee?", "faq/fee") == "utter_faq/fee"


def test_malay_handoff_with_a_phone_number(records_url):
    chat = Conversation(language="ms", sender="pelajar")
    asked = chat.say("nak cakap dengan orang", "human_handoff", language="ms")
    assert asked == text("handoff_ask_question", "ms")
    question = "saya nak tahu sama ada kursus saya boleh dikira untuk diploma"
    assert chat.say(question, "start_advising") == text("handoff_ask_contact", "ms")
    kind = text("handoff_kind_phone", "ms")
    consent = chat.say("012-345 6789", "nlu_fallback")
    assert consent == text("handoff_ask_consent", "ms", kind=kind, contact="0123456789")
    chat.say("ya, boleh hubungi saya", "affirm")
    [request] = rows(records_url, Handoff)
    assert (request.contact, request.contact_kind, request.language) == (
        "0123456789",
        "phone",
        "ms",
    )
    assert request.question == question


def test_everything_in_one_message_goes_straight_to_consent(records_url):
    chat = Conversation()
    reply = chat.say(
        "can an adviser call me at +60 12 345 6789 about transferring my credits to a degree",
        "human_handoff",
    )
    assert reply == text("handoff_ask_consent", kind="phone", contact="+60123456789")


def test_a_corrected_contact_is_asked_about_again(records_url):
    chat = Conversation()
    chat.say("talk to a human about APEL for my diploma please", "human_handoff")
    chat.say("ali@example.com", "nlu_fallback")
    again = chat.say("no wait, use ali.baba@example.org instead", "deny")
    assert again == text("handoff_ask_consent", kind="email", contact="ali.baba@example.org")
    chat.say("yes", "affirm")
    assert [r.contact for r in rows(records_url, Handoff)] == ["ali.baba@example.org"]


@pytest.mark.parametrize(
    ("lang", "refusal", "intent"),
    [("en", "no, do not contact me", "deny"), ("ms", "jangan hubungi saya", "deny")],
)
def test_no_consent_keeps_nothing(records_url, lang, refusal, intent):
    chat = Conversation(language=lang)
    chat.say("I want to talk to a person about my APEL application", "human_handoff")
    chat.say("siti@example.com", "nlu_fallback")
    assert chat.say(refusal, intent) == text("handoff_declined", lang)
    assert rows(records_url, Handoff) == []


def test_cancel_leaves_the_form(records_url):
    chat = Conversation()
    chat.say("talk to a person", "human_handoff")
    assert chat.say("never mind", "nlu_fallback") == text("handoff_cancelled")
    assert chat.say("how much is the fee?", "faq/fee") == "utter_faq/fee"
    assert rows(records_url, Handoff) == []


def test_two_unanswered_messages_in_a_row_offer_a_person(records_url):
    chat = Conversation(sender="lost-learner")
    first = chat.say("where can I park my car", "out_of_scope")
    assert text("handoff_offer") not in first
    second = chat.say("is there a shuttle bus from the LRT", "out_of_scope")
    assert second.endswith(text("handoff_offer"))
    assert chat.buttons[-1] == "No thanks"
    chat.say("siti@example.com", "nlu_fallback")
    chat.say("yes please", "affirm")
    [request] = rows(records_url, Handoff)
    assert request.reason == "fallbacks"
    assert request.question == "where can I park my car / is there a shuttle bus from the LRT"


def test_after_the_offer_the_learner_may_just_go_on(records_url):
    chat = Conversation()
    chat.say("where can I park my car", "out_of_scope")
    chat.say("is there a shuttle bus from the LRT", "out_of_scope")
    assert chat.say("how much is the fee?", "faq/fee") == "utter_faq/fee"
    assert chat.slots["handoff"] is None
    assert rows(records_url, Handoff) == []


def test_one_answered_message_between_two_misses_offers_nothing(records_url):
    chat = Conversation()
    chat.say("where can I park my car", "out_of_scope")
    chat.say("how much is the fee?", "faq/fee")
    assert text("handoff_offer") not in chat.say("is there a shuttle bus", "out_of_scope")


# ------------------------------------------------------------------------ unanswered turns


def test_each_kind_of_unanswered_turn_is_recorded(records_url):
    ranking = [
        {"name": "faq", "confidence": 0.41},
        {"name": "search_catalogue", "confidence": 0.3},
    ]
    selector = {
        "faq": {"response": {"intent_response_key": "faq/fee"}, "ranking": []},
    }
    turns = [
        ("what time is it in Tokyo", "out_of_scope", "out_of_scope"),
        ("can I join the army with this", "faq/entry_requirements", "near_topic"),
        ("the thing with the stuff", "nlu_fallback", "low_confidence"),
    ]
    for message, intent, _ in turns:
        Conversation(sender="asker").say(
            message,
            intent,
            confidence=0.41,
            intent_ranking=ranking,
            response_selector=selector,
            metadata={"channel": "telegram"},
        )
    recorded = rows(records_url, Unanswered)
    assert [(r.message, r.kind) for r in recorded] == [(m, k) for m, _, k in turns]
    for row in recorded:
        assert row.language == "en" and row.channel == "telegram"
        assert row.intents[0] == {"name": "faq/fee", "confidence": 0.41}
        assert row.sender_hash == store.sender_hash("asker")
    # An answered question is not recorded.
    Conversation().say("how much is the fee?", "faq/fee")
    assert len(rows(records_url, Unanswered)) == len(turns)


def test_a_fallback_the_rules_could_not_place_is_recorded(records_url):
    from actions.fallback import ActionDefaultFallback

    latest = {"text": "zxqv blorp", "intent": {"name": "nlu_fallback", "confidence": 0.2}}
    tracker = Tracker("x", {"language": "en"}, latest, [], False, None, {}, "action_listen")
    asyncio.run(ActionDefaultFallback().run(CollectingDispatcher(), tracker, {}))
    [row] = rows(records_url, Unanswered)
    assert (row.kind, row.message) == ("fallback", "zxqv blorp")


# ------------------------------------------------------------------------ feedback


def _answered_then_voted(chat: Conversation, vote_text: str, entities: list[dict], **parse) -> list:
    """The events Rasa would hold: the question, the answer with its marker, then the vote."""
    events = [{"event": "user", "text": "how much is the fee?"}]
    for message in chat.messages:
        events.append({"event": "bot", "text": message.get("text"), "data": message})
    events.append({"event": "user", "text": vote_text})
    latest = {"text": vote_text, "intent": {"name": "feedback"}, "entities": entities, **parse}
    tracker = Tracker("voter", dict(chat.slots), latest, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionFeedback().run(dispatcher, tracker, {}))
    return dispatcher.messages


def test_answers_carry_their_source_for_a_vote(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    assert chat.messages[-1]["custom"] == {"data": {"feedback": {"source": "faq/fee"}}}
    chat.say("what is DSC-101 about?", "ask_credential")
    assert chat.messages[-1]["custom"]["data"]["feedback"]["source"] == "credential:DSC-101"
    chat.say("where can I park", "out_of_scope")  # no answer, nothing to vote on
    assert not any(m.get("custom") for m in chat.messages)


def test_a_thumbs_down_is_stored_with_its_source_and_reported(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    vote = [{"entity": "vote", "value": "down"}, {"entity": "source", "value": "faq/fee"}]
    said = _answered_then_voted(chat, '/feedback{"vote": "down", "source": "faq/fee"}', vote)
    assert said[0]["text"] == text("feedback_sorry")
    assert said[0]["buttons"] == messages.options("feedback_sorry", "en")
    [row] = rows(records_url, Feedback)
    assert (row.vote, row.source, row.message) == ("down", "faq/fee", "how much is the fee?")
    [disliked] = rows(records_url, Unanswered)
    assert (disliked.kind, disliked.source) == ("disliked", "faq/fee")


def test_a_thumbs_up_is_stored_and_thanked(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    said = _answered_then_voted(
        chat, '/feedback{"vote": "up"}', [{"entity": "vote", "value": "up"}]
    )
    assert said[0]["text"] == text("feedback_thanks")
    [row] = rows(records_url, Feedback)
    assert (row.vote, row.source) == ("up", "faq/fee")  # the source read from the answer
    assert rows(records_url, Unanswered) == []


def test_typed_disapproval_counts_as_a_thumbs_down(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    _answered_then_voted(chat, "that didn't help", [])
    [row] = rows(records_url, Feedback)
    assert (row.vote, row.source) == ("down", "faq/fee")


# ------------------------------------------------------------------------ the advisers' chat


def test_the_advisers_chat_is_told_of_each_request(records_url, monkeypatch):
    api = FakeBotApi().start()
    try:
        monkeypatch.setenv("TELEGRAM_TOKEN", TOKEN)
        monkeypatch.setenv("TELEGRAM_API_URL", api.base_url)
        monkeypatch.setenv("ADVISER_CHAT_ID", "-1001234")
        chat = Conversation()
        chat.say("talk to a person about APEL C for my degree", "human_handoff")
        chat.say("siti@example.com", "nlu_fallback")
        chat.say("yes", "affirm")
        [sent] = api.wait_for("sendMessage")
        [request] = rows(records_url, Handoff)
        assert str(sent["chat_id"]) == "-1001234"
        assert f"#{request.id}" in sent["text"]
        assert "talk to a person about APEL C for my degree" in sent["text"]
        assert "siti@example.com" in sent["text"]
        assert request.notified
    finally:
        api.stop()


def test_without_an_advisers_chat_the_request_still_waits_in_the_queue(records_url):
    chat = Conversation()
    chat.say("talk to a person about APEL C", "human_handoff")
    chat.say("siti@example.com", "nlu_fallback")
    chat.say("yes", "affirm")
    [request] = rows(records_url, Handoff)
    assert request.status == "open" and not request.notified


def test_unanswered_kinds_match_the_report():
    from bot.records.models import UNANSWERED_KINDS

    assert set(dialogue.UNANSWERED.values()) < set(UNANSWERED_KINDS)


def test_a_typed_correction_taken_for_feedback_is_answered_not_counted(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    said = _answered_then_voted(
        chat,
        "that's not what I asked, what is the duration?",
        [],
        intent_ranking=[
            {"name": "feedback", "confidence": 0.6},
            {"name": "faq", "confidence": 0.3},
        ],
        response_selector={"faq": {"response": {"intent_response_key": "faq/duration"}}},
    )
    assert [m.get("response") for m in said if m.get("response")] == ["utter_faq/duration"]
    assert rows(records_url, Feedback) == []


@pytest.mark.parametrize(
    "typed", ["saya cakap dengan orang betul ke", "am I talking to a real person?"]
)
def test_asking_whether_the_assistant_is_a_person_is_not_a_request_for_one(records_url, typed):
    reply = Conversation().say(typed, "human_handoff")
    assert reply == "utter_chitchat/bot_challenge"


@pytest.mark.parametrize(
    "typed",
    [
        "telefon saya panas bila cas",
        "can I contact the provider directly",
        "talk about fees",
        "how do I ask someone out",
        # how things go is not a request either
        "will the lecturer email me the certificate?",
        "does anyone call me before the class starts?",
        "my manager put me on a new project",
    ],
)
def test_words_near_a_request_for_a_person_are_not_one(typed):
    assert not handoff.wants_person("nlu_fallback", typed)


def test_a_complaint_that_asks_for_a_person_starts_the_form(records_url):
    chat = Conversation()
    chat.say("how much is the fee?", "faq/fee")
    said = _answered_then_voted(chat, "useless bot, get me a human", [])
    assert [m["text"] for m in said] == [text("handoff_ask_question")]
    assert rows(records_url, Feedback) == []


@pytest.mark.parametrize(
    "typed",
    [
        "operator please",
        "could a staff member ring me back",
        "I'd like to talk my options over with an advisor",
        "boleh pegawai emel saya",
        "nak jumpa penasihat esok",
        "bagi manusia jawab",
    ],
)
def test_requests_for_a_person_in_other_words(typed):
    assert handoff.wants_person("nlu_fallback", typed)


@pytest.mark.parametrize(
    "typed",
    [
        "is this course good for office staff?",
        "how do I contact the university at Kuching?",
        "sesuai untuk pegawai kerajaan tak?",
    ],
)
def test_people_named_but_not_asked_for(typed):
    assert not handoff.wants_person("human_handoff", typed)


@pytest.mark.parametrize(
    "typed",
    [
        "any courses on customer care for our front desk staff?",
        "saya pegawai kerajaan, ada kursus online?",
        "we are a team of nurses looking for a health course",
    ],
)
def test_courses_for_people_and_people_describing_themselves_are_not_requests(typed):
    assert not handoff.wants_person("human_handoff", typed)


@pytest.mark.parametrize(
    "typed",
    [
        "could you give me a ring tomorrow",
        "I'd like a video call with someone",
        "pls put me through to the help desk",
        "tolong wasap saya",
        "nak datang ke pejabat esok",
        "is there an officer I can speak to",
    ],
)
def test_calls_visits_and_transfers_are_requests(typed):
    assert handoff.wants_person("nlu_fallback", typed)


def test_after_the_offer_a_search_with_a_number_is_a_search_not_a_bad_contact(records_url):
    chat = Conversation()
    chat.say("where can I park my car", "out_of_scope")
    chat.say("is there a shuttle bus from the LRT", "out_of_scope")
    reply = chat.say("any online courses under RM1000?", "search_catalogue")
    assert text("handoff_bad_contact") not in reply and "RM" in reply
    assert chat.slots["handoff"] is None


def test_a_course_question_the_model_took_for_a_request_is_answered_as_its_next_guess(
    records_url,
):
    ranking = [
        {"name": "human_handoff", "confidence": 0.5},
        {"name": "search_catalogue", "confidence": 0.4},
    ]
    reply = Conversation().say(
        "any online courses good for office staff?", "human_handoff", intent_ranking=ranking
    )
    assert reply != "utter_chitchat/bot_challenge"
    assert text("handoff_ask_question") not in reply
    assert re.search(r"\([A-Z]{3}-\d{3}\)", reply)  # a list of credentials
