"""``E``, ``enter`` and the ``escape`` that hides the panel, to their first and settled
paints: a short run to alternate between two checkouts on a shared machine.

    python -m bench.bench_panel_toggle --db COPY [--articles 15] [--label after]

The whole key bench (:mod:`bench.bench_entity_scale`, ``--parts tui``) takes minutes
at 100,000 articles, and the machine's speed drifts by a third over that long when
other work runs; this times only the three keys that show and hide the entity views
(the layout changes), on ``--articles`` articles mentioning the bench's entity, a
1 s pause after opening each as a reader does. CPU time (``time.process_time``)
from the press to the first refresh that drew anything, and to the settled one (the
last before 50 ms passed without one). Run it against a copy of a store.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import time
from pathlib import Path

from textual.screen import Screen

from bench.bench_entity_scale import pick_entity
from bench.bench_tui import percentile
from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.tui.screenshots import fresh_app

SETTLE = 0.05


async def run(db_path: Path, articles: int, label: str) -> None:
    db = open_database(db_path)
    try:
        entity = pick_entity(db)
        ids = [a.article_id for a in entity_store.entity_articles(db, entity.id, limit=2000)]
    finally:
        db.conn.close()
    chosen = random.Random(3).sample(ids, min(articles, len(ids)))
    painted: list[float] = []
    refresh = Screen._compositor_refresh

    def timed_refresh(self: Screen) -> None:
        drew = bool(self._compositor._dirty_regions)
        refresh(self)
        if drew:
            painted.append(time.process_time())

    Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    samples: dict[str, list[tuple[float, float]]] = {}
    load_before = os.getloadavg()[0]
    app = fresh_app(db_path, Path("/nonexistent"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen

        async def key(name: str, pressed: str) -> None:
            before, cpu = len(painted), time.process_time()
            await pilot.press(pressed)
            while len(painted) == before:
                await pilot.pause(0.001)
            first = painted[before]
            seen, quiet = len(painted), time.perf_counter()
            while time.perf_counter() - quiet < SETTLE:
                await pilot.pause(0.002)
                if len(painted) != seen:
                    seen, quiet = len(painted), time.perf_counter()
            samples.setdefault(name, []).append(((first - cpu) * 1000, (painted[-1] - cpu) * 1000))

        for article_id in chosen:
            screen.open_article(article_id)
            await app.workers.wait_for_complete()
            await pilot.pause(1.0)
            await key("E", "E")
            listed = screen.entity_panel.entity_list
            index = next((i for i, e in enumerate(listed.entities) if e.id == entity.id), None)
            if index is not None:
                listed.move_cursor(index)
                await pilot.pause()
                await key("enter", "enter")
                await pilot.press("escape")  # the concordance
                await pilot.pause()
            await key("escape (panel hidden)", "escape")
    app.store.close()
    load_after = os.getloadavg()[0]
    for name, values in samples.items():
        first = [f for f, _ in values]
        settled = [s for _, s in values]
        print(
            f"{label:<8} {name:<22} CPU first {statistics.median(first):5.1f} / "
            f"{percentile(first, 0.95):5.1f}  settled {statistics.median(settled):5.1f} / "
            f"{percentile(settled, 0.95):5.1f} ms (median / p95, n={len(values)}, "
            f"load {load_before:.1f}–{load_after:.1f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=15)
    parser.add_argument("--label", default="", help="printed first on each line")
    args = parser.parse_args()
    asyncio.run(run(args.db, args.articles, args.label))


if __name__ == "__main__":
    main()
