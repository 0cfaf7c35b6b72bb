"""The article list: one row per article, a cursor, Enter to open.

A Line API widget rather than a DataTable: rows are drawn only when visible, so a
store of ten thousand articles costs nothing at start-up, and titles are converted
to the display script lazily, row by row, when the script is toggled.

Columns are data (:class:`Column`), so later features add their own (annotation or
entity counts) with :meth:`ArticleList.set_columns` without touching the drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip

from reader.conversion import DisplayScript, for_display
from reader.models import ArticleSummary
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import printable
from reader.tui.widgets.steady_scroll import SteadyScrollView
from reader.tui.wrap import fit


@dataclass(frozen=True)
class Column:
    """A field of a row's second line: ``cell`` gives the plain text for a row in a
    display script (it is made printable and cut to ``width`` here). ``optional``
    fields are dropped, last first, when the list is too narrow for all of them."""

    key: str
    width: int
    cell: Callable[[ArticleSummary, DisplayScript], str]
    align: Literal["left", "right"] = "left"
    optional: bool = False


def _source(summary: ArticleSummary, mode: DisplayScript) -> str:
    return summary.source or "–"


def _date(summary: ArticleSummary, mode: DisplayScript) -> str:
    return (summary.date or "")[:10]


def _size(summary: ArticleSummary, mode: DisplayScript) -> str:
    return f"{summary.chars:,}字" if summary.chars < 10_000 else f"{summary.chars // 1000:,}k字"


DEFAULT_COLUMNS: tuple[Column, ...] = (
    Column("source", 14, _source),
    Column("date", 10, _date),
    Column("chars", 7, _size, align="right", optional=True),
)

#: Rows are two lines: badge and title, then the columns (outlet, date, ...).
ROW_HEIGHT = 2
INDENT = 5


class ArticleList(SteadyScrollView, can_focus=True):
    """The articles in the store, newest first, with a cursor."""

    BINDINGS = bindings_for("list")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--badge",
        "article-list--meta",
        "article-list--cursor",
        "article-list--open",
        "article-list--missing",
        "article-list--unread",
    }

    DEFAULT_CSS = """
    ArticleList {
        overflow-x: hidden;
        overflow-y: auto;
        & > .article-list--badge { color: $accent; }
        & > .article-list--meta { color: $text-muted; }
        & > .article-list--cursor { background: $foreground 10%; }
        &:focus > .article-list--cursor { background: $accent 30%; }
        & > .article-list--open { color: $accent; }
        & > .article-list--missing { color: $text-disabled; }
        & > .article-list--unread { color: $accent; text-style: bold; }
    }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class OpenRequested(Message):
        """Enter (or a double click) on a row; the screen decides where it opens."""

        def __init__(self, summary: ArticleSummary, beside: bool) -> None:
            super().__init__()
            self.summary = summary
            self.beside = beside

    class ToggleReadRequested(Message):
        """``m`` on a row: the screen marks the article read or unread."""

        def __init__(self, summary: ArticleSummary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[ArticleSummary] = []
        self._total = 0
        self._columns: tuple[Column, ...] = DEFAULT_COLUMNS
        self._mode = DisplayScript.ORIGINAL
        self._open: frozenset[int] = frozenset()
        self._titles: LRUCache[tuple[str, DisplayScript], str] = LRUCache(4096)

    @property
    def rows(self) -> Sequence[ArticleSummary]:
        return self._rows

    @property
    def selected(self) -> ArticleSummary | None:
        return self._rows[self.cursor] if self._rows else None

    def set_articles(self, rows: Sequence[ArticleSummary], total: int | None = None) -> None:
        """Replace the rows, keeping the cursor on the same article if it is still there.
        ``total`` is how many articles there are when ``rows`` are only the first."""
        selected = self.selected
        self._rows = list(rows)
        self._total = len(self._rows) if total is None else total
        self._update_virtual_size()
        self.border_title = Content(f"Articles · {self._total}")
        ids = [row.id for row in self._rows]
        self.cursor = ids.index(selected.id) if selected and selected.id in ids else 0

    @property
    def total(self) -> int:
        """How many articles there are (the rows may be only the first of them)."""
        return self._total

    def select_id(self, article_id: int) -> bool:
        """Put the cursor on the article; False if it is not listed."""
        for index, row in enumerate(self._rows):
            if row.id == article_id:
                self.cursor = index
                return True
        return False

    @property
    def columns(self) -> tuple[Column, ...]:
        """The fields shown now: add to them rather than replace another feature's."""
        return self._columns

    def set_columns(self, columns: Sequence[Column]) -> None:
        """Replace the fields of the second line (later features add counts here)."""
        self._columns = tuple(columns)
        self.refresh()

    def shows_column(self, key: str) -> bool:
        """Whether the field ``key`` is drawn now (an optional one may not fit)."""
        width = self.scrollable_content_region.width
        return any(c.key == key for c in self._visible_columns(width))

    def set_mode(self, mode: DisplayScript) -> None:
        """Show titles in ``mode`` (converted when drawn)."""
        self._mode = mode
        self.refresh()

    def set_open(self, article_ids: frozenset[int]) -> None:
        """Mark the rows of the articles open in a pane."""
        self._open = article_ids
        self.refresh()

    def set_read(self, article_ids: frozenset[int], read: bool) -> None:
        """Show these articles read or unread (the rows not listed are left alone)."""
        self._rows = [
            replace(row, read=read) if row.id in article_ids and row.read != read else row
            for row in self._rows
        ]
        self.refresh()

    def visible_rows(self, margin: int = 0) -> range:
        """The indices of the rows on screen, with ``margin`` rows either side (the
        rows a column that reads its data lazily should have ready)."""
        top, height = self.scroll_offset.y, self.scrollable_content_region.height
        first = top // ROW_HEIGHT
        end = (top + height - 1) // ROW_HEIGHT + 1 if height > 0 else first
        return range(max(0, first - margin), min(len(self._rows), end + margin))

    # -- cursor --------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1))

    def watch_cursor(self) -> None:
        top = self.cursor * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_offset.y:
            self.scroll_to(y=top, animate=False)
        elif height and top + ROW_HEIGHT > self.scroll_offset.y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)
        self.refresh()

    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT - 1)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self._page()

    def action_page_up(self) -> None:
        self.cursor -= self._page()

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._rows) - 1

    def action_open(self) -> None:
        if self.selected is not None:
            self.post_message(self.OpenRequested(self.selected, beside=False))

    def action_toggle_read(self) -> None:
        if self.selected is not None:
            self.post_message(self.ToggleReadRequested(self.selected))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = (self.scroll_offset.y + offset.y) // ROW_HEIGHT
        if 0 <= row < len(self._rows):
            self.cursor = row
            if event.chain >= 2:
                self.action_open()

    def size_changed_in_layout(self) -> None:
        # In the layout, not on Resize: a Resize after the frame asked for a second
        # layout and a repaint of every row (see reader.tui.widgets.steady_scroll).
        width = self.scrollable_content_region.width
        self.set_virtual_size_in_layout(Size(width, len(self._rows) * ROW_HEIGHT))

    def _update_virtual_size(self) -> None:
        width = self.scrollable_content_region.width
        self.virtual_size = Size(width, len(self._rows) * ROW_HEIGHT)
        self.refresh()

    # -- drawing -------------------------------------------------------------------

    def _visible_columns(self, width: int) -> list[Column]:
        """The fields that fit in ``width`` cells after the indent."""
        columns = list(self._columns)
        while sum(c.width + 2 for c in columns) > width - INDENT:
            optional = [c for c in columns if c.optional]
            if not optional:
                break
            columns.remove(optional[-1])
        return columns

    def _title(self, title: str) -> str:
        if self._mode is DisplayScript.ORIGINAL:
            return title
        key = (title, self._mode)
        converted = self._titles.get(key)
        if converted is None:
            converted = for_display(title, self._mode).text
            self._titles[key] = converted
        return converted

    def _color(self, component: str) -> Style:
        """Only the text colour of a component: the row decides the background."""
        return Style(color=self.get_component_rich_style(component).color)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, line = divmod(self.scroll_offset.y + y, ROW_HEIGHT)
        base = self.rich_style
        if row >= len(self._rows):
            return Strip.blank(width, base)
        summary = self._rows[row]
        if row == self.cursor:
            base = self.get_component_rich_style("article-list--cursor")
        if summary.missing:
            base = base + self._color("article-list--missing")
        marker = Segment(
            "▍" if summary.id in self._open else " ", base + self._color("article-list--open")
        )
        if line == 0:
            badge_style = base if summary.missing else base + self._color("article-list--badge")
            title_style = base
            if not summary.read:
                unread = self.get_component_rich_style("article-list--unread")
                title_style = base + Style(bold=unread.bold)
            segments = [
                marker,
                Segment(" " if summary.read else "•", base + self._color("article-list--unread")),
                Segment(f"{summary.script.badge} ", badge_style),
                Segment(
                    fit(printable(self._title(summary.title)), width - INDENT - 1), title_style
                ),
            ]
        else:
            meta = base if summary.missing else base + self._color("article-list--meta")
            segments = [marker, Segment(" " * (INDENT - 1), base)]
            for column in self._visible_columns(width):
                text = printable(column.cell(summary, self._mode))
                segments.append(Segment(fit(text, column.width, column.align) + "  ", meta))
            if summary.missing:
                segments.append(Segment("missing", meta))
        return Strip(segments).crop_extend(0, width, base)
