"""Key to repaint on an article with 500 annotations (the budget: p95 ≤ 16 ms).

    python -m bench.bench_tui_annotations [--presses 200] [--annotations 500]

A 100,000-character synthetic article with ``--annotations`` highlights (every few
sentences, one in five overlapping its neighbour, several colours), opened in the real
app through the Pilot at 120×40. Each figure is timed from the key press to the end of
the next screen refresh, as in :mod:`bench.bench_tui`: scrolling (``j``), cursor
motions by sentence and character, extending a selection, jumping between
annotations (``]``), and the script toggle. Medians and p95, in milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_tui import paint_timer, percentile, synthetic_library
from reader.annotations import PALETTE, create_annotation
from reader.store.articles import get_article, list_articles
from reader.store.database import open_database
from reader.text_units import sentences
from reader.tui.screenshots import fresh_app


def annotate(db_path: Path, count: int) -> int:
    """Annotate ``count`` sentences of the only article; returns its id."""
    db = open_database(db_path)
    try:
        [summary] = list_articles(db)
        text = get_article(db, summary.id).clean_text
        spans = list(sentences(text))
        step = max(1, len(spans) // count)
        for number in range(count):
            start, end = spans[(number * step) % len(spans)]
            if number % 5 == 4:  # overlap into the next sentence
                end = spans[min((number * step) % len(spans) + 1, len(spans) - 1)][1]
            create_annotation(
                db,
                summary.id,
                start,
                end,
                tags=[f"tag{number % 12}"],
                color=PALETTE[number % len(PALETTE)] if number % 3 == 0 else None,
            )
        return summary.id
    finally:
        db.conn.close()


async def interaction(db_path: Path, article_id: int, presses: int) -> dict[str, list[float]]:
    app = fresh_app(db_path, Path("/nonexistent"))
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        screen.open_article(article_id)
        await pilot.pause()
        pane = screen.current_pane
        assert pane is not None
        await pilot.press("right")  # first use: jieba loads in its worker
        await app.workers.wait_for_complete()
        await pilot.pause()

        key_to_paint = paint_timer(pilot, screen)

        async def measure(name: str, keys: list[str]) -> None:
            timings[name] = [await key_to_paint(key) for key in keys]

        await measure("j (scroll a line)", ["j"] * presses)
        await measure(") (next sentence)", ["right_parenthesis"] * presses)
        await measure("→ (next character)", ["right"] * presses)
        await pilot.press("v")
        await measure(") while selecting", ["right_parenthesis"] * (presses // 4))
        await pilot.press("escape")
        await measure("] (next annotation)", ["right_square_bracket"] * presses)
        await measure("s (script toggle)", ["s"] * 9)
        timings["highlights drawn"] = [float(len(pane.annotations))]
    app.store.close()
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--annotations", type=int, default=500)
    args = parser.parse_args()
    print(
        f"# annotations TUI bench — {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as folder:
        db_path = synthetic_library(Path(folder) / "long.db", 1, 100_000)
        started = time.perf_counter()
        article_id = annotate(db_path, args.annotations)
        print(f"({args.annotations} annotations saved in {time.perf_counter() - started:.1f} s)")
        print("\n## key → repaint, ms (Pilot, 120×40, 100,000 characters)")
        for name, values in asyncio.run(interaction(db_path, article_id, args.presses)).items():
            if name == "highlights drawn":
                print(f"{name}: {values[0]:.0f}")
                continue
            print(
                f"{name}: median {statistics.median(values):.1f}, "
                f"p95 {percentile(values, 0.95):.1f}  (n={len(values)})"
            )


if __name__ == "__main__":
    main()
