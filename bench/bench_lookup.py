"""Word look-up: the CC-CEDICT index, and ``K`` → the panel painted with the answer.

    python -m bench.bench_lookup [--samples 30] [--keep-cache]

* the index: building it from the packaged CC-CEDICT (once per installation), its
  size, and opening it again (every later run);
* ``look_up``: the core alone, the first call of a process (loads pypinyin,
  ToJyutping and the index) and later calls;
* ``K`` in the real app (Pilot, headless, 80×24, seed corpus): from the key to the
  end of the first refresh of the panel showing the answer, the first time in the
  process (jieba, readings and dictionary load) and then on ``--samples`` words at
  other places of the article (``escape`` between). The target is 50 ms after the
  first use.

By default the user cache folder is a fresh temporary one (XDG_CACHE_HOME), so the
first ``K`` is a first run's: the index is built and jieba's cache made.
``--keep-cache`` uses the real cache folder instead (a later run's first ``K``).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGET_MS = 50.0
CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def index_figures() -> None:
    from reader.dictionary import data_file
    from reader.store.dictionary_index import Dictionary, index_path

    source = data_file()
    with tempfile.TemporaryDirectory(prefix="bench-cedict-") as scratch:
        folder = Path(scratch)
        started = time.perf_counter()
        built = Dictionary(source, folder)
        build = time.perf_counter() - started
        entries = len(built)
        built.close()
        opens = []
        for _ in range(5):
            started = time.perf_counter()
            Dictionary(source, folder).close()
            opens.append(time.perf_counter() - started)
        size = index_path(source, folder).stat().st_size
    print(f"CC-CEDICT data (gzipped):  {source.stat().st_size / 1e6:.1f} MB, {entries:,} entries")
    print(f"index build (first use):   {build:.2f} s, {size / 1e6:.1f} MB in the cache folder")
    print(f"index open (later runs):   median {_ms(statistics.median(opens))}")


WORDS = ["銀行", "輿論", "工程師", "人工智能", "互聯網", "發布", "模型", "播客", "機密", "公司"]


def core_figures(samples: int) -> None:
    from reader.lookup import look_up

    started = time.perf_counter()
    look_up("馬斯克")
    first = time.perf_counter() - started
    times = []
    for index in range(samples):
        started = time.perf_counter()
        look_up(WORDS[index % len(WORDS)])
        times.append(time.perf_counter() - started)
    print(f"look_up, first in process: {_ms(first)} (cold if no K ran before)")
    print(f"look_up, later:            median {_ms(statistics.median(times))}")


async def panel_figures(
    samples: int,
) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    from reader.tui.screens.lookup import LookupScreen
    from reader.tui.screenshots import build_database, fresh_app

    painted: list[tuple[float, float]] = []
    refresh = LookupScreen._compositor_refresh

    def timed_refresh(self: LookupScreen) -> None:
        refresh(self)
        if self.info is not None:
            painted.append((time.perf_counter(), time.process_time()))

    LookupScreen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory(prefix="bench-lookup-") as scratch:
        app = fresh_app(build_database(Path(scratch) / "bench.db", CORPUS), CORPUS)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            article = next(s for s in app.summaries if s.source == "量子位")
            pane = app.main_screen.open_article(article.id)
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert pane is not None
            text = pane.article.clean_text
            spots = [text.find(word) for word in WORDS] + list(range(40, len(text), 97))
            spots = [spot for spot in spots if spot >= 0]

            async def key_to_panel(position: int) -> tuple[float, float]:
                """(wall, CPU) seconds from K to the panel painted with the answer."""
                pane.place_cursor(position)
                await pilot.pause()
                before = len(painted)
                started, cpu = time.perf_counter(), time.process_time()
                await pilot.press("K")
                while len(painted) == before:
                    await pilot.pause(0.001)
                wall = painted[before][0] - started
                used = painted[before][1] - cpu
                await pilot.press("escape")
                await pilot.pause()
                return wall, used

            first = await key_to_panel(text.index("馬斯克"))
            later = [await key_to_panel(spots[i % len(spots)]) for i in range(samples)]
        app.store.close()
    return first, later


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--keep-cache", action="store_true", help="use the real cache folder")
    args = parser.parse_args()
    scratch = None
    if not args.keep_cache:
        scratch = tempfile.TemporaryDirectory(prefix="bench-cache-")
        os.environ["XDG_CACHE_HOME"] = scratch.name
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    first, later = asyncio.run(panel_figures(args.samples))
    walls = [wall for wall, _ in later]
    cpus = [cpu for _, cpu in later]
    print(f"K → panel, first use:      {_ms(first[0])} wall, {_ms(first[1])} CPU")
    print(
        f"K → panel, later:          median {_ms(statistics.median(walls))} wall "
        f"(max {_ms(max(walls))}), median {_ms(statistics.median(cpus))} CPU, "
        f"over {len(later)} words (target {TARGET_MS:.0f} ms)"
    )
    core_figures(args.samples)
    index_figures()
    if scratch is not None:
        scratch.cleanup()


if __name__ == "__main__":
    main()
