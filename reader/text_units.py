"""Sentence, clause, word and character boundaries for the reading cursor and selection.

The reading cursor moves by these units, and a selection is snapped to them, so a
user marks whole words and sentences rather than half a character cluster. All
offsets are code points in the original text (what anchors are stored against).

A sentence ends at 。！？…!? and keeps any closing quotes or brackets that follow
(」』”’）》), so 「好！」 stays one sentence; a clause ends also at ，；：、,;: . A line
break always ends both. ASCII ``,`` and ``:`` between digits (1,000 and 10:30) are not
clause breaks. Words come from jieba when it is already loaded; loading takes about a
second, so this module never triggers it and falls back to characters (with runs of
ASCII letters and digits kept together) until the TUI's worker has loaded it.
Characters are grapheme clusters approximated without a regex engine: combining marks,
variation selectors, emoji modifiers and zero-width-joiner sequences stay with their
base, and regional-indicator flags stay in pairs.
"""

from __future__ import annotations

import bisect
import enum
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from reader import segmentation

SENTENCE_ENDS = frozenset("。！？…!?")
CLAUSE_ENDS = SENTENCE_ENDS | frozenset("，；：、,;:")
CLOSERS = frozenset("」』”’）》")
_DIGIT_SEPARATORS = frozenset(",:")

Span = tuple[int, int]


class Unit(enum.StrEnum):
    CHARACTER = "character"
    WORD = "word"
    CLAUSE = "clause"
    SENTENCE = "sentence"


@dataclass(frozen=True)
class Spans:
    """Sorted, non-overlapping spans of one unit, with cursor look-ups."""

    spans: tuple[Span, ...]
    _starts: tuple[int, ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_starts", tuple(start for start, _ in self.spans))

    def __len__(self) -> int:
        return len(self.spans)

    def __iter__(self) -> Iterator[Span]:
        return iter(self.spans)

    def at(self, position: int) -> Span | None:
        """The span containing ``position`` (None in the gaps between spans)."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index >= 0 and position < self.spans[index][1]:
            return self.spans[index]
        return None

    def next(self, position: int) -> Span | None:
        """The first span starting after ``position``."""
        index = bisect.bisect_right(self._starts, position)
        return self.spans[index] if index < len(self.spans) else None

    def previous(self, position: int) -> Span | None:
        """The last span starting before ``position`` (the current one's start first)."""
        index = bisect.bisect_left(self._starts, position) - 1
        return self.spans[index] if index >= 0 else None


def units(text: str, unit: Unit) -> Spans:
    """The spans of ``unit`` in ``text``."""
    if unit is Unit.SENTENCE:
        return sentences(text)
    if unit is Unit.CLAUSE:
        return clauses(text)
    if unit is Unit.WORD:
        return words(text)
    return characters(text)


def sentences(text: str) -> Spans:
    return Spans(tuple(_split(text, SENTENCE_ENDS)))


def clauses(text: str) -> Spans:
    return Spans(tuple(_split(text, CLAUSE_ENDS)))


def words(text: str) -> Spans:
    """jieba's words if jieba is loaded, else the character fallback."""
    if segmentation.is_ready():
        return Spans(tuple(segmentation.word_spans(text)))
    return Spans(tuple(_fallback_words(text)))


def characters(text: str) -> Spans:
    """Grapheme clusters, whitespace excluded."""
    return Spans(tuple(span for span in _clusters(text) if not text[span[0]].isspace()))


def snap_to_words(start: int, end: int, word_spans: Sequence[Span]) -> Span:
    """Widen ``start``-``end`` so that no word is cut: a bound inside a word moves
    to that word's edge; a bound in a gap between words stays."""
    if start >= end or not word_spans:
        return start, end
    starts = [s for s, _ in word_spans]
    index = bisect.bisect_right(starts, start) - 1
    if index >= 0 and start < word_spans[index][1]:
        start = word_spans[index][0]
    index = bisect.bisect_right(starts, end - 1) - 1
    if index >= 0 and end - 1 < word_spans[index][1]:
        end = max(end, word_spans[index][1])
    return start, end


def _split(text: str, ends: frozenset[str]) -> list[Span]:
    spans: list[Span] = []
    length = len(text)
    start: int | None = None
    position = 0
    while position < length:
        ch = text[position]
        if ch == "\n":
            if start is not None:
                spans.append(_trim(text, start, position))
                start = None
            position += 1
            continue
        if start is None:
            if ch.isspace():
                position += 1
                continue
            start = position
        position += 1
        if ch in ends and not _between_digits(text, position - 1):
            while position < length and (text[position] in ends or text[position] in CLOSERS):
                position += 1
            spans.append(_trim(text, start, position))
            start = None
    if start is not None:
        spans.append(_trim(text, start, length))
    return spans


def _between_digits(text: str, position: int) -> bool:
    return (
        text[position] in _DIGIT_SEPARATORS
        and 0 < position < len(text) - 1
        and text[position - 1].isascii()
        and text[position - 1].isdigit()
        and text[position + 1].isascii()
        and text[position + 1].isdigit()
    )


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fallback_words(text: str) -> list[Span]:
    spans: list[Span] = []
    for start, end in _clusters(text):
        ch = text[start]
        if ch.isspace():
            continue
        if _is_ascii_word(ch) and spans and spans[-1][1] == start:
            previous = text[spans[-1][1] - 1]
            if _is_ascii_word(previous):
                spans[-1] = (spans[-1][0], end)
                continue
        spans.append((start, end))
    return spans


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _clusters(text: str) -> list[Span]:
    spans: list[Span] = []
    length = len(text)
    position = 0
    while position < length:
        start = position
        ch = text[position]
        position += 1
        if (ch == "\r" and position < length and text[position] == "\n") or (
            _is_regional_indicator(ch)
            and position < length
            and _is_regional_indicator(text[position])
        ):
            position += 1
        while position < length:
            following = text[position]
            if following == "\u200d" and position + 1 < length:
                position += 2  # the joiner and the character it joins
            elif _extends(following):
                position += 1
            else:
                break
        spans.append((start, position))
    return spans


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _extends(ch: str) -> bool:
    """Whether ``ch`` belongs to the cluster before it rather than starting one."""
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Mn", "Me", "Mc")
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0100 <= code <= 0xE01EF
        or 0x1F3FB <= code <= 0x1F3FF  # emoji skin tones
        or 0xE0020 <= code <= 0xE007F  # emoji tag sequences
        or ch == "\u200d"
    )
