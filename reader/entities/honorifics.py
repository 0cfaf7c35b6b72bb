"""A surname with an honorific names nobody by itself.

A surname with an honorific (陳先生, 王女士, Mr Chan) is a different person in every
article: it takes the full name it refers to when the article has exactly one person
of that surname, and is dropped otherwise, so it never links articles. Two kinds of
form are stricter, because reporters write them for people they do not name:

- a familiar form of address (李太, 黃伯伯, 陳哥, 張師傅) never refers to a full name;
- a polite form (羅先生, 王女士, Mr Lo) does not refer to a name the corpus writes in
  several articles — a public figure is written by name or office, and 羅先生 next to
  the head of government 羅家俊 is a resident — unless the sentence that names the
  person goes on to use it (:func:`detach_public`, run where the corpus is known).

A surname and a one-character form that make a dictionary word (吴哥, Angkor) are that
word, not a form of address.
"""

from __future__ import annotations

import re
from collections.abc import Collection
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
    from reader.store.entities.records import Occurrence

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
#: Forms of address of the family and the street: reporters call the residents and
#: workers they quote without naming them so (李太, 黃伯伯, 陳同學), never a person they
#: have named; such a form refers to no full name.
FAMILIAR = frozenset(
    [
        "太太", "太", "生", "姐", "嫂", "伯", "叔", "婶", "婆", "姨", "哥", "妹", "弟", "公",
        "老", "伯伯", "婆婆", "姑娘", "师傅", "同学",
    ]
)  # fmt: skip
#: Polite forms, used for named and unnamed people alike: they refer to a full name the
#: corpus writes in several articles only where the article introduces them.
POLITE = frozenset(["先生", "女士", "小姐", "夫人", "君"])
LATIN_POLITE = frozenset(["mr", "mrs", "ms", "miss", "mx", "madam"])
#: Where a sentence ends: an introduction does not reach over it.
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(SURNAMES), frozenset(COMPOUND_SURNAMES)


def _transliterated(key: str) -> bool:
    """A foreign name in Chinese characters (马斯克): its first character is no surname,
    so 馬先生 is not 馬斯克."""
    return all(ch in TRANSLITERATION for ch in key)


@lru_cache(maxsize=65536)
def honorific_parts(surface: str) -> tuple[str, str] | None:
    """(surname, honorific) of a surname-and-honorific reference (陳先生 → 陈, 先生;
    Mr Chan → chan, mr), or None for anything else, a dictionary word included (吴哥)."""
    words = surface.replace(".", " ").split()
    if len(words) == 2 and words[0].casefold() in LATIN_HONORIFICS and words[1].isalpha():
        return words[1].casefold(), words[0].casefold()
    key = normalise_key(surface)
    if not _HAN.match(key):
        return None
    single, compound = _surnames()
    for size, surnames in ((2, compound), (1, single)):
        if key[:size] in surnames and key[size:] in HONORIFICS:
            if len(key) - size == 1 and _dictionary_word(key):
                return None  # 吴哥 (Angkor), not brother Ng
            return key[:size], key[size:]
    return None


def honorific_surname(surface: str) -> str | None:
    """The surname of a surname-and-honorific reference (陳先生 → 陈, Mr Chan → chan),
    or None for anything else."""
    parts = honorific_parts(surface)
    return parts[0] if parts else None


def _dictionary_word(key: str) -> bool:
    """Whether jieba's dictionary has ``key`` as a word of its own (a surname and a
    one-character form that is a word, 吴哥, is that word)."""
    from reader.entities.cutting import entity_tokenizer

    return entity_tokenizer().FREQ.get(key, 0) > 0


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
        elif surname is not None and honorific_parts(candidate.surface)[1] in FAMILIAR:
            surname = ""  # refers to nobody the article names
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


def _polite_reference(text: str, occurrence: Occurrence) -> bool:
    """Whether a stored occurrence is a polite form (羅先生, Mr Lo) keyed as a full name."""
    start, _end, surface, surface_key, key, _kind, declared = occurrence
    if declared or key == surface_key:
        return False
    parts = honorific_parts(surface)
    if parts is not None:
        return parts[1] in POLITE or parts[1] in LATIN_POLITE
    if surface.isascii() and surface.isalpha():
        before = _LATIN_HONORIFIC_BEFORE.search(text, max(0, start - 8), start)
        return before is not None and before.group().rstrip(". \u00a0").casefold() in LATIN_POLITE
    return False


def detach_public(
    text: str, occurrences: list[Occurrence], public: Collection[str]
) -> list[Occurrence]:
    """``occurrences`` less the polite forms keyed as a ``public`` name (one the corpus
    writes in several articles) that the article does not introduce: the person mention
    before the form must be that name, in the same sentence. A resident 羅先生 quoted
    after a paragraph on the head of government 羅家俊 is not him, and as his alias would
    show every reader a false merge; unlinked, the form names nobody and is dropped like
    any unresolved one."""
    kept: list[Occurrence] = []
    previous: Occurrence | None = None
    for occurrence in occurrences:
        if occurrence[4] in public and _polite_reference(text, occurrence):
            introduced = (
                previous is not None
                and previous[4] == occurrence[4]
                and not _SENTENCE_END.search(text, previous[1], occurrence[0])
            )
            if not introduced:
                continue
        kept.append(occurrence)
        if occurrence[5] == EntityKind.PERSON.value:
            previous = occurrence
    return kept
