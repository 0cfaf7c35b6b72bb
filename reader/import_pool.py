"""Preparing a large import on every core: worker processes read, hash, parse, fold
and deflate; the calling thread only settles their results and writes.

Only small results cross the process boundary: each file's digest and signature and,
for a file the store does not hold, its clean text, fold and deflated raw text (the
raw text itself stays in the worker). A worker is given a whole batch at a time, and
at most :data:`WINDOW` batches per worker are in flight, so memory stays flat however
far the workers run ahead of the writer. Workers are started with ``spawn`` (the
interface imports from a thread, and forking a threaded process is unsafe) and end
with their parent however it dies (:mod:`reader.entities.lifeline`). Starting them
costs a second or two, so a small import stays in-process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from reader.import_prepare import BatchPreparer, Outcome, PreparedBatch, prepare_files

#: Files to read below which an import stays in this process. A worker's start costs
#: ~0.2 s of CPU (1.2-1.6 s wall on a loaded machine) and saves ~0.7 ms an article
#: against the in-process thread, so the pool pays from several hundred files.
POOL_MIN_FILES = 1000

#: Batches in flight per worker: one being prepared, one waiting to be written.
WINDOW = 2


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def pool_size(files_to_read: int, processes: int | None = None) -> int:
    """How many worker processes an import of ``files_to_read`` files uses: none (0)
    for a small import or a single core, else one per core (``processes`` forces it)."""
    if processes is not None:
        return max(0, processes)
    available = cores()
    return available if files_to_read >= POOL_MIN_FILES and available > 1 else 0


def _start_worker(parent_pid: int) -> None:
    """A worker's first act: end with its parent, then build the fold's tables once.

    Ctrl-C reaches the whole process group; the parent alone answers it (and shuts
    the pool down), so a worker ignores it rather than print a traceback. (Imported
    here: the entities package is not for the commands that only import.)"""
    from reader.entities.lifeline import follow_parent
    from reader.folding import fold_text

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    follow_parent(parent_pid)

    fold_text("")


def prepared_in_pool(
    preparer: BatchPreparer, batches: list[list[Path]], workers: int
) -> Iterator[PreparedBatch]:
    """Each batch prepared by ``workers`` processes, in order. If the pool breaks (a
    worker killed), the remaining batches are prepared in this process."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    )
    queue = iter(batches)
    in_flight: deque[tuple[list[Path], Future[list[Outcome]]]] = deque()

    def submit(paths: list[Path]) -> None:
        in_flight.append((paths, pool.submit(prepare_files, preparer.tasks(paths))))

    try:
        for paths in queue:
            submit(paths)
            if len(in_flight) >= WINDOW * workers:
                break
        while in_flight:
            paths, future = in_flight.popleft()
            try:
                outcomes = future.result()
            except BrokenProcessPool:
                yield preparer.prepare(paths)
                for waiting, _ in in_flight:
                    yield preparer.prepare(waiting)
                for rest in queue:
                    yield preparer.prepare(rest)
                return
            following = next(queue, None)
            if following is not None:
                submit(following)
            yield preparer.receive(paths, outcomes)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
