"""The reading cursor and the visual selection, in original offsets (no Textual here).

The cursor always sits on one character (a grapheme cluster) of the article's clean
original text, so whatever it marks is what an annotation is anchored to, whatever
script the pane shows. It moves by sentence, clause, word or character
(:mod:`reader.text_units`). A visual selection runs from an anchor character to the
cursor, both included; its edges are widened to whole words (:func:`snap_to_words`),
so a selection never cuts a word in half.

Units are computed per paragraph (sentences, clauses and clusters never cross a line
break) and only for the paragraphs the cursor visits, so the cursor costs the same in
a million-character article as in a short one, and words switch from the character
fallback to jieba's tokens as soon as jieba has been loaded (by a worker: loading it
here would freeze the interface for a second).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from reader import segmentation
from reader.text_units import Span, Spans, Unit, snap_to_words, units

_NEWLINE = re.compile("\n")


class UnitIndex:
    """The spans of every unit of ``text``, computed paragraph by paragraph on demand."""

    def __init__(self, text: str) -> None:
        self.text = text
        breaks = [match.start() for match in _NEWLINE.finditer(text)]
        self._starts = [0, *(position + 1 for position in breaks)]
        self._ends = [*breaks, len(text)]
        self._cache: dict[tuple[Unit, int, bool], Spans] = {}

    def _paragraph(self, position: int) -> int:
        return max(0, bisect.bisect_right(self._starts, position) - 1)

    def spans(self, unit: Unit, paragraph: int) -> Spans:
        """The spans of ``unit`` in one paragraph, in offsets of the whole text. Words
        are cached apart before and after jieba is ready, so they improve in place."""
        ready = unit is Unit.WORD and segmentation.is_ready()
        key = (unit, paragraph, ready)
        found = self._cache.get(key)
        if found is None:
            start, end = self._starts[paragraph], self._ends[paragraph]
            local = units(self.text[start:end], unit)
            found = Spans(tuple((s + start, e + start) for s, e in local))
            self._cache[key] = found
        return found

    def at(self, unit: Unit, position: int) -> Span | None:
        """The span of ``unit`` containing ``position`` (None between spans)."""
        return self.spans(unit, self._paragraph(position)).at(position)

    def next(self, unit: Unit, position: int) -> Span | None:
        """The first span of ``unit`` starting after ``position``, in any later paragraph."""
        paragraph = self._paragraph(position)
        found = self.spans(unit, paragraph).next(position)
        while found is None and paragraph + 1 < len(self._starts):
            paragraph += 1
            spans = self.spans(unit, paragraph)
            found = spans.spans[0] if len(spans) else None
        return found

    def previous(self, unit: Unit, position: int) -> Span | None:
        """The last span of ``unit`` starting before ``position`` (the start of the span
        the position is in first), in any earlier paragraph."""
        paragraph = self._paragraph(position)
        found = self.spans(unit, paragraph).previous(position)
        while found is None and paragraph > 0:
            paragraph -= 1
            spans = self.spans(unit, paragraph)
            found = spans.spans[-1] if len(spans) else None
        return found

    def character(self, position: int) -> Span | None:
        """The character at ``position``, else the nearest one after it, else before."""
        return (
            self.at(Unit.CHARACTER, position)
            or self.next(Unit.CHARACTER, position)
            or self.previous(Unit.CHARACTER, position)
        )

    def snap(self, start: int, end: int) -> Span:
        """``start``-``end`` widened so that no word is cut."""
        first, last = self._paragraph(start), self._paragraph(max(start, end - 1))
        words: list[Span] = []
        for paragraph in {first, last}:
            words.extend(self.spans(Unit.WORD, paragraph))
        return snap_to_words(start, end, sorted(words))


@dataclass(frozen=True)
class Motion:
    """A cursor move: by ``unit``, forwards (``step=1``) or backwards (``-1``)."""

    unit: Unit
    step: int


class ReadingCursor:
    """Where the cursor is, and the visual selection if one is being made."""

    def __init__(self, text: str, position: int = 0) -> None:
        self.index = UnitIndex(text)
        self.char: Span = (0, 0)
        self.anchor: Span | None = None
        self.place(position)

    @property
    def position(self) -> int:
        return self.char[0]

    @property
    def selecting(self) -> bool:
        return self.anchor is not None

    def place(self, position: int) -> None:
        """Put the cursor on the character at (or nearest to) ``position``."""
        self.char = self.index.character(position) or (0, 0)

    def move(self, motion: Motion) -> bool:
        """Move the cursor; False if there is nowhere to go.

        Outside a selection the cursor goes to the start of the next unit, or of the
        unit it is in (then the previous one) going back. While selecting, a forward
        move stops on the *last* character of the unit, so ``v`` then ``)`` selects to
        the end of the sentence rather than one character into the next one.
        """
        index, unit, position = self.index, motion.unit, self.position
        if motion.step < 0:
            target = index.previous(unit, position)
            if target is None:
                return False
            self.place(target[0])
            return True
        if self.selecting and unit is not Unit.CHARACTER:
            current = index.at(unit, position)
            if current is None or self.char[1] >= current[1]:
                current = index.next(unit, position)
            if current is None:
                return False
            last = index.previous(Unit.CHARACTER, current[1])
            self.place(last[0] if last else current[0])
            return True
        target = index.next(unit, position)
        if target is None:
            return False
        self.place(target[0])
        return True

    def start_selection(self) -> None:
        self.anchor = self.char

    def select(self, start: int, end: int) -> None:
        """Select ``start``-``end`` (a passage opened from elsewhere), cursor at its end."""
        first = self.index.character(start)
        last = self.index.previous(Unit.CHARACTER, end) if end > start else None
        self.anchor = first or self.char
        self.char = last if last is not None and last[0] >= self.anchor[0] else self.anchor

    def cancel(self) -> None:
        self.anchor = None

    def selection(self) -> Span | None:
        """The selected range (anchor and cursor characters included, words whole)."""
        if self.anchor is None:
            return None
        start = min(self.anchor[0], self.char[0])
        end = max(self.anchor[1], self.char[1])
        return self.index.snap(start, end)

    def target(self) -> Span:
        """What ``a`` annotates: the selection, else the sentence under the cursor."""
        selected = self.selection()
        if selected is not None:
            return selected
        return self.index.at(Unit.SENTENCE, self.position) or self.char
