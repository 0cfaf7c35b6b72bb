"""docs/schema.md is the live schema of a new database, and every table is described."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from reader.store import schema
from reader.store.database import Connection, open_database
from reader.store.schema_doc import (
    REGENERATE,
    fresh_schema_markdown,
    missing_descriptions,
    schema_markdown,
)
from reader.store.views import VIEWS

DOC = Path(__file__).resolve().parent.parent / "docs" / "schema.md"


def test_docs_schema_md_is_the_schema_of_a_freshly_migrated_database() -> None:
    assert DOC.read_text(encoding="utf-8") == fresh_schema_markdown(), (
        f"docs/schema.md is out of date; regenerate it with: {REGENERATE}"
    )


def test_every_table_and_view_has_a_description() -> None:
    connection = sqlite3.connect(":memory:")
    db = Connection(connection)
    schema.migrate(db)
    assert missing_descriptions(db) == [], "add a line to reader/store/descriptions.py"


def test_the_document_shows_every_column_index_and_view_of_the_live_schema() -> None:
    connection = sqlite3.connect(":memory:")
    db = Connection(connection)
    schema.migrate(db)
    document = schema_markdown(db)
    for (table,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'search_trigrams_%'"
    ):
        assert f"### `{table}`" in document
        for row in connection.execute(f'PRAGMA table_xinfo("{table}")'):
            if row[6] != 1:  # not a virtual table's hidden column
                assert f"| `{row[1]}` |" in document
    for (index,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ):
        assert f"- `{index}`" in document
    for view in VIEWS:
        assert f"### `{view}`" in document
    assert "| `note` | TEXT | yes | '' |  |" in document
    assert "| `article_id` | INTEGER | yes |  | → articles(id) |" in document
    assert "- `articles_unread` (id) WHERE read_at IS NULL" in document
    assert (
        "Virtual table: `fts5(fold, tokenize = 'trigram', detail = none, content = '')`" in document
    )
    assert "| `rank` |" not in document  # FTS5's hidden columns are not the table's
    assert "CHECK (status IN ('anchored', 'fuzzy', 'orphaned'))" in document
    assert "Trigger `annotations_iri_default`:" in document


def test_a_table_added_later_appears_and_is_reported_without_description() -> None:
    connection = sqlite3.connect(":memory:")
    db = Connection(connection)
    schema.migrate(db)
    connection.execute("CREATE TABLE later_table (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
    document = schema_markdown(db)
    assert "### `later_table`" in document
    assert "*No description: add one to `reader/store/descriptions.py`" in document
    assert missing_descriptions(db) == ["later_table"]


def test_reader_schema_prints_the_schema_of_the_users_database(cli, db_path) -> None:
    open_database(db_path).conn.close()
    status, out, err = cli("schema")
    assert (status, err) == (0, "")
    assert out.startswith("# Database schema\n")
    assert "### `browse_annotations`" in out
    assert f"Schema version {schema.LATEST_VERSION} " in out
    assert "Regenerate" not in out
