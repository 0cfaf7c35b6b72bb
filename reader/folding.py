"""Folding text so that script, case and width do not matter when comparing.

The fold of a text maps each character on its own: traditional to simplified through
OpenCC's character table, upper to lower case, full-width ASCII to half width. Being
character for character, the fold has the text's length and its offsets are the
text's offsets. Search and entity linking compare folds: 馬斯克 and 马斯克, ＧＰＴ and
gpt are equal once folded. Because both sides of a comparison are folded by the same
function, the fold is consistent even where phrase-level conversion would depend on
context (乾隆 vs 乾燥); display conversion still uses OpenCC's phrase-aware configs.
"""

from __future__ import annotations

import functools

from reader.conversion import (
    TO_SIMPLIFIED,
    Converted,
    OffsetMap,
    character_table,
    dense_table,
)

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@functools.cache
def _fold_table() -> list[int | str]:
    return dense_table(character_table(TO_SIMPLIFIED) | _WIDTH)


def _lower_in_place(text: str) -> str:
    """Lower-case without changing length (a character whose lower form is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def fold_text(text: str) -> str:
    """The fold of ``text``: same length, offsets shared with ``text``."""
    return _lower_in_place(text.translate(_fold_table()))


def fold(text: str) -> Converted:
    """The fold of ``text`` with its (identity) offset map, for code written against maps."""
    return Converted(fold_text(text), OffsetMap.identity(len(text)))


def fold_query(query: str) -> str:
    """A query folded the same way as the texts it is compared with."""
    return fold_text(query)
