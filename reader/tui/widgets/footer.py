"""The footer: one line of the keys that work now, the ones a new user needs first.

Textual's footer lists the focused widget's keys first and the app's last, so on an
80-column terminal ``? keys`` and ``q quit`` fell off the right edge; this footer puts
them first, and whatever is cut off at narrow widths is still listed in help.

It is one widget that draws a line, not a widget per key as Textual's footer is: that
one mounts and styles a dozen widgets again at every change of bindings (each focus
change), which cost about 25 ms of the first paint and of every ``tab``.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import events
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

#: Actions shown first, in this order.
FIRST = ("help", "quit")


class FooterEntry(NamedTuple):
    """One key as the footer shows it."""

    key: str
    display: str
    label: str
    action: str
    enabled: bool


class ReaderFooter(Widget):
    """The keys of the focused widget, its screen and the app that have ``show``
    set, :data:`FIRST` first and the command palette's key at the right. Clicking a
    key presses it."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {"footer--key", "footer--label"}
    DEFAULT_CSS = """
    ReaderFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        text-wrap: nowrap;
        text-overflow: clip;
        & > .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        & > .footer--label {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        #: The keys drawn last, with the cells each one covers (for clicks).
        self._spans: list[tuple[int, int, FooterEntry]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen) -> None:
        self.refresh()

    @property
    def key_spans(self) -> list[tuple[int, int, FooterEntry]]:
        """The keys drawn last, each with the first and past-the-last cell it covers."""
        return list(self._spans)

    def entries(self) -> list[FooterEntry]:
        """The keys to show, in order, one per action (the palette's key is last)."""
        by_action: dict[str, FooterEntry] = {}
        palette: FooterEntry | None = None
        app = self.app
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.key == app.COMMAND_PALETTE_BINDING and app.ENABLE_COMMAND_PALETTE:
                palette = self._entry(binding, enabled)
            elif binding.show and binding.action not in by_action:
                by_action[binding.action] = self._entry(binding, enabled)
        first = [by_action.pop(action) for action in FIRST if action in by_action]
        return first + list(by_action.values()) + ([palette] if palette else [])

    def _entry(self, binding: Binding, enabled: bool) -> FooterEntry:
        display = self.app.get_key_display(binding)
        return FooterEntry(binding.key, display, binding.description, binding.action, enabled)

    def render(self) -> Content:
        key_style = self.get_visual_style("footer--key")
        label_style = self.get_visual_style("footer--label")
        parts: list[Content] = []
        self._spans = []
        x = 0
        for entry in self.entries():
            key = Content.styled(f" {entry.display} ", key_style)
            label = Content.styled(f"{entry.label} ", label_style)
            item = Content.assemble(key, label)
            if not entry.enabled:
                item = item.stylize("dim")
            self._spans.append((x, x + item.cell_length, entry))
            parts.append(item)
            x += item.cell_length + 1
        return Content(" ").join(parts)

    def on_click(self, event: events.Click) -> None:
        for start, end, entry in self._spans:
            if start <= event.x < end:
                if entry.enabled:
                    self.app.simulate_key(entry.key)
                else:
                    self.app.bell()
                return
