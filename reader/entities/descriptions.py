"""Mentions that describe instead of naming: dropped before any link is made.

A tagger trained on names takes in phrases shaped like names. Three shapes are never
names, whatever the field of the story:

- a determiner before an organisation's generic word (该公司, 指该公司, 此银行, 该行):
  a reference back to a company named elsewhere, or to none;
- a verb and a very common generic noun for bodies (监管机构, 执法部门): a description
  of a kind of body, not one of them;
- a person of three characters that is a dictionary word and a locative after it
  (陈词 + 中 in 在开案陈词中指出): a phrase "in the …", not a name.

The lexicon's names are never dropped.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from reader.entities.kinds import EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.rules import ORGANISATION_WORDS
from reader.entities.shapes import ORGANISATION_ENDINGS
from reader.entities.words import word_tags

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

#: Determiners that refer back ("that", "this", "each", "its"); 本 is left out, since
#: it ends place names (日本银行).
DETERMINERS = frozenset("该此这那其各每")
#: Locatives written after a noun ("in", "on", "inside").
LOCATIVES = frozenset("中上内里")
#: A generic noun this frequent in jieba's dictionary names a class of bodies (机构
#: 19209, 部门 16543), not one of them.
GENERIC_NOUN = 5000
#: A dictionary word this frequent before a locative is a noun, not a given name.
COMMON_HEAD = 20


def drop_descriptions(candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """``candidates`` without the descriptions (see the module)."""
    return [c for c in candidates if c.key in lex.kinds or not _describes(c.key, c.kind)]


@lru_cache(maxsize=65536)
def _describes(key: str, kind: EntityKind) -> bool:
    if kind is EntityKind.ORGANISATION:
        return _determined(key) or _class_of_bodies(key)
    if kind is EntityKind.PERSON and len(key) == 3 and key[-1] in LOCATIVES:
        return _frequency(key[:2]) >= COMMON_HEAD
    return False


def _determined(key: str) -> bool:
    for index, ch in enumerate(key[:-1]):
        if ch in DETERMINERS:
            rest = key[index + 1 :]
            if rest in ORGANISATION_WORDS or (len(rest) == 1 and rest in ORGANISATION_ENDINGS):
                return True
    return False


def _class_of_bodies(key: str) -> bool:
    # jieba's two words put together are the key: with no split of the key into a verb
    # and a generic noun, jieba's cut cannot give one (most keys; the cut costs more)
    tags = word_tags()
    if not any(_verb_and_body(key[:i], key[i:], tags) for i in range(1, len(key))):
        return False
    import jieba

    words = jieba.lcut(key, HMM=False)
    if len(words) != 2:
        return False
    head, noun = words
    return _verb_and_body(head, noun, tags)


def _verb_and_body(head: str, noun: str, tags: dict[str, str]) -> bool:
    """Whether ``head`` is a verb and ``noun`` a very common generic noun for bodies."""
    return (
        tags.get(head) in ("v", "vn")
        and noun not in ORGANISATION_WORDS
        and tags.get(noun) == "n"
        and _frequency(noun) >= GENERIC_NOUN
    )


def _frequency(word: str) -> int:
    from reader.entities.cues import word_frequency

    return word_frequency(word)
