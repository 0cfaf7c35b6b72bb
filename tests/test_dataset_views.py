"""The browse_* views show what reader shows, and survive the schema growing."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from cli_helpers import run
from dataset_helpers import Dataset, build_dataset
from store_helpers import add_article, to_old_entity_layout

from reader import annotations as service
from reader.store import entities as entity_store
from reader.store import schema
from reader.store.database import open_database
from reader.store.views import VIEWS


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return build_dataset(tmp_path_factory.mktemp("dataset"))


def _rows(dataset: Dataset, sql: str, *params: object) -> list[sqlite3.Row]:
    connection = sqlite3.connect(f"file:{dataset.path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def test_annotations_view_has_title_quote_tags_in_order_and_note(dataset: Dataset) -> None:
    rows = _rows(dataset, "SELECT * FROM browse_annotations ORDER BY id")
    assert [row["id"] for row in rows] == list(dataset.kept)
    first = rows[0]
    assert first["article_title"] == "AI界“拼多多”DeepSeek刷屏"
    assert first["quote"] == "馬斯克“仇人”名單"
    assert json.loads(first["tags"]) == ["人物", "評論"]
    assert first["note"] == "Grok 的對手"
    db = open_database(dataset.path)
    try:
        for row in rows:
            annotation = service.get_annotation(db, row["id"])
            assert row["quote"] == annotation.quote
            assert json.loads(row["tags"]) == list(annotation.tags)
            assert (row["start_offset"], row["end_offset"]) == (annotation.start, annotation.end)
    finally:
        db.conn.close()


def test_deleted_annotations_are_left_out(dataset: Dataset) -> None:
    ids = [row[0] for row in _rows(dataset, "SELECT id FROM browse_annotations")]
    assert dataset.deleted not in ids


def test_entities_view_is_the_entity_list_reader_shows(dataset: Dataset) -> None:
    db = open_database(dataset.path)
    try:
        shown = {
            (e.id, e.name, e.kind.value, e.articles, e.mentions)
            for e in entity_store.list_entities(db)
        }
        musk = entity_store.find_entity(db, "馬斯克")
    finally:
        db.conn.close()
    rows = _rows(dataset, "SELECT id, name, kind, articles, mentions FROM browse_entities")
    assert {tuple(row) for row in rows} == shown
    assert dataset.hidden_entity not in {row["name"] for row in rows}
    assert musk is not None
    per_article = _rows(
        dataset,
        "SELECT article_id, mentions, spellings FROM browse_entity_articles WHERE entity_id = ?",
        musk.id,
    )
    assert len(per_article) == musk.articles
    assert sum(row["mentions"] for row in per_article) == musk.mentions
    spelt = {row["article_id"]: row["spellings"] for row in per_article}
    assert "馬斯克" in spelt[dataset.traditional]
    assert "马斯克" in spelt[dataset.simplified]


def test_articles_view_lists_current_versions(dataset: Dataset) -> None:
    rows = _rows(dataset, "SELECT * FROM browse_articles ORDER BY id")
    assert len(rows) == 4
    by_id = {row["id"]: row for row in rows}
    assert by_id[dataset.simplified]["source"] == "极客公园"
    assert by_id[dataset.simplified]["date"] == "2025-02-19"
    assert by_id[dataset.simplified]["url"].startswith("https://mp.weixin.qq.com/")
    assert by_id[dataset.traditional]["script"] == "traditional"
    assert by_id[dataset.traditional]["annotations"] == 1


def test_views_still_work_when_tables_get_columns(dataset: Dataset, tmp_path) -> None:
    copy = tmp_path / "copy.db"
    source = sqlite3.connect(dataset.path)
    target = sqlite3.connect(copy)
    source.backup(target)
    source.close()
    for table in ("articles", "article_versions", "annotations", "tags", "entities"):
        target.execute(f"ALTER TABLE {table} ADD COLUMN later_column TEXT")
    target.commit()
    for view in VIEWS:
        assert target.execute(f"SELECT count(*) FROM {view}").fetchone()[0] > 0
    target.close()


def test_a_database_from_before_the_views_gets_them(db_path) -> None:
    db = open_database(db_path)
    db.conn.close()
    to_old_entity_layout(db_path)
    connection = sqlite3.connect(db_path)
    for view in VIEWS:
        connection.execute(f"DROP VIEW IF EXISTS {view}")
    connection.execute("DROP TABLE discovered_names")  # made by later migrations
    connection.execute("DROP TABLE search_term_instances")
    connection.execute("DROP TABLE file_signatures")
    connection.execute("DROP INDEX article_versions_fingerprint")
    connection.execute("DROP INDEX entities_browse")
    connection.execute("ALTER TABLE entities DROP COLUMN fold")
    connection.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._dataset_views)}")
    connection.commit()
    connection.close()
    upgraded = open_database(db_path)
    try:
        names = {
            name
            for (name,) in upgraded.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'view'"
            )
        }
        assert set(VIEWS) <= names
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
    finally:
        upgraded.conn.close()


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_export_csv_is_the_annotations_view(dataset: Dataset, capsys, tmp_path) -> None:
    status, out, err = run(capsys, "--db", str(dataset.path), "export", "--format", "csv")
    assert (status, err) == (0, "")
    rows = _csv(out)
    view = _rows(dataset, "SELECT * FROM browse_annotations ORDER BY article_id, start_offset")
    assert list(rows[0]) == list(view[0].keys())
    assert [int(row["id"]) for row in rows] == [row["id"] for row in view]
    assert json.loads(rows[0]["tags"]) == ["人物", "評論"]
    assert rows[0]["quote"] == "馬斯克“仇人”名單"
    assert str(dataset.deleted) not in {row["id"] for row in rows}
    target = tmp_path / "annotations.csv"
    status, out, err = run(
        capsys, "--db", str(dataset.path), "export", "--format", "csv", "--output", str(target)
    )
    assert (status, out, err) == (0, f"wrote {target}\n", "")
    assert _csv(target.read_text(encoding="utf-8")) == rows


def test_export_csv_filters_by_tag_in_either_script_and_by_article(
    dataset: Dataset, capsys
) -> None:
    def ids(*options: str) -> list[int]:
        status, out, err = run(
            capsys, "--db", str(dataset.path), "export", "--format", "csv", *options
        )
        assert (status, err) == (0, "")
        return [int(row["id"]) for row in _csv(out)]

    assert ids("--tag", "评论") == list(dataset.kept)
    assert ids("--tag", "人物") == [dataset.kept[0]]
    assert ids("--article", str(dataset.simplified)) == [dataset.kept[1]]
    assert ids("--tag", "人物", "--article", str(dataset.simplified)) == []


def test_export_csv_to_a_folder_is_one_clear_line_and_writes_nothing(
    dataset: Dataset, capsys, tmp_path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    status, out, err = run(
        capsys, "--db", str(dataset.path), "export", "--format", "csv", "--output", str(folder)
    )
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and "CSV is one table" in err
    assert list(folder.iterdir()) == []


def test_export_csv_cells_a_spreadsheet_would_run_are_kept_as_text(db, db_path, capsys) -> None:
    article = add_article(db, "=1+1 是公式，-5 是數字，@人 是提及。")
    service.create_annotation(db, article, 0, 4, note="+SUM(A1)", tags=["@tag"])
    db.conn.close()
    status, out, err = run(capsys, "--db", str(db_path), "export", "--format", "csv")
    assert (status, err) == (0, "")
    (row,) = _csv(out)
    assert (row["quote"], row["note"]) == ("'=1+1", "'+SUM(A1)")
    assert json.loads(row["tags"]) == ["@tag"]


def test_a_later_migration_may_rebuild_a_table_the_views_read(db_path, monkeypatch) -> None:
    """SQLite refuses to rename a table a view reads; the upgrade drops the views first."""

    def rebuild_annotation_tags(db) -> None:
        db.conn.execute(
            "CREATE TABLE annotation_tags_new (annotation_id INTEGER NOT NULL "
            "REFERENCES annotations(id), tag_id INTEGER NOT NULL REFERENCES tags(id), "
            "position INTEGER NOT NULL, PRIMARY KEY (annotation_id, tag_id))"
        )
        db.conn.execute("INSERT INTO annotation_tags_new SELECT * FROM annotation_tags")
        db.conn.execute("DROP TABLE annotation_tags")
        db.conn.execute("ALTER TABLE annotation_tags_new RENAME TO annotation_tags")

    db = open_database(db_path)
    article = add_article(db, "馬斯克發布了 Grok 3。")
    service.create_annotation(db, article, 0, 3, tags=["人物"])
    db.conn.close()
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, rebuild_annotation_tags])
    monkeypatch.setattr(schema, "LATEST_VERSION", len(schema.MIGRATIONS))
    upgraded = open_database(db_path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        (tags,) = upgraded.conn.execute("SELECT tags FROM browse_annotations").fetchone()
        assert json.loads(tags) == ["人物"]
    finally:
        upgraded.conn.close()
