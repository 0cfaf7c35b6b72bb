"""Commands that start the interface: the TUI itself and the screenshot renderer."""

from __future__ import annotations

import argparse

from reader.cli.context import Context, inline, say


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "screenshots",
        help="render the main screens to SVG files (for the README), over the seed articles "
        "shipped with reader (never your corpus or database)",
    )
    parser.add_argument("--output", default="screenshots", help="folder for the SVG files")
    parser.set_defaults(func=run_screenshots)


def run_tui(args: argparse.Namespace, context: Context) -> int:
    from reader.tui.app import run

    return run(db_path=context.db_path, corpus=context.corpus)


def run_screenshots(args: argparse.Namespace, context: Context) -> int:
    from reader.tui.screenshots import render_all

    for path in render_all(args.output):
        say(inline(path))
    return 0
