"""Entity analysis workers end with the reader that started them, however it ends.

A real ``reader entities`` process starts analysing a corpus big enough for a pool of
worker processes; once its workers are up (past the hand-over from the parent, about
to load jieba and analyse), it is killed with SIGKILL, SIGTERM or SIGHUP, and every
process it started must be gone within seconds. That moment is the hardest one: a
worker there has not yet begun to watch its parent. Children are found through
/proc, so this runs on Linux only.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.entities.analysis import POOL_THRESHOLD
from reader.importer import import_paths
from reader.store.database import open_database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="needs /proc and at least two cores (a pool)",
)

#: Generous for a loaded machine; a passing run takes a fraction of it.
STARTUP_SECONDS = 60
EXIT_SECONDS = 30
#: Enough texts for a pool.
TEXTS = POOL_THRESHOLD + 20


@pytest.fixture(scope="module")
def pending_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding enough texts not yet analysed for the pool to start."""
    folder = tmp_path_factory.mktemp("workers")
    corpus = folder / "corpus"
    corpus.mkdir()
    for number in range(TEXTS):
        (corpus / f"{number:04}.txt").write_text(
            f"第{number}期\n\n马斯克与黄仁勋在北京谈Grok 3，第{number}次。", encoding="utf-8"
        )
    path = folder / "pending.db"
    db = open_database(path)
    assert len(import_paths(db, [corpus]).imported) == TEXTS
    db.conn.close()
    return path


def children(pid: int) -> set[int]:
    """The live processes whose parent is ``pid`` (zombies are already dead)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]
        if int(parent) == pid and state != "Z":
            found.add(int(entry.name))
    return found


def state(pid: int) -> str:
    """The process's state letter (R, S, Z…), or "" once it is gone."""
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return ""


def is_alive(pid: int) -> bool:
    return state(pid) not in ("", "Z")


def ready_workers(pid: int) -> set[int]:
    """The pool workers of ``pid`` that have read what the parent sends a new worker
    (the pipe named on their command line is closed): from there on each one runs
    its initializer and then analyses. Killed any earlier, a worker would die of the
    broken pipe and prove nothing."""
    workers = set()
    for child in children(pid):
        try:
            command = (Path("/proc") / str(child) / "cmdline").read_bytes()
        except OSError:
            continue
        pipe = re.search(rb"pipe_handle=(\d+)", command)
        handed_over = pipe and not (Path("/proc") / str(child) / "fd" / pipe[1].decode()).exists()
        if b"spawn_main" in command and handed_over:
            workers.add(child)
    return workers


@pytest.mark.parametrize(
    "signal_number",
    [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP],
    ids=lambda number: signal.Signals(number).name,
)
def test_workers_end_when_the_reader_is_killed(
    pending_db: Path, tmp_path: Path, signal_number: int
) -> None:
    db_path = tmp_path / "annotations.db"
    shutil.copy(pending_db, db_path)
    reader = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(db_path), "entities"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    left_behind: set[int] = set()
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while len(ready_workers(reader.pid)) < 2:
            assert reader.poll() is None, "reader ended before its workers began"
            assert time.monotonic() < deadline, "the workers never began"
            time.sleep(0.02)
        left_behind = children(reader.pid)
        os.kill(reader.pid, signal_number)
        reader.wait(timeout=EXIT_SECONDS)
        deadline = time.monotonic() + EXIT_SECONDS
        while any(is_alive(pid) for pid in left_behind) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in left_behind if is_alive(pid)]
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
        for pid in left_behind:
            if is_alive(pid):
                os.kill(pid, signal.SIGKILL)


def test_the_portable_watch_alone_ends_an_orphaned_worker() -> None:
    """Without the kernel's help (as off Linux), the watching thread ends a process
    whose parent died within about a second."""
    watcher_code = "\n".join(
        [
            "import sys",
            "from reader.entities import lifeline",
            "print('watching', flush=True)",
            "lifeline._watch(int(sys.argv[1]))",
        ]
    )
    middle_code = "\n".join(
        [
            "import os, subprocess, sys, time",
            f"command = [sys.executable, '-c', {watcher_code!r}, str(os.getpid())]",
            "watcher = subprocess.Popen(command)",
            "print(watcher.pid, flush=True)",
            "time.sleep(600)",
        ]
    )
    middle = subprocess.Popen(
        [sys.executable, "-c", middle_code],
        stdout=subprocess.PIPE,
        text=True,
    )
    watcher = 0
    try:
        assert middle.stdout is not None
        watcher = int(middle.stdout.readline())
        assert middle.stdout.readline() == "watching\n"
        deadline = time.monotonic() + STARTUP_SECONDS
        while state(watcher) != "S":  # asleep between two looks at its parent
            assert time.monotonic() < deadline
            time.sleep(0.01)
        killed = time.monotonic()
        middle.kill()
        middle.wait(timeout=EXIT_SECONDS)
        deadline = time.monotonic() + EXIT_SECONDS
        while is_alive(watcher) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not is_alive(watcher)
        print(f"orphan ended {time.monotonic() - killed:.2f} s after its parent")
    finally:
        if middle.poll() is None:
            middle.kill()
            middle.wait()
        if watcher and is_alive(watcher):
            os.kill(watcher, signal.SIGKILL)
