"""Conversations through action_respond and bot.dialogue, on a real sample-catalogue database.

Each turn gives the intent the NLU would give (the NLU itself is measured elsewhere); the
action reads the message, resolves credential mentions, decides the reply and keeps the
conversation's state in slots, which the next turn reads back, as Rasa does.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from actions.base import likely_intents
from actions.respond import warm_up
from bot import dialogue, glossary, messages, understanding
from bot.catalogue import db, finder, resolver
from tests.support.conversation import Conversation

FAQ = "utter_faq/"


@pytest.fixture(scope="module")
def catalogue_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('dialogue') / 'catalogue.db'}"
    db.init(url)
    yield url
    db.dispose(url)


@pytest.fixture(autouse=True)
def use_catalogue(catalogue_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", catalogue_url)


def asks_a_question(reply: str) -> bool:
    """Whether the reply asks any of the advising questions, in either language."""
    questions = ("ask_credential_type", "ask_part_of_accredited_programme", "ask_same_provider")
    return any(messages.render(q, lang) in reply for q in questions for lang in ("en", "ms"))


def codes(reply: str) -> set[str]:
    return set(re.findall(r"\(([A-Z]{3}-\d{3})\)", reply))


# ------------------------------------------------------------------------ advising


def test_all_facts_at_once_are_advised_at_once_with_both_caveats():
    reply = Conversation().say(
        "I'm Indonesian and completed a credit-bearing micro-credential that isn't part of an "
        "accredited programme. Can I transfer the credit to a university back home?",
        "faq/recognition",
    )
    assert "Rule b applies" in reply
    assert "may not be accepted by some governments" in reply
    assert not asks_a_question(reply)  # advice at once, no questions


def test_malay_advising_takes_typed_answers_in_any_order():
    chat = Conversation("ms")
    reply = chat.say(
        "Saya ada mikro-kredensial kendiri. Boleh saya dapat kredit untuk program diploma?",
        "start_advising",
    )
    assert "Peraturan c terpakai" in reply and "APEL C" in reply

    chat = Conversation("ms")
    reply = chat.say("boleh ke mikro-kredensial saya dikira untuk ijazah?", "start_advising")
    # the question's answers, after the terms the rules use (offered under the rules)
    assert FAQ + "recognition" in reply and chat.buttons[-2:] == ["Berdiri sendiri", "Bawa kredit"]
    reply = chat.say("bawa kredit, sebahagian daripada program yang diakreditasi", "nlu_fallback")
    assert "HEP" in reply and "Peraturan" not in reply  # asks only for the provider now
    reply = chat.say("universiti lain", "out_of_scope")
    assert "Peraturan a hanya terpakai di HEP yang sama" in reply


def test_an_answer_typed_as_a_statement_is_taken_and_a_correction_replaces_it():
    chat = Conversation()
    chat.say("can my micro-credential count towards a degree?", "start_advising")
    reply = chat.say("it's credit-bearing, not a standalone one", "faq/types")
    assert reply == messages.render("ask_part_of_accredited_programme", "en")
    reply = chat.say("no", "deny")
    assert "Rule b applies" in reply
    reply = chat.say("actually, sorry, it's standalone", "faq/types")
    assert "Rule c applies" in reply


def test_an_faq_asked_mid_way_is_answered_then_the_question_asked_again():
    chat = Conversation()
    chat.say("will my micro-credential be recognised for a diploma?", "start_advising")
    chat.say("credit-bearing", "faq/types")
    reply = chat.say("how much is the fee?", "faq/fee")
    assert reply == "\n".join(
        [FAQ + "fee", messages.render("ask_part_of_accredited_programme", "en")]
    )
    assert "Rule b applies" in chat.say("no it isn't", "deny")


def test_entry_requirement_worries_get_their_caveat_before_the_rule_is_known():
    reply = Conversation().say(
        "I never got my SPM. If I collect a few micro-credentials, can I use them to get into "
        "a diploma?",
        "faq/recognition",
    )
    assert FAQ + "recognition" in reply
    assert messages.render("pathway_caveat_entry_requirements_not_met", "en") in reply


def test_advice_for_a_credential_in_context_comes_from_the_catalogue():
    chat = Conversation()
    chat.say("tell me about Data Analytics with Python", "ask_credential")
    reply = chat.say("can I get credit for it at another university?", "faq/recognition")
    assert "Rule a applies only at the same HEP" in reply
    assert "Bachelor of Computer Science (Data Science) (Hons)" in reply


def test_naming_the_credentials_own_programme_means_its_own_provider():
    chat = Conversation()
    chat.say("I finished Data Analytics with Python last month", "inform")
    reply = chat.say(
        "I'd like it to count when I enrol in the Bachelor of Computer Science (Data Science)",
        "faq/recognition",
    )
    assert "Rule a applies:" in reply
    reply = Conversation().say(
        "Can Data Analytics with Python count towards a Bachelor of Computer Science (Data "
        "Science) at another university?",
        "faq/recognition",
    )
    assert "Rule a applies only at the same HEP" in reply


def test_leaving_advising():
    chat = Conversation()
    chat.say("I want advice on credit transfer for my case", "start_advising")
    assert chat.say("cancel", "nlu_fallback") == messages.render("how_can_i_help", "en")
    assert chat.say("how much is the fee?", "faq/fee") == FAQ + "fee"


# ------------------------------------------------------------------------ catalogue


@pytest.mark.parametrize(
    ("text", "intent", "expected"),
    [
        ("do you have courses on python", "search_catalogue", {"DSC-101"}),
        ("is there anything on machine learning?", "nlu_fallback", {"AIN-201"}),
        ("my staff keep clicking scam emails", "nlu_fallback", {"CYB-150"}),
        ("I sell kuih online", "out_of_scope", {"MKT-130"}),
        ("I'm a cook at a caterer", "nlu_fallback", {"HAL-130"}),
        ("I work in a hotel, anything useful for me?", "out_of_scope", {"HOS-210"}),
    ],
)
def test_needs_and_topics_find_credentials(text, intent, expected):
    assert expected <= codes(Conversation().say(text, intent))


def test_filters_superlatives_and_references_to_the_last_list():
    chat = Conversation()
    reply = chat.say("anything below RM520?", "faq/fee")
    assert codes(reply) and all(c not in reply for c in ("RM520", "RM530"))
    reply = chat.say("I'm interested in Islamic finance", "search_catalogue")
    assert codes(reply) == {"ISF-050", "ISF-101", "ISF-210"}
    reply = chat.say("which one is the cheapest?", "faq/fee")
    assert codes(reply) == {"ISF-050"} and "RM510" in reply
    reply = chat.say("which universities offer these?", "ask_provider")
    assert "Universiti Pantai Timur" in reply
    chat.say("I'm interested in Islamic finance", "search_catalogue")
    assert codes(chat.say("the second one", "nlu_fallback")) == {"ISF-101"}
    reply = chat.say("compare the first two", "compare_credentials")
    assert "ISF-050" in reply and "ISF-101" in reply


def test_a_bare_question_after_a_list_is_answered_for_each_credential_shown():
    chat = Conversation()
    listed = codes(chat.say("show me online courses under RM520", "faq/delivery_mode"))
    assert len(listed) > 1
    reply = chat.say("how much is it?", "faq/fee")
    assert codes(reply) == listed and reply.count("RM") >= len(listed)
    assert codes(" ".join(chat.buttons)) == listed  # each one a click away
    assert codes(chat.say("the second one", "nlu_fallback")) <= listed
    # a general question afterwards is the FAQ's, not the list's
    assert chat.say("how much do micro-credentials cost in general?", "faq/fee") == FAQ + "fee"


def test_an_ambiguous_name_asks_which_one_and_the_pick_answers_the_question():
    chat = Conversation()
    reply = chat.say("how much is the solar pv course?", "faq/fee")
    assert reply == messages.render("cat_disambiguation", "en")
    assert len(chat.buttons) == 2
    assert "RM700" in chat.say("REN-120", "choose_credential")


def test_half_a_day_and_ages_across_the_catalogue():
    reply = Conversation().say("I can only spare half a day, what can I take?", "faq/duration")
    assert codes(reply) and "4 h" in reply and "8 h" not in reply
    reply = Conversation().say("I'm 16, which can't I join?", "faq/age")
    assert codes(reply) == {"OSH-101", "OSH-120"}


def test_programme_membership_lists_credentials():
    reply = Conversation().say(
        "Which micro-credentials count towards the Diploma in Early Childhood Education?",
        "search_catalogue",
    )
    assert codes(reply) == {"ECE-101"}


def test_malay_question_naming_an_english_title_is_answered_in_malay():
    chat = Conversation("en")
    reply = chat.say("berapa yuran Confined Space Entry and Rescue?", "faq/fee")
    assert chat.slots["language"] == "ms"
    name = messages.render(
        "cat_name", "ms", title="Confined Space Entry and Rescue", code="OSH-120"
    )
    assert reply.startswith(messages.render("cat_fee", "ms", name=name, fee="RM700"))


# ------------------------------------------------------------------------ near topics


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("How long does a bachelor's degree take?", "faq/duration"),
        ("Ada had umur ke nak masuk tentera?", "faq/age"),
        ("What is a credit score?", "faq/recognition"),
        ("Can I settle my PTPTN loan through you?", "faq/nationality"),
    ],
)
def test_near_topic_questions_get_no_micro_credential_fact(text, intent):
    reply = Conversation().say(text, intent)
    assert reply in (messages.render("near_topic", "en"), messages.render("near_topic", "ms"))


def test_a_school_child_asking_to_join_still_gets_the_age_answer():
    assert Conversation("ms").say("budak sekolah blh join x?", "faq/age") == FAQ + "age"


# ------------------------------------------------------------------------ did you mean


UNSURE_PARSE = {
    "intent_ranking": [
        {"name": "nlu_fallback", "confidence": 0.55},
        {"name": "faq", "confidence": 0.5},
        {"name": "catalogue_count", "confidence": 0.3},
    ],
    "response_selector": {
        "faq": {
            "ranking": [
                {"intent_response_key": "faq/fee", "confidence": 0.4},
                {"intent_response_key": "faq/duration", "confidence": 0.35},
            ]
        }
    },
}


def test_likely_intents_expand_retrieval_intents():
    assert likely_intents(UNSURE_PARSE) == [
        "nlu_fallback",
        "faq/fee",
        "faq/duration",
        "catalogue_count",
    ]


def test_unsure_messages_offer_the_likely_questions():
    chat = Conversation()
    reply = chat.say("how much for the thing", "nlu_fallback", 0.55, **UNSURE_PARSE)
    assert reply == messages.render("did_you_mean", "en")
    assert chat.buttons[:2] == [
        messages.question("faq/fee", "en"),
        messages.question("faq/duration", "en"),
    ]


# ------------------------------------------------------------------------ more of the same


def test_a_general_recognition_question_offers_advice_and_a_typed_type_takes_it():
    chat = Conversation()
    reply = chat.say("question about credit recognition", "faq/recognition")
    assert FAQ + "recognition" in reply and messages.render("advising_offer", "en") in reply
    reply = chat.say("mine is standalone", "faq/types")
    assert "Rule c applies" in reply
    reply = chat.say("I'm Vietnamese by the way", "nlu_fallback")
    assert "Rule c applies" in reply
    assert messages.render("pathway_caveat_government_may_not_accept", "en") in reply


def test_the_offer_lasts_one_turn():
    chat = Conversation()
    chat.say("question about credit recognition", "faq/recognition")
    chat.say("how much is the fee?", "faq/fee")
    assert chat.say("show me standalone courses", "search_catalogue").startswith("I found")


def test_upskilling_needs_no_questions():
    reply = Conversation().say("I only want it for my job, no plans to study further", "faq/value")
    assert reply.startswith(
        messages.render("pathway_upskilling_only", "en", credential="this micro-credential")[:40]
    )
    assert not asks_a_question(reply)


def test_the_advice_button_after_a_credential_advises_on_that_credential():
    chat = Conversation()
    chat.say("tell me about ISF-210", "ask_credential")
    reply = chat.say("/start_advising", "start_advising")
    assert "Rule b applies" in reply and "Takaful Operations and Risk Management" in reply


def test_filters_and_orders_within_the_last_list():
    chat = Conversation()
    chat.say("anything on cybersecurity?", "search_catalogue")
    reply = chat.say("which of these are taught in English?", "set_language")
    assert codes(reply) and "OK, I'll answer" not in reply
    chat.say("early childhood courses?", "search_catalogue")
    reply = chat.say("which is cheapest?", "search_catalogue")
    assert codes(reply) == {"ECE-140"} and "RM540" in reply
    assert "Mahkota Jaya" in chat.say("which universities offer these?", "ask_provider")


def test_a_pick_by_part_of_the_title_answers_the_pending_question():
    chat = Conversation()
    chat.say("how much is the solar pv course", "faq/fee")
    reply = chat.say("the design one", "faq/delivery_mode")
    assert "REN-120" in reply and "RM700" in reply


def test_comparisons_by_parts_and_the_cheaper_of_two():
    chat = Conversation()
    reply = chat.say(
        "compare takaful with the islamic finance fundamentals course", "compare_credentials"
    )
    assert "ISF-101" in reply and "ISF-210" in reply
    assert codes(chat.say("which of the two is cheaper?", "faq/fee")) == {"ISF-101"}
    reply = Conversation().say(
        "bookkeeping vs asas keusahawanan digital, which one cheaper?", "compare_credentials"
    )
    assert codes(reply) == {"ENT-120"} and "RM520" in reply


def test_providers_by_kind_and_who_cannot_join():
    reply = Conversation().say("what does the polytechnic offer?", "search_catalogue")
    assert codes(reply) and all(
        "Politeknik Seri Lembah" in line for line in reply.splitlines()[1:-1]
    )
    reply = Conversation().say(
        "I'm from Indonesia, is there any course I'm not allowed to take?", "faq/nationality"
    )
    assert codes(reply) == {"ECE-150"}


def test_questions_about_micro_credentials_in_general_are_not_searches():
    for text, intent in [
        ("what's the longest a micro-credential course can be?", "faq/duration"),
        ("can I attend classes physically or is it online only", "faq/delivery_mode"),
        ("how do I reverse a linked list in Python?", "out_of_scope"),
    ]:
        assert not codes(Conversation().say(text, intent)), text


def faq_ranking(*topics: str) -> dict:
    """Parse data ranking the FAQ topics in this order (the first at 0.6, the next at 0.3)."""
    ranked = [
        {"intent_response_key": f"faq/{topic}", "confidence": confidence}
        for topic, confidence in zip(topics, (0.6, 0.3), strict=True)
    ]
    return {
        "intent_ranking": [{"name": "faq", "confidence": 0.9}],
        "response_selector": {"faq": {"ranking": ranked}},
    }


def test_an_faq_guess_without_its_words_gives_way_to_a_runner_up_with_them():
    ranking = faq_ranking("definition", "fee")
    chat = Conversation("ms")
    assert chat.say("mahal tak micro-credential ni?", "faq/definition", **ranking) == FAQ + "fee"
    assert chat.say("apa itu mikro-kredensial?", "faq/definition", **ranking) == FAQ + "definition"


def agreed(intent: str) -> dict:
    """Parse data whose reading by meaning names the same intent as the NLU."""
    return {"semantic": {"intent": intent, "similarity": 0.93, "ranking": [[intent, 0.93]]}}


def test_an_faq_both_readings_agree_on_is_answered_unless_courses_are_asked_for():
    general = [
        ("Is blended mode available or is it only in-class?", "faq/delivery_mode"),
        ("Can I complete the course in half a day?", "faq/duration"),
        (
            "Are the courses fully online or do some need face-to-face attendance?",
            "faq/delivery_mode",
        ),
        ("Can micro-credentials count towards an academic qualification?", "faq/recognition"),
    ]
    for text, intent in general:
        reply = Conversation().say(text, intent, **agreed(intent))
        assert not codes(reply) and FAQ in reply, text
    for text, intent in [
        ("anything below RM520?", "faq/fee"),
        ("online courses under 20 hours?", "faq/duration"),
        ("I only have half a day free, what can I finish?", "faq/duration"),
    ]:
        assert codes(Conversation().say(text, intent, **agreed(intent))), text


def test_an_agreed_faq_is_not_overridden_by_a_runner_up_with_its_words():
    ranking = faq_ranking("definition", "badge")
    text = "Mikrokredensial ni sama ke dengan sijil biasa?"
    both = {**ranking, **agreed("faq/definition")}
    assert Conversation("ms").say(text, "faq/definition", **both) == FAQ + "definition"
    # without the agreement, asking what it is still keeps the definition
    text = "Mikrokredensial ni apa sebenarnya? Sama ke dengan sijil biasa?"
    assert Conversation("ms").say(text, "faq/definition", **ranking) == FAQ + "definition"


def test_a_stated_goal_does_not_turn_an_agreed_faq_question_into_advice():
    text = "My manager mentions micro-credentials for upskilling. What does the term mean?"
    assert Conversation().say(text, "faq/definition", **agreed("faq/definition")) == (
        FAQ + "definition"
    )


def test_a_provider_left_out():
    for text, wanted, unwanted in [
        ("cybersecurity stuff but not from MDSI", {"CYB-101", "CYB-110"}, {"CYB-150", "CYB-205"}),
        ("kursus keusahawanan yang bukan dari KUMJ", {"ENT-120"}, {"ENT-101", "ENT-210"}),
        ("data science courses except the ones at Teknologi Bestari", set(), {"DSC-101"}),
    ]:
        listed = codes(Conversation().say(text, "search_catalogue"))
        assert wanted <= listed and not listed & unwanted, text


def test_a_fragment_that_only_narrows_filters_the_last_list():
    chat = Conversation("ms")
    chat.say("Politeknik Seri Lembah ada kursus apa?", "search_catalogue")
    assert codes(chat.say("yang standalone je", "faq/types")) == {"DSC-110"}
    chat = Conversation()
    chat.say("any cybersecurity courses?", "search_catalogue")
    assert codes(chat.say("online only?", "faq/delivery_mode")) == {"CYB-101", "CYB-150"}


def test_which_count_after_a_list_asks_among_it_and_a_provider_run_elsewhere():
    chat = Conversation("ms")
    chat.say("sy nk blaja pasal solar, ada x?", "search_catalogue")
    assert codes(chat.say("yg mana boleh pindah kredit ke diploma?", "faq/recognition")) == {
        "REN-101"
    }
    reply = Conversation().say("halal courses that are not run by IKIN", "search_catalogue")
    assert codes(reply) == {"HAL-210"}
    reply = Conversation().say("cheapest credit-bearing course pls", "search_catalogue")
    assert "ENT-120" in reply and "RM520" in reply and len(codes(reply)) == 1


def test_what_only_a_credential_has_is_asked_of_the_credential_in_focus():
    chat = Conversation()
    chat.say("tell me about Fundamentals of Islamic Finance", "ask_credential")
    assert "self-paced" in chat.say("is it self paced?", "faq/delivery_mode")
    chat = Conversation("ms")
    chat.say("tell me about Asas Perancangan Kewangan Islam", "ask_credential")
    assert "zakat" in chat.say("ada belajar pasal zakat x dalam tu", "faq/definition")


def test_the_reading_by_meaning_wins_only_when_clearly_nearer():
    def semantic(*ranking):
        return {"intent": ranking[0][0], "similarity": ranking[0][1], "ranking": list(ranking)}

    assert dialogue.reading("faq/fee", semantic(("faq/fee", 0.9))) == ("faq/fee", True)
    close = semantic(("faq/duration", 0.91), ("faq/fee", 0.90))
    assert dialogue.reading("faq/fee", close) == ("faq/fee", False)
    clear = semantic(("faq/duration", 0.93), ("faq/fee", 0.89))
    assert dialogue.reading("faq/fee", clear) == ("faq/duration", False)
    # not an FAQ topic on either side: the NLU's intent stands
    assert dialogue.reading("search_catalogue", clear) == ("search_catalogue", False)
    assert dialogue.reading("faq/fee", semantic(("out_of_scope", 0.95))) == ("faq/fee", False)
    assert dialogue.reading("faq/fee", None) == ("faq/fee", False)
    # called off topic by the NLU, an FAQ topic by meaning: a question about taking part is
    # the FAQ's, one about another subject stays off topic
    age = semantic(("faq/age", 0.91))
    assert dialogue.reading("out_of_scope", age, "anak sy 15 tahun, blh ikut x?") == (
        "faq/age",
        False,
    )
    vote = "What's the minimum age to vote? Can I register?"
    assert dialogue.reading("out_of_scope", age, vote) == ("out_of_scope", False)
    assert dialogue.reading("out_of_scope", age, "umur berapa") == ("out_of_scope", False)
    # unsure by words, clear by meaning
    fee = semantic(("faq/fee", 0.91))
    assert dialogue.reading("nlu_fallback", fee, "how much is the pv one") == ("faq/fee", False)
    vague = semantic(("faq/fee", 0.85))
    assert dialogue.reading("nlu_fallback", vague, "how much") == ("nlu_fallback", False)


def test_recognition_words_in_another_faq_question_get_that_answer_not_advice():
    text = "Can foreigners also get credit transfer for micro-credentials?"
    reply = Conversation().say(text, "faq/nationality", **agreed("faq/nationality"))
    assert reply.startswith(FAQ + "nationality") and not asks_a_question(reply)
    # facts about their own credential still start the advice
    text = "I'm from Jakarta and my micro-credential is credit-bearing. Can I transfer the credit?"
    reply = Conversation().say(text, "faq/nationality", **agreed("faq/nationality"))
    assert asks_a_question(reply)


def _in_malay_after(first: tuple[str, str], text: str) -> str:
    """The reply to a recognition question ``text`` after the message ``first`` (text, intent)."""
    chat = Conversation("ms")
    chat.say(*first)
    return chat.say(text, "faq/recognition")


def test_a_code_or_title_typed_is_the_credential_and_a_programme_name_is_no_mention():
    reply = _in_malay_after(
        ("Saya dah lulus HOS-110 di Politeknik Seri Lembah.", "inform"),
        "Nak sambung Diploma in Hotel and Catering Management di politeknik yang sama. "
        "Kredit boleh dikira?",
    )
    assert "Peraturan a terpakai" in reply and "HAL-130" not in reply
    reply = _in_malay_after(
        ("Saya warganegara Indonesia.", "faq/nationality"),
        "Saya berminat dengan ECE-150 Amalan Asuhan Kanak-Kanak di Taska, nak guna kreditnya "
        "bila sambung diploma nanti.",
    )
    assert "Peraturan b terpakai" in reply and not asks_a_question(reply)


def test_the_level_the_provider_and_what_to_bring_are_asked_of_the_credential_in_focus():
    chat = Conversation("ms")
    chat.say("tell me about Deep Learning for Computer Vision", "ask_credential")
    assert "Tahap MQF 7" in chat.say("Deep learning tu tahap MQF brp?", "faq/fee")
    chat = Conversation()
    chat.say("tell me about Takaful Operations and Risk Management", "ask_credential")
    assert "Universiti Pantai Timur" in chat.say("who runs it", "faq/entry_requirements")


def test_those_two_and_a_filter_on_the_last_list_without_topic_words():
    chat = Conversation()
    chat.say("whats the cheapest course you have", "search_catalogue")
    listed = codes(chat.say("ok which of those can be taken in malay?", "search_catalogue"))
    assert listed and listed <= {"AIN-105", "CYB-150", "HAL-130"} and "AIN-105" not in listed
    chat = Conversation()
    shown = codes(chat.say("cybersecurity stuff but not from MDSI", "search_catalogue"))
    assert len(shown) == 2
    assert "Provider — A:" in chat.say("compare the fees for those two", "faq/fee")
    assert understanding.first_n("compare those two") == 2
    assert understanding.first_n("bandingkan kedua-dua") == 2


def test_typed_follow_ups_found_over_rest():
    # "aren't from" leaves the provider out like "not from"
    reply = Conversation().say(
        "got any cyber security courses that aren't from MDSI?", "search_catalogue"
    )
    assert codes(reply) == {"CYB-101", "CYB-110"}
    # a question only a credential answers goes to the one in focus, however long it is
    chat = Conversation()
    chat.say("tell me about Fundamentals of Islamic Finance", "ask_credential")
    assert "ISF-101" in chat.say("can i start anytime or is there an intake?", "ask_intake")


def test_a_greeting_that_names_a_credential_greets_and_keeps_it_in_focus():
    chat = Conversation()
    assert chat.say("hello", "greet") == "utter_greet"
    reply = chat.say("Hi, I passed DSC-101 last month", "greet")
    assert reply.startswith("utter_greet") and "DSC-101" in reply
    assert chat.slots["credential"] == "DSC-101"
    # a goal stated in what the model took for a goodbye is still heard
    chat = Conversation("ms")
    chat.say("Saya dah siap kursus kendiri", "faq/types")
    assert "utter_goodbye" not in chat.say("Tak perlu kredit akademik, untuk kerja je.", "goodbye")


def test_two_things_asked_of_one_credential_get_both_answers():
    chat = Conversation()
    chat.say("tell me about Power BI Dashboards for Business", "ask_credential")
    reply = chat.say("how much is it and how many hours?", "faq/fee")
    assert "RM" in reply and " hours" in reply
    reply = Conversation().say("Who runs the Power BI course, and is it online?", "ask_provider")
    assert "online" in reply and "Malaysian Digital Skills Institute" in reply


def test_a_keyword_in_the_learners_background_names_no_credential():
    text = (
        "I completed a credit-bearing micro-credential that is part of an accredited master's. "
        "My bachelor's is in accounting, so I'm not sure I meet the entry requirements."
    )
    reply = Conversation().say(text, "faq/recognition")
    assert not codes(reply) and "Bookkeeping" not in reply
    assert "ENT-120" in Conversation().say("how much is the accounting course?", "faq/fee")


def test_which_count_towards_a_programme_named_by_its_words():
    reply = Conversation().say(
        "which micro-credentials count towards a Bachelor of Computer Science?", "faq/recognition"
    )
    assert codes(reply) == {"CYB-110", "DSC-101"}


def test_which_of_them_with_a_question_gets_each_ones_answer():
    chat = Conversation()
    listed = codes(chat.say("any safety courses?", "search_catalogue"))
    assert {"OSH-101", "OSH-120"} <= listed
    reply = chat.say("which of them need me to be at least 18?", "faq/age")
    assert {"OSH-101", "OSH-120"} <= codes(reply) and "18" in reply


def test_a_count_with_a_topic_is_a_search():
    assert codes(Conversation().say("do you have courses on python", "catalogue_count")) == {
        "DSC-101"
    }
    assert "45" in Conversation().say("how many courses do you have?", "catalogue_count")


def test_picking_one_after_which_answers_what_the_pick_asks():
    chat = Conversation("ms")
    chat.say("any islamic finance courses?", "search_catalogue")
    chat.say("how much is it?", "faq/fee")
    reply = chat.say("yang kedua tu berapa jam?", "faq/duration")
    assert reply.startswith("Fundamentals of Islamic Finance (ISF-101)") and "jam" in reply
    assert "RM600" not in reply


def test_a_correction_picks_again_from_the_same_options():
    chat = Conversation()
    # every credential in the field is one the learner may mean, the takaful one too
    assert chat.say("how much is the islamic finance course?", "faq/fee")
    assert {"ISF-050", "ISF-101", "ISF-210"} == {b.split("(")[-1].rstrip(")") for b in chat.buttons}
    assert "ISF-101" in chat.say("the fundamentals one", "choose_credential")
    reply = chat.say("sorry, I meant the Malay one on financial planning", "faq/delivery_mode")
    assert "ISF-050" in reply


def test_a_provider_kind_picks_among_the_options():
    chat = Conversation()
    chat.say("tell me about the solar course", "ask_credential")
    assert chat.say("the polytechnic one. how long is it?", "faq/duration").startswith(
        "Solar PV Installation and Maintenance (REN-101)"
    )


def test_a_field_named_as_a_course_offers_its_credentials_to_choose():
    chat = Conversation()
    chat.say("tell me about the data course", "ask_credential")
    assert {"DSC-101", "DSC-330"} <= codes(" ".join(chat.buttons))


def test_self_paced_and_a_place_are_filters():
    reply = Conversation().say("Which courses can I start any time, at my own pace?", "ask_intake")
    assert "ISF-050" in codes(reply) and "ECE-150" not in codes(reply)
    reply = Conversation("ms").say("ada penyedia kursus kat Johor tak?", "search_catalogue")
    assert "Institut Kemahiran Industri Nusantara" in reply and "Pantai Timur" not in reply


def test_the_catalogues_extreme_whichever_faq_it_is_near():
    reply = Conversation().say("what's the priciest micro-credential you've got?", "faq/definition")
    assert "RM700" in reply and FAQ not in reply


def test_words_no_course_is_about_do_not_make_a_list():
    reply = Conversation().say(
        "My wifi at home keeps dropping. Are there face to face options?", "faq/delivery_mode"
    )
    assert reply == FAQ + "delivery_mode"
    reply = Conversation().say("recommend a Thai series to watch this weekend", "out_of_scope")
    assert messages.render("out_of_scope", "en") in reply
    reply = Conversation().say("a quick soup recipe that kids will like?", "out_of_scope")
    assert not codes(reply)


def test_credits_of_the_one_in_focus_however_asked():
    chat = Conversation()
    chat.say("tell me about Hotel Revenue Management", "ask_credential")
    assert "2 credits" in chat.say("does it carry credits? how many?", "faq/recognition")
    reply = Conversation().say("does the ethical hacking course give any credits?", "faq/types")
    assert "standalone" in reply and not asks_a_question(reply)


def test_part_of_an_accredited_programme_is_credit_bearing():
    chat = Conversation()
    reply = chat.say("my micro-credential is part of an accredited programme", "faq/recognition")
    assert messages.render("ask_same_provider", "en") in reply
    reply = chat.say("I'm applying to another university", "start_advising")
    assert reply.startswith("Rule a applies only at the same HEP")


def test_no_plans_to_study_answers_the_question_even_after_never_mind():
    chat = Conversation()
    chat.say("can my micro-credential count towards a degree?", "faq/recognition")
    reply = chat.say("never mind that, I have no plans to study further", "nlu_fallback")
    assert reply.startswith("For upskilling you need nothing more")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm Bangladeshi, here on a work permit. Can I enrol?", "faq/nationality"),
        ("my husband is a Filipino on a spouse visa, is he eligible to join?", "faq/nationality"),
        ("sy org Indonesia, blh join x?", "faq/nationality"),
        ("I am from Indonesia, can I join the gym?", "out_of_scope"),
        ("can foreigners join the army?", "out_of_scope"),
    ],
)
def test_a_foreigner_asking_to_join_is_the_nationality_question(text, expected):
    off_topic = {"intent": "out_of_scope", "similarity": 0.9, "ranking": []}
    assert dialogue.reading("out_of_scope", off_topic, text)[0] == expected


def test_two_codes_typed_are_both_named():
    reply = Conversation().say("fees for MKT-220 and DSC-101 pls", "out_of_scope")
    assert {"MKT-220", "DSC-101"} <= codes(reply) and "RM580" in reply


def test_a_language_of_instruction_with_other_words_still_lists():
    reply = Conversation().say("courses taught in Malay? my english is weak", "search_catalogue")
    assert "ISF-050" in codes(reply)


def test_what_a_beginner_needs_and_who_runs_it_are_asked_of_the_credential():
    chat = Conversation("ms")
    chat.say("ceritakan tentang DSC-140", "ask_credential")
    assert "Windows" in chat.say("sesuai untuk pemula tak? kena ada asas apa?", "faq/types")
    assert "Malaysian Digital Skills Institute" in chat.say("siapa yg run kursus tu?", "faq/types")


def test_credentials_towards_an_award_found_by_their_topic():
    reply = Conversation("ms").say(
        "ada kursus data yg kreditnya boleh dikira untuk ijazah sarjana muda?", "faq/recognition"
    )
    assert codes(reply) == {"DSC-101"}


def test_a_keyword_names_a_credential_in_a_request_for_credit_the_nlu_calls_off_topic():
    reply = Conversation("ms").say(
        "sijil Working at Height dari IKIN boleh guna untuk dapat kredit diploma tak?",
        "out_of_scope",
    )
    assert "OSH-101" in reply and "APEL C" in reply
    assert not codes(Conversation().say("how do I reverse a list in Python?", "out_of_scope"))


def test_a_foreigner_on_a_work_permit_asking_to_join_gets_the_nationality_answer():
    reply = Conversation().say(
        "I'm from Myanmar, working here on a work permit. am I allowed to sign up?",
        "out_of_scope",
        semantic={"intent": "out_of_scope", "similarity": 0.9, "ranking": []},
    )
    assert reply == FAQ + "nationality"
    reply = Conversation("ms").say(
        "sy warga Bangladesh, ada permit kerja. boleh daftar tak?", "out_of_scope"
    )
    assert reply == FAQ + "nationality"


def test_a_type_named_in_a_question_is_no_request_for_credit_counted():
    reply = Conversation().say(
        "what's the difference between a credit bearing one and a standalone one?",
        "faq/types",
        **agreed("faq/types"),
    )
    assert reply == FAQ + "types"
    reply = Conversation().say(
        "show me KUMJ courses that are NOT credit bearing", "search_catalogue"
    )
    assert codes(reply) == {"MKT-150"}
    reply = Conversation("ms").say(
        "nak cari kursus yg tak bawa kredit, online je",
        "faq/delivery_mode",
        **agreed("faq/delivery_mode"),
    )
    assert codes(reply) and not asks_a_question(reply) and "APEL C" not in reply


def test_fees_in_general_and_modes_in_general_are_the_faq_with_personal_words_around():
    chat = Conversation()
    reply = chat.say(
        "I have two kids to feed, what do micro-credentials usually cost in general?",
        "faq/fee",
        **agreed("faq/fee"),
    )
    assert reply == FAQ + "fee"
    reply = Conversation("ms").say(
        "mod pembelajaran dia apa, blended pun ada ke",
        "faq/delivery_mode",
        **agreed("faq/delivery_mode"),
    )
    assert reply == FAQ + "delivery_mode"


def test_the_shortest_course_with_words_no_course_is_about():
    reply = Conversation().say(
        "I'm free only for a morning, what's the shortest course you've got",
        "faq/duration",
        **agreed("faq/duration"),
    )
    assert {"AIN-105", "CYB-150", "HAL-130"} & codes(reply)


def test_all_of_the_last_list_asked_with_semua():
    chat = Conversation("ms")
    chat.say("ada kursus solar?", "search_catalogue")
    reply = chat.say("yuran semua?", "faq/fee", **agreed("faq/fee"))
    assert {"REN-120", "REN-101"} <= codes(reply) and "RM700" in reply


def test_who_issues_a_named_credentials_badge_is_its_provider():
    reply = Conversation().say("who awards the badge for Social Media Marketing?", "faq/badge")
    assert "Kolej Universiti Mahkota Jaya" in reply


def test_a_staff_need_and_a_task_at_work_are_searches():
    reply = Conversation().say(
        "my clerks keep opening fake delivery emails, is there training for that?", "out_of_scope"
    )
    assert "CYB-150" in codes(reply)
    reply = Conversation().say(
        "I have to climb into water tanks at work to inspect them, any training?", "out_of_scope"
    )
    assert "OSH-120" in codes(reply)


@pytest.mark.parametrize(
    "text",
    [
        "how old can you be to sign up as a PDRM constable?",
        "is there tax relief for my daughter's college fees in e-filing?",
        "how does my shop get a verified badge on facebook",
        "a degree in accounting takes how many years?",
    ],
)
def test_other_subjects_sharing_the_faqs_words_are_declined(text):
    reply = Conversation().say(text, "faq/age", **agreed("faq/age"))
    assert reply == messages.render("near_topic", "en")


def test_an_aim_stated_first_and_the_type_stated_later_is_advised():
    chat = Conversation()
    facts = {"semantic": {"intent": "start_advising", "similarity": 0.93, "ranking": []}}
    reply = chat.say(
        "considering micro-credentials as a step towards a degree one day", "out_of_scope", **facts
    )
    assert messages.render("ask_credential_type", "en") in reply
    reply = chat.say("the one I have in mind is standalone", "faq/types", **agreed("faq/types"))
    assert reply.startswith("Rule c applies")


GOVERNMENTS = messages.render("pathway_caveat_government_may_not_accept", "en")[:40]


@pytest.mark.parametrize(
    ("text", "intent", "opening", "government"),
    [
        # the credential's own provider left out: another HEP
        (
            "I did AGR-110 at UPTIMUR but want my BSc at a college in Johor, not UPTIMUR. can "
            "the credits carry over?",
            "out_of_scope",
            "Rule a applies only at the same HEP",
            False,
        ),
        # "that same programme": the same HEP
        (
            "my credit-bearing micro-credential is part of an accredited programme at KUMJ and "
            "I'll carry on in that same programme. will it be recognised?",
            "faq/recognition",
            "Rule a applies:",
            False,
        ),
        # a master's abroad: the governments caveat
        (
            "doing a master's in Canada soon. my micro-credential is credit-bearing and not part "
            "of any accredited programme. will it count?",
            "faq/recognition",
            "Rule b applies",
            True,
        ),
        # two facts about their own credential and an aim: their case, whatever the intent
        (
            "My micro-credential is credit-bearing and part of an accredited programme at one "
            "university, but I'll enrol at a different university for my degree. What can I do?",
            "faq/nationality",
            "Rule a applies only at the same HEP",
            False,
        ),
        (
            "none of my staff need any academic credit from it",
            "out_of_scope",
            "For upskilling",
            False,
        ),
        (
            "mine is a standalone micro-credential and I'd like credit for it at a university in "
            "London",
            "faq/nationality",
            "Rule c applies",
            True,
        ),
    ],
)
def test_one_message_states_the_case(text, intent, opening, government):
    reply = Conversation().say(text, intent)
    assert reply.startswith(opening)
    assert (GOVERNMENTS in reply) is government


def test_is_it_of_the_one_in_focus_after_a_list_of_one_is_about_it():
    chat = Conversation()
    chat.say("I work with patient records at a clinic, anything for me?", "out_of_scope")
    reply = chat.say("is it standalone?", "faq/types", **agreed("faq/types"))
    assert reply.startswith("Health Information Management (HLT-210) is a credit-bearing")


def test_a_search_that_finds_one_answers_the_credential_question_asked():
    reply = Conversation("ms").say("nak belajar spark, boleh mula bila-bila masa ke?", "ask_intake")
    assert "DSC-330" in reply and "self-paced" in reply


@pytest.mark.parametrize(
    "text",
    [
        "is there an age limit for children at the condo swimming pool gym?",
        "berapa yuran pusat tuisyen untuk SPM sejarah?",
        "ada had umur untuk buat kad OKU?",
        "how many credits to graduate from my engineering degree?",
        "tempoh sah pas pelajar berapa lama ya?",
    ],
)
def test_more_subjects_sharing_the_faqs_words_are_declined(text):
    reply = Conversation().say(text, "out_of_scope")
    assert reply == messages.render("near_topic", "en") or reply == messages.render(
        "near_topic", "ms"
    )


def test_the_meaning_does_not_turn_a_question_in_its_topics_words_into_the_definition():
    meaning = {
        "intent": "faq/definition",
        "similarity": 0.95,
        "ranking": [["faq/delivery_mode", 0.9]],
    }
    reading = dialogue.reading("faq/delivery_mode", meaning, "apakah mod penyampaian kursus ni?")
    assert reading[0] == "faq/delivery_mode"


def test_warming_up_builds_what_the_first_question_would_wait_for(catalogue_url):
    resolver._cache.entries.clear()
    finder._indexes.clear()
    warm_up()  # what the action server's worker does before its first request
    path = catalogue_url.removeprefix("sqlite:///")
    assert any(path in key for key in resolver._cache.entries)
    assert any(path in key for key in finder._indexes)


# ------------------------------------------------------------------------ glossary


def definition(key: str, lang: str = "en") -> str:
    return glossary.load().term(key).definitions[lang]


def test_a_term_asked_about_gets_its_definition_not_the_rules_and_is_offered_the_rules():
    chat = Conversation()
    # the NLU took it for the recognition question; the words ask what APEL C is
    reply = chat.say("what is APEL C?", "faq/recognition")
    assert reply.startswith(definition("apel"))
    assert FAQ + "recognition" not in reply
    related = messages.question("faq/recognition", "en")
    [offer] = [
        m for m in chat.messages if m.get("text") == messages.render("glossary_related", "en")
    ]
    assert offer["buttons"] == [{"title": related, "payload": related}]
    # the rules themselves, when the learner takes the offer
    assert chat.say(related, "faq/recognition").startswith(FAQ + "recognition")


def test_the_recognition_question_still_gets_the_rules_with_its_terms_offered_once():
    chat = Conversation()
    reply = chat.say("how can micro-credentials be recognised?", "faq/recognition")
    assert reply.startswith(FAQ + "recognition")
    [rules] = [m for m in chat.messages if m.get("response") == FAQ + "recognition"]
    # the first terms it uses, in the glossary's order, at most three
    assert [b["title"] for b in rules["buttons"]] == [
        "What is APEL C?",
        "What is an HEP?",
        "What is a standalone micro-credential?",
    ]
    assert chat.slots["terms_seen"] == ["apel", "hep", "standalone"]
    # another answer offers only the terms not offered before
    chat.say("what types of micro-credentials are there?", "faq/types")
    [types] = [m for m in chat.messages if m.get("response") == FAQ + "types"]
    assert [b["title"] for b in types["buttons"]] == [
        "What is a credit-bearing micro-credential?",
        "What is credit transfer?",
    ]
    assert chat.slots["terms_seen"][3:] == ["credit_bearing", "credit_transfer"]


def test_a_term_asked_mid_form_is_defined_and_the_question_asked_again():
    chat = Conversation()
    chat.say("can my micro-credential count towards a degree?", "start_advising")
    assert chat.slots["advising"]["asking"] == "credential_type"
    # "credit-bearing" in a question is no answer to the form
    reply = chat.say("what does credit-bearing mean?", "faq/types")
    assert reply.startswith(definition("credit_bearing"))
    assert reply.endswith(messages.render("ask_credential_type", "en"))
    assert chat.slots["advising"]["asking"] == "credential_type"
    assert "credential_type" not in (chat.slots["advising"].get("facts") or {})
    assert "Rule c applies" in chat.say("ok, mine is standalone", "faq/types")


def test_a_term_asked_instead_of_a_contact_is_defined_and_the_contact_asked_again():
    chat = Conversation()
    chat.say("can I speak to an adviser", "human_handoff")
    chat.say("about APEL for my diploma", "start_advising")
    reply = chat.say("HEP tu apa", "ask_term", language="ms")
    assert reply.startswith(definition("hep", "ms"))
    assert reply.endswith(messages.render("handoff_still_need", "ms"))


def test_malay_and_a_named_level_are_answered_in_malay_from_that_level():
    mqf = glossary.load().term("mqf")
    reply = Conversation().say("MQF tahap 6 tu apa", "ask_term")
    assert reply.startswith(mqf.levels[6]["ms"])
    assert definition("mqf", "ms") in reply


def test_a_question_naming_mqa_asks_about_the_mqa():
    reply = Conversation().say("mikro-kredensial ni diiktiraf MQA ke?", "faq/recognition")
    assert reply.startswith(definition("mqa", "ms"))


def test_a_term_the_nlu_sees_but_the_glossary_does_not_name_goes_to_the_next_reading():
    chat = Conversation()
    reply = chat.say(
        "what does that word mean",
        "ask_term",
        intent_ranking=[{"name": "ask_term"}, {"name": "faq"}],
        response_selector={"faq": {"ranking": [{"intent_response_key": "faq/definition"}]}},
    )
    assert reply == FAQ + "definition"


def test_a_definition_asked_with_another_question_gets_that_answer_too():
    reply = Conversation().say(
        "What is APEL C and how does it relate to micro-credentials?", "faq/recognition"
    )
    assert reply.startswith(definition("apel"))
    assert reply.endswith(FAQ + "recognition")


def test_a_word_meaning_something_else_off_topic_is_no_question_about_the_term():
    reply = Conversation().say(
        "does the verified badge on a Shopee seller mean it's legit?", "out_of_scope"
    )
    assert reply in (messages.render(key, "en") for key in ("out_of_scope", "near_topic"))
