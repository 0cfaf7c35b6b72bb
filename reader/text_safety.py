"""The one rule for control characters in text that comes from outside.

Article files, front matter, notes, tags and annotation files may hold characters a
terminal obeys instead of showing: C0 controls, DEL, C1 controls (U+009B is a whole
CSI on its own), ESC sequences (OSC 52 writes the clipboard, OSC 0 the title, CSI 2J
clears the screen) and bidi embeddings, overrides and isolates (they reorder what is
shown). Newline and tab are the only controls text may keep.

The rule is applied at both ends:

* where text enters the store, :func:`strip_controls` removes them: escape sequences
  go whole (so no ``[2J`` debris is left), CR and CRLF become LF, and, for one-line
  values (titles, names, tags), line breaks and tabs become spaces;
* where text leaves for a person (the TUI, the command line's text output, Markdown
  exports), :func:`visible` shows whatever is there anyway (a database written before
  the rule, a file name) as visible symbols: ␛ for ESC, ␇ for BEL, � for C1 controls
  and bidi overrides, one character for one, so offsets into the text still hold.

Machine output (JSON) keeps text exact; :func:`escape_json_controls` only writes the
characters JSON encoders leave raw (DEL, C1, bidi overrides) as ``\\u`` escapes.

This module is pure (no Textual): the core, the store and both shells use it.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"

_ST = r"(?:\x07|\x1b\\|\x9c)"
#: Terminal escape sequences, matched whole: CSI (``ESC [`` … final byte), OSC, DCS,
#: SOS, PM and APC strings (ended by BEL or ST, or at the end of the line so one stray
#: ``ESC ]`` cannot swallow the rest of a text), other ``ESC x`` sequences, and the
#: 8-bit C1 forms (U+009B CSI, U+009D OSC, U+0090/U+0098/U+009E/U+009F strings).
ESCAPE_SEQUENCES = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"  # CSI, final byte optional when cut short
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*" + _ST + r"?"  # strings
    r"|\x1b[ -/]*[0-~]"  # nF / Fp / Fe / Fs escapes: ESC, intermediates, final
)
#: Characters that may start an escape sequence: only text holding one is scanned.
ESCAPE_STARTS = re.compile(r"[\x1b\x90-\x9f]")

_UNSAFE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
_UNSAFE_RUNS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]+")
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")
#: A character class finds the first line break other than LF several times faster.
_OTHER_LINE_BREAK = re.compile("[\r\x0b\x0c\x85\u2028\u2029]")
_ONE_LINE_BREAKS = re.compile("[\r\n\t\x0b\x0c\x85\u2028\u2029]+")
_SUSPECT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}\u2028\u2029]")


def strip_controls(text: str, *, one_line: bool = False) -> str:
    """``text`` as it may be stored: escape sequences and control characters removed.

    Newline and tab stay, and every other line break (CRLF, CR, VT, FF, NEL, U+2028,
    U+2029) becomes a newline; with ``one_line`` they all, tab included, become a
    space. Clean text (the usual case) is returned as it is after one regex scan.
    """
    if _SUSPECT.search(text) is None:
        if one_line and ("\n" in text or "\t" in text):
            return _ONE_LINE_BREAKS.sub(" ", text)
        return text
    if ESCAPE_STARTS.search(text):
        text = ESCAPE_SEQUENCES.sub("", text)
    text = _UNSAFE_RUNS.sub("", _LINE_BREAKS.sub("\n", text))
    return _ONE_LINE_BREAKS.sub(" ", text) if one_line else text


_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20)} | {0x7F: 0x2421}
_REPLACEMENT = 0xFFFD
_TRANSLATION: dict[int, int] = (
    _CONTROL_PICTURES
    | {code: _REPLACEMENT for code in range(0x80, 0xA0)}
    | {code: _REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)


def _table(*, keep_newlines: bool, keep_tabs: bool) -> dict[int, int]:
    table = dict(_TRANSLATION)
    table[0x09] = 0x20
    if keep_newlines:
        del table[0x0A]
    if keep_tabs:
        del table[0x09]
    return table


_TABLES = {
    (lines, tabs): _table(keep_newlines=lines, keep_tabs=tabs)
    for lines in (False, True)
    for tabs in (False, True)
}
# The same characters as ranges: a class of ~80 single characters took 1.5 ms to
# compile, before the first paint.
_SHOWN_DIFFERENTLY = {
    (False, False): re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]"),
    (True, False): re.compile(f"[\x00-\x09\x0b-\x1f\x7f-\x9f{_BIDI}]"),
    (False, True): re.compile(f"[\x00-\x08\x0a-\x1f\x7f-\x9f{_BIDI}]"),
    (True, True): _UNSAFE,
}


def visible(text: str, *, keep_newlines: bool = False, keep_tabs: bool = False) -> str:
    """``text`` with every C0/C1 control and bidi override replaced by a visible
    stand-in (␛ for ESC, � for C1), one character for one, so offsets do not move.

    A tab becomes a space and a newline becomes ␊ unless kept: a list row, a title or
    an error line must stay one line, whatever the text holds. Clean text (the usual
    case) is returned as it is after one regex scan, which is far cheaper than
    translating a long article.
    """
    key = (keep_newlines, keep_tabs)
    if _SHOWN_DIFFERENTLY[key].search(text) is None:
        return text
    return text.translate(_TABLES[key])


def visible_lines(text: str) -> str:
    """Text of several lines (a note, an article) as :func:`visible` shows it, newlines
    and tabs kept, with CRLF, CR and the other line breaks read as newlines first (a
    note written before notes were normalised may end its lines with CRLF)."""
    if _OTHER_LINE_BREAK.search(text):
        text = _LINE_BREAKS.sub("\n", text)
    return visible(text, keep_newlines=True, keep_tabs=True)


_JSON_RAW = re.compile(f"[\x7f-\x9f{_BIDI}]")


def escape_json_controls(document: str) -> str:
    """A JSON document with DEL, C1 controls and bidi overrides written as ``\\u``
    escapes. ``json.dumps(..., ensure_ascii=False)`` escapes C0 but writes these raw;
    they can only occur inside strings, where the escape means the same character, so
    the document parses to exactly the same value."""
    if _JSON_RAW.search(document) is None:
        return document
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
