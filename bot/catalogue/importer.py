"""Validate and import catalogue files (YAML or CSV, chosen by extension).

The file format (YAML and CSV layouts, field and column names, list cells) and the readers that
turn a file into raw records live in :mod:`bot.catalogue.formats`; this module validates those
records and writes them to the database.

Every record is validated and *all* problems are collected, each naming the file, line, record
(code or position) and field. Errors stop the import; warnings (fees outside the FAQ's
RM500–700, hours outside its 4–160, unknown columns) do not. Imports are all-or-nothing: nothing
is written unless the whole file is valid, and the writes happen in the caller's transaction.
Providers are upserted by ``short_name`` and credentials by ``code`` (case-insensitive); a record
replaces every field of the stored one, so an omitted optional field becomes empty. Defaults for
omitted fields: ``language`` English, ``country`` Malaysia, ``open_to_non_malaysians`` true,
``intake`` self-paced, lists empty, everything else null.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bot.catalogue.formats import (
    CREDENTIAL_FIELDS,
    CSV_COLUMNS,
    CSV_PROVIDER_COLUMNS,
    LIST_FIELDS,
    PROVIDER_FIELDS,
    CatalogueError,
    CatalogueFileError,
    Problem,
    RawCatalogue,
    RawRecord,
    join_list,
    load_file,
    split_list,
)
from bot.catalogue.models import CREDENTIAL_TYPES, MODES, SELF_PACED, Credential, Provider

# The file-format names are re-exported so ``bot.catalogue.importer.X`` keeps working.
__all__ = [
    "AGE_LIMITS",
    "BOOL_WORDS",
    "CODE_PATTERN",
    "CREDENTIAL_FIELDS",
    "CREDIT_LIMITS",
    "CSV_COLUMNS",
    "CSV_PROVIDER_COLUMNS",
    "DATE_PATTERN",
    "FAQ_FEE_RANGE",
    "FAQ_HOURS_RANGE",
    "HOURS_LIMITS",
    "LIST_FIELDS",
    "MQF_LEVELS",
    "PROVIDER_FIELDS",
    "CatalogueError",
    "CatalogueFileError",
    "ImportReport",
    "Problem",
    "RawCatalogue",
    "RawRecord",
    "Validation",
    "ValidationFailed",
    "import_file",
    "import_validation",
    "join_list",
    "load_file",
    "split_list",
    "validate_file",
    "validate_raw",
]

FAQ_FEE_RANGE = (500, 700)
FAQ_HOURS_RANGE = (4, 160)
HOURS_LIMITS = (1, 1000)
MQF_LEVELS = (1, 8)
CREDIT_LIMITS = (1, 60)
AGE_LIMITS = (0, 120)

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
BOOL_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


class ValidationFailed(CatalogueError):
    """The file has errors; nothing was written. ``problems`` lists errors and warnings."""

    def __init__(self, path: str, problems: list[Problem]):
        self.problems = problems
        self.errors = [p for p in problems if p.severity == "error"]
        super().__init__(f"{path}: {len(self.errors)} error(s); nothing was imported")


@dataclass
class Validation:
    """The outcome of validating one file: cleaned records plus every problem found."""

    path: str
    providers: list[dict[str, Any]] = field(default_factory=list)
    credentials: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ImportReport:
    """What an import did."""

    path: str
    providers_created: int = 0
    providers_updated: int = 0
    credentials_created: int = 0
    credentials_updated: int = 0
    credentials_unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.credentials_created

    @property
    def updated(self) -> int:
        return self.credentials_updated

    def summary(self) -> str:
        return (
            f"{self.path}: credentials {self.credentials_created} created, "
            f"{self.credentials_updated} updated, {self.credentials_unchanged} unchanged; "
            f"providers {self.providers_created} created, {self.providers_updated} updated; "
            f"{len(self.warnings)} warning(s)"
        )


# --------------------------------------------------------------------------- validation


class _Checker:
    """Field validators that record problems against one record."""

    def __init__(self, validation: Validation, record: str, line: int | None, from_csv: bool):
        self.validation = validation
        self.record = record
        self.line = line
        self.csv = from_csv

    def error(self, name: str | None, message: str) -> None:
        self.validation.problems.append(
            Problem("error", self.validation.path, self.record, name, message, self.line)
        )

    def warning(self, name: str | None, message: str) -> None:
        self.validation.problems.append(
            Problem("warning", self.validation.path, self.record, name, message, self.line)
        )

    def text(
        self, data: dict, name: str, *, required: bool = False, max_len: int | None = None
    ) -> str | None:
        value = data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.error(name, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error(name, f"must be text, got {_show(value)}")
            return None
        value = str(value).strip()
        if max_len is not None and len(value) > max_len:
            self.error(name, f"is longer than {max_len} characters")
            return None
        return value

    def integer(
        self, data: dict, name: str, *, required: bool = False, limits: tuple[int, int]
    ) -> int | None:
        value = data.get(name)
        if value is None:
            if required:
                self.error(name, "is required")
            return None
        number = _to_number(value)
        if number is None or number != int(number):
            self.error(name, f"must be a whole number, got {_show(value)}")
            return None
        number = int(number)
        low, high = limits
        if not low <= number <= high:
            self.error(name, f"must be between {low} and {high}, got {number}")
            return None
        return number

    def number(self, data: dict, name: str, *, required: bool = False) -> float | None:
        value = data.get(name)
        if value is None:
            if required:
                self.error(name, "is required")
            return None
        number = _to_number(value)
        if number is None:
            self.error(name, f"must be a number, got {_show(value)}")
            return None
        return number

    def choice(self, data: dict, name: str, choices: tuple[str, ...]) -> str | None:
        value = self.text(data, name, required=True)
        if value is None:
            return None
        normal = value.lower().replace("_", "-").replace(" ", "-")
        if normal not in choices:
            self.error(name, f"must be one of {', '.join(choices)}, got {value!r}")
            return None
        return normal

    def boolean(self, data: dict, name: str, default: bool) -> bool | None:
        value = data.get(name)
        if value is None:
            return default
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in BOOL_WORDS:
            return BOOL_WORDS[value.strip().lower()]
        self.error(name, f"must be true or false, got {_show(value)}")
        return None

    def url(self, data: dict, name: str) -> str | None:
        value = self.text(data, name, max_len=500)
        if value is not None and not re.match(r"^https?://\S+$", value):
            self.error(name, f"must be an http(s) URL, got {value!r}")
            return None
        return value

    def string_list(self, data: dict, name: str) -> list[str] | None:
        value = data.get(name)
        if value is None:
            return []
        if isinstance(value, str):
            return split_list(value) if self.csv else [value.strip()] if value.strip() else []
        if not isinstance(value, list):
            self.error(name, f"must be a list of text, got {_show(value)}")
            return None
        items = []
        for position, item in enumerate(value, start=1):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.error(name, f"item {position} must be text, got {_show(item)}")
                return None
            if str(item).strip():
                items.append(str(item).strip())
        return items

    def intake(self, data: dict) -> str | list[str] | None:
        value = data.get("intake")
        if value is None:
            return SELF_PACED
        if isinstance(value, str) and value.strip().lower() == SELF_PACED:
            return SELF_PACED
        if isinstance(value, str):
            value = split_list(value) if self.csv else [value]
        if isinstance(value, date | datetime):
            value = [value]
        if not isinstance(value, list) or not value:
            self.error("intake", f"must be 'self-paced' or a list of dates, got {_show(value)}")
            return None
        dates = []
        for item in value:
            if isinstance(item, datetime):
                item = item.date()
            if isinstance(item, date):
                dates.append(item.isoformat())
                continue
            text = str(item).strip()
            try:
                if not DATE_PATTERN.match(text):
                    raise ValueError
                date.fromisoformat(text)
            except ValueError:
                self.error("intake", f"{text!r} is not a YYYY-MM-DD date or 'self-paced'")
                return None
            dates.append(text)
        return dates


def _show(value: Any) -> str:
    if isinstance(value, dict | list):
        return type(value).__name__
    return repr(value)


def _to_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        if text.upper().startswith("RM"):
            text = text[2:].strip()
        try:
            number = float(text)
        except ValueError:
            return None
        if number != number or number in (float("inf"), float("-inf")):
            return None
        return number
    return None


def _clean_number(number: float) -> int | float:
    return int(number) if number == int(number) else number


def _record_name(kind: str, data: dict, key: str, index: int) -> str:
    value = data.get(key)
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return f"{kind} {str(value).strip()}"
    return f"{kind} #{index}"


def _validate_provider(validation: Validation, raw: RawRecord, from_csv: bool) -> dict | None:
    check = _Checker(
        validation, _record_name("provider", raw.data, "short_name", raw.index), raw.line, from_csv
    )
    if not from_csv:
        for key in raw.data:
            if key not in PROVIDER_FIELDS:
                check.warning(str(key), "unknown field ignored")
    before = len(validation.errors)
    cleaned = {
        "short_name": check.text(raw.data, "short_name", required=True, max_len=64),
        "name": check.text(raw.data, "name", required=True, max_len=255),
        "country": check.text(raw.data, "country", max_len=100) or "Malaysia",
        "state": check.text(raw.data, "state", max_len=100),
        "website": check.url(raw.data, "website"),
        "accreditation_notes": check.text(raw.data, "accreditation_notes"),
    }
    return cleaned if len(validation.errors) == before else None


def _validate_credential(
    validation: Validation, raw: RawRecord, from_csv: bool, known_providers: set[str]
) -> dict | None:
    data = raw.data
    check = _Checker(
        validation, _record_name("credential", data, "code", raw.index), raw.line, from_csv
    )
    if not from_csv:
        for key in data:
            if key not in CREDENTIAL_FIELDS:
                check.warning(str(key), "unknown field ignored")
    before = len(validation.errors)

    code = check.text(data, "code", required=True)
    if code is not None and not CODE_PATTERN.match(code):
        check.error(
            "code",
            f"{code!r} is not a valid code (letters, digits, '-', '_', '.', '/'; at most 32)",
        )
    provider = check.text(data, "provider", required=True, max_len=64)
    if provider is not None and provider.lower() not in known_providers:
        check.error("provider", f"unknown provider {provider!r} (not in the file or the database)")
    kind = check.choice(data, "type", CREDENTIAL_TYPES)
    mode = check.choice(data, "mode", MODES)
    mqf_level = check.integer(data, "mqf_level", limits=MQF_LEVELS)
    credits = check.integer(data, "credits", limits=CREDIT_LIMITS)
    programme = check.text(data, "accredited_programme")
    if kind == "standalone":
        for name, value in (
            ("mqf_level", mqf_level),
            ("credits", credits),
            ("accredited_programme", programme),
        ):
            if data.get(name) is not None and value is not None:
                check.error(name, "must be empty for a standalone credential")
    elif kind == "credit-bearing":
        for name in ("mqf_level", "credits"):
            if data.get(name) is None:
                check.error(name, "is required for a credit-bearing credential")

    hours = check.integer(data, "notional_hours", required=True, limits=HOURS_LIMITS)
    if hours is not None and not FAQ_HOURS_RANGE[0] <= hours <= FAQ_HOURS_RANGE[1]:
        check.warning(
            "notional_hours",
            f"{hours} is outside the FAQ's {FAQ_HOURS_RANGE[0]}-{FAQ_HOURS_RANGE[1]} hours",
        )
    fee = check.number(data, "fee_rm", required=True)
    if fee is not None:
        if fee < 0:
            check.error("fee_rm", f"must not be negative, got {_clean_number(fee)}")
            fee = None
        elif fee != round(fee, 2):
            check.error("fee_rm", f"has more than two decimals: {fee}")
            fee = None
        elif fee >= 10**8:
            check.error("fee_rm", f"is too large: {_clean_number(fee)}")
            fee = None
        elif not FAQ_FEE_RANGE[0] <= fee <= FAQ_FEE_RANGE[1]:
            check.warning(
                "fee_rm",
                f"RM{_clean_number(fee)} is outside the FAQ's "
                f"RM{FAQ_FEE_RANGE[0]}-RM{FAQ_FEE_RANGE[1]}",
            )

    cleaned = {
        "code": code,
        "title": check.text(data, "title", required=True, max_len=255),
        "provider": provider,
        "type": kind,
        "field": check.text(data, "field", required=True, max_len=100),
        "mqf_level": mqf_level,
        "credits": credits,
        "notional_hours": hours,
        "fee_rm": None if fee is None else _clean_number(fee),
        "mode": mode,
        "language": check.text(data, "language", max_len=50) or "English",
        "accredited_programme": programme,
        "entry_notes": check.text(data, "entry_notes"),
        "min_age": check.integer(data, "min_age", limits=AGE_LIMITS),
        "open_to_non_malaysians": check.boolean(data, "open_to_non_malaysians", True),
        "learning_outcomes": check.string_list(data, "learning_outcomes"),
        "assessment": check.text(data, "assessment"),
        "badge_issuer": check.text(data, "badge_issuer", max_len=255),
        "intake": check.intake(data),
        "url": check.url(data, "url"),
        "keywords": check.string_list(data, "keywords"),
    }
    return cleaned if len(validation.errors) == before else None


def validate_raw(raw: RawCatalogue, session: Session | None = None) -> Validation:
    """Validate parsed records; with a session, providers may also come from the database."""
    validation = Validation(raw.path, problems=list(raw.problems))
    known = set()
    if session is not None:
        known.update(s.lower() for s in session.scalars(select(Provider.short_name)))

    seen_providers: dict[str, int] = {}
    for record in raw.providers:
        cleaned = _validate_provider(validation, record, raw.csv)
        if cleaned is None:
            # Still let credentials refer to it, so one mistake gives one error.
            short = record.data.get("short_name")
            if isinstance(short, str) and short.strip():
                known.add(short.strip().lower())
            continue
        key = cleaned["short_name"].lower()
        if key in seen_providers:
            validation.problems.append(
                Problem(
                    "error",
                    raw.path,
                    f"provider {cleaned['short_name']}",
                    "short_name",
                    f"duplicate short_name (first at line {seen_providers[key]})",
                    record.line,
                )
            )
            continue
        seen_providers[key] = record.line or record.index
        known.add(key)
        validation.providers.append(cleaned)

    seen_codes: dict[str, int] = {}
    for record in raw.credentials:
        code = record.data.get("code")
        if isinstance(code, str | int) and not isinstance(code, bool) and str(code).strip():
            key = str(code).strip().lower()
            if key in seen_codes:
                validation.problems.append(
                    Problem(
                        "error",
                        raw.path,
                        f"credential {str(code).strip()}",
                        "code",
                        f"duplicate code in this file (first at line {seen_codes[key]})",
                        record.line,
                    )
                )
                continue
            seen_codes[key] = record.line or record.index
        cleaned = _validate_credential(validation, record, raw.csv, known)
        if cleaned is not None:
            validation.credentials.append(cleaned)
    if not raw.credentials and not validation.errors:
        validation.problems.append(
            Problem("warning", raw.path, "file", "credentials", "the file has no credentials")
        )
    return validation


def validate_file(path: str | Path, session: Session | None = None) -> Validation:
    """Parse and validate ``path`` without writing anything.

    Raises :class:`CatalogueFileError` if the file cannot be read or parsed; otherwise returns
    a :class:`Validation` whose ``problems`` lists every error and warning.
    """
    return validate_raw(load_file(path), session)


# --------------------------------------------------------------------------- writing


def _apply(obj: object, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def import_validation(session: Session, validation: Validation) -> ImportReport:
    """Write a successful :class:`Validation` into ``session`` (the caller commits)."""
    if validation.errors:
        raise ValidationFailed(validation.path, validation.problems)
    report = ImportReport(validation.path, warnings=validation.warnings)
    providers = {p.short_name.lower(): p for p in session.scalars(select(Provider))}
    for values in validation.providers:
        provider = providers.get(values["short_name"].lower())
        if provider is None:
            provider = Provider(**values)
            session.add(provider)
            providers[values["short_name"].lower()] = provider
            report.providers_created += 1
        elif _apply(provider, {k: v for k, v in values.items() if k != "short_name"}):
            report.providers_updated += 1
    session.flush()

    codes = [values["code"].lower() for values in validation.credentials]
    existing = {
        c.code.lower(): c
        for c in session.scalars(select(Credential).where(func.lower(Credential.code).in_(codes)))
    }
    for values in validation.credentials:
        fields = dict(values)
        fields["provider"] = providers[values["provider"].lower()]
        credential = existing.get(values["code"].lower())
        if credential is None:
            session.add(Credential(**fields))
            report.credentials_created += 1
        else:
            fields.pop("code")
            if _apply(credential, fields):
                report.credentials_updated += 1
            else:
                report.credentials_unchanged += 1
    session.flush()
    return report


def import_file(session: Session, path: str | Path) -> ImportReport:
    """Validate ``path`` and upsert it into ``session``'s transaction.

    Raises :class:`CatalogueFileError` (unreadable file) or :class:`ValidationFailed` (with
    every problem) before writing anything. The caller owns the transaction, e.g.
    ``with get_sessionmaker().begin() as s: import_file(s, path)``.
    """
    return import_validation(session, validate_file(path, session))
