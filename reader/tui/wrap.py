"""Line breaking for the reading view: cell-width aware, fast on long texts, kinsoku-safe.

A Chinese article can be a million characters; laying it out must not loop over it
character by character in Python on every resize or script toggle. A paragraph is
split by one compiled regex into runs: *wide* runs (CJK, fullwidth: two cells a
character, a break allowed between any two), *words* of narrow characters (kept
together, broken only when longer than a line) and runs of spaces (which may hang
past the edge). Breaks inside a wide run are computed arithmetically, so the Python
loop runs once per run and once per visual line, not once per character.

Widths agree with Rich, which measures what Textual draws: the wide set is Rich's
(:func:`wide_ranges`).

Kinsoku: no line begins with closing punctuation and none ends with opening
punctuation; the break moves back (the previous character goes down with it), as
Chinese typesetting does when it cannot compress.

Every visual line keeps its ``(start, end)`` offsets in the laid-out text, so callers
can map any visual position to a text offset and back.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from typing import Literal

import rich.cells
from rich.cells import cell_len, get_character_cell_size, set_cell_size

from reader.conversion import han_regex

#: Characters that must not begin a line.
CLOSING = frozenset(
    "，。、；：！？」』）》〉】〕〗〙〛〞’”…‥・ー々ゝゞ,.!?;:)]}%．，！？；：）］｝％｣､。"
)
#: Characters that must not end a line.
OPENING = frozenset("「『（《〈【〔〖〘〚〝‘“([{（［｛｢")
#: How far back a break may move to satisfy kinsoku before the rule gives way.
MAX_PUSH = 3
#: Cells a line may overflow by to hang one-cell closing punctuation (the reading
#: view keeps that much margin on the right).
HANG = 1


#: Code points past this are never two cells wide (planes 2 and 3 are the last wide ones).
_LAST_WIDE_CANDIDATE = 0x3FFFF


@functools.cache
def wide_ranges() -> tuple[tuple[int, int], ...]:
    """The ``(first, last)`` code point ranges Rich draws two cells wide.

    The truth is Rich's public :func:`rich.cells.get_character_cell_size`. Asking it
    of every code point takes ~0.5 s, so the table behind it is read directly when
    ``rich.cells`` holds one (Rich 15: ``load_cell_table``; Rich 14: ``CELL_WIDTHS``),
    and a test checks that table against the public function; with any other Rich
    the code points are asked one by one, slower but never wrong and never a crash.
    """
    loader = getattr(rich.cells, "load_cell_table", None)
    table = loader("auto").widths if callable(loader) else getattr(rich.cells, "CELL_WIDTHS", None)
    if table is not None:
        return tuple((start, end) for start, end, width in table if width == 2)
    return scanned_wide_ranges()


def scanned_wide_ranges() -> tuple[tuple[int, int], ...]:
    """:func:`wide_ranges` found by asking Rich's public width function of every
    code point that can be wide (the slow way, for a Rich without a table)."""
    measure = getattr(get_character_cell_size, "__wrapped__", get_character_cell_size)
    ranges: list[tuple[int, int]] = []
    for code in range(_LAST_WIDE_CANDIDATE + 1):
        if measure(chr(code)) == 2:
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    return tuple(ranges)


def _wide_ranges() -> str:
    """The body of a regex character class of every code point Rich draws two
    cells wide (without brackets, so it can be negated too)."""
    return "".join(
        f"{_escape(start)}-{_escape(end)}" if end > start else _escape(start)
        for start, end in wide_ranges()
    )


def _escape(code: int) -> str:
    return f"\\U{code:08x}"


_NARROW_CLOSING = frozenset(character for character in CLOSING if cell_len(character) == 1)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The token, wide-character and wide-run regexes, built on first layout, not at
    import: the class has hundreds of ranges and compiling it costs ~15 ms of start."""
    ranges = _wide_ranges()
    wide = f"[{ranges}]"
    token = re.compile(f"(?P<wide>{wide}+)|(?P<space> +)|(?P<word>[^ \n{ranges}]+)")
    return token, re.compile(wide), re.compile(wide + "+")


def _estimate_cells(text: str) -> int:
    """Cells of ``text``, counting zero-width characters as one: an upper bound that
    costs two C-level passes, used to skip wrapping lines that obviously fit."""
    return 2 * len(text) - len(_patterns()[2].sub("", text))


def same_layout(old: str, new: str) -> bool:
    """Whether ``new`` wraps exactly like ``old`` at any width: it differs only in Han
    ideographs, which are all two cells wide and never kinsoku punctuation. True for
    most 简/繁 conversions, which then need no new layout (two C-level regex passes
    instead of a wrap)."""
    han = han_regex()
    return len(old) == len(new) and han.sub("字", old) == han.sub("字", new)


def text_cells(text: str) -> int:
    """Cells ``text`` takes on screen (Rich's measure, fast for ASCII and CJK)."""
    if text.isascii():
        return len(text)
    return cell_len(text)


@dataclass(frozen=True)
class Layout:
    """The visual lines of a text wrapped at ``width`` cells.

    ``starts[i]``/``ends[i]`` are the offsets of line ``i`` in the text; a blank
    line (an empty source line, e.g. between paragraphs) has ``start == end``.
    """

    width: int
    starts: list[int]
    ends: list[int]

    def __len__(self) -> int:
        return len(self.starts)

    def line_for(self, offset: int) -> int:
        """The visual line showing the character at ``offset`` (clamped)."""
        if not self.starts:
            return 0
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def wrap(text: str, width: int) -> Layout:
    """Wrap ``text`` (lines separated by ``\\n``) at ``width`` cells."""
    width = max(2, width)
    starts: list[int] = []
    ends: list[int] = []
    position = 0
    for line in text.split("\n"):
        end = position + len(line)
        for start, stop in _wrap_line(text, position, end, width):
            starts.append(start)
            ends.append(stop)
        position = end + 1
    return Layout(width, starts, ends)


def _wrap_line(text: str, start: int, end: int, width: int) -> list[tuple[int, int]]:
    """The visual lines of ``text[start:end]`` (one source line)."""
    length = end - start
    if 2 * length <= width or (length <= width and _estimate_cells(text[start:end]) <= width):
        return [(start, end)]
    breaks: list[int] = []
    line_start = start
    column = 0
    for match in _patterns()[0].finditer(text, start, end):
        token_start, token_end = match.span()
        kind = match.lastgroup
        if kind == "space":
            column += token_end - token_start
            continue
        if kind == "word":
            line_start, column = _place_word(
                text, token_start, token_end, width, line_start, column, breaks
            )
            continue
        position = token_start
        while True:
            fit = max(0, width - column) // 2
            if token_end - position <= fit:
                column += 2 * (token_end - position)
                break
            cut = position + fit
            if cut <= line_start:
                cut = line_start + 1  # narrower than one character: one per line
            cut = kinsoku(text, cut, line_start)
            breaks.append(cut)
            line_start = cut
            position = max(cut, token_start)
            column = text_cells(text[cut:position])
    bounds = [start, *breaks]
    return [(a, b) for a, b in zip(bounds, [*breaks, end], strict=True)]


def _place_word(
    text: str,
    start: int,
    end: int,
    width: int,
    line_start: int,
    column: int,
    breaks: list[int],
) -> tuple[int, int]:
    """Put one narrow word on the current line or the next; returns the new
    ``(line_start, column)``. A word wider than a line is cut into pieces."""
    lead = _leading_closing(text, start, end)
    if lead and column > 0 and column + lead <= width + HANG:
        # Closing punctuation glued to the front of a word ("”DeepSeek") stays on
        # this line, hanging into the margin if need be; the word may then break.
        column += lead
        start += lead
        if start == end:
            return line_start, column
    word = text[start:end]
    cells = text_cells(word)
    if column + cells <= width or cells == 0:
        return line_start, column + cells
    if column > 0 and start > line_start:
        cut = kinsoku(text, start, line_start)
        breaks.append(cut)
        line_start = cut
        column = text_cells(text[cut:start])
        if column + cells <= width:
            return line_start, column + cells
    position = start
    while position < end:
        take = _prefix_fitting(text, position, end, width - column)
        if take == 0 and position == line_start:
            take = 1
        if position + take < end and text[position + take] in _NARROW_CLOSING:
            take += 1  # hang it rather than begin the next line with it
        if position + take >= end:
            return line_start, column + text_cells(text[position:end])
        cut = position + take
        breaks.append(cut)
        line_start = cut
        position = cut
        column = 0
    return line_start, column


def _leading_closing(text: str, start: int, end: int) -> int:
    """How many one-cell closing punctuation characters begin ``text[start:end]``."""
    count = 0
    while start + count < end and text[start + count] in _NARROW_CLOSING:
        count += 1
    return count


def _prefix_fitting(text: str, start: int, end: int, cells: int) -> int:
    """How many characters of ``text[start:end]`` fit in ``cells`` cells."""
    if cells <= 0:
        return 0
    if text[start:end].isascii():
        return min(end - start, cells)
    used = 0
    for index in range(start, end):
        used += get_character_cell_size(text[index])
        if used > cells:
            return index - start
    return end - start


def _is_word_char(character: str) -> bool:
    return character not in " \n" and not _patterns()[1].match(character)


def kinsoku(text: str, cut: int, line_start: int) -> int:
    """Move a break at ``cut`` back so the next line does not begin with closing
    punctuation and this one does not end with opening punctuation.

    A move that lands inside a narrow word goes on to the word's start. The break
    never moves to or before ``line_start`` (the line would be empty); if no
    acceptable break lies within :data:`MAX_PUSH` moves the original one is kept.
    """
    candidate = cut
    for _ in range(MAX_PUSH + 1):
        if candidate <= line_start:
            return cut
        if (
            candidate != cut
            and _is_word_char(text[candidate - 1])
            and _is_word_char(text[candidate])
        ):
            word_start = candidate
            while word_start > line_start and _is_word_char(text[word_start - 1]):
                word_start -= 1
            if word_start > line_start:
                candidate = word_start
                continue
            # The word fills the line: break inside it, at the punctuation.
        if candidate < len(text) and (text[candidate] in CLOSING or text[candidate - 1] in OPENING):
            candidate -= 1
            continue
        return candidate
    return cut


def fit(text: str, width: int, align: Literal["left", "right"] = "left") -> str:
    """``text`` padded or cut (with …) to exactly ``width`` cells: one table cell."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        text = set_cell_size(text, width - 1) + "…"
    if align == "right":
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)


def fit_around(text: str, start: int, end: int, width: int) -> tuple[str, int, int]:
    """Cut ``text`` to at most ``width`` cells around ``start``-``end`` (a hit), context
    shared evenly either side and each cut side marked with …; returns the cut text
    and where the hit is in it. A hit wider than ``width`` keeps its beginning."""
    if width <= 0:
        return "", 0, 0
    if text_cells(text) <= width:
        return text, start, end
    hit = text[start:end]
    if text_cells(hit) >= width:
        cut = _head_within(hit, width)
        return cut, 0, len(cut)
    room = width - text_cells(hit)
    before, after = text[:start], text[end:]
    # Each side gets half the room; a side that needs less leaves the rest to the other.
    left_room = max(room // 2, room - text_cells(after))
    left = _tail_within(before, left_room)
    right = _head_within(after, room - text_cells(left))
    return left + hit + right, len(left), len(left) + len(hit)


def _tail_within(text: str, width: int) -> str:
    """The end of ``text`` in at most ``width`` cells, starting with … if cut."""
    if text_cells(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = len(text), 1
    while kept > 0 and used + text_cells(text[kept - 1]) <= width:
        kept -= 1
        used += text_cells(text[kept])
    return "…" + text[kept:]


def _head_within(text: str, width: int) -> str:
    """The start of ``text`` in at most ``width`` cells, ending with … if cut."""
    if text_cells(text) <= width:
        return text
    if width <= 0:
        return ""
    kept, used = 0, 1
    while kept < len(text) and used + text_cells(text[kept]) <= width:
        used += text_cells(text[kept])
        kept += 1
    return text[:kept] + "…"
