"""Settings read from the environment, each with a working local default.

| variable           | default                                   |
| ------------------ | ----------------------------------------- |
| MICROCRED_DATA_DIR | ``var/`` in the project checkout          |
| DATABASE_URL       | SQLite file ``$MICROCRED_DATA_DIR/catalogue.db`` |
| RASA_URL           | ``http://localhost:5005``                 |
| RETENTION_DAYS     | ``90``: records older than this are purged |
| MICROCRED_SALT     | a random salt kept in ``$MICROCRED_DATA_DIR/salt`` |
| ADVISER_TOKEN      | none: the adviser page refuses everyone (``make run`` generates one) |
| ADVISER_CHAT_ID    | none: handoff requests are not sent to Telegram |
| TELEGRAM_TOKEN, TELEGRAM_API_URL | the bot that notifies advisers, and its Bot API server |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CATALOGUE = PROJECT_ROOT / "data" / "catalogue" / "sample.yaml"


def data_dir() -> Path:
    """Directory for local state (SQLite files); created on first use."""
    path = Path(os.environ.get("MICROCRED_DATA_DIR") or PROJECT_ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """SQLAlchemy URL of the catalogue database."""
    return os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'catalogue.db'}"


def rasa_url() -> str:
    """Base URL of the Rasa server (REST channel lives under it)."""
    return os.environ.get("RASA_URL", "http://localhost:5005").rstrip("/")


def retention_days() -> int:
    """Days unanswered turns, feedback and closed handoffs are kept (``RETENTION_DAYS``)."""
    raw = os.environ.get("RETENTION_DAYS", "").strip() or "90"
    try:
        days = int(raw)
    except ValueError:
        raise ValueError(f"RETENTION_DAYS must be a whole number of days, not {raw!r}") from None
    if days < 1:
        raise ValueError(f"RETENTION_DAYS must be at least 1, not {days}")
    return days


def salt() -> bytes:
    """The secret mixed into sender hashes: ``MICROCRED_SALT``, else one kept in the data dir.

    Several machines sharing one database must share the salt (set ``MICROCRED_SALT``)."""
    value = os.environ.get("MICROCRED_SALT", "")
    if value:
        return value.encode()
    path = data_dir() / "salt"
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        fresh = secrets.token_hex(32).encode()
        try:
            with open(path, "xb", opener=lambda p, f: os.open(p, f, 0o600)) as file:
                file.write(fresh)
            return fresh
        except FileExistsError:  # another process made it first
            return path.read_bytes().strip()


def adviser_token() -> str:
    """The adviser page's sign-in token (``ADVISER_TOKEN``); empty means nobody may sign in."""
    return os.environ.get("ADVISER_TOKEN", "").strip()


def adviser_chat_id() -> str:
    """The Telegram chat told of each handoff request (``ADVISER_CHAT_ID``); empty: none."""
    return os.environ.get("ADVISER_CHAT_ID", "").strip()
