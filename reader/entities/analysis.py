"""The entity pipeline: analyse every current text not yet analysed, then link.

Analysis output is cached by content hash with the analyser's identity (code version,
shipped word lists, jieba version), so unchanged texts are never analysed twice and a
new dictionary re-analyses everything once. A bulk import is spread over a pool of
worker processes (both cores), each of which ends when its parent dies, however it
dies; a few texts are analysed in-process, since starting a worker costs more than it
saves. Workers are started with ``spawn``: forking a process that runs threads (the
TUI calls this from a worker thread) is unsafe. Results are written by the calling
thread in small transactions, so a reader sees entities appear batch by batch and a
writer elsewhere is never locked out for long.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache

from reader.entities.extract import extract, warm_up
from reader.entities.lexicon import lexicon
from reader.entities.lifeline import follow_parent
from reader.store import entities as entity_store
from reader.store.database import Database, store_errors, write_transaction

#: Bump when extraction changes in a way the word lists do not show.
ANALYZER_VERSION = 2
#: Texts per task sent to a worker, and per write transaction.
BATCH = 16
#: Below this many pending texts the pool is not worth starting: a worker takes a
#: couple of seconds to start (Python, jieba's dictionary), a text about 25 ms.
POOL_THRESHOLD = 300

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AnalysisReport:
    #: Distinct texts analysed (cache misses).
    analysed: int
    #: Articles whose mentions were (re)built.
    articles: int
    #: Worker processes used (1: in-process).
    processes: int


@cache
def analyzer_id() -> str:
    """Identity of this analyser; a cached analysis by another one is redone."""
    import jieba

    return f"{ANALYZER_VERSION}:{lexicon().digest[:16]}:jieba-{jieba.__version__}"


def analyse_text(text: str) -> list[entity_store.Occurrence]:
    """The mentions in one text, as stored (runs in worker processes too)."""
    return [
        (c.start, c.end, c.surface, c.surface_key, c.key, c.kind.value, int(c.declared))
        for c in extract(text)
    ]


def _analyse_batch(texts: list[str]) -> list[list[entity_store.Occurrence]]:
    return [analyse_text(text) for text in texts]


def _start_worker(parent_pid: int) -> None:
    """A pool worker's first act: end with its parent (see :mod:`.lifeline`), then load
    what analysis needs."""
    follow_parent(parent_pid)
    warm_up()


def analyze_pending(
    db: Database, processes: int | None = None, progress: Progress | None = None
) -> AnalysisReport:
    """Analyse every current article version not analysed yet, and link the mentions.

    ``processes``: None chooses (a pool over all cores for a bulk import, in-process
    for a few texts); 1 forces in-process; more forces a pool of that size.
    ``progress(done, total)`` is called after each batch of texts. Safe to call from
    a worker thread with its own connection.
    """
    analyzer = analyzer_id()
    pending = entity_store.pending_texts(db, analyzer)
    workers = _workers(processes, len(pending))
    total = len(pending)
    articles = 0
    batches = [pending[i : i + BATCH] for i in range(0, total, BATCH)]
    done = 0
    for batch, results in _run(db, batches, workers):
        with store_errors(db), write_transaction(db):
            for (sha, _version), occurrences in zip(batch, results, strict=True):
                entity_store.save_analysis(db, sha, analyzer, occurrences)
            stale = entity_store.stale_articles(db, analyzer, [sha for sha, _ in batch])
            entity_store.rebuild_mentions(db, entity_store.Resolver(db), stale, analyzer)
        articles += len(stale)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    remaining = entity_store.stale_articles(db, analyzer)
    if remaining:
        with store_errors(db), write_transaction(db):
            entity_store.rebuild_mentions(db, entity_store.Resolver(db), remaining, analyzer)
        articles += len(remaining)
    return AnalysisReport(total, articles, workers)


def _workers(processes: int | None, pending: int) -> int:
    if processes is not None:
        return max(1, min(processes, pending))
    cores = os.cpu_count() or 1
    return cores if pending >= POOL_THRESHOLD and cores > 1 else 1


def _texts(db: Database, batch: Sequence[tuple[str, int]]) -> list[str]:
    texts = entity_store.version_texts(db, [version for _, version in batch])
    return [texts[version] for _, version in batch]


def _run(
    db: Database, batches: list[list[tuple[str, int]]], workers: int
) -> Iterator[tuple[list[tuple[str, int]], list[list[entity_store.Occurrence]]]]:
    """Each batch with its results, in order; texts are read by the calling thread."""
    if workers == 1 or len(batches) == 0:
        for batch in batches:
            yield batch, _analyse_batch(_texts(db, batch))
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        in_flight: list[tuple[list[tuple[str, int]], Future]] = []
        queue = iter(batches)
        for batch in queue:
            in_flight.append((batch, pool.submit(_analyse_batch, _texts(db, batch))))
            if len(in_flight) >= 2 * workers:
                break
        while in_flight:
            batch, future = in_flight.pop(0)
            following = next(queue, None)
            if following is not None:
                in_flight.append((following, pool.submit(_analyse_batch, _texts(db, following))))
            yield batch, future.result()
