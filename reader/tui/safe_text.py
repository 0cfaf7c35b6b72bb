"""Turning article-derived strings into something safe to show.

Articles come from files anyone may have written. Two things must never happen:
Textual parsing a title as markup (``[@click=app.quit]``) and a control sequence
(``ESC [31m``, OSC 52) reaching the terminal. Widgets are therefore always given
:class:`~textual.content.Content` built from plain text, never ``str``, and the text
is passed through :func:`printable` first.

:func:`printable` keeps the length of the text, so every offset computed on the
original (annotations, search hits) still points at the same character on screen.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.style import Style

_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_REPLACEMENT = 0xFFFD
_TRANSLATION: dict[int, int] = (
    _CONTROL_PICTURES
    | {code: _REPLACEMENT for code in range(0x80, 0xA0)}
    # Bidi embeddings, overrides and isolates reorder what the terminal shows.
    | {code: _REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
    | {0x09: 0x20}
)
_LINE_TRANSLATION = {code: value for code, value in _TRANSLATION.items() if code != 0x0A}


# The same characters as ranges: a class of ~80 single characters took 1.5 ms to
# compile, before the first paint.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_IN_LINES = re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` with every C0/C1 control and bidi override replaced by a visible
    stand-in (␛ for ESC, � for C1), one character for one, so offsets do not move.

    Tabs become one space. Newlines become ␊ unless ``keep_newlines`` is true (the
    reading view lays out lines itself; a list row or a title must stay one line).
    Clean text (the usual case) is returned as it is after one regex scan, which is
    far cheaper than translating a long article.
    """
    unsafe = _UNSAFE_IN_LINES if keep_newlines else _UNSAFE
    if unsafe.search(text) is None:
        return text
    return text.translate(_LINE_TRANSLATION if keep_newlines else _TRANSLATION)


def literal(text: str | None, style: Style | str = "") -> Content:
    """A one-line Content showing ``text`` exactly as written, never as markup."""
    content = Content(printable(text or ""))
    return content.stylize(style) if style else content
