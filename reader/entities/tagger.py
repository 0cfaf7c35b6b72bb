"""A character tagger for names: a CRF trained on CLUENER2020, shipped as package data.

jieba's part-of-speech tags find people well and organisations and places badly: an
organisation is usually a run of ordinary words ending in one that says what it is
(…保安局, …医院管理局, …红十字会), and jieba tags none of those words as a name. A
linear-chain CRF over characters learns where such runs start and end from their
characters, the words jieba cut them into and those words' tags. It reads the
simplified fold of a text (so both scripts give the same answer) and marks spans as
person, organisation or place.

Source: the model ``tagger.crfsuite`` was trained with CRFsuite (python-crfsuite) on
80% of the training split of CLUENER2020 (CLUEbenchmark, news sentences from THUCTC /
Sina News): its name, company, organization, government and address spans, mapped to
person, organisation (the middle three) and place. ``python -m
bench.train_tagger`` rebuilds it from that file. The model is loaded on
first use only: the interface never pays for it before analysis runs.

Each sentence is decoded on its own: texts of many sentences by numpy, all their
sentences at once (:mod:`reader.entities.crf_decoder`), short texts by CRFsuite, whose
per-feature-string cost is lower there than numpy's per-step cost; both give the same
labels.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_right
from collections.abc import Callable
from functools import cache, lru_cache
from importlib import resources
from itertools import chain, compress, count, repeat
from operator import add, ne
from typing import Any

from reader.entities import crf_decoder
from reader.entities.kinds import EntityKind

#: The model (its digest is part of the analyser's id: reader.entities.identity).
MODEL_FILE = "tagger.crfsuite"
#: Label suffix → kind; labels are BIOES (B-P, I-O, E-L, S-P…) or O.
LABEL_KINDS = {"P": EntityKind.PERSON, "O": EntityKind.ORGANISATION, "L": EntityKind.PLACE}

_lock = threading.Lock()
#: The sequence the CRFsuite tagger holds (under the lock): marginals are asked of it.
_given: list[object] = [None]
_HAN = re.compile(r"[\u3400-\u9fff]")
#: What a name may be written with: Han, Latin letters and digits, the dots of
#: transliterated names, hyphens (no Latin letters: a Latin name is found with its
#: case by reader.entities.latin, and 谷歌DeepMind is two names).
_NAME = re.compile(r"[\u3400-\u9fff0-9·・‧•･-]+")


def features(text: str, tokens: list[str]) -> list[tuple[str, ...]]:
    """One tuple of feature names per character of ``text`` (already folded).

    The character and its neighbours, the two bigrams around it, and the jieba word it
    is part of: its place in the word, the word's length and tag, and at the word's
    end its last character (局, 苑, 会…). ``tokens`` is jieba's cut of ``text``; the
    tags are :func:`feature_tags`. Each template is built over the whole text at once
    with ``map``, several times faster in Python than character by character; few
    templates keep both the features and the model's lookups cheap.
    """
    size = len(text)
    padded = "\x02" + text + "\x03"
    previous = list(map(add, repeat("B", size), padded[:size]))
    current = list(map(add, repeat("C", size), text))
    following = list(map(add, repeat("D", size), padded[2:]))
    bigram_before = list(map(add, map(add, repeat("F", size), padded[:size]), text))
    bigram_after = list(map(add, map(add, repeat("G", size), text), padded[2:]))
    word = list(chain.from_iterable(map(_word_features, tokens)))
    return list(zip(previous, current, following, bigram_before, bigram_after, word, strict=True))


def labels_to_spans(labels: list[str]) -> list[tuple[int, int, EntityKind]]:
    """Spans ``[start, end)`` with their kind from a BIOES label sequence; a B without
    its E (an ill-formed run) yields nothing. Only the labels other than O are visited
    (found in C by ``compress``): most of a text is O, and a gap between two visited
    labels is an O that ends any open run."""
    spans: list[tuple[int, int, EntityKind]] = []
    start: int | None = None
    previous = -2
    for index in compress(count(), map(ne, labels, repeat("O"))):
        if index != previous + 1:
            start = None
        previous = index
        label = labels[index]
        mark = label[0]
        if mark == "S":
            spans.append((index, index + 1, LABEL_KINDS[label[2]]))
            start = None
        elif mark == "B":
            start = index
        elif mark == "E" and start is not None:
            if labels[start][2] == label[2]:
                spans.append((start, index + 1, LABEL_KINDS[label[2]]))
            start = None
    return spans


@lru_cache(maxsize=1 << 16)
def _word_features(token: str) -> tuple[str, ...]:
    """The word features of each character of ``token`` (a word recurs all through a
    text, and its features are the same each time)."""
    tags = feature_tags()
    length = len(token)
    tag = tags.get(token, "x") if length > 1 else tags.get(token, "c")
    if length == 1:
        return ("IS" + tag,)
    bucket = str(min(length, 4))
    middle = ("IM" + bucket + tag,) * (length - 2)
    return ("IB" + bucket + tag, *middle, "IE" + bucket + tag + token[-1])


@cache
def _tagger() -> Any:
    import pycrfsuite

    tagger = pycrfsuite.Tagger()
    with resources.as_file(resources.files("reader.entities").joinpath(MODEL_FILE)) as path:
        tagger.open(str(path))
    return tagger


@cache
def _tables() -> crf_decoder.CrfTables:
    """The model's weights as arrays, for :mod:`reader.entities.crf_decoder`."""
    model = resources.files("reader.entities").joinpath(MODEL_FILE).read_bytes()
    return crf_decoder.tables_from_model(model)


@lru_cache(maxsize=1 << 16)
def _word_rows(token: str) -> tuple[int, ...]:
    """:func:`_word_features` as rows of the decoder's word table. They depend only on
    the word's length, tag and last character, shared by many words."""
    length = len(token)
    tag = feature_tags().get(token, "x" if length > 1 else "c")
    return _shape_rows(length, tag, token[-1] if length > 1 else "")


@lru_cache(maxsize=1 << 14)
def _shape_rows(length: int, tag: str, last: str) -> tuple[int, ...]:
    if length == 1:
        names: tuple[str, ...] = ("IS" + tag,)
    else:
        bucket = str(min(length, 4))
        middle = ("IM" + bucket + tag,) * (length - 2)
        names = ("IB" + bucket + tag, *middle, "IE" + bucket + tag + last)
    return crf_decoder.word_rows(_tables(), names)


def available() -> bool:
    """Whether the shipped model is present (it is, in any installed copy)."""
    return resources.files("reader.entities").joinpath(MODEL_FILE).is_file()


@cache
def feature_tags() -> dict[str, str]:
    """Word → tag as the features see it: jieba's table, the shipped dictionary's tags."""
    from reader.entities.lexicon import lexicon
    from reader.segmentation import word_tag_table

    return dict(word_tag_table()) | lexicon().han_words


#: How sure the tagger must be of a doubtful span: one common word (深度, tagged a
#: place by jieba) or one that swallows a dictionary name.
DOUBTFUL_CONFIDENCE = 0.7
#: When numpy decodes a text rather than CRFsuite: numpy's cost is mostly a step per
#: character of the longest sentence, CRFsuite's a conversion per feature of every
#: character, so numpy wins on texts of many sentences (measured, see bench/README).
NUMPY_LENGTH_PER_STEP = 4
NUMPY_MIN_LENGTH = 100

#: Whether the tagger is sure of every label of a span: (start, end) → bool.
Sure = Callable[[int, int], bool]


def decode(text: str, tokens: list[str], use_numpy: bool | None = None) -> tuple[list[str], Sure]:
    """The tagger's label at every character of ``text`` (folded, cut into
    ``tokens``), each sentence decoded on its own, and a function telling whether
    each label of a span has a marginal probability of at least
    :data:`DOUBTFUL_CONFIDENCE`. Both decoders give the same labels; the cheaper one
    for the text's shape is used, unless ``use_numpy`` says which."""
    bounds = crf_decoder.chunk_bounds(text)
    keeps = [keep for _, keep, _ in bounds]
    longest = max(end - start for start, _, end in bounds)
    if use_numpy is None:
        use_numpy = len(text) >= NUMPY_LENGTH_PER_STEP * longest + NUMPY_MIN_LENGTH
    if use_numpy:
        return _decode_numpy(text, tokens, bounds, keeps)
    xseq = features(text, tokens)
    tagger = _tagger()
    pieces = [xseq[start:end] for start, _, end in bounds] if len(bounds) > 1 else [xseq]
    labels: list[str] = []
    with _lock:  # a crfsuite Tagger holds the sequence it was given: one at a time
        for (start, keep, _), piece in zip(bounds, pieces, strict=True):
            labels.extend(tagger.tag(piece)[keep - start :])
            _given[0] = piece

    def sure(first: int, last: int) -> bool:
        with _lock:
            for position in range(first, last):
                index = bisect_right(keeps, position) - 1
                if _given[0] is not pieces[index]:
                    tagger.set(pieces[index])
                    _given[0] = pieces[index]
                offset = position - bounds[index][0]
                if tagger.marginal(labels[position], offset) < DOUBTFUL_CONFIDENCE:
                    return False
        return True

    return labels, sure


def _decode_numpy(
    text: str, tokens: list[str], bounds: list[tuple[int, int, int]], keeps: list[int]
) -> tuple[list[str], Sure]:
    tables = _tables()
    scores = crf_decoder.emissions(tables, text, _word_rows, tokens)
    ids = crf_decoder.viterbi(tables, scores, bounds).tolist()
    labels = list(map(tables.labels.__getitem__, ids))
    found: dict[int, Any] = {}

    def sure(first: int, last: int) -> bool:
        for position in range(first, last):
            piece = bisect_right(keeps, position) - 1
            start, _, end = bounds[piece]
            if piece not in found:
                found[piece] = crf_decoder.marginals(tables, scores[start:end])
            if found[piece][position - start, ids[position]] < DOUBTFUL_CONFIDENCE:
                return False
        return True

    return labels, sure


def name_spans(
    text: str, tokens: list[str], stop_keys: frozenset[str], doubtful: Callable[[int, int], bool]
) -> list[tuple[int, int, EntityKind]]:
    """The tagger's spans in ``text`` (folded, cut by jieba into ``tokens``) that can be
    names: two characters or more, written with name characters only, with a Han
    character, not a stoplisted word; and a ``doubtful`` span (an ordinary word, or one
    that swallows a dictionary name) only if the tagger is sure of every character of
    it (its marginal probability)."""
    from reader.entities.linking import normalise_key

    if not text:
        return []
    labels, sure = decode(text, tokens)
    found = []
    for start, end, kind in labels_to_spans(labels):
        surface = text[start:end]
        if end - start < 2 or not _NAME.fullmatch(surface) or not _HAN.search(surface):
            continue
        if normalise_key(surface) in stop_keys:
            continue
        if doubtful(start, end) and not sure(start, end):
            continue
        found.append((start, end, kind))
    return found
