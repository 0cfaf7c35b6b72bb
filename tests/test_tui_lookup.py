"""Word look-up (K), quote with citation (y) and the source's web page (L), through
Textual's Pilot on the real app over the seed corpus."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static
from tui_helpers import open_from_list, run_scenario, settle

from reader import annotations as core
from reader.citation import cite
from reader.tui.app import ReaderApp
from reader.tui.screens.lookup import LookupScreen
from reader.tui.screenshots import build_database, fresh_app
from reader.tui.widgets.reading_pane import ReadingPane

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SIZES = [(80, 24), (120, 35)]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return build_database(tmp_path / "reader.db", CORPUS)


def drive(library: Path, scenario, size: tuple[int, int] = (80, 24)) -> None:
    run_scenario(fresh_app(library, CORPUS), scenario, size)


async def open_source(pilot: Pilot, app: ReaderApp, source: str) -> ReadingPane:
    """Open the seed article from ``source``; returns its pane."""
    ident = next(s.id for s in app.summaries if s.source == source)
    await open_from_list(pilot, app, ident)
    pane = app.main_screen.current_pane
    assert pane is not None and pane.article.id == ident
    return pane


def body_text(screen: LookupScreen) -> str:
    return str(screen.query_one("#lookup-body", Static).content)


async def look_up_at(pilot: Pilot, app: ReaderApp, pane: ReadingPane, text: str) -> LookupScreen:
    pane.place_cursor(pane.article.clean_text.index(text))
    await pilot.press("K")
    await settle(pilot)
    await settle(pilot)  # jieba's worker, then the panel's own
    screen = app.screen
    assert isinstance(screen, LookupScreen)
    return screen


@pytest.mark.parametrize("size", SIZES)
def test_k_looks_up_the_word_at_the_cursor(library: Path, size: tuple[int, int]) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "量子位")  # traditional article
        screen = await look_up_at(pilot, app, pane, "輿論")
        assert screen.word == "輿論"
        assert screen.info is not None
        assert (screen.info.simplified, screen.info.traditional) == ("舆论", "輿論")
        assert screen.info.pinyin == "yú lùn" and screen.info.jyutping
        text = body_text(screen)
        assert "yú lùn" in text and "public opinion" in text
        box = screen.query_one("#lookup-box").region
        assert box.right <= size[0] and box.bottom <= size[1]  # the whole box shows
        assert "舆论 · 輿論" in screen.query_one("#lookup-box")._border_title.plain

    drive(library, scenario, size)


def test_k_on_a_selection_looks_up_the_selection_and_escape_closes(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "量子位")
        text = pane.article.clean_text
        start = text.index("輿論風口")
        pane.select_range(start, start + 4)
        await pilot.press("K")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        assert screen.word == "輿論風口"
        assert screen.info is not None
        assert [part for part, _ in screen.info.parts] == ["輿論", "風口"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.main_screen
        assert app.focused is pane.view
        assert pane.cursor is not None and pane.cursor.selection() == (start, start + 4)

    drive(library, scenario)


def test_an_entity_shows_its_kind_and_articles_and_c_opens_its_concordance(
    library: Path,
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        app.main_screen.start_entity_analysis()
        await settle(pilot)
        pane = await open_source(pilot, app, "量子位")
        screen = await look_up_at(pilot, app, pane, "馬斯克")
        entity = screen.entity
        assert entity is not None and entity.kind.value == "person"
        assert entity.articles >= 3  # every seed article mentions him
        line = str(screen.query_one("#lookup-entity", Static).content)
        assert "person" in line and f"mentioned in {entity.articles} articles" in line
        assert screen.query_one("#lookup-entity").display
        await pilot.press("c")
        await settle(pilot)
        concordance = app.main_screen.concordance
        assert app.screen is app.main_screen
        assert concordance.display and app.focused is concordance
        assert concordance.entity_id == entity.id

    drive(library, scenario)


def test_a_plain_word_has_no_entity_line_and_c_says_so(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        app.main_screen.start_entity_analysis()
        await settle(pilot)
        pane = await open_source(pilot, app, "量子位")
        screen = await look_up_at(pilot, app, pane, "輿論")
        assert screen.entity is None
        assert not screen.query_one("#lookup-entity").display
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is screen
        assert any("not one of" in str(n.message) for n in app._notifications)

    drive(library, scenario)


def test_punctuation_is_no_word(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "极客公园")
        pane.place_cursor(pane.article.clean_text.index("，"))
        await pilot.press("K")
        await settle(pilot)
        await settle(pilot)
        assert app.screen is app.main_screen
        assert any("No word at the cursor" in str(n.message) for n in app._notifications)

    drive(library, scenario)


def test_palette_runs_the_look_up(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "量子位")
        pane.place_cursor(pane.article.clean_text.index("輿論"))
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Look up the word")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert isinstance(app.screen, LookupScreen)
        assert app.screen.word == "輿論"

    drive(library, scenario)


@pytest.mark.parametrize("size", SIZES)
def test_y_copies_the_selection_with_its_source(library: Path, size: tuple[int, int]) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "极客公园")
        text = pane.article.clean_text
        start = text.index("几个小时前")
        end = text.index("。", start) + 1
        pane.select_range(start, end)
        await pilot.press("y")
        await pilot.pause()
        expected = cite(text[start:end], pane.article.summary)
        assert app.clipboard == expected
        assert app.clipboard.startswith("> 几个小时前")
        assert "— 极客公园, 宛辰, 2025-02-19, “Grok3 来了，马斯克笑了，网站崩溃了”, <https://" in (
            app.clipboard
        )

    drive(library, scenario, size)


def test_y_copies_the_annotation_under_the_cursor_or_says_what_to_do(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "量子位")
        text = pane.article.clean_text
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == ""
        assert any("Nothing to quote" in str(n.message) for n in app._notifications)
        start = text.index("當事人")
        end = text.index("工程師", start) + 3
        made = core.create_annotation(app.db, pane.article.id, start, end, tags=["who"])
        app.main_screen.annotations_changed(frozenset({pane.article.id}))
        pane.place_cursor(start + 1)
        await pilot.press("y")
        await pilot.pause()
        assert app.clipboard == cite(made.quote, pane.article.summary)
        assert app.clipboard.startswith(f"> {made.quote}\n\n— 量子位")

    drive(library, scenario)


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The addresses the app asked the browser to open (a graphical one, as far as
    Python's webbrowser can tell)."""
    calls: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **_: calls.append(url))
    monkeypatch.setattr(webbrowser, "get", lambda *_: webbrowser.BackgroundBrowser("firefox"))
    return calls


def test_l_opens_the_web_address_or_says_there_is_none(library: Path, opened: list[str]) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "极客公园")
        await pilot.press("L")
        await settle(pilot)
        assert opened == [pane.article.summary.url]
        await open_source(pilot, app, "量子位")  # no address
        await pilot.press("L")
        await pilot.pause()
        assert len(opened) == 1
        assert any("has no web address" in str(n.message) for n in app._notifications)

    drive(library, scenario)


def test_without_an_article_k_and_y_say_what_to_do_and_l_opens_the_listed_one(
    library: Path, opened: list[str]
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        said: list[str] = []
        for key in ("K", "y"):
            app.clear_notifications()
            await pilot.press(key)
            await pilot.pause()
            said += [str(n.message) for n in app._notifications]
        assert app.screen is app.main_screen and app.clipboard == ""
        assert sum("Open an article first" in m for m in said) == 2, said
        selected = app.main_screen.article_list.selected
        assert app.focused is app.main_screen.article_list and selected is not None
        await pilot.press("L")
        await settle(pilot)
        assert opened == ([selected.url] if selected.url else [])

    drive(library, scenario)


@pytest.mark.parametrize("browser", ["lynx", None])
def test_without_a_graphical_browser_l_copies_the_address(
    library: Path, monkeypatch: pytest.MonkeyPatch, browser: str | None
) -> None:
    """A text browser would take over the reader's terminal: the address is copied."""
    opened: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **_: opened.append(url))

    def get(*_: object) -> webbrowser.BaseBrowser:
        if browser is None:
            raise webbrowser.Error("could not locate runnable browser")
        return webbrowser.GenericBrowser(browser)

    monkeypatch.setattr(webbrowser, "get", get)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_source(pilot, app, "极客公园")
        await pilot.press("L")
        await settle(pilot)
        assert opened == []
        assert app.clipboard == pane.article.summary.url

    drive(library, scenario)
