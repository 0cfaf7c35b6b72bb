"""Bringing a database of the layout before the compact one (schema 12) to it, in place:
resumable, and nothing lost, even when the conversion is killed half way."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from reader.folding import fold_text
from reader.search import search, search_articles
from reader.store import schema
from reader.store.articles import get_article, list_articles, raw_text_of
from reader.store.database import Connection, open_database

OLD_VERSION = 12
NAMES = ["马斯克", "黃仁勳", "纳德拉", "奧特曼"]


def article_text(index: int) -> tuple[str, str]:
    """(raw, clean) of the ``index``-th article: a unique mark in each."""
    name = NAMES[index % len(NAMES)]
    clean = f"第{index}篇\n{name}說，標記{index:05d}號的文字。\n" + "新聞內容。" * (index % 7 + 1)
    return "\ufeff  " + clean.replace("\n", "\r\n") + "\r\n", clean


def old_database(path: Path, count: int) -> None:
    """A schema-12 database as reader wrote it: raw text kept whole, the fold stored as
    the search index's content."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode = WAL")  # as reader has always set it
    db = Connection(connection)
    connection.execute("BEGIN")
    for step in schema.MIGRATIONS[:OLD_VERSION]:
        step(db)  # type: ignore[arg-type]
    connection.execute(f"PRAGMA user_version = {OLD_VERSION}")
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    for index in range(1, count + 1):
        raw, clean = article_text(index)
        connection.execute(
            "INSERT INTO articles (id, path, created_at, updated_at) VALUES (?, ?, 't', 't')",
            (index, f"/c/{index}.txt"),
        )
        connection.execute(
            """INSERT INTO article_versions (id, article_id, version, raw_sha256, encoding,
            raw_text, clean_text, clean_sha256, title, script, chars, cleaner_version,
            imported_at) VALUES (?, ?, 1, 'x', 'utf-8', ?, ?, 'y', ?, 'traditional', ?, 1, 't')""",
            (index, index, raw, clean, clean.split("\n")[0], len(clean)),
        )
        connection.execute(
            "UPDATE articles SET current_version_id = ? WHERE id = ?", (index, index)
        )
        connection.execute(
            "INSERT INTO search_index (rowid, fold) VALUES (?, ?)", (index, fold_text(clean))
        )
    connection.execute("COMMIT")
    connection.close()


CONVERT_SLOWLY = """
import sys, time
from reader.store import compact
from reader.store.database import open_database
compact.CONVERSION_BATCH = 20

def progress(done, total):
    print(done, total, flush=True)
    time.sleep(0.2)

open_database(sys.argv[1], progress=progress)
print("finished", flush=True)
"""


def check_everything_is_there(path: Path, count: int) -> None:
    db = open_database(path)
    try:
        tables = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
        assert "search_index" not in tables and "layout_conversion" not in tables
        assert len(list_articles(db)) == count
        for index in range(1, count + 1):
            raw, clean = article_text(index)
            article = get_article(db, index)
            assert article.clean_text == clean
            assert raw_text_of(db, article.version_id) == raw
            assert [hit.article_id for hit in search(db, f"标记{index:05d}号")] == [index]
        by_name = search_articles(db, "马斯克", article_limit=None)
        assert [a.article_id for a in by_name.articles] == list(range(4, count + 1, 4))
        assert {hit.article_id for hit in search(db, "记", limit=None)} == set(range(1, count + 1))
    finally:
        db.conn.close()


def test_an_old_database_is_converted_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path, 30)
    seen: list[tuple[int, int]] = []
    open_database(path, progress=lambda done, total: seen.append((done, total))).conn.close()
    assert seen and seen[-1] == (60, 60)  # 30 raw texts and 30 index rows
    check_everything_is_there(path, 30)


def test_a_conversion_killed_half_way_resumes_and_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    count = 200
    old_database(path, count)
    process = subprocess.Popen(
        [sys.executable, "-c", CONVERT_SLOWLY, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    batches = [process.stdout.readline() for _ in range(5)]
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert all(line.split()[1] == str(2 * count) for line in batches), batches
    connection = sqlite3.connect(path)
    try:
        progress = dict(connection.execute("SELECT task, next_id FROM layout_conversion"))
        left = connection.execute(
            "SELECT count(*) FROM article_versions WHERE raw_deflated IS NULL"
        ).fetchone()[0]
    finally:
        connection.close()
    assert 1 < progress["raw"] <= count  # stopped part way through, its progress kept
    assert 0 < left < count

    seen: list[tuple[int, int]] = []
    open_database(path, progress=lambda done, total: seen.append((done, total))).conn.close()
    assert seen[0][0] > 20 * 5 - 20  # it resumed: the batches done are not done again
    assert seen[-1] == (2 * count, 2 * count)
    check_everything_is_there(path, count)


def test_the_cli_shows_the_conversion(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path, 10)
    done = subprocess.run(
        [sys.executable, "-m", "reader", "--db", str(path), "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "converting the database to the current layout" in done.stderr
    assert "20 of 20 rows (100%)" in done.stderr
    assert "第1篇" in done.stdout


def test_a_reader_elsewhere_does_not_stop_the_conversion(tmp_path: Path) -> None:
    """Another connection reading keeps VACUUM from running; the open still succeeds
    and the conversion is complete (the freed pages are reused later)."""
    path = tmp_path / "old.db"
    old_database(path, 12)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN")
        assert other.execute("SELECT count(*) FROM articles").fetchone()[0] == 12
        open_database(path).conn.close()
    finally:
        other.close()
    check_everything_is_there(path, 12)
