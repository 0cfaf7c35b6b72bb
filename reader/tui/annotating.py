"""The interface's side of annotations: the change message, colours, counts.

Every change goes through :class:`~reader.tui.annotator.Annotator`; what changed is
announced with :class:`AnnotationsChanged`, which the main screen turns into fresh
highlights in every pane showing that article and fresh counts in the list. This
module is imported before the first paint, so the core's annotation modules are not
imported here at module level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.style import Style
from textual.color import Color
from textual.message import Message

from reader.conversion import DisplayScript
from reader.models import ArticleSummary
from reader.tui.widgets.article_list import Column

if TYPE_CHECKING:
    from reader.annotations import Annotation

#: What the palette names look like on screen (mid-tones that work as a tinted
#: background on dark and light themes alike).
COLOR_VALUES: dict[str, str] = {
    "yellow": "#e5c07b",
    "green": "#98c379",
    "cyan": "#56b6c2",
    "blue": "#61afef",
    "magenta": "#c678dd",
    "red": "#e06c75",
    "orange": "#d19a66",
    "purple": "#a37acc",
}
#: How strongly a highlight tints the page: enough to see, light enough to read.
TINT = 0.35


class AnnotationsChanged(Message):
    """Annotations of these articles were created, edited, deleted or restored."""

    def __init__(self, article_ids: Iterable[int]) -> None:
        super().__init__()
        self.article_ids = frozenset(article_ids)


# -- colours -------------------------------------------------------------------------


def color_of(name: str) -> Color:
    """The screen colour of a palette name or ``#rrggbb``."""
    return Color.parse(COLOR_VALUES.get(name, name))


def highlight_style(name: str, background: Color, *, nested: bool = False) -> Style:
    """The style of an annotation's text: its colour tinted into the page. A nested
    one (overlapping an earlier annotation) is also underlined, so where two overlap
    the later one's extent still shows."""
    tinted = background.blend(color_of(name), TINT)
    return Style(bgcolor=tinted.rich_color, underline=nested)


def nested_flags(spans: Sequence[tuple[int, int]]) -> list[bool]:
    """For spans in document order: whether each overlaps one that starts before it."""
    flags = []
    reach = -1
    for start, end in spans:
        flags.append(start < reach)
        reach = max(reach, end)
    return flags


def tags_line(tags: Sequence[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


# -- counts in the article list ------------------------------------------------------


@dataclass(frozen=True)
class ArticleCounts:
    """Live annotations and distinct tags of one article."""

    annotations: int = 0
    tags: int = 0

    def cell(self) -> str:
        if not self.annotations:
            return ""
        return f"✎{self.annotations} #{self.tags}" if self.tags else f"✎{self.annotations}"


def count_by_article(annotations: Iterable[Annotation]) -> dict[int, ArticleCounts]:
    from reader.annotations import tag_key

    found: dict[int, int] = defaultdict(int)
    tags: dict[int, set[str]] = defaultdict(set)
    for annotation in annotations:
        found[annotation.article_id] += 1
        tags[annotation.article_id].update(tag_key(tag) for tag in annotation.tags)
    return {ident: ArticleCounts(n, len(tags[ident])) for ident, n in found.items()}


class CountsColumn:
    """The list column ``✎3 #2``: annotations and tags of each article, updated in
    place (:meth:`replace`, :meth:`update`) so a change costs one query, not a scan."""

    WIDTH = 9

    def __init__(self) -> None:
        self.counts: dict[int, ArticleCounts] = {}

    def replace(self, counts: dict[int, ArticleCounts]) -> None:
        self.counts = counts

    def update(self, article_id: int, annotations: Sequence[Annotation]) -> None:
        self.counts[article_id] = count_by_article(annotations).get(article_id, ArticleCounts())

    def cell(self, summary: ArticleSummary, mode: DisplayScript) -> str:
        return self.counts.get(summary.id, ArticleCounts()).cell()

    def column(self) -> Column:
        return Column("annotations", self.WIDTH, self.cell, align="right")
