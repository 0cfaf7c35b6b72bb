"""The main screen: the article list and up to two reading panes.

Layout adapts to the terminal with classes set on resize (Textual's responsive
idiom): ``-stacked`` puts two panes one above the other on a narrow terminal, and
``-collapsed`` hides the list while reading when there is no room for it; focusing
the list (``l``, ``tab``) then shows it until an article is opened: as a column
over the left of the panes (``-overlay``: the panes stay in view and keep their
layout, so nothing re-wraps) when the panes are side by side, full width when they
are stacked on a narrow terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import events
from textual.app import ComposeResult
from textual.containers import Container, Horizontal
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, Static

from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.models import ArticleSummary
from reader.store import articles as article_store
from reader.tui.annotation_actions import AnnotationActions
from reader.tui.bindings import bindings_for
from reader.tui.entity_actions import EntityActions
from reader.tui.feed_actions import FeedActions
from reader.tui.lookup_actions import LookupActions
from reader.tui.outside_changes import OutsideChanges
from reader.tui.read_actions import ReadActions
from reader.tui.safe_text import printable
from reader.tui.state import ArticlePlace, PaneState, ReadingState
from reader.tui.widgets.article_list import ArticleList
from reader.tui.widgets.footer import ReaderFooter

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp
    from reader.tui.widgets.reading_pane import ReadingPane

#: Below this many columns two panes stack and the list hides while reading.
NARROW = 100
#: Below this many columns two side-by-side panes leave no room for the list.
WIDE = 160
MAX_PANES = 2


def empty_message(corpus: str) -> Content:
    """What to do when the store is empty (the corpus path is shown literally)."""
    return Content.assemble(
        ("No articles yet.\n\n", "bold"),
        "Import files or folders of .txt / .md articles:\n\n",
        ("    reader import PATH…\n\n", "$accent"),
        "or put them in the corpus folder and start reader again:\n\n    ",
        (corpus, "$accent"),
        "\n\nThe folder is synced at every start: new and changed files are imported.",
    )


class MainScreen(
    ReadActions, FeedActions, EntityActions, AnnotationActions, LookupActions, OutsideChanges
):
    """List, panes, status line, footer (annotation features: :class:`AnnotationActions`;
    entity panel, highlights, concordance and browser: :class:`EntityActions`)."""

    BINDINGS = bindings_for("main")
    #: :meth:`on_mount` focuses the list or the restored pane itself.
    AUTO_FOCUS = ""

    def __init__(self) -> None:
        super().__init__()
        self._last_pane: ReadingPane | None = None
        self._sync_status = ""
        #: The saved selection, until the list that holds it is loaded.
        self._pending_selection: int | None = None
        #: Where the user left each article a pane stopped showing (article id → place),
        #: so opening it again without a target goes back there.
        self._places: dict[int, ArticlePlace] = {}

    def compose(self) -> ComposeResult:
        self._set_initial_classes()
        with Horizontal(id="body"):
            yield ArticleList(id="list")
            yield Static(empty_message(str(self.reader.corpus)), id="empty")
            yield Container(id="panes")
        with Horizontal(id="status"):
            yield Label(id="status-left")
            yield Label(id="status-right")
        yield ReaderFooter()

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def article_list(self) -> ArticleList:
        return self.query_one(ArticleList)

    @property
    def panes(self) -> list[ReadingPane]:
        # By name: the pane's module (and the annotation machinery it brings) is
        # imported when the first article opens, not before the first paint.
        panes = self.query_one("#panes").query_children("ReadingPane")
        return cast("list[ReadingPane]", list(panes))

    @property
    def current_pane(self) -> ReadingPane | None:
        """The pane with focus, else the one that had it last, else the first."""
        panes = self.panes
        focused = self.focused
        for pane in panes:
            if focused is not None and pane in focused.ancestors_with_self:
                return pane
        if self._last_pane in panes:
            return self._last_pane
        return panes[0] if panes else None

    def on_mount(self) -> None:
        """Fill the list, reopen the saved panes, then set the layout and the focus
        once: every layout class that changes on the way restyles the whole screen
        (with two panes to restore, that doubled the time to the first paint)."""
        self.article_list.set_mode(self.reader.mode)
        self.article_list.set_articles(self.reader.summaries, self.reader.article_count)
        if not self.restore(self.reader.initial_state):
            self.article_list.focus()
        self._update_layout()
        self.refresh_status()
        self.start_counts()

    # -- articles ------------------------------------------------------------------

    def set_articles(self, summaries: list[ArticleSummary]) -> None:
        self.article_list.set_articles(summaries, self.reader.article_count)
        if self._pending_selection is not None and self.article_list.cursor == 0:
            self.article_list.select_id(self._pending_selection)
        if len(summaries) >= self.reader.article_count:
            self._pending_selection = None
        self._update_layout()
        self.refresh_status()

    def set_sync_status(self, text: str) -> None:
        self._sync_status = text
        self.refresh_status()

    def open_article(
        self,
        article_id: int,
        *,
        beside: bool = False,
        offset: int | None = None,
        mode: DisplayScript | None = None,
        focus: bool = True,
        find: tuple[str, int] | None = None,
        cursor: int | None = None,
    ) -> ReadingPane | None:
        """Open an article in the current pane, or beside it (``beside``): a second
        pane is added, or the other one is reused. ``find`` is a query and the offset
        of the hit to make current (opening a search hit). An article the other pane
        already shows is not opened twice: that pane is focused (and scrolled to
        ``offset``, if given). Without an ``offset``, an article read before opens
        where the user left it. ``cursor`` puts the cursor elsewhere than at
        ``offset``. Errors become notifications."""
        try:
            article = article_store.get_article(self.reader.db, article_id)
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            return None
        panes = self.panes
        current = self.current_pane
        showing = next((p for p in panes if p is not current and p.article.id == article_id), None)
        if showing is not None:
            return self._reveal_open(showing, offset, find=find, focus=focus)
        mode = mode or self.reader.mode
        if current is not None and current.article.id == article_id and not beside:
            self.remember_place(current)  # opened again where it is: stay put
        place = self._places.get(article_id)
        if offset is None and place is not None and place.version_id == article.version_id:
            offset, cursor = place.offset, place.cursor
        offset = offset or 0
        if current is None or (beside and len(panes) < MAX_PANES):
            from reader.tui.widgets.reading_pane import ReadingPane

            pane = ReadingPane(article, mode, offset, find=find, cursor=cursor)
            container = self.query_one("#panes")
            if current is None:
                container.mount(pane)
            else:
                container.mount(pane, after=current)
        else:
            pane = next(p for p in panes if p is not current) if beside else current
            self.remember_place(pane)
            pane.load(article, mode, offset, find=find, cursor=cursor)
        self.article_list.select_id(article_id)
        self.mark_read(article_id, True, was_read=article.summary.read)
        self.call_after_refresh(self._after_panes_change)
        if focus:
            self._last_pane = pane
            self.remove_class("-list-focus")  # a collapsed list gives way to the pane
            self.call_after_refresh(pane.focus_view)
        return pane

    def _reveal_open(
        self,
        pane: ReadingPane,
        offset: int | None,
        *,
        find: tuple[str, int] | None,
        focus: bool,
    ) -> ReadingPane:
        """Show a pane that already has the article instead of opening it again."""
        if offset is not None:
            pane.go_to(offset)
        if find is not None:
            pane.find(*find)
        self.article_list.select_id(pane.article.id)
        self.refresh_status()
        if focus:
            self._last_pane = pane
            self.remove_class("-list-focus")
            self.call_after_refresh(pane.focus_view)
        return pane

    def remember_place(self, pane: ReadingPane) -> None:
        """Keep where the user is in the pane's article before it goes away (last, so
        the oldest places are the first dropped when saved)."""
        self._places.pop(pane.article.id, None)
        self._places[pane.article.id] = pane.place()

    def _after_panes_change(self) -> None:
        self.article_list.set_open(frozenset(p.article.id for p in self.panes))
        self._follow()  # entity panel, highlights and concordance: a closed pane is gone now
        self._update_layout()
        self.refresh_status()
        self.reader.state_changed()

    # -- layout --------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._update_layout()

    def _update_layout(self) -> None:
        # A filter that keeps nothing shows an empty list, not the import help.
        rows = len(self.article_list.rows) or int(not self.reader.list_filter.is_empty)
        self._set_layout_classes(self.size.width, rows, len(self.panes))

    def _set_layout_classes(self, width: int, rows: int, panes: int) -> None:
        narrow = width < NARROW
        self.set_class(not rows, "-empty")
        self.set_class(panes == 0, "-no-panes")
        self.set_class(narrow, "-stacked")
        collapsed = panes > 0 and (narrow or (panes > 1 and width < WIDE))
        self.set_class(collapsed, "-collapsed")
        self.set_class(collapsed and not narrow, "-overlay")

    def _set_initial_classes(self) -> None:
        """The classes the start-up state will need, set before the children mount:
        each class that changes after restyles the whole screen (~5 ms each)."""
        state = self.reader.initial_state
        rows = len(self.reader.summaries)
        self._set_layout_classes(self.app.size.width, rows, len(state.panes))
        self.set_class(state.focused is None, "-list-focus")

    def _update_list_focus(self) -> None:
        self.set_class(self.focused is self.article_list, "-list-focus")

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        pane = self.current_pane
        if pane is not None and pane in event.widget.ancestors_with_self:
            self._last_pane = pane
        self._update_list_focus()
        self.refresh_status()

    # -- status --------------------------------------------------------------------

    def refresh_status(self) -> None:
        pane = self.current_pane
        left = [f"display {self.reader.mode.label}"]
        if pane is not None:
            left.append(f"pane {pane.mode.label}")
            if pane.find_summary:
                left.append(f"find {pane.find_summary}")
        right = [f"{self.article_list.total} articles", f"{self.reader.unread_count} unread"]
        if not self.reader.list_filter.is_empty:
            right.append(f"listing {printable(self.reader.list_filter.describe())}")
        if self._sync_status:
            right.append(self._sync_status)
        self._set_label("#status-left", "  ·  ".join(left))
        self._set_label("#status-right", "  ·  ".join(right))

    def _set_label(self, selector: str, text: str) -> None:
        """Update a status label only when its text changes: an update re-lays out
        the screen, which scrolling must not pay for on every line."""
        label = self.query_one(selector, Label)
        if str(label.content) != text:
            label.update(Content(text))

    def on_reading_pane_changed(self, event: ReadingPane.Changed) -> None:
        if event.pane is self.current_pane:
            self.refresh_status()
        self.reader.state_changed()

    def on_article_list_open_requested(self, event: ArticleList.OpenRequested) -> None:
        self.open_article(event.summary.id, beside=event.beside)

    # -- reading state -------------------------------------------------------------

    def reading_state(self) -> ReadingState:
        panes = self.panes
        current = self.current_pane
        focused = None
        if current in panes and self.focused is not self.article_list:
            focused = panes.index(current)
        selected = self.article_list.selected
        return ReadingState(
            mode=self.reader.mode,
            panes=tuple(
                PaneState(p.article.id, p.top_offset(), p.mode, p.place().cursor) for p in panes
            ),
            focused=focused,
            selected=selected.id if selected else None,
            places=tuple(self._places.items()),
        )

    def restore(self, state: ReadingState) -> bool:
        """Reopen the panes of a saved state; articles that are gone are skipped.
        Returns whether a reopened pane takes the focus."""
        if state.selected is not None and not self.article_list.select_id(state.selected):
            self._pending_selection = state.selected  # beyond the first page listed
        self._places = dict(state.places)
        opened: list[ReadingPane] = []
        for pane_state in state.panes:
            pane = self.open_article(
                pane_state.article_id,
                beside=bool(opened),
                offset=pane_state.offset,
                mode=pane_state.mode,
                focus=False,
                cursor=pane_state.cursor,
            )
            if pane is not None:
                opened.append(pane)
        if state.focused is not None and state.focused < len(opened):
            target = opened[state.focused]
            self._last_pane = target
            self.call_after_refresh(target.focus_view)
            return True
        return False

    # -- actions -------------------------------------------------------------------

    def _focus_order(self) -> list[Widget]:
        order: list[Widget] = [self.article_list] if self.article_list.rows else []
        return order + [pane.view for pane in self.panes]

    def _cycle_focus(self, step: int) -> None:
        order = self._focus_order()
        if not order:
            return
        focused = self.focused
        index = next(
            (
                i
                for i, w in enumerate(order)
                if focused is not None and w in focused.ancestors_with_self
            ),
            -1 if step > 0 else 0,
        )
        target = order[(index + step) % len(order)]
        if target is self.article_list:
            self.add_class("-list-focus")
        target.focus()

    def action_next_pane(self) -> None:
        self._cycle_focus(1)

    def action_previous_pane(self) -> None:
        self._cycle_focus(-1)

    def action_focus_list(self) -> None:
        if self.article_list.rows:
            self.add_class("-list-focus")
            self.article_list.focus()

    def action_cycle_script(self) -> None:
        """Next script for every pane (and the list's titles)."""
        pane = self.current_pane
        mode = (pane.mode if pane is not None else self.reader.mode).next()
        self.reader.mode = mode
        for each in self.panes:
            each.set_mode(mode)
        self.article_list.set_mode(mode)
        self.refresh_status()
        self.reader.state_changed()

    def action_cycle_pane_script(self) -> None:
        pane = self.current_pane
        if pane is not None:
            pane.set_mode(pane.mode.next())
            self.refresh_status()
            self.reader.state_changed()

    def action_open_beside(self) -> None:
        selected = self.article_list.selected
        if selected is not None:
            self.open_article(selected.id, beside=True)

    async def action_close_pane(self) -> None:
        pane = self.current_pane
        if pane is None:
            return
        remaining = [p for p in self.panes if p is not pane]
        self.remember_place(pane)
        removal = pane.remove()
        self._last_pane = remaining[0] if remaining else None
        if remaining:
            remaining[0].view.focus()
        else:
            self.article_list.focus()
        # Removal finishes later: a refresh callback queued now could still count the
        # closed pane (the layout then stayed in panes mode). Wait for it.
        await removal
        self._after_panes_change()

    def action_find(self) -> None:
        pane = self.current_pane
        if pane is None:
            self.notify(Content("Open an article first (enter on the list)."))
            return
        pane.open_find()

    def _step(self, step: int) -> None:
        pane = self.current_pane
        if pane is None or not pane.step_hit(step):
            self.notify(Content("No find hits: press / to find in the article."))
        self.refresh_status()

    def action_find_next(self) -> None:
        self._step(1)

    def action_find_previous(self) -> None:
        self._step(-1)
