"""The entity browser: every entity, filtered, and the curation analysis cannot do.

Analysis gets most names right, but only the reader knows that 小扎 is Zuckerberg or
that two products are one. Here every entity (hidden ones too, dimmed, so they can
be shown again) is listed most widespread first, filtered by a query in either
script (folded: 馬斯克 finds 马斯克; an exact alias such as ``Musk`` finds its entity
too) and by kind, and curated: rename, merge (``m`` on the part, ``m`` on the whole),
hide, split off one of an entity's names, and set its kind (the user's kind wins over
what analysis infers). Every change is written at once by
:mod:`reader.store.entities` (curation is kept apart from analysis, so it survives
re-analysis); the screen says on closing whether anything changed, so the main
screen refreshes its views, and which entity to show the concordance of (Enter).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, cast

from rich.segment import Segment
from rich.style import Style
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.conversion import DisplayScript
from reader.entities.kinds import EntityKind
from reader.errors import ReaderError
from reader.folding import fold_query
from reader.store import entities as entity_store
from reader.store.entities import EntitySummary
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import literal
from reader.tui.widgets.cursor_list import CursorList
from reader.tui.widgets.entity_panel import KIND_GLYPHS, NameCache, kind_component
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.safe_inputs import SafeInput
from reader.tui.wrap import fit

if TYPE_CHECKING:
    from reader.store.database import Database
    from reader.tui.app import ReaderApp

KIND_WIDTH = 13
COUNT_WIDTH = 9
#: Entities read at a time (the next page is read as the cursor nears the end).
PAGE = 200


@dataclass(frozen=True)
class BrowserOutcome:
    """What the browser hands back: whether any curation was saved, and the entity
    whose concordance to show (Enter), if any."""

    changed: bool
    entity_id: int | None = None


class EntityRows(CursorList):
    """One row per entity: kind, name, kind word, articles, mentions, hidden."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(kind_component(kind) for kind in EntityKind),
        "entity-rows--hidden",
    }

    DEFAULT_CSS = """
    EntityRows {
        height: 1fr;
        & > .entity-list--person { color: $text-success; }
        & > .entity-list--organisation { color: $text-primary; }
        & > .entity-list--place { color: $text-error; }
        & > .entity-list--product { color: $text-accent; }
        & > .entity-rows--hidden { color: $text-disabled; }
    }
    """

    def __init__(self, mode: DisplayScript, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.entities: list[EntitySummary] = []
        self._mode = mode
        self._names = NameCache()

    @property
    def selected(self) -> EntitySummary | None:
        return None if self.cursor is None else self.entities[self.cursor]

    def set_mode(self, mode: DisplayScript) -> None:
        """Show the names in ``mode`` from the next paint on."""
        if mode is not self._mode:
            self._mode = mode
            self.refresh()

    def shown_name(self, entity: EntitySummary) -> str:
        """The entity's name in the display script."""
        return self._names.get(entity.name, self._mode)

    def show(self, entities: Sequence[EntitySummary], keep: int | None = None) -> None:
        self.entities = list(entities)
        ids = [entity.id for entity in self.entities]
        self.set_rows(len(ids), cursor=ids.index(keep) if keep in ids else 0)

    def add(self, entities: Sequence[EntitySummary]) -> None:
        """The next page, after the rows shown."""
        self.entities.extend(entities)
        self.extend_rows(len(entities))

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        entity = self.entities[index]
        if entity.hidden:
            base = base + Style(color=self.get_component_rich_style("entity-rows--hidden").color)
        colour = Style(color=self.get_component_rich_style(kind_component(entity.kind)).color)
        name_width = width - 2 - KIND_WIDTH - 2 * COUNT_WIDTH - 8
        return [
            Segment(KIND_GLYPHS[entity.kind] + " ", base if entity.hidden else base + colour),
            Segment(fit(self.shown_name(entity), name_width), base),
            Segment(" " + fit(entity.kind.value, KIND_WIDTH - 1), base),
            Segment(fit(f"{entity.articles:,}", COUNT_WIDTH, "right"), base),
            Segment(fit(f"{entity.mentions:,}", COUNT_WIDTH, "right"), base),
            Segment(fit("hidden" if entity.hidden else "", 8, "right"), base),
        ]


@dataclass(frozen=True)
class _FirstPage:
    """The first page of a filter, and the entity with the query as one of its names
    (``Musk`` → 马斯克), shown first."""

    page: list[EntitySummary]
    exact: EntitySummary | None


def _first_page(db: Database, query: str, kind: str | None) -> _FirstPage:
    """Read on whichever connection the caller has (the UI's, or a worker's)."""
    page = entity_store.browse_entities(db, query, kind, limit=PAGE)
    exact = entity_store.find_entity(db, query) if query else None
    return _FirstPage(page, exact if exact is not None and exact.articles > 0 else None)


class NameDialog(ModalScreen[str | None]):
    """One line of input: a new name for an entity."""

    DEFAULT_CSS = """
    NameDialog { align: center middle; }
    NameDialog > Vertical {
        width: 60; height: auto; padding: 1 2;
        border: round $accent; background: $surface;
    }
    """

    BINDINGS: ClassVar = [("escape", "cancel", "Cancel")]

    def __init__(self, title: Content, value: str) -> None:
        super().__init__()
        self._title = title
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield SafeInput(self._value, id="name-input")
            yield Label(Content("enter saves · esc cancels"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few values from a list (enter chooses, esc cancels)."""

    DEFAULT_CSS = """
    ChoiceDialog { align: center middle; }
    ChoiceDialog > Vertical {
        width: 60; height: auto; max-height: 80%; padding: 1 2;
        border: round $accent; background: $surface;
    }
    ChoiceDialog OptionList { height: auto; max-height: 20; }
    """

    BINDINGS: ClassVar = [("escape", "cancel", "Cancel")]

    #: What enter does, for the line under the list.
    HINT = "enter chooses · esc cancels"

    def __init__(self, title: Content, choices: Sequence[str], current: int = 0) -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._current = current

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = self._title
            yield OptionList(*(Option(literal(choice)) for choice in self._choices))
            yield Label(Content(self.HINT))

    def on_mount(self) -> None:
        self.query_one(OptionList).highlighted = self._current

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AliasDialog(ChoiceDialog):
    """Pick one of an entity's names to split off into an entity of its own."""

    HINT = "enter splits the name off · esc cancels"


class KindDialog(ChoiceDialog):
    """Pick the kind of an entity; the current one is highlighted."""

    HINT = "enter sets the kind · esc cancels"


class EntityBrowser(ModalScreen[BrowserOutcome]):
    """Filter and curate every entity; keys are the ``browser`` scope."""

    BINDINGS = bindings_for("browser")

    DEFAULT_CSS = """
    EntityBrowser { align: center middle; background: $background; }
    EntityBrowser #browser-box {
        width: 95%; max-width: 130; height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    EntityBrowser #browser-bar { height: 3; margin: 1 0 0 0; }
    EntityBrowser #browser-filter { width: 1fr; }
    EntityBrowser #browser-kind { width: 24; }
    EntityBrowser #browser-columns { color: $text-muted; width: 1fr; }
    EntityBrowser #browser-detail { height: 2; color: $text-muted; }
    EntityBrowser #browser-status { height: 1; color: $text-accent; }
    """

    def __init__(self, mode: DisplayScript) -> None:
        super().__init__()
        self._mode = mode
        self._rows = EntityRows(mode, id="browser-list")
        #: The filter the rows show (folded query, kind) and the last entity read.
        self._query: tuple[str, str | None] = ("", None)
        self._last: EntitySummary | None = None
        #: Shown first, out of order (the exact name typed, the entity just curated).
        self._pinned: int | None = None
        self._total: int | None = None
        self._merging: EntitySummary | None = None
        self._changed = False
        #: Whether the next resume is an opening (see :meth:`reopen`).
        self._fresh = True

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    @property
    def rows(self) -> EntityRows:
        return self._rows

    def compose(self) -> ComposeResult:
        with Vertical(id="browser-box") as box:
            box.border_title = Content("Entities")
            with Horizontal(id="browser-bar"):
                yield SafeInput(
                    placeholder="filter (any script: 马斯克 = 馬斯克)…", id="browser-filter"
                )
                options = [(kind.value, kind.value) for kind in EntityKind]
                yield Select(options, prompt="every kind", id="browser-kind")
            yield Label(id="browser-columns")
            yield self._rows
            yield Static(id="browser-detail")
            yield Label(id="browser-status")
        yield ReaderFooter()

    def reopen(self) -> None:
        """Start afresh when next shown: the screen is kept between openings (made
        once), and the dialogs it opens resume it too, which must not reset it."""
        self._fresh = True

    def on_screen_resume(self) -> None:
        """An opening starts afresh: the filter, the kind, a merge begun and the
        counts are reset here, and the names shown in the reader's script now."""
        if not self._fresh:
            return
        self._fresh = False
        self._changed = False
        self._merging = None
        self._total = None
        self._rows.set_mode(self.reader.mode)
        self._mode = self.reader.mode
        filter_input = self.query_one("#browser-filter", Input)
        if filter_input.value:
            with filter_input.prevent(Input.Changed):
                filter_input.value = ""
        kind = self.query_one("#browser-kind", Select)
        if not kind.is_blank():
            with kind.prevent(Select.Changed):
                kind.clear()
        self._say("")
        self._load()
        self._rows.focus()

    def on_resize(self) -> None:
        width = self._rows.scrollable_content_region.width
        name_width = width - 2 - KIND_WIDTH - 2 * COUNT_WIDTH - 8
        self.query_one("#browser-columns", Label).update(
            Content(
                "  "
                + fit("entity", name_width)
                + " "
                + fit("kind", KIND_WIDTH - 1)
                + fit("articles", COUNT_WIDTH, "right")
                + fit("mentions", COUNT_WIDTH, "right")
            )
        )

    # -- listing ---------------------------------------------------------------------

    def _filter_now(self) -> tuple[str, str | None]:
        """The filter asked for: (folded query, kind or None for every kind)."""
        query = fold_query(self.query_one("#browser-filter", Input).value.strip())
        value = self.query_one("#browser-kind", Select).value
        return query, value if isinstance(value, str) else None  # Select.NULL: every kind

    def _load(self, keep: int | None = None) -> None:
        """Read the first page again, here and now (on opening, after a change): the
        entities are read a page at a time, in order, as the cursor nears the end."""
        query, kind = self._filter_now()
        try:
            first = _first_page(self.reader.db, query, kind)
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            first = _FirstPage([], None)
        self._show_first(query, kind, first, keep)
        if self._total is None:
            self._count()

    @work(thread=True, exclusive=True, group="browser-count")
    def _count(self) -> None:
        """Count the entities for the title on a worker: a count of index entries, but
        of hundreds of thousands of them at 100,000 articles (40 ms for 950,000)."""
        try:
            with self.reader.store.connection() as db:
                total = entity_store.count_entities(db)
        except ReaderError:
            return  # the title says less
        self.app.call_from_thread(self._counted, total)

    def _counted(self, total: int) -> None:
        self._total = total
        if self.is_attached:
            self._title()

    def _show_first(
        self, query: str, kind: str | None, first: _FirstPage, keep: int | None = None
    ) -> None:
        self._query = (query, kind)
        page = first.page
        self._last = page[-1] if page else None
        more = len(page) >= PAGE
        self._pinned = None
        exact = first.exact
        if exact is not None and kind in (None, exact.kind.value):
            self._pinned = exact.id
            page = [exact, *(entity for entity in page if entity.id != exact.id)]
        if keep is not None and keep not in {entity.id for entity in page}:
            # The entity the user was on stays on screen, even if further down.
            kept = self._entity(keep)
            if kept is not None:
                self._pinned = kept.id
                page = [kept, *page]
        self._rows.more = more
        self._rows.show(page, keep)
        self._show_detail(self._rows.selected)
        self._title()

    @work(thread=True, exclusive=True, group="browser-filter")
    def _filter(self) -> None:
        """Read the first page of a new filter on a worker: a filter few names pass
        reads the whole index (hundreds of thousands of entities at 100,000 articles:
        tens of milliseconds), and the key typed must show at once. A result the
        filter has moved on from is dropped."""
        query, kind = self.app.call_from_thread(self._filter_now)
        try:
            with self.reader.store.connection() as db:
                first = _first_page(db, query, kind)
        except ReaderError as error:
            self.app.call_from_thread(self._say, str(error))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._filtered, query, kind, first)

    def _filtered(self, query: str, kind: str | None, first: _FirstPage) -> None:
        asked = self._filter_now()
        if self.is_attached and (query, kind) == asked and asked != self._query:
            self._show_first(query, kind, first)

    def _entity(self, entity_id: int) -> EntitySummary | None:
        try:
            return entity_store.get_entity(self.reader.db, entity_id)
        except ReaderError:
            return None

    def _title(self) -> None:
        shown = len(self._rows.entities)
        more = "+" if self._rows.more else ""
        if self._total is None:
            title = f"Entities · {shown:,}{more}"
        elif not self._rows.more and not any(self._query):
            title = f"Entities · {self._total:,}"
        else:
            title = f"Entities · {shown:,}{more} of {self._total:,}"
        self.query_one("#browser-box").border_title = Content(title)

    def on_cursor_list_near_end(self, event: CursorList.NearEnd) -> None:
        """Read the next page after the last entity read."""
        event.stop()
        query, kind = self._query
        if self._last is None:
            return
        try:
            page = entity_store.browse_entities(
                self.reader.db, query, kind, after=self._last, limit=PAGE
            )
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error")
            return
        if page:
            self._last = page[-1]
        self._rows.more = len(page) >= PAGE
        self._rows.add([entity for entity in page if entity.id != self._pinned])
        self._title()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._filter()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self._rows.focus()

    def on_select_changed(self, event: Select.Changed) -> None:
        self._filter()

    def on_cursor_list_highlighted(self, event: CursorList.Highlighted) -> None:
        self._show_detail(self._rows.selected)

    def on_cursor_list_selected(self, event: CursorList.Selected) -> None:
        self.action_select()

    def _show_detail(self, entity: EntitySummary | None) -> None:
        detail = self.query_one("#browser-detail", Static)
        if entity is None:
            detail.update(Content("No entity matches."))
            return
        try:
            aliases = entity_store.entity_names(self.reader.db, entity.id)
        except ReaderError as error:
            detail.update(Content(str(error)))
            return
        detail.update(
            Content.assemble(
                "names: ",
                literal(" · ".join(aliases) or "–"),
                f"\n{entity.mentions:,} mentions in {entity.articles:,} articles",
                " · hidden (h shows it again)" if entity.hidden else "",
            )
        )

    def _say(self, text: str) -> None:
        self.query_one("#browser-status", Label).update(literal(text))

    # -- actions -----------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self._rows.action_cursor_down()

    def action_cursor_up(self) -> None:
        self._rows.action_cursor_up()

    def action_page_down(self) -> None:
        self._rows.action_page_down()

    def action_page_up(self) -> None:
        self._rows.action_page_up()

    def action_first(self) -> None:
        self._rows.action_first()

    def action_last(self) -> None:
        self._rows.action_last()

    def action_filter(self) -> None:
        self.query_one("#browser-filter", Input).focus()

    def action_select(self) -> None:
        entity = self._rows.selected
        if entity is not None:
            self.dismiss(BrowserOutcome(self._changed, entity.id))

    def action_close(self) -> None:
        if self._merging is not None:
            self._merging = None
            self._say("Merge cancelled.")
            return
        self.dismiss(BrowserOutcome(self._changed))

    def _shown(self, entity: EntitySummary) -> str:
        return self._rows.shown_name(entity)

    def _saved(self, message: str, keep: int | None) -> None:
        self._changed = True
        self._say(message)
        self._total = None  # a merge or a split changes it
        self._load(keep)

    def action_hide(self) -> None:
        entity = self._rows.selected
        if entity is None:
            return
        try:
            if entity.hidden:
                entity_store.unhide(self.reader.db, entity.id)
            else:
                entity_store.hide(self.reader.db, entity.id)
        except ReaderError as error:
            self._say(str(error))
            return
        shown = "shown again" if entity.hidden else "hidden"
        self._saved(f"{self._shown(entity)} {shown}.", entity.id)

    def action_merge(self) -> None:
        entity = self._rows.selected
        if entity is None:
            return
        source = self._merging
        if source is None:
            self._merging = entity
            self._say(
                f"Merge {self._shown(entity)} into…: move to the entity it is part of "
                "and press m (esc cancels)."
            )
            return
        self._merging = None
        if source.id == entity.id:
            self._say("Merge cancelled (the same entity).")
            return
        try:
            target = entity_store.merge(self.reader.db, source.id, entity.id)
        except ReaderError as error:
            self._say(str(error))
            return
        self._saved(f"{self._shown(source)} merged into {self._shown(entity)}.", target)

    def action_rename(self) -> None:
        entity = self._rows.selected
        if entity is None:
            return
        title = Content.assemble("Rename ", literal(self._shown(entity)))

        def renamed(name: str | None) -> None:
            if name is None or not name.strip() or name.strip() == entity.name:
                return
            try:
                entity_store.rename(self.reader.db, entity.id, name)
            except ReaderError as error:
                self._say(str(error))
                return
            self._saved(f"Renamed to {name.strip()}.", entity.id)

        self.app.push_screen(NameDialog(title, entity.name), renamed)

    def action_split(self) -> None:
        entity = self._rows.selected
        if entity is None:
            return
        try:
            aliases = entity_store.entity_names(self.reader.db, entity.id)
        except ReaderError as error:
            self._say(str(error))
            return
        if len(aliases) < 2:
            self._say(f"{self._shown(entity)} is written only one way: nothing to split off.")
            return
        title = Content.assemble("Split a name off ", literal(self._shown(entity)))

        def chosen(alias: str | None) -> None:
            if alias is None:
                return
            try:
                new_id = entity_store.split(self.reader.db, entity.id, alias)
            except ReaderError as error:
                self._say(str(error))
                return
            self._saved(f"{alias} is now an entity of its own.", new_id)

        self.app.push_screen(AliasDialog(title, aliases), chosen)

    def action_kind(self) -> None:
        entity = self._rows.selected
        if entity is None:
            return
        kinds = [kind.value for kind in EntityKind]
        title = Content.assemble("Kind of ", literal(self._shown(entity)))

        def chosen(value: str | None) -> None:
            if value is None or value == entity.kind.value:
                return
            try:
                kind = entity_store.set_kind(self.reader.db, entity.id, value)
            except ReaderError as error:
                self._say(str(error))
                return
            self._saved(f"{self._shown(entity)}: {kind.value} from now on.", entity.id)

        dialog = KindDialog(title, kinds, kinds.index(entity.kind.value))
        self.app.push_screen(dialog, chosen)
