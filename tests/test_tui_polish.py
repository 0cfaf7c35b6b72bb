"""Small usability fixes, driven through Textual's Pilot on the real app and store."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Label
from tui_helpers import article_id, run_scenario, settle

from reader.conversion import Script
from reader.tui.app import ReaderApp
from reader.tui.screens.annotations import AnnotationsScreen
from reader.tui.screens.review import ReviewFilterDialog
from reader.tui.screenshots import build_database
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.footer import ReaderFooter

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def drive(
    library: Path, corpus_dir: Path, scenario: Scenario, size: tuple[int, int] = (120, 40)
) -> None:
    app = ReaderApp(library, corpus_dir, sync=False)

    run_scenario(app, scenario, size)


def test_opening_the_article_of_the_other_pane_focuses_it(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        first = article_id(app, Script.TRADITIONAL)
        second = article_id(app, Script.SIMPLIFIED)
        screen.open_article(first)
        await settle(pilot)
        screen.open_article(second, beside=True)
        await settle(pilot)
        left, right = screen.panes
        assert screen.current_pane is right
        # enter on the left pane's article (here or beside): no second copy, focus moves.
        for beside in (False, True):
            screen.open_article(right.article.id)
            await settle(pilot)
            screen.open_article(first, beside=beside)
            await settle(pilot)
            assert screen.panes == [left, right]
            assert [p.article.id for p in screen.panes] == [first, second]
            assert screen.current_pane is left
            assert isinstance(app.screen.focused, ArticleView)
            assert app.screen.focused is left.view
        # From the list too, and an offset scrolls the pane that shows it.
        length = len(right.article.clean_text)
        target = length * 2 // 3
        screen.open_article(second, offset=target)
        await settle(pilot)
        assert screen.panes == [left, right]
        assert app.screen.focused is right.view
        top = right.view.top_offset()
        assert 0 < top <= target and right.cursor is not None
        assert right.cursor.char[0] >= top
        assert right.view.line_for_offset(target) >= right.view.scroll_y
        # The pane already showing it is simply reloaded where it is (as before).
        screen.open_article(second)
        await settle(pilot)
        assert screen.panes == [left, right]

    drive(library, corpus_dir, scenario)


def count_line(app: ReaderApp) -> str:
    return str(app.screen.query_one("#annotations-count", Label).render())


def test_empty_annotation_views_say_why(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("O")
        await settle(pilot)
        assert isinstance(app.screen, AnnotationsScreen)
        assert count_line(app) == "No orphaned or fuzzy annotations"
        await pilot.press("escape")
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, AnnotationsScreen)
        assert count_line(app) == "No annotations yet: select a passage with v and press a"
        await pilot.press("x")  # a tag filter that matches nothing
        await settle(pilot)
        assert count_line(app) == "No annotations match these filters"

    drive(library, corpus_dir, scenario)


def test_review_filters_name_the_article(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        ident = article_id(app, Script.TRADITIONAL)
        title = next(s.title for s in app.summaries if s.id == ident)
        screen.open_article(ident)
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, ReviewFilterDialog)
        shown = app.screen.query_one("#filter-article-title", Label)
        assert str(shown.render()) == title
        article = app.screen.query_one("#filter-article", Input)
        article.value = "999999"
        await pilot.pause()
        assert str(shown.render()) == "no article with this id"
        article.value = ""
        await pilot.pause()
        assert str(shown.render()) == "all articles"

    drive(library, corpus_dir, scenario)


def test_review_filters_show_a_title_literally() -> None:
    dialog = ReviewFilterDialog(titles={7: "[b]not bold[/b] $x"})
    content = dialog._article_title("7")
    assert isinstance(content, Content)
    assert content.plain == "[b]not bold[/b] $x"
    assert not content.spans


def test_help_and_quit_stay_in_the_footer_at_80_columns(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        for opened in (False, True):
            if opened:
                app.main_screen.open_article(article_id(app, Script.TRADITIONAL))
                await settle(pilot)
            footer = app.screen.query_one(ReaderFooter)
            assert footer.region.width == 80
            spans = {entry.action: (start, end) for start, end, entry in footer.key_spans}
            for action in ("help", "quit"):
                start, end = spans[action]
                assert 0 <= start < end <= 80, (action, start, end)
            assert ("annotate" in spans) is opened  # the focused pane's keys come along

    drive(library, corpus_dir, scenario, size=(80, 24))


def test_clicking_a_footer_key_presses_it(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        footer = app.screen.query_one(ReaderFooter)
        start = next(start for start, _end, entry in footer.key_spans if entry.action == "help")
        await pilot.click(ReaderFooter, offset=(start + 1, 0))
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"

    drive(library, corpus_dir, scenario)
