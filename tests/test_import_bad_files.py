"""One bad file is one rejection line: a batch always goes on to the files after it.

Real files in temporary folders: a symbolic link to itself, a name that is not valid
UTF-8, and text a forced codec decodes to lone surrogates. Both ways in are covered:
``reader import`` (a real process) and the start-up sync the interface runs.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tui_helpers import settle

from reader.importer import IMPORT_BATCH, import_paths, sync_corpus
from reader.paths import path_bytes, path_key, path_of_key, shown_path
from reader.store import articles as article_store
from reader.tui.app import ReaderApp

GOOD_FILES = IMPORT_BATCH + 5  # the bad files sit in the first batch, good ones follow


def non_utf8_name(folder: Path) -> Path:
    """A path in ``folder`` whose name holds the byte 0xE9 (Latin-1 é, invalid UTF-8)."""
    return Path(os.fsdecode(os.fsencode(folder) + b"/a-caf\xe9 50%.txt"))


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-loop.txt").symlink_to("a-loop.txt")
    try:
        non_utf8_name(folder).write_text("法国咖啡馆\n\n巴黎的咖啡馆很多。", encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    for number in range(GOOD_FILES):
        (folder / f"n{number:03}.txt").write_text(
            f"第{number}篇\n\n正文第{number}段。", encoding="utf-8"
        )
    return folder


def test_sync_rejects_a_link_loop_and_keeps_a_non_utf8_name(db, corpus: Path) -> None:
    report = sync_corpus(db, corpus)

    assert len(report.imported) == GOOD_FILES + 1
    assert [(path.name, reason) for path, reason in report.rejected] == [
        ("a-loop.txt", "cannot read: too many levels of symbolic links")
    ]
    stored = article_store.paths(db)
    odd = non_utf8_name(corpus)
    key = path_key(odd)
    assert key in stored
    assert key.startswith("file://") and key.endswith("/a-caf%E9 50%25.txt")
    assert "%E9" in shown_path(odd)
    assert path_bytes(key) == os.fsencode(odd.resolve())
    assert path_of_key(key).read_bytes() == odd.read_bytes()

    again = sync_corpus(db, corpus)
    assert not again.imported and not again.updated and not again.missing
    assert len(again.unchanged) == GOOD_FILES + 1
    assert article_store.paths(db) == stored

    odd.unlink()
    gone = sync_corpus(db, corpus)
    assert gone.missing == [stored[key]]


def test_a_non_utf8_file_renamed_is_a_move(db, corpus: Path) -> None:
    sync_corpus(db, corpus)
    odd = non_utf8_name(corpus)
    article_id = article_store.paths(db)[path_key(odd)]
    renamed = odd.with_name("renamed.txt")
    odd.rename(renamed)
    report = sync_corpus(db, corpus)
    assert [(path.name, moved_id) for path, moved_id in report.moved] == [
        ("renamed.txt", article_id)
    ]


def test_text_that_decodes_to_lone_surrogates_is_rejected_alone(db, tmp_path: Path) -> None:
    bad = tmp_path / "escaped.txt"
    bad.write_bytes("标题\n\n正文 \\udce9 结束。".encode())
    good = tmp_path / "plain.txt"
    good.write_bytes("标题二\n\n正文二。".encode())

    report = import_paths(db, [bad, good], encoding="unicode_escape")

    assert [path for path, _ in report.imported] == [good]
    ((path, reason),) = report.rejected
    assert path == bad and "lone surrogates" in reason


def test_reader_import_reports_every_file_and_goes_on(corpus: Path, tmp_path: Path) -> None:
    empty = Path(os.fsdecode(os.fsencode(corpus) + b"/z-\xff.txt"))
    empty.write_bytes(b"")
    db_path = tmp_path / "cli.db"
    command = [sys.executable, "-m", "reader", "--db", str(db_path), "import", "--no-analysis"]
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}

    done = subprocess.run([*command, str(corpus)], capture_output=True, env=environment, timeout=60)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 0, err
    assert out.strip() == f"{GOOD_FILES + 1} imported, 0 updated, 0 unchanged, 2 rejected"
    assert err.splitlines() == [
        f"rejected {corpus / 'a-loop.txt'}: cannot read: too many levels of symbolic links",
        f"rejected file://{corpus}/z-%FF.txt: empty file",
    ]

    again = subprocess.run(
        [*command, "--json", str(corpus)], capture_output=True, env=environment, timeout=60
    )
    assert again.returncode == 0, again.stderr.decode("utf-8")
    report = json.loads(again.stdout.decode("utf-8"))
    assert not report["imported"] and len(report["unchanged"]) == GOOD_FILES + 1
    assert shown_path(non_utf8_name(corpus)) in {item["path"] for item in report["unchanged"]}


def test_the_interface_sync_lists_every_good_file(corpus: Path, tmp_path: Path) -> None:
    """The start-up sync of the real app: a summary, not "sync failed", and the list
    holds every file but the link loop."""
    app = ReaderApp(tmp_path / "tui.db", corpus, sync=True)

    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            messages = [str(note.message) for note in app._notifications]
            assert f"{corpus}: {GOOD_FILES + 1} imported, 0 updated, 0 unchanged, 1 rejected" in (
                messages
            )
            assert not [message for message in messages if "failed" in message]
            assert len(app.main_screen.article_list.rows) == GOOD_FILES + 1

    try:
        asyncio.run(main())
    finally:
        app.db.conn.close()
