"""Review figures: from a grade to the next card, with 10,000 annotations queued.

    python -m bench.bench_review [--annotations 10000] [--grades 300]

Target: the next card is ready at most 16 ms after a grade (one frame at 60 Hz).
Measured twice:

- core: ``ReviewSession.grade`` — FSRS, the log row and the card's new state in one
  write transaction, then the next card loaded (annotation, tags, card state and a
  window of its article's text);
- screen: the same inside the Textual review screen under Pilot — the key handler
  alone (grade, next card, every widget updated), and until the next card is laid
  out and a full frame painted (Pilot's own key simulation waits for CPU idle, which
  would measure Pilot, so the handler is called directly).

Also prints opening a session over the 10,000 cards (loading and sorting the queue).
Time is a ManualClock, so nothing sleeps; the machine is noisy, so compare medians.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from bench.corpus_generator import generate
from reader.anchoring import select
from reader.importer import import_paths
from reader.review.clock import ManualClock
from reader.review.deck import SqliteDeck
from reader.review.filters import ReviewFilters
from reader.review.scheduler import Grade
from reader.review.session import ReviewSession
from reader.store import annotations as annotation_store
from reader.store.articles import get_article, list_articles, now_iso
from reader.store.database import open_database, write_transaction

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
ARTICLES = 200
TAGS = (("人工智能", "人工智能"), ("马斯克", "马斯克"), ("digest", "digest"))


def annotate(db: sqlite_utils.Database, count: int, rng: random.Random) -> None:
    """``count`` annotations of 2 to 40 characters spread over every article, written
    through the annotation store in one transaction (setting up, not measured)."""
    articles = [get_article(db, summary.id) for summary in list_articles(db)]
    stamp = now_iso()
    with write_transaction(db):
        for index in range(count):
            article = articles[index % len(articles)]
            text = article.clean_text
            start = rng.randrange(len(text) - 41)
            while text[start].isspace():
                start += 1
            end = start + rng.randint(2, 40)
            annotation_id = annotation_store.insert_annotation(
                db, article.id, article.version_id, select(text, start, end), "", None, stamp
            )
            annotation_store.set_tags(db, annotation_id, [rng.choice(TAGS)], stamp)


def median_ms(timings: list[float]) -> str:
    ordered = sorted(timings)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"


def timed(step: Callable[[], object]) -> float:
    started = time.perf_counter()
    step()
    return (time.perf_counter() - started) * 1000


def bench_core(db: sqlite_utils.Database, grades: int, rng: random.Random) -> None:
    clock = ManualClock(START)
    opened: list[float] = []
    for _ in range(5):
        opened.append(timed(lambda: ReviewSession(SqliteDeck(db), ReviewFilters(), clock=clock)))
    print(f"open a session over the queue: {median_ms(opened)}")
    session = ReviewSession(SqliteDeck(db), ReviewFilters(), clock=clock)
    print(f"queued: {session.progress.remaining} cards")
    timings = [timed(lambda: session.grade(rng.choice(list(Grade)))) for _ in range(grades)]
    assert session.current is not None
    print(f"core, grade -> next card ready: {median_ms(timings)}")
    undo = [timed(session.undo) for _ in range(min(grades, 100))]
    print(f"core, undo a grade -> card back: {median_ms(undo)}")


def bench_screen(db: sqlite_utils.Database, grades: int, rng: random.Random) -> None:
    from reader.tui.screens.review import ReviewApp

    async def run() -> tuple[list[float], list[float]]:
        app = ReviewApp(db, ReviewFilters(), clock=ManualClock(START))
        handler: list[float] = []
        painted: list[float] = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            for _ in range(grades):
                screen = app.review
                value = rng.choice(list(Grade)).value
                started = time.perf_counter()
                screen.action_grade(value)
                handler.append((time.perf_counter() - started) * 1000)
                # Until painted: every widget's pending messages, the layout, a full frame
                # (Textual's private hooks; the app would do the same on its next frame).
                await pilot._wait_for_screen()
                screen._refresh_layout(screen.size)
                screen._compositor.render_full_update()
                painted.append((time.perf_counter() - started) * 1000)
                await pilot.pause()
            await pilot.press("q", "q")
        return handler, painted

    handler, painted = asyncio.run(run())
    print(f"screen, grade key handler -> next card in the widgets: {median_ms(handler)}")
    print(f"screen, grade key handler -> next card laid out and painted: {median_ms(painted)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--annotations", type=int, default=10_000)
    parser.add_argument("--grades", type=int, default=300)
    args = parser.parse_args()
    machine = f"{platform.python_version()} on {platform.machine()}, {os.cpu_count()} CPUs"
    print(f"# review bench: {machine}")
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as folder:
        workdir = Path(folder)
        db = open_database(workdir / "bench.db")
        import_paths(db, [*generate(workdir / "corpus", ARTICLES)])
        annotate(db, args.annotations, rng)
        print(f"{args.annotations:,} annotations over {ARTICLES} articles")
        bench_core(db, args.grades, rng)
        bench_screen(db, args.grades // 2, rng)
        db.conn.close()


if __name__ == "__main__":
    main()
