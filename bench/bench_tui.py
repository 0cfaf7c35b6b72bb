"""Interface figures: start to first paint, key to repaint, script toggle, memory.

    python -m bench.bench_tui [--runs 7] [--presses 200]

* First paint: a fresh interpreter per run, from just before it is spawned to the
  end of the first frame of a screen with widgets on it (``App._display`` is wrapped
  to note the time; headless, 120×40), for the reader on the seed corpus, on 10,000
  articles, on the seed corpus with two panes to restore, and for a minimal Textual
  app (a Static and a Footer) measured the same way in the same run, the cases
  taking turns; the ratio is reader / minimal, of the medians and as the median of
  each round's ratio. RSS is read at that moment, before any entity work.
* Key to repaint: ``j`` pressed through the Pilot on a 100,000-character article,
  timed from the key to the end of the next screen refresh.
* Script toggle: ``ArticleView.set_mode`` on the same article (conversion, layout,
  scroll back), and ``s`` to the next repaint.

Medians (p95 where said). The machine is shared and noisy: compare ratios, run twice.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen

from bench.corpus_generator import article, seed_sentences
from reader.conversion import DisplayScript, Script
from reader.folding import fold
from reader.models import ParsedArticle
from reader.store.articles import list_articles, save_parsed
from reader.store.database import open_database, write_transaction
from reader.store.settings import set_setting
from reader.tui.screenshots import SEED_CORPUS, build_database, fresh_app
from reader.tui.state import SETTING_KEY, PaneState, ReadingState

FIRST_PAINT = """
import sys, time
from textual.app import App

started = float(sys.argv[1])
kind, db, corpus = sys.argv[2:5]
painted = []


def first_frame(display):
    def timed(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and screen.children and not painted:
            rss = next(l.split()[1] for l in open("/proc/self/status") if l.startswith("VmRSS"))
            painted.append((time.time() - started, int(rss) / 1024, "jieba" in sys.modules))

    return timed


App._display = first_frame(App._display)
if kind == "reader":
    from reader.tui.app import ReaderApp
    app = ReaderApp(db, corpus)
else:
    from textual.widgets import Footer, Static

    class Minimal(App):
        def compose(self):
            yield Static("hello")
            yield Footer()

    app = Minimal()


async def autopilot(pilot):
    while not painted:
        await pilot.pause(0.001)
    elapsed, rss, jieba = painted[0]
    print(f"{elapsed:.4f} {rss:.1f} {jieba}")
    app.exit()


app.run(headless=True, size=(120, 40), auto_pilot=autopilot)
"""


def paint_timer(pilot: Pilot, screen: Screen) -> Callable[[str], Awaitable[float]]:
    """``key_to_paint(key)``: milliseconds from pressing ``key`` to the end of the
    screen's next refresh (the compositor's refresh is wrapped to note the time)."""
    painted: list[float] = []
    refresh = screen._compositor_refresh

    def timed_refresh() -> None:
        refresh()
        painted.append(time.perf_counter())

    screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]

    async def key_to_paint(key: str) -> float:
        before = len(painted)
        started = time.perf_counter()
        await pilot.press(key)
        while len(painted) == before:
            await pilot.pause(0.001)
        return (painted[before] - started) * 1000

    return key_to_paint


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass(frozen=True)
class StartCase:
    label: str
    kind: str  # "reader" or "minimal"
    db: Path
    corpus: Path


@dataclass
class StartFigures:
    seconds: list[float] = field(default_factory=list)
    rss: list[float] = field(default_factory=list)
    jieba: bool = False


def first_paints(cases: list[StartCase], runs: int) -> dict[str, StartFigures]:
    """Seconds to first paint and RSS of ``runs`` fresh processes per case.

    The cases take turns, run after run, so a noisy stretch of the machine falls on
    all of them. One uncounted round first, with bytecode writing allowed even if the
    environment forbids it (``PYTHONDONTWRITEBYTECODE``): every start after a user's
    first one loads compiled modules, as Textual's own (compiled at install) always do.
    """
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    figures = {case.label: StartFigures() for case in cases}
    for run in range(runs + 1):
        for case in cases:
            started = time.time()
            out = subprocess.run(
                [
                    sys.executable,
                    "-c",
                    FIRST_PAINT,
                    repr(started),
                    case.kind,
                    str(case.db),
                    str(case.corpus),
                ],
                check=True,
                capture_output=True,
                text=True,
                env=environment,
            ).stdout.split()
            if run == 0:
                continue
            found = figures[case.label]
            found.seconds.append(float(out[0]))
            found.rss.append(float(out[1]))
            found.jieba = found.jieba or out[2] == "True"
    return figures


def with_two_panes(source: Path, target: Path) -> Path:
    """A copy of ``source`` whose saved reading state has two articles open."""
    shutil.copyfile(source, target)
    db = open_database(target)
    try:
        first, second = (summary.id for summary in list_articles(db)[:2])
        panes = (
            PaneState(first, 0, DisplayScript.ORIGINAL),
            PaneState(second, 0, DisplayScript.ORIGINAL),
        )
        state = ReadingState(panes=panes, focused=0)
        set_setting(db, SETTING_KEY, state.as_json())
    finally:
        db.conn.close()
    return target


def synthetic_library(path: Path, count: int, chars: int, seed: int = 1) -> Path:
    """A database of ``count`` synthetic articles, stored directly (no file parsing)."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    db = open_database(path)
    with write_transaction(db):
        for index in range(count):
            text = article(rng, sentences, chars, index)
            title, source, *_ = text.split("\n", 3)
            parsed = ParsedArticle(
                path=f"/synthetic/{index:06d}.txt",
                raw_sha256=hashlib.sha256(text.encode()).hexdigest(),
                encoding="utf-8",
                raw_text=text,
                clean_text=text,
                title=title,
                source=source.removeprefix("来源："),
                author=None,
                date=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
                url=None,
                script=Script.SIMPLIFIED,
                cleaner_version=1,
            )
            save_parsed(db, parsed, fold(text).text)
    db.conn.close()
    return path


async def interaction(db: Path, presses: int) -> dict[str, float]:
    """Key-to-repaint and toggle figures on the longest article of ``db``."""
    app = fresh_app(db, Path("/nonexistent"))
    figures: dict[str, float] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.main_screen
        longest = max(app.summaries, key=lambda summary: summary.chars)
        screen.open_article(longest.id)
        await pilot.pause()
        view = screen.current_pane.view

        key_to_paint = paint_timer(pilot, screen)

        scroll = [await key_to_paint("j") for _ in range(presses)]
        figures["key j→repaint median ms"] = statistics.median(scroll)
        figures["key j→repaint p95 ms"] = percentile(scroll, 0.95)
        toggles = [await key_to_paint("s") for _ in range(9)]
        figures["key s→repaint median ms"] = statistics.median(toggles)

        modes = [*list(DisplayScript)[1:], DisplayScript.ORIGINAL]
        for mode in modes:
            direct = []
            for _ in range(3):
                view.set_mode(DisplayScript.ORIGINAL)
                started = time.perf_counter()
                view.set_mode(mode)
                direct.append((time.perf_counter() - started) * 1000)
            figures[f"set_mode {mode.value} (convert+layout) median ms"] = statistics.median(direct)
        figures["article chars"] = float(len(view.article.clean_text))
        figures["visual lines"] = float(len(view.layout))
    app.store.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--presses", type=int, default=200)
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args()
    print(
        f"# reader TUI bench — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        seed_db = build_database(scratch / "seed.db")
        empty = scratch / "empty"
        empty.mkdir()
        started = time.perf_counter()
        big_db = synthetic_library(scratch / "big.db", args.articles, 1500)
        built = time.perf_counter() - started
        print(f"(built {args.articles:,} synthetic articles in {built:.0f} s)")

        print("\n## start to first paint (median of", args.runs, "fresh processes)")
        cases = [
            StartCase("minimal Textual app", "minimal", seed_db, empty),
            StartCase("reader, seed corpus (sync on)", "reader", seed_db, SEED_CORPUS),
            StartCase(f"reader, {args.articles:,} articles", "reader", big_db, empty),
            StartCase(
                "reader, seed corpus, two panes restored (no target)",
                "reader",
                with_two_panes(seed_db, scratch / "two_panes.db"),
                SEED_CORPUS,
            ),
        ]
        figures = first_paints(cases, args.runs)
        minimal = figures[cases[0].label].seconds
        for case in cases:
            found = figures[case.label]
            seconds = statistics.median(found.seconds)
            # Each round's case ran right after its minimal app: the median of those
            # paired ratios is the figure least moved by a noisy stretch.
            paired = statistics.median(a / b for a, b in zip(found.seconds, minimal, strict=True))
            print(
                f"{case.label}: {seconds * 1000:.0f} ms (min {min(found.seconds) * 1000:.0f}), "
                f"ratio {seconds / statistics.median(minimal):.2f} of medians, "
                f"{paired:.2f} paired, RSS {statistics.median(found.rss):.0f} MB, "
                f"jieba loaded: {found.jieba}"
            )

        long_db = synthetic_library(scratch / "long.db", 1, 100_000)
        print("\n## 100,000-character article (Pilot, 120×40)")
        for name, value in asyncio.run(interaction(long_db, args.presses)).items():
            print(f"{name}: {value:,.1f}")


if __name__ == "__main__":
    main()
