"""A scrolling container that says when there is more below.

On a small terminal a dialog or the help may not fit; a scrollbar alone is easy to
miss (and Textual draws none when the scrollbar is narrow), so the container's bottom
border carries a hint while anything is out of view below it.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widget import Widget


class HintedScroll(VerticalScroll):
    """A :class:`VerticalScroll` whose bottom border says ``↓ more`` (and how to get
    there) while content is below the visible part.

    It never takes the focus itself: in a dialog the first field must get it (enter
    in the review filters starts the session), and focus moving from field to field
    scrolls each into view; screens scroll it with their own keys."""

    can_focus = False

    def __init__(self, *children: Widget, hint: str = "↓ more", **kwargs: Any) -> None:
        super().__init__(*children, **kwargs)
        self._hint = hint

    @property
    def more_below(self) -> bool:
        return round(self.scroll_y) < self.max_scroll_y

    def update_hint(self) -> None:
        hint = Content(self._hint) if self.more_below else None
        if str(self.border_subtitle or "") != str(hint or ""):
            self.border_subtitle = hint

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self.update_hint()

    def on_resize(self, event: events.Resize) -> None:
        self.update_hint()
