"""Re-importing an unchanged file without reading it, the safe way git does.

Real files in a temporary folder and a real store: a file is known unchanged by the
stat signature recorded when it was hashed, and ``ImportReport.files_read`` counts
the files the import really opened. The racy margin is set to nothing in most tests
(a file written by the test is otherwise "racy" for seconds and always read), and
kept in the one that checks a racy file is read.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from store_helpers import to_old_entity_layout

import reader.import_prepare
from reader.importer import import_paths
from reader.paths import PathKeys, path_key
from reader.store import schema
from reader.store.articles import get_version_text
from reader.store.database import open_database
from reader.store.file_signatures import load_signatures

TEXTS = {
    "a.txt": "北京的秋天\n\n北京的秋天来得很早，树叶很快就黄了。",
    "b.txt": "上海的冬天\n\n上海的冬天很冷，风从江上吹来。",
    "c.txt": "深圳的夏天\n\n深圳的夏天很热，雨说下就下。",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def no_racy_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader.import_prepare, "RACY_MARGIN_NS", 0)


def current_text(db, path: Path) -> str:
    (version_id,) = db.conn.execute(
        "SELECT current_version_id FROM articles WHERE path = ?", (path_key(path),)
    ).fetchone()
    return get_version_text(db, version_id)


def test_unchanged_files_are_not_read_again(db, corpus: Path, no_racy_margin: None) -> None:
    first = import_paths(db, [corpus])
    assert len(first.imported) == 3 and first.files_read == 3
    recorded = load_signatures(db)
    assert sorted(recorded) == sorted(path_key(corpus / name) for name in TEXTS)
    for name in TEXTS:
        info = os.stat(corpus / name)
        signature, digest, _recorded_ns = recorded[path_key(corpus / name)]
        assert signature[:3] == (info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        assert len(digest) == 64
    again = import_paths(db, [corpus])
    assert len(again.unchanged) == 3 and again.files_read == 0


def test_a_rewrite_with_the_same_size_and_modification_time_is_caught(
    db, corpus: Path, no_racy_margin: None
) -> None:
    target = corpus / "b.txt"
    import_paths(db, [corpus])
    before = os.stat(target)
    time.sleep(0.05)  # the change time must move on (it cannot be set back)
    changed = TEXTS["b.txt"].replace("很冷", "很暖")
    assert len(changed.encode()) == before.st_size
    target.write_text(changed, encoding="utf-8")
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(target)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert after.st_ctime_ns != before.st_ctime_ns
    again = import_paths(db, [corpus])
    assert [path for path, _id in again.updated] == [target]
    assert again.files_read == 1 and len(again.unchanged) == 2
    assert "很暖" in current_text(db, target)


def test_a_racy_file_is_hashed_again(db, corpus: Path) -> None:
    first = import_paths(db, [corpus])
    assert first.files_read == 3
    recorded = load_signatures(db)
    # Written moments ago: a change now could keep the signature, so it is not trusted.
    again = import_paths(db, [corpus])
    assert again.files_read == 3 and len(again.unchanged) == 3
    later = load_signatures(db)
    assert all(later[key][2] > recorded[key][2] for key in recorded)


def test_a_file_replaced_under_its_name_is_read(db, corpus: Path, no_racy_margin: None) -> None:
    target = corpus / "c.txt"
    import_paths(db, [corpus])
    before = os.stat(target)
    replacement = corpus / ".c.tmp"
    replacement.write_text(TEXTS["c.txt"].replace("很热", "很湿"), encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    os.replace(replacement, target)
    again = import_paths(db, [corpus])
    assert [path for path, _id in again.updated] == [target] and again.files_read == 1


def test_an_older_store_hashes_every_file_once(
    db_path: Path, corpus: Path, no_racy_margin: None
) -> None:
    db = open_database(db_path)
    import_paths(db, [corpus])
    db.conn.close()
    to_old_entity_layout(db_path)  # made by later migrations
    older = sqlite3.connect(db_path)
    older.execute("DROP TABLE file_signatures")
    older.execute("DROP INDEX article_versions_fingerprint")
    older.execute("DROP INDEX entities_browse")  # made by a later migration
    older.execute("ALTER TABLE entities DROP COLUMN fold")
    older.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._file_signatures)}")
    older.commit()
    older.close()
    upgraded = open_database(db_path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        assert load_signatures(upgraded) == {}
        first = import_paths(upgraded, [corpus])
        assert len(first.unchanged) == 3 and first.files_read == 3
        assert import_paths(upgraded, [corpus]).files_read == 0
    finally:
        upgraded.conn.close()


def test_path_keys_resolve_as_path_key_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    (real / "sub").mkdir(parents=True)
    (real / "sub" / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "linked").symlink_to(real)
    (real / "link.txt").symlink_to(real / "sub" / "x.txt")
    monkeypatch.chdir(real)
    keys = PathKeys()
    for path in (
        real / "sub" / "x.txt",
        tmp_path / "linked" / "sub" / "x.txt",
        real / "link.txt",
        tmp_path / "linked" / "sub" / ".." / "link.txt",
        Path("sub/x.txt"),
        Path("x.txt"),
        real / "missing.txt",
    ):
        assert keys(path) == path_key(path), path
