"""Notes in the reader: found by their text, rendered as Markdown, wrapped like the text.

Real app under the Pilot, real SQLite file holding the seed corpus, annotations made
through the core beforehand.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList
from tui_helpers import open_from_list, run_scenario, settle

from reader import annotations as core
from reader.conversion import Script
from reader.store.articles import get_article, list_articles
from reader.store.database import open_database
from reader.text_units import sentences
from reader.tui.app import ReaderApp
from reader.tui.note_markdown import note_content, note_excerpt
from reader.tui.screens.annotations import AnnotationsScreen
from reader.tui.screens.review import ReviewScreen
from reader.tui.screenshots import build_database
from reader.tui.widgets.annotations_panel import AnnotationsPanel
from reader.tui.widgets.hinted_scroll import HintedScroll
from reader.tui.wrap import CLOSING, text_cells
from reader.tui.wrapped_text import wrap_content


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


# -- notes as Markdown, lines broken by the reading view's rules ---------------------------

#: A note whose every other character is a comma: wrapped naively at any width, some
#: line would begin with one.
COMMAS = "甲，" * 60
MARKDOWN_NOTE = "这是**重点**，见 [来源](https://example.com/a) 和 `代码`。\n\n- 第一，\n- 第二"


def test_note_markdown_is_styled_text_and_inert() -> None:
    content = note_content(MARKDOWN_NOTE)
    assert content.plain == (
        "这是重点，见 来源 ⟨https://example.com/a⟩ 和 代码。\n\n• 第一，\n• 第二"
    )
    styles = {content.plain[s.start : s.end]: str(s.style) for s in content.spans}
    assert styles["重点"] == "bold"
    assert styles["来源"] == "underline"  # no link, no action: clicking runs nothing
    assert all("link" not in str(s.style) and "@" not in str(s.style) for s in content.spans)
    assert note_excerpt(MARKDOWN_NOTE, 8).plain == "这是重点，见 …"
    # An excerpt is one line: block marks become what the whole note shows.
    blocks = note_excerpt("# 标题\n> 引用 *斜*\n```\ncode\n```\n- 一\n- **二**", 60)
    assert blocks.plain == "标题 引用 斜 code • 一 • 二"
    assert {blocks.plain[s.start : s.end]: str(s.style) for s in blocks.spans} == {
        "斜": "italic",
        "二": "bold",
    }


@pytest.mark.parametrize(
    "note",
    [
        "[bold]不是粗体[/bold] [@click=app.quit]点我[/]",
        "\x1b[31m红\x1b]52;c;aGk=\x07 \u202e反向",
        "<script>alert(1)</script> <b>x</b>",
    ],
)
def test_note_markdown_never_interprets_markup_or_escapes(note: str) -> None:
    content = note_content(note)
    assert "\x1b" not in content.plain and "\x07" not in content.plain
    assert "\u202e" not in content.plain
    assert not content.spans  # nothing in the note turned into a style
    for word in ("[bold]", "[@click=app.quit]", "<script>", "<b>"):
        if word in note:
            assert word in content.plain


@pytest.mark.parametrize("width", [9, 10, 17, 24, 31, 40])
def test_wrapped_lines_never_start_with_closing_punctuation(width: int) -> None:
    lines = wrap_content(note_content(COMMAS + "\n\n" + MARKDOWN_NOTE), width, hang=2)
    assert lines
    for line in lines:
        assert text_cells(line.plain) <= width, line.plain
        assert line.plain.lstrip()[:1] not in CLOSING, line.plain
    joined = "".join("".join(line.plain.split()) for line in lines)
    assert joined == "".join(note_content(COMMAS + "\n\n" + MARKDOWN_NOTE).plain.split())


def rendered_lines(widget: Widget) -> list[str]:
    """The text of each line the widget draws (borders and marks stripped)."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text.strip(" ▍▏█│") for strip in strips]


def test_annotations_panel_renders_notes_and_keeps_commas_off_line_starts(
    library: Path, corpus_dir: Path
) -> None:
    simplified = first_in(library, Script.SIMPLIFIED)
    annotate_sentence(library, simplified, 3, note="**要点**" + COMMAS)
    annotate_sentence(library, simplified, 5, note=MARKDOWN_NOTE)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, simplified)
        await pilot.press("A")
        await settle(pilot)
        panel = app.screen.query_one(AnnotationsPanel)
        assert panel.is_open and panel.size.width > 10
        lines = [line for line in rendered_lines(panel) if line]
        assert any("要点" in line for line in lines)
        assert not any("**" in line or "](" in line for line in lines)
        assert not any(line[0] in CLOSING for line in lines), lines
        await pilot.press("M")  # the all-annotations view wraps its rows the same way
        await pilot.pause()
        options = app.screen.query_one("#annotations-list", OptionList)
        lines = [line for line in rendered_lines(options) if line]
        assert any("要点" in line for line in lines)
        assert not any("**" in line for line in lines)
        assert not any(line[0] in CLOSING for line in lines), lines

    run_scenario(ReaderApp(library, corpus_dir, sync=False), scenario, size=(120, 35))


def test_review_card_renders_the_note_and_wraps_by_the_reading_rules(
    library: Path, corpus_dir: Path
) -> None:
    simplified = first_in(library, Script.SIMPLIFIED)
    annotate_sentence(library, simplified, 3, note=MARKDOWN_NOTE + "\n\n" + COMMAS)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        app.push_screen(ReviewScreen(app.db))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        lines = [line for line in rendered_lines(screen.query_one("#review-note")) if line]
        assert any("这是重点" in line for line in lines)
        assert not any("**" in line for line in lines)
        assert not any(line[0] in CLOSING for line in lines), lines
        passage = [line for line in rendered_lines(screen.query_one("#review-passage")) if line]
        assert not any(line[0] in CLOSING for line in passage), passage
        card = screen.query_one("#review-card", HintedScroll)
        assert card.max_scroll_y > 0 and "more" in str(card.border_subtitle)
        for _ in range(card.max_scroll_y):
            await pilot.press("j")
        await pilot.pause()
        assert card.scroll_y == card.max_scroll_y
        assert "more" not in str(card.border_subtitle or "")

    run_scenario(ReaderApp(library, corpus_dir, sync=False), scenario, size=(80, 24))
