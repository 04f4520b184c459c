"""The adviser page at ``/advisers``: the catalogue, the recognition guide, the unanswered
questions report and the handoff queue, with a JSON API under ``/advisers/api/``.

Served by :mod:`bot.web.server` (``microcred web``); :class:`AdviserSite` does the work and
knows nothing of the HTTP server. Pages are Jinja2 templates in ``templates/`` and one
stylesheet in ``static/``; catalogue queries live in :mod:`bot.catalogue.browse`.
"""

from bot.web.adviser.site import AdviserSite, Request, Response

__all__ = ["AdviserSite", "Request", "Response"]
