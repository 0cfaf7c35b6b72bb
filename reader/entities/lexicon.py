"""The shipped word lists: domain dictionary, alias table, stoplist, given names.

They are data, not code, so they can grow without touching the extractor:

- ``dictionary.txt``: names jieba splits or mislabels (英伟达, 黄仁勋, 视觉中国…),
  one ``word tag`` a line with jieba's proper-noun tags (nr, ns, nt, nz). Han words
  are added to the tokenizer; every entry also fixes the kind of its key.
- ``aliases.json``: one entity under several names (Elon Musk / 马斯克 / 埃隆·马斯克),
  each entry ``{"name", "kind", "aliases"}``; its names are dictionary words too.
- ``stoplist.txt``: common words jieba tags as names (东西, 许可…) and generic Latin
  terms (CEO, GPU, Token…), compared by normalised key.
- ``given_names.txt``: Latin given names, which tell a person (Dylan Patel) from a
  company (Scale AI) when nothing else does.

Everything is read once per process; :attr:`Lexicon.digest` changes whenever a file
does, and the analysis cache is keyed on it, so editing a list re-analyses the texts.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from reader.entities.kinds import KIND_TAGS, EntityKind, parse_kind
from reader.entities.linking import normalise_key

DATA_FILES = ("dictionary.txt", "aliases.json", "stoplist.txt", "given_names.txt")

_HAN = re.compile(r"[\u3400-\u9fff]")
#: Dotted names (埃隆·马斯克) are joined from their parts by the extractor, not by jieba.
_DOTS = re.compile(r"[·・‧•･]")
#: Mixed names (谷歌DeepMind) are two names to the extractor: 谷歌 and DeepMind.
_LATIN = re.compile(r"[A-Za-z]")


@dataclass(frozen=True)
class Lexicon:
    """Everything the extractor and the linker read from the shipped lists."""

    #: key → kind, for every dictionary word and alias-table name.
    kinds: dict[str, EntityKind]
    #: Han words to add to the tokenizer, as folded text → jieba tag.
    han_words: dict[str, str]
    #: alias key → canonical key (the key of the entry's ``name``).
    canonical: dict[str, str]
    #: canonical key → display name.
    display: dict[str, str]
    stop_keys: frozenset[str]
    given_names: frozenset[str]
    digest: str


def _read(name: str) -> str:
    return resources.files("reader.entities").joinpath(name).read_text(encoding="utf-8")


def _lines(text: str) -> list[str]:
    """Non-empty lines with ``#`` comments removed."""
    rows = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [row for row in rows if row]


def _fold_word(word: str) -> str:
    """How a dictionary word looks in the folded text jieba segments."""
    from reader.folding import fold

    return fold(word).text


def _digest(texts: dict[str, str]) -> str:
    return hashlib.sha256("\0".join(texts[name] for name in DATA_FILES).encode()).hexdigest()


@cache
def data_digest() -> str:
    """:attr:`Lexicon.digest` from the files alone, nothing parsed: the analyser's
    identity (:mod:`reader.entities.identity`) is known without building the lexicon."""
    return _digest({name: _read(name) for name in DATA_FILES})


@cache
def lexicon() -> Lexicon:
    texts = {name: _read(name) for name in DATA_FILES}
    digest = _digest(texts)
    kinds: dict[str, EntityKind] = {}
    han_words: dict[str, str] = {}
    canonical: dict[str, str] = {}
    display: dict[str, str] = {}

    for row in _lines(texts["dictionary.txt"]):
        word, _, tag = row.rpartition(" ")
        kind = parse_kind(tag)
        kinds[normalise_key(word)] = kind
        if _HAN.search(word):
            han_words[_fold_word(word)] = KIND_TAGS[kind]

    for entry in json.loads(texts["aliases.json"]):
        kind = parse_kind(entry["kind"])
        target = normalise_key(entry["name"])
        display[target] = entry["name"]
        for name in [entry["name"], *entry.get("aliases", [])]:
            key = normalise_key(name)
            if canonical.get(key, target) != target:
                raise ValueError(f"aliases.json: {name!r} belongs to two entries")
            canonical[key] = target
            kinds[key] = kind
            if _HAN.search(name) and not _DOTS.search(name) and not _LATIN.search(name):
                han_words[_fold_word(name)] = KIND_TAGS[kind]

    stop_keys = frozenset(normalise_key(word) for word in _lines(texts["stoplist.txt"]))
    given = frozenset(word.casefold() for word in _lines(texts["given_names.txt"]))
    return Lexicon(kinds, han_words, canonical, display, stop_keys, given, digest)
