"""The ``reader`` command: the TUI with no subcommand, scriptable subcommands otherwise.

Exit status: 0 on success, 1 on a user error (one line on stderr, never a traceback),
2 on a usage error. JSON goes to stdout only.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from reader import __version__
from reader.cli.context import Context
from reader.errors import ReaderError, StoreError
from reader.paths import default_corpus, default_db_path

#: Modules that each add their subcommands with ``register(commands)``, and the
#: commands each adds. Only the module of the command being run is imported (a
#: test keeps this table true), so ``reader list`` does not pay for entity analysis,
#: export or review; ``--help`` and unknown commands import them all.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "reader.cli.articles": ("import", "list", "read", "unread", "show", "search"),
    "reader.cli.entities": (
        "entities",
        "entity",
        "entity-merge",
        "entity-split",
        "entity-alias",
        "entity-rename",
        "entity-kind",
        "entity-hide",
    ),
    "reader.cli.annotations": ("annotate", "annotations", "tags"),
    "reader.cli.export": ("export", "import-annotations"),
    "reader.cli.interface": ("screenshots", "keys"),
    "reader.cli.review": ("review",),
    "reader.cli.feeds": ("feeds",),
    "reader.cli.cite": ("cite",),
    "reader.cli.lookup": ("lookup",),
    "reader.cli.dataset": ("schema", "serve"),
    "reader.cli.completion": ("completion",),
}

_GLOBAL_OPTIONS_WITH_VALUES = ("--db", "--corpus")

#: Commands that only read the store: run where no database exists yet, they say there
#: is nothing (or print an empty result) and create no file. ``feeds`` reads only
#: with ``list``; ``review`` has nothing to review in a database that does not exist.
READ_ONLY_COMMANDS = frozenset(
    {
        "list",
        "show",
        "search",
        "annotations",
        "tags",
        "export",
        "entities",
        "entity",
        "review",
        "cite",
        "lookup",
        "schema",
        "serve",
    }
)


def reads_only(args: argparse.Namespace) -> bool:
    """Whether the parsed command line only reads the database."""
    if args.command == "feeds":
        return args.feeds_command == "list"
    return args.command in READ_ONLY_COMMANDS


def _modules_for(argv: list[str]) -> list[str]:
    """The command modules to import for ``argv``: the one owning the command given,
    none when there is no command (the TUI), or all of them (help, unknown names)."""
    words = iter(argv)
    for word in words:
        if word in _GLOBAL_OPTIONS_WITH_VALUES:
            next(words, None)
        elif word.startswith("-"):
            if word in ("-h", "--help"):
                return list(COMMAND_MODULES)
        else:
            owners = [m for m, names in COMMAND_MODULES.items() if word in names]
            return owners or list(COMMAND_MODULES)
    return []


def build_parser(modules: list[str] | None = None) -> argparse.ArgumentParser:
    """The argument parser, with the subcommands of ``modules`` (default: all)."""
    parser = argparse.ArgumentParser(
        prog="reader",
        description="A terminal reader for Chinese-language news. "
        "With no command, opens the reader on the corpus folder.",
    )
    parser.add_argument("--version", action="version", version=f"reader {__version__}")
    parser.add_argument(
        "--db",
        type=Path,
        default=default_db_path(),
        help="the database file (env READER_DB; default ./annotations.db)",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=default_corpus(),
        help="the corpus folder synced on start (env READER_CORPUS; default ./corpus)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES if modules is None else modules:
        importlib.import_module(name).register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    _utf8_streams()
    arguments = sys.argv[1:] if argv is None else argv
    parser = build_parser(_modules_for(arguments))
    args = parser.parse_args(arguments)
    context = Context(db_path=args.db, corpus=args.corpus, read_only=reads_only(args))
    try:
        if args.command is None:
            from reader.cli.interface import run_tui

            return run_tui(args, context)
        return int(args.func(args, context) or 0)
    except StoreError as error:
        from reader.store.space import explain_store_failure

        _fail(explain_store_failure(context.db_path, str(error)))
        return 1
    except ReaderError as error:
        _fail(str(error))
        return 1
    except KeyboardInterrupt:
        _fail("interrupted")
        return 130
    except BrokenPipeError:
        _quiet_broken_pipe()
        return 0
    except Exception as error:  # the last line of defence: never a traceback
        _fail(f"unexpected error: {type(error).__name__}: {error}")
        return 1
    finally:
        context.close()


def _fail(message: str) -> None:
    """One line on stderr, whatever the message quotes (a file name may hold a newline
    or an escape sequence: both are shown, not obeyed)."""
    from reader.cli.context import inline, say

    say(f"reader: {inline(message.strip() or 'error')}", error=True)


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and (stream.encoding or "").lower() not in ("utf-8", "utf8"):
            reconfigure(encoding="utf-8", errors="replace")


def _quiet_broken_pipe() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
