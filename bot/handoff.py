"""Handing a learner over to a person: a short form held in the conversation's state.

"Talk to a person", "can I speak to an adviser", "nak cakap dengan orang", or two unanswered
messages in a row, start it. It asks, in the learner's language, only what it does not know
yet: the question, a contact (an email address or a phone number, validated) and consent to be
contacted; all three can come in one message ("call me at 012-345 6789 about APEL").
"cancel" leaves it; a question asked instead of a contact is answered and the contact asked
again once; after two unanswered messages, a message that is not a contact goes on as usual.
The request is stored only with consent (by the action, which knows the channel).

Pure functions of (form, message), like :mod:`bot.dialogue`; ``form`` is a slot's dict::

    {"asking": "question" | "contact" | "consent", "question": str | None,
     "contact": str | None, "kind": "email" | "phone" | None,
     "reason": "asked" | "fallbacks", "asides": int}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot import messages
from bot import vocabulary as v
from bot.understanding import has_words, normalise, yes_no

INTENT = "human_handoff"
# "usually within N working days", in the reply that confirms a request.
RESPONSE_DAYS = 2
EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-])")
PHONE = re.compile(r"(?<![\w+])\+?\(?\d[\d ().-]{6,}\d(?![\w])")
# Intents of a question the assistant can answer, asked when the form wanted something else.
_QUESTIONS = ("faq/", "ask_", "search_catalogue", "compare_credentials", "catalogue_count")
_NOT = r"jangan|don'?t|do not|tak payah|tidak perlu|tak perlu|no need"
_COURSES = v.COURSE_WORDS + r"|courses|classes|modules|programmes?|programs?|program"
# Words of the request itself, left out when judging whether it also states a question.
_FILLER = (
    r"can|could|may|i|please|pls|plz|want|wanna|would|like|to|need|let|me|a|an|the|with|someone"
    r"|boleh|saya|sy|aku|nak|mahu|hendak|ingin|minta|tolong|dengan|dgn|ke|kepada|tak|x"
)


@dataclass
class Step:
    """What the form does with one message."""

    form: dict | None  # the form afterwards; None when it is over
    said: list[dict] = field(default_factory=list)  # messages: {"text", "buttons"}
    request: dict | None = None  # complete and consented: store it
    aside: bool = False  # answer the message as usual first, then say ``said``
    through: bool = False  # not for the form: the message is answered as usual

    def say(self, key: str, lang: str, options: bool = False, **values) -> Step:
        buttons = messages.options(key, lang) if options else []
        self.said.append({"text": messages.render(key, lang, **values), "buttons": buttons})
        return self


def contact_in(text: str) -> tuple[str, str] | None:
    """The email address or phone number in ``text`` as ``(kind, value)``, or ``None``."""
    email = EMAIL.search(text)
    if email:
        local, _, domain = email.group(0).partition("@")
        return "email", f"{local}@{domain.lower()}"
    for match in PHONE.finditer(text):
        digits = re.sub(r"\D", "", match.group(0))
        if 9 <= len(digits) <= 15:
            return "phone", ("+" if match.group(0).startswith("+") else "") + digits
    return None


def _tries_contact(text: str) -> bool:
    """Something meant as a contact that is not a valid one ("abc@", "0123-45"), not a
    message that has a number in it ("anything under RM1000?")."""
    digits, letters = len(re.findall(r"\d", text)), len(re.findall(r"[^\W\d_]", text))
    return "@" in text or digits >= 7 or (digits >= 4 and letters <= 3)


def wants_person(intent: str, text: str) -> bool:
    """Whether the message (or the button "Talk to an adviser", ``text`` empty) asks for a
    person."""
    if not text:
        return intent == INTENT
    said = normalise(text)
    if has_words(said, v.ASKS_IF_BOT):
        return False
    if has_words(said, v.HOW_IT_GOES):
        return False
    if has_words(said, v.PERSON_REQUEST):
        return True
    # The model's reading alone, of a message that names someone and is not about them.
    return (
        intent == INTENT
        and has_words(said, v.PERSON_WORDS)
        and not has_words(said, v.PERSON_NOT_ASKED)
        and not has_words(said, _COURSES)  # "a course my admin staff can take"
    )


def reading_instead(text: str, suggestions: tuple[str, ...]) -> str:
    """The intent to act on when the model read a request for a person that the words do not
    make one: "am I talking to a real person?" asks about the assistant; otherwise the model's
    next guess ("is it good for office staff?" is a search)."""
    if has_words(normalise(text), v.ASKS_IF_BOT):
        return "chitchat/bot_challenge"
    return next((s for s in suggestions if s not in (INTENT, "feedback")), "nlu_fallback")


def _states_question(text: str) -> bool:
    """A request that also says what it is about ("... an adviser about APEL for my diploma")."""
    rest = re.sub(rf"(?<![\w-])(?:{v.PERSON_REQUEST})(?![\w-])", " ", normalise(text))
    rest = EMAIL.sub(" ", PHONE.sub(" ", rest))
    words = [w for w in re.findall(r"[\w'-]+", rest) if not re.fullmatch(_FILLER, w)]
    return len(words) >= 3


def start(text: str, lang: str, reason: str = "asked", question: str | None = None) -> Step:
    """Begin the form from the message that asked for a person (or the two unanswered ones)."""
    form = {"asking": None, "question": question, "contact": None, "kind": None}
    form |= {"reason": reason, "asides": 0}
    if form["question"] is None and _states_question(text):
        form["question"] = text.strip()
    found = contact_in(text)
    if found:
        form["kind"], form["contact"] = found
    return _next(form, lang, Step(form))


def _next(form: dict, lang: str, step: Step) -> Step:
    """Ask for what is still missing, or for consent."""
    if not form["question"]:
        form["asking"] = "question"
        return step.say("handoff_ask_question", lang)
    if not form["contact"]:
        form["asking"] = "contact"
        if form["reason"] == "fallbacks" and not step.said:
            return step.say("handoff_offer", lang, options=True)
        return step.say("handoff_ask_contact", lang)
    form["asking"] = "consent"
    kind = messages.render(f"handoff_kind_{form['kind']}", lang)
    return step.say("handoff_ask_consent", lang, options=True, kind=kind, contact=form["contact"])


def step(form: dict, text: str, intent: str, lang: str) -> Step:
    """The form's answer to one message while it is under way."""
    form = dict(form)
    said = normalise(text)
    asking = form.get("asking")
    found = contact_in(text)
    leave = has_words(said, v.LEAVE) and not found
    if leave or (asking != "consent" and not found and yes_no(said) is False and len(said) < 20):
        return Step(None).say("handoff_cancelled", lang)
    if asking == "question":
        form["question"] = text.strip()
        if found:
            form["kind"], form["contact"] = found
        return _next(form, lang, Step(form))
    if found:  # a contact, or a corrected one at the consent question
        form["kind"], form["contact"] = found
        return _next(form, lang, Step(form))
    if asking == "consent":
        answer = False if has_words(said, _NOT) else yes_no(said)
        if answer is True:
            request = {k: form[k] for k in ("question", "contact", "kind", "reason")}
            return Step(None, request=request)
        if answer is False:
            return Step(None).say("handoff_declined", lang)
    if asking == "contact" and _tries_contact(text):
        return Step(form).say("handoff_bad_contact", lang)
    if asking == "contact" and form["reason"] == "fallbacks":
        return Step(None, through=True)  # the learner went on with something else
    if intent.startswith(_QUESTIONS) and form.get("asides", 0) < 1:
        form["asides"] = form.get("asides", 0) + 1
        aside = Step(form, aside=True)
        if asking == "contact":
            return aside.say("handoff_still_need", lang)
        return _next(form, lang, aside)
    if asking == "contact":
        return Step(form).say("handoff_bad_contact", lang)
    return _next(form, lang, Step(form))


# What the advisers' Telegram chat is told of a new request (advisers read English).
NOTIFICATION = (
    "New handoff request #{id} ({language}, {channel}, {reason})\n"
    "Question: {question}\nContact ({kind}): {contact}\n"
    "Close it with: microcred handoff close {id}"
)


def confirmation(request: dict, handoff_id: int, lang: str) -> str:
    """What the learner is told once the request is stored."""
    kind = messages.render(f"handoff_kind_{request['kind']}", lang)
    return messages.render(
        "handoff_done",
        lang,
        id=handoff_id,
        kind=kind,
        contact=request["contact"],
        days=RESPONSE_DAYS,
    )
