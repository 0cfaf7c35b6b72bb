"""A Datasette plugin: reader's search semantics inside Datasette.

Installed with reader (the ``datasette`` entry point in ``pyproject.toml``), so
``datasette annotations.db`` in the same environment can run reader's canned
queries: every connection gets the ``reader_fold``, ``reader_trigrams``,
``reader_hits`` and ``reader_first_hit`` SQL functions, and a database marked as
reader's (its SQLite ``application_id``) that has the ``browse_*`` views gets the
``search_*`` queries of :mod:`reader.store.dataset`, a description of every table
and view, and its search index hidden (Datasette's search box cannot search it).
Other databases are left alone.

The hook marker is pluggy's own, so this module imports without Datasette (the
package works without it; Datasette is an optional extra).
"""

from __future__ import annotations

import os
import sqlite3
from typing import Any

import pluggy

from reader.store.dataset import (
    CANNED_QUERIES,
    READER_CHECK_SQL,
    SQL_FUNCTIONS,
    database_metadata,
    is_reader_file,
)
from reader.store.schema import APPLICATION_ID
from reader.store.views import VIEWS

hookimpl = pluggy.HookimplMarker("datasette")


@hookimpl
def prepare_connection(conn: sqlite3.Connection) -> None:
    for name, (arguments, function) in SQL_FUNCTIONS.items():
        conn.create_function(name, arguments, function, deterministic=True)


@hookimpl
def canned_queries(datasette: Any, database: str) -> Any:
    async def queries() -> dict[str, dict[str, object]]:
        db = datasette.get_database(database)
        if db.is_memory:
            return {}
        marked = (await db.execute(READER_CHECK_SQL)).first()
        if marked is None or marked[0] != APPLICATION_ID:
            return {}
        if not set(VIEWS) <= set(await db.view_names()):
            return {}
        return CANNED_QUERIES

    return queries


@hookimpl
def get_metadata(datasette: Any) -> dict[str, object]:
    """Descriptions (and the hidden search index) for every reader database served, so a
    plain ``datasette annotations.db`` shows them too; metadata the user gives wins."""
    databases = {}
    for name, db in datasette.databases.items():
        path = getattr(db, "path", None)
        if db.is_memory or not path:
            continue
        try:
            modified = os.stat(path).st_mtime
        except OSError:
            continue
        if is_reader_file(str(path), modified):
            databases[name] = database_metadata()
    return {"databases": databases} if databases else {}
