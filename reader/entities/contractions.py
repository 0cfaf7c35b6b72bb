"""Abbreviations a corpus writes without declaring them: 廉署 for 廉政公署, 衞防署 for
衞生防護署, 環衞處 for 環境衞生處.

Chinese abbreviates an office by keeping its first character, one or two characters
of the rest in order, and its suffix (局, 署, 處, 中心; 委員會 as 會). When the corpus
names an office in full and some text writes such a contraction of it, the
contraction is the office: provided exactly one of the corpus's offices contracts to
it, and jieba knows it neither as a name (卫生署, a contraction of 卫生防护署 by shape,
is another department) nor as a common word, and it is no name of the corpus's own.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable

#: Suffix words kept whole or shortened in a contraction (folded: simplified).
SUFFIX_FORMS = (("委员会", "会"), ("中心", "中心"), ("协会", "会"))
#: Characters an office's name ends with (its suffix when no word above ends it).
OFFICE_CHARS = frozenset("局署处部办厅委会院司所社科")
#: At most this many characters kept between the first one and the suffix.
MIDDLE = 2
#: A contraction is written in at least this many texts (distinct folds).
MIN_TEXTS = 1


def contractions_of(name: str) -> set[str]:
    """Every contraction of an office's name by the shape above (卫生防护署 → 卫防署,
    卫护署, 卫署, ...), the name itself left out."""
    for word, short in SUFFIX_FORMS:
        if name.endswith(word) and len(name) > len(word) + 1:
            body, suffix = name[: -len(word)], short
            break
    else:
        if name[-1] not in OFFICE_CHARS or len(name) < 4:
            return set()
        body, suffix = name[:-1], name[-1]
    found = set()
    for size in range(MIDDLE + 1):
        for middle in itertools.combinations(body[1:], size):
            form = body[0] + "".join(middle) + suffix
            if form != name and len(form) >= 2:
                found.add(form)
    return found


def contractions(folded_texts: Iterable[str], offices: Iterable[str]) -> dict[str, tuple[str, int]]:
    """Contraction → (the office it stands for, among ``offices`` (folded names), and
    the texts writing it), for every contraction the texts write that exactly one office
    contracts to (one of two characters, 廉署, in two texts at least)."""
    from reader.entities.cues import is_name_shape

    owners: dict[str, set[str]] = {}
    names = set(offices)
    for office in names:
        for form in contractions_of(office):
            owners.setdefault(form, set()).add(office)
    wanted = {
        form: next(iter(owner))
        for form, owner in owners.items()
        if len(owner) == 1
        and form not in names
        and not _word_of_its_own(form)
        and is_name_shape(form)
        and not any(form in other for other in names)
    }
    if not wanted:
        return {}
    pattern = re.compile("|".join(map(re.escape, sorted(wanted, key=len, reverse=True))))
    texts: Counter[str] = Counter()
    for text in set(folded_texts):
        texts.update({match.group() for match in pattern.finditer(text)})
    return {
        form: (wanted[form], count)
        for form, count in texts.items()
        if count >= (MIN_TEXTS if len(form) > 2 else MIN_TEXTS + 1)
    }


def _word_of_its_own(form: str) -> bool:
    """Whether jieba knows the form as a name (卫生署) or a common word: a rare word of
    its dictionary (廉署, 环卫处 are there, mistagged) may still be the contraction."""
    from reader.entities.cues import COMMON_WORD, PROPER_TAGS, word_frequency, word_tag

    return word_tag(form) in PROPER_TAGS or word_frequency(form) >= COMMON_WORD
