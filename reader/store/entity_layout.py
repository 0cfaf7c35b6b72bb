"""The compact layout of entity occurrences and mentions, and bringing an older
database to it.

Analysis output was stored one row per occurrence carrying the text's 64-hex content
hash and four strings (surface, surface key, linking key, kind): 2.4 GB for 19 million
occurrences at 100,000 articles, 44 % of the whole file; each resolved mention carried
the same four strings again (1.1 GB, and 0.4 GB more for an index on the surface
key). Now:

- each analysed text has a small integer id (``entity_analyses.id``) and the hash is
  stored once there;
- each distinct (surface key, key, kind, surface) is stored once in ``entity_forms``
  and an occurrence or a mention refers to it by id (the mentions' index on the
  surface key becomes one on the form id);
- the end offset is stored as a length (a byte, mostly, instead of two).

Since migration 24 a mention is not stored apart: the occurrences of each text an
article shows carry the entity they resolve to (``entity_occurrences.entity_id``),
and the mentions of either older layout are converted by copying their entity ids
onto those occurrences, the texts renumbered in the order of their articles on the
way (see :func:`_renumber_texts`).

A database from before keeps its old rows in ``entity_occurrences_old`` and
``entity_mentions_old`` after the migrations; :func:`finish_conversion` moves them, a
batch of texts or articles per transaction (forms interned, rows inserted in the new
table and deleted from the old one in the same transaction), so interrupted at any
point it resumes where it stopped and every text or article is wholly in one table or
the other. Each old table is dropped once empty, and the file vacuumed at the end.
All of it is SQL inside SQLite: the memory used does not grow with the store.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.compact import Progress
    from reader.store.database import Database

#: Texts (or articles) converted per transaction (about 190 occurrences each in news):
#: a batch commits in well under a second, so a writer elsewhere waits at most that long.
CONVERSION_BATCH = 200


def conversion_pending(db: Database) -> bool:
    """Whether an older database still has rows to convert (read without a lock)."""
    row = db.conn.execute(
        "SELECT 1 FROM sqlite_master WHERE name = 'entity_layout_conversion'"
    ).fetchone()
    return row is not None


def finish_conversion(db: Database, progress: Progress | None = None) -> None:
    """Convert what is left of an older database's occurrences and mentions, batch by
    batch, dropping each old table once empty, then vacuum. Safe to interrupt at any
    point, and to run in two processes at once (each batch finds what is left inside
    its own write transaction). Run before the store is used: rows still in an old
    table are not in the new one yet."""
    from reader.store.database import write_transaction
    from reader.store.schema import ENTITY_INDEXES

    if not conversion_pending(db):
        return
    finished_here = False
    while not finished_here:
        with write_transaction(db):
            if not conversion_pending(db):
                return
            task = db.conn.execute(
                """
                SELECT task FROM entity_layout_conversion c WHERE EXISTS (
                    SELECT 1 FROM sqlite_master WHERE name = 'entity_' || c.task || '_old')
                ORDER BY task DESC LIMIT 1
                """
            ).fetchone()
            if task is None:
                # the one table's indexes, built at once rather than row by row
                for statement in ENTITY_INDEXES:
                    db.conn.execute(statement)
                db.conn.execute("DROP TABLE entity_layout_conversion")
                finished_here = True
                continue
            converted = _BATCHES[task[0]](db)
            if converted == 0:
                # kept, with its total now exact, so the progress shown never goes back
                db.conn.execute(f"DROP TABLE {_OLD[task[0]]}")
                db.conn.execute(
                    "UPDATE entity_layout_conversion SET total = done WHERE task = ?", task
                )
            total, done = db.conn.execute(
                "SELECT coalesce(sum(total), 0), coalesce(sum(done), 0) "
                "FROM entity_layout_conversion"
            ).fetchone()
        if converted and progress is not None:
            progress(min(int(done), int(total)), int(total))
    # Hand the old tables' space back to the file system. Not possible while another
    # connection reads; SQLite then reuses the free pages.
    with contextlib.suppress(sqlite3.OperationalError):
        db.conn.execute("VACUUM")


def _span(db: Database, table: str, column: str) -> tuple[object, object, int] | None:
    """The first and last value of ``column`` in the next batch of ``table``, and how
    many distinct values it holds; None when the table is empty."""
    first = db.conn.execute(f"SELECT min({column}) FROM {table}").fetchone()[0]
    if first is None:
        return None
    last, count = db.conn.execute(
        f"""
        SELECT max({column}), count(*) FROM (
            SELECT DISTINCT {column} FROM {table} WHERE {column} >= ?
            ORDER BY {column} LIMIT ?)
        """,
        (first, CONVERSION_BATCH),
    ).fetchone()
    return first, last, int(count)


def _intern_forms(db: Database, table: str, column: str, span: tuple[object, object]) -> None:
    db.conn.execute(
        f"""
        INSERT OR IGNORE INTO entity_forms (surface_key, key, kind, surface)
        SELECT surface_key, key, kind, surface FROM {table} WHERE {column} BETWEEN ? AND ?
        """,
        span,
    )


#: The old row's form, found in entity_forms (``f``) by its four strings.
_SAME_FORM = """
    f.surface_key = o.surface_key AND f.key = o.key AND f.kind = o.kind
    AND f.surface = o.surface
"""


def _convert_occurrences(db: Database) -> int:
    """Move the next batch of texts' occurrences to the new layout (inside the caller's
    transaction); 0 when none is left."""
    table = _OLD["occurrences"]
    found = _span(db, table, "text_sha256")
    if found is None:
        return 0
    first, last, texts = found
    span = (first, last)
    conn = db.conn
    # A text analysed but never recorded (none is, in practice) gets an id and no
    # analyser, so that it is analysed again rather than lost or kept unreachable.
    conn.execute(
        f"""
        INSERT OR IGNORE INTO entity_analyses (text_sha256, analyzer, analyzed_at)
        SELECT DISTINCT text_sha256, '', '' FROM {table} WHERE text_sha256 BETWEEN ? AND ?
        """,
        span,
    )
    _intern_forms(db, table, "text_sha256", span)
    conn.execute(
        f"""
        INSERT INTO entity_occurrences (text_id, start_offset, length, form_id, declared)
        SELECT a.id, o.start_offset, o.end_offset - o.start_offset, f.id, o.declared
        FROM {table} o
        JOIN entity_analyses a ON a.text_sha256 = o.text_sha256
        JOIN entity_forms f ON {_SAME_FORM}
        WHERE o.text_sha256 BETWEEN ? AND ?
        """,
        span,
    )
    conn.execute(f"DELETE FROM {table} WHERE text_sha256 BETWEEN ? AND ?", span)
    conn.execute(
        "UPDATE entity_layout_conversion SET done = done + ? WHERE task = 'occurrences'", (texts,)
    )
    return texts


def _convert_mentions(db: Database) -> int:
    """Copy the next batch of articles' entity ids from the old mentions onto their
    texts' occurrences (inside the caller's transaction); 0 when none is left."""
    table = _OLD["mentions"]
    found = _span(db, table, "article_id")
    if found is None:
        return 0
    first, last, articles = found
    _renumber_texts(db, (first, last))
    copy_entity_ids(db, table, (first, last))
    db.conn.execute(
        "UPDATE entity_layout_conversion SET done = done + ? WHERE task = 'mentions'", (articles,)
    )
    return articles


def _renumber_texts(db: Database, span: tuple[object, object]) -> None:
    """Give the texts first shown by the articles in ``span`` (ids from ``first`` to
    ``last``) the next text ids, in the order of those articles.

    An entity's articles and concordance are read in the order of its occurrences'
    index, by text id; the texts of an older store were numbered in hash order (the
    conversion to migration 20's layout), which would list them in no useful order.
    Batches go by article id, so the texts come out numbered as their articles are,
    as texts analysed afterwards are. A batch's foreign keys are checked at its
    commit, once the rows referring to an id follow it."""
    conn = db.conn
    conn.execute("PRAGMA defer_foreign_keys = ON")
    # a text the occurrences' conversion recorded only now (analysed, never recorded)
    conn.execute(
        """
        UPDATE entity_texts SET text_id = (
            SELECT a.id FROM entity_analyses a WHERE a.text_sha256 = entity_texts.text_sha256)
        WHERE text_id IS NULL AND article_id BETWEEN ? AND ?
        """,
        span,
    )
    texts = conn.execute(
        """
        SELECT t.text_id FROM entity_texts t
        WHERE t.text_id IN (SELECT text_id FROM entity_texts WHERE article_id BETWEEN ? AND ?)
        GROUP BY t.text_id HAVING min(t.article_id) >= ? ORDER BY min(t.article_id)
        """,
        (*span, span[0]),
    ).fetchall()
    (next_id,) = conn.execute("SELECT coalesce(max(id), 0) + 1 FROM entity_analyses").fetchone()
    for offset, (old,) in enumerate(texts):
        new = next_id + offset
        conn.execute("UPDATE entity_analyses SET id = ? WHERE id = ?", (new, old))
        conn.execute("UPDATE entity_occurrences SET text_id = ? WHERE text_id = ?", (new, old))
        conn.execute("UPDATE entity_texts SET text_id = ? WHERE text_id = ?", (new, old))


def copy_entity_ids(db: Database, table: str, span: tuple[object, object] | None) -> None:
    """Set each occurrence of an article's current text to the entity its mention in
    ``table`` (either older layout: both have the article, the start offset and the
    entity) resolved to, then delete those mentions; the articles with ids in ``span``
    only, if given. An article's mentions are its current text's occurrences, offset
    for offset, so nothing else is needed."""
    where, params = ("WHERE m.article_id BETWEEN ? AND ?", span) if span else ("", ())
    db.conn.execute(
        f"""
        UPDATE entity_occurrences SET entity_id = m.entity_id
        FROM (SELECT t.text_id, m.start_offset, m.entity_id
              FROM {table} m JOIN entity_texts t ON t.article_id = m.article_id {where}) m
        WHERE entity_occurrences.text_id = m.text_id
          AND entity_occurrences.start_offset = m.start_offset
        """,
        params,
    )
    db.conn.execute(f"DELETE FROM {table} AS m {where}", params)


_OLD = {"occurrences": "entity_occurrences_old", "mentions": "entity_mentions_old"}
_BATCHES: dict[str, Callable[[Database], int]] = {
    "occurrences": _convert_occurrences,
    "mentions": _convert_mentions,
}
