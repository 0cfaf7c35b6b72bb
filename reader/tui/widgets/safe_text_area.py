"""A text area whose text never holds a character the terminal would obey (see
:mod:`reader.tui.widgets.safe_inputs`, which explains why)."""

from __future__ import annotations

from textual import events
from textual.widgets import TextArea

from reader.text_safety import visible_lines


class SafeTextArea(TextArea):
    """A :class:`~textual.widgets.TextArea` whose text holds no control character but
    newline and tab: the initial text and pasted text go through
    :func:`~reader.text_safety.visible_lines` (CR and CRLF read as newlines)."""

    def __init__(self, text: str = "", *args: object, **kwargs: object) -> None:
        super().__init__(visible_lines(text), *args, **kwargs)  # type: ignore[arg-type]

    async def _on_paste(self, event: events.Paste) -> None:
        # Runs before TextArea's own handler, which then inserts the safe text.
        event.text = visible_lines(event.text)
