"""TUI and CLI on one database at the same time: nothing acknowledged is ever lost.

The stress test runs real processes against one real file: a process that holds a
connection for its whole life and opens more from threads while it writes (what the
interface does), and several processes running reader's command line in a loop
(``annotate``, ``annotations --json``, ``list``). Every write that was acknowledged
must be in the database afterwards, and SQLite's integrity check must pass.
"""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from tui_helpers import open_from_list, settle

from reader.annotations import list_annotations
from reader.importer import import_paths, sync_corpus
from reader.store.articles import get_article
from reader.store.database import open_database
from reader.tui.app import ReaderApp

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
SECONDS = 6.0
CLI_PROCESSES = 3
HOLDER_THREADS = 2
ARTICLE = "一场大火。消防处派出数十辆消防车。居民在清晨被疏散，无人受伤。政府承诺彻查原因。\n"
QUOTE = "居民在清晨被疏散"


def _spawn(module: str, *args: str) -> subprocess.Popen[str]:
    environment = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-m", module, *args],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _acknowledged(output: str) -> list[str]:
    return [line.removeprefix("ack ") for line in output.splitlines() if line.startswith("ack ")]


def test_interface_and_command_lines_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "fire.txt").write_text(ARTICLE, encoding="utf-8")
    db = open_database(path)
    import_paths(db, [corpus])
    article_id = db.conn.execute("SELECT id FROM articles").fetchone()[0]
    db.conn.close()

    holder = _spawn(
        "tests.concurrency.holder", str(path), str(article_id), str(SECONDS), str(HOLDER_THREADS)
    )
    loops = [
        _spawn(
            "tests.concurrency.cli_loop", str(path), str(article_id), QUOTE, str(SECONDS), f"cli{n}"
        )
        for n in range(CLI_PROCESSES)
    ]
    acknowledged: list[str] = []
    errors: list[str] = []
    for process in [holder, *loops]:
        out, err = process.communicate(timeout=SECONDS + 60)
        acknowledged += _acknowledged(out)
        if process.returncode != 0:
            errors.append(err.strip().splitlines()[-1] if err.strip() else "exit status")
    assert not errors, errors

    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()
    db = open_database(path)
    stored = {annotation.note for annotation in list_annotations(db)}
    db.conn.close()
    missing = [note for note in acknowledged if note not in stored]
    print(f"{len(acknowledged)} acknowledged writes, {len(missing)} missing")
    assert len(acknowledged) >= CLI_PROCESSES + 3, "the processes made too few writes to tell"
    assert missing == []


# -- interfaces (Pilot) and commands on one database -----------------------------------


def _annotate_sentences(path: Path, corpus: Path, name: str, count: int) -> list[str]:
    """Run one interface on ``path`` and annotate ``count`` sentences by keyboard, each
    with the tag ``name-N``; returns the tags saved. Runs its own event loop, so two
    can run at once in two threads, like two terminals."""
    app = ReaderApp(path, corpus, sync=False)
    saved: list[str] = []

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await open_from_list(pilot, app, app.summaries[0].id)
            for number in range(count):
                await pilot.press("right_parenthesis", "a")
                await pilot.pause()
                tag = f"{name}-{number}"
                await pilot.press(*tag, "ctrl+s")
                await settle(pilot)
                saved.append(tag)
            # what the other interface saved meanwhile is seen here too
            assert len(list_annotations(app.db)) >= len(saved)

    try:
        asyncio.run(scenario())
    finally:
        app.store.close()
    return saved


def _tags_stored(path: Path) -> list[str]:
    db = open_database(path)
    try:
        return sorted(tag for annotation in list_annotations(db) for tag in annotation.tags)
    finally:
        db.conn.close()


def _seed_library(tmp_path: Path) -> tuple[Path, Path]:
    path = tmp_path / "annotations.db"
    db = open_database(path)
    try:
        sync_corpus(db, CORPUS)
    finally:
        db.conn.close()
    return path, CORPUS


def test_two_interfaces_on_one_database_keep_each_others_annotations(tmp_path: Path) -> None:
    path, corpus = _seed_library(tmp_path)
    results: dict[str, list[str]] = {}
    failures: list[BaseException] = []

    def run(name: str) -> None:
        try:
            results[name] = _annotate_sentences(path, corpus, name, 3)
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    threads = [threading.Thread(target=run, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    assert _tags_stored(path) == sorted(results["left"] + results["right"])
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    connection.close()


def test_commands_see_the_interfaces_annotations_and_the_interface_keeps_theirs(
    tmp_path: Path,
) -> None:
    """Annotations saved in an open interface are visible to ``reader annotations``
    from another terminal, and one made by ``reader annotate`` meanwhile survives the
    interface quitting."""
    path, corpus = _seed_library(tmp_path)
    app = ReaderApp(path, corpus, sync=False)
    outputs: dict[str, str] = {}

    def reader(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "reader", "--db", str(path), *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            first = app.summaries[0]
            await open_from_list(pilot, app, first.id)
            for number in range(3):
                await pilot.press("right_parenthesis", "a")
                await pilot.pause()
                await pilot.press(*f"tui-{number}", "ctrl+s")
                await settle(pilot)
            outputs["listed"] = reader("annotations", "--json")
            quote = get_article(app.db, first.id).clean_text[:4]
            reader("annotate", str(first.id), "--quote", quote, "--tag", "cli", "--occurrence", "1")
            await pilot.press("right_parenthesis", "a")
            await pilot.pause()
            await pilot.press(*"tui-3", "ctrl+s")
            await settle(pilot)

    try:
        asyncio.run(scenario())
    finally:
        app.store.close()
    listed = json.loads(outputs["listed"])
    assert sorted(tag for item in listed for tag in item["tags"]) == ["tui-0", "tui-1", "tui-2"]
    assert _tags_stored(path) == ["cli", "tui-0", "tui-1", "tui-2", "tui-3"]
