"""A foreign name's Latin gloss: which Chinese spelling it glosses, and which spellings
it shows to be one name.

Outlets of different regions write one foreign person differently (Hong Kong's 布蘭拿,
the mainland's 布伦纳), and often once give the name in Latin letters in brackets after
it: 布蘭拿（Lukas Brenner）. Two things follow.

- In the article: the transliteration right before the bracket is a person's name even
  where segmentation breaks it (布蘭 + 拿 "take"): the run of transliteration
  characters before a bracketed full name is taken as the name it glosses.
- In the corpus: a gloss is a declaration (it binds the Latin name to the spelling in
  every article, like an abbreviation), and two Chinese spellings glossed by the same
  Latin full name are one name: their keys are linked to one of them.

A Latin name of one word (AI, FIFA) glosses too many things to link two spellings by;
only full names of two words or more do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities.kinds import EntityKind
from reader.entities.linking import normalise_key
from reader.entities.shapes import TRANSLITERATION
from reader.folding import fold_text

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")
_OPEN = "（("
#: A transliteration glossed in brackets is at least this long (布蘭拿): two characters
#: before a bracket are as often the end of an ordinary word.
MIN_RUN = 3
MAX_RUN = 6
#: A Latin full name: two or more capitalised words.
_HAN_NAME = re.compile(r"[\u3400-\u9fff]{2,}")
_FULL_NAME = re.compile(r"[A-Z][a-zA-Z'-]+(?: [A-Z][a-zA-Z'-]+)+")


def glossed_transliterations(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` (sorted, none overlapping) with the transliteration written right
    before a bracketed Latin full name taken as a person, in place of what was found
    across it, and the Latin name made a person too."""
    from reader.entities.extract import Candidate

    added: list[Candidate] = []
    retyped: dict[int, Candidate] = {}
    for index, latin in enumerate(candidates):
        if not _FULL_NAME.fullmatch(latin.surface):
            continue
        bracket = latin.start - 1
        if bracket < 1 or text[bracket] not in _OPEN:
            continue
        start = bracket
        while start > 0 and bracket - start < MAX_RUN and _transliterated(text[start - 1]):
            start -= 1
        if bracket - start < MIN_RUN:
            continue
        if any(c.start == start and c.end == bracket for c in candidates):
            continue  # already found as it is written
        surface = text[start:bracket]
        added.append(Candidate(start, bracket, surface, normalise_key(surface), EntityKind.PERSON))
        retyped[index] = replace(latin, kind=EntityKind.PERSON)
    if not added:
        return candidates
    kept = [
        retyped.get(index, c)
        for index, c in enumerate(candidates)
        if not any(c.start < a.end and a.start < c.end for a in added)
    ]
    return sorted(kept + added, key=lambda c: c.start)


def _transliterated(ch: str) -> bool:
    return bool(_HAN.match(ch)) and normalise_key(ch) in TRANSLITERATION


def is_latin_gloss(surface: str, key: str) -> bool:
    """Whether a mention written ``surface`` and linked by ``key`` is a Latin gloss of a
    Chinese spelling."""
    return not _HAN.search(surface) and bool(_HAN.search(key))


def gloss_links(
    declarations: list[tuple[str, str, str, int]], names: dict[str, tuple[str, str, int]]
) -> tuple[dict[str, str], dict[str, str]]:
    """The keys that Latin glosses show to be one name, from the declarations of the
    corpus's texts ((surface, key, kind, texts)) and its names (form → (key, kind,
    texts)), and the written forms (folded) that carry them, for finding the texts to relink."""
    from reader.entities.lexicon import lexicon

    texts = {key: count for key, _kind, count in names.values()}
    known = lexicon().kinds
    # a Latin name the shipped lists know (Hong Kong) is linked by the alias table, and
    # glosses places and qualifiers too often to tie two spellings by
    glosses = [
        (s, k)
        for s, k, _kind, _n in declarations
        if is_latin_gloss(s, k) and normalise_key(s) not in known
    ]
    synonyms = gloss_synonyms(glosses, texts)
    forms = {key: target for key, target in synonyms.items() if _HAN_NAME.fullmatch(key)}
    for surface, _key in glosses:
        target = synonyms.get(normalise_key(surface))
        if target is not None:
            forms[fold_text(surface)] = target
    return synonyms, forms


def gloss_synonyms(glosses: Iterable[tuple[str, str]], texts: dict[str, int]) -> dict[str, str]:
    """Key → the key it is one name with, from (Latin surface, Chinese key) glosses: every
    Chinese spelling glossed by the same Latin full name, and the Latin name itself, go
    to the spelling written in most texts (``texts``: key → texts; the first in order on a
    tie). Each key is linked once: a spelling glossed by two full names follows the
    first."""
    spellings: dict[str, set[str]] = {}
    for surface, key in glosses:
        if _FULL_NAME.fullmatch(surface.strip()):
            spellings.setdefault(normalise_key(surface), set()).add(key)
    links: dict[str, str] = {}
    for latin in sorted(spellings):
        keys = sorted(spellings[latin], key=lambda k: (-texts.get(k, 0), k))
        target = links.get(keys[0], keys[0])
        for key in [*keys[1:], latin]:
            if key != target:
                links.setdefault(key, target)
    return {key: target for key, target in links.items() if key != target}
