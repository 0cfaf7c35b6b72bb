"""The SQL that exchanging annotations with other tools needs beyond the core stores.

Export names each annotation by its IRI (see the ``_annotation_iris`` migration) and
each article version by the SHA-256 of its clean text; import looks both up again and
records an imported annotation's IRI and anchor status. Writers expect the caller's
``write_transaction``, so a whole import is saved or nothing is.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.anchoring import AnchorStatus
from reader.store.database import Database, store_errors

#: Ids per ``IN (...)`` list, well under SQLite's limit on bound parameters.
_CHUNK = 500


def iris(db: Database) -> dict[int, str]:
    """The IRI of every annotation, deleted ones included, by row id."""
    with store_errors(db):
        return dict(db.conn.execute("SELECT id, iri FROM annotations"))


def find_iri(db: Database, iri: str) -> tuple[int, bool] | None:
    """The row id of the annotation with this IRI and whether it is deleted."""
    with store_errors(db):
        row = db.conn.execute(
            "SELECT id, deleted_at IS NOT NULL FROM annotations WHERE iri = ?", (iri,)
        ).fetchone()
    return None if row is None else (int(row[0]), bool(row[1]))


def set_iri(db: Database, annotation_id: int, iri: str) -> None:
    db.conn.execute("UPDATE annotations SET iri = ? WHERE id = ?", (iri, annotation_id))


def set_status(db: Database, annotation_id: int, status: AnchorStatus) -> None:
    """Record how an imported annotation was anchored (a new row starts as anchored)."""
    db.conn.execute("UPDATE annotations SET status = ? WHERE id = ?", (status.value, annotation_id))


def version_hashes(db: Database, version_ids: Iterable[int]) -> dict[int, str]:
    """``clean_sha256`` of the given article versions."""
    wanted = sorted(set(version_ids))
    hashes: dict[int, str] = {}
    with store_errors(db):
        for first in range(0, len(wanted), _CHUNK):
            chunk = wanted[first : first + _CHUNK]
            hashes.update(
                db.conn.execute(
                    "SELECT id, clean_sha256 FROM article_versions "
                    f"WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
            )
    return hashes


def versions_with_hash(db: Database, clean_sha256: str) -> list[tuple[int, int]]:
    """``(article_id, version_id)`` of every version whose clean text has this hash,
    current versions first."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT v.article_id, v.id FROM article_versions v
            JOIN articles a ON a.id = v.article_id
            WHERE v.clean_sha256 = ?
            ORDER BY a.current_version_id = v.id DESC, v.article_id, v.id
            """,
            (clean_sha256,),
        ).fetchall()
    return [(row[0], row[1]) for row in rows]


def articles_with_url(db: Database, url: str) -> list[int]:
    """Articles whose current version has this URL."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT a.id FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE v.url = ? ORDER BY a.id
            """,
            (url,),
        ).fetchall()
    return [row[0] for row in rows]
