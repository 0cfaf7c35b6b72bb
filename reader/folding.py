"""Folding text so that script, case and width do not matter when comparing.

The fold of a text is its simplified form (OpenCC t2s), lower-cased and with
full-width ASCII turned half-width, character for character wherever possible, so
offsets in the fold map back to the original through the conversion's offset map.
Search and entity linking both compare folds: 馬斯克 and 马斯克, ＧＰＴ and gpt are
equal once folded.
"""

from __future__ import annotations

from reader.conversion import TO_SIMPLIFIED, Converted, convert

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _lower_in_place(text: str) -> str:
    """Lower-case without changing length (a character whose lower form is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def fold_characters(text: str) -> str:
    """The length-preserving part of the fold: width and case."""
    return _lower_in_place(text.translate(_WIDTH))


def fold(text: str) -> Converted:
    """The searchable fold of ``text`` and the map from ``text``'s offsets to the fold's."""
    simplified = convert(text, TO_SIMPLIFIED)
    return Converted(fold_characters(simplified.text), simplified.offsets)


def fold_query(query: str) -> str:
    """A query folded the same way as the texts it is compared with."""
    return fold(query).text
