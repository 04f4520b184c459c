"""Export the catalogue as JSON, CSV or YAML.

- ``json``: an array of credentials for other programs. Each has every credential field plus
  ``provider`` (the provider's *name*), ``provider_short_name`` and ``duration_hours`` (the
  notional hours, under the FAQ's name); ``fee_rm`` is a number.
- ``yaml``: the import format (``providers`` + ``credentials``); re-importing it reproduces the
  catalogue exactly.
- ``csv``: the import CSV format, with the ``provider_*`` columns filled in so the file is
  self-contained (see :mod:`bot.catalogue.formats`).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.catalogue.formats import (
    CREDENTIAL_FIELDS,
    CSV_COLUMNS,
    LIST_FIELDS,
    PROVIDER_FIELDS,
    join_list,
)
from bot.catalogue.models import Credential, Provider

FORMATS = ("json", "csv", "yaml")


def _number(value: float | int | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value) == int(value) else float(value)


def credential_record(credential: Credential) -> dict[str, Any]:
    """A credential as a plain dict in import form (``provider`` is the short name)."""
    record = {name: getattr(credential, name) for name in CREDENTIAL_FIELDS if name != "provider"}
    record["provider"] = credential.provider.short_name
    record["fee_rm"] = _number(credential.fee_rm)
    record["learning_outcomes"] = list(credential.learning_outcomes or [])
    record["keywords"] = list(credential.keywords or [])
    record["intake"] = (
        credential.intake if isinstance(credential.intake, str) else list(credential.intake)
    )
    return {name: record[name] for name in CREDENTIAL_FIELDS}


def provider_record(provider: Provider) -> dict[str, Any]:
    return {name: getattr(provider, name) for name in PROVIDER_FIELDS}


def credential_json(credential: Credential) -> dict[str, Any]:
    """A credential for JSON consumers: provider by name, plus ``duration_hours``."""
    record = credential_record(credential)
    record["provider"] = credential.provider.name
    record["provider_short_name"] = credential.provider.short_name
    record["duration_hours"] = credential.notional_hours
    return record


def _credentials(session: Session) -> list[Credential]:
    return list(session.scalars(select(Credential).order_by(Credential.code)))


def records(session: Session) -> list[dict[str, Any]]:
    """Every credential as a JSON-ready dict (see :func:`credential_json`), by code."""
    return [credential_json(c) for c in _credentials(session)]


def to_json(session: Session) -> str:
    return json.dumps(records(session), ensure_ascii=False, indent=2) + "\n"


def to_yaml(session: Session) -> str:
    providers = session.scalars(select(Provider).order_by(Provider.short_name))
    document = {
        "providers": [provider_record(p) for p in providers],
        "credentials": [credential_record(c) for c in _credentials(session)],
    }
    header = "# Micro-credential catalogue exported by `microcred catalogue export`.\n"
    return header + yaml.safe_dump(
        document, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return join_list(value)
    return str(value)


def to_csv(session: Session) -> str:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for credential in _credentials(session):
        record = credential_record(credential)
        provider = provider_record(credential.provider)
        for name in PROVIDER_FIELDS[1:]:
            record[f"provider_{name}"] = provider[name]
        row = []
        for column in CSV_COLUMNS:
            value = record[column]
            if column in LIST_FIELDS and isinstance(value, str):
                row.append(value)  # intake: self-paced
            else:
                row.append(_cell(value))
        writer.writerow(row)
    return out.getvalue()


def export(session: Session, fmt: str) -> str:
    """The whole catalogue as text in ``fmt`` (``json``, ``csv`` or ``yaml``)."""
    exporters = {"json": to_json, "csv": to_csv, "yaml": to_yaml}
    if fmt not in exporters:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    return exporters[fmt](session)
