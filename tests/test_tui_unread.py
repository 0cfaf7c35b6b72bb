"""Read state in the app, through Textual's Pilot: opening marks read, ``m`` toggles,
``f`` lists only the unread, the status line counts them; all saved in the store."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Label
from tui_helpers import open_from_list, settle

from reader.listing import count_unread
from reader.store.articles import get_article
from reader.store.database import open_database
from reader.tui.app import ReaderApp
from reader.tui.screenshots import build_database

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def drive(app: ReaderApp, scenario: Scenario) -> None:
    async def main() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await scenario(pilot, app)

    try:
        asyncio.run(main())
    finally:
        app.store.close()


def status(app: ReaderApp) -> str:
    return str(app.main_screen.query_one("#status-right", Label).content)


def stored_read(db_path: Path, article_id: int) -> bool:
    db = open_database(db_path)
    try:
        return get_article(db, article_id).summary.read
    finally:
        db.conn.close()


def test_opening_an_article_marks_it_read_in_the_list_the_status_and_the_store(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        listing = app.main_screen.article_list
        total = len(listing.rows)
        assert not any(row.read for row in listing.rows)
        assert f"{total} unread" in status(app)
        target = listing.rows[1].id
        await open_from_list(pilot, app, target)
        assert next(row for row in listing.rows if row.id == target).read
        assert f"{total - 1} unread" in status(app)
        assert stored_read(library, target)
        line = "".join(segment.text for segment in listing.render_line(0))
        assert "•" in line  # the first row is still unread: it has the dot

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)


def test_m_toggles_the_selected_article_and_f_lists_only_the_unread(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        listing = screen.article_list
        total = len(listing.rows)
        screen.action_focus_list()
        await pilot.pause()
        first = listing.selected
        assert first is not None
        await pilot.press("m")
        await settle(pilot)
        assert listing.selected is not None and listing.selected.read
        assert stored_read(library, first.id)
        assert f"{total - 1} unread" in status(app)
        await pilot.press("f")
        await settle(pilot)
        assert first.id not in {row.id for row in listing.rows}
        assert len(listing.rows) == total - 1
        assert "listing unread" in status(app)
        await pilot.press("m")  # the new first row: marked read, it stays listed
        await settle(pilot)
        assert count_unread(app.db) == total - 2
        await pilot.press("m")  # and unread again
        await settle(pilot)
        assert count_unread(app.db) == total - 1
        await pilot.press("f")
        await settle(pilot)
        assert len(listing.rows) == total
        assert "listing" not in status(app)

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)


def test_quick_toggles_are_saved_as_last_made(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        screen.action_focus_list()
        await pilot.pause()
        first = screen.article_list.selected
        assert first is not None
        await pilot.press("m", "m", "m")
        await settle(pilot)
        assert stored_read(library, first.id)
        assert screen.article_list.selected is not None
        assert screen.article_list.selected.read

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)
