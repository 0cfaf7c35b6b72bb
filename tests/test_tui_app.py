"""The reader app driven through Textual's Pilot: every binding, state, start-up, errors.

Real SQLite files in tmp_path, the seed corpus imported with the importer, the real
app; no mocks.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual import events
from textual.command import CommandPalette
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList
from tui_helpers import article_id, open_from_list, run_scenario, settle

from reader.conversion import DisplayScript, Script, for_display
from reader.folding import fold_query
from reader.search import find_in_text
from reader.store.articles import list_articles
from reader.store.database import open_database
from reader.store.settings import get_setting, set_setting
from reader.tui.app import ReaderApp, run
from reader.tui.screens.help import HelpScreen
from reader.tui.screens.main import MainScreen
from reader.tui.screens.search import SearchScreen
from reader.tui.screenshots import build_database
from reader.tui.state import SETTING_KEY, ReadingState
from reader.tui.widgets import reading_pane
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.reading_pane import ReadingPane

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    """A database holding the seed corpus."""
    return build_database(db_path, corpus_dir)


def drive(app: ReaderApp, scenario: Scenario, size: tuple[int, int] = (120, 40)) -> None:
    run_scenario(app, scenario, size)


def make_app(db_path: Path, corpus: Path, *, sync: bool = False) -> ReaderApp:
    return ReaderApp(db_path, corpus, sync=sync)


def focused_view(app: ReaderApp) -> ArticleView:
    focused = app.screen.focused
    assert isinstance(focused, ArticleView), focused
    return focused


def test_open_beside_switch_focus_and_close(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        assert isinstance(app.screen, MainScreen)
        assert isinstance(app.screen.focused, ArticleList)
        traditional = article_id(app, Script.TRADITIONAL)
        simplified = article_id(app, Script.SIMPLIFIED)
        await open_from_list(pilot, app, traditional)
        assert [p.article.id for p in screen.panes] == [traditional]
        assert focused_view(app).article.id == traditional
        await open_from_list(pilot, app, simplified, key="o")
        assert [p.article.id for p in screen.panes] == [traditional, simplified]
        assert focused_view(app).article.id == simplified
        # tab cycles list → left → right; shift+tab goes back.
        await pilot.press("tab")
        assert isinstance(app.screen.focused, ArticleList)
        await pilot.press("tab")
        assert focused_view(app).article.id == traditional
        await pilot.press("tab")
        assert focused_view(app).article.id == simplified
        await pilot.press("shift+tab")
        assert focused_view(app).article.id == traditional
        # o with two panes replaces the other one; enter replaces the current one.
        third = next(s.id for s in app.summaries if s.id not in (traditional, simplified))
        await open_from_list(pilot, app, third, key="o")
        assert sorted(p.article.id for p in screen.panes) == sorted([traditional, third])
        await pilot.press("w")
        await settle(pilot)
        assert len(screen.panes) == 1
        assert isinstance(app.screen.focused, ArticleView)
        await pilot.press("w")
        await settle(pilot)
        assert screen.panes == []
        assert isinstance(app.screen.focused, ArticleList)
        await pilot.press("w")  # nothing left to close: harmless

    drive(make_app(library, corpus_dir), scenario)


class SlowComposingPane(ReadingPane):
    """A pane whose children arrive late, as on a loaded machine: its compose waits
    until well after the screen's next refresh."""

    async def _on_compose(self, event: events.Compose) -> None:
        await asyncio.sleep(0.3)
        await super()._on_compose(event)


@pytest.mark.parametrize("key", ["enter", "o"])
def test_a_pane_still_composing_takes_the_focus_once_mounted(
    library: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    """The focus goes to the opened article even when its pane composes after the
    refresh that was to focus it (the list kept it, and took the next keys)."""
    monkeypatch.setattr(reading_pane, "ReadingPane", SlowComposingPane)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        opened = article_id(app, Script.SIMPLIFIED)
        if key == "o":
            await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        await open_from_list(pilot, app, opened, key=key)
        await pilot.pause(0.6)
        assert focused_view(app).article.id == opened

    drive(make_app(library, corpus_dir), scenario)


def test_list_keys_move_the_cursor(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        listing = app.main_screen.article_list
        assert listing.cursor == 0
        await pilot.press("j")
        assert listing.cursor == 1
        await pilot.press("down", "k")
        assert listing.cursor == 1
        await pilot.press("up")
        assert listing.cursor == 0
        await pilot.press("G")
        assert listing.cursor == len(listing.rows) - 1
        await pilot.press("g")
        assert listing.cursor == 0
        await pilot.press("space")
        assert listing.cursor == len(listing.rows) - 1  # a page is more than 4 rows
        await pilot.press("b")
        assert listing.cursor == 0
        await pilot.press("end", "home", "pagedown", "pageup")
        assert listing.cursor == 0

    drive(make_app(library, corpus_dir), scenario)


def test_reading_keys_scroll_the_focused_pane(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        view = focused_view(app)
        assert view.scroll_y == 0
        await pilot.press("j", "j", "down")
        assert view.scroll_y == 3
        await pilot.press("k", "up")
        assert view.scroll_y == 1
        await pilot.press("space")
        page = view.scroll_y
        assert page > 10
        await pilot.press("b")
        assert view.scroll_y == 1
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        assert view.scroll_y == 0
        await pilot.press("pagedown", "end", "home")
        assert view.scroll_y == 0
        assert view.top_offset() == 0

    drive(make_app(library, corpus_dir), scenario)


def test_script_toggle_keeps_the_top_passage_and_shows_the_mode(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED), key="o")
        await pilot.press("shift+tab")
        view = focused_view(app)
        await pilot.press("space")
        top = view.top_offset()
        assert top > 0
        pane_titles = lambda: [str(p.border_subtitle) for p in app.main_screen.panes]  # noqa: E731
        titles: set[str] = set()
        for label in ("简体", "繁體", "臺灣", "香港", "原文"):
            await pilot.press("s")
            await pilot.pause()
            assert app.mode.label == label
            assert all(p.mode.label == label for p in app.main_screen.panes)
            assert all(label in title for title in pane_titles())
            for pane in app.main_screen.panes:  # the title is shown in the script too
                assert str(pane.border_title) == for_display(pane.article.title, pane.mode).text
                titles.add(str(pane.border_title))
            assert label in str(app.main_screen.query_one("#status-left").render())
            assert abs(view.top_offset() - top) < 40
        # S changes the focused pane only.
        await pilot.press("S")
        modes = [p.mode for p in app.main_screen.panes]
        assert modes == [DisplayScript.SIMPLIFIED, DisplayScript.ORIGINAL]
        assert view.mode is DisplayScript.SIMPLIFIED
        assert "马斯克" in view.display_text
        assert len(titles) > len(app.main_screen.panes)  # some title did change script
        for pane in app.main_screen.panes:
            assert str(pane.border_title) == for_display(pane.article.title, pane.mode).text

    drive(make_app(library, corpus_dir), scenario)


def test_find_in_article_counts_steps_and_clears(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        pane = app.main_screen.current_pane
        assert pane is not None
        expected = find_in_text(pane.article.clean_text, "马斯克")
        assert len(expected) > 3
        await pilot.press("slash")
        assert isinstance(app.screen.focused, Input)
        await pilot.press(*"马斯克")  # simplified query, traditional text
        await settle(pilot)
        assert pane.hits == expected
        await pilot.press("enter")
        assert isinstance(app.screen.focused, ArticleView)
        first = pane.current_hit
        assert first is not None
        assert pane.find_summary == f"{first + 1}/{len(expected)}"
        await pilot.press("n")
        assert pane.current_hit == (first + 1) % len(expected)
        await pilot.press("N", "N")
        assert pane.current_hit == (first - 1) % len(expected)
        assert f"/{len(expected)}" in str(app.main_screen.query_one("#status-left").render())
        # The current hit is in view after stepping.
        view = pane.view
        start = expected[pane.current_hit][0]
        row = view.line_for_offset(start)
        assert view.scroll_y <= row < view.scroll_y + view.scrollable_content_region.height
        # Hits survive a script toggle (they are original offsets).
        await pilot.press("s")
        assert pane.hits == expected
        await pilot.press("slash", "escape")
        assert pane.hits == []
        assert pane.find_summary == ""
        assert isinstance(app.screen.focused, ArticleView)

    drive(make_app(library, corpus_dir), scenario)


def test_n_without_find_and_find_without_pane_just_notify(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("slash", "n", "N")
        await pilot.pause()
        assert len(app._notifications) >= 1
        assert isinstance(app.screen, MainScreen)

    drive(make_app(library, corpus_dir), scenario)


async def search_for(
    pilot: Pilot, app: ReaderApp, key: str, query: str, *, type_it: bool = False
) -> SearchScreen:
    await pilot.press(key)
    assert isinstance(app.screen, SearchScreen)
    if type_it:
        await pilot.press(*query)
    else:
        app.screen.query_one(Input).value = query
        await pilot.pause()
    await settle(pilot)
    return app.screen


def test_corpus_search_opens_hits_here_and_beside(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = await search_for(pilot, app, "F", "馬斯克", type_it=True)
        hits = screen.query_one(OptionList)
        assert hits.option_count > 5
        assert len({hit.article_id for hit in screen._hits}) >= 2
        await pilot.press("down", "down")  # from the query into the hits, then one down
        assert isinstance(app.screen.focused, OptionList)
        chosen = screen._hits[hits.highlighted or 0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        pane = app.main_screen.current_pane
        assert pane is not None and pane.article.id == chosen.article_id
        assert pane.hits and pane.hits[pane.current_hit or 0][0] == chosen.start
        view = pane.view
        row = view.line_for_offset(chosen.start)
        assert view.scroll_y <= row < view.scroll_y + view.scrollable_content_region.height
        # ctrl+f, then ctrl+o from the query box opens the first hit beside.
        screen = await search_for(pilot, app, "ctrl+f", "英伟达")
        first = screen._hits[0]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert len(app.main_screen.panes) == 2
        assert app.main_screen.current_pane.article.id == first.article_id
        # o in the hit list opens beside too (replacing the other pane); escape closes.
        screen = await search_for(pilot, app, "F", "DeepSeek")
        await pilot.press("down", "o")
        await settle(pilot)
        assert len(app.main_screen.panes) == 2
        await search_for(pilot, app, "F", "不存在的词语")
        assert "No match" in str(app.screen.query_one("#search-count").render())
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(make_app(library, corpus_dir), scenario)


def test_corpus_search_lists_articles_and_says_when_cut(
    library: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list is cut by articles, with every hit and article still counted."""
    monkeypatch.setattr("reader.tui.screens.search.ARTICLE_LIMIT", 2)
    monkeypatch.setattr("reader.tui.screens.search.SNIPPETS", 1)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = await search_for(pilot, app, "F", "馬斯克")
        assert len(screen._hits) == 2
        assert len({hit.article_id for hit in screen._hits}) == 2
        count = str(app.screen.query_one("#search-count").render())
        assert "hits in the first 2 of 4 articles" in count, count
        hits = int(count.split(" hits")[0])
        assert hits > 2  # every hit of the listed articles, not only those shown

    drive(make_app(library, corpus_dir), scenario)


def test_each_search_hit_is_one_line_with_its_hit_in_view(library: Path, corpus_dir: Path) -> None:
    """Snippets are cut around the hit to the list's width (they wrapped before)."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = await search_for(pilot, app, "F", "馬斯克", type_it=True)
        hits = screen.query_one(OptionList)
        width = hits.scrollable_content_region.width
        for index in range(hits.option_count):
            prompt = hits.get_option_at_index(index).prompt
            assert isinstance(prompt, Content)
            snippet = prompt.plain.split("\n")[-1]
            assert cell_len(snippet) <= width - 2, snippet
            emphasised = [span for span in prompt.spans if "reverse" in str(span.style)]
            assert emphasised
            shown = prompt.plain[emphasised[-1].start : emphasised[-1].end]
            assert fold_query(shown) == fold_query("馬斯克")

    drive(make_app(library, corpus_dir), scenario, size=(90, 30))


async def palette(pilot: Pilot, app: ReaderApp, query: str) -> CommandPalette:
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    for _ in range(50):
        await pilot.pause(0.05)
        if app.screen.query_one(OptionList).option_count:
            break
    return app.screen


def test_palette_opens_articles_by_title_in_any_script_and_runs_commands(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        # 馬斯克 (traditional) in the query finds the simplified title 马斯克笑了.
        target = next(s for s in app.summaries if "马斯克笑了" in s.title)
        await palette(pilot, app, "馬斯克笑")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main_screen.current_pane is not None
        assert app.main_screen.current_pane.article.id == target.id
        await palette(pilot, app, "every key")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)

    drive(make_app(library, corpus_dir), scenario)


def test_help_lists_every_binding_and_closes(library: Path, corpus_dir: Path) -> None:
    from reader.tui.bindings import KEYS
    from reader.tui.screens.help import help_content

    text = help_content().plain
    for spec in KEYS:
        assert spec.description in text
        assert spec.display in text

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        for close in ("escape", "q", "question_mark"):
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press(close)
            assert isinstance(app.screen, MainScreen)
        assert app.is_running

    drive(make_app(library, corpus_dir), scenario)


def test_reading_state_is_saved_on_quit_and_restored(library: Path, corpus_dir: Path) -> None:
    saved: dict[str, int] = {}

    async def first(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED), key="o")
        await pilot.press("shift+tab", "space", "s")
        await pilot.pause()
        saved["offset"] = focused_view(app).top_offset()
        assert saved["offset"] > 0
        await pilot.press("q")

    app = make_app(library, corpus_dir)
    drive(app, first)
    assert app.return_code == 0
    db = open_database(library)
    state = get_setting(db, SETTING_KEY)
    db.conn.close()
    assert state["mode"] == "simplified"
    assert state["panes"][0]["offset"] == saved["offset"]
    assert state["focused"] == 0

    async def second(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        panes = app.main_screen.panes
        assert len(panes) == 2
        assert app.mode is DisplayScript.SIMPLIFIED
        view = focused_view(app)
        assert view is panes[0].view
        assert view.mode is DisplayScript.SIMPLIFIED
        # The saved passage is on the top line, whatever the width: an offset, not a row.
        assert view.line_for_offset(saved["offset"]) == round(view.scroll_y)

    drive(make_app(library, corpus_dir), second, size=(90, 30))


def test_narrow_terminal_stacks_panes_and_collapses_the_list(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        assert screen.has_class("-no-panes")
        await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
        await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED), key="o")
        assert screen.has_class("-stacked") and screen.has_class("-collapsed")
        assert screen.article_list.display is False or not screen.article_list.size.width
        left, right = screen.panes
        assert left.region.y < right.region.y  # one above the other
        await pilot.press("l")
        await pilot.pause()
        assert screen.has_class("-list-focus")
        assert screen.article_list.size.width > 70  # the whole width, less the border
        await pilot.resize_terminal(200, 50)
        await pilot.pause()
        assert not screen.has_class("-stacked") and not screen.has_class("-collapsed")
        assert left.region.y == right.region.y

    drive(make_app(library, corpus_dir), scenario, size=(80, 24))


def test_empty_store_explains_import_then_sync_fills_the_list(
    tmp_path: Path, corpus_dir: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        screen = app.main_screen
        assert screen.has_class("-empty")
        assert "reader import PATH" in str(screen.query_one("#empty").render())
        assert str(corpus) in str(screen.query_one("#empty").render())
        shutil.copy(next(corpus_dir.glob("*.txt")), corpus)
        app.start_sync()
        await settle(pilot)
        await pilot.pause()
        assert not screen.has_class("-empty")
        assert len(screen.article_list.rows) == 1

    drive(make_app(tmp_path / "empty.db", corpus, sync=True), scenario)


def test_sync_runs_after_start_and_refreshes_the_list(tmp_path: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        await pilot.pause()
        assert len(app.main_screen.article_list.rows) == 4

    drive(make_app(tmp_path / "fresh.db", corpus_dir, sync=True), scenario)


def test_run_reports_an_unusable_database_in_one_line(
    tmp_path: Path, corpus_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = tmp_path / "not-a-db.db"
    garbage.write_bytes(b"this is not sqlite at all")
    assert run(db_path=garbage, corpus=corpus_dir) == 1
    err = capsys.readouterr().err
    assert err.startswith("reader: ") and err.count("\n") == 1
    assert garbage.read_bytes() == b"this is not sqlite at all"


def test_start_up_imports_neither_jieba_nor_sqlite_utils(tmp_path: Path) -> None:
    """jieba is for a worker; sqlite-utils costs 40 ms the interface does not need."""
    code = (
        "import sys, reader.tui.app, reader.tui.screenshots\n"
        f"app = reader.tui.app.ReaderApp({str(tmp_path / 'new.db')!r}, '.')\n"
        "print(sorted(m for m in ('jieba', 'sqlite_utils') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
    assert (tmp_path / "new.db").exists()


def test_closing_the_last_pane_returns_the_layout_to_the_list(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        ident = article_id(app, Script.SIMPLIFIED)
        full_width = screen.article_list.size.width
        await open_from_list(pilot, app, ident)
        assert not screen.has_class("-no-panes")
        assert screen.article_list.size.width < full_width
        assert ident in screen.article_list._open
        await pilot.press("w")
        await settle(pilot)
        assert screen.panes == []
        assert screen.has_class("-no-panes")
        assert screen.article_list.size.width == full_width
        assert not screen.article_list._open

    drive(make_app(library, corpus_dir), scenario)


def test_help_scrolls_with_the_reading_keys(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        await pilot.press("j", "j", "j")
        await pilot.pause()
        assert box.scroll_y == 3
        await pilot.press("k")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("space")
        await pilot.pause()
        assert box.scroll_y > 10
        await pilot.press("b")
        await pilot.pause()
        assert box.scroll_y == 2
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)

    drive(make_app(library, corpus_dir), scenario, size=(80, 24))


def test_garbage_collection_resumes_after_the_first_paint(tmp_path: Path) -> None:
    """Start-up pauses the collector; it must not stay paused while the app runs."""
    code = f"""
import gc
from reader.tui.app import ReaderApp
app = ReaderApp({str(tmp_path / "new.db")!r}, ".", sync=False)
seen = []
async def autopilot(pilot):
    await pilot.pause()
    await pilot.pause()
    seen.append(gc.isenabled())
    app.exit()
app.run(headless=True, size=(80, 24), auto_pilot=autopilot)
print(seen, gc.isenabled())
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[True] True"


def test_the_list_paints_its_first_page_then_loads_the_rest(
    library: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With more articles than the first page, the count is right from the start, the
    rest arrives a frame later, and a saved selection beyond the first page is kept."""
    monkeypatch.setattr("reader.tui.app.FIRST_PAGE", 3)
    db = open_database(library)
    try:
        last = list_articles(db)[-1].id
        set_setting(db, SETTING_KEY, ReadingState(selected=last).as_json())
    finally:
        db.conn.close()
    app = make_app(library, corpus_dir)
    seen: list[tuple[int, int, str]] = []

    def first_frame() -> None:
        listed = app.main_screen.article_list
        seen.append((len(listed.rows), listed.total, str(listed.border_title)))

    app.call_after_refresh(first_frame)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        listed = app.main_screen.article_list
        assert seen[0] == (3, 4, "Articles · 4")
        assert len(listed.rows) == listed.total == 4
        assert listed.selected is not None and listed.selected.id == last
        status = app.main_screen.query_one("#status-right", Label)
        assert str(status.content).startswith("4 articles")

    drive(app, scenario)


def test_a_pane_shows_its_new_progress_after_the_terminal_grows(
    library: Path, corpus_dir: Path
) -> None:
    """The % in a pane's border follows a height change, not only a scroll."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = app.main_screen.open_article(article_id(app, Script.TRADITIONAL))
        await settle(pilot)
        assert pane is not None
        before = str(pane.border_subtitle)
        await pilot.resize_terminal(120, 50)
        await settle(pilot)
        after = str(pane.border_subtitle)
        assert after != before
        assert after.endswith(f"{round(pane.view.progress * 100)}%")

    drive(make_app(library, corpus_dir), scenario, size=(120, 36))
