"""The entity-browsing migration (schema 19) on a store with many entities: every shown
name folded, a batch at a time (memory does not grow with the entities), and a
migration killed half way leaves the store as it was, to be finished by the next open."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

from reader.folding import fold_text
from reader.store import schema
from reader.store.database import Connection, open_database


def _older_store(path: Path, entities: int) -> None:
    """A store at the schema before the migration, with ``entities`` entities; every
    seventh has a name the user chose, written in traditional script."""
    before = schema.MIGRATIONS.index(schema._entity_browsing)
    connection = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:before]:
        step(Connection(connection))  # type: ignore[arg-type]
    connection.execute(f"PRAGMA user_version = {before}")
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN")
    connection.executemany(
        "INSERT INTO entities (id, key, name, kind, articles, mentions, created_at) "
        "VALUES (?, ?, ?, 'person', ?, ?, 't')",
        ((i, f"k{i}", f"Ｎａｍｅ 馬{i}", i % 50 + 1, i % 70 + 1) for i in range(1, entities + 1)),
    )
    connection.executemany(
        "INSERT INTO entity_curation (entity_id, name, updated_at) VALUES (?, ?, 't')",
        ((i, f"伊隆·馬斯克 {i}") for i in range(7, entities + 1, 7)),
    )
    connection.execute("COMMIT")
    connection.close()


def _folds_right(path: Path, entities: int) -> None:
    db = open_database(path)
    try:
        assert schema.current_version(db) == schema.LATEST_VERSION
        rows = db.conn.execute("SELECT id, fold FROM entities ORDER BY id").fetchall()
        assert len(rows) == entities
        for entity_id, fold in rows:
            name = f"伊隆·馬斯克 {entity_id}" if entity_id % 7 == 0 else f"Ｎａｍｅ 馬{entity_id}"
            assert fold == fold_text(name), entity_id
        plan = db.conn.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM entities ORDER BY articles DESC, mentions DESC, id"
        ).fetchall()
        assert "entities_browse" in str(plan)
    finally:
        db.conn.close()


def test_the_folds_are_written_a_batch_at_a_time(tmp_path: Path) -> None:
    entities = 4 * schema.FOLD_BATCH + 123
    path = tmp_path / "old.db"
    _older_store(path, entities)
    # what one open loads once per process (modules, the converter's tables) is not the
    # migration's
    open_database(tmp_path / "warm.db").conn.close()
    fold_text("預熱")
    tracemalloc.start()
    try:
        open_database(path).conn.close()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # every entity read at once (20,123 ids, names and folds) was ~7 MB of Python objects
    assert peak < 3_000_000, peak
    _folds_right(path, entities)


KILLED = """
import sys
from reader.store.database import open_database
print("opening", flush=True)
open_database(sys.argv[1])
print("done", flush=True)
"""


def test_a_migration_killed_half_way_is_done_again_by_the_next_open(tmp_path: Path) -> None:
    entities = 200_000
    path = tmp_path / "old.db"
    _older_store(path, entities)
    wal = path.with_name(path.name + "-wal")
    start = wal.stat().st_size if wal.exists() else 0
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED, str(path)], stdout=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + 120
    # killed once the migration's uncommitted pages have started to spill to the log
    while time.monotonic() < deadline and process.poll() is None:
        if wal.exists() and wal.stat().st_size > start + 2_000_000:
            break
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate()
    assert "done" not in out, "the migration ended before the kill: more entities needed"
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.MIGRATIONS.index(
            schema._entity_browsing
        )
        columns = {row[1] for row in connection.execute("PRAGMA table_info(entities)")}
        assert "fold" not in columns
    finally:
        connection.close()
    _folds_right(path, entities)
