"""A form's mentions on a large analysed store (issue 16), with whichever code is on
the path, so that the layouts before and after migration 25 (no index of the
occurrences' forms) can be compared on copies of one store:

    python -m bench.bench_form_lookup STORE_COPY

For spellings of the most written forms, of forms picked evenly through the table and
the rarest spelling of each of the most mentioned entities:
the articles mentioning them (``articles_mentioning``: a name assigned, an
abbreviation whose declaration changed), an entity with a mention written that way
(``find_entity``'s last resort) and ``find_entity`` itself. Read only, but opening the
store migrates it: run it on a copy. Wall and CPU (``time.process_time``) median and
p95; the machine is shared.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable

from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.store.entities import resolution
from reader.store.entities.resolution import articles_mentioning

#: find_entity's last resort, an entity with a mention written that way, as each
#: layout asks it (before migration 25: through the index of forms).
WRITTEN_THAT_WAY = (
    f"{resolution.form_entities(1)} LIMIT 1"
    if hasattr(resolution, "form_entities")
    else "SELECT entity_id FROM entity_occurrences WHERE entity_id IS NOT NULL "
    "AND form_id IN (SELECT id FROM entity_forms WHERE surface_key = ?) LIMIT 1"
)


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def timed(label: str, calls: list[Callable[[], object]]) -> None:
    walls, cpus = [], []
    for call in calls:
        wall, cpu = time.perf_counter(), time.process_time()
        call()
        walls.append((time.perf_counter() - wall) * 1000)
        cpus.append((time.process_time() - cpu) * 1000)
    print(
        f"{label:62s} wall median {statistics.median(walls):8.2f} p95 {_p95(walls):8.2f} ms"
        f" · CPU median {statistics.median(cpus):8.2f} p95 {_p95(cpus):8.2f} ms"
        f"  ({len(calls)} spellings)",
        flush=True,
    )


def main() -> None:
    db = open_database(sys.argv[1])
    conn = db.conn
    top = [
        row[0]
        for row in conn.execute(
            "SELECT f.surface_key FROM entity_form_counts c JOIN entity_forms f "
            "ON f.id = c.form_id ORDER BY c.occurrences DESC LIMIT 20"
        )
    ]
    (last,) = conn.execute("SELECT max(id) FROM entity_forms").fetchone()
    spread = [
        row[0]
        for row in conn.execute(
            "SELECT surface_key FROM entity_forms WHERE id % ? = 0 LIMIT 40",
            (max(1, last // 40),),
        )
    ]
    # the worst case without an index of forms: a spelling rare in the occurrences of
    # an entity mentioned everywhere (all of that entity's mentions are read)
    rare = []
    for (entity_id,) in conn.execute("SELECT id FROM entities ORDER BY mentions DESC LIMIT 20"):
        row = conn.execute(
            "SELECT f.surface_key FROM entity_surfaces s JOIN entity_forms f "
            "ON f.surface = s.surface AND f.kind = s.kind WHERE s.entity_id = ? "
            "ORDER BY s.mentions LIMIT 1",
            (entity_id,),
        ).fetchone()
        rare.append(row[0])
    print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for label, keys in (
        ("the 20 most written forms", top),
        ("40 forms spread evenly", spread),
        ("the rarest spelling of the 20 most mentioned", rare),
    ):
        timed(
            f"articles mentioning, {label}",
            [lambda key=key: articles_mentioning(conn, [key]) for key in keys],
        )
        timed(
            f"an entity written that way, {label}",
            [lambda key=key: conn.execute(WRITTEN_THAT_WAY, (key,)).fetchall() for key in keys],
        )
        timed(
            f"find_entity, {label}",
            [lambda key=key: entity_store.find_entity(db, key) for key in keys],
        )
    print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    conn.close()


if __name__ == "__main__":
    main()
