"""The quote inside its paragraph(s): what a review card shows, in any script.

Recall is practised in context, so a card shows the whole paragraph (or paragraphs,
for a quote that spans several) with the quote highlighted. Articles may be one huge
line, so only a window of :data:`CONTEXT_CHARS` on each side of the quote is ever
read from the store; a paragraph longer than that is clipped at a sentence end where
one is near, and the clip is marked with an ellipsis.

Script conversion runs over the whole passage (OpenCC is context-sensitive) and the
highlight is carried across with the :class:`~reader.conversion.OffsetMap`, never by
converting the quote on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.conversion import DisplayScript, for_display

#: Characters of context read on each side of the quote.
CONTEXT_CHARS = 400
#: Characters that end a sentence: a clipped side starts or stops at one of these.
SENTENCE_ENDS = frozenset("。！？；!?;…")


@dataclass(frozen=True)
class Passage:
    """``text`` with the quote at ``[start, end)``; ``clipped_*`` say whether the
    paragraph goes on beyond ``text`` (the screen draws an ellipsis there)."""

    text: str
    start: int
    end: int
    clipped_before: bool
    clipped_after: bool

    @property
    def quote(self) -> str:
        return self.text[self.start : self.end]

    def in_script(self, mode: DisplayScript) -> Passage:
        """The same passage shown in ``mode``, the highlight mapped onto the new text."""
        converted = for_display(self.text, mode)
        start, end = converted.offsets.range_to_target(self.start, self.end)
        return Passage(converted.text, start, end, self.clipped_before, self.clipped_after)


def passage_in(window: str, window_start: int, text_length: int, start: int, end: int) -> Passage:
    """The passage around ``[start, end)`` of a text of ``text_length`` characters,
    given ``window``, the slice of that text beginning at ``window_start`` and
    containing the quote."""
    quote_start = start - window_start
    quote_end = end - window_start
    if not 0 <= quote_start < quote_end <= len(window):
        raise ValueError("the window does not contain the quote")
    first = window.rfind("\n", 0, quote_start) + 1
    last = window.find("\n", quote_end)
    clipped_before = first == 0 and window_start > 0
    clipped_after = last == -1 and window_start + len(window) < text_length
    if last == -1:
        last = len(window)
    if clipped_before:
        first = _after_sentence_end(window, 0, quote_start)
    if clipped_after:
        last = _last_sentence_end(window, quote_end, last)
    return Passage(
        window[first:last], quote_start - first, quote_end - first, clipped_before, clipped_after
    )


def _after_sentence_end(text: str, lo: int, hi: int) -> int:
    """Just after the first sentence end in ``text[lo:hi]``, else ``lo``."""
    for index in range(lo, hi):
        if text[index] in SENTENCE_ENDS:
            return index + 1
    return lo


def _last_sentence_end(text: str, lo: int, hi: int) -> int:
    """Just after the last sentence end in ``text[lo:hi]``, else ``hi``."""
    for index in range(hi - 1, lo - 1, -1):
        if text[index] in SENTENCE_ENDS:
            return index + 1
    return hi
