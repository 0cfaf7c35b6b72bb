"""``U`` in the app: subscribed feeds are updated in a worker, progress on the status
line, and the new articles appear in the list without a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

from feed_server import Route, feed_server
from textual.widgets import Label
from web_feeds import BIG5_ITEMS, GB_ITEMS, rss10_big5, rss20_gb2312

from reader.feeds.subscribe import subscribe
from reader.store.database import open_database
from reader.tui.app import ReaderApp


def test_u_updates_every_feed_and_the_list_shows_the_new_articles(tmp_path: Path) -> None:
    db_path = tmp_path / "app.db"
    routes = {
        "/tw": Route(rss10_big5()),
        "/cn": Route(rss20_gb2312(), gzip=True),
        "/down": Route(b"", status=500),
    }
    with feed_server(routes) as server:
        db = open_database(db_path)
        for name in ("tw", "cn", "down"):
            subscribe(db, server.url("/" + name), name)
        db.conn.close()
        app = ReaderApp(db_path, tmp_path / "no-corpus", sync=False)
        statuses: list[str] = []
        messages: list[str] = []
        analyses: list[int] = []

        async def scenario() -> None:
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                screen = app.main_screen
                assert screen.article_list.rows == []
                original = screen.set_sync_status

                def record(text: str) -> None:
                    statuses.append(text)
                    original(text)

                screen.set_sync_status = record  # type: ignore[method-assign]
                notify = app.notify

                def remember(message: object, **options: object) -> None:
                    messages.append(str(message))
                    notify(message, **options)  # type: ignore[arg-type]

                app.notify = remember  # type: ignore[method-assign]
                # Analysis of the new texts is asked for; running it (jieba) is not
                # what this test is about.
                screen.start_entity_analysis = lambda: analyses.append(1)  # type: ignore[method-assign]
                await pilot.press("U")
                for _ in range(600):
                    await pilot.pause(0.05)
                    if len(statuses) > 1 and statuses[-1] == "":
                        break
                await pilot.pause()
                titles = {summary.title for summary in app.summaries}
                assert {BIG5_ITEMS[0][1], BIG5_ITEMS[1][1], GB_ITEMS[0][1]} <= titles
                assert len(screen.article_list.rows) == 4
                right = str(screen.query_one("#status-right", Label).content)
                assert right.startswith("4 articles")
                assert "3 feeds: 4 new, 0 updated, 1 failed" in messages
                assert any("down: failed: HTTP 500" in m for m in messages)

        try:
            asyncio.run(scenario())
        finally:
            app.db.conn.close()
    assert analyses == [1]
    assert statuses[0] == "feeds: checking…"
    assert any(s.startswith("feeds 3/3 · ") for s in statuses)
    assert statuses[-1] == ""
