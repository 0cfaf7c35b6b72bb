"""Random one- and two-character queries on a store as the user has it: the case the
query mix of ``bench_scale`` does not draw, where a short query starts hundreds of
indexed trigrams yet is in few enough articles that the first window of articles does
not fill a page (see :mod:`reader.store.search`).

    python -m bench.bench_short_queries --db STORE [--queries 150] [--rounds 3]

Substrings are drawn from the texts of random articles (one character in three, two
in three, never blank), then ``search_articles`` (a page of 50 articles) runs for each
with the index cut-over :data:`~reader.store.search.MAX_PREFIX_TERMS` at each value
asked, in turn, round after round: CPU and wall medians and p95 in ms, and the slowest.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from bench.bench_entity_scale import load
from reader.search import search_articles
from reader.store import search as search_store
from reader.store.articles import get_article
from reader.store.database import open_database


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--queries", type=int, default=150)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--caps", type=int, nargs="+", default=[search_store.MAX_PREFIX_TERMS])
    args = parser.parse_args()
    db = open_database(args.db)
    rng = random.Random(7)
    (last,) = db.conn.execute("SELECT max(id) FROM articles").fetchone()
    queries: list[str] = []
    for article in rng.sample(range(1, last + 1), args.queries):
        text = get_article(db, article).clean_text
        size, start = rng.choice((1, 2, 2)), rng.randrange(0, max(1, len(text) - 2))
        if text[start : start + size].strip():
            queries.append(text[start : start + size])
    print(f"# short queries: {len(queries)} on {args.db} ({load()})")
    figures: dict[int, tuple[list[float], list[float]]] = {cap: ([], []) for cap in args.caps}
    kept = search_store.MAX_PREFIX_TERMS
    try:
        for _ in range(args.rounds):
            for cap in args.caps:
                search_store.MAX_PREFIX_TERMS = cap
                walls, cpus = figures[cap]
                for query in queries:
                    wall, cpu = time.perf_counter(), time.process_time()
                    search_articles(db, query, article_limit=50)
                    cpus.append((time.process_time() - cpu) * 1000)
                    walls.append((time.perf_counter() - wall) * 1000)
    finally:
        search_store.MAX_PREFIX_TERMS = kept
    print(f"(done, {load()})")
    print("cut-over | CPU median / p95 / max ms | wall median / p95 ms | slowest (CPU ms)")
    for cap, (walls, cpus) in figures.items():
        worst = sorted(range(len(cpus)), key=lambda i: -cpus[i])[:4]
        slowest = ", ".join(f"{queries[i % len(queries)]!r} {cpus[i]:.0f}" for i in worst)
        print(
            f"{cap} | {statistics.median(cpus):.2f} / {percentile(cpus, 0.95):.2f} / "
            f"{max(cpus):.0f} | {statistics.median(walls):.2f} / {percentile(walls, 0.95):.2f}"
            f" | {slowest}"
        )
    db.conn.close()


if __name__ == "__main__":
    main()
