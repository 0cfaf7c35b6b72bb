"""The main screen's annotation features: review, export, the annotation lists, counts.

A mixin of :class:`~reader.tui.screens.main.MainScreen`, kept apart so the screen
stays about layout and panes. It answers :class:`AnnotationsChanged` (posted by a pane
after every change) by redrawing every pane that shows the article and its count in
the list, and it opens passages chosen elsewhere (review, the annotation lists) in
the focused pane with the passage selected.

Review, export and the annotation lists are imported when first used: they bring in
the scheduler and the Markdown renderer, which the first paint must not wait for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from textual import work
from textual.content import Content
from textual.screen import Screen

from reader.errors import ReaderError
from reader.tui.annotating import (
    AnnotationsChanged,
    ArticleCounts,
    CountsColumn,
    count_by_article,
)
from reader.tui.safe_text import literal, printable

if TYPE_CHECKING:
    from reader.annotations import Annotation
    from reader.review.filters import ReviewFilters
    from reader.tui.app import ReaderApp
    from reader.tui.screens.annotations import Kind
    from reader.tui.screens.review import ReviewOutcome
    from reader.tui.widgets.article_list import ArticleList
    from reader.tui.widgets.reading_pane import ReadingPane

#: Where exports go: a folder in the directory the reader was started from, where a
#: person looks for what they just exported.
EXPORT_FOLDER = Path("exports")


def toast_text_width(screen_width: int) -> int:
    """Cells for a line of a toast: Textual's toasts are 60 cells wide, at most half
    the screen, less their padding and edge, and a cell for the scroll bar the toast
    rack shows when toasts pile up (a line one cell too long would wrap again)."""
    return max(8, min(60, screen_width // 2) - 5)


def cut_to_width(text: str, width: int) -> list[str]:
    """``text`` cut into lines of at most ``width`` cells, every character kept.

    A toast word-wraps its text, and a space that falls at the end of a line vanishes:
    in a file name (article titles have spaces) that is a character lost. Cut here, a
    space at a cut starts the next line instead, where it shows."""
    lines: list[str] = []
    line, cells = "", 0
    for char in text:
        size = cell_len(char)
        if line and cells + size > width:
            kept = line.rstrip(" ") or line
            lines.append(kept)
            line = line[len(kept) :]
            cells = cell_len(line)
        line += char
        cells += size
    return [*lines, line] if line else lines


def exported_to(path: Path, screen_width: int) -> Content:
    """The toast text saying where an export went, the path on lines of its own."""
    lines = cut_to_width(printable(str(path)), toast_text_width(screen_width))
    return Content("\n".join(["Exported to", *lines]))


class AnnotationActions(Screen[None]):
    """Review, export, all annotations, orphans, and keeping counts fresh."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts = CountsColumn()
        #: Which list the annotation being opened was chosen from: from the orphans
        #: list, even a fuzzy match is opened to be re-attached.
        self._last_list: Kind = "all"

    # provided by MainScreen
    reader: ReaderApp
    article_list: ArticleList
    panes: list[ReadingPane]
    current_pane: ReadingPane | None

    def open_article(self, article_id: int, **options: object) -> ReadingPane | None:
        raise NotImplementedError

    # -- counts ----------------------------------------------------------------------

    def start_counts(self) -> None:
        """Show the counts column and fill it from a thread started after the next
        frame: a big store must not hold up the first paint, and a thread running
        meanwhile would slow it by taking the GIL."""
        columns = [c for c in self.article_list.columns if c.key != "annotations"]
        self.article_list.set_columns([*columns, self.counts.column()])
        self.call_after_refresh(self._count_all)

    @work(thread=True, exclusive=True, group="annotation-counts")
    def _count_all(self) -> None:
        from reader.annotations import list_annotations

        try:
            with self.reader.store.connection() as db:
                counts = count_by_article(list_annotations(db))
        except Exception as error:  # counts are a convenience: say so, read on
            message = f"Annotation counts unavailable: {error}"
            self.app.call_from_thread(self.notify, Content(message), severity="warning")
            return
        self.app.call_from_thread(self._counts_ready, counts)

    def _counts_ready(self, counts: dict[int, ArticleCounts]) -> None:
        self.counts.replace(counts)
        self.article_list.refresh()

    def on_annotations_changed(self, event: AnnotationsChanged) -> None:
        """Redraw the panes showing the changed articles, and their counts."""
        event.stop()
        self.annotations_changed(event.article_ids)

    def annotations_changed(self, article_ids: frozenset[int] | None = None) -> None:
        """``None``: anything may have changed (after a review session)."""
        from reader.annotations import list_annotations

        for pane in self.panes:
            if article_ids is None or pane.article.id in article_ids:
                pane.reload_annotations()
        if article_ids is None:
            self._count_all()
            return
        for article_id in article_ids:
            try:
                found = list_annotations(self.reader.db, article_ids=[article_id])
            except ReaderError:
                continue  # the highlights are right; only the count may lag
            self.counts.update(article_id, found)
        self.article_list.refresh()

    # -- opening a passage -----------------------------------------------------------

    def open_passage(
        self, article_id: int, start: int, end: int, *, version_id: int | None = None
    ) -> ReadingPane | None:
        """Open an article in the focused pane with ``start``-``end`` selected. A range
        from another version (an orphan's) is not selected: it would be the wrong words."""
        pane = self.open_article(article_id, offset=start)
        if pane is None:
            return None
        if version_id is None or version_id == pane.article.version_id:
            pane.select_range(start, end)
        return pane

    # -- review ----------------------------------------------------------------------

    def action_review(self) -> None:
        from reader.review.filters import ReviewFilters
        from reader.tui.screens.review import ReviewFilterDialog

        pane = self.current_pane
        initial = ReviewFilters(article_id=pane.article.id if pane is not None else None)
        titles = {summary.id: summary.title for summary in self.reader.summaries}
        self.app.push_screen(ReviewFilterDialog(initial, titles=titles), self._start_review)

    def _start_review(self, filters: ReviewFilters | None) -> None:
        from reader.tui.screens.review import ReviewScreen

        if filters is None:
            return
        try:
            screen = ReviewScreen(self.reader.db, filters, mode=self.reader.mode)
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            return
        self.app.push_screen(screen, self._review_done)

    def _review_done(self, outcome: ReviewOutcome | None) -> None:
        self.annotations_changed()  # grades, edits and deletes may have happened
        if outcome is None or outcome.open is None:
            return
        passage = outcome.open
        pane = self.open_passage(
            passage.article_id, passage.start, passage.end, version_id=passage.version_id
        )
        if pane is not None and passage.version_id != pane.article.version_id:
            self.notify(
                Content("That passage is from an earlier version of the article: finding it."),
            )
            self.call_after_refresh(pane.find, passage.quote)

    # -- the annotation lists --------------------------------------------------------

    def _list(self, kind: Kind) -> None:
        from reader.tui.screens.annotations import AnnotationsScreen

        summaries = {summary.id: summary for summary in self.reader.summaries}
        screen = AnnotationsScreen(self.reader.db, summaries, kind=kind, mode=self.reader.mode)
        self._last_list = kind
        self.app.push_screen(screen, self._chosen)

    def action_all_annotations(self) -> None:
        self._list("all")

    def action_orphans(self) -> None:
        self._list("orphans")

    def _chosen(self, annotation: Annotation | None) -> None:
        if annotation is None:
            return
        if self._last_list == "orphans":
            pane = self.open_article(annotation.article_id, offset=annotation.start)
            if pane is not None:
                pane.start_reattach(annotation)
                if annotation.status == "fuzzy":  # on the current version: show where
                    pane.select_range(annotation.start, annotation.end)
            return
        self.open_passage(
            annotation.article_id,
            annotation.start,
            annotation.end,
            version_id=annotation.version_id,
        )

    # -- export ----------------------------------------------------------------------

    def action_export(self) -> None:
        """Markdown of the focused article's annotations, in ./exports/."""
        from reader.export import export_to_folder

        pane = self.current_pane
        if pane is None:
            self.notify(Content("Open an article first (or export all from the palette)."))
            return
        try:
            paths = export_to_folder(
                self.reader.db,
                EXPORT_FOLDER,
                article_ids=[pane.article.id],
                script=self.reader.mode,
                base=Path.cwd(),
            )
        except (ReaderError, OSError) as error:
            self.notify(literal(f"Export failed: {error}"), severity="error")
            return
        if not paths:
            self.notify(Content("This article has no annotations to export."))
            return
        self.notify(exported_to(paths[0], self.app.size.width), title="Export")

    def export_all(self) -> None:
        """Every annotation in one Markdown file, written by a thread (it may be big)."""
        self.notify(Content("Exporting every annotation…"))
        self._export_all()

    @work(thread=True, exclusive=True, group="export")
    def _export_all(self) -> None:
        from reader.export import export_file

        try:
            with self.reader.store.connection() as db:
                path = export_file(
                    db, EXPORT_FOLDER / "annotations.md", script=self.reader.mode, base=Path.cwd()
                )
        except (ReaderError, OSError) as error:
            self.app.call_from_thread(
                self.notify, literal(f"Export failed: {error}"), severity="error"
            )
            return
        self.app.call_from_thread(
            self.notify, exported_to(path, self.app.size.width), title="Export"
        )
