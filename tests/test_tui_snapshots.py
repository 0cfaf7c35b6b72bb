"""Snapshots of the main states, driven by the same scenarios as ``reader screenshots``.

Update after an intended change of the interface with
``pytest -p no:xdist tests/test_tui_snapshots.py --snapshot-update`` and look at the
report before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from reader.tui.screenshots import SCENARIOS, SIZE, build_database, fresh_app

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(tmp_path_factory.mktemp("snapshots") / "snapshots.db", CORPUS)


@pytest.mark.parametrize(
    "name", ["list_and_reader", "side_by_side", "script_toggled", "search", "help"]
)
def test_main_states(name: str, library: Path, snap_compare) -> None:
    app = fresh_app(library, CORPUS)

    async def run_before(pilot: Pilot) -> None:
        await SCENARIOS[name](pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        app.store.close()


def test_annotations_highlights_and_panel(tmp_path: Path, snap_compare) -> None:
    """Highlights (two overlapping), the cursor and the panel; its own database, since
    the scenario adds annotations that would show in the other states' lists."""
    app = fresh_app(build_database(tmp_path / "annotations.db", CORPUS), CORPUS)

    async def run_before(pilot: Pilot) -> None:
        await SCENARIOS["annotations"](pilot)

    try:
        assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
    finally:
        app.store.close()


@pytest.mark.parametrize("name", ["lookup", "citation"])
def test_lookup_and_citation_at_80x24(name: str, tmp_path: Path, snap_compare) -> None:
    """The look-up panel fits 80×24 whole; the citation toast shows what was copied.
    Own databases: analysis and annotations would show in the other states' lists."""
    app = fresh_app(build_database(tmp_path / f"{name}.db", CORPUS), CORPUS)

    async def run_before(pilot: Pilot) -> None:
        await SCENARIOS[name](pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.store.close()
