"""Rows of the ``browse_*`` views, read through sqlite-utils.

The views already say what a row is (see :mod:`reader.store.views`); sqlite-utils'
rows API turns a filtered, ordered view into dictionaries keyed by column, which is
exactly what a table export (CSV) needs, with no column list kept here to drift from
the view. The interface's connection is a bare one (it does not load sqlite-utils at
start-up), so it is wrapped here, without turning on recursive triggers.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from reader.store.database import Database, store_errors


def _wrap(db: Database) -> Any:
    import sqlite_utils

    if isinstance(db, sqlite_utils.Database):
        return db
    return sqlite_utils.Database(db.conn, recursive_triggers=False)


def annotation_columns(db: Database) -> list[str]:
    """The columns of ``browse_annotations``, in the view's order."""
    with store_errors(db):
        return [column.name for column in _wrap(db)["browse_annotations"].columns]


def annotation_rows(
    db: Database,
    article_ids: Sequence[int] | None = None,
    tag_keys: Sequence[str] | None = None,
) -> Iterator[dict[str, Any]]:
    """The annotations that are not deleted, as ``browse_annotations`` rows, in article
    and reading order; only those of ``article_ids`` and/or carrying any of the tags
    whose key (fold) is in ``tag_keys``, when given."""
    where: list[str] = []
    params: list[object] = []
    if article_ids is not None:
        where.append(f"article_id IN ({', '.join('?' * len(article_ids))})")
        params.extend(article_ids)
    if tag_keys is not None:
        where.append(
            "EXISTS (SELECT 1 FROM annotation_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.annotation_id = browse_annotations.id "
            f"AND t.key IN ({', '.join('?' * len(tag_keys))}))"
        )
        params.extend(tag_keys)
    view = _wrap(db)["browse_annotations"]
    with store_errors(db):
        yield from view.rows_where(
            " AND ".join(where) or None,
            params,
            order_by="article_id, start_offset, id",
        )
