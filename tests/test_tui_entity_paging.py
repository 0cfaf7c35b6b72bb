"""The concordance and the entity browser read a page at a time, and the next page as
the cursor nears the end: moving down reaches every mention and every entity, in
order, once. Pages are made small here so that the seed corpus spans several."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import open_from_list, run_scenario, settle

from reader.conversion import Script
from reader.store import entities as entity_store
from reader.tui import entity_actions
from reader.tui.app import ReaderApp
from reader.tui.screens import entities as browser_module
from reader.tui.screens.entities import EntityBrowser
from reader.tui.screenshots import SIZE, fresh_app

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture
def library(analysed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "library.db"
    shutil.copy(analysed, copy)
    return copy


def test_the_concordance_reads_the_next_page_as_the_cursor_nears_the_end(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(entity_actions, "CONCORDANCE_LIMIT", 3)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        here = next(s.id for s in app.summaries if s.script is Script.SIMPLIFIED)
        await open_from_list(pilot, app, here)
        await pilot.press("E")
        await settle(pilot)
        screen = app.main_screen
        entity = screen.entity_panel.entity_list.entities[0]
        await pilot.press("enter")
        await settle(pilot)
        concordance = screen.concordance
        assert concordance.has_focus and concordance.more
        first = concordance.mention_count
        assert first < entity.mentions
        assert str(concordance.border_subtitle).startswith(f"first {first:,} of")
        for _ in range(entity.mentions + 5):
            await pilot.press("j")
        await settle(pilot)
        rows = [concordance.row(i) for i in range(concordance.row_count)]
        headings = [article_id for article_id, line in rows if line is None]
        # Every mention once: the current article's first, the others in order, and
        # an article cut by a page boundary under one heading.
        assert concordance.mention_count == entity.mentions and not concordance.more
        assert headings[0] == here and len(headings) == len(set(headings)) == entity.articles
        assert headings[1:] == sorted(headings[1:])
        whole = entity_store.concordance(app.db, entity.id, entity_actions.CONTEXT)
        expected = [line.start for g in whole if g.article_id == here for line in g.lines] + [
            line.start for g in whole if g.article_id != here for line in g.lines
        ]
        assert [line.start for _a, line in rows if line is not None] == expected
        assert str(concordance.border_subtitle).startswith(f"{entity.mentions:,} mentions")

    run_scenario(fresh_app(library, CORPUS), scenario, SIZE)


def test_the_browser_reads_the_next_page_as_the_cursor_nears_the_end(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser_module, "PAGE", 4)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        everything = entity_store.list_entities(app.db, include_hidden=True)
        assert len(everything) > 12
        await pilot.press("ctrl+e")
        await settle(pilot)
        browser = app.screen
        assert isinstance(browser, EntityBrowser)
        rows = browser.rows
        assert len(rows.entities) <= 4 and rows.more
        assert str(browser.query_one("#browser-box").border_title).endswith(
            f"of {len(everything):,}"
        )
        for _ in range(len(everything) + 2):
            await pilot.press("G")
        await settle(pilot)
        assert [e.id for e in rows.entities] == [e.id for e in everything]
        assert not rows.more and rows.cursor == len(everything) - 1
        # A filter starts again from its own first page.
        await pilot.press("slash", *"馬斯")
        await pilot.pause()  # the change is a message that starts the filter's worker
        await settle(pilot)
        assert rows.entities[0].name == "马斯克"
        assert all("马斯" in e.name or "馬斯" in e.name for e in rows.entities)

    run_scenario(fresh_app(library, CORPUS), scenario, SIZE)
