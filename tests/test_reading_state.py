"""The saved reading state: every display script round-trips, unknown ones fall back."""

from __future__ import annotations

import pytest

from reader.conversion import DisplayScript
from reader.tui.state import VERSION, PaneState, ReadingState


@pytest.mark.parametrize("mode", list(DisplayScript))
def test_every_display_script_is_saved_and_restored(mode: DisplayScript) -> None:
    state = ReadingState(mode=mode, panes=(PaneState(3, 120, mode), PaneState(4, 0, mode)))
    assert ReadingState.from_json(state.as_json()) == state


@pytest.mark.parametrize("saved", ["klingon", None, 7, ["taiwan"], {"x": 1}])
def test_an_unknown_saved_script_shows_the_original_and_keeps_the_pane(saved: object) -> None:
    """A state written by another version may name a script this one lacks."""
    value = {
        "version": VERSION,
        "mode": saved,
        "panes": [
            {"article_id": 3, "offset": 120, "mode": saved},
            {"article_id": 4, "offset": 9, "mode": "hongkong"},
        ],
        "focused": 1,
    }
    state = ReadingState.from_json(value)
    assert state.mode is DisplayScript.ORIGINAL
    assert state.panes == (
        PaneState(3, 120, DisplayScript.ORIGINAL),
        PaneState(4, 9, DisplayScript.HONG_KONG),
    )
    assert state.focused == 1
