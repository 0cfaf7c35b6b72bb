"""Text fields whose value never holds a character the terminal would obey.

An :class:`~textual.widgets.Input` or :class:`~textual.widgets.TextArea` draws its
value as it is: it cannot take :class:`~textual.content.Content`. A note or tag put
in one for editing may have been stored before control characters were removed on
the way in, or pasted from a clipboard holding an escape sequence. These fields show
both by the same rule as every other widget (:mod:`reader.text_safety`): ESC as ␛,
BEL as ␇, a C1 control or bidi override as �.

:class:`SafeTextArea` is in :mod:`reader.tui.widgets.safe_text_area`: the text area
takes tens of milliseconds to import, and only the note editors need it.
"""

from __future__ import annotations

from textual.widgets import Input

from reader.tui.safe_text import printable


class SafeInput(Input):
    """An :class:`~textual.widgets.Input` whose value and completion never hold a
    control character: whatever sets them (the initial value, typing, a paste, an
    accepted completion) goes through :func:`printable`, one character for one, so
    the cursor stays where it was."""

    def validate_value(self, value: str) -> str:
        return printable(value)

    def validate__suggestion(self, suggestion: str) -> str:
        return printable(suggestion)
