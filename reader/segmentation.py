"""Word segmentation with jieba, initialised lazily and quietly.

jieba's dictionary is simplified Chinese, so texts are segmented through their
simplified fold (t2s keeps offsets mappable, see :mod:`reader.folding`) and token
offsets are reported in the original text. jieba is loaded only on first use, never
at import time: loading takes about a second, so the TUI calls this from a worker. Its
model cache goes to a per-user cache folder rather than a shared file in /tmp, and its
logging (to stderr by default) is silenced so nothing prints behind the TUI's back.
"""

from __future__ import annotations

import logging
import sys
import threading
from functools import cache
from pathlib import Path
from types import ModuleType

from reader.folding import fold

_lock = threading.Lock()


def cache_dir() -> Path:
    """The per-user folder for jieba's model cache."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("reader", appauthor=False))


@cache
def _jieba_module() -> ModuleType:
    import jieba

    jieba.setLogLevel(logging.CRITICAL + 1)
    logging.getLogger("jieba").propagate = False
    return jieba


def tokenizer():
    """jieba's default tokenizer, initialised once (thread-safe) with a private cache."""
    jieba = _jieba_module()
    with _lock:
        tok = jieba.dt
        if not tok.initialized:
            folder = cache_dir()
            try:
                folder.mkdir(parents=True, exist_ok=True)
                tok.tmp_dir = str(folder)
                tok.cache_file = str(folder / "jieba.cache")
            except OSError:
                pass  # jieba falls back to building in memory
            tok.initialize()
    return tok


def is_ready() -> bool:
    """Whether jieba is loaded (so word motions can use real words)."""
    jieba = sys.modules.get("jieba")
    return jieba is not None and bool(jieba.dt.initialized)


def word_spans(text: str) -> list[tuple[int, int]]:
    """jieba tokens of ``text`` as ``(start, end)`` offsets in ``text`` (whitespace skipped)."""
    folded = fold(text)
    spans: list[tuple[int, int]] = []
    position = 0
    for token in tokenizer().cut(folded.text, HMM=True):
        start, position = position, position + len(token)
        if token.isspace():
            continue
        if folded.offsets.is_identity:
            spans.append((start, position))
        else:
            spans.append(folded.offsets.range_to_source(start, position))
    return spans


_tags_compacted = False


def word_tag_table() -> dict[str, str]:
    """jieba's word → part-of-speech table (``jieba.posseg``), sharing its words with
    the dictionary's and one string per tag.

    jieba reads the same dictionary file twice, once for the frequencies and once for
    the tags, so each of its 349,000 words was two strings and each tag a string of its
    own: about 21 MB of duplicates in every process that analyses or spreads names
    (counted at 100,000 articles, where spreading has to stay under 300 MB). The table
    is re-keyed in place, once (no copy: it is built while discovery's counts are
    held), so a reference taken before stays valid."""
    global _tags_compacted
    freq = tokenizer().FREQ
    import jieba.posseg

    table: dict[str, str] = jieba.posseg.dt.word_tag_tab
    with _lock:
        if not _tags_compacted:
            tags: dict[str, str] = {}
            for word in freq:
                tag = table.pop(word, None)
                if tag is not None:  # re-keyed by the dictionary's own string
                    table[word] = tags.setdefault(tag, tag)
            for word, tag in table.items():  # words the frequencies lack, if any
                table[word] = tags.setdefault(tag, tag)
            _tags_compacted = True
    return table
