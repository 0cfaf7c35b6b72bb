"""A bulk import made by the interface is analysed on the pool of worker processes.

The interface starts on a corpus folder big enough for the pool (see
:data:`reader.entities.analysis.POOL_THRESHOLD`): its start-up sync imports the files,
then the analysis starts the pool. Under Textual ``sys.stderr`` has no file
descriptor, which the pool's resource tracker is handed when it starts: when the
analysis ran on a thread of the interface it failed ("bad value(s) in fds_to_keep")
and nothing was analysed. It now runs in a child process of its own
(:mod:`reader.entities.background`), which starts the pool itself.

The tracker is started once per process and reused, so an earlier test in the same
process would hide the fault: the app runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reader.entities.analysis import POOL_THRESHOLD, analyzer_id
from reader.store import entities as entity_store
from reader.store.database import open_database

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
    reason="needs at least two cores (a pool)",
)

TEXTS = POOL_THRESHOLD + 20

SCRIPT = """
import asyncio, json, sys
from reader.tui.app import ReaderApp

async def main():
    app = ReaderApp(sys.argv[1], sys.argv[2])
    async with app.run_test(size=(100, 30)) as pilot:
        for _ in range(1200):  # 120 s at most
            await pilot.pause(0.1)
            if app.main_screen.entity_counts.settled or app._notifications:
                await app.workers.wait_for_complete()
                break
        notes = [str(note.message) for note in app._notifications]
    app.store.close()
    print(json.dumps(notes))

asyncio.run(main())
"""


def test_a_bulk_import_in_the_interface_is_analysed_on_the_pool(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(TEXTS):
        (corpus / f"{number:04}.txt").write_text(
            f"第{number}期\n\n马斯克与黄仁勋在北京谈Grok 3，第{number}次。", encoding="utf-8"
        )
    db_path = tmp_path / "reader.db"
    environment = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(db_path), str(corpus)],
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    notes = json.loads(done.stdout.strip().splitlines()[-1])
    assert not [note for note in notes if "failed" in note], notes
    db = open_database(db_path)
    try:
        assert entity_store.pending_texts(db, analyzer_id()) == []
        assert db.conn.execute("SELECT count(*) FROM articles").fetchone()[0] == TEXTS
    finally:
        db.conn.close()
