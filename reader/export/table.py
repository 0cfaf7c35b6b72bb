"""Annotations as one CSV table, for spreadsheets and data tools.

One row per annotation that is not deleted, with the columns of the
``browse_annotations`` view (article title, quote, tags as a JSON array, note, status,
offsets, times, IRI), read through :mod:`reader.store.rows`. A spreadsheet runs a cell
that starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) as a
formula, and quotes and notes are text anyone may have written, so such a cell is
written with a leading apostrophe, the usual mark for "this is text". The JSON
export keeps every value exactly.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from reader.annotations import tag_key
from reader.store import rows

if TYPE_CHECKING:
    from reader.store.database import Database

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def annotations_csv(
    db: Database,
    article_ids: Sequence[int] | None = None,
    tags: Sequence[str] | None = None,
) -> str:
    """The selected annotations as CSV text (header row first, ``\\n`` line ends)."""
    keys = None if tags is None else [tag_key(tag) for tag in tags]
    columns = rows.annotation_columns(db)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows.annotation_rows(db, article_ids, keys):
        writer.writerow([_cell(row[column]) for column in columns])
    return buffer.getvalue()
