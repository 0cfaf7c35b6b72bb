"""Candidate lookup in the search index (the SQL half of search).

The index (``search_trigrams``) is a contentless FTS5 table with the trigram tokenizer
over each article's folded text, padded at the end (see :mod:`reader.store.compact`),
storing rows only (``detail = none``). It answers "which articles may hold this
folded query", lazily and in article-id order; the caller confirms each candidate
against the fold of its clean text, which the index does not keep.

- Three or more characters: the AND of the query's trigrams, each quoted as an FTS
  string, so FTS syntax characters are literal and never raise. Exact for three
  characters; for more, an article may hold every trigram without the whole query.
- One or two characters: every indexed trigram that starts with the query, ORed.
  Exact, thanks to the padding. The trigrams are listed one look-up each in
  ``search_term_instances`` (a few dozen microseconds a term, however common), so a
  query is only listed in full when it starts few trigrams.
- A short query that starts more than :data:`INDEXED_PREFIX_TERMS` trigrams is
  common, and an OR of hundreds of trigrams costs 10-20 ms at 100,000 articles before
  its first row: the first :data:`SCAN_WINDOW` articles are read in order instead,
  which fills a page when the query is in most articles. Only a caller that wants more
  goes on past the window, through the index (or, past :data:`MAX_PREFIX_TERMS`
  trigrams for each of the query's spellings, by scanning the articles, filtered inside
  SQLite by those spellings).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from reader.folding import spellings
from reader.store.database import Database, store_errors

#: A short query starting at most this many trigrams is found, and counted, by the index.
INDEXED_PREFIX_TERMS = 32
#: Past the window, beyond this many trigrams starting a short query for each of its
#: spellings, articles are scanned instead: scanning finds the first matches of so
#: common a query sooner. The scan looks for every spelling in every text it passes
#: (``ak`` has 20: case and width), so its cost grows with them, and so does the
#: number of trigrams worth listing instead.
MAX_PREFIX_TERMS = 200
#: Articles read in order for a common short query before the index is asked.
SCAN_WINDOW = 100
#: A scanned query is filtered by SQLite when it has at most this many spellings.
MAX_SPELLINGS = 32
_ROWS = 32  # rows fetched at a time: a caller that needs a few hits stops early
_TEXTS = """
    SELECT a.id, v.title, v.clean_text
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
"""


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _any_of(terms: list[str]) -> str:
    return " OR ".join(_quoted(term) for term in terms)


def trigram_query(folded_query: str) -> str:
    """Every trigram of the query, each quoted, joined by FTS's implicit AND; for a
    query too short to have one, ``""`` (an FTS query that matches nothing)."""
    if len(folded_query) < 3:
        return '""'
    return " ".join(
        _quoted(gram)
        for gram in sorted({folded_query[i : i + 3] for i in range(len(folded_query) - 2)})
    )


def prefix_terms(db: Database, prefix: str, cap: int) -> list[str] | None:
    """The indexed trigrams starting with ``prefix``, in order; ``None`` when there are
    more than ``cap``. Each is one look-up of "the first term at or after X", whose
    cost does not grow with the number of articles holding the term."""
    terms: list[str] = []
    start = prefix
    while True:
        row = db.conn.execute(
            "SELECT term FROM search_term_instances WHERE term >= ? LIMIT 1", (start,)
        ).fetchone()
        if row is None or not row[0].startswith(prefix):
            return terms
        if len(terms) >= cap or (terms and row[0] <= terms[-1]):
            return None  # too many (or a vocabulary that does not move on: scan)
        terms.append(row[0])
        start = row[0] + "\0"  # the least string after the term


def _id_filter(column: str, article_ids: list[int] | None) -> tuple[str, list[object]]:
    if article_ids is None:
        return "", []
    return f" AND {column} IN ({','.join('?' * len(article_ids))})", list(article_ids)


def _rows(cursor: sqlite3.Cursor) -> Iterator[tuple[int, str, str]]:
    while rows := cursor.fetchmany(_ROWS):
        yield from rows


def _indexed(
    db: Database, expression: str, article_ids: list[int] | None, after_id: int
) -> Iterator[tuple[int, str, str]]:
    extra, params = _id_filter("s.rowid", article_ids)
    sql = f"""
        SELECT a.id, v.title, v.clean_text
        FROM search_trigrams s
        JOIN articles a ON a.id = s.rowid
        JOIN article_versions v ON v.id = a.current_version_id
        WHERE search_trigrams MATCH ? AND s.rowid > ?{extra}
    """
    yield from _rows(db.conn.execute(sql, [expression, after_id, *params]))


def _scanned(
    db: Database,
    article_ids: list[int] | None,
    after_id: int,
    limit: int = -1,
    *,
    spelt: list[str] | None = None,
) -> Iterator[tuple[int, str, str]]:
    """The articles after ``after_id`` in order, at most ``limit``; with the query's
    spellings (``spelt``), only those holding one of them (SQLite skips the others, so
    their text is never copied out to be checked: 5-50 times less work)."""
    extra, params = _id_filter("a.id", article_ids)
    if spelt is not None:
        extra += " AND (" + " OR ".join(["instr(v.clean_text, ?) > 0"] * len(spelt)) + ")"
        params.extend(spelt)
    sql = f"{_TEXTS} WHERE a.id > ?{extra} ORDER BY a.id LIMIT ?"
    yield from _rows(db.conn.execute(sql, [after_id, *params, limit]))


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
        if len(folded_query) >= 3:
            yield from _indexed(db, trigram_query(folded_query), article_ids, after_id)
            return
        terms = prefix_terms(db, folded_query, INDEXED_PREFIX_TERMS)
        if terms is not None:
            if terms:
                yield from _indexed(db, _any_of(terms), article_ids, after_id)
            return
        read = 0
        for row in _scanned(db, article_ids, after_id, SCAN_WINDOW):
            after_id, read = row[0], read + 1
            yield row
        if read < SCAN_WINDOW:
            return  # the window held every article left
        found = spellings(folded_query, MAX_SPELLINGS)
        ways = len(found) if found is not None else MAX_SPELLINGS
        terms = prefix_terms(db, folded_query, MAX_PREFIX_TERMS * ways)
        if terms is None:
            yield from _scanned(db, article_ids, after_id, spelt=found)
        elif terms:
            yield from _indexed(db, _any_of(terms), article_ids, after_id)


def count_candidates(
    db: Database,
    folded_query: str,
    article_ids: list[int] | None = None,
    *,
    after_id: int = 0,
    cap: int,
) -> int | None:
    """How many articles above ``after_id`` the index names for the query, counting
    at most ``cap``; ``None`` when the index cannot say quickly (a short query starting
    more than :data:`INDEXED_PREFIX_TERMS` trigrams, common enough that an OR of
    them all would cost more than the page). No text is read."""
    if not folded_query:
        return 0
    with store_errors(db):
        if len(folded_query) >= 3:
            expression = trigram_query(folded_query)
        else:
            terms = prefix_terms(db, folded_query, INDEXED_PREFIX_TERMS)
            if terms is None:
                return None
            if not terms:
                return 0
            expression = _any_of(terms)
        extra, params = _id_filter("rowid", article_ids)
        sql = f"""
            SELECT count(*) FROM (
                SELECT rowid FROM search_trigrams
                WHERE search_trigrams MATCH ? AND rowid > ?{extra} LIMIT ?)
        """
        return int(db.conn.execute(sql, [expression, after_id, *params, cap]).fetchone()[0])
