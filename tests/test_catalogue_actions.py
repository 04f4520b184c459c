"""The catalogue and advising actions, run on a real sample-catalogue database."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.advising import ActionGiveAdvice, ActionStartAdvising, ValidateAdvisingForm
from actions.catalogue import (
    ActionAnswerCredential,
    ActionCompareCredentials,
    ActionResolveCredential,
    ActionSearchCatalogue,
    ActionShowMore,
)
from bot.catalogue import db, queries
from bot.catalogue.filters import parse_search


@pytest.fixture(scope="module")
def catalogue_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('actions') / 'catalogue.db'}"
    db.init(url)
    yield url
    db.dispose(url)


@pytest.fixture(autouse=True)
def use_catalogue(catalogue_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", catalogue_url)


def tracker(text: str, intent: str, slots: dict | None = None) -> Tracker:
    name, _, _ = intent.partition("/")
    parsed = {"text": text, "intent": {"name": name, "confidence": 1.0}}
    if "/" in intent:
        parsed["intent"]["full_retrieval_intent_name"] = intent
    slots = {"language": "en", **(slots or {})}
    return Tracker("learner", slots, parsed, [], False, None, {}, "action_listen")


def run(action, t: Tracker) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, t, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def credential(code: str):
    with db.get_sessionmaker()() as session:
        found = queries.get_by_code(session, code)
        session.expunge_all()
        return found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("how much is the data analytics one?", "DSC-101"),
        ("Is Cyber Security Essentials online?", "CYB-110"),
        ("is cyber security essentals online", "CYB-110"),
        ("dta analytics wth pyton fee", "DSC-101"),
        ("berapa yuran asas keusahawanan digital", "ENT-101"),
        ("tell me about dsc-101", "DSC-101"),
    ],
)
def test_mentions_set_the_credential_in_context(text: str, code: str) -> None:
    _, slots = run(ActionResolveCredential(), tracker(text, "faq/fee"))
    assert slots["credential"] == code


def test_a_general_question_leaves_the_context_alone() -> None:
    assert run(ActionResolveCredential(), tracker("How much is the fee?", "faq/fee"))[1] == {}


def test_near_neighbours_are_offered_as_choices() -> None:
    messages, slots = run(ActionResolveCredential(), tracker("what will i learn in solar pv", "x"))
    assert "credential" not in slots and len(slots["credential_candidates"]) >= 2


@pytest.mark.parametrize(
    ("intent", "fact"),
    [
        ("faq/fee", lambda c: f"RM{int(c.fee_rm)}"),
        ("faq/duration", lambda c: str(c.notional_hours)),
        (
            "faq/delivery_mode",
            lambda c: {"online": "online", "blended": "blended"}.get(c.mode, "conventional"),
        ),
        ("ask_provider", lambda c: c.provider.name),
        ("ask_credential", lambda c: c.title),
    ],
)
@pytest.mark.parametrize("code", ["DSC-101", "CYB-110", "OSH-101", "ENT-101"])
def test_answers_come_from_the_catalogue(intent: str, fact, code: str) -> None:
    with db.get_sessionmaker()() as session:
        expected = fact(queries.get_by_code(session, code))
    messages, _ = run(ActionAnswerCredential(), tracker("?", intent, {"credential": code}))
    assert expected.lower() in messages[0]["text"].lower()


def test_an_age_question_states_the_minimum_age_when_there_is_one() -> None:
    messages, _ = run(
        ActionAnswerCredential(),
        tracker("can a 16 year old join", "faq/age", {"credential": "OSH-101"}),
    )
    assert "18" in messages[0]["text"]


def test_malay_answers_for_malay_learners() -> None:
    messages, _ = run(
        ActionAnswerCredential(),
        tracker("berapa yuran", "faq/fee", {"credential": "DSC-101", "language": "ms"}),
    )
    assert "RM" in messages[0]["text"] and "costs" not in messages[0]["text"]


def test_ambiguous_mentions_ask_which_one_and_remember_the_question() -> None:
    messages, slots = run(
        ActionAnswerCredential(),
        tracker(
            "how much is solar pv", "faq/fee", {"credential_candidates": ["REN-101", "REN-120"]}
        ),
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == [
        '/choose_credential{"credential": "REN-101"}',
        '/choose_credential{"credential": "REN-120"}',
    ]
    assert slots["pending_attribute"] == "fee"
    chosen, _ = run(
        ActionAnswerCredential(),
        tracker(
            "/choose_credential",
            "choose_credential",
            {"credential": "REN-120", "pending_attribute": "fee"},
        ),
    )
    assert f"RM{int(credential('REN-120').fee_rm)}" in chosen[0]["text"]


def test_a_general_faq_with_no_credential_gets_the_faq_answer() -> None:
    messages, _ = run(ActionAnswerCredential(), tracker("what is it", "faq/definition"))
    assert messages[0]["response"] == "utter_faq/definition"


def test_search_lists_matching_credentials_and_pages() -> None:
    messages, slots = run(
        ActionSearchCatalogue(), tracker("online courses under RM600", "search_catalogue")
    )
    with db.get_sessionmaker()() as session:
        expected = queries.search(session, mode="online", max_fee=600)
    assert slots["search_filters"] == {"mode": "online", "max_fee": 600}
    listed = [b["payload"] for b in messages[0]["buttons"] if b["payload"] != "/show_more"]
    assert listed == [f"tell me about {c.code}" for c in expected[:5]]
    more, slots = run(ActionShowMore(), tracker("more", "show_more", slots))
    assert slots["search_page"] == 2
    assert [b["payload"] for b in more[0]["buttons"] if b["payload"] != "/show_more"] == [
        f"tell me about {c.code}" for c in expected[5:10]
    ]


def test_compare_names_both() -> None:
    messages, _ = run(
        ActionCompareCredentials(), tracker("compare DSC-101 and CYB-110", "compare_credentials")
    )
    text = messages[0]["text"]
    assert "Data Analytics with Python" in text and "Cyber Security Essentials" in text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("online courses under RM600", {"mode": "online", "max_fee": 600}),
        ("kursus campuran bawah RM650", {"mode": "blended", "max_fee": 650}),
        ("which ones are credit-bearing?", {"type": "credit-bearing"}),
        ("ada kursus sains data?", {"field": "Data Science"}),
        ("short courses less than 10 hours", {"max_hours": 10}),
        ("list all micro-credentials", {}),
    ],
)
def test_search_requests_become_filters(text: str, expected: dict) -> None:
    with db.get_sessionmaker()() as session:
        providers = [(p.short_name, p.name) for p in queries.providers(session)]
        assert parse_search(text, queries.fields(session), providers) == expected


def test_advising_takes_the_type_from_the_catalogue_and_asks_only_the_rest() -> None:
    _, slots = run(
        ActionStartAdvising(), tracker("will it count", "start_advising", {"credential": "DSC-101"})
    )
    assert slots["credential_type"] == "credit-bearing"
    assert slots["part_of_accredited_programme"] is (
        credential("DSC-101").accredited_programme is not None
    )
    form = ValidateAdvisingForm()
    required = asyncio.run(
        form.required_slots([], CollectingDispatcher(), tracker("", "inform", slots), {})
    )
    assert "credential_type" not in [r for r in required if slots.get(r) is None]
    assert required[0] == "goal"


@pytest.mark.parametrize(
    ("facts", "rule_words"),
    [
        (
            {
                "credential_type": "standalone",
                "goal": "academic_award",
                "meets_entry_requirements": True,
                "malaysian": True,
            },
            "APEL C",
        ),
        (
            {
                "credential_type": "credit-bearing",
                "part_of_accredited_programme": False,
                "goal": "academic_award",
                "meets_entry_requirements": True,
                "malaysian": True,
            },
            "any HEP",
        ),
        (
            {
                "credential_type": "credit-bearing",
                "part_of_accredited_programme": True,
                "same_provider": True,
                "goal": "academic_award",
                "meets_entry_requirements": True,
                "malaysian": False,
            },
            "completion of credit",
        ),
    ],
)
def test_advice_names_the_rule_and_caveats(facts: dict, rule_words: str) -> None:
    messages, _ = run(ActionGiveAdvice(), tracker("", "inform", facts))
    text = messages[0]["text"]
    assert rule_words in text
    assert "entry requirements" in text
    assert ("governments" in text) is (facts["malaysian"] is False)


def test_a_question_asked_instead_of_an_answer_is_answered_and_the_slot_stays_empty() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("How much is the micro-credential fee?", "faq/fee")
    result = ValidateAdvisingForm().validate_goal(t.latest_message["text"], dispatcher, t, {})
    assert result == {"goal": None}
    assert dispatcher.messages[0]["response"] == "utter_faq/fee"


def test_an_unclear_answer_is_said_to_be_unclear() -> None:
    dispatcher = CollectingDispatcher()
    t = tracker("banana", "out_of_scope")
    assert ValidateAdvisingForm().validate_credential_type("banana", dispatcher, t, {}) == {
        "credential_type": None
    }
    assert "options" in dispatcher.messages[0]["text"]


def test_required_slots_treat_raw_unvalidated_answers_as_unknown() -> None:
    t = tracker(
        "anugerah akademik",
        "faq/fee",
        {"goal": "anugerah akademik", "credential_type": "standalone"},
    )
    required = asyncio.run(ValidateAdvisingForm().required_slots([], CollectingDispatcher(), t, {}))
    assert required[:2] == ["goal", "credential_type"]


def test_a_message_without_an_intent_does_not_break_the_answer_action() -> None:
    t = Tracker("learner", {"language": "en"}, {"text": "?"}, [], False, None, {}, "action_listen")
    assert run(ActionAnswerCredential(), t) == ([], {})
