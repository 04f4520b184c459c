"""``microcred unanswered``, ``handoff`` and ``purge``: the records, for advisers.

- ``unanswered list``: what the assistant could not answer, grouped by similarity, most frequent
  first; ``unanswered export GROUP``: one group as candidate NLU examples to review;
- ``handoff list`` / ``handoff close ID``: the learners' requests to be contacted;
- ``purge``: delete what is older than the retention period (``RETENTION_DAYS``).

The records live in the catalogue database: ``--database-url`` if given, else ``DATABASE_URL``,
else a SQLite file under the data directory (see :mod:`bot.config`). These commands never create
or migrate it: ``microcred catalogue init`` does.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

RECORD_TABLES = ("unanswered", "feedback", "handoff")
SHOWN_MESSAGES = 5
CSV_COLUMNS = (
    "group",
    "created_at",
    "kind",
    "language",
    "channel",
    "message",
    "top_intent",
    "confidence",
)


class CommandError(Exception):
    """A problem the user can fix; shown as one line on stderr, exit status 1."""


def _run(prog: str, handler):
    """Wrap a command so user errors become one line on stderr and exit status 1."""

    def command(args: argparse.Namespace) -> int:
        url = getattr(args, "database_url", None)
        try:
            return handler(args, url)
        except SQLAlchemyError as exc:
            from bot.catalogue.db import display_url

            detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
            message = f"database {display_url(url)}: {detail}"
        except (CommandError, LookupError, ValueError, OSError) as exc:
            message = str(exc)
        print(f"{prog}: error: {message}", file=sys.stderr)
        return 1

    return command


def _database_exists(url: str | None) -> bool:
    """False for a SQLite file that does not exist (so no command creates one by looking)."""
    from sqlalchemy import make_url

    from bot.catalogue.db import resolve_url

    parsed = make_url(resolve_url(url))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return True
    return Path(parsed.database).exists()


def require_records(url: str | None) -> None:
    """:class:`CommandError` unless the database has the catalogue schema with the records."""
    from sqlalchemy import inspect

    from bot.catalogue import db

    where = db.display_url(url)
    if not _database_exists(url) or not db.has_schema(url):
        raise CommandError(
            f"database {where} has no schema yet; run `microcred catalogue init` to create it"
        )
    inspector = inspect(db.get_engine(url))
    missing = [name for name in RECORD_TABLES if not inspector.has_table(name)]
    if missing:
        raise CommandError(
            f"database {where} has an older schema without the records tables "
            f"({', '.join(missing)}); run `microcred catalogue init` (or `microcred catalogue "
            "migrate`) to upgrade it"
        )


def _utc(moment: datetime) -> datetime:
    """``moment`` (typed by the user) as an aware UTC datetime; a bare time is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _when(moment: datetime) -> str:
    return _utc(moment).strftime("%Y-%m-%d %H:%M UTC")


def parse_since(text: str) -> datetime:
    """``7d`` (the last 7 days) or an ISO date/time (``2026-11-01``, UTC unless it says): the
    moment from which records are reported, as an aware UTC datetime."""
    value = text.strip()
    days = re.fullmatch(r"(\d+)\s*d", value, re.IGNORECASE)
    if days:
        return datetime.now(timezone.utc) - timedelta(days=int(days[1]))
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), timezone.utc)
        return _utc(datetime.fromisoformat(value))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number of days such as 7d, or an ISO date such as 2026-11-01, not {text!r}"
        ) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _since_words(since: datetime | None) -> str:
    return f" since {_when(since)}" if since is not None else ""


# --------------------------------------------------------------------------- unanswered


def _groups(session, since: datetime | None):
    from bot.records import report, store

    return report.group(store.unanswered(session, since=since))


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items())


def format_groups(groups) -> str:
    blocks = []
    for number, group in enumerate(groups, start=1):
        turns = "turn" if group.count == 1 else "turns"
        lines = [
            f"{number}. {group.label!r}: {group.count} {turns}, last seen {_when(group.last_seen)}",
            f"   kinds: {_counts(group.kinds)}; languages: {_counts(group.languages)}",
            f"   guesses: {', '.join(group.guesses) or '-'}",
        ]
        messages = group.messages
        lines += [f"   - {message}" for message in messages[:SHOWN_MESSAGES]]
        if len(messages) > SHOWN_MESSAGES:
            lines.append(f"   ... and {len(messages) - SHOWN_MESSAGES} more")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def groups_csv(groups) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for number, group in enumerate(groups, start=1):
        rows = sorted(group.rows, key=lambda r: (r.created_at, r.id or 0), reverse=True)
        for row in rows:
            top = row.intents[0] if row.intents else {}
            writer.writerow(
                (
                    number,
                    row.created_at.isoformat(),
                    row.kind,
                    row.language,
                    row.channel,
                    row.message,
                    top.get("name", ""),
                    top.get("confidence", ""),
                )
            )
    return out.getvalue()


def cmd_unanswered_list(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db

    require_records(url)
    with db.get_sessionmaker(url)() as session:
        groups = _groups(session, args.since)
        if args.format == "json":
            print(json.dumps([g.as_dict() for g in groups], ensure_ascii=False, indent=2))
        elif args.format == "csv":
            sys.stdout.write(groups_csv(groups))
        elif groups:
            print(format_groups(groups))
    turns = sum(g.count for g in groups)
    print(
        f"{len(groups)} group(s) of {turns} unanswered turn(s){_since_words(args.since)}",
        file=sys.stderr,
    )
    return 0


def cmd_unanswered_export(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db
    from bot.records import report

    require_records(url)
    with db.get_sessionmaker(url)() as session:
        groups = _groups(session, args.since)
        if not 1 <= args.group <= len(groups):
            where = _since_words(args.since)
            if not groups:
                raise CommandError(
                    f"there are no unanswered turns{where}, so no group {args.group}"
                )
            raise CommandError(
                f"no group {args.group}: the report has groups 1 to {len(groups)}{where} "
                "(see `microcred unanswered list` with the same --since)"
            )
        chosen = groups[args.group - 1]
        text = report.nlu_yaml(chosen, args.intent)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
        print(
            f"wrote {args.out}: {len(chosen.messages)} example(s) of group {args.group} "
            f"({chosen.label!r})",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return 0


# --------------------------------------------------------------------------- handoff


def format_handoff(row) -> str:
    status = row.status if row.closed_at is None else f"closed {_when(row.closed_at)}"
    return "\n".join(
        (
            f"#{row.id}  {_when(row.created_at)}  {status}  {row.language}  {row.channel}  "
            f"reason: {row.reason}",
            f"    contact: {row.contact} ({row.contact_kind})",
            f"    question: {row.question}",
        )
    )


def cmd_handoff_list(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db
    from bot.records import store

    require_records(url)
    with db.get_sessionmaker(url)() as session:
        rows = store.handoffs(session, None if args.status == "all" else args.status)
        if args.format == "json":
            print(json.dumps([r.as_dict() for r in rows], ensure_ascii=False, indent=2))
        elif rows:
            print("\n\n".join(format_handoff(r) for r in rows))
    which = "" if args.status == "all" else f"{args.status} "
    print(f"{len(rows)} {which}handoff request(s)", file=sys.stderr)
    return 0


def cmd_handoff_close(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db
    from bot.records import store
    from bot.records.models import Handoff

    require_records(url)
    with db.get_sessionmaker(url).begin() as session:
        before = session.get(Handoff, args.id)
        was_closed = before is not None and before.status == "closed"
        row = store.close_handoff(session, args.id)
        summary = f"#{row.id} from {row.contact} ({row.contact_kind}): {row.question}"
        closed_at = row.closed_at
    if was_closed:
        print(f"handoff request {summary}\nwas already closed on {_when(closed_at)}")
    else:
        print(f"closed handoff request {summary}")
    return 0


# --------------------------------------------------------------------------- purge


def cmd_purge(args: argparse.Namespace, url: str | None) -> int:
    from bot import config
    from bot.catalogue import db
    from bot.records import store

    days = args.days if args.days is not None else config.retention_days()
    require_records(url)
    cutoff = datetime.now(timezone.utc) - timedelta(days=days)
    with db.get_sessionmaker(url)() as session:
        counts = store.purge(session, days)
        if args.dry_run:
            session.rollback()
        else:
            session.commit()
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} records older than {days} days (before {_when(cutoff)}):")
    labels = {
        "unanswered": "unanswered turns",
        "feedback": "feedback votes",
        "handoff": "closed handoff requests",
    }
    width = max(len(label) for label in labels.values())
    for name, count in counts.items():
        print(f"  {labels.get(name, name):{width}}  {count}")
    if args.dry_run:
        print("nothing deleted (--dry-run)")
    return 0


# --------------------------------------------------------------------------- parsers


URL_HELP = (
    "SQLAlchemy database URL of the catalogue, which holds the records (default: "
    "$DATABASE_URL, else a SQLite file under $MICROCRED_DATA_DIR)"
)
SINCE_HELP = "only turns since then: Nd for the last N days (7d), or an ISO date (2026-11-01, UTC)"


def _group_parser(subparsers, name: str, **kwargs) -> tuple[argparse.ArgumentParser, object]:
    """A command with subcommands, taking --database-url before or after the subcommand."""
    parser = subparsers.add_parser(name, **kwargs)
    parser.add_argument("--database-url", metavar="URL", default=None, help=URL_HELP)
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])
    return parser, parser.add_subparsers(dest=f"{name}_command", metavar="SUBCOMMAND")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add ``unanswered``, ``handoff`` and ``purge`` to the ``microcred`` command."""
    # SUPPRESS keeps a subcommand's missing option from overwriting one given before it.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=URL_HELP)

    _, unanswered = _group_parser(
        subparsers,
        "unanswered",
        help="report what the assistant could not answer, and export it for review",
        description="The unanswered-questions report: fallbacks, out-of-scope, low-confidence "
        "and disliked answers, grouped by similar wording, most frequent first.",
    )
    listing = unanswered.add_parser(
        "list",
        parents=[common],
        help="the unanswered questions, grouped by similarity and frequency",
        description="One block per group of similar messages: its count, label (the most "
        "frequent wording), kinds, languages, the NLU's guesses, when it was last seen and up "
        f"to {SHOWN_MESSAGES} of its messages. json: each group's summary; csv: one row per "
        f"turn ({', '.join(CSV_COLUMNS)}).",
    )
    listing.add_argument("--since", type=parse_since, metavar="WHEN", help=SINCE_HELP)
    listing.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="output format (default: text)",
    )
    listing.set_defaults(func=_run("microcred unanswered", cmd_unanswered_list))

    export = unanswered.add_parser(
        "export",
        parents=[common],
        help="one group as candidate Rasa NLU examples, to review before adding to data/nlu/",
        description="Write group GROUP (numbered as `unanswered list` numbers it with the same "
        "--since) as a Rasa NLU YAML file. Nothing is trained: review it, then add it to "
        "data/nlu/ and retrain.",
    )
    export.add_argument(
        "group", type=_positive_int, metavar="GROUP", help="group number (1 = first)"
    )
    export.add_argument("--since", type=parse_since, metavar="WHEN", help=SINCE_HELP)
    export.add_argument(
        "--intent",
        metavar="NAME",
        help="intent of the examples (default: the NLU's most frequent guess, else REVIEW_ME)",
    )
    export.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    export.set_defaults(func=_run("microcred unanswered", cmd_unanswered_export))

    _, handoff = _group_parser(
        subparsers,
        "handoff",
        help="list and close the learners' requests to be contacted by an adviser",
        description="The learners' requests to be contacted by a person, stored with consent.",
    )
    handoff_list = handoff.add_parser(
        "list",
        parents=[common],
        help="the handoff requests (open ones by default), oldest first",
        description="Handoff requests, oldest open first.",
    )
    handoff_list.add_argument(
        "--status",
        choices=("open", "closed", "all"),
        default="open",
        help="which requests (default: open)",
    )
    handoff_list.add_argument(
        "--format", choices=("text", "json"), default="text", help="output format (default: text)"
    )
    handoff_list.set_defaults(func=_run("microcred handoff", cmd_handoff_list))

    close = handoff.add_parser(
        "close",
        parents=[common],
        help="mark a handoff request as done",
        description="Close handoff request ID (as `handoff list` shows it).",
    )
    close.add_argument("id", type=_positive_int, metavar="ID", help="the request's id")
    close.set_defaults(func=_run("microcred handoff", cmd_handoff_close))

    purge = subparsers.add_parser(
        "purge",
        help="delete records older than the retention period",
        description="Delete unanswered turns, feedback and closed handoff requests older than "
        "--days (default: $RETENTION_DAYS, else 90). Open handoff requests are kept whatever "
        "their age.",
    )
    purge.add_argument("--database-url", metavar="URL", default=None, help=URL_HELP)
    purge.add_argument(
        "--days",
        type=_positive_int,
        metavar="N",
        help="keep the last N days (default: $RETENTION_DAYS, else 90)",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="count what would be deleted; delete nothing"
    )
    purge.set_defaults(func=_run("microcred purge", cmd_purge))
