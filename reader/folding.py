"""Folding text so that script, case and width do not matter when comparing.

The fold of a text maps each character on its own: traditional (Hong Kong forms too:
衞, 衹) to simplified through OpenCC's character table, upper to lower case, full-width
ASCII to half width. Being character for character, the fold has the text's length
and its offsets are the text's offsets. Search and entity linking compare folds:
馬斯克 and 马斯克, ＧＰＴ and gpt are equal once folded. Because both sides of a
comparison are folded by the same function, the fold is consistent even where
phrase-level conversion would depend on context (乾隆 vs 乾燥); display conversion
still uses OpenCC's phrase-aware configs.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from reader.code_point_tables import LONG_TEXT, array_table, translate_long
from reader.conversion import (
    TO_SIMPLIFIED_VARIANTS,
    Converted,
    OffsetMap,
    character_table,
    dense_table,
)

if TYPE_CHECKING:
    import numpy as np

_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def _lower_in_place(text: str) -> str:
    """Lower-case without changing length (a character whose lower form is longer stays)."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def fold_text(text: str) -> str:
    """The fold of ``text``: same length, offsets shared with ``text``."""
    if len(text) >= LONG_TEXT:
        return _lower_in_place(translate_long(text, _fold_array()))
    return _lower_in_place(text.translate(_fold_table()))


def fold(text: str) -> Converted:
    """The fold of ``text`` with its (identity) offset map, for code written against maps."""
    return Converted(fold_text(text), OffsetMap.identity(len(text)))


def fold_query(query: str) -> str:
    """A query folded the same way as the texts it is compared with."""
    return fold_text(query)


@functools.cache
def _changes() -> dict[int, int]:
    return character_table(TO_SIMPLIFIED_VARIANTS) | _WIDTH


@functools.cache
def _fold_table() -> list[int | str]:
    return dense_table(_changes())


@functools.cache
def _fold_array() -> np.ndarray:
    return array_table(_fold_table())


@functools.cache
def _unfoldings() -> dict[str, str]:
    """For each character that some other character folds to, every character that
    folds to it (itself included), as one string.

    Built once, on first use, without folding every code point one by one: the
    characters the table changes are few, and the rest change only by lower case,
    which whole runs of 64 code points are checked for at once (cased letters are
    rare outside a few blocks, and all lie below U+1F000).
    """
    changes = _changes()
    sources: dict[str, str] = {}

    def add(original: str, target: str) -> None:
        sources[target] = sources.get(target, target) + original

    for code, replacement in changes.items():
        add(chr(code), fold_text(chr(replacement)))
    for first in range(0, 0x1F000, 64):
        if 0xD800 <= first < 0xE000:
            continue
        run = "".join(map(chr, range(first, first + 64)))
        if run.lower() == run:
            continue
        for character in run:
            lowered = character.lower()
            if len(lowered) == 1 and lowered != character and ord(character) not in changes:
                add(character, lowered)
    # Lower-casing a whole text turns a capital sigma ending a word into ς, not σ.
    add("Σ", "ς")
    return sources


@functools.lru_cache(maxsize=256)
def fold_pattern(folded_query: str) -> re.Pattern[str]:
    """A pattern matching, in any text, exactly where the text's fold holds
    ``folded_query``: each character of the query stands for every character that
    folds to it. Matches are where :func:`fold_text` would find the query, with the
    same offsets, without folding the text (a regular expression over a 5,000-character
    article costs a tenth of its fold)."""
    unfoldings = _unfoldings()
    parts = []
    for character in folded_query:
        sources = unfoldings.get(character, character)
        if len(sources) == 1:
            parts.append(re.escape(character))
        else:
            parts.append("[" + "".join(re.escape(source) for source in sources) + "]")
    return re.compile("".join(parts))


def spellings(folded_query: str, limit: int) -> list[str] | None:
    """Every text whose fold is ``folded_query`` (马斯 → 马斯, 馬斯), or ``None`` if
    there are more than ``limit``: a short query can then be looked for as plain
    substrings by SQLite, without the text leaving the database."""
    unfoldings = _unfoldings()
    found = [""]
    for character in folded_query:
        sources = unfoldings.get(character, character)
        if len(found) * len(sources) > limit:
            return None
        found = [prefix + source for prefix in found for source in sources]
    return found
