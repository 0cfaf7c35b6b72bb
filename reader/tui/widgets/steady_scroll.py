"""Line API views that keep still when the screen is laid out around them.

Textual (pinned at 8.2.8) tells every widget its geometry after each layout of the
screen (``Widget._size_updated``). A :class:`~textual.scroll_view.ScrollView`
compares the virtual size the compositor gives it (its own region: a Line API
widget has no children to measure) with the one it keeps itself (its rows), which
always differ, so it updates and repaints its scrollbar on every layout of the
screen, whatever moved: opening the entity panel repainted the article list's
scrollbar (36 rows) although the list stayed where it was, twice (once per layout).
:class:`SteadyScrollView` skips that update when nothing it depends on changed
since the last one: its size, its own virtual size and its gutter.

A view whose content depends on its width (the reading view wraps its text) also
learns its new size only from a ``Resize`` message handled after the frame is
painted, so that frame shows the old lines cut to the new width and a second layout
and paint follow. :meth:`SteadyScrollView.size_changed_in_layout` is called in the
layout itself, before the paint, for such a view to redo its content then, and
:meth:`SteadyScrollView.set_virtual_size_in_layout` sets the virtual size it
arrives at the way Textual's own ``_size_updated`` does (no second layout unless
the scrollbar appears or goes).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


class SteadyScrollView(ScrollView):
    """A ScrollView whose scrollbar is repainted only when its geometry changed."""

    _sized_for: tuple[Size, Size, Size, object] | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        key = (size, self.virtual_size, container_size, self.styles.gutter)
        if key == self._sized_for:
            return False
        resized = super()._size_updated(size, virtual_size, container_size, layout)
        self.size_changed_in_layout()
        # What size_changed_in_layout did to the virtual size is part of the key.
        self._sized_for = (size, self.virtual_size, container_size, self.styles.gutter)
        return resized

    def size_changed_in_layout(self) -> None:
        """The view's size or virtual size changed in the layout now being made, before
        the frame is painted (override to redo what depends on the size)."""

    def set_virtual_size_in_layout(self, size: Size) -> None:
        """Set the virtual size from :meth:`size_changed_in_layout` (or whenever the
        size is already laid out): the scrollbar is updated now, and the screen laid
        out again only if the scrollbar is shown or hidden by it."""
        if size == self.virtual_size:
            return
        self.set_reactive(Widget.virtual_size, size)
        self._scroll_update(size)
        self.refresh()
