"""Names among jieba's words: its part-of-speech tags, believed only under rules.

jieba's tags are noisy (明白, 许可 and 东西 are tagged as names), so a tag is believed
only under rules: a stoplist, no jieba ``nz`` without the shipped dictionary, no name
right after a number, and person names from jieba's dictionary only when they are rare
words there (a real 2-character given name is rare; 明白 is not). Each word's tag is
looked up in jieba's word→tag table rather than computed by ``jieba.posseg``, whose
HMM costs about six times a plain cut.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.shapes import (
    DOTS,
    ORGANISATION_ENDINGS,
    TRANSLITERATION,
    person_shaped,
    place_shaped,
)

HAN_WORD = re.compile(r"[\u3400-\u9fff]+")
LATIN_LETTER = re.compile(r"[a-z]")
_NUMERALS = frozenset("0123456789零一二三四五六七八九十百千万亿两几数")
#: Person and place names in jieba's dictionary with at least this frequency are
#: ordinary words that happen to be tagged as names (明白 10875, 东西 18877, 许可 623):
#: the names news is about are rare words there or missing (马斯克 3, 奥特曼 6), and
#: the common places are in the shipped dictionary.
COMMON_NAME_FREQUENCY = 100


@cache
def word_tags() -> dict[str, str]:
    """jieba's word → part-of-speech table (:func:`reader.segmentation.word_tag_table`)."""
    from reader.segmentation import word_tag_table

    return word_tag_table()


@lru_cache(maxsize=65536)
def _hmm_tag(word: str) -> str | None:
    """The POS HMM's tag for an unknown word, if the HMM reads it as one word."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    _, states = viterbi(word, char_state_tab_P, start_P, trans_P, emit_P)
    if states[0][0] != "B" or states[-1][0] != "E":
        return None
    if any(state[0] != "M" for state in states[1:-1]):
        return None
    return str(states[-1][1])


def dotted_runs(tokens: list[str]) -> dict[int, int]:
    """Index of the first and last token of each run Han·Han(·Han…) (埃隆·马斯克)."""
    runs: dict[int, int] = {}
    index = 1
    while index < len(tokens) - 1:
        if tokens[index] in DOTS and HAN_WORD.fullmatch(tokens[index - 1]):
            first, last = index - 1, index - 1
            while (
                last + 2 < len(tokens)
                and tokens[last + 1] in DOTS
                and HAN_WORD.fullmatch(tokens[last + 2])
            ):
                last += 2
            if last > first:
                runs[first] = last
            index = last + 2
        else:
            index += 1
    return runs


def _tag(token: str, tags: dict[str, str], frequencies: dict[str, int]) -> tuple[str | None, bool]:
    """jieba's tag for ``token`` and whether the token is a word jieba did not know."""
    tag = tags.get(token)
    if tag is not None or frequencies.get(token):
        return tag, False
    return _hmm_tag(token), True


def word_kind(
    token: str, lex: Lexicon, tags: dict[str, str], frequencies: dict[str, int]
) -> EntityKind | None:
    """The kind of a single word if it is a name, under the rules in the module doc."""
    known = lex.kinds.get(token)
    if known is not None:
        # Latin names are found by reader.entities.latin, which sees their case.
        return None if LATIN_LETTER.search(token) else known
    if len(token) < 2:
        return None
    tag = tags.get(token)
    if tag is not None and tag not in TAG_KINDS:
        return None  # the common case: a known word that is not a proper noun
    if not HAN_WORD.fullmatch(token) or token in lex.stop_keys:
        return None
    unknown = tag is None and not frequencies.get(token)
    if unknown:
        return None  # words jieba did not know: the tagger's spans cover them
    if tag is None or tag == "nz" or tag not in TAG_KINDS:
        return None
    kind = TAG_KINDS[tag]
    if kind is EntityKind.PERSON and not person_shaped(token, unknown):
        return None
    if kind is EntityKind.PLACE and not place_shaped(token, unknown):
        return None
    if kind is EntityKind.ORGANISATION and token[-1] not in ORGANISATION_ENDINGS:
        return None
    common = frequencies.get(token, 0) >= COMMON_NAME_FREQUENCY
    if common and not unknown and kind is not EntityKind.ORGANISATION:
        return None
    return kind


def dotted_kind(
    parts: list[str], lex: Lexicon, tags: dict[str, str], frequencies: dict[str, int]
) -> EntityKind | None:
    """埃隆·马斯克: a dotted run is a person's name if any part is one or all transliterate."""
    known = lex.kinds.get("".join(parts))
    if known is not None:
        return known
    if any(part in lex.stop_keys for part in parts):
        return None
    for part in parts:
        if lex.kinds.get(part) is EntityKind.PERSON:
            return EntityKind.PERSON
        tag, _ = _tag(part, tags, frequencies)
        if tag in ("nr", "nrt", "nrfg"):
            return EntityKind.PERSON
    if all(ch in TRANSLITERATION for part in parts for ch in part):
        return EntityKind.PERSON
    return None


def after_number(text: str, start: int, token: str, lex: Lexicon) -> bool:
    """A name the dictionary does not know cannot follow a number (10 万卡, 122 天拉)."""
    if token in lex.kinds:
        return False
    before = text[:start].rstrip(" ")
    return bool(before) and before[-1] in _NUMERALS
