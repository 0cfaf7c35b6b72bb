"""The compact layout of the entity analysis cache, and bringing an older database to it.

Analysis output was stored one row per occurrence carrying the text's 64-hex content
hash and four strings (surface, surface key, linking key, kind): 2.4 GB for 19 million
occurrences at 100,000 articles, 44 % of the whole file. Now:

- each analysed text has a small integer id (``entity_analyses.id``) and the hash is
  stored once there;
- each distinct (surface, surface key, key, kind) is stored once in ``entity_forms``
  and an occurrence refers to it by id;
- the end offset is stored as a length (a byte, mostly, instead of two).

An occurrence is then about 15 bytes instead of 127.

A database from before (schema 19 and older) keeps its old rows in
``entity_occurrences_old`` after the migration; :func:`finish_conversion` moves them,
a batch of texts per transaction (interned, inserted in the new table and deleted from
the old one in the same transaction), so interrupted at any point it resumes where it
stopped and every text is wholly in one table or the other. The old table is dropped,
and the file vacuumed, once it is empty. All of it is SQL inside SQLite: the memory
used does not grow with the store.
"""

from __future__ import annotations

import contextlib
import sqlite3
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.compact import Progress
    from reader.store.database import Database

#: Texts converted per transaction (about 190 occurrences each in news): a batch
#: commits in well under a second, so a writer elsewhere waits at most that long.
CONVERSION_BATCH = 200

_OLD = "entity_occurrences_old"


def conversion_pending(db: Database) -> bool:
    """Whether an older database still has occurrences to convert (read without a lock)."""
    row = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'entity_layout_conversion'"
    ).fetchone()
    return row is not None


def finish_conversion(db: Database, progress: Progress | None = None) -> None:
    """Convert what is left of an older analysis cache, batch by batch, then drop the
    old table and vacuum. Safe to interrupt at any point, and to run in two processes
    at once (each batch finds what is left inside its own write transaction). Run
    before the store is used: a text still in the old table has no occurrences in the
    new one yet."""
    from reader.store.database import write_transaction

    if not conversion_pending(db):
        return
    while True:
        with write_transaction(db):
            if not conversion_pending(db):
                return
            converted = _convert_batch(db)
            total, done = db.conn.execute(
                "SELECT texts, done FROM entity_layout_conversion"
            ).fetchone()
        if converted == 0:
            break
        if progress is not None:
            progress(min(int(done), int(total)), int(total))
    with write_transaction(db):
        finished_here = conversion_pending(db)
        if finished_here:
            db.conn.execute(f"DROP TABLE IF EXISTS {_OLD}")
            db.conn.execute("DROP TABLE entity_layout_conversion")
    if finished_here:
        # Hand the old table's space back to the file system. Not possible while
        # another connection reads; SQLite then reuses the free pages.
        with contextlib.suppress(sqlite3.OperationalError):
            db.conn.execute("VACUUM")


def _convert_batch(db: Database) -> int:
    """Move the next batch of texts' occurrences to the new layout (inside the caller's
    transaction); 0 when none is left."""
    conn = db.conn
    first = conn.execute(f"SELECT min(text_sha256) FROM {_OLD}").fetchone()[0]
    if first is None:
        return 0
    last, texts = conn.execute(
        f"""
        SELECT max(text_sha256), count(*) FROM (
            SELECT DISTINCT text_sha256 FROM {_OLD} WHERE text_sha256 >= ?
            ORDER BY text_sha256 LIMIT ?)
        """,
        (first, CONVERSION_BATCH),
    ).fetchone()
    span = (first, last)
    # A text analysed but never recorded (none is, in practice) gets an id and no
    # analyser, so that it is analysed again rather than lost or kept unreachable.
    conn.execute(
        f"""
        INSERT OR IGNORE INTO entity_analyses (text_sha256, analyzer, analyzed_at)
        SELECT DISTINCT text_sha256, '', '' FROM {_OLD} WHERE text_sha256 BETWEEN ? AND ?
        """,
        span,
    )
    conn.execute(
        f"""
        INSERT OR IGNORE INTO entity_forms (surface_key, key, kind, surface)
        SELECT surface_key, key, kind, surface FROM {_OLD} WHERE text_sha256 BETWEEN ? AND ?
        """,
        span,
    )
    conn.execute(
        f"""
        INSERT INTO entity_occurrences (text_id, start_offset, length, form_id, declared)
        SELECT a.id, o.start_offset, o.end_offset - o.start_offset, f.id, o.declared
        FROM {_OLD} o
        JOIN entity_analyses a ON a.text_sha256 = o.text_sha256
        JOIN entity_forms f ON f.surface_key = o.surface_key AND f.key = o.key
            AND f.kind = o.kind AND f.surface = o.surface
        WHERE o.text_sha256 BETWEEN ? AND ?
        """,
        span,
    )
    conn.execute(f"DELETE FROM {_OLD} WHERE text_sha256 BETWEEN ? AND ?", span)
    conn.execute("UPDATE entity_layout_conversion SET done = done + ?", (texts,))
    return int(texts)
