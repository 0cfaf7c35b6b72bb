"""Products a corpus names in quotation marks: brands and apps (「雪滿堂」水餃, “食安通”应用程序).

A brand or an app of a story is an invented word no dictionary knows, and nothing in
its shape says what it is: no suffix, no surname. What news does with it is quote it
(「雪滿堂」, “食安通”) and say what it is next to the quote (品牌, 应用程序, 产品). A
string the corpus quotes in several texts, that is no word of jieba's nor made only of
its common words (「一国两制」, 「动态清零」 are words quoted as words), and that some text
quotes right beside a word for a product, is a product. The product words are Chinese
vocabulary (brand, app, product, series, platform), not any corpus's names.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: Words that say a quoted name is a product when written just before or after it
#: (folded: simplified).
PRODUCT_WORDS = (
    "品牌", "牌子", "牌", "产品", "应用程序", "应用程式", "应用", "程式", "程序", "app",
    "平台", "系列", "型号", "商标", "节目",
)  # fmt: skip
#: A quoted name must be quoted in at least this many distinct texts.
MIN_TEXTS = 2
#: The longest product word, in characters: it must touch the quote (“食安通”应用程序).
REACH = max(map(len, PRODUCT_WORDS))

_QUOTED = re.compile(r"[「“『]([\u4e00-\u9fff]{2,4})[」”』]")


def quoted_products(folded_texts: Iterable[str]) -> dict[str, int]:
    """Quoted product names (folded) → distinct texts quoting them."""
    from reader.entities.cues import COMMON_WORD, _cut, is_name_shape, word_frequency

    texts: Counter[str] = Counter()
    cued: set[str] = set()
    for text in set(folded_texts):
        seen: set[str] = set()
        for match in _QUOTED.finditer(text):
            name = match.group(1)
            seen.add(name)
            before = text[max(0, match.start() - REACH) : match.start()]
            after = text[match.end() : match.end() + REACH]
            if before.endswith(PRODUCT_WORDS) or after.startswith(PRODUCT_WORDS):
                cued.add(name)
        texts.update(seen)
    return {
        name: count
        for name, count in texts.items()
        if count >= MIN_TEXTS
        and name in cued
        and is_name_shape(name)
        and not word_frequency(name)
        and not all(len(w) > 1 and word_frequency(w) >= COMMON_WORD for w in _cut(name))
    }
