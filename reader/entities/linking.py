"""Normalised keys: when two written names are the same name.

Two mentions link when their keys are equal, or when the alias table (shipped, or the
user's) maps their keys to one canonical key. A key is the name folded so that script,
width, case and the way parts are joined do not matter: 埃隆·马斯克 and 埃隆马斯克 are
one key, as are Grok 3, Grok3 and Grok-3, while GPT-4o and GPT-4.5 (different
characters) and o1 and o1-pro (different words) stay apart. Dots between digits are
kept, so version 4.5 never becomes 45.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reader.conversion import TO_SIMPLIFIED_VARIANTS, convert_plain

#: Characters that join the parts of one name and carry no meaning of their own:
#: spaces, hyphens and dashes, underscores and the middle dots used in transliterated
#: names (· U+00B7, ・ U+30FB, ‧ U+2027, • U+2022, ･ U+FF65).
_JOINERS = re.compile(r"[\s\-‐‑‒–—_·・‧•･]+")


@lru_cache(maxsize=65536)
def normalise_key(name: str) -> str:
    """The key of a written name: NFKC, simplified script, case-folded, joiners removed.

    Cached: the same names recur all through a corpus."""
    text = unicodedata.normalize("NFKC", name)
    text = convert_plain(text, TO_SIMPLIFIED_VARIANTS).casefold()
    return _JOINERS.sub("", text)
