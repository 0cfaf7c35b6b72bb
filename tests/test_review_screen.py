"""The review screen driven by Textual's Pilot: a session, resume, keys, hostile text.

Real SQLite, real fsrs, real Textual; time is a ManualClock passed in, never slept.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
from store_helpers import write_as_before
from textual import events
from textual.app import App
from textual.widgets import Input, Static, TextArea

from reader.annotations import (
    create_annotation,
    create_from_quote,
    get_annotation,
    list_annotations,
    update_annotation,
)
from reader.conversion import DisplayScript
from reader.importer import import_paths
from reader.review.clock import ManualClock
from reader.review.filters import ReviewFilters, Scope
from reader.review.scheduler import Scheduler
from reader.store import reviews as store
from reader.store.articles import get_article, list_articles
from reader.tui.safe_text import printable
from reader.tui.screens.review import (
    OpenPassage,
    ReviewApp,
    ReviewFilterDialog,
    ReviewOutcome,
    ReviewScreen,
)

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SIZE = (110, 36)


def annotate_seed(db, count: int) -> list[int]:
    """``count`` annotations on the first seed article's text lines, in order."""
    article = get_article(db, list_articles(db)[0].id)
    text = article.clean_text
    ids: list[int] = []
    position = 10
    while len(ids) < count:
        chunk = text[position : position + 6]
        if "\n" not in chunk and chunk.strip():
            ids.append(create_annotation(db, article.id, position, position + 6).id)
        position += 60
    return ids


def shown(app: App, selector: str) -> str:
    """The plain text a widget of the current screen draws."""
    return str(app.screen.query_one(selector, Static).render())


class Host(App[None]):
    """Stands in for the main reader: pushes the screen and keeps what it returns."""

    def __init__(self, screen: ReviewScreen) -> None:
        super().__init__()
        self.review = screen
        self.outcome: ReviewOutcome | None = None

    def on_mount(self) -> None:
        self.push_screen(self.review, self._done)

    def _done(self, outcome: ReviewOutcome | None) -> None:
        self.outcome = outcome


def test_grade_three_undo_quit_and_resume(seeded_db) -> None:
    async def scenario() -> None:
        ids = annotate_seed(seeded_db, 5)
        clock = ManualClock(START)

        first = Host(ReviewScreen(seeded_db, clock=clock, scheduler=Scheduler(fuzz=False)))
        async with first.run_test(size=SIZE) as pilot:
            assert first.review.session.current.annotation_id == ids[0]
            await pilot.press("3")
            clock.advance(timedelta(seconds=20))
            assert "Good: next review 12:10 (in 10 min)" in str(
                first.review.query_one("#review-status").render()
            )
            await pilot.press("space", "1")
            clock.advance(timedelta(seconds=20))
            assert first.review.session.current.annotation_id == ids[3]
            await pilot.press("u")
            assert first.review.session.current.annotation_id == ids[2]
            assert "0 due · 3 new · 2 learning · 2 done" in str(
                first.review.query_one("#review-counts").render()
            )
            await pilot.press("q")
            assert "Reviewed 2 times (2 cards) in 40 s" in shown(first, "#review-message")
            assert "Grades: Again 0 · Hard 0 · Good 2 · Easy 0" in shown(first, "#review-message")
            await pilot.press("q")
        assert first.outcome is not None and first.outcome.summary.reviewed == 2
        assert first.outcome.open is None

        # Persisted: two cards, each as fsrs schedules a first Good; the undone grade is gone.
        expected, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
            fsrs.Card(card_id=1, due=START), fsrs.Rating.Good, START
        )
        rows = seeded_db.conn.execute(
            "SELECT annotation_id, due FROM review_cards ORDER BY annotation_id"
        ).fetchall()
        assert [row[0] for row in rows] == ids[:2]
        assert store.parse_time(rows[0][1]) == expected.due
        assert seeded_db.conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 2

        clock.advance(timedelta(minutes=1))
        resumed = ReviewApp(seeded_db, ReviewFilters(), clock=clock)
        async with resumed.run_test(size=SIZE) as pilot:
            assert resumed.review.session.current.annotation_id == ids[2]
            await pilot.press("4")
            assert resumed.review.session.current.annotation_id == ids[3]
            await pilot.press("escape", "enter")
        assert resumed.return_value is not None
        assert resumed.return_value.summary.reviewed == 1
        assert store.card_state(seeded_db, ids[2]) is not None

    asyncio.run(scenario())


def test_hostile_text_renders_literally(db, db_path: Path, tmp_path: Path) -> None:
    async def scenario() -> None:
        folder = tmp_path / "corpus"
        folder.mkdir()
        title = "[@click=app.quit]标题[/]"
        body = (
            "第一句话。[b]粗[/b] 和 [/] 以及 \x1b[31m红色\x1b[0m 还有 [@click=app.quit]点我[/]。\n"
        )
        (folder / "hostile.txt").write_text(f"{title}\n\n{body}", encoding="utf-8")
        import_paths(db, [folder])
        article_id = list_articles(db)[0].id
        create_from_quote(
            db,
            article_id,
            "[@click=app.quit]点我[/]",
            tags=["[@click=app.quit]x[/]", "[/]"],
            note="[bold]not bold[/bold] \\[escaped] [/] \x1b]52;c;aGk=\x07",
        )
        # As a database written before notes were cleaned on the way in holds it.
        hostile_note = "[bold]not bold[/bold] \\[escaped] [/] \x1b]52;c;aGk=\x07"
        write_as_before(db_path, "UPDATE annotations SET note = ?", hostile_note)
        app = ReviewApp(db, ReviewFilters(), clock=ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            stored_title = get_article(db, article_id).title
            assert stored_title.replace("\x1b", "␛") in shown(app, "#review-heading")
            text = get_article(db, article_id).clean_text
            paragraph = next(line for line in text.split("\n") if "点我" in line)
            assert "[b]粗[/b] 和 [/] 以及" in paragraph
            assert shown(app, "#review-passage") == printable(paragraph)
            assert shown(app, "#review-tags") == "#[@click=app.quit]x[/] #[/]"
            note = shown(app, "#review-note")
            # Markdown (the backslash escape is Markdown's), never markup; escapes shown.
            assert note == "[bold]not bold[/bold] [escaped] [/] ␛]52;c;aGk=␇"
            for selector in ("#review-tags", "#review-passage", "#review-heading"):
                await pilot.click(selector)
            assert app.is_running
            await pilot.press("s")
            assert "[@click=app.quit]" in shown(app, "#review-passage")
            await pilot.press("q", "q")

    asyncio.run(scenario())


def test_script_toggle_maps_the_highlight(seeded_db) -> None:
    async def scenario() -> None:
        traditional = next(s for s in list_articles(seeded_db) if s.script.value == "traditional")
        annotation = create_from_quote(seeded_db, traditional.id, "馬斯克", occurrence=1)
        app = ReviewApp(seeded_db, ReviewFilters(), clock=ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.review
            for mode, quote in (
                (DisplayScript.ORIGINAL, "馬斯克"),
                (DisplayScript.SIMPLIFIED, "马斯克"),
                (DisplayScript.TRADITIONAL, "馬斯克"),
                (DisplayScript.TAIWAN, "馬斯克"),
                (DisplayScript.HONG_KONG, "馬斯克"),
                (DisplayScript.ORIGINAL, "馬斯克"),
            ):
                assert screen.mode is mode
                visual = screen.query_one("#review-passage", Static).visual
                highlighted = [visual.plain[s.start : s.end] for s in visual.spans]
                assert highlighted == [quote]
                await pilot.press("s")
            assert screen.session.current.annotation_id == annotation.id
            await pilot.press("q", "q")

    asyncio.run(scenario())


def test_the_taiwan_script_highlights_the_whole_replaced_words(seeded_db) -> None:
    """In 臺灣 a passage ending in 互联网 shows 網際網路 whole, highlighted whole."""

    async def scenario() -> None:
        simplified = next(
            s
            for s in list_articles(seeded_db)
            if s.script.value == "simplified"
            and "受限于互联网" in get_article(seeded_db, s.id).clean_text
        )
        create_from_quote(seeded_db, simplified.id, "受限于互联网")
        app = ReviewApp(seeded_db, ReviewFilters(), clock=ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            screen = app.review
            await pilot.press("s", "s", "s")
            assert screen.mode is DisplayScript.TAIWAN
            visual = screen.query_one("#review-passage", Static).visual
            highlighted = [visual.plain[s.start : s.end] for s in visual.spans]
            assert highlighted == ["受限於網際網路"]
            await pilot.press("q", "q")

    asyncio.run(scenario())


def test_nothing_due_says_when_and_a_waiting_card_comes_in(seeded_db) -> None:
    async def scenario() -> None:
        ids = annotate_seed(seeded_db, 1)
        clock = ManualClock(START)
        app = ReviewApp(seeded_db, ReviewFilters(), clock=clock)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("1")  # Again: back in a minute, shown at once (learn-ahead)
            assert app.review.session.current.annotation_id == ids[0]
            await pilot.press("4")  # Easy: days away
            message = shown(app, "#review-message")
            assert message.startswith("Nothing due now. Next card due ")
            assert message.endswith("(in 1 day).\n\nq: end the session · u: undo the last action")
            assert not app.review.has_class("-card")
        clock.now = store.card_state(seeded_db, ids[0]).due
        again = ReviewApp(seeded_db, ReviewFilters(), clock=clock)
        async with again.run_test(size=SIZE) as pilot:
            assert again.review.has_class("-card")
            await pilot.press("q", "q")

    asyncio.run(scenario())


def test_note_and_tag_editors_show_stored_escapes_as_symbols(seeded_db, db_path: Path) -> None:
    """A note or tag stored with escape sequences (an older database, an imported file)
    is edited as symbols: the editor never holds, or sends, the escape itself."""

    async def scenario() -> None:
        [ident] = annotate_seed(seeded_db, 1)
        update_annotation(seeded_db, ident, tags=["tag"])
        write_as_before(db_path, "UPDATE annotations SET note = ?", "a\x1b]52;c;aGk=\x07\r\nb\tc")
        write_as_before(db_path, "UPDATE tags SET name = ?", "t\x1b]0;pwned\x07\x9b2J")
        app = ReviewApp(seeded_db, ReviewFilters(), clock=ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("e")
            editor = app.screen.query_one(TextArea)
            assert editor.text == "a␛]52;c;aGk=␇\nb\tc"
            editor.post_message(events.Paste("\x1b[2Jpasted\x07"))
            await pilot.pause()
            assert "\x1b" not in editor.text and "␛[2Jpasted␇" in editor.text
            assert "\x1b" not in app.export_screenshot()
            await pilot.press("ctrl+s")
            note = get_annotation(seeded_db, ident).note
            assert "\x1b" not in note and "\x07" not in note and "pasted" in note
            await pilot.press("t")
            field = app.screen.query_one(Input)
            assert field.value == "t␛]0;pwned␇�2J"
            await pilot.press("end")
            field.post_message(events.Paste("\x1b]52;c;aGk=\x07"))
            await pilot.pause()
            assert field.value == "t␛]0;pwned␇�2J␛]52;c;aGk=␇"
            await pilot.press("escape", "q", "q")

    asyncio.run(scenario())


def test_edit_note_and_tags_skip_delete_and_undo(seeded_db) -> None:
    async def scenario() -> None:
        ids = annotate_seed(seeded_db, 2)
        app = ReviewApp(seeded_db, ReviewFilters(), clock=ManualClock(START))
        async with app.run_test(size=SIZE) as pilot:
            await pilot.press("e")
            assert isinstance(app.screen.focused, TextArea)
            await pilot.press(*"hello", "ctrl+s")
            assert get_annotation(seeded_db, ids[0]).note == "hello"
            assert shown(app, "#review-note") == "hello"
            await pilot.press("t")
            assert isinstance(app.screen.focused, Input)
            await pilot.press(*"a, b", "enter")
            assert get_annotation(seeded_db, ids[0]).tags == ("a", "b")
            await pilot.press("e", "escape")
            assert get_annotation(seeded_db, ids[0]).note == "hello"
            await pilot.press("u")
            assert get_annotation(seeded_db, ids[0]).tags == ()
            await pilot.press("x")
            assert app.review.session.current.annotation_id == ids[1]
            await pilot.press("d")
            assert app.review.session.current is None
            assert [a.id for a in list_annotations(seeded_db)] == [ids[0]]
            await pilot.press("u", "u")
            assert app.review.session.current.annotation_id == ids[0]
            assert [a.id for a in list_annotations(seeded_db)] == ids
            assert store.queue_rows(seeded_db)[0].skipped_until is None
            await pilot.press("q", "q")

    asyncio.run(scenario())


def test_open_dismisses_with_the_passage(seeded_db) -> None:
    async def scenario() -> None:
        (annotation_id,) = annotate_seed(seeded_db, 1)
        annotation = get_annotation(seeded_db, annotation_id)
        host = Host(ReviewScreen(seeded_db, clock=ManualClock(START)))
        async with host.run_test(size=SIZE) as pilot:
            await pilot.press("o")
            await pilot.pause()
            assert not isinstance(host.screen, ReviewScreen)
        assert host.outcome is not None
        assert host.outcome.open == OpenPassage(
            annotation.article_id,
            annotation.version_id,
            annotation.start,
            annotation.end,
            annotation.quote,
        )

    asyncio.run(scenario())


def test_filter_dialog_returns_filters() -> None:
    async def scenario() -> None:
        results: list[ReviewFilters | None] = []

        class DialogHost(App[None]):
            def on_mount(self) -> None:
                self.push_screen(ReviewFilterDialog(ReviewFilters(article_id=3)), results.append)

        app = DialogHost()
        async with app.run_test(size=SIZE) as pilot:
            app.screen.query_one("#filter-tags", Input).value = "马斯克，AI"
            app.screen.query_one("#filter-limit", Input).value = "0"
            app.screen.query_one("#filter-limit", Input).focus()
            await pilot.press("enter")
            assert "limit must be a whole number" in str(
                app.screen.query_one("#filter-error").render()
            )
            app.screen.query_one("#filter-limit", Input).value = "20"
            await pilot.press("enter")
        assert results == [
            ReviewFilters(tags=("马斯克", "AI"), article_id=3, scope=Scope.DUE_THEN_NEW, limit=20)
        ]

    asyncio.run(scenario())
