"""The entity panel: who and what the current article mentions, most linked first.

Each row is one entity (馬斯克 and 马斯克, Grok 3 and Grok-3 are one row), with its
kind as a coloured mark, how many articles mention it and how many times this one
does. Entities mentioned by many other articles come first: they are the threads
that tie this article to the rest of the corpus. When two panes are open, the
entities both articles mention are marked ``⇄`` in each pane's panel.

The panel only draws what it is given; the main screen decides what that is
(:mod:`reader.tui.screens.main_entities`) and reacts to the messages the list posts.
The kind colours are component classes of :class:`EntityList`, so the reading panes'
entity highlights (which use :meth:`EntityList.kind_style`) follow the theme and the
panel's legend.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style as TextualStyle
from textual.widgets import Label, Static

from reader.conversion import DisplayScript, for_display
from reader.entities.kinds import EntityKind
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import printable
from reader.tui.widgets.cursor_list import CursorList
from reader.tui.wrap import fit

if TYPE_CHECKING:
    from reader.store.entities import EntitySummary

#: A shape per kind as well as a colour, for whoever cannot tell the colours apart.
KIND_GLYPHS: dict[EntityKind, str] = {
    EntityKind.PERSON: "●",
    EntityKind.ORGANISATION: "■",
    EntityKind.PLACE: "▲",
    EntityKind.PRODUCT: "◆",
}
SHARED_MARK = "⇄"
#: Cells for each of the two counts at the end of a row.
COUNT_WIDTH = 5


def kind_component(kind: EntityKind) -> str:
    """The component class that colours ``kind`` (in lists and in the text)."""
    return f"entity-list--{kind.value}"


class NameCache:
    """Entity names in a display script, converted once each (a list redraws often)."""

    def __init__(self) -> None:
        self._names: LRUCache[tuple[str, DisplayScript], str] = LRUCache(8192)

    def get(self, name: str, mode: DisplayScript) -> str:
        key = (name, mode)
        shown = self._names.get(key)
        if shown is None:
            converted = name if mode is DisplayScript.ORIGINAL else for_display(name, mode).text
            shown = self._names[key] = printable(converted)
        return shown


class EntityList(CursorList):
    """The rows of the panel; its keys are the ``entities`` scope of the bindings."""

    BINDINGS = bindings_for("entities")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(kind_component(kind) for kind in EntityKind),
        "entity-list--shared",
    }

    DEFAULT_CSS = """
    EntityList {
        height: 1fr;
        scrollbar-size-vertical: 1;
        scrollbar-gutter: stable;
        & > .entity-list--person { color: $text-success; }
        & > .entity-list--organisation { color: $text-primary; }
        & > .entity-list--place { color: $text-error; }
        & > .entity-list--product { color: $text-accent; }
        & > .entity-list--shared { color: $text-accent; text-style: bold; }
    }
    """

    class StepMention(Message):
        """``n``/``N``: go to the next (1) or previous (-1) mention in the article."""

        def __init__(self, entity: EntitySummary, step: int) -> None:
            super().__init__()
            self.entity = entity
            self.step = step

    class CloseRequested(Message):
        """Escape: hide the panel and go back to reading."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._entities: list[EntitySummary] = []
        self._shared: frozenset[int] = frozenset()
        self._mode = DisplayScript.ORIGINAL
        self._names = NameCache()
        #: Component colours, made once per style update (three a row, 33 rows a paint).
        self._colors: dict[str, Style] = {}

    @property
    def entities(self) -> Sequence[EntitySummary]:
        return self._entities

    @property
    def names(self) -> NameCache:
        """Names in display scripts (shared with the concordance's title)."""
        return self._names

    @property
    def selected(self) -> EntitySummary | None:
        return None if self.cursor is None else self._entities[self.cursor]

    def show(
        self,
        entities: Sequence[EntitySummary],
        shared: frozenset[int],
        mode: DisplayScript,
        keep: int | None = None,
    ) -> None:
        """Show ``entities`` (``shared``: ids also in the other pane), keeping the
        cursor on entity ``keep`` if it is still listed."""
        self._entities = list(entities)
        self._shared = shared
        self._mode = mode
        ids = [entity.id for entity in self._entities]
        self.set_rows(len(ids), cursor=ids.index(keep) if keep in ids else 0)

    def kind_style(self, kind: EntityKind) -> Style:
        """Only the colour of ``kind``: the text underneath keeps its own background."""
        return self._color(kind_component(kind))

    def _color(self, component: str) -> Style:
        color = self._colors.get(component)
        if color is None:
            color = self._colors[component] = Style(
                color=self.get_component_rich_style(component).color
            )
        return color

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._colors.clear()  # a theme or a focus change: colours are resolved again

    def render_row(self, index: int, width: int, base: Style) -> list[Segment]:
        entity = self._entities[index]
        shared = entity.id in self._shared
        mark_style = base + self._color("entity-list--shared") + Style(bold=True)
        name_width = width - 4 - 2 * COUNT_WIDTH
        muted = base + self._color("cursor-list--muted")
        return [
            Segment(SHARED_MARK if shared else " ", mark_style),
            Segment(" ", base),
            Segment(KIND_GLYPHS[entity.kind], base + self.kind_style(entity.kind)),
            Segment(" ", base),
            Segment(fit(self._names.get(entity.name, self._mode), name_width), base),
            Segment(fit(str(entity.articles), COUNT_WIDTH, "right"), muted),
            Segment(fit(str(entity.article_mentions), COUNT_WIDTH, "right"), base),
        ]

    def action_next_mention(self) -> None:
        if self.selected is not None:
            self.post_message(self.StepMention(self.selected, 1))

    def action_previous_mention(self) -> None:
        if self.selected is not None:
            self.post_message(self.StepMention(self.selected, -1))

    def action_close(self) -> None:
        self.post_message(self.CloseRequested())


class EntityPanel(Vertical):
    """Column headings, the list (or a message when there is nothing to list), and a
    legend of the kinds."""

    DEFAULT_CSS = """
    EntityPanel {
        display: none;
        width: 32;
        height: 1fr;
        border: round $foreground 30%;
        border-title-color: $text;
        border-subtitle-color: $text-muted;
        &:focus-within { border: round $accent; }
        & > #entity-columns { color: $text-muted; width: 1fr; }
        & > #entity-message { color: $text-muted; height: 1fr; padding: 1 0; display: none; }
        & > #entity-legend { height: auto; width: 1fr; }
        &.-message > #entity-message { display: block; }
        &.-message > EntityList { display: none; }
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.border_title = Content("Entities")
        self._list = EntityList(id="entity-list")
        self._both = ""
        self._columns_width = -1
        #: What the legend shows: whether with the shared mark, in which colours.
        self._legend: tuple[bool, tuple[Style, ...]] | None = None

    def compose(self) -> ComposeResult:
        yield Label(id="entity-columns")
        yield self._list
        yield Static(id="entity-message")
        yield Static(id="entity-legend")

    def on_mount(self) -> None:
        self._show_legend(shared=False)

    @property
    def entity_list(self) -> EntityList:
        return self._list

    def on_resize(self) -> None:
        # The list keeps a one-cell scrollbar gutter: its rows are one cell narrower.
        width = self.scrollable_content_region.width - 1
        if width == self._columns_width:
            return  # the same headings: updating the label would lay the screen out again
        self._columns_width = width
        self.query_one("#entity-columns", Label).update(
            Content(
                fit("    entity", width - 2 * COUNT_WIDTH)
                + fit("篇", COUNT_WIDTH, "right")  # articles mentioning it (same in both scripts)
                + fit("次", COUNT_WIDTH, "right")  # mentions in this article
            )
        )

    def show(
        self,
        entities: Sequence[EntitySummary],
        shared: frozenset[int] | None,
        mode: DisplayScript,
        keep: int | None = None,
    ) -> None:
        """List ``entities``; ``shared`` is None with one pane open, else the ids both
        panes' articles mention (possibly none)."""
        self.remove_class("-message")
        self._list.show(entities, shared or frozenset(), mode, keep)
        self.border_title = Content(f"Entities · {len(entities)}")
        both = len(shared & {e.id for e in entities}) if shared is not None else 0
        self._both = f"{SHARED_MARK} {both} in both panes" if both else ""
        self.show_position("")
        self._show_legend(shared=shared is not None)

    def show_position(self, text: str) -> None:
        """Say which mention ``n``/``N`` reached (``3/20 here``) under the list."""
        self.border_subtitle = Content(" · ".join(part for part in (self._both, text) if part))

    def show_message(self, text: str) -> None:
        """Say why nothing is listed (no article open, analysis pending, none found)."""
        self._list.show([], frozenset(), DisplayScript.ORIGINAL)
        self.add_class("-message")
        self.border_title = Content("Entities")
        self._both = ""
        self.border_subtitle = ""
        self.query_one("#entity-message", Static).update(Content(text))

    def _show_legend(self, *, shared: bool) -> None:
        colours = tuple(self._list.kind_style(kind) for kind in EntityKind)
        if (shared, colours) == self._legend:
            return  # the same legend: updating it would lay the screen out again
        self._legend = (shared, colours)
        parts: list[Content | str] = []
        for index, (kind, colour) in enumerate(zip(EntityKind, colours, strict=True)):
            parts.append("\n" if index == 2 else ("  " if index else ""))
            style = TextualStyle.from_rich_style(colour)
            parts.append(Content.styled(KIND_GLYPHS[kind], style))
            parts.append(f" {kind.value:<12}" if index % 2 == 0 else f" {kind.value}")
        if shared:
            parts += ["\n", Content(SHARED_MARK).stylize("bold $text-accent"), " in both panes"]
        self.query_one("#entity-legend", Static).update(Content.assemble(*parts))
