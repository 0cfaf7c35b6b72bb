"""Plausibility scores: how much a decoded text looks like real text of its language.

The decoder tries several legacy encodings on the same bytes; every wrong reading
still decodes, so the readings are told apart by how plausible their characters are.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

from reader.ingest import _frequent


@functools.cache
def _han_weights() -> dict[str, float]:
    """Weight of each frequent Han character: 1.0 for the ~1000 most frequent (both
    scripts), 0.5 for the rest of GB2312 level 1 and Big5 level 1 (the standard
    "frequent character" tables of either script)."""
    weights: dict[str, float] = {}
    trails_big5 = [*range(0x40, 0x7F), *range(0xA1, 0xFF)]
    for lead in range(0xB0, 0xD8):
        weights.update(dict.fromkeys(_decode_row("gb2312", lead, range(0xA1, 0xFF)), 0.5))
    for lead in range(0xA4, 0xC7):
        trails = trails_big5 if lead < 0xC6 else range(0x40, 0x7F)
        weights.update(dict.fromkeys(_decode_row("cp950", lead, trails), 0.5))
    weights.update(dict.fromkeys(_frequent.SIMPLIFIED + _frequent.TRADITIONAL, 1.0))
    return weights


def _decode_row(codec: str, lead: int, trails: Iterable[int]) -> Iterator[str]:
    for trail in trails:
        try:
            yield bytes((lead, trail)).decode(codec)
        except UnicodeDecodeError:
            continue


def plausibility(text: str) -> float:
    """How much ``text`` looks like real Chinese text, from -1 to 1 (non-ASCII only).

    Loops over the characters in Python, so callers pass a sample (8192 characters).

    The ~1000 most frequent Han characters and CJK/full-width/general punctuation count
    1, other characters of the GB2312/Big5 level-1 tables 0.5, other unified
    ideographs 0.2, common symbols (Latin-1 signs, arrows, maths, circled numbers,
    geometric shapes) 0.5, other letters 0, and the characters wrong decodings produce
    (private use, U+FFFD, kana, box drawing, Greek, Cyrillic, bopomofo, Hangul jamo,
    extension and compatibility ideographs, C1 controls) -1. Pure ASCII scores 1.
    """
    weights = _han_weights()
    total = 0.0
    count = 0
    for ch in text:
        if ch < "\x80":
            continue
        count += 1
        weight = weights.get(ch)
        if weight is not None:
            total += weight
            continue
        o = ord(ch)
        if (
            0x3000 <= o <= 0x303F
            or 0xFF01 <= o <= 0xFF5E
            or 0x2010 <= o <= 0x2027
            or o in (0xB7, 0xFF5F, 0xFF60, 0xFFE5)
        ):
            total += 1.0
        elif 0x4E00 <= o <= 0x9FFF:
            total += 0.2
        elif (
            0xA0 <= o <= 0xBF
            or o in (0xD7, 0xF7)
            or 0x2100 <= o <= 0x22FF
            or 0x2460 <= o <= 0x24FF
            or 0x25A0 <= o <= 0x26FF
        ):
            total += 0.5
        elif (
            0xE000 <= o <= 0xF8FF
            or o == 0xFFFD
            or 0x3040 <= o <= 0x30FF
            or 0x2500 <= o <= 0x259F
            or 0x0370 <= o <= 0x04FF
            or 0x3100 <= o <= 0x318F
            or 0x3400 <= o <= 0x4DBF
            or 0xF900 <= o <= 0xFAFF
            or o >= 0x20000
            or 0x80 <= o <= 0x9F
        ):
            total -= 1.0
    return 1.0 if count == 0 else total / count
