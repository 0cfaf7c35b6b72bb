"""An import batch goes into the search index as one segment (migration 26).

FTS5 writes its pending terms out as a new segment each time they pass its
``hashsize`` (1 MB by default), and every segment is merged again later: a batch of
articles written as six segments cost 20-25% more CPU than as one.
"""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from store_helpers import _put_back

from reader.importer import IMPORT_BATCH, import_paths
from reader.search import search
from reader.store import schema
from reader.store.database import open_database


def _write_articles(folder: Path, count: int, chars: int = 5000) -> list[str]:
    """``count`` articles of random ideographs (a text with many distinct trigrams,
    as news is); their first lines, to search for."""
    folder.mkdir()
    rng = random.Random(7)
    pool = [chr(code) for code in range(0x4E00, 0x4E00 + 2500)]
    firsts = []
    for index in range(count):
        lines = ["".join(rng.choices(pool, k=60)) + "。" for _ in range(chars // 60)]
        (folder / f"{index:03d}.txt").write_text(
            f"标题{index}\n\n" + "\n".join(lines) + "\n", encoding="utf-8"
        )
        firsts.append(lines[0][:12])
    return firsts


def _segments(db_path: Path) -> int:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute(
            "SELECT count(DISTINCT segid) FROM search_trigrams_idx"
        ).fetchone()[0]
    finally:
        connection.close()


def test_an_import_batch_is_indexed_as_one_segment(tmp_path: Path) -> None:
    count = 20
    assert count <= IMPORT_BATCH  # one transaction
    firsts = _write_articles(tmp_path / "news", count)
    db = open_database(tmp_path / "store.db")
    report = import_paths(db, [tmp_path / "news"], processes=0)
    assert len(report.imported) == count
    # Every article is still found by its text.
    for index, first in enumerate(firsts):
        assert index + 1 in {hit.article_id for hit in search(db, first)}
    db.conn.close()
    assert _segments(tmp_path / "store.db") == 1


def test_an_older_store_gets_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    open_database(path).conn.close()
    _put_back(
        path,
        "DELETE FROM search_trigrams_config WHERE k = 'hashsize';",
        schema._index_hash_size,
    )
    db = open_database(path)
    assert schema.current_version(db) == schema.LATEST_VERSION
    stored = db.conn.execute("SELECT v FROM search_trigrams_config WHERE k = 'hashsize'").fetchone()
    assert stored == (schema.INDEX_HASH_BYTES,)
    db.conn.close()
