"""Links inside one article, and mentions that are not names of their own.

An article says which of its names are one: a surname refers back to the full name
written earlier (Patel → Dylan Patel, 马斯克 → 埃隆·马斯克), a model's code to the
model (R1 → DeepSeek-R1), a gloss in brackets spells the name another way
(亚历山大·王（Alexandr Wang）), and an abbreviation is declared next to its long form
(:mod:`reader.entities.abbreviations`). The rules are strict because a false link is
worse than a missing one: a gloss counts only in another script or as a known alias —
never a qualifier such as 某公司（香港）— and binds only the occurrence it glosses.

Some mentions name nobody by themselves: a surname with an honorific
(:mod:`reader.entities.honorifics`), descriptions shaped like names (该公司, 监管机构:
:mod:`reader.entities.descriptions`), and Latin words in lines of Latin page furniture
(menus, share bars, copyright lines), dropped unless the article's Chinese text names
them too.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities.abbreviations import declared_abbreviations
from reader.entities.descriptions import drop_descriptions
from reader.entities.evidence import assign_kinds
from reader.entities.glosses import is_latin_gloss
from reader.entities.honorifics import resolve_honorifics
from reader.entities.kinds import EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.linking import normalise_key

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_DOT = frozenset("·・‧•･")
_OPEN = ("(", "（")
_CLOSE = (")", "）")
#: The code that ends a model's name and stands for it alone later on: R1 for
#: DeepSeek-R1, V3 for DeepSeek V3.
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d+[a-z]?")
#: Sentence punctuation: a line with it is prose, not a menu.
_PROSE_MARKS = re.compile(r"[，。；！？、]")


def refine(
    text: str,
    candidates: list[Candidate],
    full_names: list[tuple[str, str]],
    lex: Lexicon,
) -> list[Candidate]:
    """The article's candidates with furniture and honorifics dropped and references,
    glosses and abbreviations linked (``candidates`` sorted by start, none overlapping;
    ``full_names`` are (surname or model code, key of the full name) of Latin names)."""
    candidates = assign_kinds(text, _drop_latin_furniture(text, candidates, lex), lex)
    candidates = drop_descriptions(candidates, lex)
    candidates = declared_abbreviations(text, candidates, lex)
    candidates = _glosses(text, candidates, lex)
    candidates = resolve_honorifics(text, candidates)
    return _references(candidates, full_names)


# ---------------------------------------------------------------- page furniture


def _is_furniture(line: str) -> bool:
    """Whether a line is Latin page furniture: Latin letters and no Han, or so few Han
    characters and no sentence punctuation that it reads as a menu or a share bar
    (分享 Facebook WhatsApp)."""
    if not _LATIN.search(line):
        return False
    if not _HAN.search(line):
        return True
    if _PROSE_MARKS.search(line):
        return False
    return len(_LATIN.findall(line)) >= 4 * len(_HAN.findall(line))


def _drop_latin_furniture(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    furniture: dict[int, bool] = {}  # line start → whether the line is furniture

    def in_furniture(candidate: Candidate) -> bool:
        start = text.rfind("\n", 0, candidate.start) + 1
        if start not in furniture:
            end = text.find("\n", candidate.end)
            furniture[start] = _is_furniture(text[start : len(text) if end < 0 else end])
        return furniture[start]

    suspects = [c for c in candidates if not _HAN.search(c.surface) and in_furniture(c)]
    if not suspects:
        return candidates

    def canonical(key: str) -> str:
        return lex.canonical.get(key, key)

    dropped = {id(c) for c in suspects}
    outside = {canonical(c.key) for c in candidates if id(c) not in dropped}
    return [c for c in candidates if id(c) not in dropped or canonical(c.key) in outside]


# ---------------------------------------------------------------- glosses


def _glosses(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """A name in brackets right after another is the same entity when it spells it in
    the other script (亚历山大·王（Alexandr Wang）) or the alias table says so; it binds
    that occurrence only."""
    result = list(candidates)
    for index, (left, right) in enumerate(itertools.pairwise(candidates)):
        if text[left.end : right.start].strip() not in _OPEN:
            continue
        if not text[right.end :].lstrip().startswith(_CLOSE) or right.key == left.key:
            continue
        if right.declared or left.declared:
            continue
        if not _other_spelling(left, right, lex):
            continue
        # a Latin gloss of a Chinese spelling binds that name everywhere, as a
        # declaration does (:mod:`reader.entities.glosses`)
        latin = is_latin_gloss(right.surface, left.key)
        result[index + 1] = replace(right, key=left.key, kind=left.kind, declared=latin)
    return result


def _other_spelling(left: Candidate, right: Candidate, lex: Lexicon) -> bool:
    """Whether the bracketed ``right`` spells ``left`` another way: the alias table says
    so, or it is written in the other script and is nothing else already known; a known
    place never glosses anything but a place, nor a product anything but a product (a
    Latin name's kind is a guess unless the shipped lists know it)."""
    if (left.kind is EntityKind.PRODUCT) is not (right.kind is EntityKind.PRODUCT):
        return False
    evidenced = bool(_HAN.search(right.surface)) or right.key in lex.kinds
    if evidenced and (left.kind is EntityKind.PLACE) is not (right.kind is EntityKind.PLACE):
        return False
    left_canonical = lex.canonical.get(left.key, left.key)
    right_canonical = lex.canonical.get(right.key, right.key)
    if left_canonical == right_canonical:
        return True
    if right.key in lex.kinds or right_canonical in lex.kinds:
        return False  # a known name of its own
    return bool(_HAN.search(left.surface)) != bool(_HAN.search(right.surface))


# ---------------------------------------------------------------- surnames


def _references(candidates: list[Candidate], full_names: list[tuple[str, str]]) -> list[Candidate]:
    """Link a surname to the full name, and a model's code to the model."""
    by_surname: dict[str, set[str]] = {}
    kinds: dict[str, EntityKind] = {}
    for candidate in candidates:
        kinds.setdefault(candidate.key, candidate.kind)
        if candidate.kind is EntityKind.PERSON and any(ch in _DOT for ch in candidate.surface):
            surname = normalise_key(re.split("[·・‧•･]", candidate.surface)[-1])
            if len(surname) >= 2:
                by_surname.setdefault(surname, set()).add(candidate.key)
    for surname, key in full_names:
        if len(surname) >= 3 or _MODEL_CODE.fullmatch(surname):
            by_surname.setdefault(normalise_key(surname), set()).add(key)
    rewrites = {short: next(iter(keys)) for short, keys in by_surname.items() if len(keys) == 1}
    if not rewrites:
        return candidates
    resolved = []
    for candidate in candidates:
        key, seen = candidate.key, {candidate.key}
        while key in rewrites and rewrites[key] not in seen:
            key = rewrites[key]
            seen.add(key)
        if key != candidate.key and not candidate.declared:
            candidate = replace(candidate, key=key, kind=kinds.get(key, candidate.kind))
        resolved.append(candidate)
    return resolved
