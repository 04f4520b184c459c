"""Recognition-pathway advice: how a learner's micro-credential can be recognised for credit.

Pure functions over a few facts about the learner and the credential, following the
micro-credential FAQ ("Can these micro-credentials be recognised i.e. given credits if these
learners enrol in academic programmes? Yes, recognition can be given as follows:"):

a. Where micro-credentials are considered a part of an accredited programme, the
   micro-credentials are treated as completion of credit if tendered to the same HEP.
b. Where the micro-credentials are not considered a part of an accredited programme, it can
   be tendered to any HEP for credit transfer.
c. Where the micro-credentials are standalone, it can be tendered under APEL C mechanism for
   credit recognition.

Caveats from the same FAQ: to use micro-credentials to gain an academic award/qualification,
learners must meet the minimum entry requirements before they enrol into the specific
programme; credit transfer of micro-credentials to academic programmes may not be accepted by
some governments.

The one case the FAQ leaves open, a credential that is part of an accredited programme but
tendered to a *different* HEP, is not guessed at: the advice says rule a applies at the same
HEP only and that the learner should ask the receiving HEP.

Nothing here touches Rasa, the database or the network; texts come from
``bot/texts/pathways.yml`` through :func:`bot.messages.render`.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Literal, get_args

from bot.messages import render

CredentialType = Literal["standalone", "credit-bearing"]
Goal = Literal["upskilling", "academic_award"]
Rule = Literal["a", "b", "c"]
Outcome = Literal[
    "completion_of_credit",
    "credit_transfer_any_hep",
    "apel_c",
    "not_covered_other_hep",
    "upskilling_only",
]
Caveat = Literal[
    "entry_requirements",
    "entry_requirements_not_met",
    "government_may_not_accept",
    "government_if_not_malaysian",
]

STANDALONE: CredentialType = "standalone"
CREDIT_BEARING: CredentialType = "credit-bearing"
UPSKILLING: Goal = "upskilling"
ACADEMIC_AWARD: Goal = "academic_award"

#: Facts :func:`next_question` may ask for, in the order they are asked.
QUESTION_ORDER = ("credential_type", "part_of_accredited_programme", "same_provider")
_BOOLEAN_FACTS = (
    "part_of_accredited_programme",
    "same_provider",
    "meets_entry_requirements",
    "malaysian",
)


@dataclass(frozen=True)
class Facts:
    """What is known about the learner and their micro-credential; ``None`` means unknown.

    Attributes:
        credential_type: ``"standalone"`` or ``"credit-bearing"``.
        part_of_accredited_programme: Whether the (credit-bearing) micro-credential is
            considered a part of an accredited programme.
        same_provider: Whether the learner will tender it to the same HEP that offers the
            accredited programme it belongs to.
        goal: ``"upskilling"`` or ``"academic_award"`` (using it towards an academic
            award/qualification).
        meets_entry_requirements: Whether the learner meets the minimum entry requirements
            of the academic programme they want to enrol in.
        malaysian: Whether the learner is Malaysian.
        credential_title: The micro-credential's title, when known (context only).
        programme: The accredited programme's name from the catalogue (context only).
        provider: The HEP offering the micro-credential (context only).

    Raises:
        ValueError: On a credential type or goal outside the allowed values, or a yes/no
            fact that is not a bool or ``None``.
    """

    credential_type: CredentialType | None = None
    part_of_accredited_programme: bool | None = None
    same_provider: bool | None = None
    goal: Goal | None = None
    meets_entry_requirements: bool | None = None
    malaysian: bool | None = None
    credential_title: str | None = None
    programme: str | None = None
    provider: str | None = None

    def __post_init__(self) -> None:
        if self.credential_type not in (None, *get_args(CredentialType)):
            raise ValueError(f"unknown credential_type: {self.credential_type!r}")
        if self.goal not in (None, *get_args(Goal)):
            raise ValueError(f"unknown goal: {self.goal!r}")
        for name in _BOOLEAN_FACTS:
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise ValueError(f"{name} must be True, False or None, not {value!r}")

    @classmethod
    def from_mapping(cls, values: dict) -> Facts:
        """Facts from a mapping such as a Rasa tracker's slots; unrelated keys are ignored.

        Args:
            values: Fact names to values.

        Returns:
            The facts named in ``values``; the rest unknown.
        """
        names = {field.name for field in fields(cls)}
        known = {key: value for key, value in values.items() if key in names}
        if known.get("part_of_accredited_programme") and not known.get("credential_type"):
            known["credential_type"] = CREDIT_BEARING  # only credit-bearing ones are part of one
        return cls(**known)


@dataclass(frozen=True)
class Advice:
    """The recognition pathway for a set of facts.

    Attributes:
        rule: The FAQ recognition rule that applies (for upskilling: the rule that would apply
            if the learner later pursues an award), or ``None`` when no rule covers the case or
            it cannot yet be told.
        outcome: ``completion_of_credit``, ``credit_transfer_any_hep``, ``apel_c``,
            ``not_covered_other_hep`` or ``upskilling_only``.
        caveats: Keys of the caveats that apply, in the order they are shown.
        source: Where the advice comes from, e.g. ``"micro-credential FAQ, recognition rule a"``.
    """

    rule: Rule | None
    outcome: Outcome
    caveats: tuple[Caveat, ...]
    source: str


def required_facts(facts: Facts) -> list[str]:
    """The facts the advice needs given what is known so far, in the order to ask them.

    Upskilling needs nothing. Otherwise (an academic award, the default: advising is about
    recognition) the credential type matters, a credit-bearing credential also needs whether
    it is part of an accredited programme, and (only if it is) whether it goes to the same
    HEP. Entry requirements and nationality are never asked: the advice states their caveats
    as conditions when they are unknown, and as facts when the learner has said.

    Args:
        facts: What is known.

    Returns:
        Fact names, in the order to ask them.
    """
    if facts.goal == UPSKILLING:
        return []  # nothing more is needed for upskilling; the later rule is told if known
    required = ["credential_type"]
    if facts.credential_type == CREDIT_BEARING:
        required.append("part_of_accredited_programme")
        if facts.part_of_accredited_programme:
            required.append("same_provider")
    return required


def next_question(facts: Facts) -> str | None:
    """The first fact still needed to give advice.

    Args:
        facts: What is known.

    Returns:
        A fact name from :data:`QUESTION_ORDER`, or ``None`` when :func:`advise` can answer.
    """
    return next((name for name in required_facts(facts) if getattr(facts, name) is None), None)


def advise(facts: Facts) -> Advice:
    """The recognition pathway for ``facts``.

    Args:
        facts: What is known; every fact :func:`required_facts` lists must be known.

    Returns:
        The rule, outcome, caveats and source of the advice.

    Raises:
        ValueError: If a needed fact is missing (the message names it).
    """
    missing = next_question(facts)
    if missing is not None:
        raise ValueError(f"cannot advise yet: missing fact {missing!r}")

    rule = _later_rule(facts)
    if facts.goal == UPSKILLING:
        where = (
            f"recognition rule {rule}"
            if rule
            else "recognition rules a and b"
            if facts.credential_type
            else "recognition rules a, b and c"
        )
        source = f"micro-credential FAQ, types of micro-credentials; {where}"
        return Advice(rule, "upskilling_only", (), source)

    outcome: Outcome
    if facts.credential_type == STANDALONE:
        outcome = "apel_c"
    elif not facts.part_of_accredited_programme:
        outcome = "credit_transfer_any_hep"
    elif facts.same_provider:
        outcome = "completion_of_credit"
    else:
        outcome, rule = "not_covered_other_hep", None

    caveats: list[Caveat] = ["entry_requirements"]
    if facts.meets_entry_requirements is False:
        caveats.append("entry_requirements_not_met")
    if facts.malaysian is False:
        caveats.append("government_may_not_accept")
    elif facts.malaysian is None:
        caveats.append("government_if_not_malaysian")
    source = (
        "micro-credential FAQ, recognition rule a (same HEP only; other HEPs not covered)"
        if rule is None
        else f"micro-credential FAQ, recognition rule {rule}"
    )
    return Advice(rule, outcome, tuple(caveats), source)


def _later_rule(facts: Facts) -> Rule | None:
    """The rule for the credential itself: c standalone, a accredited, b not, None unknown."""
    if facts.credential_type == STANDALONE:
        return "c"
    if facts.credential_type is None or facts.part_of_accredited_programme is None:
        return None
    return "a" if facts.part_of_accredited_programme else "b"


def render_advice(advice: Advice, facts: Facts, language: str | None) -> str:
    """The full reply: the outcome, each caveat and the source line.

    Args:
        advice: From :func:`advise`.
        facts: The facts advised on (their title, programme and provider name the credential).
        language: ``"en"`` or ``"ms"``; anything else falls back to English.

    Returns:
        Paragraphs separated by blank lines, the source line last in italics.
    """
    names = _names(facts, language)
    paragraphs: list[str] = []
    if advice.outcome == "upskilling_only":
        paragraphs.append(render("pathway_upskilling_only", language, **names))
        later = advice.rule or ("unknown" if facts.credential_type else "any")
        paragraphs.append(render(f"pathway_later_rule_{later}", language, **names))
    else:
        paragraphs.append(render(f"pathway_{advice.outcome}", language, **names))
    paragraphs += [render(f"pathway_caveat_{key}", language, **names) for key in advice.caveats]
    if advice.rule is not None:
        rules = render("pathway_source_rule", language, rule=advice.rule)
    elif advice.outcome == "not_covered_other_hep":
        rules = render("pathway_source_rule", language, rule="a")
    elif facts.credential_type is None:
        rules = render("pathway_source_rules_a_c", language)
    else:
        rules = render("pathway_source_rules_a_b", language)
    paragraphs.append("_" + render("pathway_source", language, rules=rules) + "_")
    return "\n\n".join(paragraphs)


def _names(facts: Facts, language: str | None) -> dict[str, str]:
    """How the texts refer to the credential, its programme and the same HEP."""
    credential = (
        render("pathway_credential_named", language, title=facts.credential_title)
        if facts.credential_title
        else render("pathway_credential_generic", language)
    )
    programme = (
        render("pathway_programme_named", language, programme=facts.programme)
        if facts.programme
        else render("pathway_programme_generic", language)
    )
    same_hep = (
        render("pathway_same_hep_named", language, provider=facts.provider)
        if facts.provider
        else render("pathway_same_hep_generic", language)
    )
    return {"credential": credential, "programme": programme, "same_hep": same_hep}


def facts_from_credential(
    credential_type: str,
    accredited_programme: str | None,
    provider: str | None,
    *,
    credential_title: str | None = None,
) -> dict:
    """The facts a catalogue entry already tells, so the chatbot asks only the rest.

    Args:
        credential_type: The catalogue's type, ``"standalone"`` or ``"credit-bearing"``.
        accredited_programme: The accredited programme a credit-bearing credential is part of,
            or ``None`` when it is not part of one.
        provider: The name of the HEP offering it.
        credential_title: The credential's title, if the caller wants it named.

    Returns:
        Fact names to values, leaving out what is unknown (so merging never clears a fact).
        ``part_of_accredited_programme`` is given only for credit-bearing credentials.

    Raises:
        ValueError: On an unknown credential type.
    """
    if credential_type not in get_args(CredentialType):
        raise ValueError(f"unknown credential_type: {credential_type!r}")
    known: dict = {"credential_type": credential_type}
    if credential_type == CREDIT_BEARING:
        known["part_of_accredited_programme"] = accredited_programme is not None
        if accredited_programme is not None:
            known["programme"] = accredited_programme
    if provider:
        known["provider"] = provider
    if credential_title:
        known["credential_title"] = credential_title
    return known


def known_caveats(facts: Facts, language: str | None) -> list[str]:
    """The caveats the learner's own words already call for, before the rule is known.

    Args:
        facts: What is known.
        language: ``"en"`` or ``"ms"``.

    Returns:
        Texts of the entry-requirements caveat (when the learner does not meet them or worries
        they don't) and the credit-transfer caveat (when the learner is not Malaysian).
    """
    names = _names(facts, language)
    keys = []
    if facts.meets_entry_requirements is False:
        keys += ["entry_requirements", "entry_requirements_not_met"]
    if facts.malaysian is False:
        keys.append("government_may_not_accept")
    return [render(f"pathway_caveat_{key}", language, **names) for key in keys]
