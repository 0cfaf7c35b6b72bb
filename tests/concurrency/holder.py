"""A process that uses one database the way the interface does, for the stress test.

It keeps a connection open for its whole life (the interface's own), writes through
it, and meanwhile opens further connections from threads and writes through those
(the interface's background work). Every write that returned is printed as one line,
``ack NOTE``, so the test can check afterwards that each one is in the database.

Usage: ``python -m tests.concurrency.holder DB ARTICLE_ID SECONDS THREADS``
"""

from __future__ import annotations

import sys
import threading
import time

from reader.annotations import create_annotation, list_annotations
from reader.store.database import ConnectionPool, open_database

_print_lock = threading.Lock()


def _ack(note: str) -> None:
    with _print_lock:
        print(f"ack {note}", flush=True)


def _thread_writer(path: str, article_id: int, deadline: float, number: int) -> None:
    """Opens a connection per write, as a one-off background job does."""
    count = 0
    while time.monotonic() < deadline:
        db = open_database(path, light=True)
        try:
            note = f"holder-open-{number}-{count}"
            create_annotation(db, article_id, 0, 2, note=note)
            _ack(note)
            list_annotations(db, article_ids=[article_id])
        finally:
            db.conn.close()
        count += 1


def _pool_writer(pool: ConnectionPool, article_id: int, deadline: float, number: int) -> None:
    """Borrows a pooled connection per write, as the interface's workers do."""
    count = 0
    while time.monotonic() < deadline:
        with pool.connection() as db:
            note = f"holder-pool-{number}-{count}"
            create_annotation(db, article_id, 2, 4, note=note)
            _ack(note)
        count += 1


def main() -> int:
    path, article_id, seconds, threads = (
        sys.argv[1],
        int(sys.argv[2]),
        float(sys.argv[3]),
        int(sys.argv[4]),
    )
    pool = ConnectionPool(path)
    deadline = time.monotonic() + seconds
    workers = [
        threading.Thread(target=_thread_writer, args=(path, article_id, deadline, n))
        for n in range(threads)
    ] + [
        threading.Thread(target=_pool_writer, args=(pool, article_id, deadline, n))
        for n in range(threads)
    ]
    for worker in workers:
        worker.start()
    count = 0
    while time.monotonic() < deadline:
        note = f"holder-main-{count}"
        create_annotation(pool.main, article_id, 4, 6, note=note)
        _ack(note)
        list_annotations(pool.main, article_ids=[article_id])
        count += 1
    for worker in workers:
        worker.join()
    pool.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
