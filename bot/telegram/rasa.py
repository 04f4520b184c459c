"""An async client of Rasa's REST channel (``POST /webhooks/rest/webhook``).

Rasa answers each message with the list of the bot's replies, each a dict with
``recipient_id`` and any of ``text``, ``buttons`` (``[{"title", "payload"}]``), ``image``
and ``custom``. Anything that keeps us from getting that list (Rasa down, a timeout, a
non-2xx status, a body that is not a list) is one exception, :class:`RasaUnavailable`,
so the caller has a single thing to turn into a polite reply. A 401 or 403 is
:class:`RasaRefused`, a kind of it: not an outage but a configuration error (``REST_TOKEN``).

The REST channel wants ``Authorization: Bearer <REST_TOKEN>``; with no token no header is sent.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/webhooks/rest/webhook"
DEFAULT_TIMEOUT = 30.0


class RasaUnavailable(Exception):
    """Rasa could not be reached or did not answer with a list of replies."""


class RasaRefused(RasaUnavailable):
    """Rasa answered 401 or 403: the relay's ``REST_TOKEN`` is missing or not Rasa's."""


class RasaClient:
    """Sends user messages to Rasa and returns its replies.

    The underlying ``httpx.AsyncClient`` is made on first use, inside the running event
    loop, and closed by :meth:`aclose`.

    Args:
        base_url: Rasa server URL, e.g. ``http://localhost:5005``.
        timeout: Seconds to wait for Rasa's answer (connect, read and write).
        token: The REST channel's Bearer token (``REST_TOKEN``); empty: no header.
    """

    def __init__(self, base_url: str, timeout: float = DEFAULT_TIMEOUT, token: str = "") -> None:
        self.url = base_url.rstrip("/") + WEBHOOK_PATH
        self.timeout = timeout
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._client: httpx.AsyncClient | None = None

    async def send(
        self, sender: str, message: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Relay ``message`` from ``sender``; returns Rasa's replies in order.

        Raises:
            RasaRefused: Rasa refused the token (401/403).
            RasaUnavailable: Rasa is down, slow, failing or answered something unexpected.
        """
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self.timeout, headers=self._headers)
        body = {"sender": sender, "message": message, "metadata": metadata or {}}
        try:
            response = await self._client.post(self.url, json=body)
        except httpx.TimeoutException as exc:
            raise RasaUnavailable(f"Rasa did not answer within {self.timeout:g}s") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"cannot reach Rasa at {self.url}: {exc!r}") from exc
        if response.status_code in (401, 403):
            raise RasaRefused(
                f"configuration error: Rasa refused the relay (HTTP {response.status_code}) at "
                f"{self.url}: REST_TOKEN must be set to the REST channel's token"
            )
        if response.status_code >= 300:
            raise RasaUnavailable(f"Rasa answered HTTP {response.status_code} at {self.url}")
        try:
            replies = response.json()
        except ValueError as exc:
            raise RasaUnavailable("Rasa answered something that is not JSON") from exc
        if not isinstance(replies, list) or not all(isinstance(r, dict) for r in replies):
            raise RasaUnavailable("Rasa answered JSON that is not a list of messages")
        return replies

    async def aclose(self) -> None:
        """Close the HTTP connections, if any were opened."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None
