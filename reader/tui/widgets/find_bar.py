"""The find bar at the foot of a reading pane: a query input and a hit count."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Input, Label


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

    def close(self) -> None:
        self.remove_class("-open")
