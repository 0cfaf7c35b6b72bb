"""Turning article-derived strings into something safe to show.

Articles come from files anyone may have written. Two things must never happen:
Textual parsing a title as markup (``[@click=app.quit]``) and a control sequence
(``ESC [31m``, OSC 52) reaching the terminal. Widgets are therefore always given
:class:`~textual.content.Content` built from plain text, never ``str``, and the text
is passed through :func:`printable` first.

Editable widgets cannot take Content: :mod:`reader.tui.widgets.safe_inputs` makes
what they hold visible the same way.

:func:`printable` keeps the length of the text, so every offset computed on the
original (annotations, search hits) still points at the same character on screen.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from reader.text_safety import visible


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every C0/C1 control and bidi override replaced by a visible
    stand-in (␛ for ESC, � for C1), one character for one, so offsets do not move.

    Tabs become one space. Newlines become ␊ unless ``keep_newlines`` is true (the
    reading view lays out lines itself; a list row or a title must stay one line).
    The rule is the core's (:func:`reader.text_safety.visible`), shared with the
    command line and the Markdown export.
    """
    return visible(text, keep_newlines=keep_newlines)


def literal(text: str | None, style: Style | str = "") -> Content:
    """A one-line Content showing ``text`` exactly as written, never as markup."""
    content = Content(printable(text or ""))
    return content.stylize(style) if style else content
