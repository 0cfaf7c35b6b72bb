"""The one-line prompt for the list's days (``FROM..UNTIL``), from the palette.

It only parses what the user typed (:func:`reader.listing.parse_day_range`) and
hands the days back; a bad day is said under the line and nothing is closed.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label

from reader.errors import ReaderError
from reader.listing import parse_day_range
from reader.tui.safe_text import literal
from reader.tui.widgets.safe_inputs import SafeInput

HINT = "2024-03-01..2024-03-09 · 2024-03-01.. · ..2024-03-09 · one day: 2024-03-05"


class DayRangePrompt(ModalScreen[tuple[str | None, str | None] | None]):
    """``enter`` lists the articles dated in the range, ``escape`` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    DayRangePrompt { align: center bottom; }
    #days-box {
        width: 76; max-width: 95%; height: auto; margin: 0 0 3 0;
        padding: 0 1; border: round $accent; background: $surface;
    }
    #days-box Input, #days-box Input:focus { border: none; height: 1; padding: 0 1; }
    #days-hint { width: 1fr; height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, value: str = "") -> None:
        super().__init__()
        self._value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="days-box") as box:
            box.border_title = Content("List articles dated (both days included)")
            yield SafeInput(self._value, placeholder="FROM..UNTIL", id="days-input")
            yield Label(Content(HINT), id="days-hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            days = parse_day_range(event.value)
        except ReaderError as error:
            self.query_one("#days-hint", Label).update(literal(str(error), "$error"))
            return
        self.dismiss(days)

    def action_cancel(self) -> None:
        self.dismiss(None)
