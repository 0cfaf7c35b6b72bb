"""What another process saves while the interface is open shows in it.

A ``reader annotate`` or ``reader entity-rename`` in a shell beside the app was saved,
but the open article kept its old highlights and the entity panel its old names until
the article or the panel was opened again. Each test writes on a connection of its
own, as another process does, and waits for the app's watch to notice.
"""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import open_from_list, run_scenario, settle

from reader.annotations import create_annotation
from reader.conversion import Script
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import Database, open_database
from reader.tui import app as app_module
from reader.tui.app import ReaderApp
from reader.tui.screenshots import SIZE, build_database, fresh_app
from reader.tui.widgets.annotating_pane import ANNOTATIONS_LAYER

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture
def library(analysed: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.05)
    copy = tmp_path / "library.db"
    shutil.copy(analysed, copy)
    return copy


def elsewhere(path: Path, write: Callable[[Database], object]) -> None:
    """Write as another process would: on a connection of its own, committed."""
    other = open_database(path)
    try:
        write(other)
    finally:
        other.conn.close()


async def until(pilot: Pilot, condition: Callable[[], bool]) -> bool:
    """Wait for ``condition`` while the watch (every 0.05 s) runs; a loaded machine
    gets up to five seconds."""
    for _ in range(100):
        if condition():
            return True
        await asyncio.sleep(0.05)
        await settle(pilot)
    return condition()


def simplified(app: ReaderApp) -> int:
    return next(s.id for s in app.summaries if s.script is Script.SIMPLIFIED)


def test_an_annotation_saved_elsewhere_is_drawn_in_the_open_article(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = simplified(app)
        await open_from_list(pilot, app, ident)
        screen = app.main_screen
        pane = screen.current_pane
        assert pane is not None and pane.annotations == []
        made = []
        elsewhere(
            library,
            lambda db: made.append(
                create_annotation(db, ident, 3, 9, tags=["外面"], note="另一个进程")
            ),
        )
        assert await until(pilot, lambda: [a.id for a in pane.annotations] == [made[0].id])
        assert pane.view._layers[ANNOTATIONS_LAYER].spans == [(made[0].start, made[0].end)]
        # the list's count column follows too
        assert await until(
            pilot,
            lambda: (
                screen.counts.counts.get(ident) is not None
                and screen.counts.counts[ident].annotations == 1
            ),
        )

    run_scenario(fresh_app(library, CORPUS), scenario, SIZE)


def test_an_entity_renamed_elsewhere_is_renamed_in_the_open_panel(library: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = simplified(app)
        await open_from_list(pilot, app, ident)
        await pilot.press("E")
        await settle(pilot)
        listed = app.main_screen.entity_panel.entity_list
        first = listed.entities[0]
        assert first.name != "改了名字"
        elsewhere(library, lambda db: entity_store.rename(db, first.id, "改了名字"))
        assert await until(
            pilot, lambda: bool(listed.entities) and listed.entities[0].name == "改了名字"
        )

    run_scenario(fresh_app(library, CORPUS), scenario, SIZE)


def test_a_new_version_imported_elsewhere_replaces_the_open_one_at_the_same_passage(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pane kept the old version; once the annotations were carried to the new one,
    # redrawing them for the old version would have shown none.
    monkeypatch.setattr(app_module, "WATCH_SECONDS", 0.05)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    story = corpus / "story.txt"
    body = "".join(f"第{n}段：记者报道，委员会今天讨论了第{n}项议题。\n\n" for n in range(1, 40))
    story.write_text(f"一则报道\n\n{body}", encoding="utf-8")
    db_path = build_database(tmp_path / "reader.db", corpus)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        ident = app.summaries[0].id
        await open_from_list(pilot, app, ident)
        pane = app.main_screen.current_pane
        assert pane is not None
        old_version = pane.article.version_id
        text = pane.article.clean_text
        passage = text.index("第30段")
        made = create_annotation(app.db, ident, passage, passage + 4, note="留意")
        pane.reload_annotations()
        pane.go_to(passage)
        await settle(pilot)
        story.write_text(f"一则报道\n\n更新：本文增加了一段导语。\n\n{body}", encoding="utf-8")
        elsewhere(db_path, lambda db: import_paths(db, [story]))
        assert await until(pilot, lambda: pane.article.version_id != old_version)
        new_text = pane.article.clean_text
        assert "更新：本文增加了一段导语。" in new_text
        assert new_text[pane.cursor.position :].startswith("第30段")
        (shown,) = pane.annotations
        assert shown.id == made.id and new_text[shown.start : shown.end] == "第30段："[:4]

    run_scenario(fresh_app(db_path, corpus), scenario, SIZE)
