"""A store that runs out of room: what was saved is reported, and why the rest was not.

The database is made full for real with SQLite's ``max_page_count`` (a per-connection
size limit that fails writes with SQLITE_FULL, as a full disk does), set just above
what the articles need; a full disk itself is made, where the system allows it, with
a tiny tmpfs.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tui_helpers import settle

from reader.cli import articles
from reader.cli.context import Context
from reader.cli.main import build_parser
from reader.importer import IMPORT_BATCH, import_paths, sync_corpus
from reader.store import articles as article_store
from reader.store.database import open_database
from reader.store.space import LOW_SPACE_BYTES, explain_store_failure, space_message
from reader.tui.app import ReaderApp

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def page_count(db) -> int:
    return db.conn.execute("PRAGMA page_count").fetchone()[0]


def pages_needed(tmp_path: Path, paths: list[Path]) -> int:
    """The pages a fresh database holds once ``paths`` are imported (no analysis)."""
    scratch = open_database(tmp_path / "scratch.db")
    import_paths(scratch, paths)
    pages = page_count(scratch)
    scratch.conn.close()
    return pages


def limited_database(path: Path, pages: int):
    db = open_database(path)
    db.conn.execute(f"PRAGMA max_page_count = {pages}")
    return db


def test_import_prints_its_summary_when_analysis_finds_the_database_full(
    tmp_path: Path, capsys
) -> None:
    db_path = tmp_path / "annotations.db"
    db = limited_database(db_path, pages_needed(tmp_path, [CORPUS]) + 2)
    args = build_parser(["reader.cli.articles"]).parse_args(
        ["--db", str(db_path), "import", str(CORPUS)]
    )

    code = articles.run_import(args, Context(db_path=db_path, corpus=CORPUS, _db=db))

    out, err = capsys.readouterr()
    assert code == 1
    assert out == "4 imported, 0 updated, 0 unchanged, 0 rejected\n"
    assert err.splitlines() == [
        f"entity analysis failed (the articles are saved): database {db_path} is full: "
        "SQLite could not make it any larger"
    ]
    assert len(article_store.list_articles(db)) == 4
    db.conn.close()


@pytest.fixture
def batches(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(IMPORT_BATCH * 2 + 3):
        body = "".join(f"第{number}篇第{line}句，内容不同。" for line in range(40))
        (folder / f"{number:03}.txt").write_text(f"第{number}篇\n\n{body}", encoding="utf-8")
    return sorted(folder.iterdir())


def test_an_import_that_fills_the_database_keeps_and_reports_what_it_saved(
    tmp_path: Path, batches: list[Path]
) -> None:
    first_batch = batches[:IMPORT_BATCH]
    db = limited_database(tmp_path / "annotations.db", pages_needed(tmp_path, first_batch) + 1)

    report = import_paths(db, [batches[0].parent])

    assert [path for path, _ in report.imported] == first_batch
    assert report.not_imported == batches[IMPORT_BATCH:]
    assert report.stopped is not None and "is full" in report.stopped
    assert report.summary().endswith(f"{len(batches) - IMPORT_BATCH} not imported")
    assert len(article_store.paths(db)) == IMPORT_BATCH

    db.conn.execute("PRAGMA max_page_count = 1073741823")
    batches[0].unlink()  # vanished: marked missing by a sync that finishes, not by one that stops
    again = sync_corpus(db, batches[0].parent)
    assert again.stopped is None and len(again.imported) == len(batches) - IMPORT_BATCH
    assert len(again.missing) == 1


def test_reader_import_reports_a_store_that_stopped_it(tmp_path: Path, batches, capsys) -> None:
    db_path = tmp_path / "annotations.db"
    db = limited_database(db_path, pages_needed(tmp_path, batches[:IMPORT_BATCH]) + 1)
    args = build_parser(["reader.cli.articles"]).parse_args(
        ["--db", str(db_path), "import", "--no-analysis", str(batches[0].parent)]
    )

    code = articles.run_import(args, Context(db_path=db_path, corpus=CORPUS, _db=db))

    out, err = capsys.readouterr()
    assert code == 1
    rest = len(batches) - IMPORT_BATCH
    assert (
        out == f"{IMPORT_BATCH} imported, 0 updated, 0 unchanged, 0 rejected, {rest} not imported\n"
    )
    assert err.splitlines() == [
        f"import stopped: database {db_path} is full: SQLite could not make it any larger"
    ]
    db.conn.close()


def test_full_disk_and_full_database_are_told_apart() -> None:
    path = Path("/data/annotations.db")
    full = "database error on /data/annotations.db: database or disk is full"
    assert space_message(path, full, 0) == (
        "the disk holding /data/annotations.db is full (0 bytes free): free some space"
    )
    assert space_message(path, "disk I/O error", LOW_SPACE_BYTES - 1).startswith("the disk")
    assert space_message(path, full, LOW_SPACE_BYTES).startswith("database /data/")
    assert space_message(path, full, None).startswith("database /data/")
    assert space_message(path, "disk I/O error", 10 * LOW_SPACE_BYTES) is None
    assert space_message(path, "database is locked", 0) is None


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MB tmpfs, where the system lets this test mount one (root, Linux)."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if not sys.platform.startswith("linux") or shutil.which("mount") is None:
        pytest.skip("needs Linux and mount")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)],
        capture_output=True,
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def fill(folder: Path) -> None:
    """Write to ``folder``'s disk until it refuses."""
    with (folder / "filler").open("wb", buffering=0) as handle:
        chunk = b"\0" * 65536
        try:
            while True:
                handle.write(chunk)
                os.fsync(handle.fileno())
        except OSError:
            pass


def test_a_full_disk_is_called_a_full_disk(tiny_disk: Path) -> None:
    db_path = tiny_disk / "annotations.db"
    db = open_database(db_path)
    fill(tiny_disk)

    report = import_paths(db, [CORPUS])

    assert not report.imported and len(report.not_imported) == 4
    assert report.stopped is not None
    assert explain_store_failure(db_path, report.stopped).startswith(
        f"the disk holding {db_path} is full"
    )
    db.conn.close()


def test_the_interface_sync_says_what_it_saved_when_the_disk_fills(tiny_disk: Path) -> None:
    """The app opens its store, then the disk fills: the start-up sync reports that it
    stopped, what it saved and that the disk is full, instead of failing bare."""
    db_path = tiny_disk / "annotations.db"
    app = ReaderApp(db_path, CORPUS, sync=False)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            fill(tiny_disk)
            app.start_sync()
            await settle(pilot)
            messages = [str(note.message) for note in app._notifications]
            assert (
                "Corpus sync stopped (0 imported, 0 updated, 0 unchanged, 0 rejected, "
                f"4 not imported): the disk holding {db_path} is full"
            ) in "\n".join(messages)

    try:
        asyncio.run(main())
    finally:
        app.db.conn.close()
