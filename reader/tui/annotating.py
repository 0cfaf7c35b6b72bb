"""The interface's side of annotations: one door to the core, undo, colours, counts.

Every change goes through :class:`Annotator`, which calls :mod:`reader.annotations`
(one write transaction per call) and only then records how to undo it, so nothing is
reported saved, or undoable, before the store said so. What changed is announced
with :class:`AnnotationsChanged`, which the main screen turns into fresh highlights in
every pane showing that article and fresh counts in the list.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from rich.style import Style
from textual.color import Color
from textual.message import Message

from reader import annotations as core
from reader.annotations import DEFAULT_COLOR, Annotation, tag_color, tag_key
from reader.conversion import DisplayScript
from reader.models import ArticleSummary
from reader.tui.widgets.article_list import Column

if TYPE_CHECKING:
    from reader.store.database import Database

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


# -- undo ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Undo:
    """How to take back one change: ``before`` is the annotation as it was."""

    kind: Literal["created", "edited", "deleted"]
    before: Annotation


@dataclass
class Annotator:
    """Runs every annotation change of the interface and remembers how to undo it.

    Each method returns only after the core call returned, and raises what it
    raised (:class:`~reader.errors.ReaderError`, one line) with nothing recorded.
    """

    db: Database
    history: list[_Undo] = field(default_factory=list)

    #: Changes kept for undo (enough for a reading session; each is small).
    LIMIT = 100

    def _remember(self, kind: Literal["created", "edited", "deleted"], before: Annotation) -> None:
        self.history.append(_Undo(kind, before))
        del self.history[: -self.LIMIT]

    def create(
        self,
        article_id: int,
        version_id: int,
        start: int,
        end: int,
        *,
        tags: Sequence[str] = (),
        note: str = "",
        color: str | None = None,
    ) -> Annotation:
        """Annotate original ``start``-``end`` of the version the pane shows."""
        made = core.create_annotation(
            self.db,
            article_id,
            start,
            end,
            version_id=version_id,
            tags=tags,
            note=note,
            color=color,
        )
        self._remember("created", made)
        return made

    def edit(
        self,
        before: Annotation,
        *,
        tags: Sequence[str] | None = None,
        note: str | None = None,
        color: str | core.Keep | None = core.KEEP,
    ) -> Annotation:
        after = core.update_annotation(self.db, before.id, note=note, tags=tags, color=color)
        self._remember("edited", before)
        return after

    def delete(self, annotation: Annotation) -> Annotation:
        """Delete softly; returns what was deleted (undo restores it)."""
        core.delete_annotation(self.db, annotation.id)
        self._remember("deleted", annotation)
        return annotation

    def reattach(self, annotation: Annotation, start: int, end: int) -> Annotation:
        """Anchor an orphan (or doubtful fuzzy match) to original ``start``-``end`` of
        its article's current version. The old anchor stays in the core's history."""
        return core.reattach(self.db, annotation.id, start, end)

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    def undo(self) -> tuple[str, Annotation]:
        """Take back the last change; returns what was done and the annotation.

        An edit is reverted to the note, tags and colour it had. Its colour is given
        back as chosen only if it differs from what its tags would give: the core
        reports colours resolved, and a colour equal to the tags' one looks the same.
        """
        entry = self.history.pop()  # a failed undo is reported, not retried forever
        before = entry.before
        if entry.kind == "created":
            core.delete_annotation(self.db, before.id)
            done = "Annotation removed (undid create)"
        elif entry.kind == "deleted":
            before = core.restore_annotation(self.db, before.id)
            done = "Annotation restored"
        else:
            derived = tag_color(tag_key(before.tags[0])) if before.tags else DEFAULT_COLOR
            color = None if before.color == derived else before.color
            core.update_annotation(
                self.db, before.id, note=before.note, tags=before.tags, color=color
            )
            done = "Edit undone"
        return done, before


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
