"""The "did you mean ...?" step of the two-stage fallback, run through the real action server."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import ActionExecutor, CollectingDispatcher

from actions.fallback import ActionDefaultAskAffirmation, likely_intents
from bot import messages

UNSURE_PARSE = {
    "text": "how much for the thing",
    "intent": {"name": "nlu_fallback", "confidence": 0.55},
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.55},
        {"name": "faq", "confidence": 0.5},
        {"name": "catalogue_count", "confidence": 0.3},
        {"name": "greet", "confidence": 0.1},
    ],
    "response_selector": {
        "faq": {
            "response": {"intent_response_key": "faq/fee", "confidence": 0.4},
            "ranking": [
                {"intent_response_key": "faq/fee", "confidence": 0.4},
                {"intent_response_key": "faq/duration", "confidence": 0.35},
            ],
        }
    },
}


def tracker(parse: dict, language: str) -> Tracker:
    return Tracker("t", {"language": language}, parse, [], False, None, {}, "action_listen")


def test_ranks_faq_answers_in_place_of_the_retrieval_intent() -> None:
    assert likely_intents(UNSURE_PARSE) == [
        "nlu_fallback",
        "faq/fee",
        "faq/duration",
        "catalogue_count",
        "greet",
    ]


def test_offers_the_likely_questions_as_buttons_in_the_learner_language() -> None:
    for language in ("en", "ms"):
        dispatcher = CollectingDispatcher()
        asyncio.run(
            ActionDefaultAskAffirmation().run(dispatcher, tracker(UNSURE_PARSE, language), {})
        )
        [message] = dispatcher.messages
        assert message["text"] == messages.render("did_you_mean", language)
        payloads = [b["payload"] for b in message["buttons"]]
        assert payloads == [
            messages.question("faq/fee", language),
            messages.question("faq/duration", language),
            messages.question("catalogue_count", language),
            "/out_of_scope",
        ]


def test_nothing_to_suggest_asks_to_rephrase() -> None:
    parse = {"text": "?", "intent_ranking": [{"name": "greet", "confidence": 0.2}]}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionDefaultAskAffirmation().run(dispatcher, tracker(parse, "en"), {}))
    assert dispatcher.messages[0]["text"] == messages.render("ask_rephrase", "en")
    assert "buttons" not in dispatcher.messages[0] or not dispatcher.messages[0]["buttons"]


def test_the_action_server_registers_the_fallback_steps() -> None:
    executor = ActionExecutor()
    executor.register_package("actions")
    assert {
        "action_default_ask_affirmation",
        "action_default_ask_rephrase",
        "action_default_fallback",
    } <= set(executor.actions)
