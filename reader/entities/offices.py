"""An organisation's full name is one name, even where a phrase test would refuse it.

The test that tells a name from a phrase holding one (:func:`reader.entities.cues.
reads_as_name`) refuses a string with a conjunction in it (及 joins two names in
一名男子及秀湄區居民) or ending in a character that ends sentences (会 "will"). Both
are ordinary in the full names of offices: 證券及期貨事務監察委員會, 交易及結算所,
食物及衞生局, every 委員會 and 協會. A span the extractor found that ends like an
organisation, starts like a name, holds a conjunction only between two words of its
own, and no common verb but the one naming the office's work just before its ending
(結算 + 所) reads as that organisation's name.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.entities.cues import COMMON_WORD, NEVER, NOT_FIRST, NUMERALS, reads_as_name
from reader.entities.cues import word_frequency as _frequency
from reader.entities.kinds import EntityKind
from reader.entities.rules import ends_organisation
from reader.entities.shapes import ORGANISATION_ENDINGS
from reader.entities.words import word_tags

#: Conjunctions that join two words inside one office's name (證券及期貨).
JOINING = frozenset("及与")
#: Last characters of an organisation's parts (departments, branches, units).
BRANCH_ENDINGS = ORGANISATION_ENDINGS | frozenset("科室")
#: Characters on either side of a joining conjunction inside a name.
_SIDE = 2


def reads_as_office(text: str) -> bool:
    """Whether a folded span reads as an organisation's full name (see the module)."""
    if not (text[-1:] in ORGANISATION_ENDINGS or ends_organisation(text)):
        return False
    if text[0] in NOT_FIRST or text[0] in NUMERALS:
        return False
    for index, ch in enumerate(text):
        if ch in JOINING:
            if index < _SIDE or len(text) - index - 1 < _SIDE + 1:
                return False
        elif ch in NEVER:
            return False
    import jieba

    tags = word_tags()
    # the word before the ending is often a verb naming the office's work (结算 + 所,
    # 调查 + 科); a common verb further in makes a phrase (在秀湄设立 + 援助委员会)
    words = jieba.lcut(text, HMM=False)[:-2]
    return not any(
        len(word) > 1 and tags.get(word) == "v" and _frequency(word) >= COMMON_WORD
        for word in words
    )


def reads_as_name_or_office(text: str, held: Iterable[str] = (), branched: bool = False) -> bool:
    """A name, or an organisation's full name that the phrase test refuses, unless it
    holds a name of the ``held`` kinds that is an organisation's: an office's name
    holding another organisation's is a branch of it or a phrase (汇岭银行 + 东礁分行),
    and that organisation is the name the corpus is about. ``branched``: an organisation
    it holds ends before it does, and it ends like a part of one (靖安医院 + 急症科):
    that part is no name of its own either."""
    holds_organisation = EntityKind.ORGANISATION.value in held
    if branched and text[-1:] in BRANCH_ENDINGS:
        return False
    if reads_as_name(text):
        return True
    return not holds_organisation and reads_as_office(text)


#: A name written with a word glued before it is written in at most this share of the
#: texts that write the name.
GLUED_SHARE = 0.5


def glued_word(text: str, name: str, texts: int, name_texts: int) -> bool:
    """Whether ``text`` is the corpus's ``name`` with a common word of jieba's glued
    before it (东道主 "host" + 霁川流星), written in far fewer texts than the name: a
    phrase, not a longer name. A place before an office (香港 + 特区政府) is jieba's
    proper noun, not a common word."""
    if not text.endswith(name) or text == name or texts > GLUED_SHARE * name_texts:
        return False
    head = text[: -len(name)]
    tag = word_tags().get(head)
    return len(head) >= 2 and _frequency(head) >= COMMON_WORD and tag not in _PROPER_HEADS


#: jieba's tags of heads that may start a longer name: places, organisations, other
#: proper nouns and abbreviations (a person's tag is given to many common words: 东道主).
_PROPER_HEADS = frozenset({"ns", "nt", "nz", "j", "nrt"})
