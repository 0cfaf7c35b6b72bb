"""Entity views on a large store: key to repaint for the panel, the concordance and
the highlights, through the Pilot on the real app (headless, 120×40).

    python -m bench.bench_tui_entities [--articles 10000] [--samples 30] [--db PATH]

The store is ``--articles`` synthetic articles (bench/bench_tui.py's generator),
analysed for real with :func:`~reader.entities.analysis.analyze_pending` (a pool on
both cores); ``--db`` reuses a store built by an earlier run (``--keep``). The store
queries themselves are measured by bench/bench_entities.py; this measures what a
person waits for: from the key to the end of the next screen refresh.

* ``E`` on an article not shown before: the panel's queries (the article's entities
  and mentions) and its first paint;
* ``enter`` in the panel on the most linked entity (in nearly every article: the
  concordance reads up to 200 lines) and on a rarer one;
* ``j`` in the concordance (a pane showing the article follows the cursor);
* ``H`` on and off (every mention of a pane's article coloured);
* ``(work)``: the entity code alone, called directly: the panel's queries for an
  article and the concordance's queries and rows, without layout and paint.

Medians and p95; the target is 20 ms. The machine is shared and noisy: run twice.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_tui import paint_timer, percentile, synthetic_library
from reader.entities.analysis import analyze_pending
from reader.store.database import open_database
from reader.tui.screenshots import fresh_app

TARGET_MS = 20.0


def build(path: Path, articles: int) -> None:
    started = time.perf_counter()
    synthetic_library(path, articles, 1500)
    db = open_database(path)
    try:
        report = analyze_pending(db)
    finally:
        db.conn.close()
    print(
        f"(built and analysed {articles:,} articles in {time.perf_counter() - started:.0f} s, "
        f"{report.processes} processes)"
    )


async def measure(db_path: Path, samples: int) -> dict[str, list[float]]:
    app = fresh_app(db_path, Path("/nonexistent"))
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        timed = paint_timer(pilot, screen)

        async def key_to_paint(name: str, key: str) -> None:
            timings.setdefault(name, []).append(await timed(key))

        picks = random.Random(3).sample([s.id for s in app.summaries], samples)
        for article_id in picks:
            screen.open_article(article_id)
            await app.workers.wait_for_complete()
            await pilot.pause()
            await key_to_paint("E: panel shown and filled", "E")
            listed = screen.entity_panel.entity_list
            await key_to_paint("enter: concordance, most linked entity", "enter")
            await key_to_paint("j: next concordance line, pane follows", "j")
            await pilot.press("escape")
            await pilot.pause()
            if len(listed.entities) > 5:
                listed.move_cursor(len(listed.entities) // 2)
                await pilot.pause()
                await key_to_paint("enter: concordance, a rarer entity", "enter")
                await pilot.press("escape")
            await pilot.press("escape")  # hide the panel, focus the pane
            await pilot.pause()
            await key_to_paint("H: every mention coloured", "H")
            await key_to_paint("H: colours off", "H")
            # The entity code alone (queries, rows), without Textual's layout and paint.
            screen.entities_changed(recount=False)
            started = time.perf_counter()
            screen._article_entities(article_id)
            timings.setdefault("(work) panel queries", []).append(
                (time.perf_counter() - started) * 1000
            )
            entity = listed.entities[0] if listed.entities else None
            if entity is not None:
                started = time.perf_counter()
                screen._show_concordance(entity, focus=False)
                timings.setdefault("(work) concordance queries and rows", []).append(
                    (time.perf_counter() - started) * 1000
                )
                screen.concordance.display = False
        lines = screen.concordance.row_count
    app.store.close()
    print(f"(last concordance: {lines:,} rows)")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=30, help="articles opened")
    parser.add_argument("--db", type=Path, help="an analysed store from an earlier run")
    parser.add_argument("--keep", type=Path, help="copy the store built here")
    args = parser.parse_args()
    print(
        f"# entity views bench — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = args.db
        if db_path is None:
            db_path = Path(folder) / "entities.db"
            build(db_path, args.articles)
            if args.keep:
                shutil.copy(db_path, args.keep)
        timings = asyncio.run(measure(db_path, args.samples))
    print(f"\n## key to repaint, {args.samples} articles (target ≤ {TARGET_MS:.0f} ms)")
    for name, values in timings.items():
        median, p95 = statistics.median(values), percentile(values, 0.95)
        verdict = "ok" if p95 <= TARGET_MS else "over"
        print(f"{name:<42} median {median:6.1f} ms  p95 {p95:6.1f} ms  {verdict}")


if __name__ == "__main__":
    main()
