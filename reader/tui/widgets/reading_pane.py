"""A reading pane: an :class:`ArticleView` with its border title and find bar.

The pane owns the find state of its article (query, hits, current hit) because the
hits belong to the article shown, and each pane finds on its own. Hits are computed
on the ORIGINAL text by :func:`reader.search.find_in_text` (script-insensitive), in a
thread so a million-character article never blocks typing, and handed to the view
as highlight layers in original offsets, which it draws in whatever script it shows.
"""

from __future__ import annotations

import bisect
from typing import ClassVar, Self

from textual import work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.worker import get_current_worker

from reader.conversion import DisplayScript, for_display
from reader.models import Article
from reader.search import find_in_text
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import literal
from reader.tui.state import ArticlePlace
from reader.tui.widgets.annotating_pane import AnnotatingPane
from reader.tui.widgets.article_view import ArticleView
from reader.tui.widgets.find_bar import FindBar

FIND_LAYER = "find"
FIND_CURRENT_LAYER = "find-current"


class ReadingPane(AnnotatingPane):
    """One open article. ``article`` and ``view`` are what the screen works with; the
    cursor, selection and annotations come from :class:`AnnotatingPane`."""

    #: Find's keys, and the base's again: Textual lets a subclass's bindings for a key
    #: replace its base's, and escape must reach both (see :meth:`check_action`).
    BINDINGS: ClassVar[list[BindingType]] = [*AnnotatingPane.BINDINGS, *bindings_for("find")]
    #: Set while only the border subtitle changes (see :meth:`refresh`).
    _subtitle_row_only = False

    DEFAULT_CSS = """
    ReadingPane {
        border: round $foreground 30%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        height: 1fr;
        width: 1fr;
        &:focus-within { border: round $accent; }
    }
    """

    class Changed(Message):
        """What the pane shows changed: scroll position, script, find hits."""

        def __init__(self, pane: ReadingPane) -> None:
            super().__init__()
            self.pane = pane

    def __init__(
        self,
        article: Article,
        mode: DisplayScript,
        offset: int = 0,
        *,
        find: tuple[str, int] | None = None,
        cursor: int | None = None,
    ) -> None:
        super().__init__()
        self._initial_find = find
        self._initial_cursor = cursor
        self._article = article
        self._focus_on_mount = False
        self._mode = mode
        self._initial_offset = offset
        self._loaded = False
        self._view = ArticleView()
        self._find_bar = FindBar()
        self.hits: list[tuple[int, int]] = []
        self.current_hit: int | None = None
        self._query = ""

    def compose(self) -> ComposeResult:
        yield self.panel
        yield self._view
        yield self._find_bar

    def on_mount(self) -> None:
        self.load(
            self._article,
            self._mode,
            self._initial_offset,
            find=self._initial_find,
            cursor=self._initial_cursor,
        )
        if self._focus_on_mount:
            self._view.focus()

    @property
    def view(self) -> ArticleView:
        return self._view

    def focus_view(self) -> None:
        """Give the article view the focus, now or, for a pane still composing, once
        it is mounted. Focus given to a widget that is not yet on a screen is dropped
        without a word: on a loaded machine the list kept the focus after an article
        opened, and the next keys went to the list."""
        if self._view.is_attached:
            self._view.focus()
        else:
            self._focus_on_mount = True

    @property
    def article(self) -> Article:
        return self._article

    @property
    def mode(self) -> DisplayScript:
        return self._mode

    def top_offset(self) -> int:
        """The original offset at the top of the view (before mounting: where it will be)."""
        return self.view.top_offset() if self._loaded else self._initial_offset

    def place(self) -> ArticlePlace:
        """Where the user is in the article shown, to come back to it later."""
        cursor = self.cursor.position if self.cursor is not None else self.top_offset()
        return ArticlePlace(self.article.version_id, self.top_offset(), cursor)

    def load(
        self,
        article: Article,
        mode: DisplayScript,
        offset: int = 0,
        *,
        find: tuple[str, int] | None = None,
        cursor: int | None = None,
    ) -> None:
        """Show another article in this pane, ``offset`` at the top and the cursor at
        ``cursor`` (else at ``offset``). Its find state is dropped, or replaced by
        ``find``: a query and the offset of the hit to make current."""
        self._article = article
        self._mode = mode
        self._clear_find()
        self._find_bar.close()
        self.view.load(article, mode, offset)
        self._loaded = True
        self.annotations_loaded(offset if cursor is None else cursor)
        self._update_title()
        self._update_subtitle()
        if find is not None:
            self.find(*find)

    def set_mode(self, mode: DisplayScript) -> None:
        self._mode = mode
        if self._loaded:
            self.view.set_mode(mode)
            self.annotations_mode_changed()
            self._update_title()
        self._update_subtitle()

    def _update_title(self) -> None:
        """The article's title, in the script the body is shown in."""
        self.border_title = literal(for_display(self._article.title, self._mode).text)

    def _update_subtitle(self) -> None:
        parts = [self.view.mode.label, f"{round(self.view.progress * 100)}%"]
        if self.find_summary:
            parts.append(f"find {self.find_summary}")
        if self.status_part():
            parts.append(self.status_part())
        subtitle = " · ".join(parts)
        if str(self.border_subtitle) != subtitle:
            self._subtitle_row_only = True
            try:
                self.border_subtitle = Content(subtitle)
            finally:
                self._subtitle_row_only = False
        self.post_message(self.Changed(self))

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """A new subtitle (the progress, on most scrolling keys) repaints the bottom
        border row it is drawn on, not the whole pane: Textual repaints every row of
        the pane for it (38 at 40 lines), on top of the rows the view repaints."""
        size = self.outer_size
        if (
            self._subtitle_row_only
            and not regions
            and not (layout or recompose)
            and size.height > 1
            and self.styles.border_bottom[0] not in ("", "none", "hidden")
        ):
            offset = self.content_offset  # regions are given in content coordinates
            regions = (Region(-offset.x, size.height - 1 - offset.y, size.width, 1),)
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def on_article_view_top_changed(self, event: ArticleView.TopChanged) -> None:
        event.stop()
        self.keep_cursor_in_view()
        self._update_subtitle()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter and escape belong to find only while it is in use; otherwise they fall
        through to the panel (enter) and to cancelling a selection (escape)."""
        if action == "accept":
            return self._find_bar.has_focus_within
        if action == "close":
            return self._find_bar.has_class("-open") or bool(self.hits)
        return True

    # -- find ------------------------------------------------------------------------

    def open_find(self) -> None:
        self._find_bar.open()

    def find(self, query: str, select_at: int | None = None) -> None:
        """Find ``query`` in the article (in a worker); with ``select_at``, make the hit
        starting there current, else the first hit at or after the top of the view."""
        self._query = query
        self._find_bar.show_query(query)
        self._run_find(query, select_at)

    def on_find_bar_changed(self, event: FindBar.Changed) -> None:
        event.stop()
        self._query = event.query
        self._run_find(event.query, None)

    def action_accept(self) -> None:
        """Keep the hits and read on (focus moves now, not after a refresh)."""
        self.screen.set_focus(self.view)

    def action_close(self) -> None:
        """Close the find bar and clear the hits."""
        self._find_bar.close()
        self._clear_find()
        self.screen.set_focus(self.view)

    @work(thread=True, exclusive=True, group="find")
    def _run_find(self, query: str, select_at: int | None) -> None:
        hits = find_in_text(self.article.clean_text, query) if query.strip() else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hits, query, hits, select_at)

    def _show_hits(self, query: str, hits: list[tuple[int, int]], select_at: int | None) -> None:
        if query != self._query:
            return
        self.hits = hits
        self.view.set_highlights(FIND_LAYER, hits, "article-view--find")
        self.current_hit = None
        if hits:
            anchor = self.view.top_offset() if select_at is None else select_at
            starts = [start for start, _ in hits]
            self._select(min(bisect.bisect_left(starts, anchor), len(hits) - 1))
        else:
            self.view.clear_highlights(FIND_CURRENT_LAYER)
        self._show_count()

    def step_hit(self, step: int) -> bool:
        """Move to the next (``step=1``) or previous (``-1``) hit, wrapping; False if
        there are no hits."""
        if not self.hits:
            return False
        if self.current_hit is None:
            self._select(0 if step > 0 else len(self.hits) - 1)
        else:
            self._select((self.current_hit + step) % len(self.hits))
        self._show_count()
        return True

    def _select(self, index: int) -> None:
        """Make hit ``index`` current: highlighted, centred, and the reading cursor on
        its start, so what ``a`` annotates next is the passage just found."""
        self.current_hit = index
        start, end = self.hits[index]
        self.view.set_highlights(
            FIND_CURRENT_LAYER, [(start, end)], "article-view--find-current", priority=1
        )
        self.view.scroll_to_offset(start, center=True)
        self.place_cursor(start)

    def _show_count(self) -> None:
        self._find_bar.set_count(self.find_summary)
        self._update_subtitle()

    def _clear_find(self) -> None:
        self._query = ""
        self.hits = []
        self.current_hit = None
        self.view.clear_highlights(FIND_LAYER)
        self.view.clear_highlights(FIND_CURRENT_LAYER)
        self._update_subtitle()

    @property
    def find_summary(self) -> str:
        """``3/17`` (current hit / hits), ``no match``, or ``""`` with no query."""
        if not self._query.strip():
            return ""
        if not self.hits or self.current_hit is None:
            return "no match"
        return f"{self.current_hit + 1}/{len(self.hits)}"
