"""Memory and keys while the interface analyses: the real app under the Pilot.

    python -m bench.bench_tui_analysis --db COPY [--keys N] [--no-relabel]

The copy is relabelled first (:func:`bench.bench_spread.relabel`: every analysis made
this analyser's, the spreading state forgotten), so the analysis the interface starts
has the corpus-wide spreading to do, as after an analyser bump. Writes to the store:
run it on a copy. While it runs, a thread samples every 20 ms the resident memory of
this process (the interface, with the Pilot and the bench: an upper bound) and of the
analysis child with every process under it (its pool), when there is one; the peak of
their sum is the peak of the samples' sums. Meanwhile ``j``/``k`` are pressed in the
article list and in a reading pane, 200 ms apart (and 40 times before it starts),
each timed from the press to the end of the next refresh, with the main thread's CPU
time over the same span (``time.thread_time``: an analysis thread of the interface
does not count in it).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import threading
import time
from pathlib import Path

from textual.screen import Screen

import reader
from bench.bench_entity_scale import load
from bench.bench_spread import relabel
from bench.bench_tui import percentile
from reader.tui.screenshots import fresh_app

#: Seconds between two keys: they are spread over the whole analysis.
GAP = 0.2
#: Keys timed before the analysis starts, for comparison.
IDLE_KEYS = 40


def rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) / 1024
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0.0


def descendants(pid: int) -> list[int]:
    """``pid`` and every process under it (through /proc's children lists)."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        try:
            with open(f"/proc/{current}/task/{current}/children") as listed:
                queue.extend(int(child) for child in listed.read().split())
        except FileNotFoundError:
            pass
    return found


class Sampler:
    """Peak RSS of this process, of the child tree, and of their sum."""

    def __init__(self, screen: object) -> None:
        self.screen = screen
        self.interface = self.child = self.total = 0.0
        self.running = True
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while self.running:
            own = rss_mb()
            pid = getattr(self.screen, "analysis_pid", None)
            child = sum(rss_mb(p) for p in descendants(pid)) if pid else 0.0
            self.interface = max(self.interface, own)
            self.child = max(self.child, child)
            self.total = max(self.total, own + child)
            time.sleep(0.02)


async def run(db_path: Path, keys: int) -> None:
    print(f"# TUI-driven analysis — reader from {Path(reader.__file__).parent}; {load()}")
    app = fresh_app(db_path, Path("/nonexistent"))
    painted: list[tuple[float, float]] = []
    refresh = Screen._compositor_refresh

    def timed_refresh(self: Screen) -> None:
        refresh(self)
        painted.append((time.perf_counter(), time.thread_time()))

    Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]
    timings: dict[str, list[tuple[float, float]]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen

        async def key(name: str, pressed: str) -> None:
            before = len(painted)
            started, cpu = time.perf_counter(), time.thread_time()
            await pilot.press(pressed)
            while len(painted) == before:
                await pilot.pause(0.001)
            wall_end, cpu_end = painted[before]
            timings.setdefault(name, []).append(
                ((wall_end - started) * 1000, (cpu_end - cpu) * 1000)
            )
            await asyncio.sleep(GAP)

        screen.open_article(app.summaries[0].id)
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
        idle = rss_mb()
        presses = 0

        async def next_key(label: str) -> None:
            nonlocal presses
            place = "list" if (presses // 20) % 2 == 0 else "reading pane"
            if presses % 20 == 0:
                if place == "list":
                    screen.action_focus_list()
                elif screen.current_pane is not None:
                    screen.current_pane.view.focus()
                await pilot.pause()
            await key(f"{label}: {place}", "j" if presses % 2 == 0 else "k")
            presses += 1

        for _ in range(IDLE_KEYS):
            await next_key("idle")
        presses = 0
        sampler = Sampler(screen)
        started, cpu = time.perf_counter(), time.process_time()
        screen.start_entity_analysis()
        await pilot.pause()
        while screen.analysing:
            if presses < keys:
                await next_key("analysing")
            else:
                await pilot.pause(0.1)
        wall = time.perf_counter() - started
        cpu = time.process_time() - cpu
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        sampler.running = False
        notes = [str(note.message) for note in app._notifications if "failed" in str(note.message)]
    app.store.close()
    print(
        f"analysis: wall {wall:.1f} s; CPU of this process {cpu:.1f} s; "
        f"{presses} keys pressed while it ran; failures {notes or 'none'}"
    )
    print(
        f"peak RSS MB: interface (app+Pilot+bench) {sampler.interface:.0f} (at rest before "
        f"{idle:.0f}), analysis child tree {sampler.child:.0f}, sum {sampler.total:.0f}"
    )
    header = f"{'keys':<24} {'n':>4} {'wall p50':>9} {'p95':>7}"
    print(f"{header} {'CPU p50':>8} {'p95':>7}")
    for name, values in timings.items():
        walls = [w for w, _ in values]
        cpus = [c for _, c in values]
        print(
            f"{name:<24} {len(values):>4} {statistics.median(walls):7.1f}ms "
            f"{percentile(walls, 0.95):5.1f}ms {statistics.median(cpus):6.1f}ms "
            f"{percentile(cpus, 0.95):5.1f}ms"
        )
    print(f"({load()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--keys", type=int, default=3000)
    parser.add_argument("--no-relabel", action="store_true")
    args = parser.parse_args()
    if not args.no_relabel:
        relabel(args.db)
    asyncio.run(run(args.db, args.keys))


if __name__ == "__main__":
    main()
