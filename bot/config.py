"""Every setting of the assistant, read from the environment, each with a working local default.

This module is the one place that reads the environment: the launcher (:mod:`bot.stack`), the
Rasa components, the action server, the Telegram relay and the web server all ask it. A setting
that cannot be used raises :class:`SettingError` naming the variable; :func:`check` reads them
all at start-up so a mistake stops the launch instead of the first learner's turn.
:data:`SETTINGS` is the table the README shows (``python -m bot.config`` prints it).

Pure standard library: it is imported in both Python environments.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CATALOGUE = PROJECT_ROOT / "data" / "catalogue" / "sample.yaml"


class SettingError(ValueError):
    """A setting from the environment that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    meaning: str


SETTINGS: tuple[Setting, ...] = (
    Setting("MICROCRED_DATA_DIR", "`var/` in the checkout", "local state: SQLite files, salt"),
    Setting("DATABASE_URL", "SQLite `$MICROCRED_DATA_DIR/catalogue.db`",
            "the catalogue and the advisers' records (`postgresql+psycopg://…` for PostgreSQL)"),
    Setting("TRACKER_STORE_URL", "SQLite `$MICROCRED_DATA_DIR/conversations.db`",
            "where Rasa keeps conversations (`postgresql://…` for PostgreSQL)"),
    Setting("LOCK_STORE_URL", "none: in memory (one Rasa process)",
            "`redis://host:6379/0`: Rasa's Redis lock store, needed by several Rasa replicas"),
    Setting("BIND_HOST", "`127.0.0.1`", "the address every service listens on"),
    Setting("RASA_PORT", "`5005`", "Rasa: REST and socket.io channels"),
    Setting("ACTION_PORT", "`5055`", "the action server"),
    Setting("WEB_PORT", "`8080`", "the widget's demo page and the adviser page"),
    Setting("RASA_MODEL", "`models/current.tar.gz`", "the trained model Rasa loads"),
    Setting("RASA_URL", "`http://127.0.0.1:$RASA_PORT`",
            "where the Telegram relay, the web page and the CLI find Rasa"),
    Setting("ACTION_ENDPOINT_URL", "`http://127.0.0.1:$ACTION_PORT/webhook`",
            "where Rasa finds the action server"),
    Setting("ACTION_TOKEN", "generated per run by `make run`",
            "shared by Rasa and the action server; the action server refuses calls without it"),
    Setting("ACTION_TIMEOUT", "`20`", "seconds Rasa waits for an action before apologising"),
    Setting("REST_TOKEN", "generated per run by `make run`",
            "Bearer token of Rasa's REST channel (servers only: Telegram relay, CLI, tests)"),
    Setting("WIDGET_ORIGINS", "`http://localhost:$WEB_PORT,http://127.0.0.1:$WEB_PORT`",
            "web origins allowed to call Rasa (CORS), comma-separated"),
    Setting("MAX_MESSAGE_CHARS", "`2000`", "longer messages are refused politely"),
    Setting("RATE_PER_SENDER", "`30`", "messages a minute one conversation may send"),
    Setting("RATE_PER_CLIENT", "`120`", "socket.io messages a minute one client address may send"),
    Setting("RETENTION_DAYS", "`90`", "records older than this are purged"),
    Setting("MICROCRED_SALT", "a random salt kept in `$MICROCRED_DATA_DIR/salt`",
            "the secret behind learners' hashes and Telegram conversation ids (share it "
            "between machines)"),
    Setting("ADVISER_TOKEN", "none: nobody may sign in (`make run` generates one)",
            "the adviser page's sign-in token"),
    Setting("ADVISER_CHAT_ID", "none", "the Telegram chat told of each handoff request"),
    Setting("TELEGRAM_TOKEN", "none: no Telegram bot", "the bot's token from @BotFather"),
    Setting("TELEGRAM_API_URL", "Telegram's", "another Bot API server (a local one, tests)"),
    Setting("TELEGRAM_WEBHOOK_URL", "none: long polling", "public HTTPS URL for webhook mode"),
    Setting("TELEGRAM_WEBHOOK_SECRET", "none", "secret Telegram sends with each webhook call"),
)  # fmt: skip

_NAMES = {s.name for s in SETTINGS}


def _text(name: str, default: str = "") -> str:
    assert name in _NAMES, name
    return os.environ.get(name, "").strip() or default


def _int(name: str, default: int, minimum: int = 0, maximum: int | None = None) -> int:
    raw = _text(name) or str(default)
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {raw!r}") from None
    if value < minimum or (maximum is not None and value > maximum):
        bounds = f"between {minimum} and {maximum}" if maximum is not None else f">= {minimum}"
        raise SettingError(f"{name} must be {bounds}, not {value}")
    return value


def _port(name: str, default: int) -> int:
    return _int(name, default, 1, 65535)


def _url(name: str, default: str, schemes: tuple[str, ...]) -> str:
    value = _text(name, default)
    if not re.match(rf"^({'|'.join(map(re.escape, schemes))})(\+\w+)?://", value):
        raise SettingError(
            f"{name} must be a URL starting {' or '.join(schemes)}://, not {value!r}"
        )
    return value.rstrip("/")


# --- where things are --------------------------------------------------------------------


def data_dir() -> Path:
    """Directory for local state (SQLite files); created on first use."""
    path = Path(_text("MICROCRED_DATA_DIR") or PROJECT_ROOT / "var")
    path.mkdir(parents=True, exist_ok=True)
    return path


def database_url() -> str:
    """SQLAlchemy URL of the catalogue database."""
    return _text("DATABASE_URL") or f"sqlite:///{data_dir() / 'catalogue.db'}"


def tracker_store_url() -> str:
    """SQLAlchemy URL of Rasa's conversations (tracker store)."""
    default = f"sqlite:///{data_dir() / 'conversations.db'}"
    return _url("TRACKER_STORE_URL", default, ("sqlite", "postgresql"))


def lock_store_url() -> str:
    """Redis URL of Rasa's lock store; empty: Rasa's in-memory lock store."""
    return _url("LOCK_STORE_URL", "", ("redis",)) if _text("LOCK_STORE_URL") else ""


def bind_host() -> str:
    """The address the services listen on (``BIND_HOST``)."""
    return _text("BIND_HOST", "127.0.0.1")


def rasa_port() -> int:
    return _port("RASA_PORT", 5005)


def action_port() -> int:
    return _port("ACTION_PORT", 5055)


def web_port() -> int:
    return _port("WEB_PORT", 8080)


def rasa_model() -> Path:
    return Path(_text("RASA_MODEL") or PROJECT_ROOT / "models" / "current.tar.gz")


def rasa_url() -> str:
    """Base URL of the Rasa server (REST channel lives under it)."""
    return _url("RASA_URL", f"http://127.0.0.1:{rasa_port()}", ("http", "https"))


def action_endpoint_url() -> str:
    """Where Rasa calls the action server."""
    default = f"http://127.0.0.1:{action_port()}/webhook"
    return _url("ACTION_ENDPOINT_URL", default, ("http", "https"))


# --- who may call what --------------------------------------------------------------------


def action_token() -> str:
    """The token Rasa sends the action server (``?token=``); empty: the action server is open
    to whoever reaches its address (it listens on ``BIND_HOST``)."""
    return _text("ACTION_TOKEN")


def action_timeout() -> int:
    """Seconds Rasa waits for one action before the learner gets an apology."""
    return _int("ACTION_TIMEOUT", 20, 1, 600)


def rest_token() -> str:
    """The REST channel's Bearer token; empty: the REST channel refuses every call."""
    return _text("REST_TOKEN")


def widget_origins() -> list[str]:
    """Web origins allowed to call Rasa from a browser (CORS)."""
    default = f"http://localhost:{web_port()},http://127.0.0.1:{web_port()}"
    origins = [o.strip().rstrip("/") for o in _text("WIDGET_ORIGINS", default).split(",")]
    for origin in origins:
        if origin != "*" and not re.match(r"^https?://[^/\s]+$", origin):
            raise SettingError(
                f"WIDGET_ORIGINS must list origins like https://example.org, not {origin!r}"
            )
    return [o for o in origins if o]


def max_message_chars() -> int:
    return _int("MAX_MESSAGE_CHARS", 2000, 1)


def rate_per_sender() -> int:
    """Messages a minute one conversation may send; 0: no limit."""
    return _int("RATE_PER_SENDER", 30)


def rate_per_client() -> int:
    """Messages a minute one client address may send over socket.io; 0: no limit."""
    return _int("RATE_PER_CLIENT", 120)


def retention_days() -> int:
    """Days unanswered turns, feedback and closed handoffs are kept (``RETENTION_DAYS``)."""
    return _int("RETENTION_DAYS", 90, 1)


def salt() -> bytes:
    """The secret mixed into sender hashes: ``MICROCRED_SALT``, else one kept in the data dir.

    Several machines sharing one database must share the salt (set ``MICROCRED_SALT``)."""
    value = _text("MICROCRED_SALT")
    if value:
        return value.encode()
    return _salt_file(data_dir() / "salt")


@cache
def _salt_file(path: Path) -> bytes:
    """The salt kept at ``path``, made there on first use; read once per process (every
    Telegram message and socket.io session asks for it)."""
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
    return _text("ADVISER_TOKEN")


def adviser_chat_id() -> str:
    """The Telegram chat told of each handoff request (``ADVISER_CHAT_ID``); empty: none."""
    return _text("ADVISER_CHAT_ID")


def telegram_token() -> str:
    return _text("TELEGRAM_TOKEN")


def telegram_api_url() -> str:
    return _text("TELEGRAM_API_URL")


def telegram_webhook_url() -> str:
    return _text("TELEGRAM_WEBHOOK_URL")


def telegram_webhook_secret() -> str:
    return _text("TELEGRAM_WEBHOOK_SECRET")


def check() -> None:
    """Read every setting once: raises :class:`SettingError` naming the first unusable one."""
    for reader in (
        database_url, tracker_store_url, lock_store_url, bind_host, rasa_port, action_port,
        web_port, rasa_url, action_endpoint_url, action_timeout, widget_origins,
        max_message_chars, rate_per_sender, rate_per_client, retention_days,
    ):  # fmt: skip
        reader()


def markdown_table() -> str:
    """The settings as the README's table."""
    rows = ["| variable | default | what it is |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.default} | {s.meaning} |" for s in SETTINGS]
    return "\n".join(rows)


if __name__ == "__main__":
    print(markdown_table())
