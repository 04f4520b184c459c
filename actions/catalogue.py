"""Actions that answer from the credential catalogue."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions.base import say
from bot.catalogue import db, queries

logger = logging.getLogger(__name__)


class ActionCatalogueCount(Action):
    """Say how many micro-credentials the catalogue lists, and from how many providers."""

    def name(self) -> str:
        return "action_catalogue_count"

    async def run(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[dict[str, Any]]:
        try:
            with db.get_sessionmaker()() as session:
                count = queries.count_credentials(session)
                providers = len(queries.providers(session))
        except SQLAlchemyError:
            logger.exception("catalogue query failed")
            say(dispatcher, tracker, "catalogue_unavailable")
            return []
        if count == 0:
            say(dispatcher, tracker, "catalogue_empty")
        else:
            say(dispatcher, tracker, "catalogue_count", count=count, providers=providers)
        return []
