"""Articles another process imports while the interface is open appear in its list.

`reader import` in a shell beside the app saved its articles, and the status line
counted them as unread, but the list showed them only after a restart.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import run_scenario, settle

from reader.importer import import_paths
from reader.store.database import open_database
from reader.tui import app as app_module
from reader.tui.app import ReaderApp
from reader.tui.screenshots import build_database


def test_an_article_imported_by_another_process_is_listed(
    db_path: Path, corpus_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.05, raising=False)
    build_database(db_path, corpus_dir)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "new.txt").write_text(
        "外来的文章标题\n\n这篇文章由另一个进程导入。\n", encoding="utf-8"
    )

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        before = len(app.summaries)
        assert before > 1
        app.main_screen.article_list.select_id(app.summaries[1].id)
        chosen = app.main_screen.article_list.selected
        unread = app.unread_count
        other = open_database(db_path)  # as `reader import` would, on its own connection
        try:
            report = import_paths(other, [outside])
        finally:
            other.conn.close()
        assert len(report.imported) == 1
        for _ in range(100):  # the watch looks every 0.05 s; give a loaded machine time
            await asyncio.sleep(0.05)
            await settle(pilot)
            if len(app.summaries) > before:
                break
        titles = [summary.title for summary in app.summaries]
        assert "外来的文章标题" in titles and len(titles) == before + 1
        listed = app.main_screen.article_list
        assert listed.total == before + 1 and len(listed.rows) == before + 1
        assert listed.selected == chosen  # the cursor stays on the article it was on
        assert app.unread_count == unread + 1

    run_scenario(ReaderApp(db_path, corpus_dir, sync=False), scenario)
