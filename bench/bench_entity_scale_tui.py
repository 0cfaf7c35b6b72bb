"""The key → paint half of bench/bench_entity_scale.py: the real app under the Pilot.

Each key is timed from the press to the end of the screen's next refresh (the
compositor's refresh is wrapped, as in bench/bench_tui.py), with the CPU time the
process spent over the same span; the peak RSS of the process is printed at the end
(the app, the Pilot and this bench in one process: an upper bound for the app).

A key can paint more than once: a widget that changes size learns it from a
``Resize`` message handled after the first paint, and what it does then (a reading
pane wrapping its text at the new width) is painted in a second frame. So each key
is also timed to its *settled* paint: the last refresh that drew anything before
:data:`SETTLE` seconds passed without one (the figures in the columns "settled").
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.screen import Screen

from bench.bench_tui import percentile
from bench.key_trace import KeyTrace, Trace, tracked_objects
from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.tui.screens.entities import EntityBrowser
from reader.tui.screenshots import fresh_app

KEY_TARGET = 16.0
OPEN_TARGET = 100.0
PAGE_TARGET = 20.0
#: Seconds the bench waits after opening an article, as a reader starts reading it
#: (the keys before and after come as fast as the Pilot sends them). Full garbage
#: collections run in such pauses since the keys work (reader/tui/collector.py).
READING_PAUSE = 1.0
#: A key has settled once this long (wall) has passed without a refresh that drew.
SETTLE = 0.05


#: (wall, CPU) to the first paint, its trace, (wall, CPU) to the settled paint.
Sample = tuple[float, float, "Trace | None", float, float]


def _timer(
    pilot: Pilot, tracer: KeyTrace | None = None
) -> Callable[[str, type[Screen] | None], Awaitable[Sample]]:
    """``key_to_paint(key, screen)``: (wall, CPU) milliseconds from the press to the
    end of the next refresh of any screen, or of the first refresh of a ``screen`` of
    that type (a key that pushes one: the browser), and with a ``tracer`` what
    happened meanwhile (collections, layout, paint)."""
    painted: list[tuple[float, float, Screen, Trace | None]] = []
    refresh = Screen._compositor_refresh

    def timed_refresh(self: Screen) -> None:
        drew = bool(self._compositor._dirty_regions)  # else the refresh draws nothing
        refresh(self)
        if drew:
            trace = tracer.snapshot() if tracer is not None else None
            painted.append((time.perf_counter(), time.process_time(), self, trace))

    Screen._compositor_refresh = timed_refresh  # type: ignore[method-assign]

    async def key_to_paint(key: str, screen: type[Screen] | None = None) -> Sample:
        before = len(painted)
        if tracer is not None:
            tracer.begin()
        started, cpu = time.perf_counter(), time.process_time()
        await pilot.press(key)
        while True:
            done = [p for p in painted[before:] if screen is None or isinstance(p[2], screen)]
            if done:
                break
            await pilot.pause(0.001)
        first = done[0]
        seen = len(painted)
        quiet_since = time.perf_counter()
        while time.perf_counter() - quiet_since < SETTLE:
            await pilot.pause(0.002)
            if len(painted) != seen:
                seen = len(painted)
                quiet_since = time.perf_counter()
        last = painted[-1]
        if tracer is not None:
            tracer.end()
        return (
            (first[0] - started) * 1000,
            (first[1] - cpu) * 1000,
            last[3],
            (last[0] - started) * 1000,
            (last[1] - cpu) * 1000,
        )

    return key_to_paint


async def run_tui(db_path: Path, samples: int, trace: bool = False) -> None:
    """Time the keys; with ``trace``, print what the slowest samples of each key
    spent their time on (:mod:`bench.key_trace`)."""
    from bench.bench_entity_scale import load, pick_entity

    db = open_database(db_path)
    try:
        entity = pick_entity(db)
        ids = [a.article_id for a in entity_store.entity_articles(db, entity.id, limit=2000)]
    finally:
        db.conn.close()
    articles = random.Random(3).sample(ids, min(samples, len(ids)))
    print(
        f"\n## key → paint, 120×40 ({load()}); entity {entity.name!r} in "
        f"{entity.articles:,} articles"
    )
    timings: dict[str, list[Sample]] = {}
    tracer = KeyTrace() if trace else None
    app = fresh_app(db_path, Path("/nonexistent"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.main_screen
        timed = _timer(pilot, tracer)

        async def key(
            name: str, pressed: str, times: int = 1, screen: type[Screen] | None = None
        ) -> None:
            for _ in range(times):
                timings.setdefault(name, []).append(await timed(pressed, screen))

        census = [f"after loading: {tracked_objects()}"] if tracer is not None else []
        screen.action_focus_list()
        await pilot.pause()
        await key("list: j", "j", samples)
        await key("list: k", "k", samples)
        await key("list: pagedown", "pagedown", samples // 3)
        # rows far from those read so far: their entity counts are read on a worker
        await key("list: G (last rows, never drawn)", "G")
        await key("list: g (first rows)", "g")
        for article_id in articles:
            screen.open_article(article_id)
            await app.workers.wait_for_complete()
            await pilot.pause(READING_PAUSE)
            await key("reading pane: j", "j", 3)
            await key("reading pane: space", "space")
            await key("reading pane: b", "b")
            await key("E: panel shown and filled", "E")
            listed = screen.entity_panel.entity_list
            await key("panel: j", "j", 2)
            await key("panel: k", "k", 2)
            index = next((i for i, e in enumerate(listed.entities) if e.id == entity.id), None)
            if index is not None:
                listed.move_cursor(index)
                await pilot.pause()
                await key("enter: concordance of the ≥20k entity", "enter")
                await key("concordance: j", "j", 3)
                await key("concordance: G (reads the next page)", "G", 2)
                await pilot.press("escape")
                await pilot.pause()
            await pilot.press("escape")  # hide the panel, focus the pane
            await pilot.pause()
            await key("H: every mention coloured", "H")
            await key("H: colours off", "H")
        for _ in range(max(3, samples // 3)):
            await pilot.pause(READING_PAUSE)
            await key("ctrl+e: entity browser open", "ctrl+e", screen=EntityBrowser)
            for pressed, times in (("j", 3), ("pagedown", 2), ("G", 2)):
                await key(f"browser: {pressed}", pressed, times)
            await pilot.press("slash")
            await pilot.pause()
            for char in "安白":
                await key("browser: filter, a character typed", char)
            await pilot.press("escape")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            await app.workers.wait_for_complete()
        if tracer is not None:
            census.append(f"at the end: {tracked_objects()}")
    app.store.close()
    print(
        f"{'key':<46} {'wall median':>12} {'p95':>8} {'CPU median':>11} {'p95':>8}"
        f"  {'settled CPU median':>18} {'p95':>8}"
    )
    for name, values in timings.items():
        walls = [sample[0] for sample in values]
        cpus = [sample[1] for sample in values]
        settled = [sample[4] for sample in values]
        target = (
            OPEN_TARGET
            if "browser open" in name
            else PAGE_TARGET
            if "concordance" in name and "enter" in name
            else KEY_TARGET
        )
        p95 = percentile(walls, 0.95)
        verdict = "ok" if p95 <= target else "OVER"
        print(
            f"{name:<46} {statistics.median(walls):9.1f} ms {p95:6.1f} ms "
            f"{statistics.median(cpus):8.1f} ms {percentile(cpus, 0.95):6.1f} ms  "
            f"{statistics.median(settled):15.1f} ms {percentile(settled, 0.95):6.1f} ms  "
            f"(n={len(values)}, ≤ {target:.0f}: {verdict})"
        )
    if tracer is not None:
        tracer.close()
        print_traces(timings)
        print("\n".join(census))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process (app + Pilot + bench) {peak:.0f} MB ({load()})")


def print_traces(timings: dict[str, list[Sample]], slowest: int = 3) -> None:
    """For each key, the median sample's trace and its ``slowest`` samples' (by CPU),
    from the press to the settled paint."""
    print("\n## where the time went (CPU ms, wall ms to the settled paint: trace)")
    for name, values in timings.items():
        ordered = sorted(values, key=lambda sample: sample[4])
        shown = [ordered[len(ordered) // 2], *ordered[-slowest:]]
        print(name)
        for label, (_, _, trace, wall, cpu) in zip(
            ["median", *["slow"] * slowest], shown, strict=False
        ):
            detail = trace.describe() if trace is not None else ""
            print(f"  {label:<6} {cpu:6.1f} {wall:6.1f}: {detail}")
