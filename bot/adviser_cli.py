"""``microcred ask`` and ``microcred advise``: the adviser's quick reference on the command line.

``ask`` sends one question to the running assistant over Rasa's REST channel and prints its
answer, buttons and source. ``advise`` works out a recognition pathway from the rules in
:mod:`bot.pathways` directly, with no Rasa involved.
"""

from __future__ import annotations

import argparse
import json
import re
import secrets
import sys
from pathlib import Path

from bot import config

LANGUAGES = ("en", "ms")
CREDENTIAL_TYPES = ("standalone", "credit-bearing")
EXIT_FAILURE = 1
EXIT_USAGE = 2

# The italic line FAQ and pathway answers end with: "_Source: ..._" or "_Sumber: ..._".
SOURCE_LINE = re.compile(r"^_(?:Source|Sumber):\s*(?P<source>.+?)_$")
ITALIC_PARAGRAPH = re.compile(r"^_(?P<text>[^\n]+)_$", re.MULTILINE)


class CommandError(Exception):
    """A problem with the command's input or surroundings; shown as one line on stderr."""

    def __init__(self, message: str, status: int = EXIT_FAILURE) -> None:
        super().__init__(message)
        self.status = status


def _fail(command: str, exc: CommandError) -> int:
    print(f"microcred {command}: error: {exc}", file=sys.stderr)
    return exc.status


def strip_italics(text: str) -> str:
    """``text`` with the underscores of whole-line italics (``_Source: ..._``) removed."""
    return ITALIC_PARAGRAPH.sub(lambda m: m["text"], text)


# --------------------------------------------------------------------------- ask


def _new_sender() -> str:
    return f"adviser-cli-{secrets.token_hex(6)}"


def set_language_payload(language: str) -> str:
    """What the channels send to switch the language: ``/set_language{"language": "ms"}``."""
    return "/set_language" + json.dumps({"language": language}, ensure_ascii=False)


def send(client, rasa_url: str, sender: str, message: str) -> list[dict]:
    """One message over the REST channel; Rasa's list of bot messages."""
    import httpx

    webhook = f"{rasa_url}/webhooks/rest/webhook"
    token = config.rest_token()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        response = client.post(
            webhook, json={"sender": sender, "message": message}, headers=headers
        )
    except httpx.TimeoutException:
        raise CommandError(
            f"Rasa at {rasa_url} did not answer within {client.timeout.read:g} s "
            "(still loading its model? try again, or raise --timeout)"
        ) from None
    except httpx.HTTPError as exc:
        raise CommandError(
            f"cannot reach Rasa at {rasa_url} ({type(exc).__name__}): "
            "is the assistant running? Start it with `make run`, or pass --rasa-url / set RASA_URL"
        ) from None
    if response.status_code == 401:
        raise CommandError(
            f"Rasa at {rasa_url} refused the REST call: set REST_TOKEN to the token the "
            "assistant runs with (`make run` prints it)"
        )
    if response.status_code == 404:
        raise CommandError(
            f"{webhook} answered 404: is the REST channel enabled in credentials.yml "
            "(`rest:`), and is this a Rasa server?"
        )
    if response.status_code >= 400:
        raise CommandError(f"{webhook} answered HTTP {response.status_code}")
    try:
        replies = response.json()
    except ValueError:
        raise CommandError(f"{webhook} did not answer with JSON: is this a Rasa server?") from None
    if not isinstance(replies, list):
        raise CommandError(f"{webhook} answered {type(replies).__name__}, not a list of messages")
    return [reply for reply in replies if isinstance(reply, dict)]


def catalogue_codes(database_url: str | None) -> list[str]:
    """The credential codes in the catalogue database; the sample catalogue's when the database
    does not exist or cannot be read (it is what ``make run`` loads)."""
    from sqlalchemy import make_url, select
    from sqlalchemy.exc import SQLAlchemyError

    from bot.catalogue import db
    from bot.catalogue.models import Credential

    url = db.resolve_url(database_url)
    parsed = make_url(url)
    missing_file = (
        parsed.get_backend_name() == "sqlite"
        and parsed.database not in (None, "", ":memory:")
        and not Path(parsed.database).exists()
    )
    if not missing_file:
        try:
            if db.has_schema(url):
                with db.get_sessionmaker(url)() as session:
                    codes = list(session.scalars(select(Credential.code)))
                if codes:
                    return codes
        except SQLAlchemyError:
            pass
    import yaml

    sample = yaml.safe_load(config.SAMPLE_CATALOGUE.read_text(encoding="utf-8")) or {}
    return [c["code"] for c in sample.get("credentials") or [] if c.get("code")]


def answer(question: str, replies: list[dict], codes: list[str]) -> dict:
    """The answer as ``{"question", "messages": [{"text", "buttons"}], "source"}``.

    ``source`` is what the answers' ``_Source: ..._`` lines name (joined with "; " when they
    differ), else ``"catalogue"`` when a text names a catalogue credential code, else ``None``.
    """
    messages, sources = [], []
    for reply in replies:
        text = reply.get("text") or ""
        for line in text.splitlines():
            found = SOURCE_LINE.match(line.strip())
            if found and found["source"] not in sources:
                sources.append(found["source"])
        buttons = [
            {"title": b.get("title", ""), "payload": b.get("payload", "")}
            for b in reply.get("buttons") or []
            if isinstance(b, dict)
        ]
        if text or buttons:
            messages.append({"text": text, "buttons": buttons})
    source = "; ".join(sources) or None
    if source is None and codes:
        pattern = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(c) for c in codes) + r")(?![\w-])",
            re.IGNORECASE,
        )
        if any(pattern.search(m["text"]) for m in messages):
            source = "catalogue"
    return {"question": question, "messages": messages, "source": source}


def format_answer(result: dict) -> str:
    """The answer for the terminal: texts without their source lines, numbered buttons, and
    one ``Source: ...`` line."""
    blocks = []
    for message in result["messages"]:
        lines = [
            line for line in message["text"].splitlines() if not SOURCE_LINE.match(line.strip())
        ]
        text = "\n".join(lines).strip()
        buttons = [
            f"  {number}. {button['title']}"
            for number, button in enumerate(message["buttons"], start=1)
        ]
        blocks.append("\n".join(part for part in (text, "\n".join(buttons)) if part))
    out = "\n\n".join(block for block in blocks if block)
    if result["source"]:
        out += f"\n\nSource: {result['source']}"
    return out.strip()


def cmd_ask(args: argparse.Namespace) -> int:
    import httpx

    rasa_url = (args.rasa_url or config.rasa_url()).rstrip("/")
    sender = args.sender or _new_sender()
    question = args.question.strip()
    try:
        if not question:
            raise CommandError("the question is empty", EXIT_USAGE)
        with httpx.Client(timeout=httpx.Timeout(args.timeout, connect=5.0)) as client:
            if args.language:
                send(client, rasa_url, sender, set_language_payload(args.language))
            replies = send(client, rasa_url, sender, question)
        if not replies:
            raise CommandError(
                f"Rasa at {rasa_url} sent no reply (is its model loaded and the action "
                "server running? `make run` starts both)"
            )
        result = answer(question, replies, catalogue_codes(args.database_url))
    except CommandError as exc:
        return _fail("ask", exc)
    if args.format == "json":
        print(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        print(format_answer(result))
    return 0


# --------------------------------------------------------------------------- advise

# The flag that gives each fact bot.pathways may need.
FACT_FLAGS = {
    "credential_type": "--type standalone|credit-bearing",
    "part_of_accredited_programme": "--accredited yes|no",
    "same_provider": "--provider same|other",
}


def advice_facts(args: argparse.Namespace):
    """The :class:`bot.pathways.Facts` the flags state; :class:`CommandError` when they
    contradict the rules or leave out a fact the advice needs."""
    from bot.pathways import CREDIT_BEARING, STANDALONE, Facts, next_question

    accredited = None if args.accredited is None else args.accredited == "yes"
    same_provider = None if args.provider is None else args.provider == "same"
    if args.type == STANDALONE and accredited:
        raise CommandError(
            "--type standalone contradicts --accredited yes: only credit-bearing "
            "micro-credentials are part of an accredited programme (use --type credit-bearing, "
            "or leave out --accredited)",
            EXIT_USAGE,
        )
    facts = Facts(
        credential_type=args.type,
        part_of_accredited_programme=None if args.type == STANDALONE else accredited,
        same_provider=same_provider,
        meets_entry_requirements=False if args.entry_unsure else None,
        malaysian=False if args.non_malaysian else True if args.malaysian else None,
    )
    missing = next_question(facts)
    if missing is not None:
        needed = FACT_FLAGS[missing]
        why = {
            "credential_type": "the rules depend on the micro-credential's type",
            "part_of_accredited_programme": "a credit-bearing micro-credential's rule depends "
            "on whether it is part of an accredited programme",
            "same_provider": "rule a applies only when it is tendered to the same HEP that "
            "offers the accredited programme",
        }[missing]
        raise CommandError(f"{needed} is needed: {why}", EXIT_USAGE)
    ignored = []
    if same_provider is not None and not (facts.credential_type == CREDIT_BEARING and accredited):
        ignored.append("--provider (only rule a, part of an accredited programme, depends on it)")
    for note in ignored:
        print(f"microcred advise: note: ignoring {note}", file=sys.stderr)
    return facts


def cmd_advise(args: argparse.Namespace) -> int:
    from bot.pathways import advise, render_advice

    try:
        facts = advice_facts(args)
    except CommandError as exc:
        return _fail("advise", exc)
    advice = advise(facts)
    text = strip_italics(render_advice(advice, facts, args.language))
    if args.format == "json":
        record = {
            "rule": advice.rule,
            "outcome": advice.outcome,
            "caveats": list(advice.caveats),
            "source": advice.source,
            "text": text,
        }
        print(json.dumps(record, ensure_ascii=False, indent=2))
    else:
        print(text)
    return 0


# --------------------------------------------------------------------------- parsers


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``ask`` and ``advise`` subcommands."""
    ask = subparsers.add_parser(
        "ask",
        help="ask the running assistant one question (over Rasa's REST channel)",
        description="Send QUESTION to the running assistant (`make run`) over Rasa's REST "
        "channel as a new conversation, and print each reply's text, its buttons as a "
        "numbered list, and the answer's source: the FAQ or pathway source line, or "
        "'catalogue' when the answer names a credential code of the catalogue.",
    )
    ask.add_argument(
        "question", metavar="QUESTION", help="the question, as a learner would type it"
    )
    ask.add_argument(
        "--rasa-url",
        metavar="URL",
        help="Rasa server with the REST channel (default: $RASA_URL or http://localhost:5005)",
    )
    ask.add_argument(
        "--sender",
        metavar="ID",
        help="conversation id (default: a fresh adviser-cli-<hex>, so each ask starts anew)",
    )
    ask.add_argument(
        "--language",
        choices=LANGUAGES,
        help="switch the conversation to this language first, as the channels' language "
        "switch does (default: the assistant detects it from the question)",
    )
    ask.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: text)"
    )
    ask.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to wait for each reply (default: 60)",
    )
    ask.add_argument(
        "--database-url",
        metavar="URL",
        help="catalogue database whose credential codes mark a catalogue answer (default: "
        "$DATABASE_URL, else the SQLite file under $MICROCRED_DATA_DIR; the sample "
        "catalogue when it has none)",
    )
    ask.set_defaults(func=cmd_ask)

    advise = subparsers.add_parser(
        "advise",
        help="work out a recognition pathway from the FAQ's rules (no Rasa needed)",
        description="Print the recognition pathway of a micro-credential for a learner who "
        "wants credit towards an academic award, from the micro-credential FAQ's rules: "
        "a (part of an accredited programme, same HEP), b (credit-bearing, not part of one: "
        "any HEP), c (standalone: APEL C). Credit-bearing needs --accredited; accredited "
        "needs --provider.",
    )
    advise.add_argument(
        "--type", choices=CREDENTIAL_TYPES, help="the micro-credential's type (required)"
    )
    advise.add_argument(
        "--accredited",
        choices=("yes", "no"),
        help="whether the credit-bearing micro-credential is part of an accredited programme",
    )
    advise.add_argument(
        "--provider",
        choices=("same", "other"),
        help="tendered to the same HEP that offers the accredited programme, or another one",
    )
    nationality = advise.add_mutually_exclusive_group()
    nationality.add_argument(
        "--non-malaysian",
        action="store_true",
        help="the learner is not Malaysian (some governments may not accept the credit transfer)",
    )
    nationality.add_argument(
        "--malaysian",
        action="store_true",
        help="the learner is Malaysian (leaves out the nationality caveat; by default it is "
        "stated as a condition)",
    )
    advise.add_argument(
        "--entry-unsure",
        action="store_true",
        help="the learner may not meet the programme's minimum entry requirements",
    )
    advise.add_argument(
        "--language", choices=LANGUAGES, default="en", help="language of the advice (default: en)"
    )
    advise.add_argument(
        "--format", choices=("text", "json"), default="text", help="output (default: text)"
    )
    advise.set_defaults(func=cmd_advise)
