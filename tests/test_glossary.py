"""The glossary (data/glossary.yml): complete in both languages, sourced, and found in the words
learners and the answers use."""

from __future__ import annotations

import re

import pytest
import yaml

from bot import faq, glossary, messages
from bot.language import detect_language

TERMS = glossary.terms()
SOURCES = glossary.load().sources
LANGUAGES = ("en", "ms")
# The terms the issue names, at least.
REQUIRED = {
    "apel",
    "hep",
    "mqa",
    "mqf",
    "accredited_programme",
    "credit_transfer",
    "completion_of_credit",
    "standalone",
    "credit_bearing",
    "credit",
    "digital_badge",
    "stackability",
}


def test_the_glossary_has_every_term_the_answers_need() -> None:
    assert {term.key for term in TERMS} >= REQUIRED


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_every_term_has_both_languages_and_named_sources(term: glossary.Term) -> None:
    for lang in LANGUAGES:
        assert term.names[lang].strip() and term.questions[lang].strip()
        assert len(term.definitions[lang].split()) >= 12, f"{term.key} {lang} is too short"
    assert term.sources and set(term.sources) <= set(SOURCES)
    assert term.related is None or messages.question(term.related, "en")


@pytest.mark.parametrize("source", SOURCES.values(), ids=lambda s: s.key)
def test_every_source_is_named_in_both_languages_and_says_what_kind_it_is(source) -> None:
    assert source.names["en"] and source.names["ms"]
    assert source.kind in ("primary", "secondary")
    if source.kind == "secondary":  # where it was read, so an adviser can judge it
        assert source.via and source.url
    assert source.url is None or source.url.startswith(("http://", "https://"))
    assert "_" not in source.names["en"] + source.names["ms"]  # the source line is in italics


def test_every_source_is_cited_by_some_term() -> None:
    cited = {key for term in TERMS for key in term.sources}
    assert cited == set(SOURCES)


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
def test_a_definition_that_quotes_the_faq_cites_it_and_says_what_it_says(term) -> None:
    """ "The FAQ says ..." only where the FAQ is a source, and in both languages alike."""
    says = [bool(re.search(r"\bFAQ\b", term.definitions["en"]))]
    says.append("Soalan Lazim" in term.definitions["ms"])
    assert says[0] == says[1], "the two languages differ on quoting the FAQ"
    assert says[0] == ("faq" in term.sources)


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_is_written_in_that_language(term, lang: str) -> None:
    assert detect_language(glossary.without_terms(term.definitions[lang])) == lang
    assert detect_language(glossary.without_terms(term.questions[lang])) in (lang, None)


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_question_a_button_sends_asks_for_its_term(term, lang: str) -> None:
    question = term.questions[lang]
    hits = glossary.named(question)
    assert [hit.term.key for hit in hits][:1] == [term.key]
    assert glossary.asks_meaning(question, hits[0])


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.key)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_words_find_the_term_by_its_name(term, lang: str) -> None:
    assert term.key in [hit.term.key for hit in glossary.named(term.names[lang])]


def test_mqf_levels_are_all_there_in_both_languages() -> None:
    mqf = glossary.load().term("mqf")
    assert sorted(mqf.levels) == list(range(1, 9))
    for level, texts in mqf.levels.items():
        assert str(level) in texts["en"] and str(level) in texts["ms"]
    answer = glossary.answer(mqf, "en", "what does MQF level 6 mean?")
    assert answer.startswith(mqf.levels[6]["en"])
    assert glossary.answer(mqf, "ms", "MQF tahap 4 tu apa").startswith(mqf.levels[4]["ms"])


def test_an_answer_ends_with_its_sources_in_its_language() -> None:
    apel = glossary.load().term("apel")
    assert glossary.answer(apel, "en").endswith(
        "_Source: MQA, APEL FAQ; MQA's definition of APEL, as universities quote it; "
        "micro-credential FAQ_"
    )
    last = glossary.answer(apel, "ms").splitlines()[-1]
    assert last.startswith("_Sumber: MQA, Soalan Lazim APEL;")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_recognition_answer_uses_the_terms_it_should_offer(lang: str) -> None:
    used = {term.key for term in glossary.used({"response": "utter_faq/recognition"}, lang)}
    assert used == {
        "apel",
        "hep",
        "accredited_programme",
        "completion_of_credit",
        "credit_transfer",
        "standalone",
    }


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_source_line_is_read_as_using_a_term(lang: str) -> None:
    text = "Fine.\n\n_Source: MQA, Malaysian Qualifications Framework (MQF)_"
    assert glossary.used({"text": text}, lang) == []


def test_every_faq_answer_in_both_languages_uses_the_same_terms() -> None:
    for answer in faq.answers():
        en = glossary.used({"response": answer.response}, "en")
        ms = glossary.used({"response": answer.response}, "ms")
        assert en == ms, answer.topic


ASKED = [
    ("what is APEL C?", "apel"),
    ("apa itu APEL?", "apel"),
    ("what's APEL", "apel"),
    ("APEL?", "apel"),
    ("my lecturer mentioned APEL C, what is that?", "apel"),
    ("what is an HEP?", "hep"),
    ("HEP tu apa", "hep"),
    ("what does MQF level 6 mean?", "mqf"),
    ("MQF level 4 is what ah", "mqf"),
    ("what does credit-bearing mean", "credit_bearing"),
    ("credit bearing tu maksud apa", "credit_bearing"),
    ("what is a standalone micro-credential", "standalone"),
    ("apa maksud penyelesaian kredit", "completion_of_credit"),
    ("meaning of credit transfer", "credit_transfer"),
    ("apa itu lencana digital?", "digital_badge"),
]
NOT_ASKED = [
    "what is the fee for a credit-bearing micro-credential",
    "what MQF level is DSC-101?",
    "how many credits is DSC-101",
    "can I transfer credits to a degree",
    "I have a standalone one from MDSI",
]


@pytest.mark.parametrize(("text", "key"), ASKED)
def test_a_question_about_a_term_is_read_as_one(text: str, key: str) -> None:
    hits = [hit for hit in glossary.named(text) if glossary.asks_meaning(text, hit)]
    assert [hit.term.key for hit in hits] == [key]


@pytest.mark.parametrize("text", NOT_ASKED)
def test_a_question_that_only_uses_a_term_is_not(text: str) -> None:
    assert glossary.named(text)  # it names a term ...
    assert not any(glossary.asks_meaning(text, hit) for hit in glossary.named(text))


def test_borrowed_english_terms_do_not_make_a_malay_message_english() -> None:
    assert detect_language(glossary.without_terms("apa maksud credit transfer?")) == "ms"
    assert detect_language(glossary.without_terms("completion of credit tu apa ye")) == "ms"


def test_the_file_is_one_file_for_both_languages() -> None:
    document = yaml.safe_load(glossary.GLOSSARY_FILE.read_text(encoding="utf-8"))
    assert set(document) == {"sources", "terms"}
    for item in document["terms"].values():
        assert set(LANGUAGES) <= set(item)
