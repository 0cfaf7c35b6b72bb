"""The database schema and its migrations: the one place that defines tables.

The schema version lives in SQLite's ``user_version``. Each migration is a function
that takes the database from version ``n - 1`` to ``n``; :func:`migrate` runs the
missing ones inside the caller's write transaction, so a failed migration leaves the
database exactly as it was. A released migration is never edited: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlite_utils


def current_version(db: sqlite_utils.Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def _execute(db: sqlite_utils.Database, *statements: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit the transaction)."""
    for statement in statements:
        db.conn.execute(statement)


def _articles(db: sqlite_utils.Database) -> None:
    """Articles, their immutable versions, the search index and reading state.

    An article is identified by its file path; each distinct content of that file is
    a version, kept for ever (annotations point at a version). ``raw_text`` keeps the
    decoded file so the cleanup can be re-derived; ``clean_text`` is what every
    offset refers to. The search index holds, per article, the current version's
    folded text (simplified, lower case, half width) under a trigram tokenizer.
    """
    _execute(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            current_version_id INTEGER,
            missing INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            raw_sha256 TEXT NOT NULL,
            encoding TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            clean_text TEXT NOT NULL,
            clean_sha256 TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT,
            author TEXT,
            date TEXT,
            url TEXT,
            script TEXT NOT NULL,
            chars INTEGER NOT NULL,
            cleaner_version INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (article_id, version)
        )""",
        "CREATE INDEX article_versions_article ON article_versions(article_id)",
        "CREATE VIRTUAL TABLE search_index USING fts5(fold, tokenize = 'trigram')",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    )


def _annotations(db: sqlite_utils.Database) -> None:
    """Annotations, tags and their links (W3C Web Annotation anchors)."""


def _entities(db: sqlite_utils.Database) -> None:
    """Entities, aliases, mentions, analysis cache and user curation."""


def _reviews(db: sqlite_utils.Database) -> None:
    """Review cards (FSRS state per annotation) and the review log."""


MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _articles,
    _annotations,
    _entities,
    _reviews,
]

LATEST_VERSION = len(MIGRATIONS)


def migrate(db: sqlite_utils.Database) -> None:
    """Apply every migration newer than the database's version (caller holds the lock)."""
    start = current_version(db)
    for number, step in enumerate(MIGRATIONS[start:], start=start + 1):
        step(db)
        db.conn.execute(f"PRAGMA user_version = {number}")
