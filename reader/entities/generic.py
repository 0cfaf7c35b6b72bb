"""Common nouns shaped like names: a qualifier and an organisation's or a place's
suffix that jieba's dictionary knows as one word (上市公司 "a listed company", 公立医院
"a public hospital", 国有银行 "a state bank").

jieba tags many such words as organisations (``nt``), and their shape (a word, then
公司 or 医院) is the shape of a name, so neither the tag nor the suffix tells them
apart from 建设银行 or 联想集团, which jieba knows the same way. Their use does: a
common noun is counted and quantified (不少上市公司, 全市公立醫院, 各大银行), while a
name refers to one thing and is not (an invented name that is no word of jieba's,
任何一間佳惠超市分店, is left alone: only dictionary words are judged).

Within one text a dictionary word after a determiner is no name there; across a
corpus, a dictionary word the corpus ever writes after one is no name anywhere
(:func:`common_nouns`, used by corpus discovery). The determiners are Chinese
grammar, not any corpus's words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: Determiners and quantities written before a common noun, never before a name
#: (simplified: they are matched against folded text). 全国 is left out: it starts
#: names (全国人大).
DETERMINERS = (
    "不少", "多家", "多间", "多所", "多个", "各家", "各间", "各所", "各大", "各个", "各",
    "全市", "全港", "全澳", "全区", "全省", "这些", "那些", "这家", "那家", "这间", "那间",
    "一家", "一间", "一所", "两家", "两间", "数家", "几家", "每家", "每间", "所有", "一些",
    "有些", "个别", "众多", "许多", "很多", "其他", "其它", "部分", "该",
)  # fmt: skip

_DETERMINER = re.compile("(?:" + "|".join(sorted(DETERMINERS, key=len, reverse=True)) + ")$")


def after_determiner(folded: str, start: int) -> bool:
    """Whether the folded text right before ``start`` is a determiner (不少 + 上市公司)."""
    return _DETERMINER.search(folded, max(0, start - 2), start) is not None


def common_nouns(texts: Iterable[str], words: Iterable[str]) -> set[str]:
    """The ``words`` (folded) that some text writes right after a determiner."""
    wanted = sorted(set(words), key=len, reverse=True)
    if not wanted:
        return set()
    pattern = re.compile(
        "(?:"
        + "|".join(map(re.escape, DETERMINERS))
        + ")("
        + "|".join(map(re.escape, wanted))
        + ")"
    )
    found: set[str] = set()
    for text in texts:
        found.update(match.group(1) for match in pattern.finditer(text))
    return found


def dictionary_noun(folded: str) -> bool:
    """Whether a folded string is one word of jieba's dictionary (no person's name)
    shaped like an organisation's or a place's name: the only strings judged here."""
    from reader.entities.cues import PROPER_TAGS, suffix_shaped, word_frequency, word_tag

    tag = word_tag(folded)
    return (
        len(folded) > 2
        and word_frequency(folded) > 0
        and suffix_shaped(folded)
        and not (tag in PROPER_TAGS and tag.startswith("nr"))
    )
