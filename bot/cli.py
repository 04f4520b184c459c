"""The ``microcred`` command: one entry point, a subcommand per concern.

Each concern adds its own subparser through an ``add_parser(subparsers)``
function, so ``microcred --help`` lists everything the project can do.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    from bot import adviser_cli, stack
    from bot.catalogue import cli as catalogue_cli
    from bot.records import cli as records_cli
    from bot.telegram import cli as telegram_cli
    from bot.web import cli as web_cli

    parser = argparse.ArgumentParser(
        prog="microcred", description="Micro-credential assistant tools."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    catalogue_cli.add_parser(subparsers)
    adviser_cli.add_parser(subparsers)
    records_cli.add_parser(subparsers)
    telegram_cli.add_parser(subparsers)
    web_cli.add_parser(subparsers)
    stack.add_parser(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
