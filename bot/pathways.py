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

import re
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Literal, TypeVar, get_args

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
Caveat = Literal["entry_requirements", "entry_requirements_not_met", "government_may_not_accept"]

STANDALONE: CredentialType = "standalone"
CREDIT_BEARING: CredentialType = "credit-bearing"
UPSKILLING: Goal = "upskilling"
ACADEMIC_AWARD: Goal = "academic_award"

#: Facts :func:`next_question` may ask for, in the order they are asked.
QUESTION_ORDER = (
    "goal",
    "credential_type",
    "part_of_accredited_programme",
    "same_provider",
    "meets_entry_requirements",
    "malaysian",
)
_BOOLEAN_FACTS = (
    "part_of_accredited_programme",
    "same_provider",
    "meets_entry_requirements",
    "malaysian",
)
T = TypeVar("T")


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
        return cls(**{key: value for key, value in values.items() if key in names})


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
    """The facts relevant to the advice given what is known so far, in the order to ask them.

    The goal and the credential type always matter. Only an academic award needs more:
    whether a credit-bearing credential is part of an accredited programme, then (only if it
    is) whether it goes to the same HEP, then the entry requirements and the nationality.

    Args:
        facts: What is known.

    Returns:
        Fact names; a Rasa form's ``required_slots``.
    """
    required = ["goal", "credential_type"]
    if facts.goal != ACADEMIC_AWARD:
        return required
    if facts.credential_type == CREDIT_BEARING:
        required.append("part_of_accredited_programme")
        if facts.part_of_accredited_programme:
            required.append("same_provider")
    required += ["meets_entry_requirements", "malaysian"]
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
        where = f"recognition rule {rule}" if rule else "recognition rules a and b"
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
    if facts.part_of_accredited_programme is None:
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
        later = advice.rule or "unknown"
        paragraphs.append(render(f"pathway_later_rule_{later}", language, **names))
    else:
        paragraphs.append(render(f"pathway_{advice.outcome}", language, **names))
    paragraphs += [render(f"pathway_caveat_{key}", language, **names) for key in advice.caveats]
    if advice.rule is not None:
        rules = render("pathway_source_rule", language, rule=advice.rule)
    elif advice.outcome == "not_covered_other_hep":
        rules = render("pathway_source_rule", language, rule="a")
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


# --------------------------------------------------------------------------- free-text answers
# Each table row maps alternatives (a regular expression, matched on whole words of the
# lower-cased text) to the value they mean. English, Malay and Manglish sit side by side.

_UNSURE = (
    "not sure|unsure|don'?t know|dunno|maybe|perhaps|entah|mungkin"
    "|tak pasti|tidak pasti|tak tahu|tidak tahu|tak tau"
)

_YES_NO: tuple[tuple[str, bool], ...] = (
    ("yes|yeah|yea|yep|yup|ya|yalah|yelah|ye|iya|y|sure|of course|correct", True),
    ("ok|okay|okey|betul|benar|boleh|haah|ha'?ah|aah|setuju|sudah|dah", True),
    ("no|nope|nah|not|never|don'?t|doesn'?t|n|x", False),
    ("tidak|tak|takde|tiada|bukan|belum", False),
)

_GOALS: tuple[tuple[str, Goal], ...] = (
    ("upskill[a-z]*|up-skill[a-z]*|reskill[a-z]*|skills?|jobs?|work|career", UPSKILLING),
    ("kerja[a-z]*|kemahiran|naik pangkat|promotion", UPSKILLING),
    ("degrees?|diplomas?|qualifications?|awards?|academic|credits?", ACADEMIC_AWARD),
    ("bachelor[a-z]*|masters?|phd|further stud[a-z]*", ACADEMIC_AWARD),
    ("ijazah|kelayakan|sijil akademik|akademik|kredit|sarjana|pengajian", ACADEMIC_AWARD),
    ("sambung (?:belajar|study|studi|degree)", ACADEMIC_AWARD),
)

# The type named first wins, so "tanpa kredit" and "non-credit" are standalone.
_CREDENTIAL_TYPES: tuple[tuple[str, CredentialType], ...] = (
    ("stand-?alone|stand alone|berdiri sendiri|non-? ?credit[a-z-]*", STANDALONE),
    ("not credit[- ]?bearing|no credits?|without credits?", STANDALONE),
    ("tanpa kredit|tiada kredit|tak (?:ada )?kredit", STANDALONE),
    ("credit[- ]?bearing|with credits?|credits?", CREDIT_BEARING),
    ("bawa kredit|membawa kredit|berkredit|kredit", CREDIT_BEARING),
)

# Non-Malaysian answers come first: "non-Malaysian" and "bukan warganegara" contain Malaysian
# ones, and "I study in Malaysia but I'm from Indonesia" is a foreigner.
_NATIONALITIES: tuple[tuple[str, bool], ...] = (
    ("non-? ?malaysians?|not (?:a )?malaysian|bukan (?:warganegara|rakyat)[a-z]*", False),
    ("foreign[a-z]*|international|warga asing|orang asing|antarabangsa|expat[a-z]*", False),
    ("indonesian?|bangladesh[a-z]*|nigerian?|china|india|pakistan[a-z]*|nepal[a-z]*", False),
    ("myanmar|thailand|singapore|philippines|vietnam|brunei|yemen|iran|iraq|egypt", False),
    ("sudan|somalia|libya|jordan|syria|saudi arabia|sri lanka|maldives|kenya|ghana", False),
    ("kazakhstan|uzbekistan|japan|korea|uk|united kingdom|usa|united states|australia", False),
    ("malaysians?|malaysia|warganegara|rakyat malaysia|orang malaysia|local|tempatan", True),
)


def _normalise(text: str | None) -> str:
    return " ".join((text or "").lower().replace("\u2019", "'").split())


def _matches(text: str | None, table: Iterable[tuple[str, T]]) -> list[tuple[int, T]]:
    """Each (position, value) of a table row whose words occur in ``text``, in table order."""
    normalised = _normalise(text)
    found = []
    for pattern, value in table:
        match = re.search(rf"(?<![\w-])(?:{pattern})(?![\w-])", normalised)
        if match:
            found.append((match.start(), value))
    return found


def parse_yes_no(text: str | None) -> bool | None:
    """A yes or no in English, Malay or Manglish (``ya``, ``tak``, ``x``, ``boleh``...).

    Args:
        text: The learner's reply.

    Returns:
        ``True`` or ``False`` by the first yes/no word (so "tak boleh" is no); ``None`` when
        unsure ("not sure", "tak pasti") or unrelated.
    """
    if _matches(text, [(_UNSURE, None)]):
        return None
    found = _matches(text, _YES_NO)
    return min(found, key=lambda hit: hit[0])[1] if found else None


def parse_goal(text: str | None) -> Goal | None:
    """The learner's goal: ``"upskilling"`` or ``"academic_award"``.

    Args:
        text: The learner's reply.

    Returns:
        The goal its words point to, or ``None`` when they point to both or neither.
    """
    values = {value for _, value in _matches(text, _GOALS)}
    return values.pop() if len(values) == 1 else None


def parse_credential_type(text: str | None) -> CredentialType | None:
    """The credential type: ``"standalone"`` or ``"credit-bearing"``.

    Args:
        text: The learner's reply.

    Returns:
        The type named first ("tanpa kredit", "non-credit" are standalone), or ``None``.
    """
    found = _matches(text, _CREDENTIAL_TYPES)
    return min(found, key=lambda hit: hit[0])[1] if found else None


def parse_nationality(text: str | None) -> bool | None:
    """Whether the learner is Malaysian.

    Args:
        text: The learner's reply.

    Returns:
        ``False`` for non-Malaysian answers (foreigner, international, bukan warganegara, a
        country other than Malaysia), else ``True`` for Malaysian ones (warganegara, rakyat
        Malaysia), else ``None``.
    """
    found = _matches(text, _NATIONALITIES)
    return found[0][1] if found else None
