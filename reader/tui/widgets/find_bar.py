"""The find bar at the foot of a reading pane: a query input and a hit count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from reader.tui.widgets.safe_inputs import SafeInput


class FindBar(Horizontal):
    """Hidden until opened. The pane does the finding (on :class:`Changed`) and owns
    enter and escape, as priority bindings: they must move focus before the next key
    is dispatched, or an ``n`` typed right after enter lands in the input."""

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        dock: bottom;
        &.-open { display: block; }
        Input, Input:focus { border: none; height: 1; width: 1fr; padding: 0 1; }
        Label { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    class Changed(Message):
        """The query changed (find as you type)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="find (any script)…", select_on_focus=True)
        yield Label(Content(""))

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    def show_query(self, query: str) -> None:
        """Open without taking focus, showing ``query`` (set by the reader, not typed:
        no :class:`Changed` is posted)."""
        self.add_class("-open")
        field = self.query_one(Input)
        with field.prevent(Input.Changed):
            field.value = query

    def set_count(self, text: str) -> None:
        """Show where the current hit is (``3/17``) or ``no match``."""
        self.query_one(Label).update(Content(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def close(self) -> None:
        self.remove_class("-open")
