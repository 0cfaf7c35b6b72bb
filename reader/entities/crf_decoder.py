"""The name tagger's CRF decoded with numpy, sentence by sentence.

python-crfsuite wants one string per feature and character: building those strings in
Python and having CRFsuite convert and look up each of them cost more than a
``jieba.cut`` of the same text. Here the shipped model's weights are read once into
numpy tables, so a text's emission scores are a few array lookups: the character
templates (B, C, D: the previous, current and next character) by code point through a
dense index, the bigram templates (F, G) by a 64-bit key of the two code points and a
binary search, the word template by a per-word tuple of rows.

The best path is found per sentence (cut after 。！？!?… or a line end, with the
closing quotes that follow), and the sentences of a text are decoded together: the
Viterbi recursion steps over positions and is vectorised over sentences, so an article
of a hundred sentences takes as many numpy steps as its longest sentence has
characters. The arithmetic is CRFsuite's own (state scores summed in template order,
``prev + trans`` then ``+ state``, the first best predecessor on ties), so the labels
are the ones CRFsuite gives for the same sentences; the marginals (for doubtful spans)
come from a scaled forward-backward pass over one sentence, as in CRFsuite.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any

import numpy as np

#: Where a sentence ends: its final punctuation, with the closing quotes and brackets
#: that follow it, or a line end.
SENTENCE_END = re.compile(r"[。！？!?…\n]+[”’」』）)\"']*")
#: The padding characters the features use before and after a text.
BEFORE, AFTER = 2, 3
#: Bigram keys: first code point × this + second (code points are below 0x110000).
_CODE_SPACE = 0x110000


@dataclass(frozen=True, eq=False)
class CrfTables:
    """A CRFsuite model as arrays: the labels in CRFsuite's own order (ties between
    equal scores go to the lower id, as in CRFsuite), the transition weights, and one
    weight row per known feature, the last row of each table all zeros for the
    features the model does not know."""

    labels: tuple[str, ...]
    transitions: np.ndarray  # (labels, labels), from × to
    exp_transitions: np.ndarray
    char_rows: np.ndarray  # code point → row in the three character tables
    previous: np.ndarray  # B: the character before
    current: np.ndarray  # C
    following: np.ndarray  # D: the character after
    before_keys: np.ndarray  # F: sorted bigram keys of (previous, current)
    before: np.ndarray
    after_keys: np.ndarray  # G: (current, following)
    after: np.ndarray
    word_rows: dict[str, int]  # word feature name → row
    word: np.ndarray


def tables_from_model(model: Any) -> CrfTables:
    """Read an opened ``pycrfsuite.Tagger``'s weights into arrays (about 0.3 s)."""
    labels = tuple(model.labels())
    label_ids = {label: index for index, label in enumerate(labels)}
    size = len(labels)
    info = model.info()
    transitions = np.zeros((size, size))
    for (source, target), weight in info.transitions.items():
        transitions[label_ids[source], label_ids[target]] = weight
    chars: set[int] = set()
    bigrams: dict[str, set[int]] = {"F": set(), "G": set()}
    words: set[str] = set()
    for attribute, _label in info.state_features:
        template = attribute[0]
        if template in "BCD":
            chars.add(ord(attribute[1]))
        elif template in "FG":
            bigrams[template].add(ord(attribute[1]) * _CODE_SPACE + ord(attribute[2]))
        else:
            words.add(attribute)
    char_list = sorted(chars)
    char_rows = np.full(char_list[-1] + 2, len(char_list), dtype=np.intp)
    char_rows[char_list] = np.arange(len(char_list))
    char_tables = {key: np.zeros((len(char_list) + 1, size)) for key in "BCD"}
    keys = {key: np.array(sorted(found), dtype=np.int64) for key, found in bigrams.items()}
    bigram_tables = {key: np.zeros((len(keys[key]) + 1, size)) for key in "FG"}
    word_rows = {name: index for index, name in enumerate(sorted(words))}
    word = np.zeros((len(word_rows) + 1, size))
    for (attribute, label), weight in info.state_features.items():
        column = label_ids[label]
        template = attribute[0]
        if template in "BCD":
            char_tables[template][char_rows[ord(attribute[1])], column] = weight
        elif template in "FG":
            key = ord(attribute[1]) * _CODE_SPACE + ord(attribute[2])
            row = int(np.searchsorted(keys[template], key))
            bigram_tables[template][row, column] = weight
        else:
            word[word_rows[attribute], column] = weight
    return CrfTables(
        labels=labels,
        transitions=transitions,
        exp_transitions=np.exp(transitions),
        char_rows=char_rows,
        previous=char_tables["B"],
        current=char_tables["C"],
        following=char_tables["D"],
        before_keys=keys["F"],
        before=bigram_tables["F"],
        after_keys=keys["G"],
        after=bigram_tables["G"],
        word_rows=word_rows,
        word=word,
    )


def chunk_bounds(text: str, pattern: re.Pattern[str] = SENTENCE_END) -> list[tuple[int, int, int]]:
    """``(decode_from, keep_from, end)`` for each piece of ``text`` cut after each
    match of ``pattern``: the piece's labels are those of ``[keep_from, end)``, decoded
    from ``decode_from``, one character earlier (the punctuation that ended the piece
    before), so that its first character is scored coming from that punctuation, as in
    the whole text. The kept ranges cover the text."""
    bounds = []
    start = 0
    for match in pattern.finditer(text):
        end = match.end()
        if end > start:
            bounds.append((max(start - 1, 0), start, end))
            start = end
    if start < len(text):
        bounds.append((max(start - 1, 0), start, len(text)))
    return bounds


def _bigram_rows(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    rows = np.searchsorted(keys, wanted)
    np.minimum(rows, len(keys) - 1, out=rows)
    missing = keys[rows] != wanted
    rows[missing] = len(keys)
    return rows


def word_rows(tables: CrfTables, names: Sequence[str]) -> tuple[int, ...]:
    """The rows of the word table for these word feature names (the zero row for a
    name the model does not know)."""
    missing = len(tables.word_rows)
    return tuple(tables.word_rows.get(name, missing) for name in names)


def emissions(
    tables: CrfTables, text: str, rows_of: Callable[[str], tuple[int, ...]], tokens: list[str]
) -> np.ndarray:
    """The state score of every label at every character of ``text`` (one row per
    character), summed in the features' order B, C, D, F, G, word as CRFsuite sums
    them. ``rows_of`` gives a token's :func:`word_rows` (remembered by the caller:
    words recur)."""
    size = len(text)
    padded = np.empty(size + 2, dtype=np.int64)
    padded[0] = BEFORE
    padded[1:-1] = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    padded[-1] = AFTER
    limit = len(tables.char_rows) - 1  # its row is the zeros
    rows = tables.char_rows[np.minimum(padded, limit)]
    scores = tables.previous[rows[:-2]] + tables.current[rows[1:-1]]
    scores += tables.following[rows[2:]]
    before = padded[:-2] * _CODE_SPACE + padded[1:-1]
    scores += tables.before[_bigram_rows(tables.before_keys, before)]
    after = padded[1:-1] * _CODE_SPACE + padded[2:]
    scores += tables.after[_bigram_rows(tables.after_keys, after)]
    indices = np.fromiter(chain.from_iterable(map(rows_of, tokens)), dtype=np.intp, count=size)
    scores += tables.word[indices]
    return scores


def viterbi(
    tables: CrfTables, scores: np.ndarray, bounds: list[tuple[int, int, int]]
) -> np.ndarray:
    """The best label id at every character, each piece of ``bounds`` (see
    :func:`chunk_bounds`) decoded on its own, all of them together: the pieces are
    sorted longest first, so the ones still running at a step are a prefix of the
    batch. Each step is CRFsuite's ``prev + trans``, its maximum, then ``+ state``;
    the best predecessors are found again on the way back, only for the labels on the
    path, the first of equal scores as in CRFsuite."""
    transitions = tables.transitions
    count = len(bounds)
    lengths = np.array([end - start for start, _, end in bounds])
    order = np.argsort(-lengths, kind="stable").tolist()
    lengths = lengths[order]
    longest = int(lengths[0])
    size = transitions.shape[0]
    # position × piece × label: what a step reads and writes is contiguous
    batch = np.zeros((longest, count, size))
    for row, index in enumerate(order):
        start, _, end = bounds[index]
        batch[: end - start, row] = scores[start:end]
    # running[t]: how many pieces are longer than t
    running = np.searchsorted(-lengths, -np.arange(longest), side="left").tolist()
    best = np.empty_like(batch)
    best[0] = batch[0]
    # previous label × piece × label, reduced over the previous label
    step = np.empty((size, count, size))
    incoming = transitions[:, None, :]
    for position in range(1, longest):
        alive = running[position]
        np.add(best[position - 1, :alive].T[:, :, None], incoming, out=step[:, :alive])
        np.max(step[:, :alive], axis=0, out=best[position, :alive])
        best[position, :alive] += batch[position, :alive]
    rows = np.arange(count)
    last = best[lengths - 1, rows].argmax(axis=1)
    path = np.empty((longest, count), dtype=np.intp)
    for position in range(longest - 1, 0, -1):
        alive = running[position]
        path[position, :alive] = last[:alive]
        ahead = transitions[:, last[:alive]].T
        last[:alive] = (best[position - 1, :alive] + ahead).argmax(axis=1)
    path[0] = last
    labels = np.empty(len(scores), dtype=np.intp)
    for row, index in enumerate(order):
        start, keep, end = bounds[index]
        labels[keep:end] = path[keep - start : end - start, row]
    return labels


def marginals(tables: CrfTables, scores: np.ndarray) -> np.ndarray:
    """Each label's marginal probability at each character of one sentence (its rows
    of ``scores``), by a scaled forward-backward pass."""
    size = len(scores)
    states = np.exp(scores)
    transitions = tables.exp_transitions
    forward = np.empty_like(states)
    backward = np.empty_like(states)
    forward[0] = states[0] / states[0].sum()
    for position in range(1, size):
        row = (forward[position - 1] @ transitions) * states[position]
        forward[position] = row / row.sum()
    backward[-1] = 1.0
    for position in range(size - 2, -1, -1):
        row = transitions @ (states[position + 1] * backward[position + 1])
        backward[position] = row / row.sum()
    joint = forward * backward
    return joint / joint.sum(axis=1, keepdims=True)
