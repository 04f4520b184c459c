"""Actions that answer from the credential catalogue.

Credential mentions are found in each message by ``action_resolve_credential`` (the
``credential`` slot's custom mapping, run after every user message), so a credential added
to the catalogue is understood without retraining, and "how much is it?" refers to the one
talked about last. Rendering lives in :mod:`bot.catalogue.answers`.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from actions.base import language, say
from bot import messages
from bot.catalogue import answers, db, mentions, queries, resolver
from bot.catalogue.filters import parse_search

logger = logging.getLogger(__name__)

PAGE_SIZE = 5

# What each question asks about a credential. FAQ topics double as attribute questions.
ATTRIBUTE_OF_INTENT = {
    "faq/fee": "fee",
    "faq/duration": "duration",
    "faq/delivery_mode": "delivery_mode",
    "faq/types": "type",
    "faq/entry_requirements": "entry_requirements",
    "faq/age": "age",
    "faq/nationality": "nationality",
    "ask_credential": "summary",
    "ask_provider": "provider",
    "ask_credits": "credits",
    "ask_learning_outcomes": "learning_outcomes",
    "ask_intake": "intake",
    "ask_assessment": "assessment",
}


class CatalogueUnavailable(Exception):
    """The catalogue database could not be read."""


@contextmanager
def catalogue() -> Iterator[Session]:
    """A session on the catalogue; database errors become :class:`CatalogueUnavailable`."""
    try:
        with db.get_sessionmaker()() as session:
            yield session
    except SQLAlchemyError as error:
        logger.exception("catalogue query failed")
        raise CatalogueUnavailable from error


def full_intent(tracker: Tracker) -> str | None:
    """The latest intent, as ``faq/<topic>`` for retrieval intents."""
    intent = tracker.latest_message.get("intent") or {}
    return intent.get("full_retrieval_intent_name") or intent.get("name")


class CatalogueAction(Action, ABC):
    """Base of the catalogue actions: turns a database failure into a polite reply.

    Subclasses implement :meth:`answer`; ``name()`` stays abstract here so the SDK
    does not register this class.
    """

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        try:
            with catalogue() as session:
                return self.answer(session, dispatcher, tracker)
        except CatalogueUnavailable:
            say(dispatcher, tracker, "catalogue_unavailable")
            return []

    def answer(
        self, session: Session, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> list[dict[str, Any]]:
        raise NotImplementedError


class ActionCatalogueCount(CatalogueAction):
    """Say how many micro-credentials the catalogue lists, and from how many providers."""

    def name(self) -> str:
        return "action_catalogue_count"

    def answer(self, session, dispatcher, tracker):
        count = queries.count_credentials(session)
        if count == 0:
            say(dispatcher, tracker, "catalogue_empty")
        else:
            providers = len(queries.providers(session))
            say(dispatcher, tracker, "catalogue_count", count=count, providers=providers)
        return []


class ActionResolveCredential(CatalogueAction):
    """Find which credential the latest message names (the slots' custom mapping)."""

    def name(self) -> str:
        return "action_resolve_credential"

    async def run(self, dispatcher, tracker, domain):
        try:
            return await super().run(CollectingDispatcher(), tracker, domain)
        except Exception:  # never let slot extraction break the conversation
            logger.exception("resolving a credential mention failed")
            return []

    def answer(self, session, dispatcher, tracker):
        text = tracker.latest_message.get("text") or ""
        if not text or text.startswith("/"):
            return []
        code, candidates = mentions.pick(resolver.find_in_text(session, text))
        if code:
            return [SlotSet("credential", code), SlotSet("credential_candidates", None)]
        if candidates:
            return [SlotSet("credential_candidates", candidates)]
        return []


class ActionAnswerCredential(CatalogueAction):
    """Answer a question about one credential, or the general FAQ when none is meant."""

    def name(self) -> str:
        return "action_answer_credential"

    def answer(self, session, dispatcher, tracker):
        lang = language(tracker)
        intent = full_intent(tracker) or ""
        if intent == "choose_credential":
            attribute = tracker.get_slot("pending_attribute") or "summary"
        else:
            attribute = ATTRIBUTE_OF_INTENT.get(intent)
        if attribute is None:  # an FAQ with no credential-specific answer
            if intent == "faq/recognition" and tracker.get_slot("credential"):
                credential = queries.get_by_code(session, tracker.get_slot("credential"))
                dispatcher.utter_message(response="utter_faq/recognition")
                if credential:
                    lang = language(tracker)
                    dispatcher.utter_message(
                        text=messages.render("offer_advice", lang, title=credential.title),
                        buttons=[
                            {
                                "title": messages.render("offer_advice_button", lang),
                                "payload": "/start_advising",
                            }
                        ],
                    )
                return []
            if intent.startswith("faq/"):
                dispatcher.utter_message(response=f"utter_{intent}")
            return []

        candidates = tracker.get_slot("credential_candidates") or []
        if candidates and intent != "choose_credential":
            matches = queries.compare(session, candidates)
            text, buttons = answers.disambiguation(matches, lang)
            buttons = [
                {**b, "payload": f'/choose_credential{{"credential": "{b["payload"]}"}}'}
                for b in buttons
            ]
            dispatcher.utter_message(text=text, buttons=buttons)
            return [SlotSet("pending_attribute", attribute)]

        code = tracker.get_slot("credential")
        credential = queries.get_by_code(session, code) if code else None
        if credential is None:
            if intent.startswith("faq/"):
                dispatcher.utter_message(response=f"utter_{intent}")
                return []
            say(dispatcher, tracker, "which_credential")
            return [SlotSet("pending_attribute", attribute)]
        dispatcher.utter_message(text=answers.answer(credential, attribute, lang))
        return [SlotSet("pending_attribute", None), SlotSet("credential_candidates", None)]


class ActionSearchCatalogue(CatalogueAction):
    """Search with the filters named in the message; the first page, with buttons."""

    def name(self) -> str:
        return "action_search_catalogue"

    def answer(self, session, dispatcher, tracker):
        text = tracker.latest_message.get("text") or ""
        providers = [(p.short_name, p.name) for p in queries.providers(session)]
        filters = parse_search(text, queries.fields(session), providers)
        return show_page(session, dispatcher, tracker, filters, page=1)


class ActionShowMore(CatalogueAction):
    """The next page of the last search."""

    def name(self) -> str:
        return "action_show_more"

    def answer(self, session, dispatcher, tracker):
        filters = tracker.get_slot("search_filters")
        if filters is None:
            say(dispatcher, tracker, "nothing_to_page")
            return []
        page = int(tracker.get_slot("search_page") or 1) + 1
        return show_page(session, dispatcher, tracker, filters, page=page)


def show_page(session, dispatcher, tracker, filters: dict, page: int) -> list[dict[str, Any]]:
    lang = language(tracker)
    results = queries.search(session, **filters)
    text, buttons = answers.search_results(
        results, lang, page=page, page_size=PAGE_SIZE, more_payload="/show_more"
    )
    dispatcher.utter_message(text=text, buttons=buttons)
    return [SlotSet("search_filters", filters), SlotSet("search_page", page)]


class ActionCompareCredentials(CatalogueAction):
    """Compare the credentials named in the message side by side."""

    def name(self) -> str:
        return "action_compare_credentials"

    def answer(self, session, dispatcher, tracker):
        text = tracker.latest_message.get("text") or ""
        codes = mentions.all_named(resolver.find_in_text(session, text))
        if len(codes) < 2:
            say(dispatcher, tracker, "compare_needs_two")
            return []
        credentials = queries.compare(session, codes[:3])
        dispatcher.utter_message(text=answers.comparison(credentials, language(tracker)))
        return []
