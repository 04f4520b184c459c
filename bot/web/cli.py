"""``microcred web``: serve the chat widget's demo page and the adviser page."""

from __future__ import annotations

import argparse
import logging

from bot import config


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "web",
        help="serve the chat widget, its demo page and the adviser page",
        description="Serve the embeddable widget (bot/web/static/widget.js) and a demo page "
        "that embeds it, its course cards read from the catalogue database. The browser "
        "connects to Rasa's socket.io channel directly, so Rasa must allow the page's origin "
        "($WIDGET_ORIGINS). Also serves the adviser page at /advisers (catalogue, recognition "
        "guide, unanswered questions, handoff requests), "
        "signed in with $ADVISER_TOKEN.",
    )
    parser.add_argument(
        "--host", default=None, help="interface to listen on (default: $BIND_HOST or 127.0.0.1)"
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port to listen on (default: $WEB_PORT or 8080)"
    )
    parser.add_argument(
        "--rasa-url",
        default=None,
        help="Rasa server the demo page's widget connects to (default: $RASA_URL or "
        "http://127.0.0.1:$RASA_PORT)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        default=None,
        help="catalogue database the demo page's course cards and the adviser page read "
        "(default: $DATABASE_URL or var/catalogue.db)",
    )
    parser.add_argument("--log", action="store_true", help="log every request")
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from bot.web.server import make_server

    if not logging.getLogger().handlers:  # the demo page logs why it shows no course cards
        logging.basicConfig(
            level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
        )
    try:
        host = args.host or config.bind_host()
        port = config.web_port() if args.port is None else args.port
        rasa_url = args.rasa_url or config.rasa_url()
    except config.SettingError as error:
        print(f"microcred web: {error}")
        return 2
    try:
        server = make_server(
            host,
            port,
            rasa_url,
            log_requests=args.log,
            database_url=getattr(args, "database_url", None),
        )
    except OSError as error:
        print(f"microcred web: cannot listen on {host}:{port}: {error.strerror}")
        return 1
    address = f"http://{host}:{server.server_address[1]}"
    print(f"Widget demo on {address}/ (Rasa: {rasa_url}). Ctrl-C stops it.", flush=True)
    signing_in = (
        "sign in with $ADVISER_TOKEN"
        if config.adviser_token()
        else "ADVISER_TOKEN is not set, so nobody can sign in"
    )
    print(f"Adviser page on {address}/advisers ({signing_in}).", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
