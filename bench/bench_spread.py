"""Spreading the corpus's names, as the first start after a change that brings new names
does it: each phase's wall, CPU and resident memory.

    python -m bench.bench_spread --db COPY [--relabel] [--rediscover] [--visit N]

``--relabel`` makes the copy's analyses this analyser's and forgets what was spread
(the state an analyser bump leaves once every text is analysed again, without the
hours of analysis): every recurring name is then new, and every text is visited.
``--rediscover`` forgets discovery's stored result, so discovery runs again (as after
an import that changed the newest texts).
``--visit N`` stops after N texts visited (a bounded part of the run, to extrapolate
from; the spreading state is then not saved). The phases are timed by wrapping the
functions :func:`reader.entities.analysis.spread_corpus_names` calls; RSS is sampled
every 20 ms by a thread. Writes to the store: run it on a copy.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.bench_entity_scale import load
from reader.entities import analysis
from reader.store import discovered
from reader.store.database import open_database


def rss_mb() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) // 1024
    return 0


class Sampler:
    """Peak RSS since the last :meth:`reset`, sampled by a daemon thread."""

    def __init__(self) -> None:
        self.peak = rss_mb()
        self.overall = self.peak
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            now = rss_mb()
            self.peak = max(self.peak, now)
            self.overall = max(self.overall, now)
            time.sleep(0.02)

    def reset(self) -> None:
        self.peak = rss_mb()


class Phases:
    """Wall, CPU, calls and peak RSS of each wrapped function, summed over calls."""

    def __init__(self, sampler: Sampler) -> None:
        self.sampler = sampler
        self.figures: dict[str, list[float]] = {}

    def wrap(self, owner: Any, name: str, label: str | None = None) -> None:
        inner: Callable[..., Any] = getattr(owner, name)
        label = label or name

        def timed(*args: Any, **kwargs: Any) -> Any:
            wall, cpu = time.perf_counter(), time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                found = self.figures.setdefault(label, [0.0, 0.0, 0, 0])
                found[0] += time.perf_counter() - wall
                found[1] += time.process_time() - cpu
                found[2] += 1
                found[3] = max(found[3], self.sampler.peak)

        setattr(owner, name, timed)


class Enough(Exception):
    """Raised after ``--visit`` texts."""


def relabel(db_path: Path) -> None:
    db = open_database(db_path)
    with db.conn:
        db.conn.execute("UPDATE entity_analyses SET analyzer = ?", (analysis.analyzer_id(),))
        db.conn.execute("UPDATE entity_texts SET analyzer = ?", (analysis.analyzer_id(),))
        db.conn.execute(
            "DELETE FROM settings WHERE key IN (?, ?)",
            (analysis.SPREAD_SETTING, analysis.SPREAD_MARKER),
        )
    db.conn.close()


def rediscover(db_path: Path) -> None:
    db = open_database(db_path)
    with db.conn:
        db.conn.execute("DELETE FROM settings WHERE key = ?", (discovered.DIGEST_SETTING,))
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--relabel", action="store_true")
    parser.add_argument("--rediscover", action="store_true")
    parser.add_argument("--visit", type=int, default=0)
    args = parser.parse_args()
    print(
        f"# spreading the corpus's names — {platform.platform()}, {os.cpu_count()} CPUs; "
        f"{args.db}; {load()}"
    )
    if args.relabel:
        relabel(args.db)
    if args.rediscover:
        rediscover(args.db)
    sampler = Sampler()
    phases = Phases(sampler)
    store = analysis.corpus_names
    for name in (
        "current_versions",
        "recurring_names",
        "counted_recurring_names",
        "organisation_keys",
        "declared_names",
    ):
        if hasattr(store, name):
            phases.wrap(store, name)
    counts = getattr(analysis, "entity_counts", None)
    for name in ("ensure_counted", "Corrections", "counted_organisations", "counted_declarations"):
        if counts is not None:
            phases.wrap(counts, name)
    for name in (
        "corpus_discovery",
        "_add_discovered",
        "with_short_forms",
        "NameIndex",
        "_save_spread",
        "_texts",
    ):
        phases.wrap(analysis, name)
    phases.wrap(store, "occurrences")
    phases.wrap(analysis, "spread_text")
    visited = 0
    if args.visit:
        texts = analysis._texts

        def counted(db: Any, batch: Any) -> Any:
            nonlocal visited
            if visited >= args.visit:
                raise Enough
            visited += len(batch)
            return texts(db, batch)

        analysis._texts = counted  # type: ignore[assignment]
    db = open_database(args.db)
    print(f"RSS after opening: {rss_mb()} MB")
    wall, cpu = time.perf_counter(), time.process_time()
    articles = None
    with contextlib.suppress(Enough):
        articles = analysis.spread_corpus_names(db, analysis.analyzer_id(), set())
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print("phase | calls | wall s | CPU s | peak RSS so far MB (at its end)")
    for label, (w, c, calls, peak) in phases.figures.items():
        print(f"{label} | {calls} | {w:.1f} | {c:.1f} | {peak}")
    total = len(store.current_versions(db))
    print(
        f"total: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {sampler.overall} MB; "
        f"texts visited {visited or total} of {total}; articles rebuilt {articles}; {load()}"
    )


if __name__ == "__main__":
    main()
