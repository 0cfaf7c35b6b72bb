"""The saved reading state: every display script round-trips, unknown ones fall back."""

from __future__ import annotations

import pytest

from reader.conversion import DisplayScript
from reader.tui.state import VERSION, ArticlePlace, PaneState, ReadingState


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


def test_pane_cursors_and_article_places_round_trip_and_bad_ones_are_dropped() -> None:
    place = ArticlePlace(version_id=7, offset=40, cursor=52)
    state = ReadingState(
        panes=(PaneState(3, 120, DisplayScript.ORIGINAL, cursor=130),),
        places=((5, place),),
    )
    assert ReadingState.from_json(state.as_json()) == state
    value = state.as_json()
    value["places"].append({"article_id": "x", "version_id": 1, "offset": 0, "cursor": 0})
    value["places"].append({"article_id": 6})
    value["panes"][0]["cursor"] = "far"
    parsed = ReadingState.from_json(value)
    assert parsed.places == ((5, place),)
    assert parsed.panes[0].cursor is None
