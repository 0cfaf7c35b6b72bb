"""Putting text straight into the store for tests, without files or cleaning."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from reader import annotations as service
from reader.conversion import detect_script
from reader.folding import fold_text
from reader.models import ParsedArticle
from reader.store import articles as article_store


def add_article(
    db,
    text: str,
    path: str = "/corpus/a.txt",
    url: str | None = None,
    *,
    reanchor: bool = True,
    source: str | None = None,
    date: str | None = None,
) -> int:
    """Store ``text`` as it is as the article at ``path`` (a new version if it changed),
    re-anchoring its annotations on a new version just as the importer does
    (``reanchor=False`` leaves that to the test)."""
    parsed = ParsedArticle(
        path=path,
        raw_sha256=article_store.sha256_text(text),
        encoding="utf-8",
        raw_text=text,
        clean_text=text,
        title=text.split("\n", 1)[0],
        source=source,
        author=None,
        date=date,
        url=url,
        script=detect_script(text),
        cleaner_version=1,
    )
    outcome = article_store.save_parsed(db, parsed, fold_text(text))
    if reanchor and outcome.status == "updated":
        service.reanchor_article(db, outcome.article_id)
    return outcome.article_id


def write_as_before(db_path: Path, sql: str, *params: object) -> None:
    """Change the database file behind the store's back, the way one written before
    text was cleaned on its way in may hold it (a note or tag with escape sequences)."""
    connection = sqlite3.connect(db_path)
    try:
        with connection:
            connection.execute(sql, params)
    finally:
        connection.close()


#: Mentions as schema 22 kept them (migration 21): a table of their own, each
#: current text's occurrences again, keyed by article, with the entity id.
SCHEMA_22_MENTIONS = """
BEGIN;
DROP VIEW IF EXISTS browse_entity_articles;
-- texts numbered in hash order, as the conversion to migration 20's layout left them
CREATE TEMP TABLE renumber AS SELECT id AS old, (
    SELECT count(*) FROM entity_analyses b WHERE b.text_sha256 <= a.text_sha256) AS new
FROM entity_analyses a;
UPDATE entity_analyses SET id = -id;
UPDATE entity_analyses SET id = (SELECT new FROM renumber WHERE old = -entity_analyses.id);
UPDATE entity_occurrences SET text_id = -text_id;
UPDATE entity_occurrences SET text_id = (
    SELECT new FROM renumber WHERE old = -entity_occurrences.text_id);
UPDATE entity_texts SET text_id = -text_id;
UPDATE entity_texts SET text_id = (SELECT new FROM renumber WHERE old = -entity_texts.text_id);
DROP TABLE renumber;
CREATE TABLE entity_mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    start_offset INTEGER NOT NULL,
    length INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    form_id INTEGER NOT NULL REFERENCES entity_forms(id),
    PRIMARY KEY (article_id, start_offset)
) WITHOUT ROWID;
INSERT INTO entity_mentions
SELECT t.article_id, o.start_offset, o.length, o.entity_id, o.form_id
FROM entity_texts t JOIN entity_occurrences o ON o.text_id = t.text_id
WHERE o.entity_id IS NOT NULL;
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX entity_mentions_form ON entity_mentions(form_id);
DROP INDEX entity_occurrences_entity;
DROP INDEX IF EXISTS entity_occurrences_form;
DROP INDEX IF EXISTS entity_surfaces_surface;
ALTER TABLE entity_occurrences DROP COLUMN entity_id;
DROP INDEX entity_texts_text;
ALTER TABLE entity_texts DROP COLUMN text_id;
COMMIT;
"""


def to_schema_22_mentions(path: Path) -> None:
    """Put a store's mentions back in a table of their own, as schemas 22 and 23 kept
    them, and mark it as migrated up to the one table of occurrences (the views are
    made again when it is opened)."""
    from reader.store import schema

    _put_back(path, SCHEMA_22_MENTIONS, schema._entity_one_table)


def _put_back(path: Path, script: str, step: Callable[..., None]) -> None:
    """Run ``script`` on the store and mark it as migrated up to, not including, ``step``."""
    from reader.store import schema

    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.executescript(script)
        connection.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(step)}")
    finally:
        connection.close()


#: Occurrences and mentions as schema 19 kept them (migrations 3 and 10): every row
#: with its strings, an occurrence with its text's hash, end offsets.
OLD_ENTITY_LAYOUT = """
BEGIN;
CREATE TABLE old_analyses (
    text_sha256 TEXT PRIMARY KEY,
    analyzer TEXT NOT NULL,
    analyzed_at TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO old_analyses SELECT text_sha256, analyzer, analyzed_at FROM entity_analyses;
CREATE TABLE old_occurrences (
    text_sha256 TEXT NOT NULL,
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    surface TEXT NOT NULL,
    surface_key TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    declared INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (text_sha256, start_offset)
) WITHOUT ROWID;
INSERT INTO old_occurrences
SELECT a.text_sha256, o.start_offset, o.start_offset + o.length, f.surface, f.surface_key,
    f.key, f.kind, o.declared
FROM entity_occurrences o JOIN entity_analyses a ON a.id = o.text_id
JOIN entity_forms f ON f.id = o.form_id;
CREATE TABLE old_mentions (
    article_id INTEGER NOT NULL REFERENCES articles(id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    surface TEXT NOT NULL,
    surface_key TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, start_offset)
) WITHOUT ROWID;
INSERT INTO old_mentions
SELECT m.article_id, m.start_offset, m.start_offset + m.length, m.entity_id, f.surface,
    f.surface_key, f.key, f.kind
FROM entity_mentions m JOIN entity_forms f ON f.id = m.form_id;
DROP VIEW IF EXISTS browse_entity_articles;
DROP TABLE entity_mentions;
DROP TABLE entity_occurrences;
DROP TABLE entity_forms;
DROP TABLE entity_analyses;
ALTER TABLE old_analyses RENAME TO entity_analyses;
ALTER TABLE old_occurrences RENAME TO entity_occurrences;
ALTER TABLE old_mentions RENAME TO entity_mentions;
CREATE INDEX entity_occurrences_declared ON entity_occurrences(text_sha256) WHERE declared = 1;
CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id);
CREATE INDEX entity_mentions_surface_key ON entity_mentions(surface_key);
COMMIT;
"""


def to_old_entity_layout(path: Path) -> None:
    """Put a store's entity occurrences and mentions back in schema 19's layout, rows
    and all, and mark it schema 19 (the views are made again when it is opened)."""
    from reader.store import schema

    to_schema_22_mentions(path)
    _put_back(path, OLD_ENTITY_LAYOUT, schema._entity_occurrence_layout)


def build_analysed(path: Path, corpus: Path) -> Path:
    """A database at ``path`` holding ``corpus`` imported and analysed in this process,
    uninterrupted (closed, so copies of the file are complete)."""
    from reader.entities.analysis import analyze_pending
    from reader.importer import sync_corpus
    from reader.store.database import open_database

    db = open_database(path)
    try:
        sync_corpus(db, corpus)
        analyze_pending(db, processes=1)
    finally:
        db.conn.close()
    return path
