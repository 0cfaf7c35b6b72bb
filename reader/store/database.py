"""Opening the SQLite store safely, the connection policy, and write transactions.

The store must never lose what a user saved and never damage a file that is not
ours. Three rules keep both promises:

- **Only SQLite touches the database file.** POSIX advisory locks belong to the
  process, so opening and closing the file (or its ``-wal`` or ``-shm``) with anything
  but SQLite would silently drop the locks this process's connections hold; another
  process could then checkpoint and delete the write-ahead log under them, losing
  writes and corrupting the file. A file is therefore inspected through a read-only
  SQLite connection (SQLite says "file is not a database" without writing).
- **A file is accepted before anything is written to it.** A missing or empty file
  becomes a new reader database; a file marked with reader's ``application_id``, or
  an older reader database from before that mark (recognised by its tables), is
  opened; any other SQLite file (another application's) and any non-SQLite file is
  refused, untouched: same bytes, no side files. Only then is the file switched to
  WAL, migrated and marked.
- **Every write runs inside ``BEGIN IMMEDIATE``,** so two processes serialise instead
  of deadlocking; WAL plus a busy timeout lets readers and a writer work at once.

Connection policy: a command-line process opens one connection with
:func:`open_database` and closes it on exit. The interface opens a
:class:`ConnectionPool`: one long-lived connection for its event loop (``main``) and
a small set of connections that background threads borrow for one job each and give
back; all of them live until the interface quits. A pooled connection is opened
without the acceptance check (the file was accepted when the pool opened), so the
only cost of a background job is the borrow. Any number of such processes (several
interfaces, any number of commands) may use one database at the same time.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol, overload
from urllib.parse import quote

from reader.errors import StoreError
from reader.store import compact, entity_layout, schema
from reader.store.space import describe_full

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


BUSY_TIMEOUT_MS = 5000
#: Idle connections a :class:`ConnectionPool` keeps for its threads.
POOL_SIZE = 4


class _Verdict(Enum):
    NEW = "new"  # missing, empty, or an SQLite file without tables
    READER = "reader"  # marked as reader's, or an unmarked older reader database


@overload
def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    light: Literal[False] = False,
    progress: compact.Progress | None = None,
) -> sqlite_utils.Database: ...


@overload
def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    light: Literal[True],
    progress: compact.Progress | None = None,
) -> Connection: ...


def open_database(
    path: Path | str,
    *,
    migrate: bool = True,
    light: bool = False,
    progress: compact.Progress | None = None,
) -> sqlite_utils.Database | Connection:
    """Open (creating if needed) the reader database at ``path``, as a
    ``sqlite_utils.Database``, or with ``light`` as a bare :class:`Connection`.

    Raises :class:`StoreError` with a one-line message, leaving the file untouched, for
    a file that is not SQLite, another application's database, a database from a
    newer schema, or one that cannot be written. A database from before the compact
    layout is converted first (see :mod:`reader.store.compact`), ``progress`` told
    after each batch; interrupted, the next open resumes it. Safe to call from any thread at any
    time, whatever connections this process already holds.
    sqlite-utils is imported here, not at module level, and only when asked for.
    """
    path = Path(path)
    verdict = _accept(path)
    connection = _connect(path)
    db: sqlite_utils.Database | Connection
    if light:
        db = Connection(connection)
    else:
        import sqlite_utils

        db = sqlite_utils.Database(connection)
    try:
        version = schema.current_version(db)
        if version > schema.LATEST_VERSION:
            raise StoreError(
                f"database {path} has schema version {version}, newer than this reader "
                f"understands ({schema.LATEST_VERSION}); upgrade reader to open it"
            )
        _configure(db)
        if migrate and (version < schema.LATEST_VERSION or not schema.is_marked(db)):
            _migrate(db, path)
        if migrate and compact.conversion_pending(db):
            compact.finish_conversion(db, progress)
        if migrate and entity_layout.conversion_pending(db):
            entity_layout.finish_conversion(db, progress)
    except StoreError:
        connection.close()
        raise
    except sqlite3.DatabaseError as error:
        connection.close()
        if verdict is _Verdict.NEW and path.exists() and path.stat().st_size == 0:
            path.unlink(missing_ok=True)
        raise StoreError(_describe(path, error)) from None
    return db


def open_empty_database() -> sqlite_utils.Database:
    """A reader database in memory: the latest schema, no rows.

    A command that only reads is given this when the database file does not exist
    yet, so it answers "nothing yet" without creating the file (an empty folder stays
    empty). Whatever such a command computes in it (pending analysis) is dropped.
    """
    import sqlite_utils

    db = sqlite_utils.Database(sqlite3.connect(":memory:", check_same_thread=False))
    db.conn.execute("PRAGMA foreign_keys = ON")
    with write_transaction(db):
        schema.migrate(db)
        schema.mark(db)
    return db


def _migrate(db: Database, path: Path) -> None:
    """Bring the schema up to date and mark the file as reader's, in one transaction.

    A database that can only be read is still opened for reading when it is already
    at the latest schema: only the mark would be missing, and that can wait.
    """
    try:
        with write_transaction(db):
            schema.migrate(db)
            schema.mark(db)
    except StoreError as error:
        up_to_date = schema.current_version(db) == schema.LATEST_VERSION
        if not (up_to_date and "read-only" in str(error)):
            raise


def _uri(path: Path, **parameters: str) -> str:
    """A ``file:`` URI for ``path``: any byte of the name is percent-encoded, so names
    with ``?``, ``#``, ``%`` or bytes that are not UTF-8 reach SQLite intact."""
    encoded = quote(os.fsencode(os.path.abspath(path)), safe="/")
    query = "&".join(f"{key}={value}" for key, value in parameters.items())
    return f"file:{encoded}" + (f"?{query}" if query else "")


def _connect(path: Path) -> sqlite3.Connection:
    try:
        connection = _open(path)
        try:
            connection.execute("PRAGMA schema_version").fetchone()
        except sqlite3.OperationalError as error:
            if not _only_readable(path, error):
                raise
            connection.close()
            connection = _open(path, mode="ro", immutable="1")
    except sqlite3.Error as error:
        raise StoreError(f"cannot open database {path}: {error}") from None
    return connection


def _open(path: Path, **parameters: str) -> sqlite3.Connection:
    connection = sqlite3.connect(
        _uri(path, **parameters), uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    return connection


def _only_readable(path: Path, error: sqlite3.OperationalError) -> bool:
    """Whether ``path`` is a WAL database SQLite cannot open for writing because it
    cannot make its ``-shm`` file beside it (a read-only folder or file system: a backup
    on read-only media), so that it is to be read as ``immutable``.

    Without this even ``reader list`` failed with "unable to open database file". It
    holds only when no ``-wal`` holds anything: then every committed write is in the
    main file, and no writer is at work, since a writer shares the ``-shm`` file this
    process cannot open. Writes on the connection fail as "read-only: cannot save
    changes".
    """
    if "unable to open" not in str(error):
        return False
    wal = path.with_name(path.name + "-wal")
    try:
        return path.stat().st_size > 0 and (not wal.exists() or wal.stat().st_size == 0)
    except OSError:
        return False


def _accept(path: Path) -> _Verdict:
    """Decide, without writing anything, whether ``path`` may be used as reader's
    database; raise :class:`StoreError` if not.

    The file is read through SQLite alone (see the module docstring). When no
    ``-wal`` file exists the whole database is in the main file, and it is read as
    ``immutable``: no locks and no side files, so another application's WAL-mode file
    is left exactly as it was. When a ``-wal`` exists (a database in use, or left by
    a crash) an ordinary read-only connection sees what the log holds.
    """
    if path.is_dir():
        raise StoreError(f"database path {path} is a folder, not a file")
    if not path.exists():
        if not path.parent.exists():
            raise StoreError(f"cannot create database {path}: folder {path.parent} does not exist")
        return _Verdict.NEW
    try:
        if path.stat().st_size == 0:
            return _Verdict.NEW
    except OSError as error:
        raise StoreError(f"cannot read database {path}: {error.strerror}") from None
    wal = path.with_name(path.name + "-wal")
    try:
        facts = _inspect(path, immutable=not wal.exists())
    except sqlite3.DatabaseError as error:
        if "not a database" in str(error):
            raise StoreError(
                f"{path} is not a reader database (not an SQLite file); left untouched"
            ) from None
        try:  # a torn read of a file being checkpointed: read again, with locks
            facts = _inspect(path, immutable=False)
        except sqlite3.Error as again:
            raise StoreError(_describe(path, again)) from None
    return _judge(path, facts)


@dataclass(frozen=True)
class _Facts:
    application_id: int
    user_version: int
    tables: frozenset[str]


def _inspect(path: Path, *, immutable: bool) -> _Facts:
    parameters = {"mode": "ro", **({"immutable": "1"} if immutable else {})}
    try:
        connection = sqlite3.connect(
            _uri(path, **parameters), uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        raise StoreError(f"cannot read database {path}: {error}") from None
    try:
        application_id = connection.execute("PRAGMA application_id").fetchone()[0]
        user_version = connection.execute("PRAGMA user_version").fetchone()[0]
        tables = frozenset(
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not name.startswith("sqlite_")
        )
    finally:
        connection.close()
    return _Facts(int(application_id), int(user_version), tables)


def _judge(path: Path, facts: _Facts) -> _Verdict:
    if facts.application_id == schema.APPLICATION_ID:
        return _Verdict.READER
    if facts.application_id != 0:
        raise StoreError(
            f"{path} belongs to another application (SQLite application_id "
            f"{facts.application_id:#010x}); left untouched"
        )
    if not facts.tables and facts.user_version == 0:
        return _Verdict.NEW
    if facts.user_version >= 1 and facts.tables >= schema.FIRST_TABLES:
        return _Verdict.READER
    shown = ", ".join(sorted(facts.tables)[:5]) or "no tables"
    raise StoreError(f"{path} is another application's SQLite database ({shown}); left untouched")


def _configure(db: Database) -> None:
    conn = db.conn
    conn.execute("PRAGMA foreign_keys = ON")
    mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
    if mode != "wal":
        with contextlib.suppress(sqlite3.OperationalError):  # read-only still opens to read
            conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")


class ConnectionPool:
    """The connections one process holds to one database, for a program that works
    in several threads (the interface).

    ``main`` belongs to the thread that opened the pool and lives as long as the pool.
    Other threads call :meth:`connection` for the span of one job; the connection goes
    back to the pool afterwards (at most :data:`POOL_SIZE` are kept idle), so a
    background job neither re-inspects the file nor pays for a new connection.
    """

    def __init__(self, path: Path | str, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.main: Connection = open_database(self.path, migrate=migrate, light=True)
        self._idle: list[Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[Connection]:
        """A connection for this thread's job; given back when the block ends."""
        with self._lock:
            if self._closed:
                raise StoreError(f"database {self.path} is closed")
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = Connection(_connect(self.path))
            try:
                _configure(db)
            except sqlite3.Error as error:
                db.conn.close()
                raise StoreError(_describe(self.path, error)) from None
        try:
            yield db
        finally:
            if db.conn.in_transaction:
                db.conn.rollback()
            with self._lock:
                keep = not self._closed and len(self._idle) < POOL_SIZE
                if keep:
                    self._idle.append(db)
            if not keep:
                db.conn.close()

    def close(self) -> None:
        """Close every connection; a connection still borrowed closes when it returns."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.conn.close()
        self.main.conn.close()


def _describe(path: Path, error: sqlite3.Error) -> str:
    message = str(error)
    full = describe_full(path, message)
    if full is not None:
        return full
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


def data_version(db: Database) -> int:
    """SQLite's ``data_version`` of this connection: it changes when another
    connection (another process, or another thread's connection) commits to the file,
    and not for this connection's own writes. Reading it touches no page, so the
    interface polls it to notice what a ``reader`` command beside it has saved."""
    with store_errors(db):
        return int(db.conn.execute("PRAGMA data_version").fetchone()[0])


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
