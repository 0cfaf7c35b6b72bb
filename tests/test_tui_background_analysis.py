"""The interface's entity analysis runs in a child process (issue #16).

Driven through the real app (Pilot) on real SQLite files: the child finds the same
entities as analysis in-process, its progress reaches the status line, quitting
mid-way kills it and a later run completes with the same entities, a failure in it
is the usual one-line notification, and it never outlives the interface.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from store_helpers import build_analysed
from textual.widgets import Label
from tui_helpers import run_scenario, settle

from reader.entities.analysis import POOL_THRESHOLD, analyze_pending, analyzer_id
from reader.entities.background import AnalysisError, BackgroundAnalysis
from reader.errors import StoreError
from reader.importer import sync_corpus
from reader.listing import list_articles
from reader.store import entities as entity_store
from reader.store import schema
from reader.store.database import open_database
from reader.store.space import explain_store_failure
from reader.tui.app import ReaderApp
from reader.tui.screens.main import MainScreen

pytestmark = pytest.mark.skipif(os.name != "posix", reason="watches processes the POSIX way")

PEOPLE = ("马斯克", "黄仁勋", "张家明", "李秀湄", "王志强")
PLACES = ("北京", "上海", "深圳", "广州")
GROUPS = ("英伟达公司", "鼎沣控股集团", "香港大学")


def write_corpus(folder: Path, texts: int) -> Path:
    """``texts`` short news items, each naming two people, a place and a group."""
    folder.mkdir()
    for n in range(texts):
        one, two = PEOPLE[n % len(PEOPLE)], PEOPLE[(n * 3 + 1) % len(PEOPLE)]
        place, group = PLACES[n % len(PLACES)], GROUPS[n % len(GROUPS)]
        body = (
            f"{one}与{two}周{n % 7 + 1}在{place}会面，讨论{group}第{n}期计划。"
            f"{one}表示，{group}将在{place}增设办事处。{two}未有回应。"
        )
        (folder / f"{n:04}.txt").write_text(f"第{n}期\n\n{body}", encoding="utf-8")
    return folder


def snapshot(db_path: Path) -> list[tuple]:
    """Every article's mentions (offsets, entity name and kind) and every entity's
    counts, by article source: what a reader sees, whatever the ids."""
    db = open_database(db_path)
    try:
        entities = {e.id: e for e in entity_store.list_entities(db, include_hidden=True)}
        mentions = [
            (
                summary.source,
                [
                    (m.start, m.end, entities[m.entity_id].name, entities[m.entity_id].kind)
                    for m in entity_store.article_mentions(db, summary.id)
                ],
            )
            for summary in list_articles(db)
        ]
        totals = sorted((e.name, e.kind, e.articles, e.mentions) for e in entities.values())
        return sorted(mentions) + totals
    finally:
        db.conn.close()


def reference(tmp_path: Path, corpus: Path) -> list[tuple]:
    """The corpus imported and analysed in this process, uninterrupted."""
    return snapshot(build_analysed(tmp_path / "reference.db", corpus))


def status(app: ReaderApp) -> str:
    return str(app.main_screen.query_one("#status-right", Label).content)


def gone(pid: int) -> bool:
    """Whether process ``pid`` has ended (reaped, or a zombie nobody reaped yet)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


def test_the_interface_analyses_in_a_child_showing_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 40)
    db_path = tmp_path / "reader.db"
    seen: list[str] = []
    pids: set[int] = set()
    # every status line set, not only those a poll happens to see: on a loaded
    # machine the batches' lines can all come between two polls
    shown = MainScreen.set_sync_status

    def recording(screen: MainScreen, text: str) -> None:
        seen.append(text)
        shown(screen, text)

    monkeypatch.setattr(MainScreen, "set_sync_status", recording)

    async def scenario(pilot, app: ReaderApp) -> None:
        for _ in range(1200):
            seen.append(status(app))
            if app.main_screen.analysis_pid is not None:
                pids.add(app.main_screen.analysis_pid)
            if app.main_screen.entity_counts.counts:
                break
            await pilot.pause(0.02)
        await settle(pilot)
        column = app.main_screen.entity_counts
        assert column.settled and column.read
        whole = entity_store.entity_counts(app.db)
        assert column.counts == {i: found for i, found in whole.items() if i in column.read}

    run_scenario(ReaderApp(db_path, corpus), scenario)

    assert pids and os.getpid() not in pids
    assert all(gone(pid) for pid in pids)
    progress = [text.rsplit("entities ", 1)[1] for text in seen if "entities " in text]
    assert "40/40" in progress, seen[-5:]
    assert any(step != "40/40" for step in progress), progress
    assert snapshot(db_path) == reference(tmp_path, corpus)


def test_quitting_mid_analysis_kills_the_child_and_a_later_run_completes(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", 120)
    db_path = tmp_path / "reader.db"
    caught: dict[str, object] = {}

    async def scenario(pilot, app: ReaderApp) -> None:
        for _ in range(3000):
            text = status(app)
            if "entities " in text and "/" in text:
                caught["status"] = text
                caught["pid"] = app.main_screen.analysis_pid
                break
            await pilot.pause(0.02)
        app.exit()  # mid-way: a batch or more written, most of the corpus pending

    started = time.monotonic()
    run_scenario(ReaderApp(db_path, corpus), scenario)
    assert time.monotonic() - started < 60
    pid = caught["pid"]
    assert isinstance(pid, int), caught
    assert gone(pid)

    db = open_database(db_path)
    try:
        pending = len(entity_store.pending_texts(db, analyzer_id()))
        assert 0 < pending < 120, caught
        analyze_pending(db, processes=1)
        assert entity_store.pending_texts(db, analyzer_id()) == []
    finally:
        db.conn.close()
    assert snapshot(db_path) == reference(tmp_path, corpus)


def test_a_failing_child_is_one_line_of_notification(tmp_path: Path) -> None:
    """A newer reader upgraded the file under the running interface: the child
    cannot open it, and says so in the store's words, in one line."""
    corpus = write_corpus(tmp_path / "corpus", 3)
    db_path = tmp_path / "reader.db"
    notes: list[str] = []
    expected: list[str] = []

    async def scenario(pilot, app: ReaderApp) -> None:
        await settle(pilot)
        with closing(sqlite3.connect(db_path)) as other:
            other.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 1}")
            other.commit()
        with pytest.raises(StoreError) as refused:
            open_database(db_path, migrate=False)
        expected.append(str(refused.value))
        app.main_screen.start_entity_analysis()
        await settle(pilot)
        notes.extend(str(note.message) for note in app._notifications)
        assert not app.main_screen.analysing
        assert "entities" not in status(app)

    run_scenario(ReaderApp(db_path, corpus), scenario)
    failed = [note for note in notes if "analysis failed" in note]
    assert failed == [f"Entity analysis failed: {explain_store_failure(db_path, expected[0])}"]
    assert "newer than this reader" in failed[0]
    assert "\n" not in failed[0] and "Traceback" not in failed[0]


def test_a_child_killed_by_someone_else_is_reported_not_hidden(tmp_path: Path) -> None:
    db_path = tmp_path / "reader.db"
    db = open_database(db_path)
    sync_corpus(db, write_corpus(tmp_path / "corpus", 60))
    db.conn.close()
    with BackgroundAnalysis(db_path) as child:
        os.kill(child.pid, signal.SIGKILL)
        with pytest.raises(AnalysisError, match="ended unexpectedly"):
            list(child.progress())


PARENT = """
import sys, time
from reader.entities.background import BackgroundAnalysis
child = BackgroundAnalysis(sys.argv[1])
print(child.pid, flush=True)
time.sleep(600)
"""


def children(pid: int) -> set[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as listed:
            return {int(child) for child in listed.read().split()}
    except FileNotFoundError:
        return set()


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="a pool, watched through /proc",
)
def test_the_child_and_its_pool_end_when_the_interface_dies(tmp_path: Path) -> None:
    db_path = tmp_path / "reader.db"
    db = open_database(db_path)
    sync_corpus(db, write_corpus(tmp_path / "corpus", POOL_THRESHOLD + 100))
    db.conn.close()
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(db_path)], stdout=subprocess.PIPE, text=True
    )
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    deadline = time.monotonic() + 60
    while len(children(pid)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    workers = children(pid)
    assert len(workers) >= 2 and not gone(pid)
    parent.kill()  # no clean-up of any kind
    parent.wait()
    deadline = time.monotonic() + 3
    while not all(gone(p) for p in {pid, *workers}) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(gone(p) for p in {pid, *workers})
