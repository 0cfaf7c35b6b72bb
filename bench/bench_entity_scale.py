"""Entity views at 100,000 articles (issue 16): store queries and key → paint.

    python -m bench.entity_scale_store DB [--articles 100000] [--analysed 2000]
    python -m bench.bench_entity_scale --db DB [--samples 30] [--parts core,tui] [--trace]

The store is built once by :mod:`bench.entity_scale_store` (synthetic articles of
both scripts, a few thousand analysed for real, the rest copies of their structure
with other names, filled through the store's own write functions: see its docstring
for why and how); it took 56 minutes here at load 6–11, so it is kept and reused, and
nothing here is a test. The figures:

* ``core``: the store queries each view makes, timed directly, wall and CPU
  (``time.process_time``): an entity's article list (a page), its concordance (the
  first page of 200 lines and a page deep in), the browser's first page and count,
  a next page, a filter typed, an entity's names (the browser's detail line), and
  the per-article entity counts of the list column (a scan, made on a worker).
  Run against the code before this work, the same script times what that code did
  instead (the full article list of ``describe``, every entity read and folded).
* ``tui``: key → end of the next screen refresh through the Pilot on the real app
  (headless, 120×40): keys in the list, the reading pane, the entity panel, the
  concordance of an entity in ≥ 20,000 articles (``G`` reads the next page) and the
  browser (opening it, moving, filtering); the process's peak RSS throughout.
  Each key is also timed to its settled paint (the last refresh that drew anything:
  a key can paint twice, see :mod:`bench.bench_entity_scale_tui`).
  It waits 1 s after opening each article and before each browser opening, as a
  reader does. With ``--trace``, where each key's time went (collections, layout,
  paint, rows drawn: :mod:`bench.key_trace`) for its median and slowest samples.

Targets: a page of an entity's articles or concordance ≤ 20 ms p95, the browser
open ≤ 100 ms, every key ≤ 16 ms p95, RSS ≤ 300 MB. The machine is shared: the load
average is printed before and after each part.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import resource
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_tui import percentile
from reader.folding import fold_text
from reader.store import entities as entity_store
from reader.store.database import Database, open_database

#: The entity whose views are timed: the least widespread one in at least this many.
WIDESPREAD = 20_000
PAGED = hasattr(entity_store, "browse_entities")


def rss_mb() -> float:
    """This process's peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load() -> str:
    return "load average " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def timed(call: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    return walls, cpus


def report(name: str, walls: list[float], cpus: list[float], target: float | None) -> None:
    p95 = percentile(walls, 0.95)
    verdict = "" if target is None else ("  ok" if p95 <= target else "  OVER")
    print(
        f"{name:<52} wall median {statistics.median(walls):8.2f} p95 {p95:8.2f} ms · "
        f"CPU median {statistics.median(cpus):8.2f} p95 {percentile(cpus, 0.95):8.2f} ms"
        f"{verdict}"
    )


def pick_entity(db: Database) -> entity_store.EntitySummary:
    """The entity in the fewest articles among those in ≥ WIDESPREAD (else the top)."""
    entities = (
        entity_store.browse_entities(db, limit=50)
        if PAGED
        else entity_store.list_entities(db, include_hidden=True)[:50]
    )
    wide = [e for e in entities if e.articles >= WIDESPREAD]
    return wide[-1] if wide else entities[0]


def core(db: Database, runs: int) -> None:
    rng = random.Random(5)
    entity = pick_entity(db)
    top = entity_store.get_entity(db, pick_top(db))
    print(
        f"\n## core queries ({load()}); entity {entity.name!r}: {entity.articles:,} articles, "
        f"{entity.mentions:,} mentions; most widespread {top.articles:,} articles"
    )
    last_article = int(db.conn.execute("SELECT max(id) FROM articles").fetchone()[0])
    for who, chosen in (("≥20k", entity), ("top", top)):
        entity_queries(db, who, chosen, runs, lambda: rng.randint(1, last_article))
    browser_queries(db, runs)
    report(
        "entity counts per article (list column, worker)",
        *timed(lambda: entity_store.entity_counts(db), 1),
        None,
    )
    print(f"peak RSS {rss_mb():.0f} MB ({load()})")


def entity_queries(
    db: Database,
    who: str,
    chosen: entity_store.EntitySummary,
    runs: int,
    somewhere: Callable[[], int],
) -> None:
    """The queries of one entity's views; ``somewhere()`` is an article id to page from."""
    if PAGED:
        report(
            f"{who}: article list, first page (200)",
            *timed(lambda: entity_store.entity_articles(db, chosen.id), runs),
            20,
        )
        report(
            f"{who}: article list, a page deep in",
            *timed(
                lambda: entity_store.entity_articles(db, chosen.id, after=somewhere()),
                runs,
            ),
            20,
        )
    else:
        report(
            f"{who}: article list (describe: all of it)",
            *timed(lambda: entity_store.describe(db, [chosen.id]), max(3, runs // 5)),
            20,
        )
    report(
        f"{who}: concordance, first page (200 lines)",
        *timed(lambda: entity_store.concordance(db, chosen.id, 30, limit=200), runs),
        20,
    )
    if PAGED:
        report(
            f"{who}: concordance, a page deep in",
            *timed(
                lambda: entity_store.concordance(
                    db, chosen.id, 30, limit=200, after=(somewhere(), 0)
                ),
                runs,
            ),
            20,
        )
    report(
        f"{who}: names (the browser's detail line)",
        *timed(
            (lambda: entity_store.entity_names(db, chosen.id))
            if PAGED
            else (lambda: entity_store.describe(db, [chosen.id])),
            runs,
        ),
        16,
    )


def browser_queries(db: Database, runs: int) -> None:
    """What the browser reads: on opening, for a next page, for a filter typed."""
    if PAGED:
        report(
            "browser open: first page (200) and count",
            *timed(
                lambda: (entity_store.browse_entities(db), entity_store.count_entities(db)), runs
            ),
            100,
        )
        pages = [entity_store.browse_entities(db)]
        walls, cpus = [], []
        for _ in range(runs):
            w, c = timed(
                lambda: pages.append(entity_store.browse_entities(db, after=pages[-1][-1])), 1
            )
            walls += w
            cpus += c
        report(f"browser next page (pages 2–{runs + 1})", walls, cpus, 16)
        for typed in ("安", "安白", "Grok", "马斯克", "不存在"):
            folded = fold_text(typed)
            report(
                f"browser filter {typed!r}, first page",
                *timed(lambda q=folded: entity_store.browse_entities(db, query=q), 5),
                16,
            )
    else:
        every: list[tuple[entity_store.EntitySummary, str]] = []

        def open_all() -> None:
            every[:] = [
                (e, fold_text(e.name)) for e in entity_store.list_entities(db, include_hidden=True)
            ]

        report("browser open: every entity read and folded", *timed(open_all, 3), 100)
        print(f"  ({len(every):,} entities; RSS now {rss_mb():.0f} MB peak)")
        for typed in ("安", "安白", "Grok", "马斯克", "不存在"):
            query = fold_text(typed)
            report(
                f"browser filter {typed!r} (in memory)",
                *timed(lambda q=query: [e for e, f in every if q in f], 5),
                16,
            )


def pick_top(db: Database) -> int:
    row = db.conn.execute("SELECT id FROM entities ORDER BY articles DESC LIMIT 1").fetchone()
    return int(row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--parts", default="core,tui")
    parser.add_argument(
        "--trace", action="store_true", help="tui: print where the slowest keys' time went"
    )
    args = parser.parse_args()
    print(
        f"# entity views at scale — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, paged code: {PAGED}"
    )
    db = open_database(args.db)
    articles = int(db.conn.execute("SELECT count(*) FROM articles").fetchone()[0])
    entities = int(
        db.conn.execute("SELECT count(*) FROM entities WHERE articles > 0").fetchone()[0]
    )
    # the counts kept per entity: the same in every layout of the mentions
    mentions = int(db.conn.execute("SELECT sum(mentions) FROM entities").fetchone()[0] or 0)
    print(
        f"{articles:,} articles, {entities:,} entities, {mentions:,} mentions, "
        f"{args.db.stat().st_size / 1e9:.2f} GB"
    )
    parts = args.parts.split(",")
    try:
        if "core" in parts:
            core(db, args.samples)
    finally:
        db.conn.close()
    if "tui" in parts:
        from bench.bench_entity_scale_tui import run_tui

        asyncio.run(run_tui(args.db, args.samples, args.trace))


if __name__ == "__main__":
    main()
