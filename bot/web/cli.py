"""``microcred web``: serve the chat widget's demo page and the adviser page."""

from __future__ import annotations

import argparse
import os

from bot import config


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "web",
        help="serve the chat widget, its demo page and the adviser page",
        description="Serve bot/web/static: the embeddable widget (widget.js) and a demo page "
        "that embeds it. The browser connects to Rasa's socket.io channel directly, so Rasa "
        'must run with the socketio channel and --cors "*". Also serves the adviser page at '
        "/advisers (catalogue, recognition guide, unanswered questions, handoff requests), "
        "signed in with $ADVISER_TOKEN.",
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="interface to listen on (default: %(default)s)"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=int(os.environ.get("WEB_PORT") or 8080),
        help="port to listen on (default: $WEB_PORT or 8080; currently %(default)s)",
    )
    parser.add_argument(
        "--rasa-url",
        default=None,
        help="Rasa server the demo page's widget connects to (default: $RASA_URL or "
        "http://localhost:5005)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        default=None,
        help="catalogue database the adviser page reads (default: $DATABASE_URL or "
        "var/catalogue.db)",
    )
    parser.add_argument("--log", action="store_true", help="log every request")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from bot.web.server import make_server

    rasa_url = args.rasa_url or config.rasa_url()
    try:
        server = make_server(
            args.host,
            args.port,
            rasa_url,
            log_requests=args.log,
            database_url=getattr(args, "database_url", None),
        )
    except OSError as error:
        print(f"microcred web: cannot listen on {args.host}:{args.port}: {error.strerror}")
        return 1
    print(f"Widget demo on http://{args.host}:{args.port}/ (Rasa: {rasa_url}). Ctrl-C stops it.")
    signing_in = (
        "sign in with $ADVISER_TOKEN"
        if config.adviser_token()
        else "ADVISER_TOKEN is not set, so nobody can sign in"
    )
    print(f"Adviser page on http://{args.host}:{args.port}/advisers ({signing_in}).")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
