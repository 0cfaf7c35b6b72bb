"""Where the reading cursor goes when the view moves for the user: find hits, the top
and end of the article, pages, and an article opened again in a pane.

Real SQLite files in tmp_path, the seed corpus, the real app driven by its Pilot.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import article_id, open_from_list, run_scenario, settle

from reader.conversion import Script
from reader.search import find_in_text
from reader.text_units import Unit
from reader.tui.app import ReaderApp
from reader.tui.screenshots import build_database
from reader.tui.widgets.reading_pane import ReadingPane

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def drive(library: Path, corpus_dir: Path, scenario: Scenario) -> None:
    app = ReaderApp(library, corpus_dir, sync=False)

    run_scenario(app, scenario)


async def open_pane(pilot: Pilot, app: ReaderApp, script: Script) -> ReadingPane:
    await open_from_list(pilot, app, article_id(app, script))
    pane = app.main_screen.current_pane
    assert pane is not None and pane.cursor is not None
    return pane


def cursor_visible(pane: ReadingPane) -> bool:
    assert pane.cursor is not None
    view = pane.view
    line = view.line_for_offset(pane.cursor.position)
    top = round(view.scroll_y)
    return top <= line < top + view.scrollable_content_region.height


def test_find_and_stepping_put_the_cursor_on_the_hit(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_pane(pilot, app, Script.TRADITIONAL)
        cursor = pane.cursor
        assert cursor is not None
        hits = find_in_text(pane.article.clean_text, "马斯克")
        assert len(hits) > 3 and hits[0][0] > 0
        await pilot.press("slash", *"马斯克")
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert pane.current_hit is not None
        assert cursor.position == hits[pane.current_hit][0]
        for key in ("n", "n", "N"):
            await pilot.press(key)
            await pilot.pause()
            start = hits[pane.current_hit][0]
            assert cursor.position == start and cursor_visible(pane)
            target = cursor.target()
            assert target[0] <= start < target[1]  # `a` annotates the hit's sentence

    drive(library, corpus_dir, scenario)


def test_top_end_and_pages_take_the_cursor_along(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_pane(pilot, app, Script.SIMPLIFIED)
        cursor = pane.cursor
        assert cursor is not None
        text = pane.article.clean_text
        await pilot.press("space", "space")
        await pilot.pause()
        assert cursor.position > 0 and cursor_visible(pane)
        await pilot.press("g")
        await pilot.pause()
        assert cursor.position == 0 and pane.view.scroll_y == 0
        await pilot.press("right_parenthesis")
        await pilot.pause()
        first_line = pane.view.line_for_offset(0)
        assert pane.view.line_for_offset(cursor.position) - first_line < 5  # no jump down
        await pilot.press("G")
        await pilot.pause()
        assert cursor_visible(pane)
        last = cursor.index.previous(Unit.SENTENCE, len(text))
        assert last is not None
        assert cursor.position in (last[0], cursor.index.character(len(text))[0])
        assert cursor.index.next(Unit.SENTENCE, cursor.position) is None
        for key in ("b", "b", "space"):
            await pilot.press(key)
            await pilot.pause()
            assert cursor_visible(pane), key
        await pilot.press("home")
        await pilot.pause()
        assert cursor.position == 0

    drive(library, corpus_dir, scenario)


def test_each_article_keeps_its_place_when_a_pane_switches_and_back(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        first = article_id(app, Script.SIMPLIFIED)
        second = article_id(app, Script.TRADITIONAL)
        pane = await open_pane(pilot, app, Script.SIMPLIFIED)
        await pilot.press("space", "space", "right_parenthesis", "right_parenthesis")
        await pilot.pause()
        assert pane.cursor is not None
        top, position = pane.top_offset(), pane.cursor.position
        assert top > 0 and position > top

        await open_from_list(pilot, app, second)  # the same pane shows another article
        assert pane.article.id == second and pane.top_offset() == 0
        await pilot.press("space", "right_parenthesis")
        await pilot.pause()
        second_place = (pane.top_offset(), pane.cursor.position)

        await open_from_list(pilot, app, first)
        await pilot.pause()
        assert pane.article.id == first
        assert (pane.top_offset(), pane.cursor.position) == (top, position)

        await open_from_list(pilot, app, first)  # opened again where it is: stays put
        assert (pane.top_offset(), pane.cursor.position) == (top, position)

        await pilot.press("w")  # close the pane; reopening finds the place again
        await settle(pilot)
        assert app.main_screen.panes == []
        await open_from_list(pilot, app, second)
        await pilot.pause()
        reopened = app.main_screen.current_pane
        assert reopened is not None and reopened.cursor is not None
        assert (reopened.top_offset(), reopened.cursor.position) == second_place

    drive(library, corpus_dir, scenario)


def test_places_are_kept_from_one_run_to_the_next(library: Path, corpus_dir: Path) -> None:
    places: dict[str, tuple[int, int]] = {}

    async def first(pilot: Pilot, app: ReaderApp) -> None:
        left = article_id(app, Script.SIMPLIFIED)
        pane = await open_pane(pilot, app, Script.SIMPLIFIED)
        await pilot.press("space", "space", "right_parenthesis")
        await pilot.pause()
        assert pane.cursor is not None
        places["left"] = (pane.top_offset(), pane.cursor.position)
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        await pilot.press("space", "right_parenthesis", "right_parenthesis")
        await pilot.pause()
        places["open"] = (pane.top_offset(), pane.cursor.position)
        assert places["left"][0] > 0 and places["open"][1] > places["open"][0]
        places["id"] = (left, 0)
        await pilot.press("q")

    drive(library, corpus_dir, first)

    async def second(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        pane = app.main_screen.current_pane
        assert pane is not None and pane.cursor is not None
        assert (pane.top_offset(), pane.cursor.position) == places["open"]
        await open_from_list(pilot, app, places["id"][0])
        await pilot.pause()
        assert pane.article.id == places["id"][0]
        assert (pane.top_offset(), pane.cursor.position) == places["left"]

    drive(library, corpus_dir, second)
