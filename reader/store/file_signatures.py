"""What a file looked like (its ``stat``) when its bytes were last hashed on import.

Re-importing a large unchanged corpus would otherwise read and hash every file. As
git does with its index, a file whose stat signature (size, modification and change
times in nanoseconds, inode, device: :func:`reader.ingest.files.stat_signature`) is
exactly the one recorded when its bytes hashed to ``raw_sha256`` is taken to hold
those bytes still, without being opened.

A signature is trusted only if it was recorded well after the file last changed: a
file changed again within the timestamp granularity of the moment it was read could
keep its signature with other bytes ("racy" in git's words), so the importer hashes
such a file again (see :mod:`reader.import_prepare`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from reader.ingest.files import Signature
from reader.store.database import Database, store_errors, write_transaction

#: A recorded signature: the stat, the SHA-256 the file's bytes had, and when it was
#: taken (``time.time_ns()`` after the bytes were read).
Recorded = tuple[Signature, str, int]


def load_signatures(db: Database) -> dict[str, Recorded]:
    """Every recorded signature by path key, in one query."""
    return dict(iter_signatures(db))


def iter_signatures(db: Database) -> Iterator[tuple[str, Recorded]]:
    """Every recorded signature with its path key, one at a time (an importer keeps
    only those it can trust, in a compact form: 100,000 of them are tens of MB)."""
    with store_errors(db):
        cursor = db.conn.execute(
            "SELECT path, size, mtime_ns, ctime_ns, inode, device, raw_sha256, recorded_ns "
            "FROM file_signatures"
        )
        for row in cursor:
            yield row[0], ((row[1], row[2], row[3], row[4], row[5]), row[6], row[7])


def record_signatures(db: Database, rows: Sequence[tuple[str, Signature, str, int]]) -> None:
    """Remember ``(path key, signature, raw_sha256, recorded_ns)`` of files whose bytes
    were just hashed, in the transaction that stores what they hold."""
    if not rows:
        return
    with store_errors(db), write_transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO file_signatures "
            "(path, size, mtime_ns, ctime_ns, inode, device, raw_sha256, recorded_ns) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(key, *signature, digest, recorded) for key, signature, digest, recorded in rows],
        )
