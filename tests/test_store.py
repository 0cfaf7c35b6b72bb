"""The store: opening safely, migrations, versions, faults."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from reader.errors import StoreError
from reader.importer import IMPORT_BATCH, import_paths, sync_corpus
from reader.search import search
from reader.store import articles as article_store
from reader.store import schema
from reader.store.database import open_database, write_transaction
from reader.store.settings import get_setting, set_setting


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_new_database_is_migrated_to_latest(db) -> None:
    assert schema.current_version(db) == schema.LATEST_VERSION
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_garbage_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    garbage = b"this is not a database\x00\x01" * 100
    path.write_bytes(garbage)
    with pytest.raises(StoreError, match="not a reader database"):
        open_database(path)
    assert path.read_bytes() == garbage
    assert not (tmp_path / "annotations.db-wal").exists()


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    open_database(path).conn.close()  # a reader database, marked as reader's
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {schema.LATEST_VERSION + 5}")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this reader understands"):
        open_database(path)
    assert path.read_bytes() == before


def test_folder_at_db_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="folder"):
        open_database(tmp_path)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_database_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    open_database(path).conn.close()
    path.chmod(0o444)
    db = open_database(path)
    assert article_store.list_articles(db) == []
    with pytest.raises(StoreError, match="read-only"):
        set_setting(db, "k", 1)


def test_database_whose_side_files_cannot_be_made_is_read(tmp_path: Path) -> None:
    """In a read-only folder SQLite cannot make a WAL database's ``-shm`` file, and even
    listing failed ("unable to open database file"). A ``-shm`` that is a link into a
    missing folder cannot be made either, as root too."""
    path = tmp_path / "annotations.db"
    db = open_database(path)
    set_setting(db, "k", 1)
    db.conn.close()
    assert not path.with_name("annotations.db-wal").exists()
    path.with_name("annotations.db-shm").symlink_to(tmp_path / "missing" / "shm")
    before = path.read_bytes()
    db = open_database(path)
    assert get_setting(db, "k") == 1
    with pytest.raises(StoreError, match="read-only"):
        set_setting(db, "k", 2)
    db.conn.close()
    assert path.read_bytes() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_database_in_a_read_only_folder_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "backup"
    folder.mkdir()
    path = folder / "annotations.db"
    db = open_database(path)
    set_setting(db, "k", 1)
    db.conn.close()
    folder.chmod(0o555)
    try:
        db = open_database(path)
        assert get_setting(db, "k") == 1
        with pytest.raises(StoreError, match="read-only"):
            set_setting(db, "k", 2)
        db.conn.close()
    finally:
        folder.chmod(0o755)


def test_read_only_database_via_uri_refuses_writes(tmp_path: Path) -> None:
    """As root file permissions do not apply, so open the file read-only through SQLite."""
    path = tmp_path / "annotations.db"
    open_database(path).conn.close()
    import sqlite_utils

    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    db = sqlite_utils.Database(connection)
    with pytest.raises(StoreError, match="read-only"):
        set_setting(db, "k", 1)


def test_second_writer_waits_for_the_lock(tmp_path: Path) -> None:
    """Ordered by events, not sleeps: the lock is held before the second writer starts,
    and released only once it has begun its write, so under any load the second
    writer meets the lock, waits, and writes last."""
    path = tmp_path / "annotations.db"
    first = open_database(path)
    second = open_database(path)
    holding, attempting, released = threading.Event(), threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def hold_lock() -> None:
        with write_transaction(first):
            set_setting(first, "holder", "first")
            holding.set()
            released.wait(timeout=60)

    def write_second() -> None:
        try:
            set_setting(second, "holder", "second")  # waits on the busy timeout
        except BaseException as error:
            failures.append(error)

    def on_statement(statement: str) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            attempting.set()

    second.conn.set_trace_callback(on_statement)  # called as a statement starts
    holder = threading.Thread(target=hold_lock)
    holder.start()
    assert holding.wait(timeout=60)
    writer = threading.Thread(target=write_second)
    writer.start()
    assert attempting.wait(timeout=60)
    released.set()
    holder.join(timeout=60)
    writer.join(timeout=60)
    assert not failures
    assert get_setting(first, "holder") == "second"


def test_lock_held_too_long_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "annotations.db"
    open_database(path).conn.close()
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    db = open_database(path)
    db.conn.execute("PRAGMA busy_timeout = 100")
    with pytest.raises(StoreError, match="busy"):
        set_setting(db, "k", 1)
    blocker.execute("ROLLBACK")


def test_failed_write_leaves_nothing_half_written(db) -> None:
    with pytest.raises(RuntimeError), write_transaction(db):
        set_setting(db, "a", 1)
        raise RuntimeError("boom")
    assert get_setting(db, "a") is None


def test_import_is_idempotent_and_versions_changes(db, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    path = write_article(folder, "a.txt", "标题\n第一段。\n")
    report = import_paths(db, [folder])
    assert [p for p, _ in report.imported] == [path]
    article_id = report.imported[0][1]

    again = import_paths(db, [folder])
    assert again.unchanged and not again.imported and not again.updated

    write_article(folder, "a.txt", "标题\n第一段改了。\n")
    changed = import_paths(db, [folder])
    assert changed.updated == [(path, article_id)]
    article = article_store.get_article(db, article_id)
    assert article.summary.version == 2
    assert "改了" in article.clean_text
    versions = db.conn.execute(
        "SELECT version FROM article_versions WHERE article_id = ? ORDER BY version",
        (article_id,),
    ).fetchall()
    assert versions == [(1,), (2,)]


def test_import_over_several_batches_stores_and_indexes_every_file(db, tmp_path: Path) -> None:
    """Batches are parsed on a thread while the one before is written; every file must
    still land once, be searchable, and a changed file must leave the index with it."""
    folder = tmp_path / "many"
    folder.mkdir()
    count = 2 * IMPORT_BATCH + 7
    for n in range(count):
        write_article(folder, f"{n:04d}.txt", f"第{n}篇\n编号甲{n:04d}乙的内容。\n")
    (folder / "0060.txt").write_bytes(b"\x00\x01\x02binary")
    report = import_paths(db, [folder])
    assert len(report.imported) == count - 1
    assert [path.name for path, _ in report.rejected] == ["0060.txt"]
    assert len({article_id for _, article_id in report.imported}) == count - 1
    assert [hit.article_id for hit in search(db, "编号甲0099乙")] == [
        dict((p.name, i) for p, i in report.imported)["0099.txt"]
    ]

    write_article(folder, "0003.txt", "第3篇\n改写后的编号丙0003丁。\n")
    again = import_paths(db, [folder])
    assert [path.name for path, _ in again.updated] == ["0003.txt"]
    assert len(again.unchanged) == count - 2
    assert search(db, "编号甲0003乙") == []
    assert len(search(db, "编号丙0003丁")) == 1
    assert len(search(db, "的内容", limit=1000)) == count - 2


def test_rejected_file_changes_nothing(db, tmp_path: Path) -> None:
    good = write_article(tmp_path, "good.txt", "好文章\n内容。")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    report = import_paths(db, [good, bad])
    assert len(report.imported) == 1
    assert report.rejected[0][0] == bad
    total_before = db.conn.total_changes
    again = import_paths(db, [bad])
    assert again.rejected and db.conn.total_changes == total_before


def test_sync_marks_vanished_files_missing_and_keeps_them(db, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    keep = write_article(corpus, "keep.txt", "留下\n内容。")
    gone = write_article(corpus, "gone.txt", "消失\n内容。")
    sync_corpus(db, corpus)
    gone.unlink()
    report = sync_corpus(db, corpus)
    assert len(report.missing) == 1
    listed = {a.title: a.missing for a in article_store.list_articles(db)}
    assert listed == {"留下": False, "消失": True}
    write_article(corpus, "gone.txt", "消失\n内容。")
    sync_corpus(db, corpus)
    assert not any(a.missing for a in article_store.list_articles(db))
    assert keep.exists()


def test_sync_marks_only_its_own_folder_and_leaves_marked_articles_alone(
    db, tmp_path: Path
) -> None:
    """Folders whose names extend the corpus's (corpus-old, corpus0) are not in it; an
    article already marked missing is not written again by the next sync."""
    corpus = tmp_path / "corpus"
    folders = [corpus, tmp_path / "corpus-old", tmp_path / "corpus0", corpus / "sub"]
    for index, folder in enumerate(folders):
        folder.mkdir()
        write_article(folder, f"a{index}.txt", f"标题{index}\n内容{index}。")
    import_paths(db, folders[1:3])
    sync_corpus(db, corpus)
    for folder in (corpus, corpus / "sub"):
        for path in folder.glob("*.txt"):
            path.unlink()
    report = sync_corpus(db, corpus)
    assert len(report.missing) == 2
    listed = {a.title: a.missing for a in article_store.list_articles(db)}
    assert listed == {"标题0": True, "标题1": False, "标题2": False, "标题3": True}
    with db.conn:  # a stamp no sync could write, to see whether one is written
        db.conn.execute("UPDATE articles SET updated_at = '2000-01-01T00:00:00+00:00'")
    stamps = dict(db.conn.execute("SELECT id, updated_at FROM articles").fetchall())
    again = sync_corpus(db, corpus)
    assert sorted(again.missing) == sorted(report.missing)
    assert dict(db.conn.execute("SELECT id, updated_at FROM articles").fetchall()) == stamps


def test_sync_finds_vanished_files_in_a_linked_folder_and_a_non_utf8_one(
    db, tmp_path: Path
) -> None:
    """Which stored paths lie in the synced folder is decided on the stored keys as
    strings (no Path each): a corpus reached through a symbolic link (its key is the
    resolved folder), and a corpus whose own name is not UTF-8 (its key and its
    files' keys are escaped URIs, decoded to compare) beside a folder whose escaped
    name extends its own."""
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real, target_is_directory=True)
    write_article(real, "stay.txt", "留下\n内容。")
    gone = write_article(real, "gone.txt", "消失\n内容。")
    try:
        odd = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9"))
        odd.mkdir()
        odd_longer = Path(os.fsdecode(os.fsencode(tmp_path) + b"/caf\xe9-old"))
        odd_longer.mkdir()
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    odd_gone = write_article(odd, "a.txt", "咖啡\n内容。")
    write_article(odd, "b.txt", "咖啡馆\n内容。")
    write_article(odd_longer, "c.txt", "旧咖啡馆\n内容。")
    import_paths(db, [odd_longer])
    sync_corpus(db, link)
    sync_corpus(db, odd)
    assert any(key.startswith("file://") for key in article_store.paths(db))
    gone.unlink()
    odd_gone.unlink()
    assert len(sync_corpus(db, link).missing) == 1
    assert len(sync_corpus(db, odd).missing) == 1
    listed = {a.title: a.missing for a in article_store.list_articles(db)}
    assert listed == {"留下": False, "消失": True, "咖啡": True, "咖啡馆": False, "旧咖啡馆": False}


def test_seed_corpus_imports(seeded_db) -> None:
    articles = article_store.list_articles(seeded_db)
    assert len(articles) == 4
    assert all(a.title.strip() for a in articles)


def test_a_renamed_file_keeps_its_article_and_annotations(db, tmp_path: Path) -> None:
    from reader.annotations import create_from_quote, list_annotations

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    old = write_article(corpus, "old.txt", "改名之前\n马斯克发布了新的模型。\n")
    sync_corpus(db, corpus)
    (article,) = article_store.list_articles(db)
    note = create_from_quote(db, article.id, "新的模型", note="keep me")
    old.rename(corpus / "renamed.txt")
    report = sync_corpus(db, corpus)
    assert [article_id for _, article_id in report.moved] == [article.id]
    assert not report.imported and not report.missing
    (after,) = article_store.list_articles(db)
    assert after.id == article.id and after.path.endswith("renamed.txt") and not after.missing
    assert [a.id for a in list_annotations(db)] == [note.id]


def test_a_copy_is_a_new_article_not_a_move(db, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_article(corpus, "a.txt", "同一篇\n内容。\n")
    sync_corpus(db, corpus)
    write_article(corpus, "b.txt", "同一篇\n内容。\n")
    report = sync_corpus(db, corpus)
    assert not report.moved and len(report.imported) == 1
    assert len(article_store.list_articles(db)) == 2
