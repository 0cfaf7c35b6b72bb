"""Nothing reported as saved is ever lost: kills, concurrent writers, failures mid-save."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from store_helpers import add_article as store_article

from reader import annotations as service
from reader.errors import StoreError
from reader.store.database import open_database, write_transaction

REPO = Path(__file__).resolve().parent.parent
TEXT = (REPO / "corpus" / "000_d98721091214a611.txt").read_text(encoding="utf-8")

#: A child that saves annotations as fast as it can, printing each id once committed.
WRITER = textwrap.dedent(
    """
    import sys
    from reader.annotations import create_annotation
    from reader.store.articles import get_article
    from reader.store.database import open_database

    db = open_database(sys.argv[1])
    article_id, count, name = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    text = get_article(db, article_id).clean_text
    print("ready", flush=True)
    sys.stdin.readline()  # start together with the other writers
    i = 0
    while count < 0 or i < count:
        start = (i * 7) % 5000
        while text[start].isspace():
            start += 1
        made = create_annotation(
            db, article_id, start, start + 1 + i % 40,
            tags=[f"{name}{i % 5}", "共同"], note=f"{name} note {i} " + "长" * (i % 500),
        )
        print(made.id, flush=True)
        i += 1
    """
)


def add_article(db, text: str, path: str = "/corpus/a.txt") -> int:
    """Store a version without re-anchoring: these tests drive re-anchoring themselves."""
    return store_article(db, text, path, reanchor=False)


def spawn_writer(db_path: Path, article_id: int, count: int, name: str) -> subprocess.Popen:
    """Start a writer; it prints ``ready`` and waits for a line on stdin to begin."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(article_id), str(count), name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=db_path.parent,
    )


def integrity(db_path: Path) -> str:
    connection = sqlite3.connect(db_path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        connection.close()


@pytest.mark.parametrize("saves_before_kill", [1, 37, 150])
def test_sigkill_during_a_burst_of_saves_loses_nothing_reported(
    db, db_path: Path, saves_before_kill: int
) -> None:
    article_id = add_article(db, TEXT)
    child = spawn_writer(db_path, article_id, -1, "k")
    assert child.stdout is not None and child.stdin is not None
    assert child.stdout.readline().strip() == "ready", child.stderr.read() if child.stderr else ""
    child.stdin.write("go\n")
    child.stdin.flush()
    reported: list[int] = []
    while len(reported) < saves_before_kill:
        line = child.stdout.readline()
        assert line, child.stderr.read() if child.stderr else "writer died"
        reported.append(int(line))
    child.send_signal(signal.SIGKILL)  # mid-burst: the child is in its next save
    remaining, _ = child.communicate(timeout=30)
    reported.extend(int(line) for line in remaining.split())
    assert child.returncode == -signal.SIGKILL

    assert integrity(db_path) == "ok"
    fresh = open_database(db_path)
    try:
        saved = {a.id: a for a in service.list_annotations(fresh)}
        for annotation_id in reported:
            assert annotation_id in saved
            assert "共同" in saved[annotation_id].tags  # its tags were saved with it
            assert saved[annotation_id].note.startswith("k note ")
    finally:
        fresh.conn.close()


def test_two_processes_annotating_one_database_at_once_both_succeed(db, db_path: Path) -> None:
    article_id = add_article(db, TEXT)
    saves, total, overlapped = 1000, 0, False
    for _round in range(3):  # a loaded machine may run the writers one after the other
        writers = [spawn_writer(db_path, article_id, saves, name) for name in ("a", "b")]
        for writer in writers:
            assert writer.stdout is not None and writer.stdout.readline().strip() == "ready"
        for writer in writers:
            assert writer.stdin is not None
            writer.stdin.write("go\n")
            writer.stdin.flush()
        outputs = [w.communicate(timeout=300) for w in writers]
        for writer, (_, err) in zip(writers, outputs, strict=True):
            assert writer.returncode == 0, err
        first, second = ([int(line) for line in out.split()] for out, _ in outputs)
        assert len(first) == len(second) == saves and not set(first) & set(second)
        total += 2 * saves
        if max(min(first), min(second)) < min(max(first), max(second)):
            overlapped = True
            break
    assert overlapped, "the two writers never ran at the same time"
    assert len(service.list_annotations(db)) == total
    assert {t.name: t.count for t in service.tags(db)}["共同"] == total
    assert integrity(db_path) == "ok"


def test_two_threads_with_their_own_connections(db, db_path: Path) -> None:
    article_id = add_article(db, TEXT)
    errors: list[BaseException] = []

    def work(name: str) -> None:
        own = open_database(db_path)
        try:
            for i in range(60):
                service.create_annotation(own, article_id, i, i + 3, tags=[name, "同"])
        except BaseException as error:  # reported to the main thread below
            errors.append(error)
        finally:
            own.conn.close()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert {t.name: t.count for t in service.tags(db)} == {"同": 120, "甲": 60, "乙": 60}


def test_a_save_waits_for_another_writer_instead_of_failing(db, db_path: Path) -> None:
    article_id = add_article(db, TEXT)
    other = open_database(db_path)
    released = threading.Event()

    def hold_lock() -> None:
        with write_transaction(other):
            time.sleep(0.8)
        released.set()

    holder = threading.Thread(target=hold_lock)
    holder.start()
    time.sleep(0.1)
    made = service.create_annotation(db, article_id, 0, 4, tags=["等"])
    holder.join()
    other.conn.close()
    assert released.is_set()
    assert service.get_annotation(db, made.id).tags == ("等",)


def _refuse_tag(db, name: str) -> None:
    """Make every later link to the tag ``name`` fail inside SQLite, as a constraint
    would: the second statement group of a save then raises after the first succeeded."""
    db.conn.execute(
        f"""
        CREATE TEMP TRIGGER refuse_tag BEFORE INSERT ON annotation_tags
        WHEN (SELECT name FROM tags WHERE id = NEW.tag_id) = '{name}'
        BEGIN SELECT RAISE(ABORT, 'tag refused'); END
        """
    )


def test_a_failure_mid_save_leaves_nothing_half_written(db) -> None:
    article_id = add_article(db, TEXT)
    kept = service.create_annotation(db, article_id, 0, 4, tags=["ok"], note="before")
    _refuse_tag(db, "boom")
    with pytest.raises(StoreError):
        service.create_annotation(db, article_id, 10, 14, tags=["fine", "boom"], note="x")
    rows = db.conn.execute("SELECT id FROM annotations").fetchall()
    assert rows == [(kept.id,)]
    assert [name for (name,) in db.conn.execute("SELECT name FROM tags")] == ["ok"]
    with pytest.raises(StoreError):
        service.update_annotation(db, kept.id, note="after", tags=["boom"])
    assert service.get_annotation(db, kept.id) == kept
    assert not db.conn.in_transaction


def test_a_failure_mid_reanchoring_changes_nothing_and_a_retry_heals(db) -> None:
    article_id = add_article(db, TEXT)
    quote = "以相當于OpenAI幾十分之一的資源"
    made = service.create_from_quote(db, article_id, quote)
    add_article(db, "新增一行。\n" + TEXT)
    db.conn.execute(
        """
        CREATE TEMP TRIGGER refuse_history BEFORE INSERT ON annotation_anchor_history
        BEGIN SELECT RAISE(ABORT, 'history refused'); END
        """
    )
    with pytest.raises(StoreError):
        service.reanchor_article(db, article_id)
    assert service.get_annotation(db, made.id) == made  # still on the old version, intact
    db.conn.execute("DROP TRIGGER temp.refuse_history")
    report = service.reanchor_article(db, article_id)
    assert report.moved == 1
    moved = service.get_annotation(db, made.id)
    assert moved.quote == quote and moved.start == made.start + len("新增一行。\n")
