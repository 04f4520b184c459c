"""The recognition-pathway advising form: ask only what is unknown, then advise.

The rules themselves (FAQ recognition rules a, b, c and their caveats) are pure functions
in :mod:`bot.pathways`; these actions only move facts between slots and those functions.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.base import language, say
from actions.catalogue import (
    ATTRIBUTE_OF_INTENT,
    ActionAnswerCredential,
    CatalogueUnavailable,
    catalogue,
    full_intent,
)
from bot import messages, pathways
from bot.catalogue import queries

FACT_SLOTS = pathways.QUESTION_ORDER  # one slot per fact, named alike


def known_facts(tracker: Tracker) -> pathways.Facts:
    """The facts established so far; raw answers not yet validated count as unknown."""
    facts = {}
    for slot in FACT_SLOTS:
        try:
            pathways.Facts.from_mapping({slot: tracker.get_slot(slot)})
        except ValueError:
            continue
        facts[slot] = tracker.get_slot(slot)
    return pathways.Facts.from_mapping(facts)


def credential_context(tracker: Tracker) -> dict[str, Any]:
    """What the catalogue tells about the credential in the conversation, if any."""
    code = tracker.get_slot("credential")
    if not code:
        return {}
    try:
        with catalogue() as session:
            credential = queries.get_by_code(session, code)
            if credential is None:
                return {}
            return pathways.facts_from_credential(
                credential.type,
                credential.accredited_programme,
                credential.provider.name,
                credential_title=credential.title,
            )
    except CatalogueUnavailable:
        return {}


class ActionStartAdvising(Action):
    """Start afresh: forget earlier answers, take what the catalogue already tells."""

    def name(self) -> str:
        return "action_start_advising"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        facts = {slot: None for slot in FACT_SLOTS}
        known = credential_context(tracker)
        facts.update({k: v for k, v in known.items() if k in FACT_SLOTS})
        if known.get("credential_title"):
            say(dispatcher, tracker, "advising_about", title=known["credential_title"])
        else:
            say(dispatcher, tracker, "advising_start")
        return [SlotSet(slot, value) for slot, value in facts.items()]


_SAME = re.compile(r"\b(same|sama|that one|itu juga)\b")
_OTHER = re.compile(r"\b(different|another|other|lain|berbeza)\b")


def answer_aside(dispatcher: CollectingDispatcher, tracker: Tracker) -> bool:
    """Answer a question the learner asked in the middle of the form; False if it was none."""
    intent = full_intent(tracker) or ""
    if intent.startswith("chitchat/"):
        dispatcher.utter_message(response=f"utter_{intent}")
        return True
    if not (intent.startswith("faq/") or intent in ATTRIBUTE_OF_INTENT):
        return False
    try:
        with catalogue() as session:
            ActionAnswerCredential().answer(session, dispatcher, tracker)
    except CatalogueUnavailable:
        say(dispatcher, tracker, "catalogue_unavailable")
    return True


class ValidateAdvisingForm(FormValidationAction):
    """Validates the advising form; required slots follow :func:`bot.pathways.required_facts`."""

    def name(self) -> str:
        return "validate_advising_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        return pathways.required_facts(known_facts(tracker))

    def _checked(self, slot: str, value: Any, dispatcher, tracker) -> dict[str, Any]:
        """Keep a parsed answer; otherwise answer the question asked instead, or say so.

        Either way the slot stays empty, so the form asks its question again.
        """
        if value is None and not answer_aside(dispatcher, tracker):
            say(dispatcher, tracker, "advising_not_understood")
        return {slot: value}

    def validate_goal(self, value: Any, dispatcher, tracker, domain) -> dict[str, Any]:
        return self._checked("goal", pathways.parse_goal(str(value)), dispatcher, tracker)

    def validate_credential_type(self, value: Any, dispatcher, tracker, domain):
        parsed = pathways.parse_credential_type(str(value))
        return self._checked("credential_type", parsed, dispatcher, tracker)

    def validate_part_of_accredited_programme(self, value: Any, dispatcher, tracker, domain):
        parsed = pathways.parse_yes_no(str(value))
        return self._checked("part_of_accredited_programme", parsed, dispatcher, tracker)

    def validate_same_provider(self, value: Any, dispatcher, tracker, domain):
        text = str(value).lower()
        parsed = (
            True
            if _SAME.search(text)
            else False
            if _OTHER.search(text)
            else pathways.parse_yes_no(text)
        )
        return self._checked("same_provider", parsed, dispatcher, tracker)

    def validate_meets_entry_requirements(self, value: Any, dispatcher, tracker, domain):
        parsed = pathways.parse_yes_no(str(value))
        return self._checked("meets_entry_requirements", parsed, dispatcher, tracker)

    def validate_malaysian(self, value: Any, dispatcher, tracker, domain):
        text = str(value)
        parsed = pathways.parse_nationality(text)
        if parsed is None:
            parsed = pathways.parse_yes_no(text)
        return self._checked("malaysian", parsed, dispatcher, tracker)


class AskFact(Action, ABC):
    """Ask the form's question for one fact, with answer buttons (``action_ask_<slot>``).

    Subclasses set ``slot``; ``name()`` stays abstract here so the SDK skips this class.
    """

    slot: str

    @abstractmethod
    def name(self) -> str:
        """The action's name in the domain."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        lang = language(tracker)
        options = messages.render(f"ask_{self.slot}_options", lang).split(";")
        buttons = [dict(zip(("title", "payload"), o.split("|"), strict=True)) for o in options]
        dispatcher.utter_message(text=messages.render(f"ask_{self.slot}", lang), buttons=buttons)
        return []


class AskGoal(AskFact):
    slot = "goal"

    def name(self) -> str:
        return "action_ask_goal"


class AskCredentialType(AskFact):
    slot = "credential_type"

    def name(self) -> str:
        return "action_ask_credential_type"


class AskPartOfAccreditedProgramme(AskFact):
    slot = "part_of_accredited_programme"

    def name(self) -> str:
        return "action_ask_part_of_accredited_programme"


class AskSameProvider(AskFact):
    slot = "same_provider"

    def name(self) -> str:
        return "action_ask_same_provider"


class AskMeetsEntryRequirements(AskFact):
    slot = "meets_entry_requirements"

    def name(self) -> str:
        return "action_ask_meets_entry_requirements"


class AskMalaysian(AskFact):
    slot = "malaysian"

    def name(self) -> str:
        return "action_ask_malaysian"


class ActionGiveAdvice(Action):
    """Advise from the collected facts (FAQ rule a, b or c with its caveats)."""

    def name(self) -> str:
        return "action_give_advice"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        context = credential_context(tracker)
        facts = pathways.Facts.from_mapping(
            {**context, **{s: tracker.get_slot(s) for s in FACT_SLOTS}}
        )
        advice = pathways.advise(facts)
        dispatcher.utter_message(text=pathways.render_advice(advice, facts, language(tracker)))
        return [SlotSet("requested_slot", None)]
