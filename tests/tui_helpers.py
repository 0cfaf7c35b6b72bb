"""Steps the reader's Pilot tests share."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from reader.conversion import Script
from reader.tui.app import ReaderApp


def article_id(app: ReaderApp, script: Script) -> int:
    """The first listed article written in ``script``."""
    return next(s.id for s in app.summaries if s.script is script)


#: Pauses of 20 ms that :func:`settle` waits at most for the list's entity counts.
COUNT_POLLS = 250


async def settle(pilot: Pilot) -> None:
    """Wait for the workers (sync, counts, analysis) and the refresh after them, and
    for the list's entity counts of the rows on screen (read on a worker the list's
    drawing starts, so perhaps after the other workers are done)."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = getattr(pilot.app, "main_screen", None)
    for _ in range(COUNT_POLLS):
        counts = screen.entity_counts if screen is not None and screen.is_attached else None
        if counts is None or not counts.shown or counts.settled:
            break
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_from_list(pilot: Pilot, app: ReaderApp, ident: int, key: str = "enter") -> None:
    """Select article ``ident`` in the list and press ``key`` (enter: here, o: beside)."""
    screen = app.main_screen
    screen.action_focus_list()
    await pilot.pause()
    screen.article_list.select_id(ident)
    await pilot.press(key)
    await settle(pilot)


Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


def run_scenario(
    app: ReaderApp,
    scenario: Scenario,
    size: tuple[int, int] = (120, 40),
    *,
    notifications: bool = False,
) -> None:
    """Run ``scenario`` against ``app`` under the Pilot, then close the app's store;
    ``notifications`` shows toasts (the Pilot hides them by default)."""

    async def main() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await pilot.pause()
            await scenario(pilot, app)

    try:
        asyncio.run(main())
    finally:
        app.store.close()
