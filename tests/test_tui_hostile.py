"""Hostile article text: markup, click actions, links and escape sequences in a title and
body render literally everywhere (list, pane, palette, search) and do nothing when
clicked. One article comes through the real importer; one is stored with raw control
characters, to test the shell's own defence, not only the importer's."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

from textual.pilot import Pilot
from textual.strip import Strip
from textual.widgets import Input, OptionList

from reader.conversion import Script
from reader.folding import fold
from reader.importer import sync_corpus
from reader.models import ParsedArticle
from reader.store.articles import save_parsed
from reader.store.database import open_database
from reader.tui.app import ReaderApp
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.article_view import ArticleView

MARKUP = "[/] [@click=app.quit]x[/] [link=file:///etc/passwd]y[/link]"
ESCAPES = "\x1b[31m红\x1b]52;c;SGVsbG8=\x07"
HOSTILE = f"{MARKUP} {ESCAPES}"


def build(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        f"标题{HOSTILE}\n来源：[b]测试[/b]\n\n正文 {HOSTILE} 点我结束。\n", encoding="utf-8"
    )
    db_path = tmp_path / "hostile.db"
    db = open_database(db_path)
    sync_corpus(db, corpus)
    body = f"原样{HOSTILE}\n\n第二段 {MARKUP} 点我。"
    parsed = ParsedArticle(
        path=str(tmp_path / "raw.txt"),
        raw_sha256=hashlib.sha256(body.encode()).hexdigest(),
        encoding="utf-8",
        raw_text=body,
        clean_text=body,
        title=f"原样{HOSTILE}",
        source="[red]outlet[/red]",
        author="[@click=app.bell]a[/]",
        date="2025-01-01",
        url="[link=file:///etc/passwd]u[/link]",
        script=Script.SIMPLIFIED,
        cleaner_version=1,
    )
    save_parsed(db, parsed, fold(body).text)
    db.conn.close()
    return db_path


def screen_lines(app: ReaderApp) -> list[Strip]:
    return list(app.screen._compositor.render_strips())


def assert_safe(strips: list[Strip]) -> str:
    """No control character and no link or click action in anything drawn."""
    text = "\n".join(strip.text for strip in strips)
    assert not any(ord(ch) < 0x20 and ch != "\n" for ch in text), repr(text)
    for strip in strips:
        for segment in strip:
            style = segment.style
            assert style is None or not style.link, segment
            assert not (style and style.meta and "@click" in style.meta), segment
    return text


def test_hostile_text_is_literal_everywhere_and_inert(tmp_path: Path) -> None:
    db_path = build(tmp_path)
    app = ReaderApp(db_path, tmp_path / "corpus", sync=False)

    async def scenario(pilot: Pilot) -> None:
        await pilot.pause()
        listing = app.screen.query_one(ArticleList)
        assert len(listing.rows) == 2
        listed = assert_safe(screen_lines(app))
        assert "[@click=app.quit]x[/]" in listed
        assert "[link=file:///etc/passwd]y" in listed
        assert "␛[31m红" in listed  # the raw escapes, shown as symbols

        for row in range(2):
            listing.cursor = row
            await pilot.press("enter")
            await pilot.pause()
            view = app.screen.focused
            assert isinstance(view, ArticleView)
            shown = assert_safe(screen_lines(app))
            assert "[@click=app.quit]x[/]" in shown
            assert "[link=file:///etc/passwd]y[/link]" in shown
            # Click on every cell of the body's hostile line: nothing happens.
            offset = view.article.clean_text.index("[@click")
            y = view.line_for_offset(offset) - round(view.scroll_y)
            for x in (1, 8, 20):  # on the [@click=…], the [link=…] and the escapes
                await pilot.click(ArticleView, offset=(x, y))
            await pilot.click(ArticleList, offset=(6, 0))
            assert app.is_running
            await pilot.press("tab")

        # The palette shows the titles literally (and does not crash on "[/]").
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"click")
        options = app.screen.query_one(OptionList)
        for _ in range(50):
            await pilot.pause(0.05)
            if options.option_count >= 2:
                break
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("[@click=app.quit]x[/]" in prompt for prompt in prompts), prompts
        assert_safe(screen_lines(app))
        await pilot.press("escape")

        # Corpus search results too.
        await pilot.press("F")
        app.screen.query_one(Input).value = "点我"
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = app.screen.query_one(OptionList)
        assert hits.option_count >= 2
        found = assert_safe(screen_lines(app))
        assert "[@click=app.quit]" in found
        await pilot.click(OptionList, offset=(5, 0))
        await pilot.press("escape")
        assert app.is_running

    async def main() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            await scenario(pilot)

    try:
        asyncio.run(main())
    finally:
        app.store.close()


def test_a_hostile_corpus_path_is_notified_as_symbols(tmp_path: Path) -> None:
    """Notifications quote paths and errors: those are shown, never obeyed."""
    corpus = tmp_path / f"corpus{ESCAPES}\nforged"
    corpus.mkdir()
    (corpus / "a.txt").write_text("标题\n\n正文一句。\n", encoding="utf-8")
    app = ReaderApp(tmp_path / "reader.db", corpus)

    async def main() -> None:
        async with app.run_test(size=(160, 40)) as pilot:
            # The sync starts after the first refresh: waiting for the workers before
            # it has started waits for nothing (the test failed so under load).
            for _ in range(200):
                await app.workers.wait_for_complete()
                await pilot.pause(0.05)
                if app._notifications:
                    break
            messages = [str(notice.message) for notice in app._notifications]
            assert any("corpus␛[31m红␛]52;c;SGVsbG8=␇␊forged" in m for m in messages), messages
            assert_safe(screen_lines(app))

    try:
        asyncio.run(main())
    finally:
        app.store.close()
