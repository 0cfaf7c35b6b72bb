"""The corpus's own names: those analysis found in several texts, read from its cache.

Analysis finds a name where its context gives it away; the names that recur across
the corpus's texts are the names the corpus is about, and they are spread to every
place they are written (see :mod:`reader.entities.spreading`). They are read from
the analysis cache (``entity_occurrences`` of the current texts), so they grow as
articles arrive, and which of them were already spread is kept as a setting.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence

from reader.entities.linking import normalise_key
from reader.store.database import Database, store_errors
from reader.store.entities import Occurrence, counts

_CURRENT = """
    SELECT DISTINCT v.clean_sha256 AS sha
    FROM articles a JOIN article_versions v ON v.id = a.current_version_id
"""

#: The analysis cache's ids of the current texts.
_CURRENT_IDS = f"""
    SELECT t.id AS text_id FROM entity_analyses t WHERE t.text_sha256 IN ({_CURRENT})
"""


def recurring_names(
    db: Database, min_texts: int, keep: Callable[[str, str], bool] | None = None
) -> dict[str, tuple[str, str, int]]:
    """key → (most frequent kind, most frequent surface, texts) of every key found in at
    least ``min_texts`` current texts (only those for which ``keep(key, surface)``),
    read from every current occurrence (spreading reads the same from the counts,
    :func:`counted_recurring_names`).

    The rows (one per key, kind and surface: millions at 100,000 articles) are read in
    the grouping's order (no second sort) and folded one key at a time, never all
    held at once: fetched whole, with a counter per key, they took 400 MB."""
    with store_errors(db):
        cursor = db.conn.execute(
            f"""
            SELECT f.key, f.kind, f.surface, count(*), r.texts
            FROM entity_occurrences o JOIN ({_CURRENT_IDS}) c ON c.text_id = o.text_id
            JOIN entity_forms f ON f.id = o.form_id
            JOIN (
                SELECT f2.key, count(DISTINCT o2.text_id) AS texts
                FROM entity_occurrences o2 JOIN ({_CURRENT_IDS}) c2 ON c2.text_id = o2.text_id
                JOIN entity_forms f2 ON f2.id = o2.form_id
                GROUP BY f2.key HAVING texts >= ?
            ) r ON r.key = f.key
            GROUP BY f.key, f.kind, f.surface
            ORDER BY f.key, f.kind, f.surface
            """,
            (min_texts,),
        )
        return _folded(_fetched(cursor), keep)


def counted_recurring_names(
    db: Database,
    min_texts: int,
    corrections: counts.Corrections,
    keep: Callable[[str, str], bool] | None = None,
) -> dict[str, tuple[str, str, int]]:
    """:func:`recurring_names` from the cache's counts (:mod:`reader.store.entities.counts`):
    a read of the forms' counts, not of every occurrence."""
    with store_errors(db):
        return _folded(counts.counted_forms(db, min_texts, corrections), keep)


def _fetched(cursor: sqlite3.Cursor) -> Iterator[tuple[str, str, str, int, int]]:
    while rows := cursor.fetchmany(1024):
        yield from rows


def _folded(
    rows: Iterable[tuple[str, str, str, int, int]], keep: Callable[[str, str], bool] | None
) -> dict[str, tuple[str, str, int]]:
    """(key, kind, surface, occurrences, texts) rows in key order, folded a key at a
    time. ``keep`` drops a key as soon as it is folded (at 100,000 articles spreading
    keeps 127,000 of 330,000), and a kind is one string object however many keys
    share it."""
    found: dict[str, tuple[str, str, int]] = {}
    interned: dict[str, str] = {}
    current: str | None = None
    kinds: Counter[str] = Counter()
    surfaces: Counter[str] = Counter()
    texts = 0

    def fold(key: str) -> None:
        kind, surface = _chosen(key, kinds, surfaces)
        if keep is None or keep(key, surface):
            found[key] = (interned.setdefault(kind, kind), surface, texts)

    for key, kind, surface, count, text_count in rows:
        if key != current:
            if current is not None:
                fold(current)
            current, kinds, surfaces = key, Counter(), Counter()
        kinds[kind] += count
        surfaces[surface] += count
        texts = text_count
    if current is not None:
        fold(current)
    return found


def _chosen(key: str, kinds: Counter[str], surfaces: Counter[str]) -> tuple[str, str]:
    return kinds.most_common(1)[0][0], _spelling(key, surfaces)


def _spelling(key: str, surfaces: Counter[str]) -> str:
    """The most frequent surface that spells the key itself: a declared abbreviation
    (澜交所) is written more often than its long form, but the long form is the name
    spread to the texts that write it."""
    own = [surface for surface, _count in surfaces.most_common() if normalise_key(surface) == key]
    return own[0] if own else surfaces.most_common(1)[0][0]


def organisation_keys(db: Database) -> set[str]:
    """The key of every organisation a current text names, once or more: which other
    organisations a short form could stand for (see
    :mod:`reader.entities.place_prefixed`)."""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT DISTINCT f.key
            FROM entity_occurrences o JOIN ({_CURRENT_IDS}) c ON c.text_id = o.text_id
            JOIN entity_forms f ON f.id = o.form_id
            WHERE f.kind = 'organisation'
            """
        ).fetchall()
    return {str(key) for (key,) in rows}


def declared_names(db: Database) -> list[tuple[str, str, str, int]]:
    """(short surface, long key, kind, texts) of every abbreviation a current text
    declares (海發會 for 海濱發展委員會): a short form is written in articles where no
    analysis would find it, so it is spread like a recurring name."""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT f.surface, f.key, f.kind, count(DISTINCT o.text_id)
            FROM entity_occurrences o JOIN ({_CURRENT_IDS}) c ON c.text_id = o.text_id
            JOIN entity_forms f ON f.id = o.form_id
            WHERE o.declared = 1 AND f.surface_key != f.key
            GROUP BY f.surface, f.key, f.kind
            """
        ).fetchall()
    return [(str(surface), str(key), str(kind), int(texts)) for surface, key, kind, texts in rows]


def current_versions(db: Database) -> list[tuple[str, int]]:
    """(content hash, a version id) of every current text, in hash order: the list
    and its index, no text read (a text is then read by its version id)."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT v.clean_sha256, min(v.id)
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            GROUP BY v.clean_sha256 ORDER BY v.clean_sha256
            """
        ).fetchall()
    return [(str(sha), int(version)) for sha, version in rows]


def current_texts(db: Database, shas: Iterable[str] | None = None) -> Iterable[tuple[str, str]]:
    """(content hash, clean text) of every current text (only those in ``shas`` if
    given), one at a time so a large corpus is never held in memory at once."""
    query = f"""
        SELECT v.clean_sha256, min(v.clean_text) FROM article_versions v
        WHERE v.clean_sha256 IN ({_CURRENT})
    """
    params: list[str] = []
    if shas is not None:
        params = sorted(shas)
        if not params:
            return
        query += f" AND v.clean_sha256 IN ({','.join('?' * len(params))})"
    with store_errors(db):
        cursor = db.conn.execute(query + " GROUP BY v.clean_sha256", params)
        rows = cursor.fetchmany(64)
        while rows:
            yield from ((str(sha), str(text)) for sha, text in rows)
            rows = cursor.fetchmany(64)


def occurrences(db: Database, sha: str) -> list[Occurrence]:
    """The cached occurrences of one text, in text order."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT o.start_offset, o.start_offset + o.length, f.surface, f.surface_key,
                f.key, f.kind, o.declared
            FROM entity_occurrences o JOIN entity_forms f ON f.id = o.form_id
            WHERE o.text_id = (SELECT id FROM entity_analyses WHERE text_sha256 = ?)
            ORDER BY o.start_offset
            """,
            (sha,),
        ).fetchall()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def articles_of(db: Database, shas: Sequence[str]) -> list[tuple[int, str]]:
    """(article id, hash) of the articles whose current text has one of ``shas``."""
    if not shas:
        return []
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT a.id, v.clean_sha256
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE v.clean_sha256 IN ({",".join("?" * len(shas))}) ORDER BY a.id
            """,
            list(shas),
        ).fetchall()
    return [(int(article_id), str(sha)) for article_id, sha in rows]
