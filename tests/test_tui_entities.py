"""Entities in the reader, driven through Textual's Pilot: highlights, panel,
concordance, side by side, browser curation, background analysis.

The seed corpus is imported and analysed once per module (jieba's load is paid once);
each test works on its own copy of that database file. Real SQLite, the real app, no
mocks.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, OptionList
from tui_helpers import open_from_list as open_article
from tui_helpers import run_scenario, settle

from reader.conversion import DisplayScript, Script, for_display
from reader.entities.analysis import analyze_pending
from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.tui.app import ReaderApp
from reader.tui.entity_actions import CURRENT_LAYER, ENTITY_LAYER, PRIORITIES, SELECTED_LAYER
from reader.tui.screens.entities import AliasDialog, EntityBrowser, KindDialog, NameDialog
from reader.tui.screenshots import SCENARIOS, SIZE, fresh_app
from reader.tui.widgets.concordance import converted_line
from reader.tui.widgets.reading_pane import FIND_LAYER, ReadingPane

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]
#: Each converting script with how 马斯克 is written in it.
SCRIPTS = ((DisplayScript.SIMPLIFIED, "马斯克"), (DisplayScript.TRADITIONAL, "馬斯克"))


@pytest.fixture
def library(analysed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "library.db"
    shutil.copy(analysed, copy)
    return copy


def drive(app: ReaderApp, scenario: Scenario) -> None:
    run_scenario(app, scenario, SIZE)


def article(app: ReaderApp, script: Script, source: str | None = None) -> int:
    return next(
        s.id for s in app.summaries if s.script is script and (source is None or s.source == source)
    )


def row_text(widget, index: int) -> str:
    """What row ``index`` of a cursor list shows, as plain text."""
    width = widget.scrollable_content_region.width
    return "".join(seg.text for seg in widget.render_row(index, width, widget.rich_style))


def visible(pane: ReadingPane, offset: int) -> bool:
    view = pane.view
    row = view.line_for_offset(offset)
    top = round(view.scroll_y)
    return top <= row < top + view.scrollable_content_region.height


def test_panel_lists_the_articles_entities_most_linked_first(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = article(app, Script.SIMPLIFIED, "极客公园")
        await open_article(pilot, app, ident)
        screen = app.main_screen
        assert not screen.entity_panel.display
        await pilot.press("E")
        await settle(pilot)
        panel = screen.entity_panel
        listed = panel.entity_list
        assert panel.display and listed.has_focus
        expected = entity_store.entities_for_article(app.db, ident)
        assert [e.id for e in listed.entities] == [e.id for e in expected]
        articles = [e.articles for e in listed.entities]
        assert articles == sorted(articles, reverse=True)
        first = row_text(listed, 0)
        assert "马斯克" in first and "●" in first
        assert first.split()[-2:] == [str(expected[0].articles), str(expected[0].article_mentions)]
        await pilot.press("j")
        assert listed.selected == expected[1]
        # Its mentions are marked in the pane while the panel shows.
        pane = screen.current_pane
        assert pane is not None
        spans = pane.view._layers[SELECTED_LAYER].spans
        assert spans == [
            (m.start, m.end) for m in entity_store.mentions(app.db, expected[1].id, [ident])
        ]
        await pilot.press("escape")
        await settle(pilot)
        assert not panel.display and SELECTED_LAYER not in pane.view._layers
        assert app.screen.focused is pane.view

    drive(fresh_app(library, CORPUS), scenario)


def test_highlights_colour_every_mention_in_every_script_under_find(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = article(app, Script.TRADITIONAL)
        await open_article(pilot, app, ident)
        pane = app.main_screen.current_pane
        assert pane is not None
        view = pane.view
        assert ENTITY_LAYER not in view._layers
        await pilot.press("H")
        await settle(pilot)
        layer = view._layers[ENTITY_LAYER]
        mentions = entity_store.article_mentions(app.db, ident)
        assert layer.spans == [(m.start, m.end) for m in mentions]
        assert layer.priority == PRIORITIES[ENTITY_LAYER] < 0  # under find and annotations
        musk = entity_store.find_entity(app.db, "马斯克")
        assert musk is not None
        index = next(i for i, m in enumerate(mentions) if m.entity_id == musk.id)
        colour = app.main_screen.entity_panel.entity_list.kind_style(musk.kind)
        assert layer.style(index).color == colour.color
        for mode, name in (
            (DisplayScript.SIMPLIFIED, "马斯克"),
            (DisplayScript.TRADITIONAL, "馬斯克"),
        ):
            while app.mode is not mode:
                await pilot.press("s")
            await settle(pilot)
            layer = view._layers[ENTITY_LAYER]
            shown = [view.display_text[start:end] for start, end, i in layer.display]
            assert name in shown
        await pilot.press("slash", *"馬斯克", "enter")
        await settle(pilot)
        assert view._layers[FIND_LAYER].priority > layer.priority
        await pilot.press("H")
        await settle(pilot)
        assert ENTITY_LAYER not in view._layers

    drive(fresh_app(library, CORPUS), scenario)


def test_concordance_groups_by_article_in_the_display_script(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        here = article(app, Script.SIMPLIFIED, "极客公园")
        await open_article(pilot, app, here)
        await pilot.press("E", "enter")
        await settle(pilot)
        screen = app.main_screen
        concordance = screen.concordance
        assert concordance.display and concordance.has_focus
        musk = entity_store.find_entity(app.db, "馬斯克")
        assert musk is not None and concordance.entity_id == musk.id
        rows = [concordance.row(i) for i in range(concordance.row_count)]
        headings = [article_id for article_id, line in rows if line is None]
        assert headings[0] == here  # the article read first, then the others
        assert sorted(headings) == sorted(
            a for a, _ in entity_store.describe(app.db, [musk.id])[0].articles
        )
        assert len(rows) - len(headings) == musk.mentions
        assert concordance.cursor == 1  # on the first mention, never on a heading
        traditional = article(app, Script.TRADITIONAL)
        index = next(i for i, (a, line) in enumerate(rows) if a == traditional and line)
        line = rows[index][1]
        simplified_line = rows[1][1]
        assert line is not None and simplified_line is not None
        assert line.keyword == "馬斯克" and simplified_line.keyword.endswith("马斯克")
        assert "馬斯克" in row_text(concordance, index)  # 原文: as written
        for mode, name in (
            (DisplayScript.SIMPLIFIED, "马斯克"),
            (DisplayScript.TRADITIONAL, "馬斯克"),
        ):
            while app.mode is not mode:
                await pilot.press("s")
            await settle(pilot)
            assert concordance.mode is mode
            for row, each in ((index, line), (1, simplified_line)):
                _left, keyword, _right = converted_line(each, mode)
                assert keyword.endswith(name)
                assert keyword in row_text(concordance, row)
            title = next(s.title for s in app.summaries if s.id == here)
            assert for_display(title, mode).text[:8] in row_text(concordance, 0)
        here_lines = len([r for r in rows if r[0] == here and r[1]])
        assert row_text(concordance, 0).rstrip().endswith(f"{here_lines}×")
        await pilot.press("escape")
        await settle(pilot)
        assert not concordance.display and screen.entity_panel.entity_list.has_focus

    drive(fresh_app(library, CORPUS), scenario)


def test_enter_opens_the_mention_beside_and_panes_follow_the_cursor(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        here = article(app, Script.SIMPLIFIED, "极客公园")
        await open_article(pilot, app, here)
        await pilot.press("E", "enter")
        await settle(pilot)
        screen = app.main_screen
        concordance = screen.concordance
        rows = [concordance.row(i) for i in range(concordance.row_count)]
        index = max(i for i, (a, line) in enumerate(rows) if a != here and line)
        other, line = rows[index]
        assert line is not None
        concordance.move_cursor(index)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.pause()
        panes = screen.panes
        assert [p.article.id for p in panes] == [here, other]
        beside = panes[1]
        assert visible(beside, line.start)
        assert beside.view._layers[CURRENT_LAYER].spans == [(line.start, line.end)]
        assert concordance.has_focus  # the next mention is a key away
        # Moving the cursor over the open article's mentions scrolls its pane there.
        await pilot.press("k")
        await settle(pilot)
        previous = concordance.row(concordance.cursor)[1]
        assert previous is not None
        assert beside.view._layers[CURRENT_LAYER].spans == [(previous.start, previous.end)]
        assert visible(beside, previous.start)

    drive(fresh_app(library, CORPUS), scenario)


def test_n_and_N_step_through_the_mentions_in_the_article(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        here = article(app, Script.TRADITIONAL)
        await open_article(pilot, app, here)
        await pilot.press("E")
        await settle(pilot)
        screen = app.main_screen
        entity = screen.entity_panel.entity_list.selected
        assert entity is not None
        starts = [m.start for m in entity_store.mentions(app.db, entity.id, [here])]
        pane = screen.current_pane
        assert pane is not None
        marks = []
        for key in ("n", "n", "n", "N"):
            await pilot.press(key)
            await settle(pilot)
            ((start, _end),) = pane.view._layers[CURRENT_LAYER].spans
            assert visible(pane, start)
            marks.append(start)
        assert marks == [starts[0], starts[1], starts[2], starts[1]]
        assert f"2/{len(starts)} here" in str(screen.entity_panel.border_subtitle)

    drive(fresh_app(library, CORPUS), scenario)


def test_side_by_side_marks_the_entities_both_articles_mention(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        left = article(app, Script.TRADITIONAL)
        right = article(app, Script.SIMPLIFIED, "极客公园")
        await open_article(pilot, app, left)
        await open_article(pilot, app, right, key="o")
        await pilot.press("E", "H")
        await settle(pilot)
        screen = app.main_screen
        shared = {e.id for e in entity_store.shared_entities(app.db, right, left)}
        assert shared
        listed = screen.entity_panel.entity_list
        for index, entity in enumerate(listed.entities):
            assert row_text(listed, index).startswith("⇄") == (entity.id in shared)
        assert f"⇄ {len(shared)} in both panes" in str(screen.entity_panel.border_subtitle)
        for pane in screen.panes:
            layer = pane.view._layers[ENTITY_LAYER]
            mentions = entity_store.article_mentions(app.db, pane.article.id)
            underlined = {m.entity_id for i, m in enumerate(mentions) if layer.style(i).underline}
            assert underlined == shared
        # Focus the other pane: the panel follows its article.
        await pilot.press("tab")
        await settle(pilot)
        focused = screen.current_pane
        assert focused is not None
        assert [e.id for e in listed.entities] == [
            e.id for e in entity_store.entities_for_article(app.db, focused.article.id)
        ]

    drive(fresh_app(library, CORPUS), scenario)


async def filtered(pilot: Pilot) -> None:
    """Wait for the browser's filter: the change is a message that starts a worker."""
    await pilot.pause()
    await settle(pilot)


def test_browser_filters_in_either_script_and_curation_persists(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        here = article(app, Script.SIMPLIFIED, "极客公园")
        await open_article(pilot, app, here)
        await pilot.press("E")
        await pilot.press("ctrl+e")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, EntityBrowser)
        rows = browser.rows
        everything = entity_store.list_entities(app.db, include_hidden=True)
        assert len(rows.entities) == len(everything)
        await pilot.press("slash", *"馬斯克")
        await filtered(pilot)
        assert rows.entities[0].name == "马斯克"
        field = browser.query_one("#browser-filter", Input)
        field.value = "Grok"
        await filtered(pilot)
        names = {e.name for e in rows.entities}
        assert {"Grok3", "Grok"} <= names and all("grok" in n.lower() for n in names)
        grok3 = next(e for e in rows.entities if e.name == "Grok3")
        grok = next(e for e in rows.entities if e.name == "Grok")
        # Merge: m on the part, m on the whole.
        rows.focus()
        rows.move_cursor(rows.entities.index(grok))
        await pilot.press("m")
        rows.move_cursor(rows.entities.index(grok3))
        await pilot.press("m")
        await settle(pilot)
        assert entity_store.get_entity(app.db, grok.id).id == grok3.id
        assert "Grok" not in {e.name for e in rows.entities}
        # Rename.
        rows.move_cursor([e.id for e in rows.entities].index(grok3.id))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, NameDialog)
        app.screen.query_one(Input).value = "Grok 3"
        await pilot.press("enter")
        await settle(pilot)
        assert entity_store.get_entity(app.db, grok3.id).name == "Grok 3"
        # Hide, then show again, then hide for good.
        await pilot.press("h")
        await settle(pilot)
        assert entity_store.get_entity(app.db, grok3.id).hidden
        assert "hidden" in row_text(rows, rows.cursor)
        # Split a name off.
        field.value = "马斯克"
        await filtered(pilot)
        rows.focus()
        musk = rows.selected
        assert musk is not None and musk.name == "马斯克"
        await pilot.press("p")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, AliasDialog)
        aliases = entity_store.describe(app.db, [musk.id])[0].aliases
        assert "伊隆·马斯克" in aliases
        dialog.query_one(OptionList).highlighted = aliases.index("伊隆·马斯克")
        await pilot.press("enter")
        await settle(pilot)
        split = entity_store.find_entity(app.db, "伊隆·马斯克")
        assert split is not None and split.id != musk.id
        await pilot.press("escape")
        await settle(pilot)
        # Back on the main screen, the panel shows the curated entities.
        listed = app.main_screen.entity_panel.entity_list
        assert grok3.id not in {e.id for e in listed.entities}  # hidden
        assert split.id in {e.id for e in listed.entities}

    drive(fresh_app(library, CORPUS), scenario)
    # Persisted: a new connection sees it all.
    db = open_database(library)
    try:
        assert entity_store.get_entity(db, grok3_id(db)).hidden
    finally:
        db.conn.close()


def grok3_id(db) -> int:
    found = entity_store.find_entity(db, "Grok 3")
    assert found is not None and found.name == "Grok 3"
    return found.id


def test_browser_sets_an_entitys_kind_with_a_chooser(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("ctrl+e")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, EntityBrowser)
        rows = browser.rows
        await pilot.press("slash", *"Grok 3")
        await filtered(pilot)
        rows.focus()
        grok = rows.selected
        assert grok is not None and grok.kind.value == "product"
        await pilot.press("t")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, KindDialog)
        choices = dialog.query_one(OptionList)
        assert choices.highlighted == 3  # the entity's kind now
        await pilot.press("escape")  # cancelling changes nothing
        await settle(pilot)
        assert app.screen is browser
        assert entity_store.get_entity(app.db, grok.id).kind.value == "product"
        await pilot.press("t")
        await settle(pilot)
        await pilot.press("up", "up", "enter")  # product → place → organisation
        await settle(pilot)
        assert app.screen is browser
        assert entity_store.get_entity(app.db, grok.id).kind.value == "organisation"
        assert "organisation" in row_text(rows, rows.cursor)
        await pilot.press("escape")
        await settle(pilot)

    drive(fresh_app(library, CORPUS), scenario)
    db = open_database(library)
    try:
        analyze_pending(db, processes=1)
        found = entity_store.find_entity(db, "Grok3")
        assert found is not None and found.kind.value == "organisation"
    finally:
        db.conn.close()


def test_the_browser_is_made_once_and_each_opening_starts_afresh(library: Path) -> None:
    """Opening the browser again reuses its screen (no compose, no styling: the open
    is the cost of a page read and painted) but shows it as new: no filter, no kind,
    every entity, names in the script the reader shows now."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("ctrl+e")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, EntityBrowser)
        everything = [entity.id for entity in browser.rows.entities]
        await pilot.press("slash", *"Grok")
        await filtered(pilot)
        assert len(browser.rows.entities) < len(everything)
        await pilot.press("escape")  # the filter keeps the focus: leave it
        await pilot.pause()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, EntityBrowser)
        app.main_screen.action_focus_list()
        await pilot.press("s")  # the next display script
        await settle(pilot)
        assert app.mode is not DisplayScript.ORIGINAL
        await pilot.press("ctrl+e")
        await settle(pilot)
        assert app.screen is browser
        assert browser.query_one("#browser-filter", Input).value == ""
        assert [entity.id for entity in browser.rows.entities] == everything
        musk = next(e for e in browser.rows.entities if e.name in ("马斯克", "馬斯克"))
        expected = for_display(musk.name, app.mode).text
        index = browser.rows.entities.index(musk)
        assert expected in row_text(browser.rows, index)

    drive(fresh_app(library, CORPUS), scenario)


def test_list_shows_entity_counts_after_analysis(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        assert "entities" not in {c.key for c in screen.article_list.columns}
        screen.start_entity_analysis()
        await settle(pilot)
        column = next(c for c in screen.article_list.columns if c.key == "entities")
        counts = entity_store.entity_counts(app.db)
        summary = app.summaries[0]
        expected = counts[summary.id]
        assert column.cell(summary, app.mode) == f"◆{expected.entities} ⇄{expected.linked}"

    drive(fresh_app(library, CORPUS), scenario)


def test_the_interface_paints_before_analysis_and_never_loads_jieba(tmp_path: Path) -> None:
    """A fresh store: the first paint comes before analysis; analysis runs in a child
    process (jieba is never imported by the interface, on any thread) and fills the
    panel."""
    code = f"""
import sys, threading
from pathlib import Path

imported_on = []

class Watch:
    def find_spec(self, name, path=None, target=None):
        if name == "jieba" and not imported_on:
            imported_on.append(threading.current_thread() is threading.main_thread())
        return None

sys.meta_path.insert(0, Watch())
from reader.store import entities as entity_store
from reader.tui.app import ReaderApp

app = ReaderApp({str(tmp_path / "fresh.db")!r}, {str(CORPUS)!r})
seen = {{}}

def painted():
    seen["jieba at first paint"] = "jieba" in sys.modules

async def autopilot(pilot):
    app.call_after_refresh(painted)
    await pilot.pause()
    while not seen or app.main_screen.analysing or not app.summaries:
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.press("enter", "E")
    await pilot.pause()
    seen["panel"] = len(app.main_screen.entity_panel.entity_list.entities)
    app.exit()

app.run(headless=True, size=(120, 40), auto_pilot=autopilot)
print(seen["jieba at first paint"], imported_on, seen["panel"] > 0)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=REPO
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "False [] True"


def test_snapshot_of_panel_and_concordance(analysed: Path, tmp_path: Path, snap_compare) -> None:
    library = tmp_path / "snapshot.db"
    shutil.copy(analysed, library)
    app = fresh_app(library, CORPUS)

    async def run_before(pilot: Pilot) -> None:
        await SCENARIOS["entities"](pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        app.store.close()


def test_store_mentions_and_counts_per_article_agree_with_the_panel(analysed: Path) -> None:
    db = open_database(analysed)
    try:
        counts = entity_store.entity_counts(db)
        for ident, found in counts.items():
            listed = entity_store.entities_for_article(db, ident)
            assert found.entities == len(listed)
            assert found.linked == sum(1 for e in listed if e.articles >= 2)
            expected = sorted(
                (m.start, m.end, e.id)
                for e in listed
                for m in entity_store.mentions(db, e.id, [ident])
            )
            got = [(m.start, m.end, m.entity_id) for m in entity_store.article_mentions(db, ident)]
            assert got == expected
    finally:
        db.conn.close()


def test_closing_the_last_pane_empties_the_entity_panel(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = article(app, Script.SIMPLIFIED, "极客公园")
        other = article(app, Script.TRADITIONAL, "量子位")
        await open_article(pilot, app, ident)
        await open_article(pilot, app, other, key="o")
        screen = app.main_screen
        await pilot.press("E")
        await settle(pilot)
        panel = screen.entity_panel
        assert panel.entity_list.entities and panel.entity_list.has_focus
        for _ in range(2):  # w with the panel focused closes the pane it describes
            await pilot.press("w")
            await settle(pilot)
        assert screen.panes == []
        assert not panel.entity_list.entities
        assert panel.has_class("-message")

    drive(fresh_app(library, CORPUS), scenario)


def test_on_a_narrow_terminal_the_panel_leaves_the_text_half_the_width(library: Path) -> None:
    # At 40 columns the panel kept its 32 and the article was read through 6.
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_article(pilot, app, article(app, Script.SIMPLIFIED, "极客公园"))
        await pilot.press("E")
        await settle(pilot)
        screen = app.main_screen
        pane = screen.current_pane
        assert pane is not None and screen.entity_panel.display
        assert pane.outer_size.width >= 20 >= screen.entity_panel.outer_size.width
        assert "● 马" in row_text(screen.entity_panel.entity_list, 0)  # names cut, still listed

    run_scenario(ReaderApp(library, ".", sync=False), scenario, (40, 12))
