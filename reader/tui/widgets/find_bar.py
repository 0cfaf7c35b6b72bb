"""The find bar at the foot of a reading pane: a query input and a hit count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label

from reader.tui.bindings import bindings_for


class FindBar(Horizontal):
    """Hidden until opened; the pane listens for its messages and does the finding."""

    BINDINGS = bindings_for("find")

    DEFAULT_CSS = """
    FindBar {
        display: none;
        height: 1;
        dock: bottom;
        &.-open { display: block; }
        Input { border: none; height: 1; width: 1fr; padding: 0 1; }
        Label { width: auto; padding: 0 1; color: $text-muted; }
    }
    """

    class Changed(Message):
        """The query changed (find as you type)."""

        def __init__(self, query: str) -> None:
            super().__init__()
            self.query = query

    class Accepted(Message):
        """Enter: keep the hits, go back to reading."""

    class Closed(Message):
        """Escape: close the bar and clear the hits."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="find (any script)…", select_on_focus=True)
        yield Label(Content(""))

    @property
    def query(self) -> str:
        return self.query_one(Input).value

    def open(self) -> None:
        self.add_class("-open")
        self.query_one(Input).focus()

    def set_count(self, current: int | None, total: int) -> None:
        """Show ``current/total`` (1-based), or the total alone before a hit is chosen."""
        if not self.query.strip():
            text = ""
        elif total == 0:
            text = "no match"
        elif current is None:
            text = f"{total} hits"
        else:
            text = f"{current}/{total}"
        self.query_one(Label).update(Content(text))

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_accept()

    def action_accept(self) -> None:
        self.post_message(self.Accepted())

    def action_close(self) -> None:
        self.remove_class("-open")
        self.post_message(self.Closed())
