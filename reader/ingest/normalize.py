"""Text normalisation: what every imported text goes through before anything else.

* terminal escape sequences are removed whole (:mod:`reader.text_safety`, whose rule
  notes and metadata go through too): CSI (``ESC [`` … final byte), OSC (``ESC ]`` …
  BEL or ST; e.g. OSC 52, which would write to the clipboard), DCS, SOS,
  PM and APC strings, other two-character ``ESC x`` sequences, and the 8-bit C1 forms
  (U+009B CSI, U+009D OSC, U+0090/U+0098/U+009E/U+009F strings). A string sequence
  that is never terminated ends at the end of its line, so one stray ``ESC ]`` cannot
  swallow the rest of an article;
* CRLF and lone CR become LF; NEL (U+0085), LINE SEPARATOR and vertical tab / form
  feed become LF and PARAGRAPH SEPARATOR becomes a blank line;
* the remaining C0 and C1 control characters (NUL, DEL and lone ESC included) are
  removed, except LF and TAB;
* invisible characters that change how text is displayed or searched are removed:
  bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
  direction marks U+200E, U+200F and U+061C, BOM / ZERO WIDTH NO-BREAK SPACE (U+FEFF),
  ZERO WIDTH SPACE (U+200B), WORD JOINER (U+2060), interlinear annotation marks
  (U+FFF9–U+FFFB) and the non-characters U+FFFE/U+FFFF. ZWJ (U+200D) and ZWNJ
  (U+200C) stay: they are part of emoji and of some scripts;
* the result is in Unicode NFC.

Everything is done with compiled regular expressions and ``str`` methods, so a
one-million-character line costs a few milliseconds.
"""

from __future__ import annotations

import re
import unicodedata

from reader.text_safety import ESCAPE_SEQUENCES, ESCAPE_STARTS

_NEWLINES = re.compile("[\x0b\x0c\x85\u2028]")
_REMOVED = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e"
    "\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]+"
)

#: Every character that any step below would change: escape starts (ESC, C1), CR,
#: the other line breaks and the removed characters. Text holding none of them (most
#: text) is scanned once instead of three times (160 -> 40 µs for 5,000 characters).
_ANY_CHANGED = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2028\u2029"
    "\u2060\u2066-\u2069\ufeff\ufff9-\ufffb\ufffe\uffff]"
)


def normalize_text(text: str) -> str:
    """Return ``text`` normalised as described in the module docstring."""
    if _ANY_CHANGED.search(text) is None:
        return _nfc(text)
    return _normalize_changed(text)


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def _normalize_changed(text: str) -> str:
    """Every step, for a text holding a character some step changes."""
    if ESCAPE_STARTS.search(text):
        text = ESCAPE_SEQUENCES.sub("", text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _NEWLINES.sub("\n", text)
    if "\u2029" in text:
        text = text.replace("\u2029", "\n\n")
    return _nfc(_REMOVED.sub("", text))
