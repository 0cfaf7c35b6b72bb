"""Sentence-level rules for the shapes of organisation and place names.

They need no statistics: an organisation is a run of place names and nouns ending in a
word that says what it is (省 + 水利厅, 红十字会, 青峰 + 县 + 气象局), and a
place is a name followed by what it is (龙溪 + 水库). The tagger
(:mod:`reader.entities.tagger`) finds most such names; these rules fill the gaps it
leaves, and cut the chains of places that news sentences write in one breath
(县 + 镇 + 村) into the places they name, so each links on its own.
"""

from __future__ import annotations

from itertools import accumulate, compress, count
from operator import itemgetter

from reader.entities.kinds import EntityKind

#: Last characters of a word that names an organisation by what it is (…厅, …局).
ORGANISATION_CHARACTERS = frozenset("局署处部办厅委会院行司所社")
#: Words that end an organisation's name (…公司, …医院).
ORGANISATION_WORDS = frozenset(
    [
        "公司",
        "集团",
        "银行",
        "医院",
        "大学",
        "学院",
        "中学",
        "小学",
        "协会",
        "学会",
        "法院",
        "检察院",
        "委员会",
        "基金会",
        "研究所",
        "研究院",
        "电视台",
        "报社",
        "政府",
        "议会",
        "商会",
        "工会",
        "总会",
        "联合会",
        "红十字会",
    ]
)
#: Words that end a place's name (…水库, …机场).
PLACE_WORDS = frozenset(
    [
        "水库",
        "大桥",
        "机场",
        "公园",
        "广场",
        "大厦",
        "码头",
        "车站",
        "隧道",
        "大道",
        "新村",
        "花园",
        "山庄",
        "大坝",
        "河",
        "江",
        "湖",
    ]
)
#: Administrative units: a place name written with one (青峰 + 县) is one place, and a
#: chain of them (县, 镇, 村) is cut after each.
ADMINISTRATIVE = frozenset("省市县区镇乡村州邨")
#: Characters that join two names in one breath: a place never holds one.
CONJUNCTIONS = frozenset("及和与、跟同")
_LAST_CHARACTERS = frozenset(
    {word[-1] for word in ORGANISATION_WORDS | PLACE_WORDS} | ORGANISATION_CHARACTERS
)
NUMERALS = frozenset("零一二三四五六七八九十百千万亿两几数")
#: jieba tags of words an organisation's or place's name is made of.
_NAME_PART_TAGS = frozenset({"ns", "nt", "nz", "nr", "j", "n"})
_PROPER_TAGS = frozenset({"ns", "nt", "nz", "nr", "nrt", "j"})


def ends_organisation(name: str) -> bool:
    """Whether the name ends in a word saying it is an organisation (…人民医院)."""
    return any(name.endswith(word) for word in ORGANISATION_WORDS)


def split_places(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A place span cut after each administrative unit and at conjunctions, keeping
    pieces of two characters or more (青峰县白石镇龙溪村 → 青峰县, 白石镇, 龙溪村)."""
    pieces: list[tuple[int, int]] = []
    piece_start = start
    for index in range(start, end):
        ch = text[index]
        if ch in CONJUNCTIONS:
            pieces.append((piece_start, index))
            piece_start = index + 1
        elif (
            ch in ADMINISTRATIVE
            and index + 1 < end
            and index + 1 - piece_start >= 3
            and (end - (index + 1) >= 3 or text[end - 1] in ADMINISTRATIVE)
        ):
            pieces.append((piece_start, index + 1))
            piece_start = index + 1
    pieces.append((piece_start, end))
    return [(s, e) for s, e in pieces if e - s >= 2]


def suffix_names(tokens: list[str], tags: dict[str, str]) -> list[tuple[int, int, EntityKind]]:
    """Organisations and places found by the word that ends them, grown to the left
    over the names and nouns before it; spans are offsets in the text ``tokens`` cut,
    sorted and never overlapping."""
    found: list[tuple[int, int, EntityKind]] = []
    ends = list(accumulate(map(len, tokens)))
    # only the words ending in a character that can end a name (found in C: most
    # words cannot)
    possible = map(_LAST_CHARACTERS.__contains__, map(itemgetter(-1), tokens))
    for index in compress(count(), possible):
        token = tokens[index]
        kind = _ending_kind(token, tags)
        if kind is None:
            continue
        first = index
        while first > 0 and _extends(tokens[first - 1], tags):
            first -= 1
        start = ends[first] - len(tokens[first])
        proper = any(_is_proper(tokens[i], tags) for i in range(first, index))
        whole = len(token) >= 3 and kind is EntityKind.ORGANISATION
        if (first < index and proper) or (whole and tags.get(token) in _PROPER_TAGS):
            # a name ending later grown over an earlier one holds it (云溪大桥 in
            # 云溪大桥东车站): the longest wins, and spans never overlap
            while found and found[-1][0] >= start:
                found.pop()
            found.append((start, ends[index], kind))
    return found


def _ending_kind(token: str, tags: dict[str, str]) -> EntityKind | None:
    if token[-1] not in _LAST_CHARACTERS:
        return None
    if token in ORGANISATION_WORDS or (
        len(token) >= 3 and token[-1] in ORGANISATION_CHARACTERS and tags.get(token, "n") == "n"
    ):
        return EntityKind.ORGANISATION
    if token in PLACE_WORDS:
        return EntityKind.PLACE
    return None


def _extends(token: str, tags: dict[str, str]) -> bool:
    """Whether the word before can be part of the name: a name, an administrative
    unit written on its own (县), or a word jieba did not know (龙溪)."""
    if not token or not all("\u3400" <= ch <= "\u9fff" for ch in token):
        return False
    if token[0] in NUMERALS:
        return False  # 三天 + 青峰县气象局
    if token in ADMINISTRATIVE:
        return True
    tag = tags.get(token)
    if tag is None:
        return len(token) >= 2
    return tag in _PROPER_TAGS


def _is_proper(token: str, tags: dict[str, str]) -> bool:
    tag = tags.get(token)
    return (tag is None and len(token) >= 2) or tag in _PROPER_TAGS or token in ADMINISTRATIVE
