"""Facts, filters and references read from free text (bot/understanding.py, bot/vocabulary.py)."""

from __future__ import annotations

import pytest

from bot.understanding import (
    credential_type,
    extract_facts,
    first_n,
    ordinal,
    refers_to_list,
    search_request,
    stated_age,
    wants_recognition,
    yes_no,
)


def _cases(table: dict) -> list[tuple[str, object]]:
    return [(text, value) for value, texts in table.items() for text in texts]


YES_NO = {
    True: ["yes", "Yeah sure", "ya", "Yup!", "betul", "boleh", "ok", "OK lah", "ya saya", "haah"],
    False: ["no", "Nope", "tidak", "tak", "bukan", "x", "tak boleh", "not yet", "belum lagi"],
    None: ["", "what is APEL C?", "tak pasti", "not sure", "I don't know", "maybe", "hmm"],
}
TYPES = {
    "standalone": [
        "standalone",
        "Stand-alone one",
        "berdiri sendiri",
        "kendiri",
        "tanpa kredit",
        "non-credit",
        "non credit bearing",
        "the one with no credit",
        "it's not credit-bearing",
        "bukan credit-bearing",
        "it was credit-bearing... sorry, actually it's standalone",
        "sorry, silap, sebenarnya standalone",
    ],
    "credit-bearing": [
        "credit-bearing",
        "credit bearing",
        "bawa kredit",
        "yang ada kredit",
        "the one with credits",
        "it's credit-bearing, not a standalone one",
        "not standalone",
        "actually it's credit-bearing",
    ],
    None: ["", "don't know", "apa tu", "fees?", "can I get credit for it?", "boleh dapat kredit?"],
}


@pytest.mark.parametrize(("text", "expected"), _cases(YES_NO))
def test_yes_no(text, expected):
    assert yes_no(text) is expected


@pytest.mark.parametrize(("text", "expected"), _cases(TYPES))
def test_credential_type(text, expected):
    assert credential_type(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "I'm Indonesian and completed a credit-bearing micro-credential that isn't part of "
            "an accredited programme. Can I transfer the credit to a university back home?",
            {
                "credential_type": "credit-bearing",
                "part_of_accredited_programme": False,
                "same_provider": False,
                "malaysian": False,
                "goal": "academic_award",
            },
        ),
        (
            "Saya ada mikro-kredensial kendiri. Boleh saya dapat kredit untuk program diploma?",
            {"credential_type": "standalone", "goal": "academic_award"},
        ),
        (
            "I never got my SPM. If I collect a few micro-credentials, can I use them to get "
            "into a diploma?",
            {"meets_entry_requirements": False, "goal": "academic_award"},
        ),
        (
            "it's credit-bearing and part of the accredited degree, I'll use it at the same uni",
            {
                "credential_type": "credit-bearing",
                "part_of_accredited_programme": True,
                "same_provider": True,
            },
        ),
        ("universiti lain", {"same_provider": False}),
        ("sy dari Bangladesh, nak guna kat IPT lain", {"malaysian": False, "same_provider": False}),
        (
            "I'm Malaysian, my results are bad though",
            {"malaysian": True, "meets_entry_requirements": False},
        ),
        (
            "bukan sebahagian daripada program yang diakreditasi",
            {"part_of_accredited_programme": False},
        ),
        (
            "ya, sebahagian daripada program yang diakreditasi",
            {"part_of_accredited_programme": True},
        ),
        ("kendiri, untuk peningkatan kemahiran", {"credential_type": "standalone"}),
        ("just for my job, no plans to study", {"goal": "upskilling"}),
        ("how much is the fee?", {}),
        # Malay words for the type and for accredited; the programme named before "bertauliah"
        (
            "yang saya ada ni jenis kredit, dalam program ijazah bertauliah",
            {"credential_type": "credit-bearing", "part_of_accredited_programme": True},
        ),
        ("tak termasuk dalam program sarjana bertauliah", {"part_of_accredited_programme": False}),
        # a pass that only foreigners hold
        ("I work here on an employment pass", {"malaysian": False}),
        ("sy guna pas pelajar", {"malaysian": False}),
        # not meeting a diploma's requirements is not declining a diploma
        (
            "my school results may not meet the diploma requirements, but I want credit towards it",
            {"meets_entry_requirements": False, "goal": "academic_award"},
        ),
        (
            "tak layak masuk diploma agaknya",
            {"meets_entry_requirements": False, "goal": "academic_award"},
        ),
        ("no intention of going back to uni, it's for work", {"goal": "upskilling"}),
        ("I'm not aiming for a degree", {"goal": "upskilling"}),
        # another HEP by a letter or by "instead"; a university's nationality is not the learner's
        ("nak sambung di universiti B", {"same_provider": False}),
        ("I want to study at Ain Shams University instead", {"same_provider": False}),
        ("boleh guna kat uni x?", {}),
        ("I'm Nigerian, at a Malaysian university", {"malaysian": False}),
        ("No interest in credits or degrees, just solar", {"goal": "upskilling"}),
        ("tak berminat nak sambung ijazah", {"goal": "upskilling"}),
        # the award at "a" university somewhere, or "over there": not the credential's own HEP
        (
            "they offered me a degree place at a private university in Shah Alam",
            {"same_provider": False},
        ),
        (
            "mungkin sambung diploma di sebuah kolej swasta",
            {"same_provider": False, "goal": "academic_award"},
        ),
        ("boleh guna kat universiti sana?", {"same_provider": False}),
        ("I took it at a polytechnic", {}),
        # studying abroad: the caveat about other governments, as for a foreigner
        # studying abroad: another government, and another HEP than the Malaysian provider
        (
            "I'm Malaysian but I'll do my masters in New Zealand",
            {"malaysian": False, "same_provider": False},
        ),
        (
            "nak sambung ijazah di Jepun",
            {"malaysian": False, "goal": "academic_award", "same_provider": False},
        ),
        ("relocating to Perth next year", {"malaysian": False}),
        # skills only, in other words
        ("took it only for the practical skills", {"goal": "upskilling"}),
        ("saya cuma nak pengetahuan", {"goal": "upskilling"}),
        ("I already have a diploma and do not need another", {"goal": "upskilling"}),
        ("x perlu sijil akademik", {"goal": "upskilling"}),
        ("bukan untuk diploma atau ijazah", {"goal": "upskilling"}),
        ("none of my staff want a degree, it's purely to sharpen skills", {"goal": "upskilling"}),
        ("I'm not after any qualification", {"goal": "upskilling"}),
        ("I don't care about credits, just the skill", {"goal": "upskilling"}),
        # entry requirements not met, in other words
        ("SPM saya x lulus Sejarah", {"meets_entry_requirements": False}),
        ("I only got 3 credits in SPM", {"meets_entry_requirements": False}),
        # the HEP: a private one, or "there too"
        ("nak guna kat kolej swasta", {"same_provider": False}),
        ("nak masuk diploma kat situ jugak", {"same_provider": True, "goal": "academic_award"}),
        # "x" asking "or not" is no "not credit-bearing"
        ("boleh x kredit tu dipakai?", {}),
        # not bound to a programme; nobody needing credit; the same programme; a master's abroad
        ("ia tak terikat dengan program bertauliah", {"part_of_accredited_programme": False}),
        ("nobody on my team needs credits", {"goal": "upskilling"}),
        ("I'll stay in that same programme", {"same_provider": True}),
        ("doing my master's in Japan", {"malaysian": False, "same_provider": False}),
    ],
)
def test_facts_from_any_message(text, expected):
    assert extract_facts(text) == expected


@pytest.mark.parametrize(
    ("asking", "text", "expected"),
    [
        ("part_of_accredited_programme", "yes", True),
        ("part_of_accredited_programme", "tak", False),
        ("same_provider", "same", True),
        ("same_provider", "lain", False),
        ("same_provider", "different one", False),
        ("malaysian", "Malaysian", True),
        ("malaysian", "Indonesia", False),
        ("malaysian", "bukan warganegara", False),
        ("malaysian", "not sure", None),
    ],
)
def test_a_bare_answer_answers_the_question_asked(asking, text, expected):
    assert extract_facts(text, asking=asking).get(asking) is expected


def test_a_bare_yes_without_a_question_is_no_fact():
    assert extract_facts("yes") == {}


@pytest.mark.parametrize(
    "text",
    [
        "can I transfer the credit to a university back home?",
        "Boleh saya dapat kredit untuk program diploma?",
        "can my micro-credential count towards a degree?",
        "sy dah ada 2 microcredential, boleh guna utk sambung diploma x?",
        "will it be recognised for my bachelor?",
    ],
)
def test_recognition_questions(text):
    assert wants_recognition(text)


@pytest.mark.parametrize("text", ["how much is the fee?", "is it online?", "what is a badge?"])
def test_other_questions_are_not_about_recognition(text):
    assert not wants_recognition(text)


FIELDS = ["Data Science", "Hospitality and Tourism", "Islamic Finance"]
PROVIDERS = [
    ("POLISL", "Politeknik Seri Lembah (Sample)"),
    ("MDSI", "Malaysian Digital Skills Institute (Sample)"),
]
PROGRAMMES = ["Diploma in Early Childhood Education", "Bachelor of Islamic Finance (Hons)"]


@pytest.mark.parametrize(
    ("text", "filters", "other"),
    [
        ("online courses under RM600", {"mode": "online", "max_fee": 599.99}, {}),
        ("anything below RM520?", {"max_fee": 519.99}, {}),
        ("budget RM550 max", {"max_fee": 550}, {}),
        ("I can only spare half a day, what can I take?", {"max_hours": 4}, {}),
        ("under 20 hours please", {"max_hours": 20}, {}),
        ("show me non credit-bearing courses", {"type": "standalone"}, {}),
        ("anything not online?", {}, {"exclude_mode": "online"}),
        ("kursus dalam bahasa melayu", {}, {"language": "Bahasa Melayu"}),
        ("what's the cheapest course you have?", {}, {"sort": ("fee", False)}),
        ("yang paling lama", {}, {"sort": ("hours", True)}),
        ("what does Politeknik Seri Lembah offer", {"provider": "POLISL"}, {}),
        ("data science courses", {"field": "Data Science"}, {}),
        ("anything I can start any time, at my own pace?", {}, {"self_paced": True}),
        ("kursus yg ikut masa sendiri ada?", {}, {"self_paced": True, "topics": []}),
        ("ada penyedia kat Johor tak?", {}, {"state": "Johor", "topics": []}),
        ("courses near Ipoh?", {}, {"state": "Perak"}),
        ("I live in Penang, anything on data?", {}, {"state": None}),  # where they live
        ("kursus diajar sepenuhnya dlm BM", {}, {"language": "Bahasa Melayu", "topics": []}),
        (
            "Which micro-credentials count towards the Diploma in Early Childhood Education?",
            {},
            {"programme": "Diploma in Early Childhood Education"},
        ),
    ],
)
def test_search_requests(text, filters, other):
    request = search_request(text, FIELDS, PROVIDERS, PROGRAMMES)
    assert request.filters == filters
    for name, value in other.items():
        assert getattr(request, name) == value


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("my staff keep clicking scam emails", "phishing"),
        ("I sell kuih online", "e-commerce"),
        ("I'm a cook at a caterer", "kitchen"),
        ("I work in a hotel, anything useful for me?", "hotel"),
        ("do you have courses on python", "python"),
        ("is there anything on machine learning?", "machine"),
        ("anything on using drones over crops?", "drones"),  # the need's own word too
    ],
)
def test_needs_become_topics(text, topic):
    request = search_request(text, FIELDS, PROVIDERS, PROGRAMMES)
    assert topic in request.topics
    assert "mode" not in request.filters  # "sell kuih online" is not an online course


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("the second one", 2),
        ("yang kedua", 2),
        ("no 3", 3),
        ("first", 1),
        ("the last one", -1),
        ("2", 2),
    ],
)
def test_ordinals(text, number):
    assert ordinal(text) == number


def test_references_to_the_last_list():
    assert first_n("compare the first two") == 2
    assert ordinal("compare the first two") is None
    assert refers_to_list("which one is the cheapest?")
    assert refers_to_list("which universities offer these?")
    assert not refers_to_list("how much is the fee?")


@pytest.mark.parametrize(
    ("text", "age"), [("I'm 16, which can't I join?", 16), ("umur saya 17", 17), ("how much", None)]
)
def test_stated_age(text, age):
    assert stated_age(text) == age
