"""Everything the reader says about a word: both scripts, its readings, its meanings.

A reader of Chinese news stops at a word and wants what Pleco or Zhongwen would show:
the word in simplified and traditional characters (OpenCC), its Mandarin reading with
tone marks (pypinyin, which reads a word as a whole, so 重庆 is chóng qìng), its
Cantonese reading in Jyutping (ToJyutping, CanCLID's data, read on the traditional
form) and its senses in CC-CEDICT (:mod:`reader.dictionary`). When the word as a
whole is not in the dictionary (a name, a new coinage), each of its characters is
looked up instead.

The three data sets together take a second or two to load, so the first look-up of a
process is slow; :func:`is_warm` says when the next one is instant and a shell can
answer at once instead of from a worker. Whether the word names an entity is the
store's business: the shells add it. No Textual here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain, han_regex
from reader.dictionary import Entry, shared

#: Entries kept for a word (CC-CEDICT has a dozen for some characters).
MAX_ENTRIES = 8
#: Characters of a selection worth looking up: past this it is a passage, not a word.
MAX_WORD = 32

_readings_lock = threading.Lock()


@dataclass(frozen=True)
class WordInfo:
    """What the look-up panel and ``reader lookup`` show."""

    word: str
    simplified: str
    traditional: str
    #: Mandarin, tone marks, syllables spaced ("" when the word has no Han character).
    pinyin: str
    #: Cantonese Jyutping, tone numbers ("" when unknown).
    jyutping: str
    entries: tuple[Entry, ...]
    #: The entries of each character, when the word as a whole has none.
    characters: tuple[tuple[str, tuple[Entry, ...]], ...] = field(default=())

    @property
    def found(self) -> bool:
        return bool(self.entries or any(entries for _, entries in self.characters))


@cache
def _pypinyin():  # type: ignore[no-untyped-def]
    from pypinyin import Style, lazy_pinyin

    lazy_pinyin("中文", style=Style.TONE)  # loads the phrase data now, not mid-lookup
    return lazy_pinyin, Style.TONE


@cache
def _jyutping():  # type: ignore[no-untyped-def]
    import ToJyutping

    ToJyutping.get_jyutping_list("中文")
    return ToJyutping.get_jyutping_list


def pinyin(text: str) -> str:
    """``text``'s Mandarin reading with tone marks, one syllable per Han character."""
    if not han_regex().search(text):
        return ""
    with _readings_lock:
        lazy_pinyin, tone = _pypinyin()
    syllables = lazy_pinyin(text, style=tone, errors=lambda chars: list(chars))
    return _spaced(text, syllables)


def jyutping(text: str) -> str:
    """``text``'s Cantonese reading (Jyutping); "" if no character of it is known."""
    if not han_regex().search(text):
        return ""
    with _readings_lock:
        get_jyutping_list = _jyutping()
    pairs = get_jyutping_list(text)
    if not any(reading for _, reading in pairs):
        return ""
    return _spaced(text, [reading or char for char, reading in pairs])


def _spaced(text: str, syllables: list[str]) -> str:
    """Syllables of Han characters spaced; other characters (Latin, digits) run on."""
    out: list[str] = []
    previous_han = False
    for char, syllable in zip(text, syllables, strict=False):
        han = bool(han_regex().match(char))
        if out and (han or previous_han):
            out.append(" ")
        out.append(syllable)
        previous_han = han
    return " ".join("".join(out).split())


def is_warm() -> bool:
    """Whether a look-up will be instant (everything it needs is loaded)."""
    from reader.dictionary import is_loaded

    loaded = (_pypinyin.cache_info().currsize, _jyutping.cache_info().currsize)
    return is_loaded() and all(loaded)


def look_up(word: str) -> WordInfo:
    """Everything about ``word`` (a word or short phrase in either script).

    Raises :class:`~reader.dictionary.DictionaryUnavailable` if CC-CEDICT cannot be
    read; readings need no dictionary but come with it, so the caller says why once.
    """
    word = word.strip()
    simplified = convert_plain(word, TO_SIMPLIFIED)
    traditional = convert_plain(word, TO_TRADITIONAL)
    dictionary = shared()
    entries = tuple(dictionary.lookup(word, simplified, traditional)[:MAX_ENTRIES])
    characters: tuple[tuple[str, tuple[Entry, ...]], ...] = ()
    if not entries and len(word) > 1:
        characters = tuple(
            (char, tuple(dictionary.lookup(char, convert_plain(char, TO_SIMPLIFIED))[:3]))
            for char in dict.fromkeys(word)
            if han_regex().match(char)
        )
    return WordInfo(
        word=word,
        simplified=simplified,
        traditional=traditional,
        pinyin=pinyin(simplified),
        jyutping=jyutping(traditional),
        entries=entries,
        characters=characters,
    )
