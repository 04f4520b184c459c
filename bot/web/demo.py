"""The widget's demo page: a fictional provider's page whose course cards come from the catalogue.

The cards are the first :data:`CARDS` credentials by title (then code), read on each request
with :func:`bot.catalogue.browse.browse` through :func:`bot.catalogue.db.read`, so every card
names a credential the assistant can answer about. The page is a Jinja2 template (autoescaped)
in ``templates/``. When the catalogue cannot be read the page still loads, with a quiet line
instead of the cards, and the reason is logged (once, until it changes).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from sqlalchemy.exc import SQLAlchemyError

from bot.catalogue import browse, db
from bot.web.adviser.present import fee

TEMPLATES = Path(__file__).resolve().parent / "templates"
CARDS = 3  # credentials shown on the page

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Card:
    """What a course card shows of one credential."""

    code: str
    title: str
    provider: str
    kind: str  # "Credit-bearing · MQF level 6 · 2 credits" or "Standalone"
    hours: int
    mode: str
    fee: str

    @classmethod
    def from_row(cls, row: browse.Row) -> Card:
        kind = [row.type.capitalize()]
        if row.level is not None:
            kind.append(f"MQF level {row.level}")
        if row.credits is not None:
            kind.append(f"{row.credits} credit" + ("" if row.credits == 1 else "s"))
        return cls(
            code=row.code,
            title=row.title,
            provider=row.provider_name,
            kind=" · ".join(kind),
            hours=row.hours,
            mode=row.mode,
            fee=fee(row.fee),
        )


def cards(session, limit: int = CARDS) -> list[Card]:
    """The first ``limit`` credentials by title, then code, as cards."""
    page = browse.browse(session, sort="title", order="asc", per_page=limit)
    return [Card.from_row(row) for row in page.rows]


class DemoPage:
    """Renders the demo page for a catalogue database (``None``: the configured one)."""

    def __init__(self, database_url: str | None = None) -> None:
        self.database_url = database_url
        self._env: Environment | None = None
        self._lock = threading.Lock()
        self._problem: str | None = None  # the last reason logged

    @property
    def env(self) -> Environment:
        if self._env is None:
            self._env = Environment(
                loader=FileSystemLoader(str(TEMPLATES)),
                autoescape=True,
                undefined=StrictUndefined,
                trim_blocks=True,
                lstrip_blocks=True,
            )
        return self._env

    def cards(self) -> list[Card]:
        """The page's cards; none (and the reason logged) when the catalogue cannot be read."""
        problem = None
        found: list[Card] = []
        try:
            found = db.read(cards, self.database_url)
        except (SQLAlchemyError, OSError, ValueError) as error:
            # db.read names a missing database or schema (CatalogueNotReady); others say what
            # the driver said.
            detail = str(getattr(error, "orig", None) or error).strip().splitlines()
            problem = f"{type(error).__name__}: {detail[0] if detail else ''}"
        self._note(problem)
        return found

    def _note(self, problem: str | None) -> None:
        with self._lock:
            changed, self._problem = problem != self._problem, problem
        if not changed:
            return
        if problem:
            logger.warning("demo page shows no course cards: %s", problem)
        else:
            logger.info("demo page: the catalogue is readable again")

    def render(self) -> bytes:
        """The page as UTF-8 HTML."""
        template = self.env.get_template("index.html")
        return template.render(cards=self.cards()).encode("utf-8")
