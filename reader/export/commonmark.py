"""Writing arbitrary text into Markdown so that a CommonMark parser gives it back exactly.

A quote is the user's evidence: whatever characters it holds (``#``, ``>``, ``*``,
backticks, ``&amp;``, a line that starts with ``1986.`` or ``-``, blank lines, leading
full-width spaces), a reader of the export must see exactly those characters, and
Obsidian must not turn them into tags, highlights, comments or math. So:

- every ASCII punctuation character that any of CommonMark, GFM or Obsidian treats as
  syntax is backslash-escaped (CommonMark guarantees ``\\`` before ASCII punctuation
  yields the character itself); characters that only matter at the start of a line
  (``-``, ``+``, ``1986.``) are escaped there; characters that are syntax only in pairs
  (``~`` for strikethrough, ``$`` for Obsidian's math) are escaped only when the quote
  holds a second one, so ``6~7倍`` stays as written in every editor's source view;
- whitespace at either end of a line, which parsers strip, and every line separator
  but ``\n`` (carriage return, which CommonMark reads as a line end, and the form
  feed, vertical tab, U+001C–U+001E, U+0085, U+2028 and U+2029 that other tools
  split lines at) are written as numeric character references, so no tool sees a
  line start where the export has none;
- a line break is a backslash hard break, so a blank line inside a quote stays inside
  its paragraph; trailing line breaks, which a hard break cannot express, are
  ``&#10;`` references.

Notes are the user's own Markdown and are kept, except that raw HTML is escaped, so
an export opened in a previewer never runs a ``<script>`` that came with the text,
and Obsidian's ``%%`` (a comment, which would hide the rest of the file) and ``==``
(a highlight) are escaped outside code.

A note is split into lines at every one of those separators (see :func:`note_lines`),
so each of its lines can be indented into its list item.

Not representable: NUL, and the control characters vertical tab, U+001C–U+001F and
U+0085, whose references markdown-it turns into U+FFFD (the structure stays safe).
Stored text never holds them: import removes control characters.
"""

from __future__ import annotations

import functools
import re

from markdown_it import MarkdownIt

#: Escaped wherever they occur: every character that starts inline syntax somewhere.
_ALWAYS = "\\`*[]<>&#|^"
#: Escaped only when the text holds two runs of them (an opener and a closer, which
#: GFM's strikethrough and Obsidian's math need) or one at a line start (a ``~~~``
#: fence): a lone ``~`` (``6~7倍``) or ``$`` (``$5``) is left as it is, since no
#: renderer changes it and a backslash would show in every editor's source view.
_PAIRED = "~$"
_PAIRED_RUNS = {ch: re.compile(re.escape(ch) + "+") for ch in _PAIRED}
#: Every line separator Python's ``str.splitlines`` knows, ``\n`` included.
LINE_SEPARATORS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPES = str.maketrans(
    {ch: "\\" + ch for ch in _ALWAYS} | {ch: f"&#{ord(ch)};" for ch in LINE_SEPARATORS}
)
#: Escaped in runs of two or more: ``%%`` opens an Obsidian comment and ``==`` a
#: highlight, while the single ``%`` of 50% or ``=`` of a=b are harmless.
_DOUBLED = re.compile(r"([%=])(?=\1)|(?<=%)%|(?<==)=")
#: An underscore run is emphasis syntax unless letters or digits stand on both sides.
_UNDERSCORES = re.compile(r"_+")
#: What starts a block at the beginning of a line once the above are escaped.
_LINE_START = re.compile(r"[-+=]|[0-9]+(?=[.)])")
#: Parsers strip these at the ends of a line (Python's idea of whitespace, a superset).
_EDGE_SPACE = re.compile(r"^\s+|\s+$")
#: ``<`` that may open raw HTML (a tag, a closing tag, a comment, a declaration) and
#: is not escaped already: an even number of backslashes (maybe none) stands before it.
_HTML_START = re.compile(r"(?<!\\)((?:\\\\)*)<(?=[A-Za-z/!?])")
_ESCAPED_HTML_START = r"\1\\<"
#: Where a note may hold code, in which ``<`` is literal and a backslash would show.
_MAY_HOLD_CODE = re.compile(r"`|~~~|^[ \t>]*(?: {4}|\t)", re.MULTILINE)
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9.+-]{1,31}:[^<>\s\x00-\x1f]*>")
_BACKTICKS = re.compile(r"\\*`+")
#: A line that opens or closes a fenced code block.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
#: What CommonMark reads as a line end besides ``\n``.
_CR_LINE_END = re.compile(r"\r\n?")


def escape_line(text: str, paragraph: str | None = None) -> str:
    """``text`` as one line of inline Markdown that parses back to it: a line separator
    in it (even ``\\n``) becomes a character reference, never a line end.

    ``paragraph`` is the whole text the line is part of (default: the line), where a
    ``~`` or ``$`` could find its partner."""
    escaped = _DOUBLED.sub(r"\\\g<0>", _escape_paired(text.translate(_ESCAPES), paragraph or text))
    escaped = _UNDERSCORES.sub(_underscores, escaped)
    start = _LINE_START.match(escaped)
    if start is not None:
        at = 0 if start.group() in "-+=" else start.end()  # the marker, or the list's dot
        escaped = escaped[:at] + "\\" + escaped[at:]
    return _EDGE_SPACE.sub(_references, escaped)


def escape_text(text: str) -> str:
    """Text of any number of lines as the inside of one paragraph: lines joined by hard
    breaks, trailing line breaks as references. Prefix each output line to nest it."""
    body = text.rstrip("\n")
    trailing = "&#10;" * (len(text) - len(body))
    return "\\\n".join(escape_line(line, body) for line in body.split("\n")) + trailing


def blockquote(text: str) -> str:
    """``text`` as a blockquote whose paragraph parses back to exactly ``text``."""
    return "\n".join("> " + line for line in escape_text(text).split("\n"))


def note_lines(note: str) -> list[str]:
    """A note's lines, split at every line separator (CRLF counts as one), without the
    blank lines at either end, with :func:`safe_note` applied.

    Splitting at every separator, not ``\\n`` alone, means that no tool, whatever it
    takes for a line end, finds a line in the note that the exporter did not indent.
    """
    lines = note.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        return []
    return obsidian_safe(safe_note("\n".join(lines))).split("\n")


def obsidian_safe(note: str) -> str:
    """The note with every ``%%`` and ``==`` run backslash-escaped outside code.

    In Obsidian ``%%`` opens a comment that runs until the next ``%%`` anywhere in the
    file, so one in a note would hide everything after it, and ``==`` marks a
    highlight. Escaped, both show as written everywhere. Fenced code blocks and code
    spans (found line by line, so a span across lines is escaped too: a visible
    backslash at worst, never a comment) are left alone: there a backslash would show
    and neither is syntax.
    """
    if "%%" not in note and "==" not in note:
        return note
    lines = note.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening is not None and opening.group(1).startswith(fence):
                fence = None
            continue
        if opening is not None:
            fence = opening.group(1)[0] * 3
            continue
        pieces = []
        position = 0
        for start, end in _code_spans(line):
            pieces.append(_DOUBLED.sub(r"\\\g<0>", line[position:start]))
            pieces.append(line[start:end])
            position = end
        pieces.append(_DOUBLED.sub(r"\\\g<0>", line[position:]))
        lines[index] = "".join(pieces)
    return "\n".join(lines)


@functools.lru_cache(maxsize=1024)
def safe_note(note: str) -> str:
    """The user's Markdown with every raw HTML tag, comment or declaration escaped.

    A ``<`` that could open HTML gets a backslash (unless one already escapes it), which
    is safe anywhere: outside code it makes the ``<`` literal, and inside code there is
    no HTML to begin with. Autolinks stay links. Only a note that may hold code (where
    the backslash would show) is parsed, so its code blocks and code spans can be left
    alone; if the parser still finds HTML afterwards, every ``<`` is escaped. CR and
    CRLF become ``\\n`` first, as they do in the parser, so its line numbers are ours.
    """
    note = _CR_LINE_END.sub("\n", note)
    if _HTML_START.search(note) is None:
        return note
    if _MAY_HOLD_CODE.search(note) is None:
        return _escape_outside_autolinks(note)
    lines = note.split("\n")
    for token in _parser().parse(note):
        if token.map is None:
            continue
        first, last = token.map
        if token.type == "html_block":
            for index in range(first, last):
                lines[index] = _HTML_START.sub(_ESCAPED_HTML_START, lines[index])
        elif token.type == "inline" and any(c.type == "html_inline" for c in token.children or ()):
            escaped = _escape_inline_html("\n".join(lines[first:last]))
            lines[first:last] = escaped.split("\n")
    escaped_note = "\n".join(lines)
    if _has_html(escaped_note):
        return _HTML_START.sub(_ESCAPED_HTML_START, escaped_note)
    return escaped_note


def _escape_paired(line: str, paragraph: str) -> str:
    """Escape ``~`` and ``$`` where a renderer could pair them (see :data:`_PAIRED`)."""
    for ch in _PAIRED:
        if ch not in line:
            continue
        if len(_PAIRED_RUNS[ch].findall(paragraph)) > 1:
            line = line.replace(ch, "\\" + ch)
        elif line.startswith(ch):
            line = "\\" + line
    return line


def _underscores(match: re.Match[str]) -> str:
    text, start, end = match.string, match.start(), match.end()
    if start > 0 and end < len(text) and text[start - 1].isalnum() and text[end].isalnum():
        return match.group()
    return "\\_" * (end - start)


def _references(match: re.Match[str]) -> str:
    return "".join(f"&#{ord(ch)};" for ch in match.group())


def _escape_inline_html(source: str) -> str:
    """Escape HTML starts in a paragraph's source, outside code spans and autolinks."""
    pieces = []
    position = 0
    for start, end in _code_spans(source):
        pieces.append(_escape_outside_autolinks(source[position:start]))
        pieces.append(source[start:end])
        position = end
    pieces.append(_escape_outside_autolinks(source[position:]))
    return "".join(pieces)


def _escape_outside_autolinks(text: str) -> str:
    pieces = []
    position = 0
    for link in _AUTOLINK.finditer(text):
        pieces.append(_HTML_START.sub(_ESCAPED_HTML_START, text[position : link.start()]))
        pieces.append(link.group())
        position = link.end()
    pieces.append(_HTML_START.sub(_ESCAPED_HTML_START, text[position:]))
    return "".join(pieces)


def _code_spans(source: str) -> list[tuple[int, int]]:
    """Where CommonMark code spans are: a backtick run closed by the next run of the
    same length; a run after an odd number of backslashes is a literal backtick."""
    runs = []
    for match in _BACKTICKS.finditer(source):
        slashes = len(match.group()) - len(match.group().lstrip("\\"))
        start = match.start() + slashes + (slashes % 2)
        if start < match.end():
            runs.append((start, match.end()))
    spans = []
    index = 0
    while index < len(runs):
        start, end = runs[index]
        length = end - start
        closing = next(
            (j for j in range(index + 1, len(runs)) if runs[j][1] - runs[j][0] == length), None
        )
        if closing is None:
            index += 1
            continue
        spans.append((start, runs[closing][1]))
        index = closing + 1
    return spans


def _has_html(markdown: str) -> bool:
    for token in _parser().parse(markdown):
        if token.type == "html_block":
            return True
        if token.type == "inline" and any(c.type == "html_inline" for c in token.children or ()):
            return True
    return False


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark")
