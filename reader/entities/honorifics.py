"""A surname with an honorific names nobody by itself.

A surname with an honorific (陳先生, 王女士, Mr Chan) is a different person in every
article: it takes the full name it refers to when the article has exactly one person
of that surname, and is dropped otherwise, so it never links articles.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.entities.abbreviations import overlaps
from reader.entities.kinds import EntityKind
from reader.entities.linking import normalise_key
from reader.entities.shapes import COMPOUND_SURNAMES, SURNAMES, TRANSLITERATION
from reader.folding import fold_text

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")

#: What follows a surname to refer to a person without naming them: honorifics,
#: kinship terms used as address, and titles (normalised keys, simplified).
HONORIFICS = frozenset(
    [
        "先生", "女士", "小姐", "太太", "太", "夫人", "生", "姐", "嫂", "伯", "叔", "婶", "婆",
        "姨", "哥", "妹", "弟", "公", "老", "氏", "君", "伯伯", "婆婆", "姑娘", "师傅",
        "老师", "医生", "博士", "教授", "律师", "同学", "主席", "议员", "局长", "司长",
        "处长", "部长", "校长", "院长", "总裁", "经理", "警官", "督察", "法官", "总", "董",
        "sir",
    ]
)  # fmt: skip
#: The same in English: Mr Chan is no more a name than 陳先生.
LATIN_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "madam", "sir", "prof"])


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(SURNAMES), frozenset(COMPOUND_SURNAMES)


def _transliterated(key: str) -> bool:
    """A foreign name in Chinese characters (马斯克): its first character is no surname,
    so 馬先生 is not 馬斯克."""
    return all(ch in TRANSLITERATION for ch in key)


@lru_cache(maxsize=65536)
def honorific_surname(surface: str) -> str | None:
    """The surname of a surname-and-honorific reference (陳先生 → 陈, Mr Chan → chan),
    or None for anything else."""
    words = surface.replace(".", " ").split()
    if len(words) == 2 and words[0].casefold() in LATIN_HONORIFICS and words[1].isalpha():
        return words[1].casefold()
    key = normalise_key(surface)
    if not _HAN.match(key):
        return None
    single, compound = _surnames()
    if key[:2] in compound and key[2:] in HONORIFICS:
        return key[:2]
    if key[:1] in single and key[1:] in HONORIFICS:
        return key[:1]
    return None


#: An English honorific written just before a word: "Mr. " in Mr. Chan.
_LATIN_HONORIFIC_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(LATIN_HONORIFICS))})\.?[ \u00a0]$", re.IGNORECASE
)


#: Honorifics of two characters or more, found in the text itself: a tagger trained on
#: names does not tag 陳先生, and a one-character honorific (生, 公, 老) is too often the
#: start of an ordinary word to be looked for without a tagger's word.
_WRITTEN_HONORIFICS = re.compile(
    "|".join(sorted((h for h in HONORIFICS if len(h) >= 2 and _HAN.match(h)), key=len)[::-1])
)


def _written_honorifics(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with the surname-and-honorific references written in ``text`` that
    no extractor made a candidate of, so that they are resolved or dropped like the rest."""
    from reader.entities.extract import Candidate

    folded = fold_text(text)
    single, compound = _surnames()
    taken = sorted((c.start, c.end) for c in candidates)
    added = []
    for match in _WRITTEN_HONORIFICS.finditer(folded):
        for size, surnames in ((2, compound), (1, single)):
            start = match.start() - size
            if start >= 0 and folded[start : match.start()] in surnames:
                if not overlaps(taken, start, match.end()):
                    surface = text[start : match.end()]
                    added.append(
                        Candidate(
                            start, match.end(), surface, normalise_key(surface), EntityKind.PERSON
                        )
                    )
                break
    return sorted(candidates + added, key=lambda c: c.start) if added else candidates


def resolve_honorifics(text: str, candidates: list[Candidate]) -> list[Candidate]:
    candidates = _written_honorifics(text, candidates)
    references: dict[int, str | None] = {}
    for candidate in candidates:
        surname = honorific_surname(candidate.surface)
        if surname is None and candidate.surface.isascii():
            if candidate.surface.rstrip(".").casefold() in LATIN_HONORIFICS:
                surname = ""  # the honorific alone (Mr. before a surname): no name
            elif candidate.surface.isalpha() and _LATIN_HONORIFIC_BEFORE.search(
                text, max(0, candidate.start - 8), candidate.start
            ):
                surname = candidate.surface.casefold()
        references[candidate.start] = surname
    if all(surname is None for surname in references.values()):
        return candidates
    full: dict[str, set[str]] = {}
    kinds: dict[str, EntityKind] = {}
    for candidate in candidates:
        if references[candidate.start] is not None or candidate.kind is not EntityKind.PERSON:
            continue
        if _HAN.match(candidate.key) and 2 <= len(candidate.key) <= 4:
            single, compound = _surnames()
            if candidate.key[:2] in compound:
                full.setdefault(candidate.key[:2], set()).add(candidate.key)
            elif candidate.key[:1] in single and not _transliterated(candidate.key):
                full.setdefault(candidate.key[:1], set()).add(candidate.key)
        elif " " in candidate.surface:
            surname = candidate.surface.rsplit(" ", 1)[-1].casefold()
            full.setdefault(surname, set()).add(candidate.key)
        kinds[candidate.key] = candidate.kind
    result = []
    for candidate in candidates:
        surname = references[candidate.start]
        if surname is None:
            result.append(candidate)
            continue
        names = full.get(surname, set())
        if len(names) == 1:
            (key,) = names
            result.append(replace(candidate, key=key, kind=EntityKind.PERSON))
    return result
