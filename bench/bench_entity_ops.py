"""Resolution and curation on a large analysed store (issue 16), with whichever code
is on the path, so that two layouts can be compared on copies of one store:

    python -m bench.bench_entity_ops STORE_COPY

A resolver built, 200 articles resolved again (in a transaction rolled back), an
article's panel queries, then a merge and a split, **committed**: run it on a copy.
Wall and CPU (``time.process_time``) medians; the machine is shared.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from itertools import pairwise
from typing import TypeVar

from reader.entities.analysis import analyzer_id
from reader.store import entities as entity_store
from reader.store.database import open_database

T = TypeVar("T")


def timed(label: str, call: Callable[[], T], runs: int = 1) -> T:
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    print(
        f"{label:55s} wall median {statistics.median(walls):9.1f} ms  "
        f"CPU median {statistics.median(cpus):9.1f} ms  (runs {runs})",
        flush=True,
    )
    return result


def main() -> None:
    db = open_database(sys.argv[1])
    conn = db.conn
    resolver = timed("Resolver built", lambda: entity_store.Resolver(db), 3)
    rows = conn.execute(
        "SELECT article_id, text_sha256 FROM entity_texts WHERE article_id % 500 = 7 "
        "ORDER BY article_id LIMIT 200"
    ).fetchall()

    def again() -> None:
        conn.execute("BEGIN IMMEDIATE")
        try:
            entity_store.rebuild_mentions(db, resolver, rows, analyzer_id())
        finally:
            conn.execute("ROLLBACK")

    timed("200 articles resolved again (rolled back)", again, 3)
    ids = [row[0] for row in rows[:30]]
    timed(
        "30 articles: entities_for_article",
        lambda: [entity_store.entities_for_article(db, a) for a in ids],
        3,
    )
    timed(
        "30 articles: article_mentions",
        lambda: [entity_store.article_mentions(db, a) for a in ids],
        3,
    )
    timed(
        "30 articles: shared_entities with the next",
        lambda: [entity_store.shared_entities(db, a, b) for a, b in pairwise(ids)],
        3,
    )
    pair = conn.execute(
        "SELECT id, articles FROM entities WHERE articles BETWEEN 900 AND 1100 ORDER BY id LIMIT 2"
    ).fetchall()
    print("merging", pair, flush=True)
    timed(
        "merge two entities of ~1,000 articles",
        lambda: entity_store.merge(db, pair[1][0], pair[0][0]),
    )
    names = entity_store.entity_names(db, pair[0][0])
    timed("split off one of their names", lambda: entity_store.split(db, pair[0][0], names[-1]))
    db.conn.close()


if __name__ == "__main__":
    main()
