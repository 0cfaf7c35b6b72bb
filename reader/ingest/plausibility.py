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
    Full-width and CJK punctuation counts -1 inside a Latin word (``It＊s``: an
    apostrophe read in the wrong encoding), where only an apostrophe can stand.
    """
    weights = _han_weights()
    total = 0.0
    count = 0
    for index, ch in enumerate(text):
        if ch < "\x80":
            continue
        count += 1
        weight = weights.get(ch)
        if weight is not None:
            total += weight
            continue
        o = ord(ch)
        if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
            total += -1.0 if _inside_latin_word(text, index) else 1.0
        elif 0x2010 <= o <= 0x2027 or o in (0xB7, 0xFF5F, 0xFF60, 0xFFE5):
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


def _inside_latin_word(text: str, index: int) -> bool:
    """Whether ``text[index]`` stands between two ASCII letters."""
    return (
        0 < index < len(text) - 1
        and text[index - 1].isascii()
        and text[index - 1].isalpha()
        and text[index + 1].isascii()
        and text[index + 1].isalpha()
    )


def _wrong_reading(o: int) -> bool:
    """Code points a wrong reading of CJK bytes produces: private use, U+FFFD, box
    drawing, Greek and Cyrillic letters, compatibility jamo, C1 controls."""
    return (
        0xE000 <= o <= 0xF8FF
        or o == 0xFFFD
        or 0x2500 <= o <= 0x259F
        or 0x0370 <= o <= 0x04FF
        or 0x3130 <= o <= 0x318F
        or 0x80 <= o <= 0x9F
    )


def _is_punctuation(o: int) -> bool:
    return 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E or 0x2010 <= o <= 0x2027 or o == 0xB7


# A Hangul syllable is 0xAC00 + (initial * 21 + medial) * 28 + final. Korean text is
# dominated by open syllables (no final) and the finals ㄱ ㄴ ㄹ ㅁ ㅆ ㅇ (은 을 는 한
# 있 일 …), while bytes of Chinese read as Korean give syllables spread evenly over
# the 2350 of KS X 1001, most with rarer finals: a linguistic property, not a list.
_COMMON_FINALS = frozenset((1, 4, 8, 16, 20, 21))


def korean_plausibility(text: str) -> float:
    """How much ``text`` looks like Korean, from -1 to 1 (non-ASCII only, plus the
    spaces between Hangul words, which Korean writes and Chinese does not).

    Open syllables count 1, syllables with a common final 0.6, other syllables 0,
    punctuation 1, Han characters (hanja) 0.2, kana and wrong-reading characters -1.
    """
    total = 0.0
    count = 0
    previous = ""
    for index, ch in enumerate(text):
        if ch < "\x80":
            if ch == " " and "\uac00" <= previous <= "\ud7a3" and index + 1 < len(text):
                following = text[index + 1]
                if "\uac00" <= following <= "\ud7a3":
                    count += 1
                    total += 1.0
            previous = ch
            continue
        previous = ch
        count += 1
        o = ord(ch)
        if 0xAC00 <= o <= 0xD7A3:
            final = (o - 0xAC00) % 28
            total += 1.0 if final == 0 else 0.6 if final in _COMMON_FINALS else 0.0
        elif _is_punctuation(o):
            total += 1.0
        elif 0x4E00 <= o <= 0x9FFF:
            total += 0.2
        elif 0x3040 <= o <= 0x30FF or _wrong_reading(o):
            total -= 1.0
    return 1.0 if count == 0 else total / count


def japanese_plausibility(text: str) -> float:
    """How much ``text`` looks like Japanese, from -1 to 1 (non-ASCII only).

    Kana count 1, kanji 0.8 times their Chinese frequency weight (at least 0.2),
    punctuation 1, half-width katakana (what bytes of Chinese read as Shift_JIS
    become) -0.5, Hangul and wrong-reading characters -1. Japanese is written with
    kana; a reading without any is weak evidence and loses 0.3 (bytes of a Chinese
    word read as Japanese give kanji only).
    """
    weights = _han_weights()
    total = 0.0
    count = 0
    kana = False
    for ch in text:
        if ch < "\x80":
            continue
        count += 1
        o = ord(ch)
        if 0x3041 <= o <= 0x30FF:
            total += 1.0
            kana = True
        elif 0x4E00 <= o <= 0x9FFF:
            total += 0.8 * max(weights.get(ch, 0.2), 0.2)
        elif _is_punctuation(o):
            total += 1.0
        elif 0xFF61 <= o <= 0xFF9F:
            total -= 0.5
        elif 0xAC00 <= o <= 0xD7A3 or _wrong_reading(o):
            total -= 1.0
    if count == 0:
        return 1.0
    return total / count - (0 if kana else 0.3)
