"""The main screen's entity features: analysis, highlights, panel, concordance, browser.

A mixin of :class:`~reader.tui.screens.main.MainScreen` (like
:class:`~reader.tui.annotation_actions.AnnotationActions`), kept apart so the screen
stays about layout and panes. It follows the panes through the messages the screen
already gets (a pane's :class:`~reader.tui.widgets.reading_pane.ReadingPane.Changed`
after a load, a script change or a scroll; focus moving) and brings the entity views
in line with them: the panel lists the current article's entities, the panes' entity
layers show what is asked, the concordance marks the articles open.

Nothing here waits on analysis. :meth:`start_entity_analysis` runs
:func:`~reader.entities.analysis.analyze_pending` in a child process
(:mod:`reader.entities.background`; jieba is never loaded in the interface) when
:func:`~reader.entities.identity.analysis_pending` says there is anything to do, watched
by a thread worker that reports its progress on the status line and kills it if
cancelled (the app closing); when it is done the caches are dropped and every view is
redrawn. Panel
queries are index lookups made on the UI thread, once per article (cached until the
entities change); the list's per-article counts are read for the rows it draws, on a
worker (:mod:`reader.tui.entity_counts`).

Highlight layers, under annotations and find (negative priorities):

- ``entities``: every mention, coloured by kind, underlined when the other pane's
  article mentions the entity too (``H`` toggles it);
- ``entity-selected``: the mentions of the entity the panel's cursor is on (while
  the panel shows);
- ``entity-current``: the one mention reached with ``n``/``N`` or the concordance.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from rich.style import Style
from textual import events, work
from textual.content import Content
from textual.screen import Screen
from textual.style import Style as TextualStyle
from textual.worker import get_current_worker

from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.store.space import explain_store_failure
from reader.tui.entity_counts import EntityCountsColumn
from reader.tui.safe_text import literal

if TYPE_CHECKING:
    from reader.store import entities as entity_store
    from reader.tui.app import ReaderApp
    from reader.tui.screens.entities import BrowserOutcome
    from reader.tui.widgets.article_list import ArticleList
    from reader.tui.widgets.article_view import ArticleView
    from reader.tui.widgets.concordance import Concordance
    from reader.tui.widgets.cursor_list import CursorList
    from reader.tui.widgets.entity_panel import EntityList, EntityPanel
    from reader.tui.widgets.reading_pane import ReadingPane

ENTITY_LAYER = "entities"
SELECTED_LAYER = "entity-selected"
CURRENT_LAYER = "entity-current"
#: Below find (0, 1) and annotations, whatever they use above 0.
PRIORITIES = {ENTITY_LAYER: -3, SELECTED_LAYER: -2, CURRENT_LAYER: -1}
#: Characters of context either side of a mention in the concordance.
CONTEXT = 30
#: Mentions read at a time for the concordance (the subtitle says when there are more;
#: the next page is read as the cursor nears the end): each line quoted reads its
#: article's text, so a page costs this many reads whatever the entity.
CONCORDANCE_LIMIT = 200


@dataclass(frozen=True)
class _ArticleEntities:
    """What the views need of one article: its entities (panel order) and mentions."""

    summaries: list[entity_store.EntitySummary]
    mentions: list[entity_store.ArticleMention]

    @property
    def ids(self) -> frozenset[int]:
        return frozenset(summary.id for summary in self.summaries)


@dataclass(frozen=True)
class _Mark:
    """The mention reached last (``entity-current``)."""

    article_id: int
    entity_id: int
    start: int
    end: int


@dataclass(frozen=True)
class _ConcordancePage:
    """The concordance's last page read: where the next starts, whether there is one."""

    entity: entity_store.EntitySummary
    #: The article listed first (the current one), left out of the pages.
    here: int | None
    groups: list[entity_store.ConcordanceGroup]

    @property
    def more(self) -> bool:
        return sum(len(group.lines) for group in self.groups) >= CONCORDANCE_LIMIT

    @property
    def after(self) -> tuple[int, int] | None:
        if not self.groups:
            return None
        return self.groups[-1].article_id, self.groups[-1].lines[-1].start


def _counts(entity: entity_store.EntitySummary, listed: int) -> str:
    """The concordance's subtitle: how much of it is read so far."""
    counts = f"{entity.mentions:,} mentions in {entity.articles:,} articles"
    return f"first {listed:,} of {counts}" if listed < entity.mentions else counts


#: The name the entity browser is installed under (see :meth:`action_entity_browser`).
BROWSER_SCREEN = "entity-browser"


class EntityActions(Screen[None]):
    """Entity analysis and every entity view of the main screen."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The panel and the concordance, made and mounted on first use: hidden
        #: until then, they are not worth their ~10 ms before the first paint.
        self._entity_views: tuple[EntityPanel, Concordance] | None = None
        #: Whether every mention is coloured (``H``).
        self.entity_highlights = False
        #: Whether analysis is running now.
        self.analysing = False
        #: The analysis child's process id while it runs (tests and benches watch it).
        self.analysis_pid: int | None = None
        #: Analysis children started so far: none at a start with nothing new.
        self.analysis_children = 0
        self._entities: dict[int, _ArticleEntities] = {}
        self._applied: dict[int, tuple[object, ...]] = {}
        self._panel_key: tuple[object, ...] | None = None
        self._mark: _Mark | None = None
        self._follow_pending = False
        self._concordance_page: _ConcordancePage | None = None

    @cached_property
    def entity_counts(self) -> EntityCountsColumn:
        """The list's entity counts, shown once analysis has been done."""
        return EntityCountsColumn(self.article_list, self.reader.store)

    @property
    def entity_panel(self) -> EntityPanel:
        return self._views()[0]

    @property
    def concordance(self) -> Concordance:
        return self._views()[1]

    def _views(self) -> tuple[EntityPanel, Concordance]:
        if self._entity_views is None:
            from reader.tui.widgets.concordance import Concordance
            from reader.tui.widgets.entity_panel import EntityPanel

            panel = EntityPanel(id="entity-panel")
            concordance = Concordance(id="concordance")
            panel.display = concordance.display = False
            self._entity_views = (panel, concordance)
        return self._entity_views

    def _panel_shown(self) -> bool:
        """Whether the panel is on screen (asking does not make it)."""
        return self._entity_views is not None and self._entity_views[0].display

    def _concordance_shown(self) -> bool:
        return self._entity_views is not None and self._entity_views[1].display

    # provided by MainScreen
    reader: ReaderApp
    article_list: ArticleList
    panes: list[ReadingPane]
    current_pane: ReadingPane | None
    set_sync_status: Callable[[str], None]
    open_article: Callable[..., ReadingPane | None]

    # -- analysis --------------------------------------------------------------------

    def start_entity_analysis(self) -> None:
        """Analyse whatever is pending in a thread, then refresh every entity view."""
        self.analysing = True
        self.set_sync_status("entities…")
        self._follow()
        self._analyse()

    @work(thread=True, exclusive=True, group="entities")
    def _analyse(self) -> None:
        from reader.entities.background import BackgroundAnalysis

        worker = get_current_worker()
        try:
            if self._analysis_needed():
                # a child process of its own (see reader.entities.background): its
                # memory and its Python code are not the interface's; cancelling kills it
                with BackgroundAnalysis(self.reader.db_path, worker.cancelled_event) as child:
                    self.analysis_pid = child.pid
                    self.analysis_children += 1
                    for done, total in child.progress():
                        if worker.is_cancelled:
                            break
                        status = f"entities {done}/{total}"
                        self.app.call_from_thread(self.set_sync_status, status)
        except Exception as error:  # analysis is an extra: say so, read on
            if worker.is_cancelled:
                return
            message = str(error) if isinstance(error, ReaderError) else repr(error)
            message = explain_store_failure(self.reader.db_path, message)
            self.app.call_from_thread(self._analysis_failed, message)
            return
        finally:
            self.analysis_pid = None
        if not worker.is_cancelled:
            self.app.call_from_thread(self._analysis_done)

    def _analysis_needed(self) -> bool:
        """Whether the store holds anything to analyse, asked without the analyser
        (:func:`~reader.entities.identity.analysis_pending`: no jieba, a few index
        reads): a start with nothing new starts no child. If the store cannot say,
        the child is started and tells what is wrong."""
        from reader.entities.identity import analysis_pending

        try:
            with self.reader.store.connection() as db:
                return analysis_pending(db)
        except ReaderError:
            return True

    def _analysis_failed(self, message: str) -> None:
        self.analysing = False
        self.set_sync_status("")
        self.notify(literal(f"Entity analysis failed: {message}"), severity="error", timeout=10)
        self.entities_changed(recount=False)

    def _analysis_done(self) -> None:
        self.analysing = False
        self.set_sync_status("")
        self.entity_counts.show()
        self.entities_changed(recount=False)

    # -- following the panes -----------------------------------------------------------

    def entities_changed(self, *, recount: bool = True) -> None:
        """Entities changed (analysis, curation): forget the cache, redraw everything."""
        from reader.store import entities as entity_store

        self._entities.clear()
        self._applied.clear()
        self._panel_key = None
        if recount and self.entity_counts.shown:
            self.entity_counts.drop()
        if self._concordance_shown() and self.concordance.entity_id is not None:
            try:
                entity = entity_store.get_entity(self.reader.db, self.concordance.entity_id)
            except ReaderError:
                entity = None
            if entity is None or entity.hidden:
                self._close_concordance()
            else:
                self._show_concordance(entity, focus=False)
        self._follow()

    def on_reading_pane_changed(self, event: ReadingPane.Changed) -> None:
        self._follow()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._follow()

    def _follow(self) -> None:
        """Bring the entity views in line with the panes once the current message is
        handled (a closed pane is gone by then)."""
        if not self._follow_pending:
            self._follow_pending = True
            self.call_later(self._follow_now)

    def _follow_now(self) -> None:
        self._follow_pending = False
        if not self.is_attached:
            return
        panes = self.panes
        self._update_panel(self.current_pane, panes)
        selected = self._selected_entity()
        live = set()
        for pane in panes:
            live.add(id(pane.view))
            self._apply_layers(pane, panes, selected)
        self._applied = {key: value for key, value in self._applied.items() if key in live}
        if self._concordance_shown():
            self.concordance.set_view(self._mode(), frozenset(p.article.id for p in panes))

    def _mode(self) -> DisplayScript:
        pane = self.current_pane
        return pane.mode if pane is not None else self.reader.mode

    def _article_entities(self, article_id: int) -> _ArticleEntities:
        from reader.store import entities as entity_store

        found = self._entities.get(article_id)
        if found is None:
            try:
                found = _ArticleEntities(
                    entity_store.entities_for_article(self.reader.db, article_id),
                    entity_store.article_mentions(self.reader.db, article_id),
                )
            except ReaderError as error:
                self.notify(Content(str(error)), severity="error")
                found = _ArticleEntities([], [])
            self._entities[article_id] = found
        return found

    def _shared(self, pane: ReadingPane, panes: list[ReadingPane]) -> frozenset[int] | None:
        """Entities the other pane's article mentions too (None with one pane)."""
        others = [p for p in panes if p is not pane]
        if not others:
            return None
        return (
            self._article_entities(pane.article.id).ids
            & self._article_entities(others[0].article.id).ids
        )

    def _update_panel(self, current: ReadingPane | None, panes: list[ReadingPane]) -> None:
        if not self._panel_shown():
            self._panel_key = None
            return
        panel = self.entity_panel
        article = current.article.id if current is not None else None
        key = (article, self._mode(), tuple(p.article.id for p in panes), self.analysing)
        if key == self._panel_key:
            return
        self._panel_key = key
        if current is None:
            panel.show_message("Open an article to see who and what it mentions.")
            return
        found = self._article_entities(current.article.id)
        if not found.summaries:
            panel.show_message(
                "Finding entities… (analysis runs in the background)"
                if self.analysing
                else "No entities found in this article."
            )
            return
        selected = panel.entity_list.selected
        panel.show(
            found.summaries,
            self._shared(current, panes),
            self._mode(),
            keep=selected.id if selected is not None else None,
        )

    def _selected_entity(self) -> int | None:
        if not self._panel_shown():
            return None
        selected = self.entity_panel.entity_list.selected
        return selected.id if selected is not None else None

    def _apply_layers(
        self, pane: ReadingPane, panes: list[ReadingPane], selected: int | None
    ) -> None:
        """Set the pane's three entity layers, unless they already show this."""
        article_id = pane.article.id
        mark = self._mark if self._mark and self._mark.article_id == article_id else None
        shared = self._shared(pane, panes) if self.entity_highlights else None
        key = (article_id, self.entity_highlights, shared, selected, mark)
        view = pane.view
        if self._applied.get(id(view)) == key:
            return
        self._applied[id(view)] = key
        found = self._article_entities(article_id)
        if self.entity_highlights:
            self._highlight_all(view, found, shared or frozenset())
        else:
            view.clear_highlights(ENTITY_LAYER)
        chosen = [(m.start, m.end) for m in found.mentions if m.entity_id == selected]
        if chosen:
            view.set_highlights(
                SELECTED_LAYER,
                chosen,
                Style(bold=True, underline=True),
                priority=PRIORITIES[SELECTED_LAYER],
            )
        else:
            view.clear_highlights(SELECTED_LAYER)
        if mark is not None:
            kind = next((s.kind for s in found.summaries if s.id == mark.entity_id), None)
            entity_list = self.entity_panel.entity_list

            def current(_: int) -> Style:
                colour = entity_list.kind_style(kind) if kind is not None else Style()
                return colour + Style(reverse=True, bold=True)

            view.set_highlights(
                CURRENT_LAYER, [(mark.start, mark.end)], current, priority=PRIORITIES[CURRENT_LAYER]
            )
        else:
            view.clear_highlights(CURRENT_LAYER)

    def _highlight_all(
        self, view: ArticleView, found: _ArticleEntities, shared: frozenset[int]
    ) -> None:
        kinds = {summary.id: summary.kind for summary in found.summaries}
        mentions = [m for m in found.mentions if m.entity_id in kinds]
        entity_list = self.entity_panel.entity_list

        def style(index: int) -> Style:
            # Resolved when drawn, so the colours follow the theme.
            entity = mentions[index].entity_id
            colour = entity_list.kind_style(kinds[entity])
            return colour + Style(underline=True) if entity in shared else colour

        view.set_highlights(
            ENTITY_LAYER,
            [(m.start, m.end) for m in mentions],
            style,
            priority=PRIORITIES[ENTITY_LAYER],
        )

    # -- actions -----------------------------------------------------------------------

    async def _mount_entity_views(self) -> None:
        """Mount the panel (beside the panes) and the concordance (under them) the
        first time an entity view is asked for; the highlights' colours come from the
        panel's styles, so it is mounted even while hidden."""
        panel, concordance = self._views()
        if panel.parent is None:  # not is_mounted: that is False until the mount ends
            await self.query_one("#body").mount(panel)
            await self.mount(concordance, after="#body")

    async def action_entity_panel(self) -> None:
        """Show and focus the panel; hide it when it has focus already."""
        await self._mount_entity_views()
        panel = self.entity_panel
        if panel.display and panel.has_focus_within:
            self._hide_panel()
            return
        panel.display = True
        self._panel_key = None
        self._follow()
        panel.entity_list.focus()

    def _hide_panel(self) -> None:
        self.entity_panel.display = False
        pane = self.current_pane
        if pane is not None:
            pane.view.focus()
        self._follow()

    async def action_entity_highlights(self) -> None:
        from reader.tui.widgets.entity_panel import KIND_GLYPHS

        await self._mount_entity_views()
        self.entity_highlights = not self.entity_highlights
        shown = "on" if self.entity_highlights else "off"
        legend = "  ".join(f"{KIND_GLYPHS[kind]} {kind.value}" for kind in KIND_GLYPHS)
        self.notify(Content(f"Entity colours {shown}: {legend}"), timeout=3)
        self._follow()

    def action_entity_browser(self) -> None:
        from reader.tui.screens.entities import EntityBrowser

        if not isinstance(self.app.screen, EntityBrowser):
            # Made once and kept (installed): opening it again costs no compose or
            # styling of its widgets, only its first page read and painted.
            if not self.app.is_screen_installed(BROWSER_SCREEN):
                self.app.install_screen(EntityBrowser(self.reader.mode), BROWSER_SCREEN)
            else:
                browser = self.app.get_screen(BROWSER_SCREEN)
                if isinstance(browser, EntityBrowser):
                    browser.reopen()
            self.app.push_screen(BROWSER_SCREEN, self._browser_closed)

    async def _browser_closed(self, outcome: BrowserOutcome | None) -> None:
        from reader.store import entities as entity_store

        if outcome is None:
            return
        if outcome.changed:
            self.entities_changed()
        if outcome.entity_id is not None:
            await self._mount_entity_views()
            try:
                entity = entity_store.get_entity(self.reader.db, outcome.entity_id)
            except ReaderError as error:
                self.notify(Content(str(error)), severity="error")
                return
            self._show_concordance(entity)

    # -- the panel's messages ----------------------------------------------------------

    def on_cursor_list_highlighted(self, event: CursorList.Highlighted) -> None:
        if event.control.id == "entity-list":
            event.stop()
            self._follow()

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        if event.control.id != "entity-list":
            return
        event.stop()
        selected = self.entity_panel.entity_list.selected
        if selected is not None:
            self._show_concordance(selected)

    def on_entity_list_step_mention(self, event: EntityList.StepMention) -> None:
        event.stop()
        pane = self.current_pane
        if pane is None:
            return
        mentions = [
            m
            for m in self._article_entities(pane.article.id).mentions
            if m.entity_id == event.entity.id
        ]
        if not mentions:
            return
        mark = self._mark
        starts = [m.start for m in mentions]
        if mark is not None and mark.article_id == pane.article.id and mark.start in starts:
            index = (starts.index(mark.start) + event.step) % len(mentions)
        else:
            top = pane.view.top_offset()
            after = [i for i, start in enumerate(starts) if start >= top]
            index = after[0] if event.step > 0 and after else len(mentions) - 1
            if event.step < 0:
                before = [i for i, start in enumerate(starts) if start < top]
                index = before[-1] if before else len(mentions) - 1
        mention = mentions[index]
        self._go_to(pane, event.entity.id, mention.start, mention.end)
        self.entity_panel.show_position(f"{index + 1}/{len(mentions)} here")

    def on_entity_list_close_requested(self, event: EntityList.CloseRequested) -> None:
        event.stop()
        self._hide_panel()

    def _go_to(self, pane: ReadingPane, entity_id: int, start: int, end: int) -> None:
        """Scroll ``pane`` to a mention (centred) and mark it."""
        self._mark = _Mark(pane.article.id, entity_id, start, end)
        pane.view.scroll_to_offset(start, center=True)
        self._follow()

    # -- the concordance ---------------------------------------------------------------

    def _show_concordance(self, entity: entity_store.EntitySummary, *, focus: bool = True) -> None:
        """Every mention of ``entity``: the current article's first, then the others,
        a page at a time (the next is read when the cursor nears the end)."""
        from reader.store import entities as entity_store
        from reader.tui.widgets.entity_panel import KIND_GLYPHS

        pane = self.current_pane
        here = pane.article.id if pane is not None else None
        db = self.reader.db
        try:
            groups = (
                entity_store.concordance(db, entity.id, CONTEXT, article_ids=[here])
                if here is not None
                else []
            )
            rest = entity_store.concordance(db, entity.id, CONTEXT, limit=CONCORDANCE_LIMIT)
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            return
        self._concordance_page = _ConcordancePage(entity, here, rest)
        groups += [group for group in rest if group.article_id != here]
        mode = self._mode()
        names = self.entity_panel.entity_list.names
        glyph_style = TextualStyle.from_rich_style(
            self.entity_panel.entity_list.kind_style(entity.kind)
        )
        title = Content.assemble(
            Content.styled(KIND_GLYPHS[entity.kind], glyph_style),
            " ",
            Content(names.get(entity.name, mode)),
            " · concordance",
        )
        open_ids = frozenset(p.article.id for p in self.panes)
        concordance = self.concordance
        listed = sum(len(group.lines) for group in groups)
        concordance.show(entity.id, title, groups, mode, open_ids, subtitle=_counts(entity, listed))
        concordance.more = self._concordance_page.more
        concordance.display = True
        if focus:
            concordance.focus()

    def on_cursor_list_near_end(self, event: CursorList.NearEnd) -> None:
        """The concordance's cursor nears the end of what is read: read the next page."""
        from reader.store import entities as entity_store

        page = self._concordance_page
        concordance = self.concordance
        if event.control is not concordance or page is None or not page.more:
            return
        event.stop()
        entity = page.entity
        try:
            rest = entity_store.concordance(
                self.reader.db, entity.id, CONTEXT, limit=CONCORDANCE_LIMIT, after=page.after
            )
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            return
        self._concordance_page = next_page = _ConcordancePage(entity, page.here, rest)
        groups = [group for group in rest if group.article_id != page.here]
        listed = concordance.mention_count + sum(len(group.lines) for group in groups)
        concordance.more = next_page.more
        concordance.extend(groups, _counts(entity, listed))

    def _close_concordance(self) -> None:
        self.concordance.display = False
        if self._panel_shown():
            self.entity_panel.entity_list.focus()
        elif self.current_pane is not None:
            self.current_pane.view.focus()

    def on_concordance_close_requested(self, event: Concordance.CloseRequested) -> None:
        event.stop()
        self._close_concordance()

    def on_concordance_mention_highlighted(self, event: Concordance.MentionHighlighted) -> None:
        """A pane that shows the mention's article follows the cursor."""
        event.stop()
        entity_id = self.concordance.entity_id
        for pane in self.panes:
            if pane.article.id == event.article_id and entity_id is not None:
                self._go_to(pane, entity_id, event.line.start, event.line.end)

    def on_concordance_open_requested(self, event: Concordance.OpenRequested) -> None:
        """Show the mention: in the pane that has its article, else beside the current
        one; the concordance keeps focus, so the next mention is a key away."""
        event.stop()
        entity_id = self.concordance.entity_id
        if entity_id is None:
            return
        start, end = event.line.start, event.line.end
        pane = next((p for p in self.panes if p.article.id == event.article_id), None)
        if pane is not None:
            self._go_to(pane, entity_id, start, end)
            return
        pane = self.open_article(event.article_id, beside=True, offset=start, focus=False)
        if pane is not None:
            # Centre it once the pane has loaded (a new pane loads when mounted).
            self._mark = _Mark(event.article_id, entity_id, start, end)
            self.call_after_refresh(self._go_to, pane, entity_id, start, end)
