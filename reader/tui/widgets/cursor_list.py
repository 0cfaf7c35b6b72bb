"""A list of one-line rows drawn with the Line API, with a cursor that skips headings.

The entity panel, the concordance and the entity browser all show rows of text with
columns that must line up in cells (Han characters take two), a cursor, and headings
the cursor passes over (the concordance's article titles). Drawing rows on demand,
like :class:`~reader.tui.widgets.article_list.ArticleList`, keeps a list of fifty
thousand entities as cheap to show as one of five. Subclasses say how many rows there
are, which are headings, and how to draw one row; this class owns scrolling, the
cursor, the strip cache and the messages.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.tui.widgets.steady_scroll import SteadyScrollView


class CursorList(SteadyScrollView, can_focus=True):
    """Rows ``0..row_count-1``; the cursor is on a non-heading row, or ``None``."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "cursor-list--cursor",
        "cursor-list--heading",
        "cursor-list--muted",
    }

    DEFAULT_CSS = """
    CursorList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .cursor-list--cursor { background: $foreground 10%; }
        &:focus > .cursor-list--cursor { background: $accent 30%; }
        & > .cursor-list--heading { text-style: bold; }
        & > .cursor-list--muted { color: $text-muted; }
    }
    """

    class Highlighted(Message):
        """The cursor moved to another row (or to none)."""

        def __init__(self, cursor_list: CursorList, index: int | None) -> None:
            super().__init__()
            self.cursor_list = cursor_list
            self.index = index

        @property
        def control(self) -> CursorList:
            return self.cursor_list

    class NearEnd(Message):
        """The cursor came near the last row while :attr:`more` rows can be had: the
        owner reads the next page and adds it with :meth:`extend_rows`."""

        def __init__(self, cursor_list: CursorList) -> None:
            super().__init__()
            self.cursor_list = cursor_list

        @property
        def control(self) -> CursorList:
            return self.cursor_list

    class Selected(Message):
        """Enter, or a double click, on the cursor's row."""

        def __init__(self, cursor_list: CursorList, index: int) -> None:
            super().__init__()
            self.cursor_list = cursor_list
            self.index = index

        @property
        def control(self) -> CursorList:
            return self.cursor_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._count = 0
        self._selectable: Sequence[int] = range(0)
        self._cursor: int | None = None
        self._cache: LRUCache[int, Strip] = LRUCache(512)
        #: Whether rows past the last can be had (set by the owner, who pages them in
        #: on :class:`NearEnd`); asked once per batch of rows.
        self.more = False
        self._asked = False

    # -- what subclasses provide -----------------------------------------------------

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        """The segments of row ``index`` (cut to ``width`` cells here)."""
        raise NotImplementedError

    # -- rows and cursor ---------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return self._count

    @property
    def cursor(self) -> int | None:
        return self._cursor

    def set_rows(self, count: int, headings: Sequence[int] = (), cursor: int | None = 0) -> None:
        """Show ``count`` rows, of which ``headings`` (sorted) are headings, with the
        cursor on the first selectable row at or after ``cursor`` (None: no cursor).

        No :class:`Highlighted` is posted: the messages report the user's moves (a
        concordance must not scroll a pane away because it was filled); whoever
        sets the rows knows where the cursor is."""
        self._count = count
        skip = set(headings)
        self._selectable = [i for i in range(count) if i not in skip] if skip else range(count)
        self._asked = False
        self._cache.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, count)
        self._cursor = self._nearest(cursor, backwards=False)
        self.scroll_to(y=0, animate=False, force=True)
        if self._cursor is not None:
            self._scroll_to_row(self._cursor)
        self.refresh()

    def extend_rows(self, count: int, headings: Sequence[int] = ()) -> None:
        """Add ``count`` rows after the last (``headings`` numbered from the first new
        row); the cursor and the scroll position stay where they are."""
        start = self._count
        self._count += count
        skip = {start + heading for heading in headings}
        if isinstance(self._selectable, range) and not skip:
            self._selectable = range(self._count)
        else:
            added = [i for i in range(start, self._count) if i not in skip]
            self._selectable = [*self._selectable, *added]
        self._asked = False
        self.virtual_size = Size(self.scrollable_content_region.width, self._count)
        if self._cursor is None:
            self._cursor = self._nearest(start, backwards=False)
        self.refresh()

    def redraw(self) -> None:
        """Draw every row again (the data behind them changed, not their number)."""
        self._cache.clear()
        self.refresh()

    def move_cursor(self, index: int | None, *, backwards: bool = False) -> None:
        """Put the cursor on the selectable row nearest ``index`` (the next one, or
        the previous one when moving ``backwards``) and keep it in view."""
        target = self._nearest(index, backwards=backwards)
        if target != self._cursor:
            old = self._cursor
            self._cursor = target
            for row in (old, target):
                if row is not None:
                    self._cache.discard(row)
                    # Those two rows only: a refresh of the whole list drew every
                    # visible row again (Textual's per-row work, though ours is cached);
                    # a move that scrolls repaints the whole list anyway.
                    self.refresh_lines(row)
            self.post_message(self.Highlighted(self, target))
        if target is not None:
            self._scroll_to_row(target)
            if self.more and not self._asked and target >= self._count - 2 * self._page():
                self._asked = True
                self.post_message(self.NearEnd(self))

    def _nearest(self, index: int | None, *, backwards: bool) -> int | None:
        rows = self._selectable
        if index is None or not rows:
            return None
        if backwards:
            return rows[max(bisect.bisect_right(rows, index) - 1, 0)]
        return rows[min(bisect.bisect_left(rows, index), len(rows) - 1)]

    def _scroll_to_row(self, row: int) -> None:
        height = self.scrollable_content_region.height
        top = round(self.scroll_y)
        if row < top or not height:
            # Show the heading just above a first row too.
            self.scroll_to(y=max(0, row - 1), animate=False, force=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, force=True)

    def _step(self, step: int) -> None:
        if self._cursor is None:
            self.move_cursor(0)
        else:
            self.move_cursor(self._cursor + step, backwards=step < 0)

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    # -- actions (bound by subclasses through reader.tui.bindings) ---------------------

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def action_page_down(self) -> None:
        self._step(self._page())

    def action_page_up(self) -> None:
        self._step(-self._page())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        """The last row; when more can be had, the last row read so far (and the next
        page is asked for, so pressing it again goes further)."""
        self.move_cursor(self._count - 1, backwards=True)

    def action_select(self) -> None:
        if self._cursor is not None:
            self.post_message(self.Selected(self, self._cursor))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = round(self.scroll_y) + offset.y
        if 0 <= row < self._count:
            self.move_cursor(row)
            if event.chain >= 2 and self._cursor == row:
                self.action_select()

    # -- drawing -----------------------------------------------------------------------

    def size_changed_in_layout(self) -> None:
        # In the layout, not on Resize (a second layout and paint: see
        # reader.tui.widgets.steady_scroll). The rows cached stay: a row of another
        # width is drawn again when asked for (render_line checks its width).
        width = self.scrollable_content_region.width
        self.set_virtual_size_in_layout(Size(width, self._count))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index >= self._count:
            return Strip.blank(width, self.rich_style)
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            # Asked for only here: the widget's style walks every ancestor (~20 µs).
            base = self.rich_style
            if index == self._cursor:
                base = self.get_component_rich_style("cursor-list--cursor")
            strip = Strip(self.render_row(index, width, base)).crop_extend(0, width, base)
            self._cache[index] = strip
        return strip
