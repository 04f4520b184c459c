"""Answers about concrete catalogue credentials (bot/catalogue/answers.py), in English and Malay.

Every credential of data/catalogue/sample.yaml is answered on every attribute in both languages
and checked for its facts; targeted tests cover the branches (age limit, nationality, FAQ
recognition rules a/b/c, intakes, search paging, comparison, disambiguation, not found).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from bot import messages
from bot.catalogue import answers, db, importer
from bot.catalogue.answers import (
    ATTRIBUTES,
    answer,
    answer_many,
    comparison,
    disambiguation,
    format_date,
    money,
    not_found,
    search_results,
)
from bot.catalogue.models import Credential, Provider
from bot.catalogue.resolver import Match

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "catalogue" / "sample.yaml"
TEXTS = ROOT / "bot" / "texts" / "catalogue.yml"
LANGUAGES = ("en", "ms")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")

MONTHS = {
    "en": "January February March April May June July August September October November "
    "December".split(),
    "ms": "Januari Februari Mac April Mei Jun Julai Ogos September Oktober November "
    "Disember".split(),
}
MODE_WORDS = {
    "en": {"online": "online", "conventional": "face to face", "blended": "blended"},
    "ms": {"online": "dalam talian", "conventional": "bersemuka", "blended": "campuran"},
}
TYPE_WORDS = {
    "en": {"standalone": "standalone", "credit-bearing": "credit-bearing"},
    "ms": {"standalone": "berdiri sendiri", "credit-bearing": "bawa kredit"},
}
RULE = {"en": "rule {}", "ms": "peraturan pengiktirafan {}"}
# English template words the Malay texts translate; none may leak into a Malay answer
# (unless the credential's own data, which is not translated, contains them).
ENGLISH_TEMPLATE_WORDS = [
    "costs",
    "is offered",
    "hours of notional learning",
    "days of 8 hours",
    "half a day",
    "you can start",
    "start any time",
    "credit-bearing",
    "standalone",
    "Intake",
    "Provider",
    "Website",
    "digital badge",
    "no age limit",
    "minimum age",
    "open to",
    "non-Malaysians",
    "credits at",
    "MQF level",
    "Language of instruction",
    "you will be able to",
    "In general",
    "For reference",
    "face to face",
    "once you pass",
    "Duration",
    "Details",
    "Why:",
    "January",
    "February",
    "March",
    "July",
    "August",
    "October",
    "December",
]


# ---------------------------------------------------------------- data


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Credential]:
    """Every credential of the sample catalogue, loaded once through a fresh SQLite database."""
    url = f"sqlite:///{tmp_path_factory.mktemp('answers') / 'catalogue.db'}"
    db.migrate(url)
    try:
        with db.get_sessionmaker(url).begin() as session:
            importer.import_file(session, SAMPLE)
        with db.get_sessionmaker(url)() as session:
            credentials = list(session.scalars(select(Credential).order_by(Credential.code)))
    finally:
        db.dispose(url)
    return {c.code: c for c in credentials}


def make(**overrides) -> Credential:
    """A credential built in memory (no database), with neutral texts."""
    provider = overrides.pop(
        "provider",
        Provider(
            short_name="TP",
            name="Test Provider College",
            state="Melaka",
            website="https://tp.example/",
        ),
    )
    values = dict(
        code="TST-100",
        title="Widget Basics",
        type="standalone",
        field="Testing",
        mqf_level=None,
        credits=None,
        notional_hours=40,
        fee_rm=600,
        mode="online",
        language="English",
        accredited_programme=None,
        entry_notes=None,
        min_age=None,
        open_to_non_malaysians=True,
        learning_outcomes=["Assemble widgets", "Test widgets"],
        assessment="Quiz (100%)",
        badge_issuer="Test Provider College",
        intake="self-paced",
        url="https://tp.example/mc/tst-100",
        keywords=[],
    )
    values.update(overrides)
    return Credential(provider=provider, **values)


def credit_bearing(**overrides) -> Credential:
    values = dict(type="credit-bearing", mqf_level=6, credits=3)
    values.update(overrides)
    return make(**values)


def data_text(c: Credential) -> str:
    """Everything about ``c`` that answers quote untranslated."""
    parts = [
        c.title,
        c.code,
        c.entry_notes or "",
        c.assessment or "",
        c.accredited_programme or "",
        c.badge_issuer or "",
        c.provider.name,
        c.provider.state or "",
        c.provider.website or "",
        c.url or "",
        *(c.learning_outcomes or []),
    ]
    return " ".join(parts).lower()


def our_date(value: str, language: str) -> str:
    day = date.fromisoformat(value)
    return f"{day.day} {MONTHS[language][day.month - 1]} {day.year}"


def rm(value: float) -> str:
    return f"RM{int(value)}" if float(value).is_integer() else f"RM{value:.2f}"


def expected_facts(c: Credential, attribute: str, lang: str) -> list[str]:
    """Substrings the answer about ``attribute`` must contain (compared case-insensitively)."""
    intake = ["self-paced"] if c.intake == "self-paced" else [our_date(d, lang) for d in c.intake]
    if attribute == "fee":
        return [rm(c.fee_rm), "RM500 – RM700"]
    if attribute == "duration":
        return [str(c.notional_hours), *intake]
    if attribute == "delivery_mode":
        language = "Bahasa Inggeris" if lang == "ms" else "English"
        facts = [MODE_WORDS[lang][c.mode]]
        if "English" in c.language:
            facts.append(language)
        if "Melayu" in c.language:
            facts.append("Bahasa Melayu")
        if c.mode != "online":
            facts.append("bukan" if lang == "ms" else "not")
        return facts
    if attribute == "type":
        facts = [TYPE_WORDS[lang][c.type]]
        if c.type == "standalone":
            return [*facts, "APEL C", RULE[lang].format("c")]
        facts += [str(c.credits), f"MQF {c.mqf_level}" if lang == "ms" else f"level {c.mqf_level}"]
        if c.accredited_programme:
            return [*facts, c.accredited_programme, RULE[lang].format("a")]
        return [*facts, RULE[lang].format("b")]
    if attribute == "provider":
        return [c.provider.name, c.provider.state, c.provider.website, c.badge_issuer]
    if attribute == "entry_requirements":
        general = (
            "tiada syarat kemasukan formal" if lang == "ms" else "no formal entry requirements"
        )
        return [c.entry_notes.strip()[:40], general]
    if attribute == "age":
        if c.min_age is None:
            return ["tiada had umur" if lang == "ms" else "no age limit"]
        return [str(c.min_age)]
    if attribute == "nationality":
        if not c.open_to_non_malaysians:
            return ["hanya" if lang == "ms" else "only"]
        facts = ["bukan warganegara" if lang == "ms" else "non-Malaysians"]
        if c.type == "credit-bearing":
            facts.append("kerajaan" if lang == "ms" else "governments")
        return facts
    if attribute == "credits":
        if c.type == "standalone":
            return ["APEL C", RULE[lang].format("c")]
        return [str(c.credits), str(c.mqf_level)]
    if attribute == "learning_outcomes":
        return list(c.learning_outcomes)
    if attribute == "assessment":
        badge = "lencana digital" if lang == "ms" else "digital badge"
        return [c.assessment, c.badge_issuer, badge]
    if attribute == "intake":
        return intake
    if attribute == "summary":
        return [
            c.code,
            c.provider.name,
            rm(c.fee_rm),
            str(c.notional_hours),
            c.url,
            MODE_WORDS[lang][c.mode],
            TYPE_WORDS[lang][c.type],
            intake[0],
        ]
    raise AssertionError(attribute)


# ---------------------------------------------------------------- every credential, every topic


def test_sample_catalogue_is_varied_enough(sample):
    credentials = list(sample.values())
    assert len(credentials) >= 40
    assert {c.mode for c in credentials} == {"online", "conventional", "blended"}
    assert any(c.min_age for c in credentials)
    assert any(not c.open_to_non_malaysians for c in credentials)
    assert any(c.accredited_programme for c in credentials)
    assert any(c.type == "credit-bearing" and not c.accredited_programme for c in credentials)
    assert any(c.intake == "self-paced" for c in credentials)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_every_credential_every_attribute(sample, attribute, lang):
    for c in sample.values():
        text = answer(c, attribute, lang)
        assert c.title in text, (c.code, attribute, lang)
        assert c.code in text
        assert not PLACEHOLDER.search(text), text
        lowered = text.lower()
        for fact in expected_facts(c, attribute, lang):
            assert fact.lower() in lowered, (c.code, attribute, lang, fact, text)


@pytest.mark.parametrize("attribute", ATTRIBUTES)
def test_malay_answers_do_not_leak_english_template_words(sample, attribute):
    checked = 0
    for c in sample.values():
        text = answer(c, attribute, "ms")
        data = data_text(c)
        for phrase in ENGLISH_TEMPLATE_WORDS:
            if phrase.lower() in data:
                continue
            checked += 1
            assert phrase.lower() not in text.lower(), (c.code, attribute, phrase, text)
    assert checked > 100


def test_malay_answers_are_fully_malay_for_neutral_data():
    kolej = dict(
        provider=Provider(short_name="KU", name="Kolej Ujian", state="Melaka", website=None),
        badge_issuer="Kolej Ujian",
    )
    neutral = make(
        **kolej,
        title="Widget",
        learning_outcomes=["Widget"],
        assessment="Kuiz",
        entry_notes="Tiada.",
        intake=["2027-01-11", "2027-03-01"],
        min_age=16,
    )
    programme = credit_bearing(
        **kolej, title="Widget", intake=["2027-08-02"], accredited_programme="Ijazah Ujian"
    )
    for c in (neutral, programme, credit_bearing(**kolej, title="Widget")):
        for attribute in ATTRIBUTES:
            text = answer(c, attribute, "ms")
            for phrase in ENGLISH_TEMPLATE_WORDS + ["English", " and ", "the "]:
                assert phrase.lower() not in text.lower(), (attribute, phrase, text)


def test_answers_from_a_fresh_database_on_every_backend(migrated):
    """The conftest databases (SQLite, and PostgreSQL when reachable) load the same answers."""
    with db.get_sessionmaker(migrated).begin() as session:
        importer.import_file(session, SAMPLE)
    with db.get_sessionmaker(migrated)() as session:
        credentials = list(session.scalars(select(Credential)))
    assert credentials
    for c in credentials:
        for lang in LANGUAGES:
            card = answer(c, "summary", lang)
            assert c.title in card and rm(c.fee_rm) in card


def test_unknown_attribute_is_an_error():
    with pytest.raises(ValueError, match="unknown attribute"):
        answer(make(), "colour", "en")
    with pytest.raises(ValueError):
        answer_many([make()], "colour", "en")


def test_other_languages_fall_back_to_english():
    assert answer(make(), "fee", "fr") == answer(make(), "fee", "en")
    assert answer(make(), "fee", None) == answer(make(), "fee", "en")


# ---------------------------------------------------------------- texts


def test_catalogue_texts_are_bilingual_prefixed_and_consistent():
    texts = yaml.safe_load(TEXTS.read_text(encoding="utf-8"))
    source = Path(answers.__file__).read_text(encoding="utf-8")
    dynamic = (
        "cat_month_",
        "cat_mode_online",
        "cat_mode_conventional",
        "cat_mode_blended",
        "cat_type_standalone",
        "cat_type_credit_bearing",
        "cat_label_",
        "cat_mode_answer_",
        "cat_nationality_open_short",
        "cat_nationality_closed_short",
    )
    for key, value in texts.items():
        assert key.startswith("cat_"), key
        assert set(value) == {"en", "ms"}, key
        en, ms = (set(PLACEHOLDER.findall(value[lang])) for lang in LANGUAGES)
        assert en == ms, key
        assert f'"{key}"' in source or key.startswith(dynamic), f"unused text {key}"
    assert "cat_fee" in messages._messages()  # merged with the other files without a clash


# ---------------------------------------------------------------- fee, duration, mode


def test_money():
    assert money(650) == "RM650"
    assert money(650.0) == "RM650"
    assert money(650.5) == "RM650.50"
    assert money(1200) == "RM1,200"


def test_fee_example_and_range_reminder():
    c = make(code="DSC-101", title="Data Analytics with Python", fee_rm=650)
    text = answer(c, "fee", "en")
    assert text.startswith("Data Analytics with Python (DSC-101) costs RM650.")
    assert "RM500 – RM700" in text
    assert "RM650" in answer(c, "fee", "ms") and "RM500 – RM700" in answer(c, "fee", "ms")


@pytest.mark.parametrize("fee", [450, 850, 700.5])
def test_fee_outside_the_faq_range_is_just_stated(fee):
    for lang in LANGUAGES:
        text = answer(make(fee_rm=fee), "fee", lang)
        assert money(fee) in text
        assert "RM500" not in text and "RM700 " not in text


@pytest.mark.parametrize(
    ("hours", "en", "ms"),
    [
        (4, "4 hours of notional learning (about half a day)", "(kira-kira setengah hari)"),
        (8, "8 hours of notional learning (about 1 day of 8 hours)", "(kira-kira 1 hari"),
        (12, "(about 1.5 days of 8 hours)", "(kira-kira 1.5 hari"),
        (80, "80 hours of notional learning (about 10 days of 8 hours)", "kira-kira 10 hari"),
        (160, "(about 20 days of 8 hours)", "kira-kira 20 hari"),
        (2, "(under half a day)", "kurang daripada setengah hari"),
    ],
)
def test_duration_in_days(hours, en, ms):
    c = make(notional_hours=hours)
    assert en in answer(c, "duration", "en")
    assert ms in answer(c, "duration", "ms")
    assert f"{hours} jam pembelajaran notional" in answer(c, "duration", "ms")


def test_duration_mentions_intake():
    assert "self-paced" in answer(make(), "duration", "en")
    dated = make(intake=["2027-01-11"])
    assert "Intake: 11 January 2027." in answer(dated, "duration", "en")
    assert "Pengambilan: 11 Januari 2027." in answer(dated, "duration", "ms")


def test_delivery_mode_reads_as_a_statement(sample):
    cyb = sample["CYB-110"]
    assert answer(cyb, "delivery_mode", "en").startswith(
        "Cyber Security Essentials (CYB-110) is offered in blended mode (online and face to "
        "face), not fully online."
    )
    online = make(title="Cyber Security Essentials", code="CYB-999", mode="online")
    assert answer(online, "delivery_mode", "en").startswith(
        "Cyber Security Essentials (CYB-999) is offered online."
    )
    conventional = answer(make(mode="conventional"), "delivery_mode", "en")
    assert "conventional mode (face to face), not online" in conventional
    assert "dalam talian." in answer(online, "delivery_mode", "ms")
    assert "bukan sepenuhnya dalam talian" in answer(cyb, "delivery_mode", "ms")
    assert "konvensional (bersemuka)" in answer(make(mode="conventional"), "delivery_mode", "ms")


def test_language_of_instruction_is_translated():
    both = make(language="English and Bahasa Melayu")
    assert "Language of instruction: English and Bahasa Melayu." in answer(
        both, "delivery_mode", "en"
    )
    assert "Bahasa pengantar: Bahasa Inggeris dan Bahasa Melayu." in answer(
        both, "delivery_mode", "ms"
    )
    assert "Mandarin" in answer(make(language="Mandarin"), "delivery_mode", "ms")


# ---------------------------------------------------------------- type, credits (rules a/b/c)


def test_credit_bearing_in_an_accredited_programme_is_rule_a(sample):
    c = sample["DSC-101"]
    for attribute in ("type", "credits"):
        en = answer(c, attribute, "en")
        assert "2 credits at MQF level 6" in en
        assert "Bachelor of Computer Science (Data Science) (Hons)" in en
        assert "rule a" in en and "rule b" not in en and "rule c" not in en
        assert c.provider.name in en
        ms = answer(c, attribute, "ms")
        assert "2 kredit pada Tahap MQF 6" in ms and "peraturan pengiktirafan a" in ms
    assert "credit-transferred into an academic programme" in answer(c, "type", "en")


def test_credit_bearing_outside_a_programme_is_rule_b(sample):
    c = sample["DSC-205"]
    for attribute in ("type", "credits"):
        en = answer(c, attribute, "en")
        assert "1 credit at MQF level 6" in en  # singular
        assert "rule b" in en and "any higher education provider" in en
        assert "rule a" not in en
        assert "peraturan pengiktirafan b" in answer(c, attribute, "ms")


def test_standalone_is_rule_c(sample):
    c = sample["AIN-310"]
    text = answer(c, "type", "en")
    assert "standalone micro-credential, meant for upskilling" in text
    assert "APEL C" in text and "rule c" in text
    credits = answer(c, "credits", "en")
    assert "no credits" in credits and "rule c" in credits
    assert "berdiri sendiri" in answer(c, "type", "ms")
    assert "peraturan pengiktirafan c" in answer(c, "credits", "ms")


# ---------------------------------------------------------------- provider, entry, age, nationality


def test_provider_answer_and_missing_details():
    text = answer(make(), "provider", "en")
    assert "offered by Test Provider College, in Melaka" in text
    assert "Website: https://tp.example/" in text
    assert "digital badge is issued by Test Provider College" in text
    bare = make(
        provider=Provider(short_name="X", name="Bare Institute", state=None, website=None),
        badge_issuer=None,
    )
    text = answer(bare, "provider", "en")
    assert "offered by Bare Institute." in text and "Website" not in text
    assert "issued by Bare Institute" in text  # the provider issues the badge by default
    assert "None" not in text


def test_entry_requirements_with_and_without_notes():
    text = answer(make(entry_notes="Bring a laptop"), "entry_requirements", "en")
    assert "Entry requirements for Widget Basics (TST-100): Bring a laptop." in text
    assert "minimum entry requirements" in text
    text = answer(make(), "entry_requirements", "ms")
    assert "tidak menyenaraikan syarat kemasukan khusus" in text
    assert "syarat kemasukan minimum program" in text


def test_age_limit_set_and_why(sample):
    c = sample["OSH-101"]
    text = answer(c, "age", "en")
    assert "minimum age of 18" in text
    assert "Why:" in text and "insurer" in text
    assert "scaffolding" in text
    assert "Participants must be medically fit" not in text  # only the sentence about age
    ms = answer(c, "age", "ms")
    assert "umur minimum 18 tahun" in ms and "Sebabnya:" in ms


def test_age_limit_without_notes_and_no_limit():
    text = answer(make(min_age=16), "age", "en")
    assert "minimum age of 16" in text and "Why" not in text
    assert "no age limit" in answer(make(), "age", "en")
    assert "tiada had umur" in answer(make(), "age", "ms")


def test_not_open_to_non_malaysians(sample):
    c = sample["ECE-150"]
    assert not c.open_to_non_malaysians and c.type == "credit-bearing"
    text = answer(c, "nationality", "en")
    assert "Malaysian citizens only, not to non-Malaysians" in text
    assert "MyKad" in text  # the reason, from the entry notes
    assert "governments" not in text
    assert "hanya terbuka kepada warganegara Malaysia" in answer(c, "nationality", "ms")


def test_nationality_caveat_only_for_credit_bearing():
    open_credit = answer(credit_bearing(), "nationality", "en")
    assert "both Malaysians and non-Malaysians" in open_credit
    assert "may not be accepted by some governments" in open_credit
    assert "governments" not in answer(make(), "nationality", "en")
    assert "sesetengah kerajaan" in answer(credit_bearing(), "nationality", "ms")


# ---------------------------------------------------------------- outcomes, assessment, intake


def test_learning_outcomes_are_bulleted():
    text = answer(make(), "learning_outcomes", "en")
    assert text.splitlines() == [
        "After Widget Basics (TST-100) you will be able to:",
        "• Assemble widgets",
        "• Test widgets",
    ]
    assert "tidak menyenaraikan hasil pembelajaran" in answer(
        make(learning_outcomes=[]), "learning_outcomes", "ms"
    )


def test_assessment_and_badge():
    text = answer(make(), "assessment", "en")
    assert "Quiz (100%)." in text
    assert "a digital badge from Test Provider College once you pass the assessment" in text
    assert "doesn't describe" in answer(make(assessment=None), "assessment", "en")


def test_intake_self_paced_vs_dates():
    assert "self-paced: you can start any time" in answer(make(), "intake", "en")
    assert "mengikut kadar sendiri" in answer(make(), "intake", "ms")
    c = make(intake=["2027-07-12", "2027-01-11", "2027-03-01"])
    assert answer(c, "intake", "en") == (
        "Intake dates for Widget Basics (TST-100): 11 January 2027, 1 March 2027 and 12 July 2027."
    )
    assert answer(c, "intake", "ms") == (
        "Tarikh pengambilan Widget Basics (TST-100): 11 Januari 2027, 1 Mac 2027 dan 12 Julai 2027."
    )


def test_intake_today_leaves_out_past_dates():
    c = make(intake=["2027-01-11", "2027-08-02"])
    text = answer(c, "intake", "en", today=date(2027, 2, 1))
    assert "2 August 2027" in text and "January" not in text
    text = answer(c, "intake", "en", today=date(2028, 1, 1))
    assert "no upcoming intake dates" in text and "Test Provider College" in text
    assert "tiada tarikh pengambilan" in answer(c, "duration", "ms", today=date(2028, 1, 1))


@pytest.mark.parametrize("month", range(1, 13))
def test_month_names(month):
    value = f"2027-{month:02d}-11"
    assert format_date(value, "en") == f"11 {MONTHS['en'][month - 1]} 2027"
    assert format_date(value, "ms") == f"11 {MONTHS['ms'][month - 1]} 2027"
    assert format_date(date(2027, month, 11), "ms") == f"11 {MONTHS['ms'][month - 1]} 2027"


def test_summary_card(sample):
    card = answer(sample["DSC-101"], "summary", "en").splitlines()
    assert card[0] == "Data Analytics with Python (DSC-101)"
    assert "Type: credit-bearing, 2 credits at MQF level 6" in card
    assert "Fee: RM650" in card
    assert "Mode: online, in English" in card
    assert any(line.startswith("Duration: 80 hours of notional learning") for line in card)
    assert any("https://utbestari.example/mc/dsc-101" in line for line in card)
    ms = answer(sample["DSC-101"], "summary", "ms")
    assert "Jenis: bawa kredit" in ms and "Yuran: RM650" in ms and "Mod: dalam talian" in ms
    assert all(len(line) <= 100 for line in card)


# ---------------------------------------------------------------- several credentials


def test_answer_many(sample):
    chosen = [sample["DSC-101"], sample["CYB-110"], sample["OSH-101"]]
    text = answer_many(chosen, "fee", "en")
    lines = text.splitlines()
    assert lines[0] == "Fee:"
    assert "• Data Analytics with Python (DSC-101): RM650" in lines
    assert "• Cyber Security Essentials (CYB-110): RM680" in lines
    assert "RM500 – RM700" in text
    ms = answer_many(chosen, "delivery_mode", "ms")
    assert ms.splitlines()[0] == "Mod:" and "dalam talian" in ms and "campuran" in ms
    for attribute in ATTRIBUTES:
        for lang in LANGUAGES:
            text = answer_many(chosen, attribute, lang)
            assert all(c.code in text for c in chosen) and not PLACEHOLDER.search(text)
    assert answer_many([chosen[0]], "fee", "en") == answer(chosen[0], "fee", "en")
    assert answer_many(chosen, "summary", "en").count("\n\n") == 2
    assert "minimum age 18" in answer_many(chosen, "age", "en")


# ---------------------------------------------------------------- search results


def twelve() -> list[Credential]:
    return [
        make(code=f"TST-{n:03d}", title=f"Course {n}", fee_rm=500 + n, notional_hours=8 * n)
        for n in range(1, 13)
    ]


def test_search_first_page_with_more():
    text, buttons = search_results(twelve(), "en", more_payload="/search_more")
    lines = text.splitlines()
    assert "showing 1–5 of 12" in lines[0]
    assert lines[1] == (
        "1. Course 1 (TST-001) — Test Provider College, online, in English, RM501, 8 h"
    )
    assert lines[5].startswith("5. Course 5 (TST-005)")
    assert len(buttons) == 6
    assert buttons[0] == {"title": "Course 1", "payload": "tell me about TST-001"}
    assert buttons[-1] == {"title": "More", "payload": "/search_more"}


def test_search_middle_and_last_pages():
    text, buttons = search_results(twelve(), "en", page=2, more_payload="/more")
    assert "showing 6–10 of 12" in text and text.splitlines()[1].startswith("6. Course 6")
    assert buttons[-1]["title"] == "More" and len(buttons) == 6
    text, buttons = search_results(twelve(), "en", page=3, more_payload="/more")
    assert "showing 11–12 of 12" in text
    assert [b["title"] for b in buttons] == ["Course 11", "Course 12"]
    text, buttons = search_results(twelve(), "en", page=4, more_payload="/more")
    assert "no more results" in text and buttons == []


def test_search_in_malay():
    text, buttons = search_results(twelve(), "ms", page=2, more_payload="/lagi")
    assert "memaparkan 6–10 daripada 12" in text
    assert "6. Course 6 (TST-006)" in text and "dalam talian" in text and "48 jam" in text
    assert buttons[0] == {"title": "Course 6", "payload": "ceritakan tentang TST-006"}
    assert buttons[-1] == {"title": "Lagi", "payload": "/lagi"}


def test_search_single_page_has_no_more_button(sample):
    three = [sample["DSC-101"], sample["CYB-110"], sample["REN-120"]]
    text, buttons = search_results(three, "en", more_payload="/more")
    assert text.startswith("I found 3 micro-credentials:")
    assert "showing" not in text
    assert "More" not in [b["title"] for b in buttons] and len(buttons) == 3
    assert "2. Cyber Security Essentials (CYB-110)" in text and "RM680, 120 h" in text
    text, buttons = search_results([sample["DSC-101"]], "ms")
    assert text.startswith("Saya menemui 1 mikro-kredensial:") and len(buttons) == 1
    # without a payload there is nothing for "More" to send
    _, buttons = search_results(twelve(), "en")
    assert len(buttons) == 5


def test_search_nothing_matched():
    for lang, word in (("en", "broader"), ("ms", "lebih umum")):
        text, buttons = search_results([], lang)
        assert word in text
        assert buttons and all(b["title"] and b["payload"] for b in buttons)


# ---------------------------------------------------------------- comparison


def test_compare_two(sample):
    text = comparison([sample["DSC-101"], sample["CYB-110"]], "en")
    lines = text.splitlines()
    assert lines[0] == "Comparing 2 micro-credentials:"
    assert lines[1] == "A. Data Analytics with Python (DSC-101)"
    assert lines[2] == "B. Cyber Security Essentials (CYB-110)"
    assert "Provider — both Universiti Teknologi Bestari (Sample)" in lines
    assert "Fee — A: RM650 · B: RM680" in lines
    assert "Hours — A: 80 h · B: 120 h" in lines
    assert "Mode — A: online · B: blended (online and face to face)" in lines
    assert "Credits/level — A: 2 credits at MQF level 6 · B: 3 credits at MQF level 6" in lines
    assert "Intake — A: self-paced (start any time) · B: 1 March 2027 (+1 more)" in lines
    for label in ("Provider", "Type", "Credits/level", "Mode", "Hours", "Fee", "Intake"):
        assert sum(line.startswith(label + " — ") for line in lines) == 1
    assert "|" not in text and "\t" not in text


def test_compare_three_in_malay(sample):
    chosen = [sample["DSC-101"], sample["AIN-310"], sample["OSH-101"]]
    text = comparison(chosen, "ms")
    assert text.startswith("Perbandingan 3 mikro-kredensial:")
    assert "C. Working at Height Safety Practice (OSH-101)" in text
    assert "Jenis — A: bawa kredit · B: berdiri sendiri · C: berdiri sendiri" in text
    assert "Yuran — A: RM650 · B: RM520 · C: RM620" in text
    assert "20 Januari 2027 (+4 lagi)" in text
    assert not PLACEHOLDER.search(text)
    same = comparison([make(code="A-1"), make(code="B-1"), make(code="C-1")], "ms")
    assert "Yuran — semuanya RM600" in same


def test_compare_needs_two():
    assert "at least two" in comparison([], "en")
    assert comparison([make()], "en") == answer(make(), "summary", "en")
    one = make()
    assert comparison([one, one], "en") == answer(one, "summary", "en")


# ---------------------------------------------------------------- which one / not found


def test_disambiguation_buttons():
    matches = [
        Match("DSC-205", "Data Visualisation and Storytelling", 0.8, "keyword"),
        Match("DSC-140", "Power BI Dashboards for Business", 0.8, "keyword"),
        Match("DSC-205", "Data Visualisation and Storytelling", 0.5, "fuzzy"),
    ]
    text, buttons = disambiguation(matches, "en")
    assert text == "Which one do you mean?"
    assert buttons == [
        {"title": "Data Visualisation and Storytelling (DSC-205)", "payload": "DSC-205"},
        {"title": "Power BI Dashboards for Business (DSC-140)", "payload": "DSC-140"},
    ]
    text, buttons = disambiguation(matches, "ms")
    assert text == "Yang mana satu yang anda maksudkan?" and len(buttons) == 2


def test_not_found():
    text, buttons = not_found("basket weaving", "en")
    assert text.startswith(
        "I couldn't find a micro-credential called 'basket weaving' in the catalogue."
    )
    assert buttons[0] == {
        "title": 'Search "basket weaving"',
        "payload": "find micro-credentials about basket weaving",
    }
    assert all(b["title"] and b["payload"] for b in buttons)
    text, buttons = not_found("anyaman {bakul}", "ms")
    assert "tidak menemui mikro-kredensial bernama 'anyaman {bakul}'" in text
    assert buttons[0]["payload"] == "cari mikro-kredensial tentang anyaman {bakul}"
    text, buttons = not_found("x" * 200, "en")
    assert len(text) < 200 and buttons
