"""Recognition-pathway advice (bot/pathways.py) against the micro-credential FAQ's rules a–c."""

from __future__ import annotations

import dataclasses
import itertools
import re
from pathlib import Path

import pytest
import yaml

from bot import messages
from bot.pathways import (
    QUESTION_ORDER,
    Advice,
    Facts,
    advise,
    facts_from_credential,
    known_caveats,
    next_question,
    render_advice,
    required_facts,
)

PATHWAY_TEXTS = Path(messages.__file__).with_name("texts") / "pathways.yml"
LANGUAGES = ("en", "ms")
BOOLS = (True, False, None)

ALL_FACTS = [
    Facts(
        credential_type=credential_type,
        part_of_accredited_programme=accredited,
        same_provider=same,
        goal=goal,
        meets_entry_requirements=meets,
        malaysian=malaysian,
    )
    for credential_type, accredited, same, goal, meets, malaysian in itertools.product(
        ("standalone", "credit-bearing", None),
        BOOLS,
        BOOLS,
        ("upskilling", "academic_award", None),
        BOOLS,
        BOOLS,
    )
]
COMPLETE = [facts for facts in ALL_FACTS if next_question(facts) is None]


def award(**values) -> Facts:
    """Complete facts for an academic award by a Malaysian who meets the entry requirements."""
    base = {"goal": "academic_award", "meets_entry_requirements": True, "malaysian": True}
    return Facts(**{**base, **values})


def _id(facts: Facts) -> str:
    return "-".join(str(getattr(facts, name)) for name in QUESTION_ORDER)


# ------------------------------------------------------------------------- every combination


def test_the_product_covers_every_combination():
    assert len(ALL_FACTS) == 3**6
    assert len(set(ALL_FACTS)) == 3**6


@pytest.mark.parametrize("facts", ALL_FACTS, ids=_id)
def test_invariants_for_every_combination(facts: Facts):
    question = next_question(facts)
    required = required_facts(facts)

    # next_question is the first unknown required fact, asked in the FAQ-driven order.
    assert question == next((name for name in required if getattr(facts, name) is None), None)
    assert required == sorted(required, key=QUESTION_ORDER.index)
    # The learner's situation is never asked: its caveats are stated as facts or conditions.
    assert not {"goal", "meets_entry_requirements", "malaysian"} & set(required)
    if facts.goal == "upskilling":
        assert required == []
    else:
        assert required[0] == "credential_type"
    if facts.credential_type != "credit-bearing":
        assert "part_of_accredited_programme" not in required
    if not facts.part_of_accredited_programme or facts.credential_type != "credit-bearing":
        assert "same_provider" not in required

    # advise succeeds iff nothing is left to ask, and otherwise names the missing fact.
    if question is not None:
        with pytest.raises(ValueError, match=question):
            advise(facts)
        return
    advice = advise(facts)
    assert isinstance(advice, Advice)
    assert advice.source.startswith("micro-credential FAQ")

    if facts.goal == "upskilling":
        assert advice.outcome == "upskilling_only"
        assert advice.caveats == ()
        expected_rule = {
            "standalone": "c",
            "credit-bearing": {True: "a", False: "b", None: None}[
                facts.part_of_accredited_programme
            ],
            None: None,
        }[facts.credential_type]
        assert advice.rule == expected_rule
        return

    assert facts.goal in ("academic_award", None)  # advising is about recognition by default
    if facts.credential_type == "standalone":
        assert (advice.rule, advice.outcome) == ("c", "apel_c")
    elif facts.part_of_accredited_programme is False:
        # Rule b whatever the provider.
        assert (advice.rule, advice.outcome) == ("b", "credit_transfer_any_hep")
    elif facts.same_provider:
        assert (advice.rule, advice.outcome) == ("a", "completion_of_credit")
    else:
        assert (advice.rule, advice.outcome) == (None, "not_covered_other_hep")

    assert advice.caveats[0] == "entry_requirements"
    assert ("entry_requirements_not_met" in advice.caveats) == (
        facts.meets_entry_requirements is False
    )
    assert ("government_may_not_accept" in advice.caveats) == (facts.malaysian is False)
    assert ("government_if_not_malaysian" in advice.caveats) == (facts.malaysian is None)


def test_complete_combinations_are_the_ones_expected():
    def enough(facts: Facts) -> bool:
        if facts.goal == "upskilling":
            return True
        if facts.credential_type is None:
            return False
        if facts.credential_type == "standalone":
            return True
        if facts.part_of_accredited_programme is None:
            return False
        return facts.part_of_accredited_programme is False or facts.same_provider is not None

    assert [facts for facts in ALL_FACTS if enough(facts)] == COMPLETE


def test_known_caveats_before_the_rule_is_known():
    assert known_caveats(Facts(), "en") == []
    worried = known_caveats(Facts(meets_entry_requirements=False, malaysian=False), "en")
    assert len(worried) == 3
    assert "do not meet them yet" in worried[1]
    assert "may not be accepted by some governments" in worried[2]
    assert "belum memenuhinya" in known_caveats(Facts(meets_entry_requirements=False), "ms")[1]


# ------------------------------------------------------------------------- rule by rule


def test_rule_a_same_hep_is_completion_of_credit():
    advice = advise(
        award(
            credential_type="credit-bearing", part_of_accredited_programme=True, same_provider=True
        )
    )
    assert advice == Advice(
        rule="a",
        outcome="completion_of_credit",
        caveats=("entry_requirements",),
        source="micro-credential FAQ, recognition rule a",
    )


@pytest.mark.parametrize("same_provider", BOOLS)
def test_rule_b_any_hep_whatever_the_provider(same_provider):
    advice = advise(
        award(
            credential_type="credit-bearing",
            part_of_accredited_programme=False,
            same_provider=same_provider,
        )
    )
    assert (advice.rule, advice.outcome) == ("b", "credit_transfer_any_hep")
    assert advice.source == "micro-credential FAQ, recognition rule b"


def test_rule_c_standalone_is_apel_c():
    advice = advise(award(credential_type="standalone"))
    assert (advice.rule, advice.outcome) == ("c", "apel_c")
    assert advice.source == "micro-credential FAQ, recognition rule c"


def test_accredited_but_different_hep_is_not_covered():
    advice = advise(
        award(
            credential_type="credit-bearing", part_of_accredited_programme=True, same_provider=False
        )
    )
    assert advice.rule is None
    assert advice.outcome == "not_covered_other_hep"
    assert "rule a" in advice.source and "not covered" in advice.source


def test_caveats_for_a_non_malaysian_below_entry_requirements():
    advice = advise(
        award(credential_type="standalone", meets_entry_requirements=False, malaysian=False)
    )
    assert advice.caveats == (
        "entry_requirements",
        "entry_requirements_not_met",
        "government_may_not_accept",
    )


def test_upskilling_asks_nothing_and_still_names_the_later_rule():
    facts = Facts(goal="upskilling")
    assert next_question(facts) is None
    assert advise(facts).rule is None
    assert "APEL C" in render_advice(advise(facts), facts, "en")
    assert render_advice(advise(facts), facts, "en").endswith("rules a, b and c_")
    facts = dataclasses.replace(facts, credential_type="credit-bearing")
    assert next_question(facts) is None
    assert advise(facts).rule is None  # accredited or not is unknown: rules a and b explained
    assert advise(dataclasses.replace(facts, part_of_accredited_programme=True)).rule == "a"
    assert advise(dataclasses.replace(facts, part_of_accredited_programme=False)).rule == "b"
    assert advise(Facts(goal="upskilling", credential_type="standalone")).rule == "c"
    # A non-Malaysian upskilling is not pursuing credit transfer.
    assert (
        advise(Facts(goal="upskilling", credential_type="standalone", malaysian=False)).caveats
        == ()
    )


def test_question_order_for_an_academic_award():
    asked = []
    answers = {
        "goal": "academic_award",
        "credential_type": "credit-bearing",
        "part_of_accredited_programme": True,
        "same_provider": True,
        "meets_entry_requirements": True,
        "malaysian": False,
    }
    facts = Facts()
    while (name := next_question(facts)) is not None:
        asked.append(name)
        facts = dataclasses.replace(facts, **{name: answers[name]})
    assert asked == list(QUESTION_ORDER)


def test_catalogue_facts_skip_questions():
    known = facts_from_credential("credit-bearing", "Bachelor of Data Science (Hons)", "UTB")
    facts = Facts(goal="academic_award", **known)
    assert facts.part_of_accredited_programme is True
    assert facts.programme == "Bachelor of Data Science (Hons)"
    assert next_question(facts) == "same_provider"


def test_facts_from_credential():
    assert facts_from_credential("credit-bearing", None, "UPT") == {
        "credential_type": "credit-bearing",
        "part_of_accredited_programme": False,
        "provider": "UPT",
    }
    assert facts_from_credential("standalone", None, None, credential_title="Excel") == {
        "credential_type": "standalone",
        "credential_title": "Excel",
    }
    with pytest.raises(ValueError, match="credential_type"):
        facts_from_credential("diploma", None, None)


def test_facts_reject_values_outside_the_rules():
    with pytest.raises(ValueError, match="credential_type"):
        Facts(credential_type="micro")
    with pytest.raises(ValueError, match="goal"):
        Facts(goal="fun")
    with pytest.raises(ValueError, match="malaysian"):
        Facts(malaysian="yes")


def test_facts_from_mapping_ignores_other_slots():
    facts = Facts.from_mapping({"goal": "upskilling", "language": "ms", "requested_slot": None})
    assert facts == Facts(goal="upskilling")


# ------------------------------------------------------------------------- rendering

KEY_FACTS = {
    "a": {
        "en": ("completion of credit", "same Higher Education Provider (HEP)"),
        "ms": (
            "dianggap sebagai penyempurnaan kredit",
            "Penyedia Pendidikan Tinggi (HEP) yang sama",
        ),
    },
    "b": {
        "en": ("any HEP", "credit transfer"),
        "ms": ("mana-mana Penyedia Pendidikan Tinggi (HEP)", "pemindahan kredit"),
    },
    "c": {
        "en": ("APEL C mechanism", "credit recognition"),
        "ms": ("mekanisme APEL C", "pengiktirafan kredit"),
    },
}
CAVEAT_FACTS = {
    "entry_requirements": {"en": "minimum entry requirements", "ms": "syarat kemasukan minimum"},
    "entry_requirements_not_met": {"en": "do not meet them yet", "ms": "belum memenuhinya"},
    "government_may_not_accept": {
        "en": "may not be accepted by some governments",
        "ms": "mungkin tidak diterima oleh sesetengah kerajaan",
    },
    "government_if_not_malaysian": {
        "en": "If you are not Malaysian",
        "ms": "Jika anda bukan warganegara Malaysia",
    },
}
SOURCE = {
    "en": "Source: micro-credential FAQ, rule {}",
    "ms": "Sumber: Soalan Lazim mikro-kredensial, peraturan {}",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_complete_combination_renders(language):
    for facts in COMPLETE:
        for context in (
            {},
            {"credential_title": "Data Wrangling", "programme": "BSc Data", "provider": "UTB"},
        ):
            facts = dataclasses.replace(facts, **context)
            advice = advise(facts)
            text = render_advice(advice, facts, language)
            assert not re.search(r"\{\w*\}", text), text
            for caveat in advice.caveats:
                assert CAVEAT_FACTS[caveat][language] in text
            if advice.rule is not None:
                for phrase in KEY_FACTS[advice.rule][language]:
                    assert phrase in text
                assert SOURCE[language].format(advice.rule) in text
            if context and advice.outcome != "upskilling_only":
                assert "“Data Wrangling”" in text
            assert text.splitlines()[-1].startswith("_") and text.endswith("_")


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Rule a applies", "“Data Wrangling”", "“BSc Data”", "completion of credit", "UTB"]),
        (
            "ms",
            [
                "Peraturan a terpakai",
                "program yang diakreditasi “BSc Data”",
                "UTB",
                "dianggap sebagai penyempurnaan kredit",
            ],
        ),
    ],
)
def test_rule_a_names_credential_programme_and_provider(language, expected):
    facts = award(
        credential_type="credit-bearing",
        part_of_accredited_programme=True,
        same_provider=True,
        credential_title="Data Wrangling",
        programme="BSc Data",
        provider="UTB",
    )
    text = render_advice(advise(facts), facts, language)
    for phrase in expected:
        assert phrase in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "en",
            [
                "Rule a applies only at the same HEP",
                "does not promise recognition",
                "ask the HEP",
                "Source: micro-credential FAQ, rule a",
            ],
        ),
        (
            "ms",
            [
                "Peraturan a hanya terpakai di HEP yang sama",
                "tidak menjanjikan pengiktirafan",
                "sila tanya HEP",
                "Sumber: Soalan Lazim mikro-kredensial, peraturan a",
            ],
        ),
    ],
)
def test_not_covered_case_is_honest(language, expected):
    facts = award(
        credential_type="credit-bearing", part_of_accredited_programme=True, same_provider=False
    )
    text = render_advice(advise(facts), facts, language)
    for phrase in expected:
        assert phrase in text


def test_upskilling_render_mentions_the_later_pathway():
    facts = Facts(goal="upskilling", credential_type="standalone")
    en = render_advice(advise(facts), facts, "en")
    ms = render_advice(advise(facts), facts, "ms")
    assert "digital badge" in en and "APEL C mechanism" in en and en.endswith("rule c_")
    assert "lencana digital" in ms and "mekanisme APEL C" in ms and ms.endswith("peraturan c_")
    facts = Facts(goal="upskilling", credential_type="credit-bearing")
    en = render_advice(advise(facts), facts, "en")
    assert "any HEP" in en and "completion of credit" in en and en.endswith("rules a and b_")
    ms = render_advice(advise(facts), facts, "ms")
    assert "mana-mana HEP" in ms and ms.endswith("peraturan a dan b_")


def test_unknown_language_falls_back_to_english():
    facts = award(credential_type="standalone")
    assert render_advice(advise(facts), facts, "zh") == render_advice(advise(facts), facts, "en")


# ------------------------------------------------------------------------- texts


def test_every_pathway_text_has_english_and_malay():
    texts = yaml.safe_load(PATHWAY_TEXTS.read_text(encoding="utf-8"))
    assert texts
    for key, value in texts.items():
        assert key.startswith("pathway_"), key
        assert set(value) == {"en", "ms"}, key
        assert all(isinstance(value[lang], str) and value[lang].strip() for lang in LANGUAGES)
        # Both languages use the same placeholders.
        assert set(re.findall(r"\{(\w+)\}", value["en"])) == set(
            re.findall(r"\{(\w+)\}", value["ms"])
        ), key


def test_all_texts_load_without_key_clashes():
    messages._messages.cache_clear()
    merged = messages._messages()
    own = yaml.safe_load(PATHWAY_TEXTS.read_text(encoding="utf-8"))
    assert own.keys() <= merged.keys()
