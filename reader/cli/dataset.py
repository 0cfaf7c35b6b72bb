"""The database as a dataset: ``reader schema`` and ``reader serve``.

``reader schema`` prints the schema of the database as Markdown (what
``docs/schema.md`` holds for a new one). ``reader serve`` opens the database in
Datasette, on 127.0.0.1 only and read-only, with a description of every table, the
``browse_*`` views and the ``search_*`` queries that search as reader does; with
``--metadata`` it prints that Datasette metadata as JSON instead, for running
``datasette`` yourself. Datasette is optional (the ``datasette`` extra); without it
``serve`` says so in one line.

The database is served read-only (``mode=ro``), not as "immutable": reader's TUI and
commands may write to it while it is served, and an immutable reader would ignore
the write-ahead log and could read a half-written page.
"""

from __future__ import annotations

import argparse
import asyncio
import socket
import sys
from pathlib import Path
from types import ModuleType

from reader.cli.context import Context, inline, print_json, say
from reader.errors import ReaderError
from reader.store.dataset import datasette_metadata
from reader.store.schema_doc import schema_markdown

INSTALL_HINT = (
    "Datasette is not installed in reader's environment: install it there "
    "(pip install datasette, or the [datasette] extra; with pipx: pipx inject)"
)
DEFAULT_PORT = 8001


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "schema", help="print the database schema (tables, columns, indexes, views) as Markdown"
    )
    parser.set_defaults(func=run_schema)

    parser = commands.add_parser(
        "serve", help="browse and query the database in Datasette, on 127.0.0.1, read-only"
    )
    parser.add_argument(
        "--port",
        type=int,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    parser.add_argument(
        "--metadata",
        action="store_true",
        help="print the Datasette metadata (JSON) instead of serving",
    )
    parser.set_defaults(func=run_serve)


def run_schema(args: argparse.Namespace, context: Context) -> int:
    say(schema_markdown(context.db).removesuffix("\n"))
    return 0


def database_name(path: Path) -> str:
    """The name Datasette serves a file under: its name without the extension."""
    return path.stem


def run_serve(args: argparse.Namespace, context: Context) -> int:
    if args.metadata:
        print_json(datasette_metadata(database_name(context.db_path)))
        return 0
    if not 0 <= args.port <= 65535:
        raise ReaderError(f"port {args.port} is not a port number (0 to 65535)")
    if not context.db_path.is_file():
        raise ReaderError(
            f"no database at {inline(context.db_path)}: import articles first, or give --db"
        )
    try:
        import uvicorn
        from datasette.app import Datasette
        from datasette.plugins import pm
    except ImportError:
        raise ReaderError(INSTALL_HINT) from None
    context.db  # noqa: B018 - opening brings the schema (and its views) up to date
    context.close()
    _register_plugin(pm)
    path = context.db_path.resolve()
    name = database_name(path)
    datasette = Datasette(
        files=[str(path)],
        metadata=datasette_metadata(name),
        settings={"sql_time_limit_ms": 5000},
    )
    asyncio.run(datasette.invoke_startup())
    listener = _listen(args.port)
    port = listener.getsockname()[1]
    say(
        f"serving {inline(path)} read-only at http://127.0.0.1:{port}"
        f"{datasette.urls.database(name)} (Ctrl-C to stop)"
    )
    sys.stdout.flush()
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _listen(port: int) -> socket.socket:
    """A socket bound to 127.0.0.1 only (never another address), before the server starts,
    so a port in use is one clear line rather than the server's log."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(("127.0.0.1", port))
    except OSError as error:
        listener.close()
        raise ReaderError(
            f"cannot listen on 127.0.0.1:{port} ({error.strerror}); choose another --port"
        ) from None
    listener.listen(128)
    return listener


def _register_plugin(pm: object) -> None:
    """Register reader's plugin unless its entry point already did (a source checkout
    that was not installed has no entry points)."""
    from reader.store import datasette_plugin

    plugins: list[ModuleType] = list(pm.get_plugins())  # type: ignore[attr-defined]
    if datasette_plugin not in plugins:
        pm.register(datasette_plugin, name="reader")  # type: ignore[attr-defined]
