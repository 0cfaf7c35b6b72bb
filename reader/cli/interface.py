"""Commands that start the interface: the TUI itself and the screenshot renderer."""

from __future__ import annotations

import argparse

from reader.cli.context import Context, ConversionProgress, inline, say


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "screenshots", help="render the main screens to SVG files (for the README)"
    )
    parser.add_argument("--output", default="screenshots", help="folder for the SVG files")
    parser.set_defaults(func=run_screenshots)


def run_tui(args: argparse.Namespace, context: Context) -> int:
    from reader.store.database import open_database
    from reader.tui.app import run

    # An older database is converted here, with its progress on the terminal, before
    # the interface takes the screen (the interface would otherwise wait in silence).
    # Opened light: a current database costs a couple of milliseconds more.
    if context.db_path.exists():
        open_database(context.db_path, light=True, progress=ConversionProgress()).conn.close()
    return run(db_path=context.db_path, corpus=context.corpus)


def run_screenshots(args: argparse.Namespace, context: Context) -> int:
    from reader.tui.screenshots import render_all

    for path in render_all(args.output):
        say(inline(path))
    return 0
