"""Which reply a learner's message gets: one pure function, :func:`respond`.

It takes what the NLU understood (:class:`Turn`), what the conversation knows
(:class:`State`: the credential in focus, the last list shown, a pending "which one?", the
advising facts so far) and read access to the catalogue, and returns a :class:`Reply`: the
messages to send and the new state. The Rasa action only reads the tracker, calls it, and sends
what it returns.

The order of decisions, each tried in turn:

0. a greeting, thanks or goodbye that says nothing more gets its fixed reply; the NLU's
   intent and the reading by meaning are reconciled (:func:`reading`, called by the
   action); an FAQ guess without its topic's words gives way to a runner-up with them unless
   both readings agree on it, and a non-Malaysian asking whether they may join asks the
   nationality question; a question about a word of the answers ("what is APEL C?", "HEP tu
   apa") gets the glossary's definition (:mod:`bot.glossary`), mid-form too;
1. a pending "which one?" is answered by a pick ("the second one", "the design one", a code),
   else dropped with the list it came from;
   a question near the FAQ but not about micro-credentials (a degree, the army, a loan) is
   declined;
2. advising: the recognition facts in any message are merged; a question about recognition
   for the learner's own case, or an advising conversation under way, gets the advice when the
   facts suffice and otherwise the one question still needed; an FAQ asked mid-way is answered
   and the pending question asked once more;
3. the last list ("the second one", "which of these are taught in English?", "compare the
   first two", "which universities offer these?");
4. comparisons of credentials named, counts, the next page, who cannot join;
5. a list the message asks for ("anything below RM520?"), else a question about one credential
   (named, in focus, on the list, or found by its topic: "which one?" when several fit);
6. chitchat, and the FAQ when the message has words of FAQ topics (else "did you mean?");
7. out of scope, or "did you mean ...?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from bot import glossary, handoff, messages, pathways, understanding
from bot import vocabulary as v
from bot.catalogue import answers

PAGE_SIZE = 5
# "The health course": credentials scoring this share of the best topic match may be meant.
WHICH_TOPIC_SHARE = 0.5
MAX_CHOICES = 8  # "which one do you mean?" offers at most this many buttons
# What credits count towards.
_AWARDS = r"diploma|degree|bachelor|ijazah|sarjana muda|master|msc|mba|phd"

# Replies that need no context, to a message that says nothing more than hello, thanks or bye.
FIXED_REPLIES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thank": "utter_you_are_welcome",
}

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


@dataclass(frozen=True)
class Turn:
    """What the NLU understood of one message."""

    text: str
    intent: str  # "faq/fee", "search_catalogue", "nlu_fallback", ...
    language: str = "en"
    suggestions: tuple[str, ...] = ()  # likely intents, best first (for "did you mean")
    named: tuple[str, ...] = ()  # credential codes confidently named, best first
    candidates: tuple[str, ...] = ()  # codes a name fits equally well
    from_list: bool = False  # the named credential was picked from the last list by its words
    # The intent read by meaning (multilingual embeddings) is the same as the NLU's: the intent
    # is trusted over the word-based checks below.
    agreed: bool = False


@dataclass(frozen=True)
class State:
    """What the conversation knows between turns (Rasa slots of the same names)."""

    credential: str | None = None
    credential_candidates: tuple[str, ...] = ()
    pending_attribute: str | None = None
    last_list: tuple[str, ...] = ()
    search_page: int = 1
    advising: dict | None = None  # {"facts": {...}, "asking": str | None, "advised": bool}
    handoff: dict | None = None  # the form to reach a person under way (bot.handoff)
    misses: tuple[str, ...] = ()  # the unanswered messages just before this one
    terms_seen: tuple[str, ...] = ()  # glossary terms defined or offered so far

    @classmethod
    def from_slots(cls, slots: dict[str, Any]) -> State:
        return cls(
            credential=slots.get("credential"),
            credential_candidates=tuple(slots.get("credential_candidates") or ()),
            pending_attribute=slots.get("pending_attribute"),
            last_list=tuple(slots.get("last_list") or ()),
            search_page=int(slots.get("search_page") or 1),
            advising=slots.get("advising") or None,
            handoff=slots.get("handoff") or None,
            misses=tuple(slots.get("misses") or ()),
            terms_seen=tuple(slots.get("terms_seen") or ()),
        )

    def slots(self) -> dict[str, Any]:
        return {
            "credential": self.credential,
            "credential_candidates": list(self.credential_candidates) or None,
            "pending_attribute": self.pending_attribute,
            "last_list": list(self.last_list) or None,
            "search_page": float(self.search_page),
            "advising": self.advising,
            "handoff": self.handoff,
            "misses": list(self.misses) or None,
            "terms_seen": list(self.terms_seen) or None,
        }


@dataclass
class Reply:
    """Messages to send, in order, and the state after them.

    A message is ``{"text": ..., "buttons": [...]}`` or ``{"response": "utter_faq/fee"}``.
    ``kind`` names the decision taken (for tests and logs). ``source`` names where an answer
    comes from (``faq/fee``, ``credential:DSC-101``, ``pathway:rule b``, ``catalogue:search``),
    so a vote on it can be traced; ``None`` for a question, a greeting or no answer.
    ``handoff_request`` is a consented request to be contacted, for the action to store.
    """

    state: State
    kind: str
    messages: list[dict] = field(default_factory=list)
    source: str | None = None
    handoff_request: dict | None = None

    def say(self, text: str, buttons: list[dict] | None = None) -> Reply:
        self.messages.append({"text": text, "buttons": buttons or []})
        return self

    def response(self, name: str) -> Reply:
        self.messages.append({"response": name})
        return self


# How much nearer in meaning (cosine similarity) the semantic reading's FAQ topic must be than
# the NLU's before it is preferred: below this DIET's words decide, above it the meaning does
# (set on the development blind batches, where DIET was right in most close calls).
MEANING_MARGIN = 0.027
# How near in meaning an FAQ topic's examples must be to take it when the NLU is unsure.
SURE_MEANING = 0.9


def reading(intent: str, semantic: dict | None, text: str = "") -> tuple[str, bool]:
    """The intent to act on and whether both readings agree on it.

    ``intent`` is the NLU's (``faq/fee``); ``semantic`` is what
    :mod:`bot.rasa_components.semantic` adds to the parse (``{"intent", "similarity",
    "ranking"}``). When the two name different FAQ topics and the meaning is clearly nearer
    its own, the meaning wins; so it does, when very near, where the NLU is unsure. When the NLU
    calls ``text`` off topic but its meaning is an FAQ topic's, the meaning wins if the message
    asks about taking part ("Orang asing blh ikut x?", "I'm Indonesian, working in a factory. Am
    I eligible?") and names no other subject (a degree, a loan, a game).
    """
    words = understanding.normalise(text)
    # the facts stated, read only where the NLU calls the message off topic or unclear
    facts = understanding.extract_facts(text) if intent in ("out_of_scope", "nlu_fallback") else {}
    if (
        _has(words, v.JOIN_ASKED) and facts.get("malaysian") is False and not _near_topic(words)
    ):  # "I'm Indonesian, on a work permit in Johor. Can I enrol?"
        return "faq/nationality", False
    if not semantic or not semantic.get("intent"):
        return intent, False
    nearest = semantic["intent"]
    if nearest == intent:
        return intent, True
    if (
        intent in FIXED_REPLIES
        and (nearest.startswith("faq/") or nearest == "start_advising")
        and len(words.split()) > 3
        and not _has(words, v.THANKS_ONLY)
    ):  # "hello, question about credit recognition": the question, not the greeting
        return nearest, False
    if (
        intent == "out_of_scope"
        and nearest in ("start_advising", "faq/recognition")
        and _has(words, v.MICRO)
        and set(facts) & set(understanding.ADVISING_FACTS)
        and not _near_topic(words)
    ):  # "thinking about micro-credentials as a head start for a diploma later": their case
        return "start_advising", False
    if intent in ("out_of_scope", "nlu_fallback") and nearest.startswith("faq/"):
        # "... we keep getting scam emails. Need short training": a need, for the catalogue
        need = nearest == "faq/definition" and bool(understanding.search_request(text).needs)
        taking_part = intent == "out_of_scope" and _has(words, v.TAKING_PART) and not need
        # unsure by words, clear by meaning ("how much is the solar pv course?")
        clear = intent == "nlu_fallback" and semantic.get("similarity", 0) >= SURE_MEANING
        if (taking_part or clear) and not _near_topic(words):
            return nearest, False
    if (
        nearest == "faq/definition"
        and intent.startswith("faq/")
        and _cue(words, intent)
        and not _has(words, v.DEFINITION_ASKED)
    ):  # "Apakah mod penyampaian mikro-kredensial?" names its topic's own words
        return intent, False
    if nearest.startswith("faq/") and intent.startswith("faq/"):
        scores = dict(semantic.get("ranking") or [])
        floor = min(scores.values(), default=semantic["similarity"])
        if semantic["similarity"] - scores.get(intent, floor) >= MEANING_MARGIN:
            return nearest, False
    return intent, False


def off_topic(intent: str, text: str) -> bool:
    """Whether a message is off topic for naming credentials (a keyword alone then names none:
    "reverse a list in Python"); one asking for credit is not, whatever the NLU says ("Sijil
    Working at Height tu blh guna utk dpt kredit diploma?")."""
    return intent == "out_of_scope" and not understanding.wants_recognition(text)


_has = understanding.has_words


# Replies that leave the learner's message unanswered, and how the report files them.
UNANSWERED = {
    "out_of_scope": "out_of_scope",
    "near_topic": "near_topic",
    "did_you_mean": "low_confidence",
    "rephrase": "low_confidence",
    "advising_again": "low_confidence",
}
# Unanswered messages in a row after which a person is offered.
MISSES_BEFORE_HANDOFF = 2
# Decisions that answer from the catalogue.
_CATALOGUE_ANSWERS = ("search", "best", "compare", "providers", "count")


def respond(turn: Turn, state: State, catalogue) -> Reply:
    """The reply to ``turn`` given ``state``; ``catalogue`` is a
    :class:`bot.catalogue.finder.Catalogue`.

    A request for a person, or the form it starts (:mod:`bot.handoff`), comes first; then
    everything else (:func:`_respond`); two unanswered messages in a row offer a person."""
    lang = turn.language
    if state.handoff:
        step = handoff.step(state.handoff, turn.text, turn.intent, lang)
        if step.request:
            done = Reply(replace(state, handoff=None, misses=()), "handoff_request")
            done.handoff_request = step.request | {"language": lang}
            return done
        if step.aside:  # a question instead of the form's answer: answered, then asked again
            answered = _respond(turn, replace(state, handoff=None), catalogue)
            reply = Reply(
                replace(answered.state, handoff=step.form, misses=()),
                "handoff_aside",
                answered.messages + step.said,
                source=_source(answered),
            )
            return reply
        if not step.through:
            return Reply(replace(state, handoff=step.form, misses=()), "handoff", step.said)
        state = replace(state, handoff=None)
    elif handoff.wants_person(turn.intent, turn.text):
        step = handoff.start(turn.text, lang)
        return Reply(replace(state, handoff=step.form, misses=()), "handoff", step.said)
    elif turn.intent == handoff.INTENT:  # the model's reading; the words say otherwise
        turn = replace(turn, intent=handoff.reading_instead(turn.text, turn.suggestions))
    reply = _respond(turn, state, catalogue)
    reply.source = reply.source or _source(reply)
    _offer_terms(reply, lang)
    if reply.kind not in UNANSWERED or not turn.text:
        reply.state = replace(reply.state, misses=())
        return reply
    misses = (*state.misses, turn.text)[-MISSES_BEFORE_HANDOFF:]
    if len(misses) < MISSES_BEFORE_HANDOFF or reply.state.advising:
        reply.state = replace(reply.state, misses=misses)
        return reply
    step = handoff.start("", lang, reason="fallbacks", question=" / ".join(misses))
    reply.state = replace(reply.state, handoff=step.form, misses=())
    reply.messages += step.said
    return reply


def _source(reply: Reply) -> str | None:
    """Where the answer in ``reply`` comes from, when it is an answer."""
    if reply.kind == "faq":
        for message in reply.messages:
            if message.get("response", "").startswith("utter_faq/"):
                return message["response"].removeprefix("utter_")
    if reply.kind.startswith("credential_") and reply.state.credential:
        return f"credential:{reply.state.credential}"
    if reply.kind in _CATALOGUE_ANSWERS:
        return f"catalogue:{reply.kind}"
    return None


def _respond(turn: Turn, state: State, catalogue) -> Reply:
    """Everything but the handoff: the decisions listed at the top of this module."""
    text = understanding.normalise(turn.text)
    if re.search(r"(?<![\w-])IT(?![\w-])", turn.text) and re.search(r"[a-z]", turn.text):
        text = re.sub(
            r"(?<![\w-])it(?![\w-])", "information technology", text
        )  # "zero IT background"
    # The facts the message states, read once (with a bare "yes" answering the question asked).
    stated = understanding.extract_facts(turn.text, asking=(state.advising or {}).get("asking"))
    asked = _asked_terms(turn, state)
    if asked:  # "what is APEL C?", "HEP tu apa", also mid-form
        return _define(turn, state, asked)
    if turn.intent == ASK_TERM:  # a term the glossary does not have: the next reading
        others = [intent for intent in turn.suggestions if intent != ASK_TERM]
        turn = replace(turn, intent=others[0] if others else "nlu_fallback")
    fixed = FIXED_REPLIES.get(turn.intent)
    again = _asks_again(state.advising or {}, text)
    if fixed and not (turn.named or turn.candidates or stated or again):
        return Reply(state, turn.intent).response(fixed)  # "hi", "thanks", "bye"
    turn = _cue_checked(turn, text, stated)
    lang = turn.language
    pending, pending_attribute = state.credential_candidates, state.pending_attribute
    state = replace(state, credential_candidates=(), pending_attribute=None)

    # 1. A pending "which one?" answered; any other message drops it, and the list it came from.
    if pending:
        picked = _pick(turn, text, pending) or catalogue.best_in(list(pending), text)
        if picked:
            short = len(text.split()) <= 5
            asked = _attribute(turn)
            attribute = (pending_attribute if short else asked) or asked or pending_attribute
            # "yang kedua tu berapa jam?" picks one and asks its own question
            in_words = next((name for words, name in v.ALSO_ASKED if _has(text, words)), None)
            attribute = in_words or attribute or "summary"
            # the options stay the list that "no, I meant the Malay one" picks from again
            chosen = replace(state, credential=picked, last_list=state.last_list or pending)
            return _about(chosen, catalogue, picked, attribute, lang, text)
        state = replace(state, last_list=())
    elif (
        pending_attribute
        and turn.named
        and turn.intent in ("choose_credential", "nlu_fallback", "ask_credential")
    ):
        return _about(state, catalogue, turn.named[0], pending_attribute, lang)

    request = _request(text, catalogue)
    stated = _provider_stated(turn, text, state, catalogue, request, stated)
    if len(turn.named) == 1:  # a credential named is the one in focus, whatever is asked
        state = replace(state, credential=turn.named[0])
    if (
        state.credential
        and _has(text, v.CREDITS_QUESTION)
        and not turn.named[1:]
        and not (_has(text, _AWARDS) and stated.get("goal") != "upskilling")
    ):  # how many credits it carries; towards a diploma, it is advice (below)
        return _about(state, catalogue, state.credential, "credits", lang)
    context = state.advising or {}
    advising = context.get("asking") or context.get("offered") or context.get("advised")
    if (
        not advising
        and not turn.named
        and not state.credential  # "sy nak sambung ijazah ..." about the credential in focus
        and (turn.intent.startswith("faq/") or turn.intent in ("out_of_scope", "nlu_fallback"))
        # facts about their micro-credential make it their case; "kat universiti awam" alone not
        and not set(stated) & {"credential_type", "part_of_accredited_programme"}
        and stated.get("goal") != "upskilling"  # "I don't need it for a degree, only skills"
        # "I'm a PhD student ... anything with drones?", not "can you recommend a cheap hotel"
        and not (
            _has(text, v.LIST_REQUEST)
            and _has(text, v.COURSE_WORDS + r"|courses|classes|anything|something")
        )
        and _near_topic(text)
    ):
        return Reply(state, "near_topic").say(messages.render("near_topic", lang))

    # "Which micro-credentials count towards a diploma / the Diploma in ...?" asks for a list of
    # credit-bearing ones, not for advice.
    if request.programme and _has(text, r"which|what|(?<!macam )(?<!mcm )mana|apa"):
        found = catalogue.find(request)
        if found:
            return _list(state, found, lang)
    elif (
        _has(text, v.WHICH_COUNT)
        and not _has(text, v.PERSONAL)
        and not _has(text, v.WHICH_TYPE)  # "what types are there, and can any count ...?"
        # "Kredit kursus tadi dikira tak?" asks about the one in focus
        and not (state.credential and _has(text, v.REFERS + r"|tadi|earlier|just now"))
        and not (_sure_faq(turn) and not _has(text, v.WHICH_ASKED))
    ):
        counting = replace(request, filters={**request.filters, "type": "credit-bearing"})
        # "yg mana boleh pindah kredit?" right after a list asks among the list
        own_topics = set(request.topics) - set(_AWARDS.replace("|", " ").split())
        among = list(state.last_list) if state.last_list and not own_topics else None
        found = catalogue.find(counting, within=among)
        award = re.search(_AWARDS, text)
        if award:
            word = {
                "ijazah": "bachelor",
                "sarjana muda": "bachelor",
                "degree": "bachelor",
                "msc": "master",
            }
            kind = word.get(award.group(0), award.group(0))
            found = [c for c in found if kind in (c.accredited_programme or "").lower()]
        if not found and own_topics:  # "towards a Bachelor of Computer Science": its words
            words = own_topics - {"count", "counts", "kira", "credit", "credits", "kredit"}
            every = catalogue.find(replace(counting, topics=[], needs=[]), within=among)
            found = [c for c in every if words <= set(_programme_words(c))] if words else []
            if not found and award:  # "AI courses whose credits count for a master": the
                # award's credentials, then those the topic is about
                scores = catalogue.topic_scores(request.topics)
                found = [
                    c
                    for c in every
                    if kind in (c.accredited_programme or "").lower() and scores.get(c.code)
                ]
        if found:
            return _list(state, found, lang)

    # 2. Advising.
    advice = _advising(turn, text, state, catalogue, request, stated)
    if advice is not None:
        return advice
    if (state.advising or {}).get("offered"):  # the offer lasts one turn
        state = replace(state, advising={**state.advising, "offered": False})

    # Facts about the learner are kept for later advice, whatever the message was about; so
    # are those about their micro-credential when they say it is theirs ("mine is standalone").
    # A statement ("It's credit-bearing.", "Berkredit.") is about theirs; a question ("what is a
    # credit-bearing one?") or a search ("non credit-bearing courses") is not.
    asking_something = "?" in turn.text or _has(text, v.QUESTION_WORDS)
    searching = _has(text, v.SEARCH_WORDS) or turn.intent == "search_catalogue"
    mine = not searching and (not asking_something or _has(text, v.PERSONAL))
    personal = {k: v for k, v in stated.items() if mine or k in _LEARNER_FACTS}
    if personal:
        kept = dict(state.advising or {"asking": None})
        kept["facts"] = {**(kept.get("facts") or {}), **personal}
        state = replace(state, advising=kept)

    # 3. The last list: "the second one", "which of them is cheaper?", "the design one".
    turn = _named_in_list(turn, text, state, catalogue)
    listed = _from_last_list(turn, text, state, catalogue, request)
    if listed is not None:
        return listed

    # 4. Several credentials named: compared, or the better one for an order ("which is cheaper").
    if turn.intent == "show_more" and state.last_list:
        return _show_page(state, catalogue, lang, state.search_page + 1)
    if turn.intent == "catalogue_count":
        if not (request.topics or request.needs or request.filters or request.language):
            return _count(state, catalogue, lang)
        turn = replace(turn, intent="search_catalogue")  # "do you have courses on python?"
    compared = _compare_named(turn, text, state, catalogue, request)
    if compared is not None:
        return compared

    cannot = _who_cannot_join(turn, text, state, catalogue, stated)
    if cannot is not None:
        return cannot
    if (
        not turn.named
        and _has(text, v.PROVIDERS_PLURAL)
        and not (state.credential and _refers(text))  # "siapa penyedia dia?" of the one in focus
    ):
        found = catalogue.find(request) if request else []
        return _providers(state, catalogue, [c.code for c in found] or None, lang)

    # 5. A list asked for ("anything below RM520?") before a credential's attribute ...
    asked_for_list = (
        _narrows_a_subject(turn, text, request)
        or bool(request.sort)
        or _has(text, v.SEARCH_WORDS)
        or _plural(text)
        or _strong(request)
        or (turn.intent == "search_catalogue" and bool(request.filters or request.exclude_provider))
    )
    named = turn.named or turn.candidates
    attribute = _attribute(turn)
    if attribute is None and turn.candidates and _refers(text):
        # "berapa jam kursus keselamatan siber tu?": a question about one of them
        attribute = _attribute_asked(turn, text, state, request)
    if turn.named and not attribute and (_has(text, v.LANGUAGE_QUESTION) or request.language):
        attribute = "delivery_mode"  # "Muslim-friendly tourism course tu ada dalam BM tak?"
    # A question about one credential's attribute, unless the learner asks for courses
    # ("anything below RM520?") in words: then the list comes first.
    # a need described with nothing named or in focus is no question about one credential
    # ("I run a small homestay and want more bookings from Muslim tourists")
    nothing_to_ask_about = bool(request.needs) and not (
        turn.named
        or turn.candidates
        or state.credential
        or _refers(text)
        or _has(text, v.ONE_COURSE)  # "tell me about the data course": one of them
    )
    about_one = (
        attribute is not None
        and not nothing_to_ask_about
        and (
            not asked_for_list
            or turn.from_list
            or bool((turn.named or turn.candidates) and _refers(text))
            # "is it self paced?" of the one in focus
            or bool(state.credential and _refers(text) and not _has(text, v.SEARCH_WORDS))
            # "Is Confined Space Entry and Rescue available online?"
            or bool(len(turn.named) == 1 and not _has(text, v.LIST_REQUEST) and not _plural(text))
        )
    )
    # "I completed CYB-110 at UTBESTARI": a credential named is no request for a list of it
    # ... nor "Saya dah habis kursus Fertigasi dan Pertanian Pintar di Politeknik Seri Lembah"
    named_only = len(turn.named) == 1 and (_typed_code(turn) or _has(text, v.DONE_IT))
    if (
        _wants_list(turn, text, request, catalogue)
        and not about_one
        and not named_only
        and (
            asked_for_list
            or bool(request.needs)
            and not named
            or not named
            and (attribute is None or _strong(request))
        )
    ):
        searched = _search(turn, text, state, catalogue, request)
        if searched is not None:
            one = searched.state.last_list if searched.kind == "search" else ()
            wanted = next((name for words, name in v.ALSO_ASKED if _has(text, words)), None)
            if 1 < len(one) <= MAX_CHOICES and wanted and _has(text, v.ONE_COURSE):
                # "how much is the solar PV course?": one of those, which?
                return _which(state, catalogue, one, wanted, lang)
            asked = attribute not in (None, "summary") and not turn.intent.startswith("faq/")
            if len(one) == 1 and asked:  # "I nak belajar big data. Self-paced ke?": its intake
                return _about(searched.state, catalogue, one[0], attribute, lang, text)
            if len(one) == 1 and _has(text, v.CREDITS_QUESTION):  # "nk blaja ML, brp kredit?"
                return _about(searched.state, catalogue, one[0], "credits", lang, text)
            return searched
    # ... which is answered for the credential named, in focus, or found by its topic.
    about = _credential_question(turn, text, state, catalogue, request)
    if about is not None:
        return about
    if turn.intent == "compare_credentials":
        return Reply(state, "compare_needs_two").say(messages.render("compare_needs_two", lang))

    if turn.intent.startswith("chitchat/") and not (
        turn.named or turn.candidates or (_has(text, v.COURSE_WORDS) and request.topics)
    ):
        return Reply(state, "chitchat").response(f"utter_{turn.intent}")
    if turn.intent == "set_language":
        return Reply(state, "language").say(messages.render("language_set", lang))

    # 6. The FAQ, when the message uses the words of its topic (else the NLU guessed) ...
    if (
        turn.intent.startswith("faq/")
        and turn.intent not in ("faq/fee", "faq/duration")
        and request.sort
        and not (request.comparative or catalogue.topic_scores(request.topics))
        and _has(text, v.ONE_BEST)
        and not _has(text, v.IN_GENERAL)
    ):  # ... but "what's the priciest micro-credential you've got?" asks the catalogue
        return _best(state, catalogue.find(request), request, lang)
    if turn.intent.startswith("faq/") and not _cued(turn.intent, text):
        if turn.named:  # "tell me about the deep learning one"
            return _about(state, catalogue, turn.named[0], "summary", lang)
        return _did_you_mean(state, turn, lang)
    if turn.intent == "faq/recognition" and not state.credential:
        return _offer(state, state.advising or {}, lang)
    if turn.intent.startswith("faq/"):
        reply = Reply(state, "faq").response(f"utter_{turn.intent}")
        if (
            request.sort
            and not request.comparative
            and turn.intent in ("faq/fee", "faq/duration")
            # words no course is about ("what's the shortest course you've got") are no topic
            and not catalogue.topic_scores(request.topics)
            # "what's your cheapest micro-credential?", not "the longest one can be"
            and not _has(text, v.IN_GENERAL)
        ):
            # "what's the cheapest?": the FAQ's range, and the cheapest in the catalogue
            best = _best(state, catalogue.find(request), request, lang)
            reply.messages += best.messages
            reply.state = best.state
        if turn.intent == "faq/recognition" and state.credential:
            credential = catalogue.get(state.credential)
            if credential is not None:
                _offer_advice(reply, credential.title, lang)
        return reply

    # 7. Nothing else fits.
    if turn.intent in ("affirm", "deny"):
        return Reply(state, "how_can_i_help").say(messages.render("how_can_i_help", lang))
    if turn.intent == "out_of_scope" and not turn.named:  # a credential named is no off topic
        return Reply(state, "out_of_scope").say(messages.render("out_of_scope", lang))
    if turn.named:
        reply = _about(
            replace(state, credential=turn.named[0]), catalogue, turn.named[0], "summary", lang
        )
        if turn.intent == "greet":  # "Hi, I passed DSC-101": greeted, and it is in focus
            reply.messages.insert(0, {"response": fixed})
        return reply
    if fixed:
        return Reply(state, turn.intent).response(fixed)
    return _did_you_mean(state, turn, lang)


# --------------------------------------------------------------------------- glossary

ASK_TERM = "ask_term"


def _asked_terms(turn: Turn, state: State) -> list[glossary.Term]:
    """The glossary terms ``turn`` asks the meaning of: those its words ask about ("what is
    APEL C?", "HEP tu apa", "meaning of MQF"); else, unless a form waits for an answer
    ("credit-bearing." answers "standalone or credit-bearing?"), those a question asks about
    by naming them ("is a micro-credential recognised by MQA?", "can I stack
    micro-credentials into a diploma?") or that both readings take for a question about a
    term; none for "standalone or credit-bearing, what's the difference?", which the FAQ's
    types answer compares."""
    hits = glossary.named(turn.text)
    if {hit.term.key for hit in hits} == {"standalone", "credit_bearing"}:
        return []
    form = bool((state.advising or {}).get("asking"))
    loose = turn.intent != "out_of_scope"
    asked = [hit.term for hit in hits if glossary.asks_meaning(turn.text, hit, not form, loose)]
    if not asked and hits and not turn.named and not form:
        words = understanding.normalise(turn.text)
        if turn.intent == ASK_TERM and turn.agreed and not _has(words, _WHAT_IS_MICRO):
            asked = [hit.term for hit in hits]  # "how many hours is one credit?"
        elif (
            _asks(turn.text)
            # unless both readings take it for an FAQ topic it names in words of its own
            # ("are all MQA micro-credentials offered online?")
            and not (
                _sure_faq(turn)
                and turn.intent != "faq/recognition"
                and _cue(glossary.without_terms(turn.text), turn.intent)
            )
            and not set(understanding.extract_facts(turn.text)) - {"goal"}
        ):  # "mikro-kredensial ni diiktiraf MQA ke?": a question naming MQA asks about it
            asked = [hit.term for hit in hits if hit.term.asked_by_name]
    return list({term.key: term for term in asked}.values())[: glossary.MAX_OFFERED]


# "what is a micro-credential ...": the FAQ's definition, whatever term follows
_WHAT_IS_MICRO = (
    r"(?:what (?:exactly |actually )?(?:is|are)|apa (?:itu|tu)|apakah)"
    r" (?:an? |the |this |these )?(?:micro|mikro|mc)\S*"
)


# Words that put a message as a question, yes-or-no ones too ("dah dapat kelulusan MQA ke",
# "can I stack them").
_QUESTION = rf"{v.QUESTION_WORDS}|ke|kah|tak|x|can|could|is|are|does|do|boleh|adakah|will|would"


def _asks(text: str) -> bool:
    """Whether ``text`` is put as a question."""
    return "?" in text or _has(understanding.normalise(text), _QUESTION)


def _define(turn: Turn, state: State, asked: list[glossary.Term]) -> Reply:
    """Each term's definition and source; then the FAQ answer it leads on to, offered, or the
    question an advising form is waiting for, asked again."""
    lang = turn.language
    seen = tuple(dict.fromkeys((*state.terms_seen, *(term.key for term in asked))))
    state = replace(state, credential_candidates=(), pending_attribute=None, terms_seen=seen)
    keys = ",".join(term.key for term in asked)
    reply = Reply(state, "glossary", source=f"glossary:{keys}")
    for term in asked:
        reply.say(glossary.answer(term, lang, turn.text))
    asking = (state.advising or {}).get("asking")
    if asking:
        return _ask(reply, asking, lang)
    if _also_asks(turn):  # "APEL C tu apa? boleh guna utk micro credential ke?": that too
        return reply.response(f"utter_{turn.intent}")
    related = next((term.related for term in asked if term.related), None)
    question = related and messages.question(related, lang)
    if question:
        reply.say(
            messages.render("glossary_related", lang), [{"title": question, "payload": question}]
        )
    return reply


def _also_asks(turn: Turn) -> bool:
    """Whether a message asking what a term means also asks an FAQ question in a clause of
    its own ("APEL C tu apa? boleh guna utk micro credential ke?"), which the NLU read."""
    if not turn.intent.startswith("faq/"):
        return False
    for clause in re.split(r"[?.!;,]+|\s(?:and|dan|&|then|lepas tu)\s", turn.text):
        words = understanding.normalise(clause)
        if (
            len(words.split()) >= 3
            and _has(words, _QUESTION)
            and not any(glossary.asks_meaning(clause, hit) for hit in glossary.named(clause))
        ):
            return True
    return False


def _offer_terms(reply: Reply, lang: str) -> None:
    """Offer, as buttons under the message that uses them, the glossary terms a reply uses
    for the first time in the conversation (at most :data:`glossary.MAX_OFFERED`; a message
    that already has buttons, such as a question's answers, gets none)."""
    seen = set(reply.state.terms_seen)
    offered: list[str] = []
    for message in reply.messages:
        room = glossary.MAX_OFFERED - len(offered)
        if message.get("buttons") or room <= 0:
            continue
        new = [term for term in glossary.used(message, lang) if term.key not in seen][:room]
        if new:
            message["buttons"] = [glossary.button(term, lang) for term in new]
            offered += [term.key for term in new]
            seen.update(offered)
    if offered:
        reply.state = replace(reply.state, terms_seen=(*reply.state.terms_seen, *offered))


# --------------------------------------------------------------------------- credentials


def _attribute(turn: Turn) -> str | None:
    return ATTRIBUTE_OF_INTENT.get(turn.intent)


def _pick(turn: Turn, text: str, options: tuple[str, ...]) -> str | None:
    """The option a reply picks: a code or name among them, or "the second one"."""
    for code in turn.named + turn.candidates:
        if code in options:
            return code
    number = understanding.ordinal(text)
    if number is not None and options:
        if number == -1:
            return options[-1]
        if 1 <= number <= len(options):
            return options[number - 1]
    return None


def _about(state: State, catalogue, code: str, attribute: str, lang: str, text: str = "") -> Reply:
    """The answer about ``attribute`` of credential ``code``, and about anything else ``text``
    asks of it in the same breath ("who runs it, and is it online?")."""
    credential = catalogue.get(code)
    if credential is None:
        return Reply(state, "which_credential").say(messages.render("which_credential", lang))
    asked = [attribute]
    if attribute != "summary":
        asked += [name for words, name in v.ALSO_ASKED if name not in asked and _has(text, words)]
    return Reply(replace(state, credential=credential.code), f"credential_{attribute}").say(
        "\n".join(answers.answer(credential, name, lang) for name in asked)
    )


def _which(state: State, catalogue, codes: tuple[str, ...], attribute: str, lang: str) -> Reply:
    matches = catalogue.many(list(codes))
    text, buttons = answers.disambiguation(matches, lang)
    return Reply(
        replace(
            state, credential_candidates=tuple(m.code for m in matches), pending_attribute=attribute
        ),
        "which_one",
    ).say(text, buttons)


def _provider_stated(turn: Turn, text: str, state: State, catalogue, request, stated: dict):
    """ "I did CYB-110 and want to do their Bachelor's at UTBESTARI itself": the HEP named for
    the award is, or is not, the one that offers the credential in focus."""
    code = turn.named[0] if len(turn.named) == 1 else state.credential
    provider = request.filters.get("provider")
    if not code or not provider or "same_provider" in stated or not _has(text, _AWARDS):
        return stated
    credential = catalogue.get(code)
    if credential is None or not _has(text, v.PERSONAL):
        return stated
    return {**stated, "same_provider": _own_provider(request, credential)}


def _own_provider(request, credential) -> bool:
    """Whether the provider a message names is the one that offers ``credential``."""
    return request.filters["provider"] == credential.provider.short_name


def _programme_words(credential) -> list[str]:
    return re.findall(r"\w+", (credential.accredited_programme or "").lower())


def _typed_code(turn: Turn) -> bool:
    """Whether the message types the code of a credential it names ("nak ambil MKT-130")."""
    return any(code.lower() in turn.text.lower() for code in turn.named)


def _each_listed(state: State, catalogue, attribute: str, lang: str) -> Reply:
    """ "How much is it?" after a list: the answer for each credential shown (whichever was
    meant), then "which one do you mean?" with a button each, for the rest of its details."""
    codes = state.last_list[:PAGE_SIZE]
    which = _which(state, catalogue, codes, attribute, lang)
    answer = answers.answer_many(catalogue.many(list(codes)), attribute, lang)
    which.messages.insert(0, {"text": answer, "buttons": []})
    return which


def _refers(text: str) -> bool:
    return _has(text, v.REFERS)


def _credential_question(turn: Turn, text: str, state: State, catalogue, request):
    """A question about one credential: the one named, the one in focus, or one of a list."""
    lang = turn.language
    attribute = _attribute_asked(turn, text, state, request)
    if attribute is None:
        if turn.intent in ("choose_credential", "nlu_fallback") and turn.named:
            return _about(state, catalogue, turn.named[0], "summary", lang)
        if turn.intent in ("choose_credential", "nlu_fallback") and turn.candidates:
            return _which(state, catalogue, turn.candidates, "summary", lang)  # "the AI one"
        return None
    if turn.named:
        if len(turn.named) > 1 and attribute != "summary":
            return _several(state, catalogue, turn.named, attribute, lang)
        return _about(state, catalogue, turn.named[0], attribute, lang, text)
    if turn.candidates:
        return _which(state, catalogue, turn.candidates, attribute, lang)
    # "brp jam semua?" after a list asks about all of the list, not micro-credentials in general
    general = _has(text, v.GENERAL) and not (state.last_list and understanding.refers_to_list(text))
    follow_up = not general and (
        _refers(text)
        # a question only a credential answers (ask_intake, ask_assessment, ...)
        or (turn.intent in ATTRIBUTE_OF_INTENT and not turn.intent.startswith("faq/"))
        or _has(text, v.FOLLOW_UP)
        or len(text.split()) <= 5
        or understanding.stated_age(text) is not None  # "my nephew is 17, can he join too?"
        or _has(text, r"too|also|juga|jugak")
        # what only a credential has ("perlu bawa laptop jenis apa2 ke?"), read from the words
        or attribute != _attribute(turn)
    )
    if follow_up and state.credential:
        return _about(state, catalogue, state.credential, attribute, lang, text)
    if follow_up and len(state.last_list) > 1:
        return _each_listed(state, catalogue, attribute, lang)
    # "the halal one tu, online ke?": the mode is what is asked, not a filter
    asked_of = {"mode"} if attribute == "delivery_mode" else set()
    by_topic = (request.topics or "field" in request.filters) and set(request.filters) <= {
        "field",
        *asked_of,
    }
    if not general and by_topic and _has(text, v.COURSE_WORDS):  # "the data course"
        # "berapa yuran kursus halal?": any credential the subject is about could be meant
        unfiltered = {k: val for k, val in request.filters.items() if k not in asked_of}
        found = catalogue.find(replace(request, filters=unfiltered), share=WHICH_TOPIC_SHARE)
        if len(found) == 1:
            return _about(state, catalogue, found[0].code, attribute, lang)
        if 1 < len(found) <= MAX_CHOICES:
            return _which(state, catalogue, tuple(c.code for c in found), attribute, lang)
    if not turn.intent.startswith("faq/"):
        if not (_has(text, v.COURSE_WORDS) or _has(text, v.GENERAL)):
            return _did_you_mean(state, turn, lang)  # "pukul berapa berbuka?" is no intake
        return Reply(replace(state, pending_attribute=attribute), "which_credential").say(
            messages.render("which_credential", lang)
        )
    return None


def _attribute_asked(turn: Turn, text: str, state: State, request) -> str | None:
    """What the message asks about a credential: the intent's attribute, or, about a
    credential named or in focus, what its words ask ("is it taught in Malay?", "self-paced?")."""
    attribute = _attribute(turn)
    # "solar pv course fee pls": about one of the candidates, whatever the NLU called it
    about = turn.named or turn.candidates or _refers(text) or state.credential
    language = request.language or _has(text, v.LANGUAGE_QUESTION)
    if about and (
        language
        and attribute in (None, "learning_outcomes", "summary", "delivery_mode")
        # "... tu ada dlm bahasa melayu?": a language of instruction, whatever FAQ it is near
        or request.language
        and turn.intent.startswith("faq/")
    ):
        return "delivery_mode"  # its mode and language of instruction
    if about and attribute in (None, "summary") and not _has(text, v.SEARCH_WORDS):
        for words, asked in v.ATTRIBUTE_WORDS:
            if _has(text, words):
                return asked
    if about and (turn.intent.startswith("faq/") or attribute is None):
        # What only a credential has ("is it self-paced?", "does it cover zakat?", "MQF level?",
        # "laptop kena Windows ke?") is asked of the credential, whichever FAQ topic the words
        # are near.
        for words, asked in v.CREDENTIAL_ONLY_WORDS:
            if _has(text, words):
                return asked
    if about and understanding.stated_age(text) is not None and attribute in (None, "summary"):
        return "age"  # "my daughter is 17 and wants to do the scaffolding course"
    if (
        about
        and attribute in (None, "summary")
        and _has(text, v.MAY_I_JOIN)
        and understanding.extract_facts(text).get("malaysian") is False
    ):
        return "nationality"  # "I'm from Vietnam, can I take the taska childcare course?"
    return attribute


def _named_in_list(turn: Turn, text: str, state: State, catalogue) -> Turn:
    """The credential of the last list a message names by part of its title ("the design one"),
    or the one of several a name fits that is on the list."""
    if not state.last_list or turn.named:
        return turn
    listed = set(state.last_list)
    on_list = [code for code in turn.candidates if code in listed]
    if len(on_list) == 1 and turn.candidates[0] == on_list[0]:
        return replace(turn, named=(on_list[0],), candidates=(), from_list=True)
    general = _has(text, v.GENERAL)  # "how much do micro-credentials cost in general?"
    if not turn.candidates and not general and (_refers(text) or not _has(text, v.SEARCH_WORDS)):
        code = catalogue.best_in(list(state.last_list), text)
        if code:
            return replace(turn, named=(code,), candidates=(), from_list=True)
    return turn


def _compare_named(turn: Turn, text: str, state: State, catalogue, request) -> Reply | None:
    """ "compare takaful with the islamic finance fundamentals course", "bookkeeping vs asas
    keusahawanan digital, which one cheaper?"."""
    asked = turn.intent == "compare_credentials" or _has(text, v.COMPARE)
    codes = list(turn.named)
    if len(codes) < 2 and (asked or request.sort):
        codes = catalogue.named_parts(text) or codes
    if len(codes) == 1 and asked and state.credential not in (None, codes[0]) and _refers(text):
        codes.insert(0, state.credential)  # "compare it with the design one"
    if len(codes) < 2:
        return None
    if request.sort:
        return _best(state, catalogue.many(codes), request, turn.language)
    if asked:
        return _compare(state, catalogue, codes, turn.language)
    return None


def _several(state: State, catalogue, codes, attribute: str, lang: str) -> Reply:
    credentials = catalogue.many(list(codes))
    return Reply(
        replace(state, last_list=tuple(c.code for c in credentials)), f"credentials_{attribute}"
    ).say(answers.answer_many(credentials, attribute, lang))


# --------------------------------------------------------------------------- the last list


def _from_last_list(turn: Turn, text: str, state: State, catalogue, request) -> Reply | None:
    if not state.last_list:
        return None
    lang = turn.language
    count = understanding.first_n(text)
    if count and (turn.intent == "compare_credentials" or _has(text, r"compare|banding\w*|beza")):
        return _compare(state, catalogue, list(state.last_list[:count]), lang)
    number = understanding.ordinal(text)
    if number is not None and not turn.named and len(text.split()) <= 8:
        shown = state.last_list
        index = len(shown) - 1 if number == -1 else number - 1
        if 0 <= index < len(shown):
            code = shown[index]
            attribute = _attribute(turn) or "summary"
            return _about(replace(state, credential=code), catalogue, code, attribute, lang, text)
    own_topics = request.topics or request.needs or request.programme
    narrowed = request.filters or request.exclude_mode or request.language
    asked = _attribute_asked(turn, text, state, request)
    if (
        understanding.refers_to_list(text)
        and not turn.named
        and not (narrowed or request.sort or own_topics)
        and asked in _PER_ITEM
    ):  # "which of them need me to be at least 18?": each one's answer
        return _several(state, catalogue, state.last_list[:PAGE_SIZE], asked, lang)
    # "which of these ...", or a fragment that only narrows ("yang standalone je", "online only?")
    back = understanding.refers_to_list(text) or (
        narrowed
        and not own_topics
        and len(text.split()) <= 5
        and not (state.credential and _has(text, r"it|ia"))  # "is it credit-bearing?" of it
    )
    if not turn.named and (
        (back and (request.sort or narrowed)) or (request.sort and not own_topics)
    ):
        scores = catalogue.topic_scores(request.topics) if request.topics else {}
        if not set(scores) & set(state.last_list):  # "ok, which of those ...": no topic words
            request = replace(request, topics=[])
        found = catalogue.find(request, within=list(state.last_list))
        if found and request.sort:
            ordered = sorted(found, key=_order_key(request), reverse=request.sort[1])
            return _best(state, ordered, request, lang)
        if found:
            return _list(state, found, lang)
    if (
        turn.intent == "ask_provider"
        or _has(text, r"universit\w*|providers?|penyedia|institutions?|who offers?")
    ) and (understanding.refers_to_list(text) and not turn.named):
        return _providers(state, catalogue, list(state.last_list), lang)
    return None


# What "which of them ...?" can be answered with one line per credential of the list.
_PER_ITEM = ("age", "nationality", "entry_requirements", "intake", "type", "credits", "assessment")


def _order_key(request):
    return (lambda c: c.fee_rm) if request.sort[0] == "fee" else (lambda c: c.notional_hours)


def _best(state: State, found: list, request, lang: str) -> Reply:
    """The first of ``found`` by the order asked for (all of them when tied)."""
    key, descending = request.sort
    value = _order_key(request)
    found = sorted(found, key=value, reverse=descending)
    top = [c for c in found if value(c) == value(found[0])]
    if len(top) == 1:
        attribute = "fee" if key == "fee" else "duration"
        credential = top[0]
        return Reply(replace(state, credential=credential.code), "best").say(
            answers.answer(credential, attribute, lang)
        )
    text, buttons = answers.search_results(top, lang, page=1, page_size=PAGE_SIZE)
    return Reply(replace(state, last_list=tuple(c.code for c in top), search_page=1), "best").say(
        text, buttons
    )


def _providers(state: State, catalogue, codes: list[str] | None, lang: str) -> Reply:
    if codes:
        credentials = catalogue.many(codes)
        names = list(dict.fromkeys(c.provider.name for c in credentials))
        lines = [
            f"• {name}: "
            + ", ".join(answers._name(c, lang) for c in credentials if c.provider.name == name)
            for name in names
        ]
        return Reply(state, "providers").say(
            "\n".join([messages.render("providers_of_list", lang)] + lines)
        )
    names = [p.name for p in catalogue.providers()]
    return Reply(state, "providers").say(
        "\n".join(
            [messages.render("providers_all", lang, count=len(names))] + [f"• {n}" for n in names]
        )
    )


# --------------------------------------------------------------------------- searches


def _request(text: str, catalogue):
    """What the message asks of the catalogue. Who the learner is ("I'm a cook at a hotel and
    want to learn proper halal kitchen practice") is context: their background's words count
    only when the rest of the message names no subject a course is about."""

    def read(words: str):
        return understanding.search_request(
            words, catalogue.fields(), catalogue.provider_names(), catalogue.programmes()
        )

    text = _WEAKNESS.sub(" ", text)  # "I'm not good with computers": no subject
    request = read(text)
    rest = _BACKGROUND.sub(" ", text)
    if rest != text and request.topics:
        wanted = read(rest)
        if wanted.topics and catalogue.topic_scores(wanted.topics):
            # ranked by what they want; still a need of theirs ("I run a small homestay ...")
            # (its bounds and filters are the whole message's: "... teacher yang fee bawah RM600")
            return replace(request, topics=wanted.topics, needs=wanted.needs or request.needs)
    return request


# "I'm not good with computers", "sy x reti guna komputer": what they are weak at, never a subject
_WEAKNESS = re.compile(
    rf"(?<![\w-])(?:{v.WEAK_AT})(?:\s+[^\s,.;!?]+){{1,3}}?(?=\s*(?:[,.;!?]|$)|\s+(?:and|but|so|dan|tapi|jadi|sgt|sangat)\b)"
)
# "I'm a cook at a hotel", "saya kerja di kilang": the learner's background, up to a clause's end
_BACKGROUND = re.compile(
    rf"(?<![\w-])(?:{v.BACKGROUND_BEFORE})(?:\s+[^\s,.;!?]+){{1,4}}?(?=\s*(?:[,.;!?]|$)|\s+(?:and|but|so|dan|tapi|tetapi|jadi|nak|want|wanna)\b)"
)


def _plural(text: str) -> bool:
    """ "early childhood courses?": courses in the plural, not micro-credentials in general."""
    return _has(text, r"courses|programmes|classes|modules") and not _has(text, v.GENERAL)


def _wants_list(turn: Turn, text: str, request, catalogue) -> bool:
    """Whether the message asks for a list from the catalogue.

    The NLU's intent sets how much evidence is needed: a search request always; an FAQ topic
    or another question when the learner asks for courses ("anything below RM520?", "show me
    online courses", "early childhood courses?"), names a bound, an order or a language, or
    describes a need, but not when they ask about micro-credentials in general ("what's the
    longest a micro-credential can be?"); an unclear message also when it is a bare topic
    ("python"); an off-topic one only for a need ("I sell kuih online") or a request for courses.
    """
    if turn.intent == "search_catalogue":
        return True
    if not request:
        return False
    if (
        "provider" in request.filters
        and _has(text, v.PROVIDER_OFFERS)
        and _has(text, v.WHAT_COURSES)
    ):
        return True  # "what micro-credentials does Malaysian Digital Skills Institute offer?"
    if _narrows_a_subject(turn, text, request):
        return True  # "kursus hospitaliti yg x online", "kursus AI paling lama?"
    if _has(text, v.ASKS_NO_LIST) and not _has(text, v.LIST_REQUEST):
        return False  # "what does credit bearing mean?", "why bother?" ask no list
    if (
        understanding.stated_age(text) is not None
        and _has(text, v.MAY_I_JOIN)
        and not (_has(text, r"which|what|mana|apa|show|list|senarai") or _plural(text))
    ):
        return False  # "anak sy 14 thn minat coding, boleh dia sertai?" asks about age
    asked = _has(text, v.SEARCH_WORDS)
    plural = _plural(text) and bool(
        request.topics or request.needs or request.programme or "field" in request.filters
    )
    # "My internet is terrible. Any face to face options?": words no course is about are no topic
    topics = request.topics and catalogue.topic_scores(request.topics)
    mode_only = not (
        topics
        or request.needs
        or request.programme
        or request.self_paced
        or request.state
        or request.level
    ) and set(request.filters) <= {"mode"}
    if _sure_faq(turn):  # "is blended mode available?": a list only when asked for in words,
        # or for courses with a bound ("online courses under 20 hours?")
        if _has(text, v.IN_GENERAL):  # "what do micro-credentials cost in general?"
            return _has(text, v.SHOW_ME)
        if mode_only and not request.language:  # "conventional pun ada ke?" asks about modes
            return _has(text, v.SHOW_ME) or (
                _has(text, v.LIST_REQUEST) and (_has(text, v.COURSE_WORDS) or _plural(text))
            )
        if request.sort and not request.comparative and topics and _has(text, v.COURSE_WORDS):
            return True  # "kursus paling lama dlm bidang data?"
        if _strong(request) and (_has(text, v.COURSE_WORDS) or _plural(text)):
            return True  # "kursus yg 120 jam", "courses under RM520?"
        return _has(text, v.LIST_REQUEST) or (
            _plural(text)  # "Islamic finance courses that are fully online?"
            and (
                _strong(request)
                or bool(request.needs or request.programme or topics)
                or "field" in request.filters
            )
        )
    narrowed = request.filters or request.topics or request.needs or request.language
    ordered = request.sort and not request.comparative and narrowed  # "cheapest credit-bearing"
    if turn.intent in ("faq/fee", "faq/duration") and request.sort and not narrowed:
        return False  # "paling lama brp hari kursus ni?": the FAQ's range, then the longest
    if _has(text, v.GENERAL) and not asked and not ordered and not request.needs:
        return False
    if turn.intent == "nlu_fallback":
        short = len([w for w in text.split() if w not in v.GENERIC_WORDS]) <= 3
        return (
            asked
            or plural
            or bool(request.needs)
            or _strong(request)
            or (bool(request.topics) and short)
        )
    if turn.intent == "out_of_scope":
        # a need of their own ("I sell kuih online"), not a subject ("a recipe ... for kids")
        own_need = bool(request.needs or "field" in request.filters) and _has(
            text, v.PERSONAL + "|" + v.COURSE_WORDS
        )
        if turn.agreed and _has(text, v.HOW_TO) and not _has(text, v.COURSE_WORDS):
            return False  # "how do i get the blue tick on instagram": a how-to, no course
        return own_need or ((asked or plural) and bool(request.topics or request.filters))
    if mode_only and (not request.sort or request.comparative) and not request.language:
        return False  # "do you offer blended mode?" is the FAQ's question about modes
    strong = _strong(request, delivery_question=turn.intent == "faq/delivery_mode")
    return asked or plural or strong or bool(request.needs)


def _narrows_a_subject(turn: Turn, text: str, request) -> bool:
    """A subject several credentials share, narrowed by a mode, an order, a language or a bound
    ("cybersecurity courses that are NOT online", "kursus AI paling lama?"): a list, not "which
    one?" (unless the learner points at one: "kursus AI tu online ke?")."""
    narrowed = (
        request.exclude_mode
        or request.sort
        or request.language
        or request.self_paced
        or request.level
        or set(request.filters) - {"field"}
    )
    return bool(turn.candidates and not turn.named and narrowed and not _refers(text))


def _search(turn: Turn, text: str, state: State, catalogue, request) -> Reply | None:
    """The list the message asks for; ``None`` when nothing fits and the FAQ should answer."""
    lang = turn.language
    if (
        turn.intent == "out_of_scope"
        and request.topics
        and "field" not in request.filters  # "something short on AI for office work"
        and not catalogue.topic_scores(request.topics)
    ):
        return None  # "a Korean drama to binge this weekend": no course is about it
    found = _eligible(catalogue.find(request), text, state)
    if not found:
        if turn.intent != "search_catalogue":
            return None  # nothing fits: the FAQ or the fallback answers instead
        if request.topics and not (request.filters or request.sort):
            text_, buttons = answers.not_found(" ".join(request.topics), lang)
            return Reply(state, "not_found").say(text_, buttons)
    if request.sort and found and _has(text, v.ONE_BEST):
        return _best(state, found, request, lang)
    return _list(state, found, lang)


def _eligible(found: list, text: str, state: State) -> list:
    """Only the credentials the learner may join, by the age or nationality they stated."""
    age = understanding.stated_age(text)
    facts = (state.advising or {}).get("facts") or {}
    if age is not None:
        found = [c for c in found if c.min_age is None or c.min_age <= age]
    if facts.get("malaysian") is False:
        found = [c for c in found if c.open_to_non_malaysians]
    return found


def _list(state: State, found: list, lang: str) -> Reply:
    """A numbered list with a button each; it becomes the list that "the second one" means."""
    focus = found[0].code if len(found) == 1 else None
    state = replace(state, last_list=tuple(c.code for c in found), search_page=1, credential=focus)
    text, buttons = answers.search_results(
        found, lang, page=1, page_size=PAGE_SIZE, more_payload="/show_more"
    )
    return Reply(state, "search").say(text, buttons)


def _who_cannot_join(turn: Turn, text: str, state: State, catalogue, stated: dict) -> Reply | None:
    """ "I'm 16, which can't I join?", "I'm from Indonesia, any course I'm not allowed to take?"."""
    if not _has(text, v.CANNOT_JOIN):
        return None  # "which safety courses can I join?" is a search, within what they may join
    lang = turn.language
    age = understanding.stated_age(text)
    if age is not None:
        reply = _closed(
            state,
            catalogue,
            "age",
            lambda c: c.min_age is not None and c.min_age > age,
            lang,
            note=lambda c: f": {c.min_age}+",
            age=age,
        )
    elif stated.get("malaysian") is False:
        reply = _closed(
            state, catalogue, "nationality", lambda c: not c.open_to_non_malaysians, lang
        )
    else:
        return None
    if not _has(text, r"which|what|mana|apa|any|mana-mana"):
        # "boleh register ke or too young?": the FAQ's general answer, then the exceptions
        reply.messages.insert(0, {"response": f"utter_faq/{reply.kind}"})
    return reply


def _strong(request, delivery_question: bool = False) -> bool:
    """Whether a request names what only a list can answer (a bound, an order, a language);
    time to spare ("in a day") is not enough, as the FAQ's duration answers it too. In a question
    about delivery modes ("selain online?") neither a mode left out nor hours count."""
    return bool(
        request.sort
        or request.language
        or request.programme
        or request.self_paced
        or request.state
        or request.level
        or {"max_fee", "min_fee", "provider"} & request.filters.keys()
        or (
            not delivery_question
            and (
                request.exclude_mode or ("max_hours" in request.filters and not request.spare_time)
            )
        )
    )


def _closed(state: State, catalogue, kind: str, closes, lang: str, note=None, **values) -> Reply:
    """The credentials the learner cannot join, by ``kind`` ("age" or "nationality"), with the
    texts ``<kind>_closed``, ``<kind>_rest_open`` and ``<kind>_all_open``."""
    closed = [c for c in catalogue.find(understanding.SearchRequest()) if closes(c)]
    if not closed:
        return Reply(state, kind).say(messages.render(f"{kind}_all_open", lang, **values))
    lines = [messages.render(f"{kind}_closed", lang, **values)]
    lines += [f"• {answers._name(c, lang)}{note(c) if note else ''}" for c in closed]
    lines.append(messages.render(f"{kind}_rest_open", lang))
    return Reply(replace(state, last_list=tuple(c.code for c in closed)), kind).say(
        "\n".join(lines)
    )


def _show_page(state: State, catalogue, lang: str, page: int) -> Reply:
    if not state.last_list:
        return Reply(state, "nothing_to_page").say(messages.render("nothing_to_page", lang))
    found = catalogue.many(list(state.last_list))
    text, buttons = answers.search_results(
        found, lang, page=page, page_size=PAGE_SIZE, more_payload="/show_more"
    )
    return Reply(replace(state, search_page=page), "search").say(text, buttons)


def _compare(state: State, catalogue, codes: list[str], lang: str) -> Reply:
    if len(codes) < 2:
        return Reply(state, "compare_needs_two").say(messages.render("compare_needs_two", lang))
    credentials = catalogue.many(codes[:3])
    compared = replace(state, last_list=tuple(c.code for c in credentials), credential=None)
    return Reply(compared, "compare").say(answers.comparison(credentials, lang))


def _count(state: State, catalogue, lang: str) -> Reply:
    count = catalogue.count()
    if count == 0:
        return Reply(state, "count").say(messages.render("catalogue_empty", lang))
    providers = len(catalogue.providers())
    return Reply(state, "count").say(
        messages.render("catalogue_count", lang, count=count, providers=providers)
    )


# --------------------------------------------------------------------------- advising


_LEARNER_FACTS = ("malaysian", "meets_entry_requirements")
# Facts about the learner's micro-credential and where they will tender it.
_CREDENTIAL_FACTS = ("credential_type", "part_of_accredited_programme", "same_provider")


def _advising(turn: Turn, text: str, state: State, catalogue, request, new: dict) -> Reply | None:
    """Advice when the facts suffice, else the one question still needed; ``None`` when the
    message is not about the learner's own recognition and no advising is under way."""
    lang = turn.language
    advising = state.advising or {}
    asking = advising.get("asking")
    new = dict(new)  # this turn's facts; the provider named may add one below
    # "cancel" leaves; "never mind the academic side, I've no plans to study" answers
    if asking and _has(text, v.LEAVE) and not new:
        left = {"facts": advising.get("facts") or {}, "asking": None}
        return Reply(replace(state, advising=left), "advising_left").say(
            messages.render("how_can_i_help", lang)
        )
    credential = catalogue.get(turn.named[0]) if len(turn.named) == 1 else None
    personal = _has(text, v.PERSONAL)
    # Sure of another FAQ topic ("can foreigners get credit too?" is the nationality question),
    # recognition words alone do not start advice; facts about their own case do.
    # "I never got my SPM ..." is their own case; "can foreigners ...?" may be anyone's
    about_theirs = bool(set(new) - {"goal", "malaysian"})
    # "nak kursus yg bkn bawa kredit" asks for courses of a type, not about their own
    courses_of_a_type = (
        "type" in request.filters
        and credential is None
        and (_has(text, v.LIST_REQUEST) or bool(request.sort))
        and not set(new) - {"credential_type", "goal", "malaysian"}
    )
    # "I just want to upskill, not get a degree. Which type is for me?" asks about types
    which_type = new.get("goal") == "upskilling" and _has(text, v.WHICH_TYPE)
    # "to use it towards a diploma, is there something I have to meet first?": entry requirements
    entry_question = _has(text, v.QUALIFY_FIRST) and not about_theirs
    recognition = (
        not courses_of_a_type
        and not which_type
        and not entry_question
        and (
            turn.intent == "faq/recognition"
            or (
                understanding.wants_recognition(turn.text)
                and (about_theirs or not _sure_faq(turn) or turn.intent == "faq/types")
            )
        )
    )
    aiming = (advising.get("facts") or {}).get("goal") == "academic_award"
    starts = (
        # "I'm a nurse and want to run health campaigns in my kampung" is a need, not advice
        (turn.intent == "start_advising" and (recognition or bool(new) or not request.needs))
        or (recognition and (personal or credential is not None or bool(new)))
        # "mine is credit-bearing and part of an accredited programme ...": their own case
        or (
            personal
            and len(set(new) & set(_CREDENTIAL_FACTS)) >= 2
            # ... towards an award, or worried about getting into its programme
            and (new.get("goal") == "academic_award" or aiming or "meets_entry_requirements" in new)
            and not courses_of_a_type
        )
        # "Mine is credit-bearing and part of an accredited programme." ... "I want to continue
        # my studies at a university in Jakarta": the facts told before, the aim now
        or (
            new.get("goal") == "academic_award"
            and personal
            and len(set(advising.get("facts") or {}) & set(_CREDENTIAL_FACTS)) >= 2
        )
        # "thinking about a diploma later" ... "the one I'm looking at is standalone"
        or (aiming and "credential_type" in new and personal and "?" not in turn.text)
        # "I completed CYB-110 and want to do their Bachelor's": towards an award, theirs
        or (
            new.get("goal") == "academic_award"
            and personal
            and (credential is not None or bool(state.credential))
        )
        or (
            new.get("goal") == "upskilling"
            and turn.intent not in ("faq/types", "search_catalogue")
            and (_typed_code(turn) or not _has(text, v.SEARCH_WORDS))
            # "I want to upskill. What is a micro-credential?" asks the FAQ
            and not (_sure_faq(turn) and turn.intent != "faq/recognition")
            and not (turn.intent == "faq/definition" and _has(text, v.DEFINITION_ASKED))
            and not which_type
            # "... for upskilling. What does the term actually mean?" asks the definition
            and not _has(text, v.ASKS_MEANING)
        )
    )
    # After advice or its offer, a correction or a new fact about the learner updates it.
    under_way = bool(asking) or bool(
        (advising.get("advised") or advising.get("offered")) and new and not turn.named
    )
    # "ok thanks. so for my case what happens to the credits?": the advice again
    under_way = under_way or _asks_again(advising, text)
    if not (starts or under_way):
        return None
    if asking and not new and credential is None and turn.intent not in _ANSWER_INTENTS:
        # A question asked instead of an answer: answer it, then ask again.
        answered = _respond(turn, replace(state, advising=None), catalogue)
        reply = Reply(
            replace(answered.state, advising=advising), "advising_aside", answered.messages
        )
        return _ask(reply, asking, lang)
    if asking and not new and credential is None:
        reply = Reply(state, "advising_again").say(messages.render("advising_not_understood", lang))
        return _ask(reply, asking, lang)

    known = dict(advising.get("facts") or {})
    if not under_way:
        if (
            credential is None
            and state.credential
            and (_refers(text) or not text or (recognition and not _has(text, v.GENERAL)))
        ):
            credential = catalogue.get(state.credential)  # "can I get credit for it?"
        if advising.get("advised") or credential is not None:
            # A new question after advice, or about a named credential: only what is known
            # about the learner carries over, and where they will tender the one in focus.
            kept = _LEARNER_FACTS
            if credential is not None and credential.code == state.credential:
                kept += ("same_provider",)
            known = {k: v for k, v in known.items() if k in kept}
    if credential is None and request.programme and not under_way:
        members = catalogue.find(understanding.SearchRequest(programme=request.programme))
        if len(members) == 1:  # "towards the Bachelor of ... (Data Science)": its one credential
            credential = members[0]
    focus = state
    if credential is not None and "provider" in request.filters and "same_provider" not in new:
        # "Diploma ... di Kolej Universiti Mahkota Jaya juga": the HEP named is or is not its own
        new["same_provider"] = _own_provider(request, credential)
    elif credential is not None and request.exclude_provider == credential.provider.short_name:
        new.setdefault("same_provider", False)  # "... at a university in Sabah, not UPTIMUR"
    if credential is not None:
        known.update(
            pathways.facts_from_credential(
                credential.type,
                credential.accredited_programme,
                credential.provider.name,
                credential_title=f"{credential.title} ({credential.code})",
            )
        )
        focus = replace(state, credential=credential.code)
    if (
        request.programme
        and request.programme == known.get("programme")
        and "same_provider" not in new
        and not _has(text, v.UNIVERSITY + r"\s+(?:lain|other)|(?:another|other|different)\s+\S*")
    ):
        # "when I join their Bachelor of ... (Data Science)": that programme is offered by the
        # credential's own provider, so it is tendered to the same HEP
        new["same_provider"] = True
    known.update(new)
    facts = pathways.Facts.from_mapping(known)
    missing = pathways.next_question(facts)
    if missing is None:
        advice = pathways.advise(facts)
        return Reply(
            replace(focus, advising={"facts": known, "asking": None, "advised": True}),
            f"advice_{advice.outcome}",
            source=f"pathway:rule {advice.rule}" if advice.rule else f"pathway:{advice.outcome}",
        ).say(pathways.render_advice(advice, facts, lang))
    reply = Reply(
        replace(focus, advising={"facts": known, "asking": missing, "advised": False}),
        "advising_ask",
    )
    if not asking:
        if facts.credential_title and facts.programme:
            reply.say(
                messages.render(
                    "advising_about_programme",
                    lang,
                    title=facts.credential_title,
                    programme=facts.programme,
                    provider=facts.provider,
                )
            )
        elif facts.credential_title:
            reply.say(messages.render("advising_about", lang, title=facts.credential_title))
        elif missing == "credential_type" or not personal:
            # "boleh dipindah ke program akademik ke?" of credit-bearing ones in general: the
            # FAQ's rules, then the question that makes them the learner's own
            reply.response("utter_faq/recognition")
        caveats = pathways.known_caveats(facts, lang)
        if caveats:
            reply.say("\n\n".join(caveats))
    return _ask(reply, missing, lang)


def _asks_again(advising: dict, text: str) -> bool:
    """After advice, "so for my case what happens to the credits?" asks for it again."""
    return bool(advising.get("advised")) and _has(text, v.MY_CASE)


# Intents a typed answer to an advising question may get from the NLU.
_ANSWER_INTENTS = ("start_advising", "nlu_fallback", "out_of_scope", "affirm", "deny")


def _offer(state: State, advising: dict, lang: str) -> Reply:
    """The FAQ's recognition rules, and an offer to tell which one applies to the learner."""
    kept = {k: v for k, v in (advising.get("facts") or {}).items() if k in _LEARNER_FACTS}
    reply = Reply(
        replace(state, advising={"facts": kept, "asking": None, "offered": True}), "faq"
    ).response("utter_faq/recognition")
    return reply.say(
        messages.render("advising_offer", lang), messages.options("ask_credential_type", lang)
    )


def _ask(reply: Reply, fact: str, lang: str) -> Reply:
    """Ask for ``fact``, with its answers as buttons (typing them works as well)."""
    return reply.say(messages.render(f"ask_{fact}", lang), messages.options(f"ask_{fact}", lang))


def _offer_advice(reply: Reply, title: str, lang: str) -> None:
    reply.say(
        messages.render("offer_advice", lang, title=title),
        [{"title": messages.render("offer_advice_button", lang), "payload": "/start_advising"}],
    )


# --------------------------------------------------------------------------- off topic


def _near_topic(text: str) -> bool:
    """A question about a degree, the army, a loan... that only shares the FAQ's words."""
    if _has(text, v.JOIN_ASKED) or _has(text, v.NOT_MALAYSIAN):
        # "here on a work permit. Can I enrol?", "sy pegang passport Filipina": a status
        text = understanding.whole_words(v.RESIDENCE).sub(" ", text)
    for subjects, unless in (
        (v.NEAR_TOPIC, v.MICRO_EXPLICIT),
        (v.NEAR_TOPIC_UNLESS_ENROLLING, rf"{v.MICRO}|{v.ENTRY_ASKED}"),
    ):
        # "I'm from the army", "sy baru 17 tahun, form 5": who they are, not what they ask
        own = _has(text, rf"{v.PAST_CONTEXT}(?:{subjects})")
        if _has(text, subjects) and not own and not _has(text, unless):
            return True
    return False


def _sure_faq(turn: Turn) -> bool:
    """Both readings of the message (words and meaning) name the same FAQ topic."""
    return turn.agreed and turn.intent.startswith("faq/")


def _cue_checked(turn: Turn, text: str, stated: dict) -> Turn:
    """The FAQ topic the message's words point to, when the NLU's first choice has none of
    its words and a runner-up does ("mahal tak micro-credential ni?" is about the fee); a
    non-Malaysian asking whether they may join asks the nationality question."""
    if not turn.intent.startswith("faq/"):
        return turn
    eligibility = ("faq/entry_requirements", "faq/age", "faq/definition")
    asks_to_join = turn.intent in eligibility or _has(text, v.MAY_I_JOIN)
    if asks_to_join and stated.get("malaysian") is False:
        return replace(turn, intent="faq/nationality")
    if turn.intent == "faq/recognition" and _has(text, v.QUALIFY_FIRST):
        # "to use these towards a degree later, is there anything I must qualify for first?"
        return replace(turn, intent="faq/entry_requirements")
    generic = turn.intent == "faq/definition" and not _has(text, v.DEFINITION_ASKED)
    if (turn.agreed or _cue(text, turn.intent)) and not generic:
        return turn
    # the definition last unless asked for: its cue words ("what", "apa") are in most questions
    weak_definition = not _has(text, v.DEFINITION_ASKED)
    for intent in sorted(turn.suggestions, key=lambda i: i == "faq/definition" and weak_definition):
        if intent.startswith("faq/") and intent != turn.intent and _cue(text, intent):
            return replace(turn, intent=intent)
    return turn


def _cue(text: str, intent: str) -> bool:
    """Whether a word of the message starts like a word of the FAQ topic ``intent``
    ("longest", "rm1000", "non-malaysians" count)."""
    return re.search(rf"(?<![\w-])(?:{v.TOPIC_CUES[intent]})", text) is not None


def _cued(intent: str, text: str) -> bool:
    """Whether the message has any word the FAQ's questions use (as part of a word, so that
    "non-Malaysians" and "enrolment" count), or one for micro-credentials; a message with none
    ("kenapa langit biru", "pukul berapa berbuka") is not an FAQ whatever the NLU guessed."""
    if intent not in v.TOPIC_CUES:
        return True
    cues = "|".join(v.TOPIC_CUES.values())
    return bool(re.search(cues, text)) or _has(text, v.GENERAL) or _has(text, v.COUNTRIES)


def _did_you_mean(state: State, turn: Turn, lang: str) -> Reply:
    questions = [q for q in (messages.question(i, lang) for i in turn.suggestions) if q][:3]
    if not questions:
        return Reply(state, "rephrase").say(messages.render("ask_rephrase", lang))
    buttons = [{"title": q, "payload": q} for q in questions]
    buttons.append({"title": messages.render("none_of_these", lang), "payload": "/out_of_scope"})
    return Reply(state, "did_you_mean").say(messages.render("did_you_mean", lang), buttons)
