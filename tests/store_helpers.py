"""Putting text straight into the store for tests, without files or cleaning."""

from __future__ import annotations

import sqlite3
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
