"""The real reader's start-up on a store as the user has it: first paint, then all the
start-up work until idle, with its memory.

    python -m bench.bench_startup --db STORE [--runs 5] [--idle-runs 2]

* First paint: ``bench_tui``'s measure (a fresh interpreter per run, to the end of
  the first frame with widgets, headless 120×40), the reader on ``STORE`` (corpus
  sync on, an empty corpus folder) against a minimal Textual app, taking turns;
  ratio of the medians and median of the paired ratios.
* Until idle: a fresh interpreter runs the reader (sync on, as ``reader`` does) until
  the sync, the list's loading, entity analysis and the list's entity counts of the
  rows on screen are done (none are read while a pane leaves the list too narrow for
  them, as after a session that ended with an article open); it prints when the
  first frame was painted, when all was idle, the CPU time of the process (and of
  any analysis workers), and its peak RSS (``ru_maxrss``), sampled also at first
  paint. Run it twice on a store: the first run after a
  change does the work the change asks for, the second is a start with nothing new.

The store is used as it is (analysis may write to it): run this on a copy.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.bench_entity_scale import load
from bench.bench_tui import StartCase, first_paints

UNTIL_IDLE = """
import resource, sys, time
from textual.app import App
from reader.tui.app import ReaderApp

started = time.perf_counter()
marks = {}


def rss_now():
    return next(int(l.split()[1]) // 1024 for l in open("/proc/self/status")
                if l.startswith("VmRSS"))


def first_frame(display):
    def timed(self, screen, renderable):
        display(self, screen, renderable)
        if renderable is not None and screen.children and "paint" not in marks:
            marks["paint"] = (time.perf_counter() - started, rss_now())
    return timed


App._display = first_frame(App._display)
app = ReaderApp(sys.argv[1], sys.argv[2])


async def autopilot(pilot):
    screen = app.main_screen
    peak = 0
    while True:
        await pilot.pause(0.2)
        peak = max(peak, rss_now())
        busy = [w for w in (*app.workers, *screen.workers) if not w.is_finished]
        if "paint" in marks and not busy and not screen.analysing and (
            screen.entity_counts.settled or app._notifications
        ):
            break
    idle = time.perf_counter() - started
    cpu = time.process_time()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    notes = [str(n.message)[:80] for n in app._notifications]
    paint, paint_rss = marks["paint"]
    print(f"first paint {paint * 1000:.0f} ms (RSS {paint_rss} MB); idle after {idle:.1f} s; "
          f"CPU {cpu:.1f} s (+{children.ru_utime + children.ru_stime:.1f} s in workers); "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB "
          f"(sampled {peak} MB), workers' peak {children.ru_maxrss // 1024} MB; "
          f"notifications: {notes}")
    app.exit()


app.run(headless=True, size=(120, 40), auto_pilot=autopilot)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--idle-runs", type=int, default=2)
    args = parser.parse_args()
    print(
        f"# reader start-up — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs; {args.db}"
    )
    with tempfile.TemporaryDirectory() as folder:
        empty = Path(folder) / "empty"
        empty.mkdir()
        if args.runs:
            print(f"\n## start to first paint (median of {args.runs}; {load()})")
            cases = [
                StartCase("minimal Textual app", "minimal", args.db, empty),
                StartCase("reader", "reader", args.db, empty),
            ]
            figures = first_paints(cases, args.runs)
            minimal = figures[cases[0].label].seconds
            for case in cases:
                found = figures[case.label]
                seconds = statistics.median(found.seconds)
                paired = statistics.median(
                    a / b for a, b in zip(found.seconds, minimal, strict=True)
                )
                print(
                    f"{case.label}: {seconds * 1000:.0f} ms (min {min(found.seconds) * 1000:.0f}),"
                    f" ratio {seconds / statistics.median(minimal):.2f} of medians, "
                    f"{paired:.2f} paired, RSS {statistics.median(found.rss):.0f} MB"
                )
        for run in range(args.idle_runs):
            print(f"\n## start-up until idle, run {run + 1} ({load()})")
            environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
            out = subprocess.run(
                [sys.executable, "-c", UNTIL_IDLE, str(args.db), str(empty)],
                capture_output=True,
                text=True,
                env=environment,
            )
            print(out.stdout.strip() or out.stderr.strip()[-2000:])
            print(f"({load()} after)")


if __name__ == "__main__":
    main()
