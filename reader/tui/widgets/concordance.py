"""The concordance: every mention of one entity, in context, grouped by article.

A keyword-in-context list: the mentions line up in one column with the text before
them to the left and after them to the right, so the ways outlets write about the
same actor can be read down the page. Each article is a heading (its title in the
display script, how many mentions are listed); the cursor moves over the mentions
only. Lines are quoted from the original text by the store and converted to the
display script here, as one string, with the keyword's range mapped through the
conversion's :class:`~reader.conversion.OffsetMap` (a conversion may change lengths).

The widget draws rows on demand, so a popular entity's thousand lines cost what the
visible ones cost, and holds a page at a time: when the cursor nears the end it asks
for more (:class:`~reader.tui.widgets.cursor_list.CursorList.NearEnd`) and the main
screen adds the next page (:meth:`Concordance.extend`). What happens on Enter is the
main screen's business too (it gets a :class:`Concordance.OpenRequested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.message import Message

from reader.conversion import DisplayScript, for_display
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import printable
from reader.tui.widgets.cursor_list import CursorList
from reader.tui.wrap import fit, text_cells

if TYPE_CHECKING:
    from reader.store.entities import ConcordanceGroup, ConcordanceLine

#: Cells before each line, under its heading.
INDENT = 3
#: Where the keyword column starts, as a share of the width left after the indent.
KEYWORD_AT = 0.4


@dataclass(frozen=True)
class _Row:
    group: ConcordanceGroup
    line: ConcordanceLine | None  # None: the group's heading


def converted_line(line: ConcordanceLine, mode: DisplayScript) -> tuple[str, str, str]:
    """(left, keyword, right) in ``mode``: converted as one string, so a phrase that
    straddles the keyword converts as it does in the article, then cut again where
    the keyword's range maps to; made printable."""
    whole = line.left + line.keyword + line.right
    if mode is DisplayScript.ORIGINAL:
        text, start, end = whole, len(line.left), len(line.left) + len(line.keyword)
    else:
        converted = for_display(whole, mode)
        text = converted.text
        start, end = converted.offsets.range_to_target(
            len(line.left), len(line.left) + len(line.keyword)
        )
    text = printable(text)
    return text[:start], text[start:end], text[end:]


def tail(text: str, cells: int) -> str:
    """The end of ``text`` that fits in ``cells``, right-aligned (padded on the left)."""
    used = 0
    start = len(text)
    while start > 0:
        width = text_cells(text[start - 1])
        if used + width > cells:
            break
        used += width
        start -= 1
    return " " * (cells - used) + text[start:]


class Concordance(CursorList):
    """Mentions of one entity grouped by article; keys are the ``concordance`` scope."""

    BINDINGS = bindings_for("concordance")

    COMPONENT_CLASSES: ClassVar[set[str]] = {"concordance--keyword", "concordance--open"}

    DEFAULT_CSS = """
    Concordance {
        display: none;
        height: 12;
        border: round $foreground 30%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        padding: 0 1;
        &:focus { border: round $accent; }
        & > .concordance--keyword { text-style: bold; color: $text-accent; }
        & > .concordance--open { color: $accent; }
    }
    """

    class OpenRequested(Message):
        """Enter on a mention: show it (the main screen decides in which pane)."""

        def __init__(self, article_id: int, line: ConcordanceLine) -> None:
            super().__init__()
            self.article_id = article_id
            self.line = line

    class MentionHighlighted(Message):
        """The cursor is on a mention: a pane showing its article may follow it."""

        def __init__(self, article_id: int, line: ConcordanceLine) -> None:
            super().__init__()
            self.article_id = article_id
            self.line = line

    class CloseRequested(Message):
        """Escape: hide the concordance."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._rows: list[_Row] = []
        self._mode = DisplayScript.ORIGINAL
        self._open: frozenset[int] = frozenset()
        self._titles: dict[tuple[str, DisplayScript], str] = {}
        self.entity_id: int | None = None

    @property
    def mode(self) -> DisplayScript:
        return self._mode

    def show(
        self,
        entity_id: int,
        title: Content,
        groups: Sequence[ConcordanceGroup],
        mode: DisplayScript,
        open_ids: frozenset[int],
        subtitle: str = "",
    ) -> None:
        """List ``groups`` (the first group's first line gets the cursor) under
        ``title``; ``open_ids`` are the articles open in a pane (marked)."""
        self.entity_id = entity_id
        self._mode = mode
        self._open = open_ids
        self._rows = []
        headings = []
        for group in groups:
            headings.append(len(self._rows))
            self._rows.append(_Row(group, None))
            self._rows.extend(_Row(group, line) for line in group.lines)
        self.border_title = title
        self.border_subtitle = Content(subtitle)
        self.set_rows(len(self._rows), headings)

    def extend(self, groups: Sequence[ConcordanceGroup], subtitle: str = "") -> None:
        """Add the next page of ``groups`` after the rows shown; a group that goes on
        with the last article shown adds its lines to that article."""
        added: list[_Row] = []
        headings = []
        for group in groups:
            last = self._rows[-1].group if self._rows else None
            if not added and last is not None and last.article_id == group.article_id:
                last.lines.extend(group.lines)
                added.extend(_Row(last, line) for line in group.lines)
                continue
            headings.append(len(added))
            added.append(_Row(group, None))
            added.extend(_Row(group, line) for line in group.lines)
        self._rows.extend(added)
        if subtitle:
            self.border_subtitle = Content(subtitle)
        self.extend_rows(len(added), headings)
        self.redraw()  # a heading above may count more lines now

    def set_view(self, mode: DisplayScript, open_ids: frozenset[int]) -> None:
        """Redraw in another script, or with other articles marked as open."""
        if mode is not self._mode or open_ids != self._open:
            self._mode = mode
            self._open = open_ids
            self.redraw()

    @property
    def mention_count(self) -> int:
        """Mentions listed (rows that are not headings)."""
        return sum(1 for row in self._rows if row.line is not None)

    def row(self, index: int) -> tuple[int, ConcordanceLine | None]:
        """(article id, line) of row ``index``; the line is None on a heading."""
        entry = self._rows[index]
        return entry.group.article_id, entry.line

    def _title(self, title: str) -> str:
        key = (title, self._mode)
        if key not in self._titles:
            self._titles[key] = printable(for_display(title, self._mode).text)
        return self._titles[key]

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        entry = self._rows[index]
        if entry.line is None:
            group = entry.group
            is_open = group.article_id in self._open
            mark = self.get_component_rich_style("concordance--open") if is_open else base
            count = f"  {len(group.lines)}×"
            heading = base + self.get_component_rich_style("cursor-list--heading", partial=True)
            return [
                Segment("▍ " if is_open else "  ", base + Style(color=mark.color)),
                Segment(fit(self._title(group.title), width - 2 - len(count)), heading),
                Segment(count, base + self.get_component_rich_style("cursor-list--muted")),
            ]
        left, keyword, right = converted_line(entry.line, self._mode)
        room = width - INDENT
        column = round(room * KEYWORD_AT)
        keyword_cells = min(text_cells(keyword), max(room - column, 0))
        keyword_style = base + self.get_component_rich_style("concordance--keyword", partial=True)
        return [
            Segment(" " * INDENT, base),
            Segment(tail(left, column), base),
            Segment(fit(keyword, keyword_cells), keyword_style),
            Segment(fit(right, max(room - column - keyword_cells, 0)), base),
        ]

    def on_cursor_list_highlighted(self, event: CursorList.Highlighted) -> None:
        if event.cursor_list is self and event.index is not None:
            article_id, line = self.row(event.index)
            if line is not None:
                self.post_message(self.MentionHighlighted(article_id, line))

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        if event.cursor_list is self:
            event.stop()
            article_id, line = self.row(event.index)
            if line is not None:
                self.post_message(self.OpenRequested(article_id, line))

    def action_close(self) -> None:
        self.post_message(self.CloseRequested())
