"""The reading view: one article, laid out for reading, scrolling on its own.

A Line API widget (like Textualize's toolong): the text is wrapped once per width or
script change (:mod:`reader.tui.wrap`, fast enough for a million characters) and
each visible line is rendered on demand into a cached :class:`~textual.strip.Strip`.
Nothing here holds a widget per paragraph, so opening and scrolling a huge article
costs the same as a short one.

Offsets. Everything the rest of the reader stores (annotations, entity mentions,
search hits, reading positions) is an offset in the article's *original* clean text.
What is shown is the *display* text (converted to 简体/繁體 or not); the view keeps the
:class:`~reader.conversion.OffsetMap` between the two and speaks original offsets in
its public API. Each visual line knows its ``(start, end)`` in the display text
(:attr:`ArticleView.layout`), which is what maps a screen cell to a character.

The API later features build on:

- :meth:`load`, :meth:`set_mode`: what to show and in which script.
- :meth:`set_highlights` / :meth:`clear_highlights`: named layers of original-offset
  spans, drawn in every script mode, higher ``priority`` on top.
- :meth:`scroll_to_offset`, :meth:`top_offset`: positions that survive width and
  script changes.
- :meth:`line_for_offset` (a virtual row: subtract ``scroll_y`` for the screen),
  :meth:`offset_at` (viewport cell → original offset): for cursors and the mouse.
- :attr:`offsets`, :attr:`display_text`, :attr:`layout`: the current mode's map,
  shown text and visual lines, for features that work on display ranges.
- :class:`TopChanged`: posted when the first visible line or the layout changes.
- :class:`Jumped`: posted when the user goes to the top or the end of the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip

from reader.conversion import DisplayScript, OffsetMap, for_display
from reader.models import Article
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import printable
from reader.tui.widgets.highlight_layers import (
    HighlightLayer,
    HighlightStyle,
    Mark,
    changed_spans,
    marked_segments,
)
from reader.tui.widgets.steady_scroll import SteadyScrollView
from reader.tui.wrap import HANG, Layout, fit, same_layout, text_cells, wrap


@dataclass(frozen=True)
class _HeaderLine:
    text: str
    component: str


class ArticleView(SteadyScrollView, can_focus=True):
    """Shows one article's header and body; see the module docstring for the API."""

    BINDINGS = bindings_for("view")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-view--title",
        "article-view--meta",
        "article-view--url",
        "article-view--rule",
        "article-view--find",
        "article-view--find-current",
        "article-view--selection",
        "article-view--cursor",
        "article-view--cursor-idle",
    }

    DEFAULT_CSS = """
    ArticleView {
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        padding: 0 1;
        & > .article-view--title { text-style: bold; }
        & > .article-view--meta { color: $text-muted; }
        & > .article-view--url { color: $text-muted; text-style: italic; }
        & > .article-view--rule { color: $foreground 20%; }
        & > .article-view--find { background: $warning 35%; }
        & > .article-view--find-current { background: $warning; color: $background; }
        & > .article-view--selection { background: $accent 45%; }
        & > .article-view--cursor { text-style: reverse; }
        & > .article-view--cursor-idle { text-style: underline; }
    }
    """

    #: The widest a line of text gets, in cells: beyond this, lines are hard to
    #: follow, so a wide pane centres a column of this width instead.
    MEASURE = 80
    #: Below this many rows the header is shortened (see :meth:`_wants_compact`).
    COMPACT_HEIGHT = 16
    #: Layers of at most this many spans, each over at most this many lines, repaint
    #: only their lines when they change (see :meth:`_invalidate`).
    SMALL_LAYER = 8
    SMALL_LAYER_LINES = 200

    class TopChanged(Message):
        """The first visible line or the layout changed (scrolling, resize, toggle)."""

        def __init__(self, view: ArticleView) -> None:
            super().__init__()
            self.view = view

    class Jumped(Message):
        """The user went to the top (``to_end`` False) or the end of the article: a
        cursor goes there too, rather than to the nearest visible line."""

        def __init__(self, view: ArticleView, *, to_end: bool) -> None:
            super().__init__()
            self.view = view
            self.to_end = to_end

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._article: Article | None = None
        self._mode = DisplayScript.ORIGINAL
        self._offsets = OffsetMap.identity(0)
        self._display = ""
        self._header_source: list[_HeaderLine] = []
        self._header: list[_HeaderLine] = []
        self._layout = Layout(0, [], [])
        #: The body wrapped at the widths it was last shown at (see :meth:`_wrapped`).
        self._wraps: dict[int, Layout] = {}
        self._margin = 0
        self._layers: dict[str, HighlightLayer] = {}
        self._cache: LRUCache[int, Strip] = LRUCache(1024)
        self._anchor: tuple[int, bool] | None = None
        self._stale = False
        self._keep_layout = False
        self._compact = False
        self._last_top_line = -1

    # -- what is shown -------------------------------------------------------------

    @property
    def article(self) -> Article | None:
        return self._article

    @property
    def mode(self) -> DisplayScript:
        return self._mode

    @property
    def offsets(self) -> OffsetMap:
        """Original → display offsets for the current mode (``to_target``/``to_source``)."""
        return self._offsets

    @property
    def display_text(self) -> str:
        """The body as shown (converted, controls replaced), which :attr:`layout` indexes."""
        return self._display

    @property
    def layout(self) -> Layout:
        """The body's visual lines as display-text offsets (header lines excluded)."""
        return self._layout

    def load(self, article: Article, mode: DisplayScript, offset: int = 0) -> None:
        """Show ``article`` in ``mode`` with original ``offset`` at the top."""
        self._article = article
        self._anchor = (offset, False)
        self._convert(mode)
        self._relayout()

    def set_mode(self, mode: DisplayScript) -> None:
        """Show the article in another script, keeping the passage at the top in place."""
        if mode is self._mode or self._article is None:
            self._mode = mode
            return
        self._anchor = self._anchor or (self.top_offset(), False)
        self._convert(mode)
        self._relayout()

    def _convert(self, mode: DisplayScript) -> None:
        assert self._article is not None
        self._mode = mode
        converted = for_display(self._article.clean_text, mode)
        display = printable(converted.text, keep_newlines=True)
        self._keep_layout = bool(len(self._layout)) and same_layout(self._display, display)
        if not self._keep_layout:
            self._wraps.clear()  # they wrap another text
        self._offsets = converted.offsets
        self._display = display
        summary = self._article.summary

        def shown(text: str | None) -> str:
            return printable(for_display(text, mode).text) if text else ""

        meta = " · ".join(part for part in (shown(summary.source), shown(summary.author)) if part)
        if summary.date:
            meta = f"{meta} · {printable(summary.date)}" if meta else printable(summary.date)
        self._header_source = [_HeaderLine(shown(summary.title), "article-view--title")]
        if meta:
            self._header_source.append(_HeaderLine(meta, "article-view--meta"))
        if summary.url:
            self._header_source.append(_HeaderLine(printable(summary.url), "article-view--url"))
        for layer in self._layers.values():
            layer.project(self._offsets)

    # -- layout --------------------------------------------------------------------

    def size_changed_in_layout(self) -> None:
        """Wrap for the new width in the layout that gives it, so the frame painted
        next shows the text wrapped for it (a ``Resize`` comes after that frame)."""
        if self._needs_relayout():
            self._relayout_at_top(in_layout=True)

    def on_resize(self) -> None:
        if self._needs_relayout():
            self._relayout_at_top()
        else:
            self._post_top_changed(force=True)  # a new height moves the progress

    def _needs_relayout(self) -> bool:
        return (
            self._stale
            or self._layout.width != self._text_width()
            or self._compact != self._wants_compact()
        )

    def _relayout_at_top(self, *, in_layout: bool = False) -> None:
        """Wrap again, keeping the passage at the top in place."""
        if self._anchor is None and not self._stale and len(self._layout):
            self._anchor = (self.top_offset(), False)
        self._relayout(in_layout=in_layout)

    def _wants_compact(self) -> bool:
        """A short view (stacked panes on a small terminal) drops the URL and the
        blank line from the header, so more of the text shows."""
        return self.scrollable_content_region.height < self.COMPACT_HEIGHT

    def _text_width(self) -> int:
        """Wrap width: one cell narrower than the view, for hanging punctuation."""
        return min(self.scrollable_content_region.width - HANG, self.MEASURE)

    def _relayout(self, *, in_layout: bool = False) -> None:
        """Wrap header and body for the current width, then scroll back to the anchor
        (``in_layout``: while the screen is being laid out, see
        :meth:`size_changed_in_layout`).

        A hidden view has no width: the layout is then marked stale (and nothing is
        drawn from it) until the next resize gives it one."""
        width = self.scrollable_content_region.width
        if self._article is None:
            return
        if width <= 0:
            self._stale = True
            return
        self._stale = False
        text_width = self._text_width()
        self._margin = (width - text_width) // 2
        if not (self._keep_layout and self._layout.width == text_width):
            self._layout = self._wrapped(text_width)
        self._keep_layout = False
        self._compact = self._wants_compact()
        self._header = []
        for line in self._header_source:
            if line.component == "article-view--url":
                if not self._compact:
                    self._header.append(_HeaderLine(fit(line.text, text_width), line.component))
                continue
            laid = wrap(line.text, text_width)
            self._header.extend(
                _HeaderLine(line.text[start:end], line.component)
                for start, end in zip(laid.starts, laid.ends, strict=True)
            )
        self._header.append(_HeaderLine("─" * text_width, "article-view--rule"))
        if not self._compact:
            self._header.append(_HeaderLine("", "article-view--meta"))
        self._cache.clear()
        virtual_size = Size(width, len(self._header) + len(self._layout))
        if in_layout:
            self.set_virtual_size_in_layout(virtual_size)
        else:
            self.virtual_size = virtual_size
        if self._anchor is not None:
            offset, center = self._anchor
            self._anchor = None
            self._scroll_to_line(self.line_for_offset(offset), center)
        self.refresh()
        self._post_top_changed(force=True)  # the progress changed with the layout

    #: Widths whose wrapped body is kept: the panes' width with and without the entity
    #: panel, and one more (a million characters take ~50 ms to wrap).
    KEPT_WRAPS = 3

    def _wrapped(self, width: int) -> Layout:
        """The body wrapped at ``width``: kept for the last :data:`KEPT_WRAPS` widths,
        so showing and hiding the entity panel (which narrows the panes and widens
        them back) wraps a text once per width, not at each toggle."""
        layout = self._wraps.pop(width, None)
        if layout is None:
            layout = wrap(self._display, width)
        self._wraps[width] = layout  # the most recent last
        while len(self._wraps) > self.KEPT_WRAPS:
            del self._wraps[next(iter(self._wraps))]
        return layout

    # -- positions -----------------------------------------------------------------

    @property
    def header_rows(self) -> int:
        """Rows above the body: virtual row ``r`` shows body line ``r - header_rows``."""
        return len(self._header)

    def line_for_offset(self, offset: int) -> int:
        """The virtual row (header included) showing original ``offset``."""
        return len(self._header) + self._layout.line_for(self._offsets.to_target(offset))

    def top_offset(self) -> int:
        """The original offset at the start of the first visible body line (0 while
        the header is in view). Store this, not a row: it survives width and script
        changes."""
        if self._anchor is not None:
            return self._anchor[0]
        line = round(self.scroll_y) - len(self._header)
        if line < 0 or not len(self._layout):
            return 0
        start = self._layout.starts[min(line, len(self._layout) - 1)]
        return self._offsets.to_source(start)

    def scroll_to_offset(self, offset: int, center: bool = True) -> None:
        """Bring original ``offset`` into view: centred, or at the top. Works before
        the first layout too (the view scrolls there once it has a size)."""
        if not len(self._layout) or self._anchor is not None:
            self._anchor = (offset, center)
            return
        self._scroll_to_line(self.line_for_offset(offset), center)

    def _scroll_to_line(self, line: int, center: bool) -> None:
        if center:
            y = line - self.scrollable_content_region.height // 2
        else:
            y = 0 if line == len(self._header) else line
        # force: right after a layout the scrollbar (which gates scrolling) may not
        # have been shown yet.
        self.scroll_to(y=max(0, y), animate=False, force=True)

    def offset_at(self, x: int, y: int) -> int | None:
        """The original offset of the character at content cell ``(x, y)`` of the
        viewport (as from ``event.get_content_offset(view)``); None off the text."""
        line = round(self.scroll_y) + y - len(self._header)
        if y < 0 or line < 0 or line >= len(self._layout):
            return None
        start, end = self._layout.starts[line], self._layout.ends[line]
        column = x - self._margin
        if column < 0:
            return None
        used = 0
        for index in range(start, end):
            used += text_cells(self._display[index])
            if used > column:
                return self._offsets.to_source(index)
        return None

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._post_top_changed()

    def _post_top_changed(self, *, force: bool = False) -> None:
        top = round(self.scroll_y)
        if force or top != self._last_top_line:
            self._last_top_line = top
            self.post_message(self.TopChanged(self))

    @property
    def progress(self) -> float:
        """How far through the article the bottom of the view is, 0..1."""
        total = self.virtual_size.height
        if total <= 0:
            return 0.0
        bottom = round(self.scroll_y) + self.scrollable_content_region.height
        return min(1.0, bottom / total)

    # -- highlights ----------------------------------------------------------------

    def set_highlights(
        self,
        layer: str,
        spans: Sequence[tuple[int, int]],
        style: HighlightStyle,
        *,
        priority: int = 0,
    ) -> None:
        """Highlight original-offset ``spans`` as ``layer``, replacing its previous
        spans. Layers with a higher ``priority`` are drawn over lower ones."""
        entry = HighlightLayer(list(spans), style, priority)
        entry.project(self._offsets)
        self._invalidate(self._layers.get(layer), entry)
        self._layers[layer] = entry

    def clear_highlights(self, layer: str) -> None:
        old = self._layers.pop(layer, None)
        if old is not None:
            self._invalidate(old)

    def _invalidate(self, old: HighlightLayer | None, new: HighlightLayer | None = None) -> None:
        """Repaint what replacing layer ``old`` by ``new`` changes. A small layer (the
        reading cursor, a selection) repaints only the lines that changed: a selection
        growing by a sentence repaints that sentence's lines, not the whole selection.
        Big layers repaint everything."""
        spans = changed_spans(old, new, self.SMALL_LAYER)
        if spans is None or self._stale or not len(self._layout):
            self._cache.clear()
            self.refresh()
            return
        header = len(self._header)
        lines: set[int] = set()
        for start, end in spans:
            first = self._layout.line_for(start)
            last = self._layout.line_for(max(start, end - 1))
            if last - first > self.SMALL_LAYER_LINES:
                self._cache.clear()
                self.refresh()
                return
            lines.update(range(header + first, header + last + 1))
        for row in lines:
            self._cache.discard(row)
            self.refresh_lines(row)

    def _resolve(self, style: HighlightStyle, index: int) -> Style:
        if isinstance(style, Style):
            return style
        if isinstance(style, str):
            return self.get_component_rich_style(style)
        return style(index)

    # -- rendering -----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if self._stale:
            return Strip.blank(width, self.rich_style)
        index = round(self.scroll_y) + y
        strip = self._cache.get(index)
        if strip is None or strip.cell_length != width:
            strip = self._render_row(index, width)
            self._cache[index] = strip
        return strip

    def _render_row(self, index: int, width: int) -> Strip:
        base = self.rich_style
        margin = [Segment(" " * self._margin, base)] if self._margin else []
        if index < len(self._header):
            line = self._header[index]
            style = self.get_component_rich_style(line.component)
            segments = [*margin, Segment(line.text, style)]
        elif index - len(self._header) < len(self._layout):
            line_index = index - len(self._header)
            start = self._layout.starts[line_index]
            end = self._layout.ends[line_index]
            segments = [*margin, *self._body_segments(start, end, base)]
        else:
            segments = []
        return Strip(segments).crop_extend(0, width, base)

    def _body_segments(self, start: int, end: int, base: Style) -> list[Segment]:
        """The line ``display[start:end]`` cut where highlights begin and end."""
        marks: list[Mark] = []
        for layer in self._layers.values():
            for span_start, span_end, span_index in layer.touching(start, end):
                style = self._resolve(layer.style, span_index)
                marks.append((max(span_start, start), min(span_end, end), layer.priority, style))
        return marked_segments(self._display, start, end, base, marks)

    # -- actions -------------------------------------------------------------------

    def action_line_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_line_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_relative(y=max(1, self.scrollable_content_region.height - 2), animate=False)

    def action_page_up(self) -> None:
        self.scroll_relative(y=-max(1, self.scrollable_content_region.height - 2), animate=False)

    def action_top(self) -> None:
        self.scroll_to(y=0, animate=False)
        self.post_message(self.Jumped(self, to_end=False))

    def action_bottom(self) -> None:
        self.scroll_to(y=self.max_scroll_y, animate=False)
        self.post_message(self.Jumped(self, to_end=True))
