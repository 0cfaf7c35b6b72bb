"""Highlight layers of the reading view: named sets of spans, drawn over the text.

Kept apart from the widget (:mod:`reader.tui.widgets.article_view`) because none of
it needs Textual: a layer is a list of spans in the article's original offsets,
projected once into the display text's offsets (the script shown may differ in
length, see :class:`~reader.conversion.OffsetMap`) and indexed so that the spans
touching a line are found without scanning them all; :func:`changed_spans` says
which ranges a new version of a layer repaints, and :func:`marked_segments` cuts a
line where highlights begin and end.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from rich.segment import Segment
from rich.style import Style

from reader.conversion import OffsetMap

#: How a highlight layer is styled: a Rich style; a callable given the span's index
#: in the list passed to :meth:`ArticleView.set_highlights` (one colour per
#: annotation, say); or the name of one of the view's component classes, resolved
#: when drawn so it follows the theme.
HighlightStyle = Style | Callable[[int], Style] | str

#: A highlight on one line: display start and end, priority, style.
Mark = tuple[int, int, int, Style]


@dataclass
class HighlightLayer:
    """One named set of highlighted spans, kept in both offset spaces."""

    spans: list[tuple[int, int]]
    style: HighlightStyle
    priority: int
    display: list[tuple[int, int, int]] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    max_ends: list[int] = field(default_factory=list)

    def project(self, offsets: OffsetMap) -> None:
        """Map the spans to display offsets, sorted, with a running maximum of ends
        so the spans touching a line are found without scanning them all."""
        mapped = sorted(
            (*offsets.range_to_target(start, end), index)
            for index, (start, end) in enumerate(self.spans)
        )
        self.display = [span for span in mapped if span[1] > span[0]]
        self.starts = [span[0] for span in self.display]
        running = 0
        self.max_ends = []
        for span in self.display:
            running = max(running, span[1])
            self.max_ends.append(running)

    def touching(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The display spans that overlap ``[start, end)``."""
        found = []
        index = bisect.bisect_left(self.starts, end) - 1
        while index >= 0 and self.max_ends[index] > start:
            span = self.display[index]
            if span[1] > start:
                found.append(span)
            index -= 1
        return found


def changed_spans(
    old: HighlightLayer | None, new: HighlightLayer | None, small: int
) -> list[tuple[int, int]] | None:
    """The display ranges whose highlighting differs between two versions of a
    layer; None when the layers hold more than ``small`` spans together, too many to
    be worth working out (the caller repaints everything)."""
    before = old.display if old is not None else []
    after = new.display if new is not None else []
    if len(before) + len(after) > small:
        return None
    if len(before) != len(after) or (old and new and old.style != new.style):
        return [(start, end) for start, end, _ in (*before, *after)]
    changed = []
    for (old_start, old_end, _), (new_start, new_end, _) in zip(before, after, strict=True):
        if old_start != new_start:
            changed.append((min(old_start, new_start), max(old_start, new_start)))
        if old_end != new_end:
            changed.append((min(old_end, new_end), max(old_end, new_end)))
    return changed


def marked_segments(
    text: str, start: int, end: int, base: Style, marks: list[Mark]
) -> list[Segment]:
    """``text[start:end]`` cut where ``marks`` begin and end, each piece in ``base``
    plus every mark covering it, lower priorities first (a higher one wins where two
    set the same attribute)."""
    if not marks:
        return [Segment(text[start:end], base)]
    marks.sort(key=lambda mark: mark[2])
    cuts = sorted({start, end, *(m[0] for m in marks), *(m[1] for m in marks)})
    segments = []
    for left, right in pairwise(cuts):
        style = base
        for mark_start, mark_end, _, mark_style in marks:
            if mark_start <= left and right <= mark_end:
                style = style + mark_style
        segments.append(Segment(text[left:right], style))
    return segments
