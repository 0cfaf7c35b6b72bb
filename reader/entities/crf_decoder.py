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
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

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


def _quarks(model: bytes, offset: int, count: int) -> list[str]:
    """The strings of a CQDB chunk of a CRFsuite model, by id (its backward array:
    one offset per id, each to the id, the size and the NUL-terminated string)."""
    chunk, _, _, _, size, backward = struct.unpack_from("<4sIIIII", model, offset)
    if chunk != b"CQDB" or size != count:
        raise ValueError("not a CRFsuite model")
    strings = []
    for ident in range(count):
        (record,) = struct.unpack_from("<I", model, offset + backward + 4 * ident)
        found, length = struct.unpack_from("<II", model, offset + record)
        if found != ident:
            raise ValueError("not a CRFsuite model")
        start = offset + record + 8
        strings.append(model[start : start + length - 1].decode("utf-8"))
    return strings


def tables_from_model(model: bytes) -> CrfTables:
    """Read a CRFsuite model file (CRF1d, as ``pycrfsuite.Trainer`` writes it) into
    arrays, with its weights as stored (python-crfsuite's ``info()`` rounds them to
    six decimals): the header, the features (type, source, target, weight; type 0 is
    attribute → label, 1 is label → label) and the label and attribute strings."""
    header = struct.unpack_from("<4sI4sIIIIIIIII", model, 0)
    magic, _, kind, _, _, size, attribute_count, features_at, labels_at, attributes_at = header[:10]
    if magic != b"lCRF" or kind != b"FOMC":
        raise ValueError("not a CRFsuite CRF1d model")
    labels = tuple(_quarks(model, labels_at, size))
    attributes = _quarks(model, attributes_at, attribute_count)
    chunk, _, count = struct.unpack_from("<4sII", model, features_at)
    if chunk != b"FEAT":
        raise ValueError("not a CRFsuite model")
    layout = np.dtype([("type", "<u4"), ("source", "<u4"), ("target", "<u4"), ("weight", "<f8")])
    features = np.frombuffer(model, dtype=layout, count=count, offset=features_at + 12)
    moves = features[features["type"] == 1]
    transitions = np.zeros((size, size))
    transitions[moves["source"], moves["target"]] = moves["weight"]
    states = features[features["type"] == 0]
    kinds = np.array([name[0] for name in attributes])
    is_char = np.isin(kinds, ["B", "C", "D"])
    chars = sorted({ord(attributes[i][1]) for i in np.flatnonzero(is_char)})
    char_rows = np.full(chars[-1] + 2, len(chars), dtype=np.intp)
    char_rows[chars] = np.arange(len(chars))
    # attribute id → (table, row)
    table_of = np.full(len(attributes), -1)
    row_of = np.zeros(len(attributes), dtype=np.intp)
    bigram_keys = {}
    for index, template in enumerate("BCDFG"):
        ids = np.flatnonzero(kinds == template)
        table_of[ids] = index
        if template in "BCD":
            row_of[ids] = char_rows[[ord(attributes[i][1]) for i in ids]]
        else:
            keys = np.array(
                [ord(attributes[i][1]) * _CODE_SPACE + ord(attributes[i][2]) for i in ids],
                dtype=np.int64,
            )
            order = np.argsort(keys)
            bigram_keys[template] = keys[order]
            row_of[ids[order]] = np.arange(len(ids))
    word_ids = np.flatnonzero(table_of == -1)
    table_of[word_ids] = 5
    row_of[word_ids] = np.arange(len(word_ids))
    heights = [len(chars)] * 3 + [len(bigram_keys["F"]), len(bigram_keys["G"]), len(word_ids)]
    tables = [np.zeros((height + 1, size)) for height in heights]
    for index, table in enumerate(tables):
        mine = states[table_of[states["source"]] == index]
        table[row_of[mine["source"]], mine["target"]] = mine["weight"]
    return CrfTables(
        labels=labels,
        transitions=transitions,
        exp_transitions=np.exp(transitions),
        char_rows=char_rows,
        previous=tables[0],
        current=tables[1],
        following=tables[2],
        before_keys=bigram_keys["F"],
        before=tables[3],
        after_keys=bigram_keys["G"],
        after=tables[4],
        word_rows={attributes[i]: row for row, i in enumerate(word_ids.tolist())},
        word=tables[5],
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
    into = np.ascontiguousarray(transitions.T)
    path = np.empty((longest, count), dtype=np.intp)
    for position in range(longest - 1, 0, -1):
        alive = running[position]
        path[position, :alive] = last[:alive]
        # prev[i] + trans[i][j] for the label j on the path (rows of the transpose)
        last[:alive] = (best[position - 1, :alive] + into[last[:alive]]).argmax(axis=1)
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
