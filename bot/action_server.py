"""The action server: rasa-sdk's, serving ``actions/``, reachable only by Rasa.

``python -m bot.action_server`` (or ``microcred serve actions``) starts rasa-sdk's Sanic app on
``BIND_HOST:ACTION_PORT`` with, in front of it:

- ``ACTION_TOKEN``: when set, ``/webhook`` and ``/actions`` answer only calls carrying it
  (Rasa sends it as ``?token=…``, endpoints.yml); ``/health`` stays open for probes and says
  nothing about the actions;
- no CORS: no browser has any business here;
- one process (Sanic's single-process mode), so that a supervisor that stops or restarts it
  leaves no worker behind holding the port; it answers a warm-up turn before the first
  learner's (:func:`actions.respond.warm_up`).
"""

from __future__ import annotations

import hmac
import logging

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app as create_sdk_app
from rasa_sdk.executor import ActionExecutor
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import config

log = logging.getLogger(__name__)
OPEN = {"/health"}


def create_app(token: str) -> Sanic:
    """rasa-sdk's app for ``actions/`` refusing calls without ``token`` (when there is one)."""
    executor = ActionExecutor()
    executor.register_package("actions")
    app = create_sdk_app(executor, cors_origins=None)

    @app.on_request
    async def require_token(request: Request) -> HTTPResponse | None:
        if not token or request.path in OPEN:
            return None
        given = request.args.get("token") or ""
        if hmac.compare_digest(given.encode(), token.encode()):
            return None
        return response.json({"error": "this server answers Rasa only (ACTION_TOKEN)"}, 401)

    return app


def main() -> None:
    utils.configure_colored_logging("INFO")
    utils.update_sanic_log_level()
    token, host, port = config.action_token(), config.bind_host(), config.action_port()
    if not token:
        log.warning(
            "ACTION_TOKEN is not set: whoever reaches %s:%s may call the actions", host, port
        )
    from actions.respond import warm_up

    app = create_app(token)
    warm_up()
    app.prepare(host=host, port=port, single_process=True, motd=False)
    log.info("Action server on http://%s:%s", host, port)
    Sanic.serve_single(primary=app)


if __name__ == "__main__":
    main()
