"""A key repaints what it changes, once (bench/README.md, "Keys at 100,000" and "The
entity panel and the concordance: one layout, one paint")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Static
from tui_helpers import run_scenario, settle

from reader.tui.app import ReaderApp
from reader.tui.screenshots import build_database
from reader.tui.widgets.reading_pane import ReadingPane


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


async def open_longest(pilot: Pilot, app: ReaderApp) -> ReadingPane:
    """Open the longest article (the most rows to draw) and focus its text."""
    longest = max(app.summaries, key=lambda summary: summary.chars)
    pane = app.main_screen.open_article(longest.id)
    assert pane is not None
    await settle(pilot)
    pane.view.focus()
    await pilot.pause()
    return pane


def test_a_new_progress_repaints_the_border_row_not_the_whole_pane(
    library: Path, corpus_dir: Path
) -> None:
    """``j`` changes the % in the pane's bottom border: that row is drawn again (and
    shows the new %), the pane's other rows are not (the view repaints its own)."""
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_longest(pilot, app)
        rows: list[int] = []
        render_line = pane.render_line

        def counted(y: int) -> Strip:
            rows.append(y)
            return render_line(y)

        pane.render_line = counted  # type: ignore[method-assign]
        before = str(pane.border_subtitle)
        for _ in range(20):
            await pilot.press("j")
            await pilot.pause()
            if str(pane.border_subtitle) != before:
                break
        after = str(pane.border_subtitle)
        assert after != before  # the progress moved
        assert rows == []  # no row inside the border drawn again
        shown = app.export_screenshot().replace("&#160;", " ")
        assert after.split(" · ")[1] in shown  # the new % is on screen

    run_scenario(app, scenario, size=(100, 30))


def test_the_entity_panel_paints_the_text_wrapped_for_the_narrower_pane_once(
    library: Path, corpus_dir: Path
) -> None:
    """``E`` narrows the reading pane: its first frame shows the text wrapped for the
    new width (it showed the old lines cut, then a second frame wrapped them), and
    the view draws its rows once; the list beside, which did not move, keeps its
    scrollbar as drawn."""
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        pane = await open_longest(pilot, app)
        view = pane.view
        wide = view.layout.width
        drawn: list[tuple[int, int]] = []  # (width wrapped for, width to wrap for)
        render_line = view.render_line

        def checked(y: int) -> Strip:
            drawn.append((view.layout.width, view._text_width()))
            return render_line(y)

        view.render_line = checked  # type: ignore[method-assign]
        scrollbar = screen.article_list.vertical_scrollbar
        assert screen.article_list.show_vertical_scrollbar
        scrollbar_rows: list[int] = []
        scrollbar_line = scrollbar.render_line

        def counted(y: int) -> Strip:
            scrollbar_rows.append(y)
            return scrollbar_line(y)

        scrollbar.render_line = counted  # type: ignore[method-assign]
        await pilot.press("E")
        await settle(pilot)
        await pilot.pause(0.1)
        assert screen.entity_panel.entity_list.has_focus
        assert view.layout.width < wide  # narrower: wrapped again
        assert drawn, "the view was not drawn again"
        assert all(wrapped == wanted for wrapped, wanted in drawn)
        assert len(drawn) <= view.scrollable_content_region.height
        assert scrollbar_rows == []

    run_scenario(app, scenario, size=(120, 10))  # short: the list scrolls


def test_moving_the_panels_cursor_draws_the_two_rows_it_changes(
    analysed: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    """``j`` in the entity panel draws the row the cursor leaves and the row it
    reaches, not every visible row (each drawn again costs Textual's per-row work
    even when the row itself is cached)."""
    library = tmp_path / "library.db"
    shutil.copy(analysed, library)
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        screen.open_article(app.summaries[0].id)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        listed = screen.entity_panel.entity_list
        assert listed.has_focus and listed.cursor == 0
        assert listed.row_count > 4
        rows: list[int] = []
        render_line = listed.render_line

        def counted(y: int) -> Strip:
            rows.append(y)
            return render_line(y)

        listed.render_line = counted  # type: ignore[method-assign]
        await pilot.press("j")
        await pilot.pause()
        assert listed.cursor == 1
        assert sorted(rows) == [0, 1]
        rows.clear()
        await pilot.press("k")
        await pilot.pause()
        assert listed.cursor == 0
        assert sorted(rows) == [0, 1]

    run_scenario(app, scenario)


def test_showing_and_hiding_the_panel_wraps_the_text_once_per_width(
    library: Path, corpus_dir: Path
) -> None:
    """``E`` narrows the pane and hiding the panel widens it back: the second time at
    a width, the text is not wrapped again (the layout made the first time is used),
    and the pane shows the same lines as before."""
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        pane = await open_longest(pilot, app)
        view = pane.view
        wide = view.layout
        shown = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
        await pilot.press("E")
        await settle(pilot)
        narrow = view.layout
        assert narrow.width < wide.width
        await pilot.press("escape")  # hides the panel, focus back in the pane
        await settle(pilot)
        assert not screen.entity_panel.display
        assert view.layout is wide
        again = [view.render_line(y).text for y in range(view.scrollable_content_region.height)]
        assert again == shown
        await pilot.press("E")
        await settle(pilot)
        assert view.layout is narrow

    run_scenario(app, scenario)


def test_the_panels_colours_follow_a_new_theme(
    analysed: Path, tmp_path: Path, corpus_dir: Path
) -> None:
    """The panel resolves its kind colours once per style update and sets its legend
    only when it changes: a new theme still reaches the rows and, when the panel is
    shown again, the legend."""
    library = tmp_path / "library.db"
    shutil.copy(analysed, library)
    app = ReaderApp(library, corpus_dir, sync=False)

    def legend_colours(panel: Widget) -> set[str]:
        content = panel.query_one("#entity-legend", Static).content
        assert isinstance(content, Content)
        return {str(span.style) for span in content.spans}

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        screen.open_article(app.summaries[0].id)
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        panel = screen.entity_panel
        listed = panel.entity_list
        kind = listed.entities[0].kind
        row_before = listed.render_row(0, 30, listed.rich_style)[2].style
        legend_before = legend_colours(panel)
        before = listed.kind_style(kind).color
        app.theme = "textual-light" if app.theme != "textual-light" else "nord"
        await settle(pilot)
        after = listed.kind_style(kind).color
        assert after != before
        row_after = listed.render_row(0, 30, listed.rich_style)[2].style
        assert row_after is not None and row_after.color == after
        assert row_before is not None and row_before.color == before
        await pilot.press("escape")  # hide the panel, show it again
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        assert legend_colours(panel) != legend_before

    run_scenario(app, scenario)
