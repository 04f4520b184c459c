"""``microcred catalogue ...``: set up, import, validate, export and browse the catalogue.

The database is ``--database-url`` if given, else ``DATABASE_URL``, else a SQLite file under
the data directory (see :mod:`bot.config`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue.importer import CSV_PROVIDER_COLUMNS, CatalogueError, ValidationFailed
from bot.catalogue.models import CREDENTIAL_TYPES, MODES

PROG = "microcred catalogue"

CSV_HELP = (
    "YAML (.yaml/.yml): a mapping with 'providers' and 'credentials' lists, as in "
    "data/catalogue/sample.yaml. CSV (.csv, UTF-8): a header row, then one row per credential "
    "with the same column names as the YAML credential fields; empty cell = null; lists "
    "(learning_outcomes, keywords, intake) separated by ';' (write \\; for a literal ';'); "
    "intake is 'self-paced' or YYYY-MM-DD dates; booleans true/false/yes/no/1/0; 'provider' is "
    "the provider short_name, which must exist in the database unless the optional columns "
    f"{', '.join(CSV_PROVIDER_COLUMNS)} describe it (provider_name is required to create one). "
    "Providers are upserted by short_name, credentials by code (case-insensitive)."
)


def _fail(message: str, code: int = 1) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _db_error(exc: SQLAlchemyError, url: str | None) -> int:
    from bot.catalogue.db import display_url

    detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    return _fail(f"database {display_url(url)}: {detail}")


def _run(handler):
    """Wrap a command so user errors become one line on stderr and a non-zero exit code."""

    def command(args: argparse.Namespace) -> int:
        url = getattr(args, "database_url", None)
        try:
            return handler(args, url)
        except ValidationFailed as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            return _fail(str(exc))
        except CatalogueError as exc:
            return _fail(str(exc))
        except SQLAlchemyError as exc:
            return _db_error(exc, url)
        except (ValueError, OSError) as exc:
            return _fail(str(exc))

    return command


def _require_schema(url: str | None) -> None:
    from bot.catalogue import db

    path = db.sqlite_path(url)
    if path is not None and not path.exists():
        raise CatalogueError(
            f"database {db.display_url(url)} has no catalogue yet: the file {path} does not "
            "exist; run `microcred catalogue init` to create it"
        )
    if not db.has_schema(url):
        raise CatalogueError(
            f"database {db.display_url(url)} has no catalogue yet; "
            "run `microcred catalogue init` (or `migrate`) first"
        )


# --------------------------------------------------------------------------- commands


def cmd_init(args: argparse.Namespace, url: str | None) -> int:
    from bot import config
    from bot.catalogue import db, queries

    if not args.no_sample and not config.SAMPLE_CATALOGUE.exists():
        raise CatalogueError(f"{config.SAMPLE_CATALOGUE}: sample catalogue not found")
    report = db.init(url, sample=not args.no_sample)
    if report is not None:
        for warning in report.warnings:
            print(warning, file=sys.stderr)
        print(report.summary())
    count = db.read(queries.count_credentials, url)
    print(f"catalogue ready at {db.display_url(url)}: {count} credential(s)")
    return 0


def cmd_migrate(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db

    db.migrate(url)
    print(f"schema up to date at {db.display_url(url)}")
    return 0


def cmd_import(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db, importer

    db.migrate(url)
    with db.get_sessionmaker(url).begin() as session:
        report = importer.import_file(session, args.file)
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    print(report.summary())
    return 0


def cmd_validate(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db, importer

    raw = importer.load_file(args.file)
    if args.offline or not _database_exists(url) or not db.has_schema(url):
        validation = importer.validate_raw(raw)
        source = "the file only"
    else:
        validation = db.read(lambda session: importer.validate_raw(raw, session), url)
        source = f"the file and {db.display_url(url)}"
    for problem in validation.problems:
        print(problem, file=sys.stderr if problem.severity == "error" else sys.stdout)
    print(
        f"{args.file}: {len(validation.credentials)} valid credential(s), "
        f"{len(validation.errors)} error(s), {len(validation.warnings)} warning(s) "
        f"(providers checked against {source})"
    )
    return 1 if validation.errors else 0


def _database_exists(url: str | None) -> bool:
    """False for a SQLite file that does not exist (validate reads the file alone then)."""
    from bot.catalogue.db import sqlite_path

    path = sqlite_path(url)
    return path is None or path.exists()


def cmd_export(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db, export

    _require_schema(url)
    text = db.read(lambda session: export.export(session, args.format), url)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _format_table(credentials) -> str:
    rows = [("CODE", "TITLE", "PROVIDER", "TYPE", "FEE RM", "HOURS", "MODE")]
    for c in credentials:
        fee = f"{c.fee_rm:g}" if c.fee_rm == int(c.fee_rm) else f"{c.fee_rm:.2f}"
        rows.append(
            (c.code, c.title, c.provider.short_name, c.type, fee, str(c.notional_hours), c.mode)
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    )


def cmd_search(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db, queries

    _require_schema(url)

    def search(session):
        found = queries.search(
            session,
            text=args.text,
            field=args.field,
            mode=args.mode,
            type=args.type,
            provider=args.provider,
            max_fee=args.max_fee,
            max_hours=args.max_hours,
            min_hours=args.min_hours,
            limit=args.limit,
        )
        return found, _format_table(found)  # the table reads each credential's provider

    found, table = db.read(search, url)
    if not found:
        print("no matching credentials", file=sys.stderr)
        return 0
    print(table)
    print(f"{len(found)} credential(s)", file=sys.stderr)
    return 0


def cmd_show(args: argparse.Namespace, url: str | None) -> int:
    from bot.catalogue import db, export, queries, resolver

    _require_schema(url)

    def look_up(session) -> tuple[dict | None, list]:
        credential = queries.get_by_code(session, args.code)
        if credential is None:
            return None, resolver.resolve(session, args.code, limit=3)
        return export.credential_json(credential), []

    record, suggestions = db.read(look_up, url)
    if record is None:
        hint = ""
        if suggestions:
            hint = "; did you mean " + ", ".join(f"{m.code} ({m.title})" for m in suggestions)
        return _fail(f"no credential with code {args.code!r}{hint}")
    labels = {"provider": f"{record['provider']} ({record['provider_short_name']})"}
    for name, value in record.items():
        if name in ("provider_short_name", "duration_hours"):
            continue
        if name in labels:
            value = labels[name]
        elif isinstance(value, list):
            value = "; ".join(value) if value else "-"
        elif value is None:
            value = "-"
        elif isinstance(value, bool):
            value = "yes" if value else "no"
        print(f"{name:24} {value}")
    return 0


# --------------------------------------------------------------------------- parser


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def _amount(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add ``catalogue`` and its subcommands to the ``microcred`` command."""
    url_help = (
        "SQLAlchemy database URL, e.g. sqlite:///var/catalogue.db or "
        "postgresql+psycopg://user@host/db (default: $DATABASE_URL, else a SQLite file "
        "under $MICROCRED_DATA_DIR)"
    )
    # The option works before or after the subcommand; SUPPRESS keeps a later default from
    # overwriting an earlier value.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--database-url", metavar="URL", default=argparse.SUPPRESS, help=url_help)

    parser = subparsers.add_parser(
        "catalogue",
        help="manage the credential catalogue database",
        description="Set up, import, validate, export and browse the credential catalogue.",
    )
    parser.add_argument("--database-url", metavar="URL", default=None, help=url_help)
    parser.set_defaults(func=lambda args: (parser.print_help(sys.stderr), 2)[1])
    commands = parser.add_subparsers(dest="catalogue_command", metavar="SUBCOMMAND")

    init = commands.add_parser(
        "init",
        parents=[common],
        help="create or upgrade the schema and load the sample catalogue if it is empty",
        description="Migrate the schema to the latest version, then import "
        "data/catalogue/sample.yaml if the catalogue has no credentials.",
    )
    init.add_argument(
        "--no-sample", action="store_true", help="only create/upgrade the schema; import nothing"
    )
    init.set_defaults(func=_run(cmd_init))

    migrate = commands.add_parser(
        "migrate",
        parents=[common],
        help="upgrade the schema to the latest migration",
        description="Run the Alembic migrations up to head.",
    )
    migrate.set_defaults(func=_run(cmd_migrate))

    importing = commands.add_parser(
        "import",
        parents=[common],
        help="validate a YAML or CSV file and upsert it (all or nothing)",
        description="Create or upgrade the schema, then validate FILE and, only if it has no "
        "errors, upsert its providers and credentials in one transaction. A record replaces "
        "the stored one; omitted optional fields become empty. " + CSV_HELP,
    )
    importing.add_argument("file", metavar="FILE", help="catalogue file (.yaml, .yml or .csv)")
    importing.set_defaults(func=_run(cmd_import))

    validate = commands.add_parser(
        "validate",
        parents=[common],
        help="check a YAML or CSV file and list every problem (writes nothing)",
        description="Check FILE and print every error and warning; exit status 1 if there "
        "are errors. Provider references are also checked against the database when it "
        "exists. " + CSV_HELP,
    )
    validate.add_argument("file", metavar="FILE", help="catalogue file (.yaml, .yml or .csv)")
    validate.add_argument(
        "--offline",
        action="store_true",
        help="do not read the database; providers must be described in the file",
    )
    validate.set_defaults(func=_run(cmd_validate))

    exporting = commands.add_parser(
        "export",
        parents=[common],
        help="write the catalogue as JSON, CSV or YAML",
        description="Export every credential. json: an array with provider names and "
        "duration_hours; yaml and csv: the import formats (re-importable).",
    )
    exporting.add_argument(
        "--format",
        choices=("json", "csv", "yaml"),
        default="json",
        help="output format (default: json)",
    )
    exporting.add_argument(
        "--output", "-o", metavar="FILE", help="write to FILE instead of standard output"
    )
    exporting.set_defaults(func=_run(cmd_export))

    for name, summary in (
        ("list", "list credentials, optionally filtered"),
        ("search", "search credentials by text and filters"),
    ):
        search = commands.add_parser(
            name,
            parents=[common],
            help=summary,
            description="Show credentials matching all the given filters as a table.",
        )
        search.add_argument(
            "text",
            nargs="?",
            metavar="TEXT",
            help="words that must all appear in the title, field, code or keywords",
        )
        search.add_argument("--field", help="field of study (case-insensitive, partial)")
        search.add_argument("--mode", choices=MODES, help="delivery mode")
        search.add_argument("--type", choices=CREDENTIAL_TYPES, help="credential type")
        search.add_argument(
            "--provider", help="provider short name, or part of the provider's full name"
        )
        search.add_argument(
            "--max-fee", type=_amount, metavar="RM", help="highest fee in ringgit (inclusive)"
        )
        search.add_argument(
            "--max-hours",
            type=_positive_int,
            metavar="N",
            help="most notional learning hours (inclusive)",
        )
        search.add_argument(
            "--min-hours",
            type=_positive_int,
            metavar="N",
            help="fewest notional learning hours (inclusive)",
        )
        search.add_argument(
            "--limit", type=_positive_int, metavar="N", help="show at most N credentials"
        )
        search.set_defaults(func=_run(cmd_search))

    show = commands.add_parser(
        "show",
        parents=[common],
        help="show every detail of one credential",
        description="Show one credential by code (case-insensitive); suggests close matches "
        "when the code is unknown.",
    )
    show.add_argument("code", metavar="CODE", help="credential code, e.g. DSC-101")
    show.set_defaults(func=_run(cmd_show))
    return parser
