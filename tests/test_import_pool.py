"""A large import prepared by worker processes stores exactly what one process does.

Real worker processes (spawned, as for a large import; ``processes=2`` forces them for
a small corpus), real files and two real stores compared article by article: clean
text, raw text, metadata, search hits, rejections, moves and unchanged files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.importer import IMPORT_BATCH, ImportReport, import_paths
from reader.paths import path_key, shown_path
from reader.search import search
from reader.store.articles import raw_text_of
from reader.store.database import Database, open_database

ARTICLES = IMPORT_BATCH + 7  # more than one batch per worker


def write_corpus(folder: Path) -> None:
    folder.mkdir()
    for index in range(ARTICLES):
        script = "馬斯克在矽谷說" if index % 2 else "马斯克在硅谷说"
        text = f"第{index}篇文章\n来源：测试日报\n\n{script}，第{index}个模型很快。\n\n第二段。\n"
        (folder / f"{index:03d}.txt").write_text(text, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    (folder / "gbk.txt").write_bytes("标题\n\n中文用国标编码保存的文章。".encode("gb18030"))
    (folder / "empty.md").write_text("", encoding="utf-8")


def stored(db: Database) -> dict[str, tuple]:
    rows = db.conn.execute(
        "SELECT a.path, v.id, v.clean_text, v.title, v.source, v.script, v.encoding, "
        "v.raw_sha256 FROM articles a JOIN article_versions v ON v.id = a.current_version_id"
    ).fetchall()
    return {row[0]: (*row[2:], raw_text_of(db, row[1])) for row in rows}


def shape(report: ImportReport, root: Path) -> dict[str, list[str]]:
    """What happened to each file, by its name relative to ``root``."""
    return {
        kind: sorted(shown_path(path).replace(str(root), "") for path, *_ in entries)
        for kind, entries in (
            ("imported", report.imported),
            ("updated", report.updated),
            ("unchanged", report.unchanged),
            ("moved", report.moved),
            ("rejected", report.rejected),
        )
    }


@pytest.mark.parametrize("processes", [2])
def test_workers_store_what_one_process_stores(tmp_path: Path, processes: int) -> None:
    results = {}
    for label, count in (("alone", 0), ("pool", processes)):
        root = tmp_path / label
        root.mkdir()
        corpus = root / "corpus"
        write_corpus(corpus)
        db = open_database(root / "store.db")
        try:
            first = import_paths(db, [corpus], processes=count)
            assert first.stopped is None and first.files_read == ARTICLES + 3
            shutil.move(corpus / "000.txt", corpus / "moved.txt")
            (corpus / "001.txt").write_text("改过的文章\n\n内容变了。", encoding="utf-8")
            second = import_paths(db, [corpus], processes=count)
            results[label] = (
                shape(first, root),
                shape(second, root),
                {key.replace(str(root), ""): row for key, row in stored(db).items()},
                sorted(hit.article_id for hit in search(db, "马斯克", limit=500)),
                [reason for _path, reason in first.rejected],
            )
        finally:
            db.conn.close()
    assert results["pool"] == results["alone"]
    first, second, rows, hits, reasons = results["pool"]
    assert len(first["imported"]) == ARTICLES + 1 and len(first["rejected"]) == 2
    assert second["moved"] == ["/corpus/moved.txt"] and second["updated"] == ["/corpus/001.txt"]
    assert len(hits) == ARTICLES - 1  # 001.txt no longer says it
    assert all(reason and "\n" not in reason for reason in reasons)
    assert (
        path_key(tmp_path / "pool" / "corpus" / "moved.txt").replace(str(tmp_path / "pool"), "")
        in rows
    )
