"""Which files reader takes as its database, and that it reads them only through SQLite.

A file is accepted before anything is written to it: another application's SQLite
database, or anything that is not SQLite, is refused with the same bytes and no side
files. The acceptance check itself never opens the file outside SQLite, because
closing such a handle would drop the locks this process holds through SQLite.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.errors import StoreError
from reader.store import schema
from reader.store.database import ConnectionPool, open_database


def files_beside(path: Path) -> set[str]:
    return {entry.name for entry in path.parent.iterdir()}


def other_application(path: Path, *, wal: bool = False, application_id: int = 0) -> bytes:
    """An SQLite file made by another program, cleanly closed; returns its bytes."""
    connection = sqlite3.connect(path)
    if wal:
        connection.execute("PRAGMA journal_mode = WAL")
    if application_id:
        connection.execute(f"PRAGMA application_id = {application_id}")
    connection.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO articles (body) VALUES ('theirs')")
    connection.execute("PRAGMA user_version = 3")
    connection.commit()
    connection.close()
    return path.read_bytes()


@pytest.mark.parametrize("wal", [False, True], ids=["rollback-journal", "wal"])
def test_another_applications_database_is_refused_untouched(tmp_path: Path, wal: bool) -> None:
    path = tmp_path / "other.db"
    before = other_application(path, wal=wal)
    names = files_beside(path)
    with pytest.raises(StoreError, match="another application"):
        open_database(path)
    assert path.read_bytes() == before
    assert files_beside(path) == names


def test_a_database_marked_by_another_application_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA application_id = 1234")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="another application"):
        open_database(path)
    assert path.read_bytes() == before


def test_command_line_refuses_another_database_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "other.db"
    before = other_application(path)
    names = files_beside(path)
    assert main(["--db", str(path), "list"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "another application" in err
    assert path.read_bytes() == before
    assert files_beside(path) == names
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    connection.close()


def test_new_database_is_marked_as_readers(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    assert db.conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    db.conn.close()


def test_sqlite_file_without_tables_becomes_a_reader_database(tmp_path: Path) -> None:
    path = tmp_path / "blank.db"
    connection = sqlite3.connect(path)
    connection.execute("VACUUM")  # writes a header: a valid, empty SQLite file
    connection.close()
    assert path.stat().st_size > 0
    db = open_database(path)
    assert schema.current_version(db) == schema.LATEST_VERSION
    assert schema.is_marked(db)
    db.conn.close()


def test_older_unmarked_reader_database_is_marked_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_database(path)
    db.conn.execute("INSERT INTO settings (key, value) VALUES ('kept', '1')")
    db.conn.commit()
    db.conn.execute("PRAGMA application_id = 0")  # as written before the mark existed
    db.conn.commit()
    db.conn.close()
    db = open_database(path)
    assert schema.is_marked(db)
    assert db.conn.execute("SELECT value FROM settings WHERE key = 'kept'").fetchone() == ("1",)
    db.conn.close()


def test_database_name_with_uri_characters_opens(tmp_path: Path) -> None:
    path = tmp_path / "notes?mode=ro#1%20.db"
    db = open_database(path)
    db.conn.execute("INSERT INTO settings (key, value) VALUES ('k', 'v')")
    db.conn.commit()
    db.conn.close()
    assert path.exists() and path.stat().st_size > 0


# -- the file is only ever opened by SQLite ---------------------------------------------

_watched: set[str] = set()
_opened: list[str] = []


def _audit(event: str, arguments: tuple[object, ...]) -> None:
    if event == "open" and _watched and arguments:
        name = arguments[0]
        if isinstance(name, bytes):
            name = os.fsdecode(name)
        if isinstance(name, str) and os.path.abspath(name) in _watched:
            _opened.append(name)


sys.addaudithook(_audit)


@contextmanager
def watching(path: Path) -> Iterator[list[str]]:
    """Record every Python-level open of ``path``, its ``-wal`` and its ``-shm``."""
    base = os.path.abspath(path)
    _watched.update({base, base + "-wal", base + "-shm"})
    _opened.clear()
    try:
        yield _opened
    finally:
        _watched.clear()


def test_opening_from_threads_never_opens_the_file_outside_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    pool = ConnectionPool(path)
    try:
        with watching(path) as opened:

            def work() -> None:
                open_database(path, light=True).conn.close()
                with pool.connection() as db:
                    db.conn.execute("SELECT count(*) FROM articles").fetchone()

            threads = [threading.Thread(target=work) for _ in range(3)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
        assert opened == []
    finally:
        pool.close()


def test_another_process_cannot_delete_the_log_under_an_open_pool(tmp_path: Path) -> None:
    """The failure the rule prevents: a second connection opened in this process must
    not let another process, closing last, checkpoint and delete the WAL under us."""
    path = tmp_path / "annotations.db"
    pool = ConnectionPool(path)
    try:
        pool.main.conn.execute("INSERT INTO settings (key, value) VALUES ('a', '1')")
        pool.main.conn.commit()
        open_database(path, light=True).conn.close()  # from this process, as a worker does
        with pool.connection():
            pass
        subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sqlite3; c = sqlite3.connect({str(path)!r}); "
                "c.execute('SELECT count(*) FROM settings').fetchone(); c.close()",
            ],
            check=True,
        )
        assert (tmp_path / "annotations.db-wal").exists()
        pool.main.conn.execute("INSERT INTO settings (key, value) VALUES ('b', '2')")
        pool.main.conn.commit()
        seen = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import sqlite3; print(sqlite3.connect({str(path)!r})"
                ".execute('SELECT count(*) FROM settings').fetchone()[0])",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        assert seen == "2"
    finally:
        pool.close()
