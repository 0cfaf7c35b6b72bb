"""Everything the reader says about a word: both scripts, its readings, its meanings.

A reader of Chinese news stops at a word and wants what Pleco or Zhongwen would show:
the word in simplified and traditional characters (OpenCC), its Mandarin reading with
tone marks (pypinyin, which reads a word as a whole, so 重庆 is chóng qìng), its
Cantonese reading in Jyutping (ToJyutping, CanCLID's data, read on the traditional
form) and its senses in CC-CEDICT (:mod:`reader.dictionary`). When the word as a
whole is not in the dictionary (a selection of several words, a new coinage), it is
read as the dictionary's longest words, left to right, as Zhongwen does.

The three data sets together take a second or two to load, so the first look-up of a
process is slow; :func:`is_warm` says when the next one is instant and a shell can
answer at once instead of from a worker. Whether the word names an entity is the
store's business: the shells add it. No Textual here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain, han_regex
from reader.dictionary import Entry, shared

if TYPE_CHECKING:
    from reader.store.dictionary_index import Dictionary

#: Entries kept for a word (CC-CEDICT has a dozen for some characters).
MAX_ENTRIES = 8
#: The longest word tried when reading a phrase as dictionary words.
LONGEST_WORD = 8
#: Entries shown for each part of a phrase.
PART_ENTRIES = 3
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
    #: When the word as a whole has no entry: its longest dictionary words in order,
    #: each with its entries (none for a character the dictionary lacks).
    parts: tuple[tuple[str, tuple[Entry, ...]], ...] = field(default=())

    @property
    def found(self) -> bool:
        return bool(self.entries or any(entries for _, entries in self.parts))


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
    with _readings_lock:  # all loaded by the first look-up, whatever the word
        _pypinyin()
        _jyutping()
    simplified = convert_plain(word, TO_SIMPLIFIED)
    traditional = convert_plain(word, TO_TRADITIONAL)
    dictionary = shared()
    entries = tuple(dictionary.lookup(word, simplified, traditional)[:MAX_ENTRIES])
    parts: tuple[tuple[str, tuple[Entry, ...]], ...] = ()
    if not entries and len(word) > 1:
        parts = tuple(_longest_words(word, dictionary))
    return WordInfo(
        word=word,
        simplified=simplified,
        traditional=traditional,
        pinyin=pinyin(simplified),
        jyutping=jyutping(traditional),
        entries=entries,
        parts=parts,
    )


def _longest_words(text: str, dictionary: Dictionary) -> list[tuple[str, tuple[Entry, ...]]]:
    """``text`` cut into the longest dictionary words from the left (a Han character
    the dictionary lacks, or a run of other characters, is a part with no entry)."""
    parts: list[tuple[str, tuple[Entry, ...]]] = []
    position = 0
    while position < len(text):
        if not han_regex().match(text[position]):
            end = position + 1
            while end < len(text) and not han_regex().match(text[end]):
                end += 1
            if text[position:end].strip():
                parts.append((text[position:end].strip(), ()))
            position = end
            continue
        candidates = [text[position : position + n] for n in range(1, LONGEST_WORD + 1)]
        candidates = list(dict.fromkeys(candidates))
        forms = candidates + [convert_plain(c, TO_SIMPLIFIED) for c in candidates]
        found = dictionary.lookup(*forms)
        best, entries = text[position], ()
        for candidate in reversed(candidates):
            simplified = convert_plain(candidate, TO_SIMPLIFIED)
            matching = tuple(
                e
                for e in found
                if candidate in (e.traditional, e.simplified) or e.simplified == simplified
            )
            if matching:
                best, entries = candidate, matching[:PART_ENTRIES]
                break
        parts.append((best, entries))
        position += len(best)
    return parts
