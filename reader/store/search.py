"""Candidate lookup in the search index (the SQL half of search).

The index (``search_trigrams``) is a contentless FTS5 table with the trigram tokenizer
over each article's folded text, padded at the end (see :mod:`reader.store.compact`),
storing rows only (``detail = none``). It answers "which articles may hold this
folded query", lazily and in article-id order; the caller confirms each candidate
against the fold of its clean text, which the index does not keep.

- Three or more characters: the AND of the query's trigrams, each quoted as an FTS
  string, so FTS syntax characters are literal and never raise. Exact for three
  characters; for more, an article may hold every trigram without the whole query.
- One or two characters: every indexed trigram that starts with the query (listed by
  ``search_terms``, the index's vocabulary), ORed. Exact, thanks to the padding. A
  query that starts more than :data:`MAX_PREFIX_TERMS` trigrams is so common that
  scanning the articles in order finds its first matches sooner than the OR would.
"""

from __future__ import annotations

from collections.abc import Iterator

from reader.folding import spellings
from reader.store.database import Database, store_errors

#: Beyond this many trigrams starting a short query, articles are scanned instead.
MAX_PREFIX_TERMS = 200
#: A scanned query is filtered by SQLite when it has at most this many spellings.
MAX_SPELLINGS = 32
_ROWS = 32  # rows fetched at a time: a caller that needs a few hits stops early
_LAST = "\U0010ffff"


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def trigram_query(folded_query: str) -> str:
    """Every trigram of the query, each quoted, joined by FTS's implicit AND; for a
    query too short to have one, ``""`` (an FTS query that matches nothing)."""
    if len(folded_query) < 3:
        return '""'
    return " ".join(
        _quoted(gram)
        for gram in sorted({folded_query[i : i + 3] for i in range(len(folded_query) - 2)})
    )


def _match_expression(db: Database, folded_query: str) -> str | None:
    """The FTS expression for the query; ``None``: scan every article; ``""``: no
    article can match."""
    if len(folded_query) >= 3:
        return trigram_query(folded_query)
    terms = [
        term
        for (term,) in db.conn.execute(
            "SELECT term FROM search_terms WHERE term >= ? AND term < ? LIMIT ?",
            (folded_query, folded_query + _LAST, MAX_PREFIX_TERMS + 1),
        )
    ]
    if len(terms) > MAX_PREFIX_TERMS:
        return None
    return " OR ".join(_quoted(term) for term in terms)


def _id_filter(column: str, article_ids: list[int] | None) -> tuple[str, list[object]]:
    if article_ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(article_ids))})", list(article_ids)


def candidates(
    db: Database,
    folded_query: str,
    article_ids: list[int] | None = None,
    *,
    after_id: int = 0,
) -> Iterator[tuple[int, str, str]]:
    """Yield ``(article_id, title, clean_text)`` of articles that may hold the query,
    lazily, in article-id order, from the first id above ``after_id``."""
    if not folded_query:
        return
    with store_errors(db):
        expression = _match_expression(db, folded_query)
        if expression == "":
            return
        if expression is None:
            extra, params = _id_filter("a.id", article_ids)
            # SQLite skips the articles without any spelling of the query, so their
            # text is never copied out to be checked (5-50 times less work).
            found = spellings(folded_query, MAX_SPELLINGS)
            if found is not None:
                extra += " AND (" + " OR ".join(["instr(v.clean_text, ?) > 0"] * len(found)) + ")"
                params.extend(found)
            sql = f"""
                SELECT a.id, v.title, v.clean_text
                FROM articles a JOIN article_versions v ON v.id = a.current_version_id
                WHERE a.id > ?{extra} ORDER BY a.id
            """
            cursor = db.conn.execute(sql, [after_id, *params])
        else:
            extra, params = _id_filter("s.rowid", article_ids)
            sql = f"""
                SELECT a.id, v.title, v.clean_text
                FROM search_trigrams s
                JOIN articles a ON a.id = s.rowid
                JOIN article_versions v ON v.id = a.current_version_id
                WHERE search_trigrams MATCH ? AND s.rowid > ?{extra}
            """
            cursor = db.conn.execute(sql, [expression, after_id, *params])
        while rows := cursor.fetchmany(_ROWS):
            yield from rows


def count_candidates(
    db: Database,
    folded_query: str,
    article_ids: list[int] | None = None,
    *,
    after_id: int = 0,
    cap: int,
) -> int | None:
    """How many articles above ``after_id`` the index names for the query, counting
    at most ``cap``; ``None`` when the index cannot say (a short query so common that
    it is scanned for). No text is read."""
    if not folded_query:
        return 0
    with store_errors(db):
        expression = _match_expression(db, folded_query)
        if expression is None:
            return None
        if expression == "":
            return 0
        extra, params = _id_filter("rowid", article_ids)
        sql = f"""
            SELECT count(*) FROM (
                SELECT rowid FROM search_trigrams
                WHERE search_trigrams MATCH ? AND rowid > ?{extra} LIMIT ?)
        """
        return int(db.conn.execute(sql, [expression, after_id, *params, cap]).fetchone()[0])
