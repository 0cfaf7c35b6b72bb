"""A scrolling key repaints what it changes (bench/README.md, "Keys at 100,000")."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.strip import Strip
from tui_helpers import run_scenario, settle

from reader.tui.app import ReaderApp
from reader.tui.screenshots import build_database


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def test_a_new_progress_repaints_the_border_row_not_the_whole_pane(
    library: Path, corpus_dir: Path
) -> None:
    """``j`` changes the % in the pane's bottom border: that row is drawn again (and
    shows the new %), the pane's other rows are not (the view repaints its own)."""
    app = ReaderApp(library, corpus_dir, sync=False)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        longest = max(app.summaries, key=lambda summary: summary.chars)
        pane = app.main_screen.open_article(longest.id)
        await settle(pilot)
        pane.view.focus()
        await pilot.pause()
        rows: list[int] = []
        render_line = pane.render_line

        def counted(y: int) -> Strip:
            rows.append(y)
            return render_line(y)

        pane.render_line = counted  # type: ignore[method-assign]
        before = str(pane.border_subtitle)
        for _ in range(20):
            await pilot.press("j")
            await pilot.pause()
            if str(pane.border_subtitle) != before:
                break
        after = str(pane.border_subtitle)
        assert after != before  # the progress moved
        assert rows == []  # no row inside the border drawn again
        shown = app.export_screenshot().replace("&#160;", " ")
        assert after.split(" · ")[1] in shown  # the new % is on screen

    run_scenario(app, scenario, size=(100, 30))
