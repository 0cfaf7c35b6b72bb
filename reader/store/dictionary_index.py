"""The CC-CEDICT index: a small SQLite file in the user's cache folder.

Not the reader's database: a cache made from the packaged dictionary text
(:mod:`reader.dictionary`), named after the data file's size and date and
:data:`INDEX_FORMAT`, so new data or a new layout simply makes a new file. It is
written under a temporary name and renamed into place, so two readers starting at
once never see half an index; where the cache folder cannot be written, the index is
built in memory for the process. Read-only once built, and thread-safe (the
interface looks words up from a worker as well as from the event loop).
"""

from __future__ import annotations

import gzip
import os
import sqlite3
import tempfile
import threading
from pathlib import Path

from reader.dictionary import DictionaryUnavailable, Entry, parse

#: Bumped whenever the index's tables change: an older index is then built again.
INDEX_FORMAT = 1

_SCHEMA = """
CREATE TABLE entries (traditional TEXT NOT NULL, simplified TEXT NOT NULL,
                      pinyin TEXT NOT NULL, senses TEXT NOT NULL);
CREATE INDEX entries_simplified ON entries (simplified);
CREATE INDEX entries_traditional ON entries (traditional);
"""


def _fill(conn: sqlite3.Connection, source: Path) -> int:
    opener = gzip.open if source.suffix == ".gz" else open
    with opener(source, "rt", encoding="utf-8") as handle:
        rows = ((e.traditional, e.simplified, e.pinyin, "/".join(e.senses)) for e in parse(handle))
        conn.executescript(_SCHEMA)
        with conn:
            conn.executemany("INSERT INTO entries VALUES (?, ?, ?, ?)", rows)
    return int(conn.execute("SELECT count(*) FROM entries").fetchone()[0])


def index_path(source: Path, cache_dir: Path) -> Path:
    """Where the index of ``source`` lives: a new name whenever the data changes."""
    stat = source.stat()
    return cache_dir / f"cedict-{INDEX_FORMAT}-{stat.st_size}-{int(stat.st_mtime)}.sqlite"


def build_index(source: Path, target: Path) -> int:
    """Parse ``source`` into a new index at ``target`` (atomically); the entry count."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=target.name, suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        conn = sqlite3.connect(temporary)
        try:
            count = _fill(conn, source)
        finally:
            conn.close()
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return count


class Dictionary:
    """Look-ups in CC-CEDICT."""

    def __init__(self, source: Path, cache_dir: Path) -> None:
        """Open the index of the CC-CEDICT text ``source`` (gzipped or not), building
        it in ``cache_dir`` if it is not there yet (:attr:`built` says so)."""
        folder = cache_dir
        self.built = False
        try:
            path = index_path(source, folder)
            if not path.is_file():
                build_index(source, path)
                self.built = True
            self._conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.execute("SELECT 1 FROM entries LIMIT 1")
        except (OSError, sqlite3.Error):
            # a cache folder that cannot be written (or a broken index): in memory
            self._conn = sqlite3.connect(":memory:", check_same_thread=False)
            try:
                _fill(self._conn, source)
            except (OSError, sqlite3.Error, EOFError) as error:
                raise DictionaryUnavailable(f"CC-CEDICT cannot be read: {error}") from None
            self.built = True
        self._lock = threading.Lock()

    def lookup(self, *forms: str) -> list[Entry]:
        """Every entry whose simplified or traditional form is one of ``forms``, in the
        dictionary's order (for a word and its conversions), without repeats."""
        wanted = [form for form in dict.fromkeys(forms) if form]
        if not wanted:
            return []
        marks = ",".join("?" * len(wanted))
        query = (
            "SELECT traditional, simplified, pinyin, senses FROM entries "
            f"WHERE simplified IN ({marks}) OR traditional IN ({marks}) ORDER BY rowid"
        )
        with self._lock:
            rows = self._conn.execute(query, [*wanted, *wanted]).fetchall()
        return [Entry(t, s, p, tuple(senses.split("/"))) for t, s, p, senses in rows]

    def __len__(self) -> int:
        with self._lock:
            return int(self._conn.execute("SELECT count(*) FROM entries").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            self._conn.close()
