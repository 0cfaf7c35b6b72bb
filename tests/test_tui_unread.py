"""Read state and list filters in the app, through Textual's Pilot: opening marks
read, ``m`` toggles, ``f`` lists only the unread, the status line counts them (all
saved in the store); the palette narrows the list to an outlet or days."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList
from tui_helpers import open_from_list, run_scenario, settle

from reader.listing import count_unread, mark_read
from reader.store.articles import get_article
from reader.store.database import open_database
from reader.tui.app import ReaderApp
from reader.tui.screens.list_filter import DayRangePrompt
from reader.tui.screenshots import build_database

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def drive(app: ReaderApp, scenario: Scenario) -> None:
    run_scenario(app, scenario)


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


async def run_command(pilot: Pilot, app: ReaderApp, query: str, wanted: str) -> None:
    """Type ``query`` in the palette and run the command whose name holds ``wanted``."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    options = app.screen.query_one(OptionList)
    for _ in range(100):
        await pilot.pause(0.05)
        found = [
            index
            for index in range(options.option_count)
            if wanted in str(options.get_option_at_index(index).prompt)
        ]
        if found:
            break
    assert found, f"no command {wanted!r}"
    options.highlighted = found[0]
    await pilot.press("enter")
    await settle(pilot)


def test_the_palette_narrows_the_list_to_an_outlet_and_clears_it(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        listing = app.main_screen.article_list
        total = len(listing.rows)
        outlet = next(row.source for row in listing.rows if row.source)
        await run_command(pilot, app, f"outlet {outlet}", f"List only the outlet {outlet}")
        assert listing.rows
        assert {row.source for row in listing.rows} == {outlet}
        assert f"listing {outlet}" in status(app)
        await run_command(pilot, app, "every article", "List every article")
        assert len(listing.rows) == total
        assert "listing" not in status(app)

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)


def test_the_day_prompt_says_what_is_wrong_and_lists_the_days_given(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        listing = app.main_screen.article_list
        dated = [row for row in listing.rows if row.date]
        assert dated and len(dated) < len(listing.rows)
        day = dated[0].date[:10]
        await run_command(pilot, app, "dated from", "List articles dated")
        assert isinstance(app.screen, DayRangePrompt)
        await pilot.press(*"soon", "enter")
        await pilot.pause()
        assert isinstance(app.screen, DayRangePrompt)
        hint = str(app.screen.query_one("#days-hint", Label).content)
        assert "not a date" in hint
        app.screen.query_one(Input).value = f"{day}.."
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, DayRangePrompt)
        assert {row.id for row in listing.rows} == {row.id for row in dated if row.date[:10] >= day}
        assert f"since {day}" in status(app)

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)


def test_a_filter_that_keeps_nothing_shows_an_empty_list_and_keeps_the_panes(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        listing = screen.article_list
        target = listing.rows[0].id
        mark_read(app.db, [row.id for row in listing.rows if row.id != target])
        await open_from_list(pilot, app, target)
        await pilot.press("f")
        await settle(pilot)
        assert listing.rows == []
        assert "0 unread" in status(app)
        assert not screen.has_class("-empty")
        assert screen.current_pane is not None and screen.current_pane.display
        notes = [str(note.message) for note in app._notifications]
        assert "Listing unread: 0 articles" in notes

    drive(ReaderApp(library, corpus_dir, sync=False), scenario)
