"""The reading state kept between runs: which articles are open, where, in which script.

Positions are original-text offsets, never line numbers, so they survive a different
terminal width and a script toggle. Besides the open panes, the place the user left
in each recently read article is kept, so reopening it goes back there. The state is
one JSON value under the ``reading_state`` setting; anything unreadable in it is
dropped, never fatal.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reader.conversion import DisplayScript

SETTING_KEY = "reading_state"
VERSION = 1
#: The most article places kept (the most recently left first to go).
MAX_PLACES = 500


@dataclass(frozen=True)
class PaneState:
    article_id: int
    offset: int
    mode: DisplayScript
    cursor: int | None = None  # None: at ``offset`` (saved before the cursor was)


@dataclass(frozen=True)
class ArticlePlace:
    """Where the user was in one article: the original offsets at the top of the view
    and under the cursor, in one version of its text (another version's offsets
    would point at other words)."""

    version_id: int
    offset: int
    cursor: int


@dataclass(frozen=True)
class ReadingState:
    mode: DisplayScript = DisplayScript.ORIGINAL
    panes: tuple[PaneState, ...] = ()
    focused: int | None = None  # index into panes; None: the list
    selected: int | None = None  # article id under the list cursor
    #: Where the user left articles no pane shows now, oldest first.
    places: tuple[tuple[int, ArticlePlace], ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "version": VERSION,
            "mode": self.mode.value,
            "panes": [
                {
                    "article_id": p.article_id,
                    "offset": p.offset,
                    "mode": p.mode.value,
                    "cursor": p.cursor,
                }
                for p in self.panes
            ],
            "focused": self.focused,
            "selected": self.selected,
            "places": [
                {
                    "article_id": ident,
                    "version_id": place.version_id,
                    "offset": place.offset,
                    "cursor": place.cursor,
                }
                for ident, place in self.places[-MAX_PLACES:]
            ],
        }

    @classmethod
    def from_json(cls, value: object) -> ReadingState:
        """Parse a stored value; whatever does not parse is left out."""
        if not isinstance(value, dict) or value.get("version") != VERSION:
            return cls()
        panes = []
        for item in value.get("panes") or []:
            try:
                panes.append(
                    PaneState(
                        article_id=int(item["article_id"]),
                        offset=max(0, int(item.get("offset", 0))),
                        mode=_mode(item.get("mode")),
                        cursor=_offset(item.get("cursor")),
                    )
                )
            except (KeyError, TypeError, ValueError):
                continue
        places = []
        for item in value.get("places") or []:
            try:
                place = ArticlePlace(
                    version_id=int(item["version_id"]),
                    offset=max(0, int(item["offset"])),
                    cursor=max(0, int(item["cursor"])),
                )
                places.append((int(item["article_id"]), place))
            except (KeyError, TypeError, ValueError):
                continue
        focused = value.get("focused")
        selected = value.get("selected")
        return cls(
            mode=_mode(value.get("mode")),
            panes=tuple(panes[:2]),
            focused=focused if isinstance(focused, int) and 0 <= focused < len(panes) else None,
            selected=selected if isinstance(selected, int) else None,
            places=tuple(places[-MAX_PLACES:]),
        )


def _offset(value: object) -> int | None:
    """A saved offset, or None if there is none (or it is not one)."""
    return max(0, value) if isinstance(value, int) and not isinstance(value, bool) else None


def _mode(value: object) -> DisplayScript:
    """A saved display script; one this version does not know (saved by a newer or
    older version) is shown as the original rather than dropping what holds it."""
    try:
        return DisplayScript(value)
    except (ValueError, TypeError):
        return DisplayScript.ORIGINAL
