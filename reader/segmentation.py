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
