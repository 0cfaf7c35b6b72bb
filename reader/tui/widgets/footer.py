"""The footer, with the keys a new user needs first.

Textual's footer lists the focused widget's keys first and the app's last, so on an
80-column terminal ``? keys`` and ``q quit`` fell off the right edge. This footer
puts them first; whatever is cut off at narrow widths is still listed in help.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Actions shown first, in this order.
FIRST = ("help", "quit")


class ReaderFooter(Footer):
    """A :class:`Footer` that shows :data:`FIRST` before every other key."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())

        def rank(widget: object) -> int:
            if isinstance(widget, FooterKey) and widget.action in FIRST:
                return FIRST.index(widget.action)
            return len(FIRST)

        yield from sorted(widgets, key=rank)  # stable: the rest keep their order
