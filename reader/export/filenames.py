"""File names for exported files, made from article titles and tag names.

A title is arbitrary text from the web, so the name made from it must be safe on
every system and in every vault: NFC (macOS, Linux and Windows then agree on what
the name is), no control or bidirectional-override characters (which could make
``gpj.exe`` look like ``exe.jpg``), no path separators or characters Windows or
Obsidian refuse, not empty, not ``.`` or ``..``, not hidden, not a reserved Windows
device name, and at most :data:`MAX_BYTES` bytes of UTF-8 including the extension,
cut between characters. Two names that differ only by case are the same file on
common file systems, so collisions are found case-insensitively and resolved as
``name (2).md``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

#: The longest name most file systems accept is 255 bytes; keep a margin for the
#: temporary name used while writing and for tools that add their own suffixes.
MAX_BYTES = 200
FALLBACK = "untitled"
#: Refused by Windows (``<>:"/\|?*``) or by Obsidian links (``#^[]``).
_FORBIDDEN = re.compile(r'[<>:"/\\|?*#^\[\]]+')
_SPACES = re.compile(r"\s+")
_RESERVED = re.compile(r"(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?", re.IGNORECASE)
#: Bidirectional controls and other invisible format characters (category Cf) go too.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def safe_name(text: str, suffix: str, *, reserve: int = 0) -> str:
    """A file name made from ``text`` with ``suffix`` (e.g. ``".md"``) appended.

    ``reserve`` bytes are kept free for a collision marker such as `` (2)``.
    """
    stem = _clean(text)
    budget = MAX_BYTES - len(suffix.encode("utf-8")) - reserve
    stem = _cut(stem, budget).rstrip(" .") or FALLBACK
    if _RESERVED.fullmatch(stem):
        stem = "_" + stem
    return stem + suffix


def unique_names(texts: Sequence[str], suffix: str) -> list[str]:
    """A safe name for each text, in order, no two the same ignoring case."""
    taken: set[str] = set()
    names = []
    for text in texts:
        name = safe_name(text, suffix)
        number = 1
        while name.casefold() in taken:
            number += 1
            marker = f" ({number})"
            name = safe_name(text, "", reserve=len(marker) + len(suffix.encode("utf-8")))
            name = f"{name}{marker}{suffix}"
        taken.add(name.casefold())
        names.append(name)
    return names


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(
        " " if ch in "\t\n\r" else ch
        for ch in text
        if ch in "\t\n\r" or unicodedata.category(ch) not in _DROPPED_CATEGORIES
    )
    text = _FORBIDDEN.sub(" ", text)
    return _SPACES.sub(" ", text).lstrip(". ").rstrip()


def _cut(text: str, budget: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 encoding fits in ``budget`` bytes."""
    encoded = text.encode("utf-8")
    if len(encoded) <= budget:
        return text
    return encoded[: max(budget, 0)].decode("utf-8", errors="ignore")
