"""Notes in the reader: found by their text, rendered as Markdown, wrapped like the text.

Real app under the Pilot, real SQLite file holding the seed corpus, annotations made
through the core beforehand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input
from tui_helpers import run_scenario, settle

from reader import annotations as core
from reader.conversion import Script
from reader.store.articles import get_article, list_articles
from reader.store.database import open_database
from reader.text_units import sentences
from reader.tui.app import ReaderApp
from reader.tui.screens.annotations import AnnotationsScreen
from reader.tui.screenshots import build_database


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def first_in(db_path: Path, script: Script) -> int:
    """The first article of the store written in ``script``."""
    db = open_database(db_path)
    try:
        return next(s.id for s in list_articles(db) if s.script is script)
    finally:
        db.conn.close()


def annotate_sentence(db_path: Path, ident: int, index: int, **fields: object) -> core.Annotation:
    """Annotate sentence ``index`` of article ``ident`` (own connection, before the app)."""
    db = open_database(db_path)
    try:
        article = get_article(db, ident)
        start, end = list(sentences(article.clean_text))[index]
        return core.create_annotation(db, ident, start, end, **fields)  # type: ignore[arg-type]
    finally:
        db.conn.close()


def test_all_annotations_view_filters_by_quote_or_note_text(
    library: Path, corpus_dir: Path
) -> None:
    simplified = first_in(library, Script.SIMPLIFIED)
    traditional = first_in(library, Script.TRADITIONAL)
    in_note = annotate_sentence(library, simplified, 2, note="请问**理髮師**的说法")
    in_quote = annotate_sentence(library, traditional, 1)
    annotate_sentence(library, simplified, 4, note="无关的笔记")
    quote_words = in_quote.quote[:4]

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        await pilot.press("M")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AnnotationsScreen)
        assert len(screen.shown) == 3
        text = screen.query_one("#annotations-text", Input)
        text.focus()
        await pilot.press(*"理发师")  # the note says 理髮師
        await pilot.pause()
        assert [a.id for a in screen.shown] == [in_note.id]
        text.value = ""
        await pilot.press(*quote_words)  # words of a quote, typed as written
        await pilot.pause()
        assert in_quote.id in [a.id for a in screen.shown]
        assert in_note.id not in [a.id for a in screen.shown]
        text.value = "没有这样的话"
        await pilot.pause()
        assert screen.shown == []
        assert "No annotations match" in str(screen.query_one("#annotations-count").render())

    run_scenario(ReaderApp(library, corpus_dir, sync=False), scenario, size=(80, 24))
