"""The catalogue file format: field names, list cells and the YAML/CSV readers.

A catalogue file is YAML or CSV, chosen by extension. Reading one gives *raw* records (a
:class:`RawCatalogue`), parsed but not validated; :mod:`bot.catalogue.importer` validates and
imports them and :mod:`bot.catalogue.export` writes the same format back.

YAML (``.yaml``/``.yml``) is a mapping with two lists, ``providers`` (fields
:data:`PROVIDER_FIELDS`) and ``credentials`` (fields :data:`CREDENTIAL_FIELDS`); each credential
names its provider by ``short_name`` (given in the same file or already in the database). See
``data/catalogue/sample.yaml``.

CSV (``.csv``, UTF-8, comma-separated, first row is the header) has one row per credential with
the same column names as the YAML credential fields (:data:`CSV_COLUMNS`). Conventions:

- an empty cell means "not given" (null);
- list columns (:data:`LIST_FIELDS`: ``learning_outcomes``, ``keywords``, ``intake``) separate
  items with ``;``; write ``\\;`` for a literal semicolon inside an item and ``\\\\`` for a
  backslash (see :func:`split_list` and :func:`join_list`);
- ``intake`` is ``self-paced`` or ``;``-separated ``YYYY-MM-DD`` dates;
- booleans accept ``true/false``, ``yes/no``, ``1/0``;
- ``provider`` is the provider's ``short_name``. It must already be in the database unless the
  optional columns ``provider_name`` (required to create one), ``provider_country``,
  ``provider_state``, ``provider_website`` and ``provider_accreditation_notes``
  (:data:`CSV_PROVIDER_COLUMNS`) describe it; when ``provider_name`` is given the provider is
  created or updated from those columns.

Reading raises :class:`CatalogueFileError` (one clear line) when a file cannot be read or parsed
at all; smaller problems found while reading (unknown top-level keys or columns, YAML items that are
not mappings, rows with the wrong number of cells, a provider described differently on two
rows) are kept in :attr:`RawCatalogue.problems` for the validator to report with the rest.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

# Field names: YAML keys of provider and credential records, and the CSV columns.
PROVIDER_FIELDS = ("short_name", "name", "country", "state", "website", "accreditation_notes")
CREDENTIAL_FIELDS = (
    "code",
    "title",
    "provider",
    "type",
    "field",
    "mqf_level",
    "credits",
    "notional_hours",
    "fee_rm",
    "mode",
    "language",
    "accredited_programme",
    "entry_notes",
    "min_age",
    "open_to_non_malaysians",
    "learning_outcomes",
    "assessment",
    "badge_issuer",
    "intake",
    "url",
    "keywords",
)
LIST_FIELDS = ("learning_outcomes", "keywords", "intake")
CSV_PROVIDER_COLUMNS = tuple(f"provider_{name}" for name in PROVIDER_FIELDS if name != "short_name")
CSV_COLUMNS = CREDENTIAL_FIELDS + CSV_PROVIDER_COLUMNS


class CatalogueError(Exception):
    """A user-facing problem with a catalogue file or database; ``str()`` is one clear line."""


class CatalogueFileError(CatalogueError):
    """The file cannot be read or parsed at all (missing, not UTF-8, broken YAML/CSV)."""


@dataclass(frozen=True)
class Problem:
    """One finding (error or warning) about one record, from reading or validating a file."""

    severity: str  # "error" | "warning"
    file: str
    record: str  # e.g. "credential DSC-101" or "credential #3"
    field: str | None
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        subject = f"{self.record}: {self.field}" if self.field else self.record
        return f"{where}: {self.severity}: {subject}: {self.message}"


# --------------------------------------------------------------------------- reading files


@dataclass
class RawRecord:
    """A record as parsed, before validation.

    Attributes:
        data: The record's fields as read (YAML values, or CSV cells with empty cells as None).
        index: 1-based position of the record in its list (or CSV data row).
        line: 1-based line in the file where the record starts, when known.
    """

    data: dict[str, Any]
    index: int  # 1-based position in its list
    line: int | None


@dataclass
class RawCatalogue:
    """A parsed catalogue file, before validation.

    Attributes:
        path: The file's path, as used in messages.
        providers: Provider records (from ``providers`` in YAML, ``provider_*`` columns in CSV).
        credentials: Credential records.
        csv: True if the file was CSV (list cells are then split with :func:`split_list`).
        problems: Problems found while reading, reported with the validation's.
    """

    path: str
    providers: list[RawRecord]
    credentials: list[RawRecord]
    csv: bool = False
    problems: list[Problem] = field(default_factory=list)


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueFileError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CatalogueFileError(f"{path}: is a directory, not a catalogue file") from None
    except OSError as exc:
        raise CatalogueFileError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogueFileError(
            f"{path}:{line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start});"
            " save the file as UTF-8"
        ) from None


def _yaml_lines(text: str, key: str) -> list[int | None]:
    """1-based line numbers of the items of the top-level list ``key``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key_node, value_node in root.value:
        if getattr(key_node, "value", None) == key and isinstance(value_node, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value_node.value]
    return []


def _load_yaml(path: Path, text: str) -> RawCatalogue:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CatalogueFileError(f"{where}: invalid YAML: {problem}") from None
    if document is None:
        raise CatalogueFileError(f"{path}: the file is empty")
    if not isinstance(document, dict):
        raise CatalogueFileError(
            f"{path}: invalid catalogue: the top level must be a mapping with "
            "'providers' and 'credentials' lists"
        )
    raw = RawCatalogue(str(path), [], [])
    for key in document:
        if key not in ("providers", "credentials"):
            raw.problems.append(
                Problem("warning", str(path), "file", str(key), "unknown top-level key ignored")
            )
    for key, target in (("providers", raw.providers), ("credentials", raw.credentials)):
        items = document.get(key)
        if items is None:
            if key == "credentials":
                raise CatalogueFileError(f"{path}: invalid catalogue: no 'credentials' list")
            continue
        if not isinstance(items, list):
            raise CatalogueFileError(f"{path}: invalid catalogue: '{key}' must be a list")
        lines = _yaml_lines(text, key)
        for index, item in enumerate(items, start=1):
            line = lines[index - 1] if index <= len(lines) else None
            if not isinstance(item, dict):
                raw.problems.append(
                    Problem(
                        "error",
                        str(path),
                        f"{key[:-1]} #{index}",
                        None,
                        "must be a mapping of field: value",
                        line,
                    )
                )
                continue
            target.append(RawRecord(item, index, line))
    return raw


def split_list(cell: str) -> list[str]:
    """Split a CSV list cell on unescaped ``;`` (``\\;`` is a literal semicolon).

    Args:
        cell: The cell's text; ``\\`` escapes the next character (``\\;``, ``\\\\``).

    Returns:
        The items, stripped, without empty ones.
    """
    items, current, chars = [], [], iter(cell)
    for char in chars:
        if char == "\\":
            current.append(next(chars, "\\"))
        elif char == ";":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]


def join_list(items: Iterable[str]) -> str:
    """Join items into one CSV list cell: the inverse of :func:`split_list`.

    Args:
        items: The list's items (converted with ``str``).

    Returns:
        The items separated by ``;``, with ``\\`` and ``;`` inside an item escaped.
    """
    return ";".join(str(item).replace("\\", "\\\\").replace(";", "\\;") for item in items)


def _load_csv(path: Path, text: str) -> RawCatalogue:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    raw = RawCatalogue(str(path), [], [], csv=True)
    try:
        header = next(reader, None)
        if header is None or not any(cell.strip() for cell in header):
            raise CatalogueFileError(f"{path}: the file is empty (no CSV header row)")
        header = [cell.strip() for cell in header]
        duplicates = sorted({name for name in header if header.count(name) > 1})
        if duplicates:
            raise CatalogueFileError(
                f"{path}:1: invalid CSV: duplicate column(s) {', '.join(duplicates)}"
            )
        for name in header:
            if name not in CSV_COLUMNS:
                raw.problems.append(
                    Problem("warning", str(path), "header", name, "unknown column ignored", 1)
                )
        index = 0
        while True:
            line = reader.line_num + 1
            try:
                row = next(reader)
            except StopIteration:
                break
            if not any(cell.strip() for cell in row):
                continue
            index += 1
            if len(row) != len(header):
                raw.problems.append(
                    Problem(
                        "error",
                        str(path),
                        f"row {index}",
                        None,
                        f"has {len(row)} cells but the header has {len(header)}",
                        line,
                    )
                )
                continue
            data = {
                name: (cell if cell.strip() != "" else None)
                for name, cell in zip(header, row, strict=True)
            }
            raw.credentials.append(RawRecord(data, index, line))
    except csv.Error as exc:
        raise CatalogueFileError(f"{path}:{reader.line_num}: invalid CSV: {exc}") from None

    # Providers described by provider_* columns become provider records.
    seen: dict[str, RawRecord] = {}
    for record in raw.credentials:
        short = record.data.get("provider")
        if not isinstance(short, str) or not record.data.get("provider_name"):
            continue
        described = {"short_name": short.strip()}
        for name in PROVIDER_FIELDS[1:]:
            described[name] = record.data.get(f"provider_{name}")
        previous = seen.get(short.strip())
        if previous is None:
            seen[short.strip()] = RawRecord(described, record.index, record.line)
            raw.providers.append(seen[short.strip()])
        elif previous.data != described:
            raw.problems.append(
                Problem(
                    "error",
                    str(path),
                    f"row {record.index}",
                    "provider_*",
                    f"describes provider {short.strip()!r} differently from line {previous.line}",
                    record.line,
                )
            )
    return raw


def load_file(path: str | Path) -> RawCatalogue:
    """Read and parse a catalogue file, without validating it.

    Args:
        path: A ``.yaml``, ``.yml`` or ``.csv`` file (UTF-8; the extension picks the format).

    Returns:
        The raw records, plus any problems found while reading.

    Raises:
        CatalogueFileError: The file has another extension, cannot be read, is not UTF-8 or is
            not valid YAML/CSV (the message is one clear line).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise CatalogueFileError(
            f"{path}: unsupported file type {suffix or '(none)'!r}; use .yaml, .yml or .csv"
        )
    text = _read_text(path)
    return _load_csv(path, text) if suffix == ".csv" else _load_yaml(path, text)
