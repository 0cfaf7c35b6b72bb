"""Script conversion between simplified and traditional Chinese, with offset maps.

OpenCC is context-sensitive (头发 → 頭髮 but 发 alone → 發) and some configurations
change the length of the text (s2twp turns U盘 into 隨身碟), so conversion always runs
over the whole text and an :class:`OffsetMap` relates positions in the source to
positions in the converted text. Positions are code-point offsets throughout.

Where the conversion corresponds to the source character for character the map is one
to one; every phrase OpenCC replaced by another word (算法 → 演算法, 服务器 → 伺服器)
maps whole to whole, so a span touching part of it maps to all of it, both ways. The
phrases are recovered from OpenCC's own output (see :mod:`reader.phrase_map`).
"""

from __future__ import annotations

import bisect
import enum
import functools
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reader.code_point_tables import LONG_TEXT, class_table, count_classes
from reader.phrase_map import PhraseAlignment

if TYPE_CHECKING:
    import numpy as np
    import opencc


class DisplayScript(enum.StrEnum):
    """How an article's text is shown; the stored text is never changed."""

    ORIGINAL = "original"
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    #: 臺灣正體: traditional characters with Taiwan's words (OpenCC s2twp: 软件 → 軟體)
    TAIWAN = "taiwan"
    #: 香港繁體: traditional characters in Hong Kong's standard forms (OpenCC s2hk)
    HONG_KONG = "hongkong"

    @property
    def label(self) -> str:
        return _LABELS[self]

    def next(self) -> DisplayScript:
        members = list(DisplayScript)
        return members[(members.index(self) + 1) % len(members)]


_LABELS = {
    DisplayScript.ORIGINAL: "原文",
    DisplayScript.SIMPLIFIED: "简体",
    DisplayScript.TRADITIONAL: "繁體",
    DisplayScript.TAIWAN: "臺灣",
    DisplayScript.HONG_KONG: "香港",
}


class Script(enum.StrEnum):
    """The script an article is written in, as detected at import."""

    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"
    MIXED = "mixed"
    NONE = "none"

    @property
    def badge(self) -> str:
        return {"simplified": "简", "traditional": "繁", "mixed": "混", "none": "–"}[self.value]


TO_SIMPLIFIED = "t2s"
TO_TRADITIONAL = "s2t"
TO_TAIWAN_PHRASES = "s2twp"
TO_HONG_KONG = "s2hk"
#: To simplified for comparing, not showing: t2s plus the Hong Kong standard forms
#: that t2s leaves alone (衞 for 衛, 衹, 枱, 敍), so 衞生署 in a Hong Kong paper and
#: 卫生署 in its simplified copy are one word. Every character t2s changes, hk2s
#: changes the same way.
TO_SIMPLIFIED_VARIANTS = "hk2s"


@functools.cache
def _converter(config: str) -> opencc.OpenCC:
    import opencc  # on first use: the interface paints before it needs a conversion

    return opencc.OpenCC(config)


def convert_plain(text: str, config: str) -> str:
    """Convert ``text`` with an OpenCC configuration, without an offset map."""
    if not text:
        return text
    return _converter(config).convert(text)


@dataclass(frozen=True)
class OffsetMap:
    """Maps code-point offsets between a source text and its converted form.

    ``spans`` lists only the regions whose length changed, as
    ``(source_start, source_end, target_start, target_end)``, sorted. Between them
    positions shift by the accumulated difference in length.
    """

    source_length: int
    target_length: int
    spans: tuple[tuple[int, int, int, int], ...] = ()
    _source_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _target_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _inverse: tuple[tuple[int, int, int, int], ...] = field(default=(), repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_source_starts", tuple(s[0] for s in self.spans))
        object.__setattr__(self, "_target_starts", tuple(s[2] for s in self.spans))
        object.__setattr__(self, "_inverse", tuple((c, d, a, b) for a, b, c, d in self.spans))

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        return cls(length, length)

    @property
    def is_identity(self) -> bool:
        return not self.spans

    def to_target(self, position: int, *, end: bool = False) -> int:
        """Target offset for a source offset.

        A position strictly inside a replaced span snaps to the span's start, or to
        its end when ``end`` is true (use that for the end of a range).
        """
        return _map(position, self.spans, self._source_starts, end, self.target_length)

    def to_source(self, position: int, *, end: bool = False) -> int:
        """Source offset for a target offset (the inverse of :meth:`to_target`)."""
        return _map(position, self._inverse, self._target_starts, end, self.source_length)

    def range_to_target(self, start: int, end: int) -> tuple[int, int]:
        return self.to_target(start), self.to_target(end, end=True)

    def range_to_source(self, start: int, end: int) -> tuple[int, int]:
        return self.to_source(start), self.to_source(end, end=True)


def _map(
    position: int,
    spans: tuple[tuple[int, int, int, int], ...],
    starts: tuple[int, ...],
    end: bool,
    limit: int,
) -> int:
    index = bisect.bisect_right(starts, position) - 1
    if index < 0:
        return min(position, limit)
    a0, a1, b0, b1 = spans[index]
    if position >= a1:
        return min(position - a1 + b1, limit)
    if position == a0:
        return b0
    return b1 if end else b0


@dataclass(frozen=True)
class Converted:
    """A converted text and the map from the source's offsets to its own."""

    text: str
    offsets: OffsetMap


def convert(text: str, config: str) -> Converted:
    """Convert the whole of ``text`` and build the offset map.

    Where the conversion corresponds to the source character for character the map is
    one to one; each phrase OpenCC replaced otherwise (算法 → 演算法) maps whole to
    whole, found by :class:`~reader.phrase_map.PhraseAlignment`.
    """
    converted = convert_plain(text, config)
    if converted == text:
        return Converted(converted, OffsetMap.identity(len(text)))
    alignment = PhraseAlignment(
        source=text,
        target=converted,
        convert=functools.partial(convert_plain, config=config),
        folded_source=_simplified(text),
        folded_target=_simplified(converted),
    )
    spans = tuple(alignment.spans())
    return Converted(converted, OffsetMap(len(text), len(converted), spans))


def _simplified(text: str) -> str:
    """``text`` in simplified script with its length kept, for comparing characters.

    OpenCC's t2s resolves variants in context (睡著 → 睡着) and costs a fraction of a
    ``str.translate`` pass; should it ever change the length, the character table
    (which cannot) is used instead.
    """
    simplified = convert_plain(text, TO_SIMPLIFIED)
    if len(simplified) == len(text):
        return simplified
    return text.translate(dense_table(character_table(TO_SIMPLIFIED)))


@functools.lru_cache(maxsize=65536)
def _convert_character(ch: str, config: str) -> str:
    """One character converted on its own, kept as it is if it would change length."""
    converted = _converter(config).convert(ch)
    return converted if len(converted) == 1 else ch


def display_config(mode: DisplayScript, *, taiwan_phrases: bool = False) -> str | None:
    """The OpenCC configuration that shows a text in ``mode`` (None: as it is)."""
    if mode is DisplayScript.SIMPLIFIED:
        return TO_SIMPLIFIED
    if mode is DisplayScript.TRADITIONAL:
        return TO_TAIWAN_PHRASES if taiwan_phrases else TO_TRADITIONAL
    if mode is DisplayScript.TAIWAN:
        return TO_TAIWAN_PHRASES
    if mode is DisplayScript.HONG_KONG:
        return TO_HONG_KONG
    return None


def for_display(text: str, mode: DisplayScript, *, taiwan_phrases: bool = False) -> Converted:
    """``text`` as shown in ``mode``, with the map from original offsets to display ones."""
    config = display_config(mode, taiwan_phrases=taiwan_phrases)
    if config is None:
        return Converted(text, OffsetMap.identity(len(text)))
    return convert(text, config)


#: The Han blocks whose characters OpenCC converts (URO, Ext-A, compatibility, Ext-B+).
HAN_BLOCKS = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x3134F))
HAN_PATTERN = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]"


@functools.cache
def han_regex() -> re.Pattern[str]:
    """Any Han character. Compiled on first use: the astral ranges make compiling it
    cost ~3 ms, which the interface would otherwise pay before its first paint."""
    return re.compile(HAN_PATTERN)


@functools.cache
def character_table(config: str) -> dict[int, int]:
    """Every Han character the config changes on its own, as a ``str.translate`` table.

    Built once per process by converting each block in one call (about a millisecond a
    block); a block whose conversion changes length is redone character by character.
    A character-level table is length-preserving by construction, which is what
    folding and script detection need.
    """
    table: dict[int, int] = {}
    for first, last in HAN_BLOCKS:
        block = "".join(map(chr, range(first, last + 1)))
        converted = convert_plain(block, config)
        if len(converted) != len(block):
            converted = "".join(_convert_character(ch, config) for ch in block)
        table.update((ord(a), ord(b)) for a, b in zip(block, converted, strict=True) if a != b)
    return table


def dense_table(table: dict[int, int] | dict[int, str]) -> list[int | str]:
    """``table`` as a list indexed by code point, for ``str.translate``.

    ``str.translate`` with a dict raises and catches a ``KeyError`` for every character
    the dict lacks, which is most of them; a list that maps every code point up to the
    last Han block (itself where ``table`` has nothing) halves the time of a pass. Code
    points past the end are left alone, as with the dict. The lists share one set of
    integers, so each costs 1.6 MB.
    """
    dense = _code_points().copy()
    for code, replacement in table.items():
        dense[code] = replacement
    return dense


@functools.cache
def _code_points() -> list[int | str]:
    return list(range(HAN_BLOCKS[-1][1] + 1))


_TRADITIONAL_MARK = "\ue000"
_SIMPLIFIED_MARK = "\ue001"


@functools.cache
def _script_marks() -> list[int | str]:
    """A table that turns traditional-only and simplified-only characters into marks."""
    marks = dict.fromkeys(character_table(TO_TRADITIONAL), _SIMPLIFIED_MARK)
    marks.update(dict.fromkeys(character_table(TO_SIMPLIFIED), _TRADITIONAL_MARK))
    return dense_table(marks)


@functools.cache
def _script_classes() -> np.ndarray:
    """The marks of :func:`_script_marks` as classes: 1 traditional-only, 2
    simplified-only, for counting long texts as arrays."""
    classes = dict.fromkeys(character_table(TO_TRADITIONAL), 2)
    classes.update(dict.fromkeys(character_table(TO_SIMPLIFIED), 1))
    return class_table(HAN_BLOCKS[-1][1] + 1, classes)


def script_counts(text: str) -> tuple[int, int]:
    """How many characters of ``text`` are traditional-only and simplified-only."""
    if len(text) >= LONG_TEXT:
        _, traditional_only, simplified_only = count_classes(text, _script_classes(), 3)
        return traditional_only, simplified_only
    marked = text.translate(_script_marks())
    return (
        marked.count(_TRADITIONAL_MARK) - text.count(_TRADITIONAL_MARK),
        marked.count(_SIMPLIFIED_MARK) - text.count(_SIMPLIFIED_MARK),
    )


def detect_script(text: str) -> Script:
    """Classify ``text`` by counting the characters that t2s and s2t would change.

    Characters that t2s changes are traditional-only; those s2t changes are
    simplified-only. A text with clearly more of one kind is that script; a text with
    a real share of both is mixed; a text with no such characters is ``none``. The
    counts use OpenCC's character-level tables, so detection costs one
    ``str.translate`` pass (one array look-up for a long text) rather than two
    conversions.
    """
    if not han_regex().search(text):
        return Script.NONE
    traditional_only, simplified_only = script_counts(text)
    total = traditional_only + simplified_only
    if total == 0:
        return Script.NONE
    if traditional_only >= 0.9 * total:
        return Script.TRADITIONAL
    if simplified_only >= 0.9 * total:
        return Script.SIMPLIFIED
    return Script.MIXED
