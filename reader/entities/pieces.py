"""Pieces of longer phrases that corpus statistics take for names.

A string that recurs, holds together and has free neighbours may still be a piece of
something longer: an office or a place that starts or ends inside a word (行信用卡中心
after 银, 管理办 before 法), a category word heading longer names (政策 + 研究中心), or
a person written mostly inside a longer person (梁 + 国华). Discovery
(:mod:`reader.entities.discovery`) asks these checks of every string it would accept.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Protocol

from reader.entities.cues import COMMON_WORD, NEVER, NOT_FIRST, TITLES, Cue, word_frequency
from reader.entities.kinds import EntityKind


class Counted(Protocol):
    """What the checks read of a counted corpus (discovery's statistics)."""

    left: dict[str, Counter[str]]

    def count(self, gram: str) -> int: ...

    def edges(self, gram: str) -> tuple[Counter[str], Counter[str], int]: ...


#: An office or a place does not start or end inside a word: a string whose first
#: character closes a common word with the character before it (银 + 行信用卡中心,
#: 郑 + 州市政府), or whose last opens one with the character after it (管理办 + 法),
#: this share of the times it is written is a piece of a longer phrase.
INSIDE_WORD_SHARE = 0.6
#: A name made of an ordinary word and a suffix (消防 + 处, 研究 + 中心) that is written
#: this share of the times after a character going on from the word before (政策 +
#: 研究中心) is a category heading longer names, not a name.
HEADED_SHARE = 0.5

#: A person found inside a longer person's name (the 国华 of 梁国华, the 李文 of 李文杰)
#: this share of the times is a piece of it, whatever it is written in otherwise
#: (中国华夏, 国华置业).
PERSON_PIECE_SHARE = 0.5
#: Titles of two characters: the head or the people of an office or place named just
#: before (局 + 长, 村 + 民).
HEADS = frozenset(title for title in TITLES if len(title) == 2)


def piece(
    gram: str,
    cue: Cue,
    stats: Counted,
    decode: Callable[[str], str],
    places: frozenset[str],
) -> bool:
    """Whether an office or a place the statistics believe is a piece of a longer phrase:
    cut inside a word, or a category word heading longer names. ``places``: the last
    characters of the places found, after which a name starts."""
    if cue.kind is EntityKind.PERSON:
        return False
    return _inside_word(gram, stats, decode) or (cue.ordinary and _headed(gram, stats, places))


def _inside_word(gram: str, stats: Counted, decode: Callable[[str], str]) -> bool:
    """Whether the string mostly starts or ends inside a common word of jieba's (the 行
    of 银行 before 信用卡中心). A person is left alone: a verb of saying after a name
    often makes a word with its last character (温淑仪 + 表示), and the surname a word
    with the title before it. Its own last character again after it is no word end
    (消防处 + 处长), nor is a title its suffix makes (保安局 + 长, 龙溪村 + 民)."""
    before, after, total = stats.edges(gram)
    first, last = decode(gram[0]), decode(gram[-1])
    left = sum(n for ch, n in before.items() if word_frequency(decode(ch) + first) >= COMMON_WORD)
    right = sum(
        n
        for ch, n in after.items()
        if ch != gram[-1]
        and last + ch not in HEADS
        and word_frequency(last + decode(ch)) >= COMMON_WORD
    )
    return max(left, right) >= INSIDE_WORD_SHARE * max(total, 1)


def _headed(gram: str, stats: Counted, places: frozenset[str]) -> bool:
    """Whether the string is mostly written after a character that goes on from the
    word before it, not a function word (及, 的, 由) nor the end of a place: an
    organisation found before it is the name it belongs to (工商银行 + 信用卡中心).
    Neighbours too rare to count are taken as free."""
    headed = sum(
        n
        for ch, n in stats.left.get(gram, Counter()).items()
        if ch not in NOT_FIRST and ch not in NEVER and ch not in places
    )
    return headed >= HEADED_SHARE * (stats.count(gram) or 1)


def person_piece(gram: str, kept: dict[str, tuple[Cue, int]], stats: Counted) -> bool:
    """Whether a person is mostly written inside a longer person's name (梁 + 国华,
    李文 + 杰): a given name, or a name cut short."""
    if gram not in kept or kept[gram][0].kind is not EntityKind.PERSON:
        return False
    inside = sum(
        stats.count(outer)
        for outer, (cue, _) in kept.items()
        if cue.kind is EntityKind.PERSON and len(outer) > len(gram) and gram in outer
    )
    return inside >= PERSON_PIECE_SHARE * stats.count(gram)
