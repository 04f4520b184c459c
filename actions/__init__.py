"""Custom actions served by the rasa-sdk action server (``python -m rasa_sdk --actions actions``).

Each module holds the actions of one concern; every action is a thin adapter from the
tracker to a ``bot`` call and back to messages.
"""

import os

from actions.respond import warm_up

# rasa_sdk imports this package in its main process and again in the Sanic worker process that
# serves requests (Sanic names it in SANIC_WORKER_NAME); only the worker answers, so only the
# worker warms up, before it takes its first request.
if os.environ.get("SANIC_WORKER_NAME", "").startswith("Sanic-Server"):
    warm_up()
