"""Annotating in the reader, driven through Textual's Pilot on the real app.

Real SQLite files in tmp_path with the seed corpus imported by the importer, the real
app, no mocks. What matters most: a selection made by keyboard lands on exactly the
original characters (whatever script is shown), every change is in the store when it
is reported, and user text is shown literally.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from store_helpers import write_as_before
from textual import events
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, TextArea
from tui_helpers import article_id, open_from_list, run_scenario, settle

from reader import annotations as core
from reader.conversion import DisplayScript, Script, convert_plain, for_display
from reader.importer import sync_corpus
from reader.store.articles import get_article, list_articles
from reader.store.database import open_database
from reader.text_units import sentences
from reader.tui.app import ReaderApp
from reader.tui.screens.annotation_dialog import AnnotationDialog, TagPrompt
from reader.tui.screens.annotations import AnnotationsScreen
from reader.tui.screens.review import ReviewFilterDialog, ReviewScreen
from reader.tui.screenshots import fresh_app
from reader.tui.widgets.annotating_pane import ANNOTATIONS_LAYER, SELECTION_LAYER
from reader.tui.widgets.annotations_panel import AnnotationsPanel
from reader.tui.widgets.reading_pane import ReadingPane
from reader.tui.wrap import text_cells

CORPUS = Path(__file__).resolve().parent.parent / "corpus"

Scenario = Callable[[Pilot, ReaderApp], Awaitable[None]]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    path = tmp_path / "reader.db"
    db = open_database(path)
    try:
        sync_corpus(db, CORPUS)
    finally:
        db.conn.close()
    return path


def drive(library: Path, scenario: Scenario) -> None:
    app = fresh_app(library, CORPUS)

    run_scenario(app, scenario)


async def open_article(pilot: Pilot, app: ReaderApp, ident: int) -> ReadingPane:
    await open_from_list(pilot, app, ident)
    pane = app.main_screen.current_pane
    assert pane is not None and pane.article.id == ident
    return pane


def second_sentence(pane: ReadingPane) -> tuple[int, int]:
    spans = list(sentences(pane.article.clean_text))
    return spans[1]


def annotate(db_path: Path, ident: int, quote_span: tuple[int, int], **fields: object) -> int:
    """Create an annotation before the app starts (through the core, its own connection)."""
    db = open_database(db_path)
    try:
        start, end = quote_span
        return core.create_annotation(db, ident, start, end, **fields).id  # type: ignore[arg-type]
    finally:
        db.conn.close()


# -- selecting and annotating ------------------------------------------------------------


def test_keyboard_selection_in_traditional_display_is_stored_against_the_original(
    library: Path,
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        await pilot.press("s", "s")  # 原文 → 简体 → 繁體
        assert pane.view.mode is DisplayScript.TRADITIONAL
        await pilot.press("right_parenthesis")
        await settle(pilot)  # jieba loads in a worker on first use
        start, end = second_sentence(pane)
        assert pane.cursor is not None and pane.cursor.position == start
        await pilot.press("v", "right_parenthesis")
        assert pane.cursor.selection() == (start, end)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        # the dialog shows the passage as displayed (繁體)
        shown = for_display(pane.article.clean_text[start:end], DisplayScript.TRADITIONAL)
        assert app.screen._quote == shown.text
        await pilot.press(*"claim, 数字", "enter", *"note", "ctrl+s")
        await pilot.pause()
        [saved] = core.list_annotations(app.db)
        assert (saved.start, saved.end) == (start, end)
        assert saved.quote == pane.article.clean_text[start:end]
        assert saved.tags == ("claim", "数字") and saved.note == "note"
        assert saved.version_id == pane.article.version_id
        assert [a.id for a in pane.annotations] == [saved.id]
        assert pane.cursor.selection() is None

    drive(library, scenario)


def test_a_selection_in_the_taiwan_display_is_stored_against_the_original(
    library: Path,
) -> None:
    """臺灣正體 replaces words (互联网 → 網際網路): a drag that starts inside a display
    phrase selects from the start of the original phrase, and the annotation stores
    the original's offsets and characters."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        await pilot.press("s", "s", "s")  # 原文 → 简体 → 繁體 → 臺灣
        assert pane.view.mode is DisplayScript.TAIWAN
        text = pane.article.clean_text
        shown = for_display(text, DisplayScript.TAIWAN)
        assert pane.view._display == shown.text
        # 互联网 → 網際網路, located without the map under test: a diff of the two
        # would pair 网 with 網 and leave 互联 with nothing
        a0 = text.index("互联网")
        a1 = a0 + 3
        b0 = len(convert_plain(text[:a0], "s2twp"))
        b1 = b0 + 4
        assert shown.text[b0:b1] == "網際網路"
        pane.go_to(a0)
        await settle(pilot)
        view = pane.view
        line = view.line_for_offset(a0)
        row = line - round(view.scroll_y)
        first = view._layout.starts[line - len(view._header)]
        assert first <= b0 and b1 + 2 < view._layout.ends[line - len(view._header)]
        x = view.gutter.left + view._margin
        inside = x + text_cells(shown.text[first : b0 + 1])  # the phrase's second character
        after = x + text_cells(shown.text[first : b1 + 1])  # just past the phrase
        await pilot.mouse_down(view, offset=(inside, row))
        await pilot.hover(view, offset=(after, row))
        await pilot.mouse_up(view, offset=(after, row))
        await pilot.pause()
        assert pane.cursor is not None
        selected = pane.cursor.selection()
        assert selected is not None
        start, end = selected
        assert start <= a0 and a1 <= end  # the whole original phrase, not a part
        [(shown_start, shown_end, _index)] = view._layers[SELECTION_LAYER].display
        assert shown_start <= b0 and b1 <= shown_end  # drawn over the whole display phrase
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        assert app.screen._quote == for_display(text[start:end], DisplayScript.TAIWAN).text
        await pilot.press("enter", "ctrl+s")
        await pilot.pause()
        [saved] = core.list_annotations(app.db)
        assert (saved.start, saved.end) == (start, end)
        assert saved.quote == text[start:end]
        assert text[a0:a1] in saved.quote
        [(drawn_start, drawn_end, _index)] = view._layers[ANNOTATIONS_LAYER].display
        assert drawn_start <= b0 and b1 <= drawn_end

    drive(library, scenario)


def test_word_and_character_motions_and_snapping(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        cursor = pane.cursor
        assert cursor is not None
        await pilot.press("right")
        await settle(pilot)
        assert cursor.position == 1
        await pilot.press("left")
        assert cursor.position == 0
        await pilot.press("right_parenthesis", "W")
        words = cursor.index.spans
        start = second_sentence(pane)[0]
        assert cursor.position > start
        await pilot.press("B", "ctrl+right", "ctrl+left")
        assert cursor.position == start
        await pilot.press("right_curly_bracket", "left_curly_bracket")
        assert cursor.position == start
        # a selection by character is widened to whole words
        await pilot.press("right", "shift+right")
        selected = cursor.selection()
        assert selected is not None and selected[0] <= start + 1 < start + 2 <= selected[1]
        assert pane.status_part().startswith("VISUAL")
        await pilot.press("escape")
        assert cursor.selection() is None
        assert words  # the index exists

    drive(library, scenario)


def test_cursor_follows_scrolling_and_motions_scroll(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        view, cursor = pane.view, pane.cursor
        assert cursor is not None

        def visible() -> bool:
            line = view.line_for_offset(cursor.position)
            top = round(view.scroll_y)
            return top <= line < top + view.scrollable_content_region.height

        await pilot.press("space", "space")
        await pilot.pause()
        assert cursor.position > 0 and visible()
        await pilot.press("g")
        await pilot.pause()
        assert visible()
        for _ in range(12):
            await pilot.press("right_parenthesis")
        await pilot.pause()
        assert visible()

    drive(library, scenario)


def test_mouse_drag_selects(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        view = pane.view
        row = view.line_for_offset(second_sentence(pane)[0]) - round(view.scroll_y)
        x = view.gutter.left + view._margin  # the text's first column
        await pilot.mouse_down(view, offset=(x + 1, row))
        await pilot.hover(view, offset=(x + 9, row))
        await pilot.mouse_up(view, offset=(x + 9, row))
        await pilot.pause()
        assert pane.cursor is not None
        selected = pane.cursor.selection()
        assert selected is not None and selected[1] - selected[0] >= 4
        await pilot.click(view, offset=(x + 3, row))
        await pilot.pause()
        assert pane.cursor.selection() is None

    drive(library, scenario)


# -- showing and changing annotations ------------------------------------------------------


def test_highlights_in_every_script_and_jumps(library: Path) -> None:
    db = open_database(library)
    ident = next(s.id for s in list_articles(db) if s.script is Script.SIMPLIFIED)
    text = get_article(db, ident).clean_text
    db.conn.close()
    spans = list(sentences(text))
    first = annotate(library, ident, spans[1], tags=["claim"])
    second = annotate(library, ident, spans[3], tags=["figure"], color="red")

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, ident)
        view = pane.view
        for _ in range(3):
            layer = view._layers[ANNOTATIONS_LAYER]  # what is drawn
            assert len(layer.display) == 2
            row = view.line_for_offset(spans[1][0]) - round(view.scroll_y)
            styles = [segment.style for segment in view.render_line(row)]
            assert any(style is not None and style.bgcolor is not None for style in styles)
            await pilot.press("s")
            await pilot.pause()
        await pilot.press("right_square_bracket")
        assert pane.annotation_at_cursor().id == first
        await pilot.press("right_square_bracket")
        assert pane.annotation_at_cursor().id == second
        await pilot.press("right_square_bracket")  # wraps
        assert pane.annotation_at_cursor().id == first
        await pilot.press("left_square_bracket")
        assert pane.annotation_at_cursor().id == second

    drive(library, scenario)


def test_edit_delete_undo_and_tag(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        start, end = second_sentence(pane)
        made = core.create_annotation(app.db, pane.article.id, start, end, tags=["claim"])
        pane.reload_annotations()
        await pilot.press("right_square_bracket", "e")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        assert app.screen.query_one("#annotation-tags", Input).value == "claim"
        app.screen.query_one("#annotation-note").focus()
        await pilot.press(*"why", "ctrl+s")
        await pilot.pause()
        assert core.get_annotation(app.db, made.id).note == "why"
        await pilot.press("u")
        await pilot.pause()
        assert core.get_annotation(app.db, made.id).note == ""
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TagPrompt)
        await pilot.press(*"数字", "enter")
        await pilot.pause()
        assert core.get_annotation(app.db, made.id).tags == ("claim", "数字")
        await pilot.press("d")
        await pilot.pause()
        assert core.list_annotations(app.db) == []
        assert pane.annotations == []
        await pilot.press("u")
        await pilot.pause()
        assert [a.id for a in pane.annotations] == [made.id]
        # a new annotation from the cursor's sentence, then undo removes it
        await pilot.press("g", "a")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(core.list_annotations(app.db)) == 2
        await pilot.press("u")
        await pilot.pause()
        assert [a.id for a in core.list_annotations(app.db)] == [made.id]
        await pilot.press("escape", "a", "escape")  # a cancelled dialog saves nothing
        await pilot.pause()
        assert len(core.list_annotations(app.db)) == 1

    drive(library, scenario)


def test_panel_lists_and_navigates(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        spans = list(sentences(pane.article.clean_text))
        for index in (1, 2, 3):
            core.create_annotation(app.db, pane.article.id, *spans[index], tags=[f"t{index}"])
        pane.reload_annotations()
        await pilot.press("A")
        await pilot.pause()
        panel = pane.query_one(AnnotationsPanel)
        assert panel.is_open and panel.has_focus and panel.option_count == 3
        await pilot.press("down")
        await pilot.pause()
        assert pane.cursor is not None and pane.cursor.position == spans[1][0]
        await pilot.press("down")
        await pilot.pause()
        assert pane.cursor.position == spans[2][0]
        await pilot.press("enter")
        await pilot.pause()
        assert pane.view.has_focus
        await pilot.press("A")
        await pilot.pause()
        assert not panel.is_open

    drive(library, scenario)


def test_counts_in_the_list_follow_changes(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        counts = app.main_screen.counts
        summary = next(s for s in app.summaries if s.id == pane.article.id)
        assert counts.cell(summary, DisplayScript.ORIGINAL) == ""
        await pilot.press("a", *"a, b", "ctrl+s")
        await settle(pilot)
        assert counts.cell(summary, DisplayScript.ORIGINAL) == "✎1 #2"
        await pilot.press("d")
        await pilot.pause()
        assert counts.cell(summary, DisplayScript.ORIGINAL) == ""
        assert "annotations" in [c.key for c in app.main_screen.article_list.columns]

    drive(library, scenario)


# -- the annotation lists ----------------------------------------------------------------


def test_all_annotations_view_filters_and_opens(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        simplified = article_id(app, Script.SIMPLIFIED)
        traditional = article_id(app, Script.TRADITIONAL)
        for ident, tag in ((simplified, "马斯克"), (traditional, "other")):
            article = get_article(app.db, ident)
            core.create_annotation(
                app.db, ident, *list(sentences(article.clean_text))[2], tags=[tag]
            )
        await pilot.press("M")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationsScreen)
        assert len(app.screen.shown) == 2
        await pilot.press(*"馬斯")  # the tag filter matches either script
        await pilot.pause()
        await pilot.press("克")
        await pilot.pause()
        [shown] = app.screen.shown
        assert shown.article_id == simplified
        await pilot.press("enter")
        await settle(pilot)
        pane = app.main_screen.current_pane
        assert pane is not None and pane.article.id == simplified
        assert pane.cursor is not None and pane.cursor.selection() == (shown.start, shown.end)

    drive(library, scenario)


def one_article_corpus(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus folder holding a copy of the first seed article (to edit), and the copy."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    source = sorted(CORPUS.iterdir())[0]
    target = corpus / source.name
    target.write_bytes(source.read_bytes())
    return corpus, target


async def open_to_check(pilot: Pilot, app: ReaderApp, annotation_id: int) -> ReadingPane:
    """Open the only annotation to check (``O``) in a pane, ready to re-attach."""
    await pilot.press("O")
    await pilot.pause()
    assert isinstance(app.screen, AnnotationsScreen)
    assert [a.id for a in app.screen.shown] == [annotation_id]
    await pilot.press("enter")
    await settle(pilot)
    pane = app.main_screen.current_pane
    assert pane is not None and pane.reattaching is not None
    return pane


def test_orphans_view_reattaches_by_hand(library: Path, tmp_path: Path) -> None:
    corpus, target = one_article_corpus(tmp_path)
    db = open_database(library)
    try:
        sync_corpus(db, corpus)
        summary = next(s for s in list_articles(db) if s.path == str(target.resolve()))
        article = get_article(db, summary.id)
        lost = list(sentences(article.clean_text))[2]
        quote = article.clean_text[slice(*lost)]
        made = core.create_annotation(db, summary.id, *lost, note="keep me")
        target.write_text(
            target.read_text(encoding="utf-8").replace(quote, "这句话被改写了。"),
            encoding="utf-8",
        )
        sync_corpus(db, corpus)
        assert core.get_annotation(db, made.id).status == "orphaned"
    finally:
        db.conn.close()

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_to_check(pilot, app, made.id)
        assert "re-attach" in pane.status_part()
        # the corpus changes again while the pane shows the older version: its
        # offsets would be the wrong words, so re-attaching there is refused
        target.write_text("新的第一句。\n" + target.read_text(encoding="utf-8"), encoding="utf-8")
        sync_corpus(app.db, corpus)
        start = pane.article.clean_text.index("这句话被改写了。")
        pane.cursor.place(start)
        await pilot.press("v", "right_parenthesis", "a")
        await pilot.pause()
        assert core.get_annotation(app.db, made.id).status == "orphaned"
        assert any("article changed" in str(n.message) for n in app._notifications)
        app.main_screen.open_article(pane.article.id)  # the current version
        await settle(pilot)
        pane.start_reattach(core.get_annotation(app.db, made.id))
        pane.cursor.place(pane.article.clean_text.index("这句话被改写了。"))
        await pilot.press("v", "right_parenthesis", "a")
        await pilot.pause()
        fixed = core.get_annotation(app.db, made.id)
        assert fixed.status == "anchored" and fixed.quote == "这句话被改写了。"
        assert fixed.note == "keep me" and pane.reattaching is None
        assert [a.id for a in pane.annotations] == [made.id]

    drive(library, scenario)


# -- review and export ---------------------------------------------------------------------


def test_review_opens_and_o_opens_the_passage(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        start, end = second_sentence(pane)
        core.create_annotation(app.db, pane.article.id, start, end, tags=["claim"])
        await pilot.press("g", "r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewFilterDialog)
        assert app.screen.query_one("#filter-article", Input).value == str(pane.article.id)
        app.screen.query_one("#filter-article", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("o")
        await settle(pilot)
        assert app.screen is app.main_screen
        assert pane.cursor is not None and pane.cursor.selection() == (start, end)

    drive(library, scenario)


def test_export_writes_markdown(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        start, end = second_sentence(pane)
        core.create_annotation(app.db, pane.article.id, start, end, note="exported note")
        await pilot.press("X")
        await pilot.pause()
        [written] = list((tmp_path / "exports").glob("*.md"))
        text = written.read_text(encoding="utf-8")
        assert "exported note" in text
        assert pane.article.clean_text[start:end] in text
        app.main_screen.export_all()
        await settle(pilot)
        assert (tmp_path / "exports" / "annotations.md").is_file()

    drive(library, scenario)


def test_export_of_a_note_an_older_version_saved_with_carriage_returns(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """X keeps the app running and every line of the note inside its list item."""
    monkeypatch.chdir(tmp_path)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        start, end = second_sentence(pane)
        made = core.create_annotation(app.db, pane.article.id, start, end)
        with app.db.conn:
            app.db.conn.execute(
                "UPDATE annotations SET note = ? WHERE id = ?",
                ("see `this`\r# forged\r\n<div>block</div>", made.id),
            )
        await pilot.press("X")
        await pilot.pause()
        [written] = list((tmp_path / "exports").glob("*.md"))
        text = written.read_text(encoding="utf-8")
        assert "\n    see `this`\n    # forged\n    \\<div>block\\</div>\n" in text
        assert "\r" not in text
        assert app.is_running and app.screen is app.main_screen

    drive(library, scenario)


# -- hostile text ------------------------------------------------------------------------


HOSTILE_NOTE = "[@click=app.quit]x[/] [b]bold[/b] \x1b[31mred\x1b]52;c;AAAA\x07"
HOSTILE_TAG = "[/]"


def test_hostile_notes_and_tags_are_shown_literally(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        start, end = second_sentence(pane)
        core.create_annotation(
            app.db, pane.article.id, start, end, tags=[HOSTILE_TAG, "[red]x"], note=HOSTILE_NOTE
        )
        pane.reload_annotations()
        await pilot.press("A")
        await pilot.pause()
        panel = pane.query_one(AnnotationsPanel)
        row = str(panel.get_option_at_index(0).prompt)
        assert "#[/]" in row and "#[red]x" in row and "[@click=app.quit]x[/]" in row
        assert "\x1b" not in row
        await pilot.press("enter", "right_square_bracket", "e")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        assert app.screen.query_one("#annotation-tags", Input).value == "[/], [red]x"
        await pilot.press("escape", "M")
        await pilot.pause()
        options = app.screen.query_one(OptionList)
        listed = str(options.get_option_at_index(0).prompt)
        assert "#[/]" in listed and "[@click=app.quit]x[/]" in listed
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running

    drive(library, scenario)


def test_the_edit_dialog_shows_stored_escapes_as_symbols(library: Path) -> None:
    """A note and tags stored with escape sequences (an older database, an imported
    file) are edited as symbols: the fields never hold, or send, the escape itself."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        made = core.create_annotation(app.db, pane.article.id, *second_sentence(pane), tags=["t"])
        write_as_before(library, "UPDATE annotations SET note = ?", "n\x1b]52;c;AAAA\x07\r\nz")
        write_as_before(library, "UPDATE tags SET name = ?", "t\x1b]0;pwned\x07\u202e")
        pane.reload_annotations()
        await pilot.press("right_square_bracket", "e")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        tags = app.screen.query_one("#annotation-tags", Input)
        note = app.screen.query_one("#annotation-note", TextArea)
        assert tags.value == "t␛]0;pwned␇�"
        assert note.text == "n␛]52;c;AAAA␇\nz"
        note.post_message(events.Paste("\x1b[2J\x9b2Jp"))
        await pilot.pause()
        assert "␛[2J�2Jp" in note.text and not any(ch in note.text for ch in "\x1b\x9b")
        assert "\x1b" not in app.export_screenshot()
        await pilot.press("ctrl+s")
        await pilot.pause()
        saved = core.get_annotation(app.db, made.id)
        assert "\x1b" not in saved.note and "\x1b" not in saved.tags[0]

    drive(library, scenario)


def test_text_pasted_into_a_new_annotation_is_stored_clean(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        tags = app.screen.query_one("#annotation-tags", Input)
        tags.post_message(events.Paste("甲\x1b[2J\x07, 乙"))
        await pilot.pause()
        assert tags.value == "甲␛[2J␇, 乙"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [saved] = core.list_annotations(app.db, article_ids=[pane.article.id])
        assert saved.tags == ("甲␛[2J␇", "乙")

    drive(library, scenario)


def test_a_failed_save_is_a_notification_not_a_crash(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        made = core.create_annotation(app.db, pane.article.id, *second_sentence(pane))
        pane.reload_annotations()
        await pilot.press("right_square_bracket", "e")
        await pilot.pause()
        core.delete_annotation(app.db, made.id)  # gone meanwhile (another window, say)
        app.screen.query_one("#annotation-note").focus()
        await pilot.press(*"x", "ctrl+s")
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]  # what was shown
        assert any(m.startswith("Not saved: no annotation with id") for m in messages)
        assert core.list_annotations(app.db) == []  # nothing half-saved
        # the dialog is back with what was typed, and says why
        assert isinstance(app.screen, AnnotationDialog)
        assert app.screen.draft().note == "x"
        assert "no annotation with id" in str(app.screen.query_one("#annotation-error").content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.screen is app.main_screen

    drive(library, scenario)


def test_a_tag_the_store_refuses_keeps_the_dialog_open(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        app.screen.query_one("#annotation-tags", Input).value = "x" * 201
        app.screen.query_one("#annotation-note").focus()
        await pilot.press(*"keep", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AnnotationDialog)
        assert "at most 200" in str(app.screen.query_one("#annotation-error").content)
        assert app.screen.draft().note == "keep"
        assert core.list_annotations(app.db) == []

    drive(library, scenario)


def test_a_fuzzy_match_is_listed_to_check_and_settled_in_place(
    library: Path, tmp_path: Path
) -> None:
    corpus, target = one_article_corpus(tmp_path)
    db = open_database(library)
    try:
        sync_corpus(db, corpus)
        summary = next(s for s in list_articles(db) if s.path == str(target.resolve()))
        text = get_article(db, summary.id).clean_text
        start, end = max(sentences(text), key=lambda span: span[1] - span[0])
        made = core.create_annotation(db, summary.id, start, end)
        middle = (start + end) // 2
        edited = text[:middle] + "改" + text[middle + 1 :]
        raw = target.read_text(encoding="utf-8")
        target.write_text(raw.replace(text[start:end], edited[start:end]), encoding="utf-8")
        sync_corpus(db, corpus)
        fuzzy = core.get_annotation(db, made.id)
        assert fuzzy.status == "fuzzy"
    finally:
        db.conn.close()

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_to_check(pilot, app, made.id)
        assert pane.cursor is not None and pane.cursor.selection() == (fuzzy.start, fuzzy.end)
        await pilot.press("a")
        await pilot.pause()
        settled = core.get_annotation(app.db, made.id)
        assert settled.status == "anchored" and (settled.start, settled.end) == (
            fuzzy.start,
            fuzzy.end,
        )

    drive(library, scenario)


def test_a_long_passage_opened_selected_stays_whole(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        pane = await open_article(pilot, app, article_id(app, Script.TRADITIONAL))
        spans = list(sentences(pane.article.clean_text))
        start, end = spans[2][0], spans[40][1]  # longer than the screen
        app.main_screen.open_passage(pane.article.id, start, end)
        await settle(pilot)
        assert pane.cursor is not None and pane.cursor.selection() == (start, end)
        await pilot.press("j", "j")
        assert pane.cursor.selection() == (start, end)

    drive(library, scenario)


async def type_burst(pilot: Pilot, *keys: str) -> None:
    """Deliver ``keys`` the way a terminal does for a paste or fast typing: all queued
    at once, none waiting for the previous one to be handled."""
    app = pilot.app
    for key in keys:
        character = key if len(key) == 1 else {"tab": "\t", "enter": "\r"}.get(key)
        app.post_message(events.Key(key, character))
    await settle(pilot)


def test_keys_typed_fast_after_tab_or_enter_land_in_the_note(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
        for move in ("enter", "tab"):
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, AnnotationDialog)
            await type_burst(pilot, *"claim", move, *"a note", "ctrl+s")
            saved = core.list_annotations(app.db)[-1]
            assert (saved.tags, saved.note) == (("claim",), "a note"), move
            await pilot.press("u")
            await pilot.pause()
            assert core.list_annotations(app.db) == []

    drive(library, scenario)


def test_the_export_toast_shows_every_character_of_the_path(
    library: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The toast's lines, put back together, are the path: a space in the file name is
    not lost where the toast breaks the line, whatever the terminal's width."""
    from textual.widgets._toast import Toast

    monkeypatch.chdir(tmp_path)
    app = fresh_app(library, CORPUS)

    async def main() -> None:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.pause()
            pane = await open_article(pilot, app, article_id(app, Script.SIMPLIFIED))
            assert " " in pane.article.title
            start, end = second_sentence(pane)
            core.create_annotation(app.db, pane.article.id, start, end, note="exported note")
            for width in (80, 90, 100, 110, 120):
                await pilot.resize_terminal(width, 40)
                app.clear_notifications()
                await pilot.press("X")
                await settle(pilot)
                [written] = list((tmp_path / "exports").glob("*.md"))
                [toast] = [t for t in app.screen.query(Toast) if t._notification.title]
                await pilot.pause()
                lines = [
                    "".join(segment.text for segment in toast.render_line(y)).rstrip()
                    for y in range(toast.size.height)
                ]
                assert lines[:2] == ["Export", "Exported to"], lines
                assert "".join(lines[2:]) == str(written.resolve()), (width, lines)

    try:
        asyncio.run(main())
    finally:
        app.store.close()
