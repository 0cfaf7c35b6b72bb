"""The compact layout of article text, and bringing an older database to it.

A version's clean text is stored once, as text: it is what every offset counts in and
what is read to display an article. Everything else is derived from it or rarely read:

- the raw text (the decoded file, kept so a later cleanup can re-derive the clean
  text) is deflated with the clean text as zlib's preset dictionary: most of a raw
  file *is* its clean text, so it shrinks to a few per cent (``raw_deflated``;
  ``raw_text`` is then empty);
- the search index is contentless: it keeps which articles hold each trigram of the
  fold, not the fold, which is computed again from the clean text when a candidate
  is confirmed (see :mod:`reader.store.search`).

A database made before this layout (schema 12 and older) is converted in place by
:func:`finish_conversion`, in batches of one transaction each, with the next id to
convert kept in ``layout_conversion``: interrupted, it resumes where it stopped, and
every batch is whole or absent. The old index is dropped, and the file vacuumed, once
every batch is done.
"""

from __future__ import annotations

import contextlib
import sqlite3
import zlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from reader.folding import fold_text

if TYPE_CHECKING:
    from reader.store.database import Database

#: Appended to every indexed fold, so that each 1- or 2-character substring of the
#: fold starts some trigram: a short query is then a prefix of indexed terms. A
#: noncharacter: never in clean text (and never in a query, which is folded text).
SEARCH_PAD = "\uffff\uffff"

#: Rows converted per transaction: small enough that a batch commits in well under a
#: second (a writer elsewhere waits at most that long), large enough not to pay a
#: commit per article.
CONVERSION_BATCH = 200

#: ``(done, total)`` after each committed batch.
Progress = Callable[[int, int], None]

_ZDICT_BYTES = 32 * 1024  # zlib's window: a longer dictionary is cut to its end


def _dictionary(clean_text: str) -> bytes:
    return clean_text.encode("utf-8")[-_ZDICT_BYTES:]


def deflate_raw(raw_text: str, clean_text: str) -> bytes:
    """The raw text deflated against its clean text (the dictionary holds it whole for
    articles of up to ~10,000 characters; longer ones still deflate as usual)."""
    packer = zlib.compressobj(
        6, zlib.DEFLATED, zlib.MAX_WBITS, 9, zlib.Z_DEFAULT_STRATEGY, _dictionary(clean_text)
    )
    return packer.compress(raw_text.encode("utf-8")) + packer.flush()


def inflate_raw(blob: bytes, clean_text: str) -> str:
    unpacker = zlib.decompressobj(zlib.MAX_WBITS, _dictionary(clean_text))
    return (unpacker.decompress(blob) + unpacker.flush()).decode("utf-8")


def indexed_fold(clean_text: str) -> str:
    """What the search index is given for a text: its fold, padded (see SEARCH_PAD)."""
    return fold_text(clean_text) + SEARCH_PAD


def conversion_pending(db: Database) -> bool:
    """Whether an older database still has text to convert (read without a lock)."""
    row = db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'layout_conversion'").fetchone()
    return row is not None


def finish_conversion(db: Database, progress: Progress | None = None) -> None:
    """Convert what is left of an older database, batch by batch, then drop the old
    index and vacuum. Safe to interrupt at any point, and to run in two processes at
    once (each batch re-reads where to start inside its own write transaction)."""
    from reader.store.database import write_transaction

    if not conversion_pending(db):
        return
    total, done = _counts(db)
    while True:
        with write_transaction(db):
            converted = _convert_batch(db)
        if converted == 0:
            break
        done += converted
        if progress is not None:
            progress(min(done, total), total)
    with write_transaction(db):
        finished_here = conversion_pending(db)
        if finished_here:
            db.conn.execute("DROP TABLE IF EXISTS search_index")
            db.conn.execute("DROP TABLE layout_conversion")
    if finished_here:
        # Hand the space of the old index and raw texts back to the file system. Not
        # possible while another connection reads; SQLite then reuses the free pages.
        with contextlib.suppress(sqlite3.OperationalError):
            db.conn.execute("VACUUM")


def _counts(db: Database) -> tuple[int, int]:
    """Rows to convert in all, and already converted (articles plus versions)."""
    total = done = 0
    for task, next_id, last_id in db.conn.execute(
        "SELECT task, next_id, last_id FROM layout_conversion"
    ).fetchall():
        table = "articles" if task == "search" else "article_versions"
        total += db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE id <= ?", (last_id,)
        ).fetchone()[0]
        done += db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE id < ? AND id <= ?", (next_id, last_id)
        ).fetchone()[0]
    return total, done


def _convert_batch(db: Database) -> int:
    """Convert the next batch of one task (inside the caller's transaction); 0 when
    every task is done."""
    row = db.conn.execute(
        "SELECT task, next_id, last_id FROM layout_conversion WHERE next_id <= last_id "
        "ORDER BY task LIMIT 1"
    ).fetchone()
    if row is None:
        return 0
    task, next_id, last_id = row
    if task == "raw":
        rows = db.conn.execute(
            """
            SELECT id, raw_text, clean_text FROM article_versions
            WHERE id >= ? AND id <= ? AND raw_deflated IS NULL ORDER BY id LIMIT ?
            """,
            (next_id, last_id, CONVERSION_BATCH),
        ).fetchall()
        db.conn.executemany(
            "UPDATE article_versions SET raw_deflated = ?, raw_text = '' WHERE id = ?",
            [(deflate_raw(raw, clean), version_id) for version_id, raw, clean in rows],
        )
    else:
        rows = db.conn.execute(
            """
            SELECT a.id, v.clean_text FROM articles a
            JOIN article_versions v ON v.id = a.current_version_id
            WHERE a.id >= ? AND a.id <= ? ORDER BY a.id LIMIT ?
            """,
            (next_id, last_id, CONVERSION_BATCH),
        ).fetchall()
        db.conn.executemany(
            "INSERT INTO search_trigrams (rowid, fold) VALUES (?, ?)",
            [(article_id, indexed_fold(clean)) for article_id, clean in rows],
        )
    following = rows[-1][0] + 1 if rows else last_id + 1
    db.conn.execute("UPDATE layout_conversion SET next_id = ? WHERE task = ?", (following, task))
    return max(len(rows), 1)
