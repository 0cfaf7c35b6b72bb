"""The article list's entity counts, read for the rows it draws (Pilot, real store).

A corpus of 120 articles, each made of some of the seed corpus's passages (chosen by
the bits of its number, so the counts differ from row to row), imported and analysed
once per module; each test works on a copy.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from store_helpers import build_analysed
from textual.pilot import Pilot
from tui_helpers import run_scenario, settle

from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.tui.app import ReaderApp
from reader.tui.entity_counts import EntityCountsColumn

REPO = Path(__file__).resolve().parent.parent
ARTICLES = 120
SIZE = (100, 24)


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(store, corpus folder) of ARTICLES analysed articles."""
    root = tmp_path_factory.mktemp("many")
    lines = [
        line
        for path in sorted((REPO / "corpus").glob("*.txt"))
        for line in path.read_text(encoding="utf-8").splitlines()[2:]
        if line.strip()
    ]
    paragraphs = ["\n".join(lines[start : start + 12]) for start in range(0, 120, 12)]
    corpus = root / "corpus"
    corpus.mkdir()
    for index in range(ARTICLES):
        chosen = [p for bit, p in enumerate(paragraphs) if (index + 1) >> (bit % 7) & 1]
        body = "\n\n".join(chosen[: 1 + index % 5])
        (corpus / f"{index:03d}.txt").write_text(f"第{index}篇\n\n{body}\n", encoding="utf-8")
    return build_analysed(root / "many.db", corpus), corpus


@pytest.fixture
def store(many: tuple[Path, Path], tmp_path: Path) -> Path:
    copy = tmp_path / "many.db"
    shutil.copy(many[0], copy)
    return copy


def expected_cell(counts: dict[int, entity_store.EntityCounts], article_id: int) -> str:
    found = counts.get(article_id)
    return f"◆{found.entities} ⇄{found.linked}" if found else ""


async def counts_read(pilot: Pilot, app: ReaderApp) -> EntityCountsColumn:
    """Wait until the rows on screen have their counts (the read is on a worker)."""
    column = app.main_screen.entity_counts
    for _ in range(500):
        await settle(pilot)
        if column.settled:
            return column
        await pilot.pause(0.02)
    raise AssertionError("the visible rows' counts never arrived")


def shown_cells(app: ReaderApp) -> dict[int, str]:
    """What the list draws in the counts' place for each row on screen."""
    listing = app.main_screen.article_list
    column = app.main_screen.entity_counts
    rows = listing.rows
    return {rows[i].id: column.cell(rows[i], app.mode) for i in listing.visible_rows()}


def rendered(app: ReaderApp) -> str:
    listing = app.main_screen.article_list
    height = listing.scrollable_content_region.height
    return "\n".join(listing.render_line(y).text for y in range(height))


def test_counts_of_some_articles_are_those_of_the_whole_set(store: Path) -> None:
    db = open_database(store)
    try:
        whole = entity_store.entity_counts(db)
        ids = [row[0] for row in db.conn.execute("SELECT id FROM articles ORDER BY id")]
        assert entity_store.entity_counts_for(db, ids) == whole
        some = [*ids[::3], 10**9, ids[0]]
        assert entity_store.entity_counts_for(db, some) == {
            ident: counts for ident, counts in whole.items() if ident in some
        }
        assert entity_store.entity_counts_for(db, []) == {}
    finally:
        db.conn.close()
    assert len(set(whole.values())) > 3, "the corpus should give rows different counts"


def test_the_list_reads_the_counts_of_the_rows_it_shows(
    store: Path, many: tuple[Path, Path]
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        whole = entity_store.entity_counts(app.db)
        listing = app.main_screen.article_list
        column = await counts_read(pilot, app)
        cells = shown_cells(app)
        assert cells == {ident: expected_cell(whole, ident) for ident in cells}
        assert any(cells.values())
        text = rendered(app)
        assert all(cell in text for cell in cells.values())
        # only the page and a margin were read, not the whole list
        assert listing.rows[-1].id not in column.read
        assert len(column.read) < ARTICLES / 2

        listing.focus()
        listing.action_last()
        column = await counts_read(pilot, app)
        cells = shown_cells(app)
        assert listing.rows[-1].id in cells
        assert cells == {ident: expected_cell(whole, ident) for ident in cells}
        assert all(cell in rendered(app) for cell in cells.values())

    run_scenario(ReaderApp(store, many[1]), scenario, SIZE)


def test_the_counts_are_read_again_after_a_merge(store: Path, many: tuple[Path, Path]) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        await counts_read(pilot, app)
        before = shown_cells(app)
        # two entities one visible article mentions: merged, it counts one fewer
        ident = next(ident for ident, cell in before.items() if cell)
        source, target = entity_store.entities_for_article(app.db, ident)[:2]
        entity_store.merge(app.db, source.id, target.id)
        screen.entities_changed()
        await counts_read(pilot, app)
        whole = entity_store.entity_counts(app.db)
        after = shown_cells(app)
        assert after == {i: expected_cell(whole, i) for i in after}
        assert after[ident] != before[ident]
        assert whole[ident].entities == int(before[ident][1:].split()[0]) - 1

    run_scenario(ReaderApp(store, many[1]), scenario, SIZE)


def test_the_counts_are_read_again_after_analysis(store: Path, many: tuple[Path, Path]) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        await counts_read(pilot, app)
        first = app.summaries[0].id
        before = shown_cells(app)[first]
        assert before
        # the entities change behind the list's back (another process curating),
        # then an analysis run ends: what was read before is dropped
        db = open_database(store)
        try:
            (entity,) = entity_store.entities_for_article(db, first)[:1]
            entity_store.hide(db, entity.id)
        finally:
            db.conn.close()
        screen.start_entity_analysis()
        await counts_read(pilot, app)
        whole = entity_store.entity_counts(app.db)
        cells = shown_cells(app)
        assert cells == {i: expected_cell(whole, i) for i in cells}
        assert cells[first] != before

    run_scenario(ReaderApp(store, many[1]), scenario, SIZE)
