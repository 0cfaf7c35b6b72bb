"""A place the corpus names only by what it holds: the city before its offices.

A story set in one city writes the city's name before its offices and institutions
(灝江大學; 灝江 + 食品安全及衞生局, an office also written without it) and now and
then on its own (灝江近十年最嚴重的事件), but rarely with an administrative unit
(灝江市) or after a locative, so the place cues of discovery never see it. Two or
more of the corpus's organisations starting with, or written after, the same two or
three characters, when those characters are written on their own too and are no
word of jieba's but a place, name a place. A company group's names share their brand the same way
(鼎灃控股集團, 鼎灃物流有限公司), so names ending like a company do not count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Endings of a company's name: a brand before them is no place (folded: simplified).
COMPANY_ENDS = ("公司", "集团", "银行", "控股", "商行", "酒店", "集团")
_HAN = re.compile(r"[\u4e00-\u9fff]+")
#: Organisations that must start with the same characters.
MIN_HOLDERS = 2
#: Texts that must write the characters outside those organisations.
MIN_ALONE = 1


def prefix_places(folded_texts: Iterable[str], organisations: Iterable[str]) -> dict[str, int]:
    """Place (folded) → texts writing it on its own, for the two- or three-character
    beginnings that several ``organisations`` (folded names) share."""
    from reader.entities.cues import UNITS, is_name_shape, word_frequency, word_tag

    names = set(organisations)
    texts = set(folded_texts)
    joined = "\n".join(texts)
    holders: dict[str, set[str]] = {}
    for name in names:
        for size in (2, 3):
            head = name[size:]
            if len(head) >= 2 and not head.endswith(COMPANY_ENDS):
                holders.setdefault(name[:size], set()).add(name)
        if name.endswith(COMPANY_ENDS):
            continue
        # written after the place: 灏江 + 食品安全及卫生局
        position = joined.find(name)
        while position >= 0:
            for size in (2, 3):
                if position >= size:
                    prefix = joined[position - size : position]
                    holders.setdefault(prefix, set()).add(prefix + name)
            position = joined.find(name, position + 1)
    candidates = {
        prefix: sorted(held, key=len, reverse=True)
        for prefix, held in holders.items()
        if len(held) >= MIN_HOLDERS
        and prefix not in names
        and _HAN.fullmatch(prefix)
        and prefix[0] not in UNITS  # 市 + 住建委, 市 + 住保办: a unit, then the office
        and is_name_shape(prefix)
        and (not word_frequency(prefix) or word_tag(prefix) == "ns")
    }
    if not candidates:
        return {}
    alone: dict[str, int] = dict.fromkeys(candidates, 0)
    for text in texts:
        for prefix, held in candidates.items():
            rest = text
            for name in held:
                rest = rest.replace(name, "\n")
            if prefix in rest:
                alone[prefix] += 1
    return {prefix: count for prefix, count in alone.items() if count >= MIN_ALONE}
