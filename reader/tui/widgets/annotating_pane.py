"""What a reading pane does with annotations: the cursor, selections, highlights, keys.

:class:`AnnotatingPane` is the base of :class:`~reader.tui.widgets.reading_pane.ReadingPane`
(which adds finding). It owns a :class:`~reader.tui.reading_cursor.ReadingCursor` on
the article's ORIGINAL text and draws it, the selection and the article's annotations
as highlight layers of the view, which maps them to whatever script it shows. So an
annotation made while reading 繁體 is stored with exactly the original characters the
user saw selected, and is drawn on the same characters in every script.

Every change goes through the app's :class:`~reader.tui.annotator.Annotator`; a save
is reported only once it returned, a failure is a notification (never a crash and
never a half-done edit: each core call is one transaction), and
:class:`~reader.tui.annotating.AnnotationsChanged` tells the screen to refresh every
pane showing the article and the counts in the list.

jieba (for word motions and snapping selections to words) is loaded by a thread
worker the first time the cursor is used; until then words are characters (with
ASCII runs kept whole), and they improve in place once it is ready.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar, cast

from textual import events, work
from textual.containers import Vertical
from textual.content import Content

from reader import segmentation
from reader.annotations import Annotation, article_annotations
from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.models import Article
from reader.store.articles import get_article
from reader.text_units import Unit
from reader.tui.annotating import AnnotationsChanged, highlight_style, nested_flags
from reader.tui.annotator import Annotator
from reader.tui.bindings import bindings_for
from reader.tui.reading_cursor import Motion, ReadingCursor
from reader.tui.safe_text import literal
from reader.tui.widgets.annotations_panel import AnnotationsPanel
from reader.tui.widgets.article_view import ArticleView

if TYPE_CHECKING:
    from reader.store.database import Database
    from reader.tui.screens.annotation_dialog import AnnotationDraft

ANNOTATIONS_LAYER = "annotations"
SELECTION_LAYER = "selection"
CURSOR_LAYER = "cursor"

T = TypeVar("T")


class AnnotatingPane(Vertical):
    """Cursor, selection and annotations of one pane; subclasses provide the view."""

    BINDINGS = bindings_for("cursor") + bindings_for("annotate")
    #: Whether a pane has started loading jieba (it is loaded once per process).
    _jieba_requested: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        self.cursor: ReadingCursor | None = None
        self.annotations: list[Annotation] = []
        self.panel = AnnotationsPanel()
        #: The annotation last jumped to: chosen first when several overlap the cursor.
        self._current_id: int | None = None
        #: An orphan (or doubtful match) waiting for the user to select its new place.
        self.reattaching: Annotation | None = None
        #: A range to select once the article is loaded (opened from elsewhere).
        self._pending_selection: tuple[int, int] | None = None
        self._dragging = False

    # -- provided by the subclass ----------------------------------------------------

    @property
    def view(self) -> ArticleView:
        raise NotImplementedError

    @property
    def article(self) -> Article:
        raise NotImplementedError

    @property
    def mode(self) -> DisplayScript:
        raise NotImplementedError

    def _update_subtitle(self) -> None:
        raise NotImplementedError

    # -- the app's store -------------------------------------------------------------

    @property
    def db(self) -> Database:
        return cast("Database", self.app.db)  # type: ignore[attr-defined]

    @property
    def annotator(self) -> Annotator:
        return cast(Annotator, self.app.annotator)  # type: ignore[attr-defined]

    def _attempt(self, what: str, call: Callable[[], T]) -> T | None:
        """Run a store call; on failure say so and return None. Known failures are
        :class:`ReaderError` (one line); anything else is shown too, because losing
        the reading session over one failed save would be worse."""
        try:
            return call()
        except ReaderError as error:
            self.notify(literal(f"{what} failed: {error}"), severity="error", timeout=10)
        except Exception as error:  # see the docstring
            self.notify(literal(f"{what} failed: {error!r}"), severity="error", timeout=10)
        return None

    # -- loading -----------------------------------------------------------------------

    def annotations_loaded(self, offset: int) -> None:
        """A new article is shown: cursor at ``offset``, its annotations drawn."""
        self.cursor = ReadingCursor(self.article.clean_text, offset)
        self._current_id = None
        if self.reattaching is not None and self.reattaching.article_id != self.article.id:
            self.reattaching = None
        self.view.clear_highlights(SELECTION_LAYER)
        self.reload_annotations()
        self._draw_cursor()
        if self.reattaching is not None:
            self._show_reattach(self.reattaching)
        if self._pending_selection is not None:
            self.select_range(*self._pending_selection)

    def reload_annotations(self, *, only_if_changed: bool = False) -> None:
        """Fetch and draw the article's annotations again (after any change).

        ``only_if_changed``: draw nothing when they are what is drawn (another process
        wrote something, perhaps not to this article)."""
        found = self._attempt(
            "Loading annotations",
            lambda: article_annotations(self.db, self.article.id, self.article.version_id),
        )
        if only_if_changed and (found is None or found == self.annotations):
            return
        self.annotations = found if found is not None else []
        self._draw_annotations()
        self._update_subtitle()
        if self.panel.is_open:
            self.panel.show(self.annotations, self.mode)
            self._follow_in_panel()

    def annotations_mode_changed(self) -> None:
        """The pane's script changed: the panel shows quotes in it."""
        if self.panel.is_open:
            self.panel.show(self.annotations, self.mode)

    def _draw_annotations(self) -> None:
        """One style per annotation, tinted into the page's background as it is now
        (drawn again when the theme changes)."""
        spans = [(a.start, a.end) for a in self.annotations]
        background = self.view.background_colors[1]
        styles = [
            highlight_style(annotation.color, background, nested=nested)
            for annotation, nested in zip(self.annotations, nested_flags(spans), strict=True)
        ]
        self.view.set_highlights(ANNOTATIONS_LAYER, spans, styles.__getitem__, priority=-1)

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._draw_annotations())

    # -- cursor drawing and keeping it in view ----------------------------------------

    def _draw_cursor(self) -> None:
        cursor = self.cursor
        if cursor is None:
            return
        focused = self.view.has_focus
        component = "article-view--cursor" if focused else "article-view--cursor-idle"
        self.view.set_highlights(CURSOR_LAYER, [cursor.char], component, priority=3)
        selection = cursor.selection()
        if selection is None:
            self.view.clear_highlights(SELECTION_LAYER)
        else:
            self.view.set_highlights(
                SELECTION_LAYER, [selection], "article-view--selection", priority=2
            )
        self._update_subtitle()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.view:
            self._draw_cursor()

    def on_descendant_blur(self, event: events.DescendantBlur) -> None:
        if event.widget is self.view:
            self._draw_cursor()

    def _reveal(self) -> None:
        """Scroll just enough to show the cursor's line."""
        view, cursor = self.view, self.cursor
        if cursor is None or not len(view.layout):
            return
        line = view.line_for_offset(cursor.position)
        top = round(view.scroll_y)
        height = view.scrollable_content_region.height
        if line < top:
            # the first body line scrolls the header back into view with it
            view.scroll_to(y=0 if line == view.header_rows else line, animate=False)
        elif line >= top + height:
            view.scroll_to(y=line - height + 1, animate=False)

    def keep_cursor_in_view(self) -> None:
        """After scrolling (j, k, page, wheel): a cursor left off screen moves to the
        first visible line (or the last, scrolling up), as in a pager with a cursor.
        Not while selecting: scrolling must not change what is selected (a long
        passage opened from review ends below the screen)."""
        view, cursor = self.view, self.cursor
        if cursor is None or not len(view.layout) or self._dragging or cursor.selecting:
            return
        top = round(view.scroll_y)
        height = view.scrollable_content_region.height
        line = view.line_for_offset(cursor.position)
        if top <= line < top + height:
            return
        if line < top:
            body = max(0, top - view.header_rows)
            cursor.place(view.offsets.to_source(view.layout.starts[body]))
        else:
            body = min(top + height - 1 - view.header_rows, len(view.layout) - 1)
            end = view.offsets.to_source(view.layout.ends[body], end=True)
            last = cursor.index.previous(Unit.CHARACTER, max(end, 1))
            cursor.place(last[0] if last else end)
        self._draw_cursor()

    def on_article_view_jumped(self, event: ArticleView.Jumped) -> None:
        """``g``/``G``: the cursor goes to the start of the article, or to the start of
        its last sentence (its last character if that start is off screen), so the
        next motion continues from where the user went, not from where they were."""
        event.stop()
        cursor = self.cursor
        if cursor is None:
            return
        if not event.to_end:
            self.place_cursor(0)
            return
        end = len(cursor.index.text)
        last = cursor.index.previous(Unit.SENTENCE, end)
        if last is None or not self._visible(last[0]):
            self.place_cursor(end)
        else:
            self.place_cursor(last[0])

    def status_part(self) -> str:
        """What the border subtitle adds: re-attaching or selecting, and how many
        annotations the article has."""
        parts = []
        if self.reattaching is not None:
            parts.append("re-attach: select, then a")
        elif self.cursor is not None and self.cursor.selecting:
            parts.append("VISUAL")
        if self.annotations:
            parts.append(f"✎{len(self.annotations)}")
        return " · ".join(parts)

    # -- jieba -------------------------------------------------------------------------

    def _ensure_words(self) -> None:
        """Start loading jieba on the first use of the cursor, once for all panes."""
        if not segmentation.is_ready() and not AnnotatingPane._jieba_requested:
            AnnotatingPane._jieba_requested = True
            self._load_jieba()

    @work(thread=True, group="jieba")
    def _load_jieba(self) -> None:
        """Load jieba off the interface thread (about a second), then redraw: words and
        the snapped selection change from characters to real words."""
        try:
            segmentation.tokenizer()
        except Exception as error:  # words keep the character fallback
            AnnotatingPane._jieba_requested = False  # the next use tries again
            message = f"Word segmentation unavailable: {error!r}"
            self.app.call_from_thread(self.notify, Content(message), severity="warning")
            return
        self.app.call_from_thread(self._draw_cursor)

    # -- motions -----------------------------------------------------------------------

    def action_move(self, unit: str, step: int) -> None:
        """Move the cursor by a unit (extending the selection while selecting)."""
        cursor = self.cursor
        if cursor is None:
            return
        self._ensure_words()
        cursor.move(Motion(Unit(unit), step))
        self._cursor_moved()

    def action_select(self, unit: str, step: int) -> None:
        """Extend the selection (starting one if needed) by a unit."""
        cursor = self.cursor
        if cursor is None:
            return
        if not cursor.selecting:
            cursor.start_selection()
        self.action_move(unit, step)

    def go_to(self, offset: int) -> None:
        """Scroll original ``offset`` to the top of the view, the cursor on it."""
        self.view.scroll_to_offset(offset, center=False)
        if self.cursor is not None:
            self.cursor.place(offset)
            self._draw_cursor()

    def place_cursor(self, offset: int) -> None:
        """Put the cursor on original ``offset`` (the view scrolls there itself); a
        selection being made keeps its anchor and extends to it."""
        if self.cursor is not None:
            self.cursor.place(offset)
            self._draw_cursor()
            self._follow_in_panel()

    def _cursor_moved(self) -> None:
        self._reveal()
        self._draw_cursor()
        self._follow_in_panel()

    def action_visual(self) -> None:
        """Start a selection at the cursor, or end it (keeping nothing selected)."""
        cursor = self.cursor
        if cursor is None:
            return
        self._ensure_words()
        if cursor.selecting:
            cursor.cancel()
        else:
            cursor.start_selection()
        self._draw_cursor()

    def action_cancel(self) -> None:
        """Escape: drop the selection, or a pending re-attach."""
        if self.reattaching is not None:
            self.reattaching = None
            self.notify(Content("Re-attach cancelled: the annotation is unchanged."))
        if self.cursor is not None:
            self.cursor.cancel()
        self._draw_cursor()

    def select_range(self, start: int, end: int) -> None:
        """Select original ``start``-``end`` and show it (a passage opened from review);
        before the article is loaded, once it is."""
        if self.cursor is None:
            self._pending_selection = (start, end)
            return
        self._pending_selection = None
        self.cursor.select(start, end)
        self._draw_cursor()
        self.view.scroll_to_offset(start, center=True)

    # -- the mouse ---------------------------------------------------------------------

    def _offset_at(self, event: events.MouseEvent) -> int | None:
        if event.widget is not self.view:
            return None
        cell = event.get_content_offset(self.view)
        return None if cell is None else self.view.offset_at(cell.x, cell.y)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        offset = self._offset_at(event)
        if offset is None or self.cursor is None or event.button != 1:
            return
        self._ensure_words()
        self.cursor.cancel()
        self.cursor.place(offset)
        self.cursor.start_selection()
        self._dragging = True
        self.view.capture_mouse()
        self._draw_cursor()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if not self._dragging or self.cursor is None:
            return
        offset = self._offset_at(event)
        if offset is not None and not self.cursor.char[0] <= offset < self.cursor.char[1]:
            self.cursor.place(offset)
            self._draw_cursor()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if not self._dragging:
            return
        self._dragging = False
        self.view.release_mouse()
        cursor = self.cursor
        if cursor is not None and cursor.anchor == cursor.char:
            cursor.cancel()  # a click places the cursor; only a drag selects
        self._draw_cursor()
        self._follow_in_panel()

    # -- which annotation ----------------------------------------------------------------

    def annotation_at_cursor(self) -> Annotation | None:
        """The annotation under the cursor: the one last jumped to if it covers the
        cursor, else the shortest covering it."""
        if self.cursor is None:
            return None
        position = self.cursor.position
        covering = [a for a in self.annotations if a.start <= position < a.end]
        for annotation in covering:
            if annotation.id == self._current_id:
                return annotation
        return min(covering, key=lambda a: a.end - a.start, default=None)

    def _follow_in_panel(self) -> None:
        if self.panel.is_open:
            found = self.annotation_at_cursor()
            if found is not None:
                self.panel.follow(found.id)

    def _jump(self, annotation: Annotation) -> None:
        """Cursor to an annotation's start; the view scrolls (centring it) only if it
        is off screen, so stepping through nearby annotations keeps the page still."""
        self._current_id = annotation.id
        if self.cursor is not None:
            self.cursor.cancel()
            self.cursor.place(annotation.start)
        if not self._visible(annotation.start):
            self.view.scroll_to_offset(annotation.start, center=True)
        self._draw_cursor()
        self._follow_in_panel()

    def _visible(self, offset: int) -> bool:
        view = self.view
        if not len(view.layout):
            return False
        top = round(view.scroll_y)
        return top <= view.line_for_offset(offset) < top + view.scrollable_content_region.height

    def _step_annotation(self, step: int) -> None:
        if not self.annotations or self.cursor is None:
            self.notify(Content("No annotations in this article: v selects, a annotates."))
            return
        starts = [a.start for a in self.annotations]
        position = self.cursor.position
        current = next(
            (i for i, a in enumerate(self.annotations) if a.id == self._current_id), None
        )
        if current is not None and self.annotations[current].start == position:
            index = current + step
        elif step > 0:
            index = bisect.bisect_right(starts, position)
        else:
            index = bisect.bisect_left(starts, position) - 1
        self._jump(self.annotations[index % len(self.annotations)])

    def action_next_annotation(self) -> None:
        self._step_annotation(1)

    def action_previous_annotation(self) -> None:
        self._step_annotation(-1)

    # -- changes -----------------------------------------------------------------------

    def _changed(self, message: str) -> None:
        self.notify(Content(message))
        self.post_message(AnnotationsChanged([self.article.id]))

    def action_annotate(self) -> None:
        """``a``: annotate the selection (or the cursor's sentence); while re-attaching,
        put the orphan on the selection instead."""
        from reader.tui.screens.annotation_dialog import AnnotationDialog, describe

        cursor = self.cursor
        if cursor is None:
            return
        if self.reattaching is not None:
            self._confirm_reattach()
            return
        start, end = cursor.target()
        quote = self.article.clean_text[start:end]
        shown = self.view.offsets.range_to_target(start, end)
        preview = self.view.display_text[shown[0] : shown[1]] or quote
        version = self.article.version_id

        def save(draft: AnnotationDraft | None) -> None:
            if draft is None:
                return
            made, error = self._saving(
                lambda: self.annotator.create(
                    self.article.id,
                    version,
                    start,
                    end,
                    tags=draft.tags,
                    note=draft.note,
                    color=draft.color,
                )
            )
            if made is None:  # back to the dialog: what was typed must not be lost
                dialog = AnnotationDialog(self.db, preview, draft=draft, error=error)
                self.app.push_screen(dialog, save)
                return
            cursor.cancel()
            self._current_id = made.id
            self._changed(f"Saved {describe(made)}")

        self.app.push_screen(AnnotationDialog(self.db, preview), save)

    def _saving(self, call: Callable[[], Annotation]) -> tuple[Annotation | None, str]:
        """Run a save from the dialog: the annotation, or None and why (also notified)."""
        try:
            return call(), ""
        except ReaderError as error:
            message = f"Not saved: {error}"
        except Exception as error:  # as in _attempt: report, never crash
            message = f"Not saved: {error!r}"
        self.notify(Content(message), severity="error", timeout=10)
        return None, message

    def _confirm_reattach(self) -> None:
        from reader.tui.screens.annotation_dialog import describe

        orphan, cursor = self.reattaching, self.cursor
        assert orphan is not None and cursor is not None
        selection = cursor.selection()
        if selection is None:
            self.notify(Content("Select the passage first: v and the cursor keys, or drag."))
            return
        # re-attaching anchors to the current version: offsets taken from an older
        # one (the corpus was synced while this pane was open) would be wrong words
        current = self._attempt("Re-attaching", lambda: get_article(self.db, self.article.id))
        if current is None:
            return
        if current.version_id != self.article.version_id:
            self.notify(
                Content("The article changed since it was opened: open it again, then select."),
                severity="warning",
            )
            return
        moved = self._attempt("Re-attaching", lambda: self.annotator.reattach(orphan, *selection))
        if moved is not None:
            self.reattaching = None
            cursor.cancel()
            self._current_id = moved.id
            self._changed(f"Re-attached {describe(moved)}")

    def start_reattach(self, orphan: Annotation) -> None:
        """Ask the user to select where an orphan belongs now (``a`` confirms); before
        the article is loaded, once it is."""
        self.reattaching = orphan
        if self.cursor is not None:
            self._show_reattach(orphan)

    def _show_reattach(self, orphan: Annotation) -> None:
        from reader.tui.screens.annotation_dialog import describe

        if self.cursor is not None:
            self.cursor.cancel()
            self.cursor.place(min(orphan.start, len(self.article.clean_text)))
        self.view.scroll_to_offset(orphan.start, center=True)
        self._draw_cursor()
        self.notify(
            Content.assemble(
                "Re-attach ",
                Content(describe(orphan)),
                ": select its new place (v, cursor keys or drag), then press a. esc cancels.",
            ),
            timeout=15,
        )

    def action_edit(self) -> None:
        from reader.tui.screens.annotation_dialog import AnnotationDialog, describe

        found = self.annotation_at_cursor()
        if found is None:
            self.notify(Content("No annotation under the cursor ([ and ] jump to one)."))
            return

        def save(draft: AnnotationDraft | None) -> None:
            if draft is None:
                return
            edited, error = self._saving(
                lambda: self.annotator.edit(
                    found, tags=draft.tags, note=draft.note, color=draft.color
                )
            )
            if edited is None:  # back to the dialog: what was typed must not be lost
                dialog = AnnotationDialog(self.db, found.quote, found, draft=draft, error=error)
                self.app.push_screen(dialog, save)
                return
            self._changed(f"Saved {describe(edited)} · u: undo")

        self.app.push_screen(AnnotationDialog(self.db, found.quote, found), save)

    def action_tag(self) -> None:
        """``t``: add tags to the annotation under the cursor, or make an annotation of
        the selection with them."""
        from reader.tui.screens.annotation_dialog import TagPrompt, describe

        cursor = self.cursor
        if cursor is None:
            return
        selection = cursor.selection()
        found = None if selection is not None else self.annotation_at_cursor()
        if selection is None and found is None:
            self.notify(Content("Nothing to tag: select with v (or stand on an annotation)."))
            return
        version = self.article.version_id
        target = describe(found) if found is not None else "the selection"

        def save(tags: list[str] | None) -> None:
            if not tags:
                return
            if found is not None:
                changed = self._attempt(
                    "Tagging",
                    lambda: self.annotator.edit(found, tags=[*found.tags, *tags]),
                )
            else:
                assert selection is not None
                changed = self._attempt(
                    "Saving the annotation",
                    lambda: self.annotator.create(self.article.id, version, *selection, tags=tags),
                )
                if changed is not None:
                    cursor.cancel()
            if changed is not None:
                self._current_id = changed.id
                self._changed(f"Tagged {describe(changed)} · u: undo")

        self.app.push_screen(TagPrompt(self.db, target), save)

    def action_delete(self) -> None:
        from reader.tui.screens.annotation_dialog import describe

        found = self.annotation_at_cursor()
        if found is None:
            self.notify(Content("No annotation under the cursor ([ and ] jump to one)."))
            return
        if self._attempt("Deleting", lambda: self.annotator.delete(found)) is not None:
            self._changed(f"Deleted {describe(found)} · u: undo")

    def action_undo(self) -> None:
        from reader.tui.screens.annotation_dialog import describe

        if not self.annotator.can_undo:
            self.notify(Content("Nothing to undo."))
            return
        done = self._attempt("Undo", self.annotator.undo)
        if done is not None:
            message, annotation = done
            self.notify(literal(f"{message}: {describe(annotation)}"))
            self.post_message(AnnotationsChanged([annotation.article_id]))

    # -- the panel -----------------------------------------------------------------------

    def action_toggle_panel(self) -> None:
        """``A``: show this article's annotations beside the text (and focus them), or
        hide them and go back to the text."""
        panel = self.panel
        if panel.is_open:
            panel.remove_class("-open")
            self.view.focus()
            return
        panel.add_class("-open")
        panel.show(self.annotations, self.mode)
        self._follow_in_panel()
        panel.focus()

    def on_annotations_panel_chosen(self, event: AnnotationsPanel.Chosen) -> None:
        event.stop()
        self._jump(event.annotation)

    def on_annotations_panel_back(self, event: AnnotationsPanel.Back) -> None:
        event.stop()
        self.view.focus()
