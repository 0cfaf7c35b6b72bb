"""Saying plainly when a write failed for want of room.

SQLite reports running out of room as SQLITE_FULL, "database or disk is full", which
may mean the disk, the database's page limit (``max_page_count``) or a full folder
for temporary files; and a write the system refuses can surface as a bare "disk I/O
error". Only the space left on the database's disk tells which, so the message says
the disk is full when it is, and that the database is full otherwise.
"""

from __future__ import annotations

import shutil
from pathlib import Path

#: Below this much free space, a failed write is put down to a full disk: SQLite
#: writes in pages of a few KB, and a rollback may free a little of what it used.
LOW_SPACE_BYTES = 16 * 1024 * 1024

_FULL = "database or disk is full"
_IO_ERROR = "disk i/o error"


def describe_full(db_path: Path, message: str) -> str | None:
    """A one-line message if ``message`` (an SQLite error, or a store error quoting
    one) says a write failed for want of room; ``None`` for any other failure."""
    return space_message(db_path, message, free_bytes(db_path))


def space_message(db_path: Path, message: str, free: int | None) -> str | None:
    """:func:`describe_full` given the ``free`` bytes on the database's disk (``None``:
    unknown)."""
    lowered = message.lower()
    if _FULL not in lowered and _IO_ERROR not in lowered:
        return None
    if free is not None and free < LOW_SPACE_BYTES:
        return f"the disk holding {db_path} is full ({_size(free)} free): free some space"
    if _FULL in lowered:
        return f"database {db_path} is full: SQLite could not make it any larger"
    return None  # an I/O error with room to spare is some other fault


def explain_store_failure(db_path: Path, message: str) -> str:
    """``message`` as shown to the user: the plain words for a full disk or database,
    else unchanged."""
    return describe_full(db_path, message) or message


def free_bytes(db_path: Path) -> int | None:
    """Free bytes on the disk holding ``db_path`` (its folder), or ``None`` if unknown."""
    folder = Path(db_path).absolute().parent
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return None


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size // 1024} KB"
    return f"{size} bytes"
