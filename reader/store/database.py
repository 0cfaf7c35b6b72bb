"""Opening the SQLite store safely, and write transactions.

The store must never lose what a user saved and never damage a file that is not
ours: a garbage file at the database path is refused untouched, a database written by
a newer reader is refused, every write runs inside ``BEGIN IMMEDIATE`` so two
processes serialise instead of deadlocking, and WAL plus a busy timeout lets readers
and a writer work at once.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, overload

from reader.errors import StoreError
from reader.store import schema

if TYPE_CHECKING:
    import sqlite_utils


class Database(Protocol):
    """An open reader database, as the store's functions take it: all they use is the
    SQLite connection. A ``sqlite_utils.Database`` is one; so is :class:`Connection`."""

    @property
    def conn(self) -> sqlite3.Connection: ...


@dataclass(frozen=True)
class Connection:
    """A reader database without sqlite-utils: the interface opens the store this way
    because importing sqlite-utils (with click, pluggy and dateutil) costs about 40 ms
    before the first paint, and nothing there needs more than the connection."""

    conn: sqlite3.Connection


SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@overload
def open_database(
    path: Path | str, *, migrate: bool = True, light: Literal[False] = False
) -> sqlite_utils.Database: ...


@overload
def open_database(
    path: Path | str, *, migrate: bool = True, light: Literal[True]
) -> Connection: ...


def open_database(
    path: Path | str, *, migrate: bool = True, light: bool = False
) -> sqlite_utils.Database | Connection:
    """Open (creating if needed) the reader database at ``path``, as a
    ``sqlite_utils.Database``, or with ``light`` as a bare :class:`Connection`.

    Raises :class:`StoreError` with a one-line message for a file that is not SQLite,
    a database from a newer schema, or a database that cannot be written.
    sqlite-utils is imported here, not at module level, and only when asked for.
    """
    path = Path(path)
    _check_header(path)
    existed = path.exists()
    try:
        connection = sqlite3.connect(
            str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot open database {path}: {error}") from None
    db: sqlite_utils.Database | Connection
    if light:
        db = Connection(connection)
    else:
        import sqlite_utils

        db = sqlite_utils.Database(connection)
    try:
        connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = schema.current_version(db)
        if version > schema.LATEST_VERSION:
            raise StoreError(
                f"database {path} has schema version {version}, newer than this reader "
                f"understands ({schema.LATEST_VERSION}); upgrade reader to open it"
            )
        _configure(db)
        if migrate and version < schema.LATEST_VERSION:
            with write_transaction(db):
                schema.migrate(db)
    except StoreError:
        connection.close()
        raise
    except sqlite3.DatabaseError as error:
        connection.close()
        if not existed and path.exists() and path.stat().st_size == 0:
            path.unlink(missing_ok=True)
        raise StoreError(_describe(path, error)) from None
    return db


def _check_header(path: Path) -> None:
    if path.is_dir():
        raise StoreError(f"database path {path} is a folder, not a file")
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(f"cannot create database {path}: folder {path.parent} does not exist")
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"cannot read database {path}: {error.strerror}") from None
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a reader database (not an SQLite file); left untouched")


def _configure(db: Database) -> None:
    conn = db.conn
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        with contextlib.suppress(sqlite3.OperationalError):  # read-only still opens to read
            conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


def _describe(path: Path, error: sqlite3.Error) -> str:
    message = str(error)
    if "readonly" in message or "read-only" in message:
        return f"database {path} is read-only: cannot save changes"
    if "locked" in message or "busy" in message:
        return f"database {path} is busy: another program is writing to it; try again"
    if "not a database" in message or "malformed" in message:
        return f"{path} is not a usable reader database ({message})"
    return f"database error on {path}: {message}"


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """Run a block of writes as one ``BEGIN IMMEDIATE`` transaction.

    ``BEGIN IMMEDIATE`` takes the write lock up front, so a second writer waits on the
    busy timeout instead of failing half-way; on any exception everything is rolled
    back, so nothing is ever half-written. Nested use joins the outer transaction.
    """
    conn = db.conn
    if conn.in_transaction:
        yield db
        return
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as error:
        raise StoreError(_describe(Path(db_path(db)), error)) from None
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    try:
        conn.execute("COMMIT")
    except sqlite3.Error as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise StoreError(_describe(Path(db_path(db)), error)) from None


def db_path(db: Database) -> str:
    row = db.conn.execute("PRAGMA database_list").fetchone()
    return row[2] if row else ""


@contextmanager
def store_errors(db: Database | None = None) -> Iterator[None]:
    """Turn any ``sqlite3`` error raised in the block into a one-line :class:`StoreError`."""
    try:
        yield
    except sqlite3.Error as error:
        path = Path(db_path(db)) if db is not None else Path("database")
        raise StoreError(_describe(path, error)) from None
