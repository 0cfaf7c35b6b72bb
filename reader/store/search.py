"""Candidate lookup in the search index (the SQL half of search).

The index is an FTS5 table with the trigram tokenizer over each article's folded
text, storing rows only (``detail = none``). A query of three or more characters
becomes the AND of its trigrams, each quoted as an FTS string, so FTS syntax
characters in it are literal and never raise; rows holding every trigram are
candidates, and the caller confirms the substring in the fold. Shorter queries, which
trigrams cannot index, fall back to ``instr`` over the same folds.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.store.database import Database, store_errors


def trigram_query(folded_query: str) -> str:
    """Every trigram of the query, each quoted, joined by FTS's implicit AND; for a
    query too short to have one, ``""`` (an FTS query that matches nothing)."""
    if len(folded_query) < 3:
        return '""'
    grams = sorted({folded_query[i : i + 3] for i in range(len(folded_query) - 2)})
    return " ".join('"' + gram.replace('"', '""') + '"' for gram in grams)


def _match_clause(folded_query: str) -> tuple[str, list[object]]:
    if len(folded_query) >= 3:
        return "search_index MATCH ?", [trigram_query(folded_query)]
    return "instr(s.fold, ?) > 0", [folded_query]


def matching_ids(
    db: Database, folded_query: str, article_ids: list[int] | None = None
) -> Iterator[int]:
    """Yield the id of every article whose fold holds the query, in article-id order.

    The substring is confirmed by SQLite (``instr``), so no text leaves the database:
    counting every article that mentions a common name stays cheap on a large corpus.
    """
    if not folded_query:
        return
    where, params = _match_clause(folded_query)
    if article_ids is not None:
        where += f" AND s.rowid IN ({','.join('?' * len(article_ids))})"
        params.extend(article_ids)
    sql = f"SELECT s.rowid FROM search_index s WHERE {where} AND instr(s.fold, ?) > 0"
    with store_errors(db):
        cursor = db.conn.execute(sql, [*params, folded_query])
        while rows := cursor.fetchmany(512):
            for (article_id,) in rows:
                yield article_id


def candidates(
    db: Database, folded_query: str, article_ids: list[int] | None = None
) -> Iterator[tuple[int, str, str, str]]:
    """Yield ``(article_id, title, clean_text, fold)`` for articles that may contain the query.

    Rows come lazily in article-id order (FTS5 returns rowid order by default; an
    ORDER BY would make SQLite collect every match before the first row), so a caller
    that needs only a few hits stops early without reading the rest.
    """
    if not folded_query:
        return
    where = ""
    params: list[object] = []
    if len(folded_query) >= 3:
        where = "search_index MATCH ?"
        params.append(trigram_query(folded_query))
    else:
        where = "instr(s.fold, ?) > 0"
        params.append(folded_query)
    if article_ids is not None:
        where += f" AND a.id IN ({','.join('?' * len(article_ids))})"
        params.extend(article_ids)
    sql = f"""
        SELECT a.id, v.title, v.clean_text, s.fold
        FROM search_index s
        JOIN articles a ON a.id = s.rowid
        JOIN article_versions v ON v.id = a.current_version_id
        WHERE {where}
    """
    with store_errors(db):
        cursor = db.conn.execute(sql, params)
        while rows := cursor.fetchmany(64):
            yield from rows
