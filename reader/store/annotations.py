"""Annotation, tag and anchor-history rows: every SQL statement about annotations.

Functions that write expect to run inside the caller's ``write_transaction`` (the
service in :mod:`reader.annotations` makes each user action one transaction); they do
not open their own, so a failure anywhere in an action rolls back all of it.

Every note is written through :func:`~reader.text_safety.strip_controls` here, the one
door notes pass on their way in (the reader, the command line, imported annotation
files): no escape sequence or control character is stored, newlines and tabs are.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from reader.anchoring import AnchorStatus, Selector
from reader.store.database import Database, store_errors
from reader.text_safety import strip_controls


@dataclass(frozen=True)
class AnnotationRow:
    """One annotation as stored; ``tags`` are ``(name, key)`` pairs in order."""

    id: int
    article_id: int
    version_id: int
    selector: Selector
    status: AnchorStatus
    note: str
    color: str | None
    tags: tuple[tuple[str, str], ...]
    created_at: str
    updated_at: str
    deleted_at: str | None
    source_iri: str | None = None


@dataclass(frozen=True)
class StoredAnchor:
    """What re-anchoring needs of an annotation (deleted ones included)."""

    id: int
    version_id: int
    selector: Selector
    status: AnchorStatus


_SELECT = """
    SELECT a.id, a.article_id, a.version_id, a.start_offset, a.end_offset, a.exact,
           a.prefix, a.suffix, a.status, a.note, a.color, a.created_at, a.updated_at,
           a.deleted_at,
           (SELECT json_group_array(json_array(name, key)) FROM (
                SELECT t.name, t.key FROM annotation_tags l JOIN tags t ON t.id = l.tag_id
                WHERE l.annotation_id = a.id ORDER BY l.position)),
           a.source_iri
    FROM annotations a
"""


def _row(row: tuple) -> AnnotationRow:
    return AnnotationRow(
        id=row[0],
        article_id=row[1],
        version_id=row[2],
        selector=Selector(start=row[3], end=row[4], exact=row[5], prefix=row[6], suffix=row[7]),
        status=AnchorStatus(row[8]),
        note=row[9],
        color=row[10],
        created_at=row[11],
        updated_at=row[12],
        deleted_at=row[13],
        tags=tuple((name, key) for name, key in json.loads(row[14])),
        source_iri=row[15],
    )


def insert_annotation(
    db: Database,
    article_id: int,
    version_id: int,
    selector: Selector,
    note: str,
    color: str | None,
    stamp: str,
) -> int:
    cursor = db.conn.execute(
        """
        INSERT INTO annotations (article_id, version_id, start_offset, end_offset, exact,
            prefix, suffix, note, color, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            article_id,
            version_id,
            selector.start,
            selector.end,
            selector.exact,
            selector.prefix,
            selector.suffix,
            strip_controls(note),
            color,
            stamp,
            stamp,
        ),
    )
    assert cursor.lastrowid is not None
    return cursor.lastrowid


def set_tags(db: Database, annotation_id: int, tags: Sequence[tuple[str, str]], stamp: str) -> None:
    """Replace an annotation's tags with ``(name, key)`` pairs, in order.

    A tag already known by its key keeps the name it was first given.
    """
    db.conn.execute("DELETE FROM annotation_tags WHERE annotation_id = ?", (annotation_id,))
    for position, (name, key) in enumerate(tags):
        db.conn.execute(
            "INSERT INTO tags (key, name, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO NOTHING",
            (key, name, stamp),
        )
        db.conn.execute(
            "INSERT INTO annotation_tags (annotation_id, tag_id, position) "
            "SELECT ?, id, ? FROM tags WHERE key = ?",
            (annotation_id, position, key),
        )


def update_fields(db: Database, annotation_id: int, fields: dict[str, object], stamp: str) -> None:
    """Set ``note`` and/or ``color`` (either may be absent) and bump ``updated_at``."""
    allowed = {"note", "color"}
    if not set(fields) <= allowed:
        raise ValueError(f"cannot update {sorted(set(fields) - allowed)}")
    note = fields.get("note")
    if isinstance(note, str):
        fields = {**fields, "note": strip_controls(note)}
    assignments = "".join(f"{name} = ?, " for name in fields)
    db.conn.execute(
        f"UPDATE annotations SET {assignments}updated_at = ? WHERE id = ?",
        (*fields.values(), stamp, annotation_id),
    )


def set_source_iri(db: Database, annotation_id: int, source_iri: str | None) -> None:
    """Name the text an annotation's selectors count in when this database lacks it."""
    db.conn.execute(
        "UPDATE annotations SET source_iri = ? WHERE id = ?", (source_iri, annotation_id)
    )


def save_revision(db: Database, annotation_id: int, reason: str, stamp: str) -> None:
    """Copy an annotation's note, colour and tags (and when they were made) to its
    revisions, before they are replaced."""
    db.conn.execute(
        """
        INSERT INTO annotation_revisions (annotation_id, note, color, tags, updated_at,
            reason, replaced_at)
        SELECT a.id, a.note, a.color,
               (SELECT json_group_array(name) FROM (
                    SELECT t.name FROM annotation_tags l JOIN tags t ON t.id = l.tag_id
                    WHERE l.annotation_id = a.id ORDER BY l.position)),
               a.updated_at, ?, ?
        FROM annotations a WHERE a.id = ?
        """,
        (reason, stamp, annotation_id),
    )


@dataclass(frozen=True)
class Revision:
    """A note, colour and tags an annotation had until ``replaced_at``."""

    note: str
    color: str | None
    tags: tuple[str, ...]
    updated_at: str
    reason: str
    replaced_at: str


def revisions(db: Database, annotation_id: int) -> list[Revision]:
    """The annotation's earlier notes, colours and tags, oldest first."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT note, color, tags, updated_at, reason, replaced_at
            FROM annotation_revisions WHERE annotation_id = ? ORDER BY id
            """,
            (annotation_id,),
        ).fetchall()
    return [
        Revision(row[0], row[1], tuple(json.loads(row[2])), row[3], row[4], row[5]) for row in rows
    ]


def set_deleted(db: Database, annotation_id: int, deleted_at: str | None) -> None:
    db.conn.execute(
        "UPDATE annotations SET deleted_at = ? WHERE id = ?", (deleted_at, annotation_id)
    )


def version_text(db: Database, article_id: int, version_id: int) -> str | None:
    """The clean text of one version of one article (None if it is not that article's)."""
    with store_errors(db):
        row = db.conn.execute(
            "SELECT clean_text FROM article_versions WHERE id = ? AND article_id = ?",
            (version_id, article_id),
        ).fetchone()
    return None if row is None else str(row[0])


def current_version_id(db: Database, article_id: int) -> int | None:
    with store_errors(db):
        row = db.conn.execute(
            "SELECT current_version_id FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
    return None if row is None else row[0]


def has_left_behind(db: Database, article_id: int, current_version_id: int) -> bool:
    """Whether a non-orphaned annotation still points at an older version (a re-anchoring
    that never ran, e.g. the process died between saving a version and re-anchoring)."""
    with store_errors(db):
        row = db.conn.execute(
            """
            SELECT 1 FROM annotations
            WHERE article_id = ? AND version_id <> ? AND status <> 'orphaned' LIMIT 1
            """,
            (article_id, current_version_id),
        ).fetchone()
    return row is not None


def get_row(db: Database, annotation_id: int) -> AnnotationRow | None:
    """The annotation with this id, deleted or not."""
    with store_errors(db):
        row = db.conn.execute(f"{_SELECT} WHERE a.id = ?", (annotation_id,)).fetchone()
    return None if row is None else _row(row)


def list_rows(
    db: Database,
    *,
    article_ids: Iterable[int] | None = None,
    tag_keys: Iterable[str] | None = None,
    statuses: Iterable[str] | None = None,
    version_id: int | None = None,
) -> list[AnnotationRow]:
    """Live (not deleted) annotations in document order: article, then start."""
    where = ["a.deleted_at IS NULL"]
    params: list[object] = []
    for column, values in (("a.article_id", article_ids), ("a.status", statuses)):
        if values is not None:
            values = list(values)
            where.append(f"{column} IN ({','.join('?' * len(values))})")
            params.extend(values)
    if tag_keys is not None:
        keys = list(tag_keys)
        where.append(
            "EXISTS (SELECT 1 FROM annotation_tags l JOIN tags t ON t.id = l.tag_id "
            f"WHERE l.annotation_id = a.id AND t.key IN ({','.join('?' * len(keys))}))"
        )
        params.extend(keys)
    if version_id is not None:
        where.append("a.version_id = ?")
        params.append(version_id)
    sql = (
        f"{_SELECT} WHERE {' AND '.join(where)} "
        "ORDER BY a.article_id, a.start_offset, a.end_offset, a.id"
    )
    with store_errors(db):
        return [_row(row) for row in db.conn.execute(sql, params)]


def stale_anchors(db: Database, article_id: int, current_version_id: int) -> list[StoredAnchor]:
    """Every annotation of the article not anchored to its current version."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT id, version_id, start_offset, end_offset, exact, prefix, suffix, status
            FROM annotations WHERE article_id = ? AND version_id <> ?
            ORDER BY id
            """,
            (article_id, current_version_id),
        ).fetchall()
    return [
        StoredAnchor(
            id=row[0],
            version_id=row[1],
            selector=Selector(row[2], row[3], row[4], row[5], row[6]),
            status=AnchorStatus(row[7]),
        )
        for row in rows
    ]


def replace_anchor(
    db: Database,
    old: StoredAnchor,
    version_id: int,
    selector: Selector,
    status: AnchorStatus,
    reason: str,
    stamp: str,
) -> bool:
    """Move an annotation to a new anchor, first copying the old one to the history.
    The new anchor counts in ``version_id``'s text, so ``source_iri`` is cleared.

    Does nothing and returns False if the stored anchor is no longer ``old`` (another
    process re-anchored or re-attached it meanwhile): the newer decision stands.
    """
    guard = "id = ? AND version_id = ? AND start_offset = ? AND end_offset = ? AND status = ?"
    guard_params = (old.id, old.version_id, old.selector.start, old.selector.end, old.status)
    copied = db.conn.execute(
        f"""
        INSERT INTO annotation_anchor_history (annotation_id, version_id, start_offset,
            end_offset, exact, prefix, suffix, status, reason, replaced_at, source_iri)
        SELECT id, version_id, start_offset, end_offset, exact, prefix, suffix, status, ?, ?,
               source_iri
        FROM annotations WHERE {guard}
        """,
        (reason, stamp, *guard_params),
    ).rowcount
    if not copied:
        return False
    db.conn.execute(
        f"""
        UPDATE annotations SET version_id = ?, start_offset = ?, end_offset = ?, exact = ?,
            prefix = ?, suffix = ?, status = ?, source_iri = NULL
        WHERE {guard}
        """,
        (
            version_id,
            selector.start,
            selector.end,
            selector.exact,
            selector.prefix,
            selector.suffix,
            status,
            *guard_params,
        ),
    )
    return True


@dataclass(frozen=True)
class HistoryEntry:
    """An anchor an annotation had before it was moved, orphaned or re-attached."""

    version_id: int
    selector: Selector
    status: AnchorStatus
    reason: str
    replaced_at: str


def anchor_history(db: Database, annotation_id: int) -> list[HistoryEntry]:
    """The annotation's earlier anchors, oldest first."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT version_id, start_offset, end_offset, exact, prefix, suffix, status,
                   reason, replaced_at
            FROM annotation_anchor_history WHERE annotation_id = ? ORDER BY id
            """,
            (annotation_id,),
        ).fetchall()
    return [
        HistoryEntry(
            version_id=row[0],
            selector=Selector(row[1], row[2], row[3], row[4], row[5]),
            status=AnchorStatus(row[6]),
            reason=row[7],
            replaced_at=row[8],
        )
        for row in rows
    ]


def annotations_stamp(db: Database) -> tuple[object, ...]:
    """What the list's annotation counts depend on, in one small read: the number of
    annotations and of live ones, the last change, and the tag links. It differs after
    any annotation is added, deleted, restored or tagged again; the interface compares
    it when another process has written, to count again only then."""
    with store_errors(db):
        row = db.conn.execute(
            "SELECT count(*), total(deleted_at IS NULL), max(updated_at), "
            "(SELECT count(*) || ':' || total(tag_id) FROM annotation_tags) FROM annotations"
        ).fetchone()
    return tuple(row)


def tag_counts(db: Database) -> list[tuple[str, str, int]]:
    """``(name, key, count)`` of every tag on a live annotation, most used first."""
    with store_errors(db):
        return db.conn.execute(
            """
            SELECT t.name, t.key, count(*) AS uses
            FROM tags t
            JOIN annotation_tags l ON l.tag_id = t.id
            JOIN annotations a ON a.id = l.annotation_id AND a.deleted_at IS NULL
            GROUP BY t.id
            ORDER BY uses DESC, t.key
            """
        ).fetchall()


def tag_names_with_prefix(db: Database, key_prefix: str, limit: int) -> list[str]:
    """Names of tags whose key starts with ``key_prefix``, most used first. Only tags a
    live annotation carries: one left behind by a deleted (or undone) annotation, or
    edited away, is not offered again."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT t.name
            FROM tags t
            LEFT JOIN annotation_tags l ON l.tag_id = t.id
            LEFT JOIN annotations a ON a.id = l.annotation_id AND a.deleted_at IS NULL
            WHERE substr(t.key, 1, length(?)) = ?
            GROUP BY t.id
            HAVING count(a.id) > 0
            ORDER BY count(a.id) DESC, t.key
            LIMIT ?
            """,
            (key_prefix, key_prefix, limit),
        ).fetchall()
    return [row[0] for row in rows]
