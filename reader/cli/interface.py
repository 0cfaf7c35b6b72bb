"""Commands about the interface: the TUI itself, the screenshot renderer, and the key
bindings with the ids a keymap file names."""

from __future__ import annotations

import argparse

from reader.cli.context import Context, inline, print_json, require_terminal, say
from reader.cli.progress import conversion_progress


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "screenshots",
        help="render the main screens to SVG files (for the README), over the seed articles "
        "shipped with reader (never your corpus or database)",
    )
    parser.add_argument("--output", default="screenshots", help="folder for the SVG files")
    parser.set_defaults(func=run_screenshots)

    parser = commands.add_parser(
        "keys",
        help="list the key bindings with their ids, and where the keymap file goes",
        description="Each binding's id, keys and action. A TOML keymap file gives ids other "
        'keys: "app.quit" = "ctrl+q", or under [cursor]: next_word = "w,ctrl+right".',
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_keys)


def run_tui(args: argparse.Namespace, context: Context) -> int:
    from reader.store.database import open_database
    from reader.tui.app import run

    require_terminal("reader", "`reader --help` lists the commands that print")
    # An older database is converted here, with its progress on the terminal, before
    # the interface takes the screen (the interface would otherwise wait in silence).
    # Opened light: a current database costs a couple of milliseconds more.
    if context.db_path.exists():
        progress = conversion_progress()
        try:
            open_database(context.db_path, light=True, progress=progress).conn.close()
        finally:
            progress.close()
    return run(db_path=context.db_path, corpus=context.corpus)


def run_screenshots(args: argparse.Namespace, context: Context) -> int:
    from reader.tui.screenshots import render_all

    for path in render_all(args.output):
        say(inline(path))
    return 0


def run_keys(args: argparse.Namespace, context: Context) -> int:
    from reader.tui.bindings import KEYS
    from reader.tui.keymap import keymap_path

    path = keymap_path()
    if args.json:
        print_json(
            {
                "keymap": str(path),
                "bindings": [
                    {"id": s.id, "keys": s.keys, "scope": s.scope, "description": s.description}
                    for s in KEYS
                ],
            }
        )
        return 0
    state = "" if path.exists() else " (not there yet)"
    say(f"keymap file: {inline(path)}{state}")
    for spec in KEYS:
        say(f"{spec.id:<34} {spec.display:<22} {spec.description}")
    return 0
