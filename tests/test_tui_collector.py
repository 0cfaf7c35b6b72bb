"""Full garbage collections wait for a quiet moment (reader/tui/collector.py).

The keys' p95 outliers at 100,000 articles were full collections tripped by the
allocation counter during a key (bench/README.md, "Keys at 100,000"). These tests
hold the real collector and the real app to the policy: automatic full collections
made rare while the app runs (and put back after), a full collection once input has
been quiet, none while keys keep coming.
"""

from __future__ import annotations

import ast
import gc
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import article_id, run_scenario, settle

from reader.conversion import Script
from reader.tui.app import ReaderApp
from reader.tui.collector import BUDGET, RARE_FULL, IdleCollector
from reader.tui.screenshots import build_database


class Clock:
    """A clock the test moves by hand (the collector's only input besides gc)."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def full_collections() -> Iterator[list[int]]:
    """Counts the full collections run while the test runs, by whatever runs them."""
    seen: list[int] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            seen.append(info["collected"])

    gc.callbacks.append(callback)
    yield seen
    gc.callbacks.remove(callback)


def test_install_makes_full_collections_rare_and_uninstall_puts_them_back() -> None:
    before = gc.get_threshold()
    collector = IdleCollector()
    collector.install()
    try:
        assert gc.get_threshold() == (before[0], before[1], RARE_FULL)
        assert before[2] < RARE_FULL
    finally:
        collector.uninstall()
    assert gc.get_threshold() == before


def test_a_full_collection_waits_for_quiet_input(full_collections: list[int]) -> None:
    clock = Clock()
    collector = IdleCollector(clock)
    gc.collect(1)  # a young collection: something was promoted, a full one is due
    assert collector.due()
    collector.input_seen()
    clock.now += collector.quiet / 2
    assert not collector.tick()
    assert full_collections == []
    clock.now += collector.quiet
    assert collector.tick()
    assert len(full_collections) == 1
    assert collector.collections == 1
    # Nothing promoted since: nothing to do, however long the quiet.
    assert not collector.due()
    clock.now += 10 * collector.quiet
    assert not collector.tick()
    assert len(full_collections) == 1


def test_idle_collections_keep_to_a_share_of_the_time() -> None:
    """Input quiet but the process busy (workers at start-up promote objects all the
    time): a collection that took 0.1 s is not followed by another for 2 s."""
    clock = Clock()

    def slow(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            clock.now += 0.1  # this collection "took" a tenth of a second

    collector = IdleCollector(clock)
    clock.now += collector.quiet
    gc.callbacks.append(slow)
    try:
        gc.collect(1)
        assert collector.tick()
        gc.collect(1)  # promoted again: due, but too soon
        clock.now += BUDGET * 0.1 / 2
        assert collector.due()
        assert not collector.tick()
        clock.now += BUDGET * 0.1 / 2
        assert collector.tick()
    finally:
        gc.callbacks.remove(slow)
    assert collector.collections == 2


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def test_the_app_collects_while_idle_and_not_between_keys(
    library: Path, corpus_dir: Path, full_collections: list[int]
) -> None:
    """Keys in the reading pane run no full collection; a pause does, and the
    collector's thresholds are the app's only while it runs."""
    before = gc.get_threshold()
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        assert gc.get_threshold()[2] == RARE_FULL
        app.main_screen.open_article(article_id(app, Script.SIMPLIFIED))
        await settle(pilot)
        gc.collect(1)  # as a session's young collections do: a full one is now due
        app.collector.input_seen()  # the keys below start now: no quiet moment yet
        full_collections.clear()
        idle_before = app.collector.collections
        for _ in range(20):
            await pilot.press("j", "k")
        assert full_collections == []
        assert app.collector.collections == idle_before
        # the pause: the idle collection comes once input has been quiet long enough
        # and the last one is far enough behind (on a loaded machine, it took longer)
        deadline = time.monotonic() + 30
        while app.collector.collections == idle_before and time.monotonic() < deadline:
            await pilot.pause(app.collector.interval)
        assert app.collector.collections == idle_before + 1
        assert len(full_collections) == 1

    run_scenario(app, scenario)
    assert gc.get_threshold() == before


def test_the_listed_summaries_are_out_of_the_collectors_reach(
    library: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the whole list is loaded its summaries are frozen: a full collection does
    not walk them (at 100,000 articles they are hundreds of thousands of objects)."""
    monkeypatch.setattr("reader.tui.app.FIRST_PAGE", 2)
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        assert len(app.summaries) > 2  # the rest was read on the worker
        tracked = {id(o) for o in gc.get_objects()}
        assert not any(id(summary) in tracked for summary in app.summaries)

    run_scenario(app, scenario)


def test_the_later_views_are_imported_after_the_first_paint(tmp_path: Path) -> None:
    """The entity browser, panel, concordance (and the rest of WARM_MODULES) are not
    imported by start-up before its first paint, and are by the time the app is idle,
    so the first key that opens each does not pay for its import."""
    code = f"""
import sys
from reader.tui.app import ReaderApp
from reader.tui.warm_up import WARM_MODULES
app = ReaderApp({str(tmp_path / "new.db")!r}, ".", sync=False)
seen = []
def painted():
    seen.append([m for m in WARM_MODULES if m in sys.modules])
async def autopilot(pilot):
    app.call_after_refresh(painted)
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()
    seen.append([m for m in WARM_MODULES if m not in sys.modules])
    app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=autopilot)
print(seen)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    at_paint, missing_after = ast.literal_eval(result.stdout.strip())
    assert "reader.tui.screens.entities" not in at_paint
    assert missing_after == []
