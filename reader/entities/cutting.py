"""jieba's accurate cut (with its HMM), computed faster, giving the very same words.

Segmentation is the largest single cost of entity analysis, and jieba spends most of
it in pure Python bookkeeping: a dict of lists for the word graph, a generator, a
``max`` over tuples and a ``log`` for every edge, and the HMM's Viterbi for every run
of characters the dictionary does not know. :class:`FastCut` runs the same algorithm
over the same frequency table: the graph and the best route are built in one pass
from right to left, and the HMM's answer for a run is remembered (it depends on
the run alone, and the same short runs recur all through a corpus).

The result is identical, token for token, to ``jieba.Tokenizer.cut(text, HMM=True)``
on the tokenizer it was built from: the scores are the same floating-point sums in the
same order, ties go to the longer word as in jieba's ``max``, and the blocks, the
skipped whitespace and the HMM's runs are split by jieba's own expressions. The tests
compare the two on news text. The cutter reads the tokenizer's table as it is, but
its total count when it is built: build it after the last word is added.
"""

from __future__ import annotations

import threading
from functools import cache, lru_cache
from math import log
from typing import Any

from reader.entities.lexicon import lexicon


class FastCut:
    """A jieba tokenizer's accurate cut with the HMM, from a snapshot of its table."""

    def __init__(self, tokenizer: Any) -> None:
        import jieba

        tokenizer.check_initialized()
        #: word or prefix of a word → its count (0 for a prefix only), shared with jieba.
        self.frequencies: dict[str, int] = tokenizer.FREQ
        self.log_total = log(tokenizer.total)
        self._blocks = jieba.re_han_default
        self._skip = jieba.re_skip_default

    def cut(self, text: str) -> list[str]:
        """``list(tokenizer.cut(text, HMM=True))``, faster."""
        words: list[str] = []
        han, skip = self._blocks, self._skip
        for block in han.split(text):
            if not block:
                continue
            if han.match(block):
                self._cut_block(block, words)
            else:
                for piece in skip.split(block):
                    if skip.match(piece):
                        words.append(piece)
                    else:
                        words.extend(piece)
        return words

    def _route(self, block: str) -> list[int]:
        """For each position, the end of the word jieba's best route takes from there:
        jieba's ``get_DAG`` and ``calc`` in one pass from the right."""
        frequencies = self.frequencies
        log_total = self.log_total
        size = len(block)
        best = [0.0] * (size + 1)
        ends = [0] * (size + 1)
        for start in range(size - 1, -1, -1):
            top = -1.0e308
            end = -1
            stop = start + 1
            count = frequencies.get(block[start])
            while count is not None:  # the fragment is a word or a word's prefix
                if count:
                    score = log(count) - log_total + best[stop]
                    if score >= top:  # equal scores: the longer word, as max() picks
                        top, end = score, stop
                if stop >= size:
                    break
                stop += 1
                count = frequencies.get(block[start:stop])
            if end < 0:  # no word starts here: the character alone, counted once
                top = log(frequencies.get(block[start]) or 1) - log_total + best[start + 1]
                end = start + 1
            best[start] = top
            ends[start] = end
        return ends

    def _cut_block(self, block: str, words: list[str]) -> None:
        ends = self._route(block)
        frequencies = self.frequencies
        size = len(block)
        position = 0
        run_start = -1
        while position < size:
            end = ends[position]
            if end - position == 1:
                if run_start < 0:
                    run_start = position
            else:
                if run_start >= 0:
                    _flush(block[run_start:position], frequencies, words)
                    run_start = -1
                words.append(block[position:end])
            position = end
        if run_start >= 0:
            _flush(block[run_start:size], frequencies, words)


def _flush(run: str, frequencies: dict[str, int], words: list[str]) -> None:
    """A run of single characters: the HMM's words for it unless jieba knows it whole."""
    if len(run) == 1:
        words.append(run)
    elif not frequencies.get(run):
        words.extend(_hmm_words(run))
    else:
        words.extend(run)


@lru_cache(maxsize=65536)
def _hmm_words(run: str) -> tuple[str, ...]:
    """jieba's HMM cut of a run of characters it does not know as one word
    (``jieba.finalseg.cut``, with its Viterbi computed by :func:`_hmm_states`)."""
    from jieba import finalseg

    words: list[str] = []
    han, skip = finalseg.re_han, finalseg.re_skip
    for block in han.split(run):
        if han.match(block):
            for word in _hmm_block(block):
                if word in finalseg.Force_Split_Words:
                    words.extend(word)
                else:
                    words.append(word)
        else:
            words.extend(piece for piece in skip.split(block) if piece)
    return tuple(words)


def _hmm_block(block: str) -> list[str]:
    """Words of a run of Han characters from the HMM's states (finalseg's ``__cut``)."""
    states = _hmm_states(block)
    words = []
    begin = following = 0
    for index, state in enumerate(states):
        if state == "B":
            begin = index
        elif state == "E":
            words.append(block[begin : index + 1])
            following = index + 1
        elif state == "S":
            words.append(block[index])
            following = index + 1
    if following < len(block):
        words.append(block[following:])
    return words


@cache
def _hmm_model() -> tuple[Any, ...]:
    from jieba import finalseg

    emit, trans, start = finalseg.emit_P, finalseg.trans_P, finalseg.start_P
    low = finalseg.MIN_FLOAT

    def move(before: str, after: str) -> float:
        return float(trans[before].get(after, low))

    return (
        low,
        tuple(start[state] for state in "BMES"),
        tuple(emit[state] for state in "BMES"),
        (move("E", "B"), move("S", "B"), move("M", "M"), move("B", "M")),
        (move("S", "S"), move("E", "S"), move("B", "E"), move("M", "E")),
    )


def _hmm_states(block: str) -> str:
    """jieba's ``finalseg.viterbi(block, "BMES", ...)`` path, unrolled: each state has
    two possible predecessors (B after E or S, M after M or B, S after S or E, E after
    B or M). The sums are jieba's, in its order, and a tie goes where jieba's ``max``
    over (score, state) sends it: to the later letter (S over E, M over B)."""
    low, start, emit, (eb, sb, mm, bm), (ss, es, be, me) = _hmm_model()
    emit_b, emit_m, emit_e, emit_s = emit
    first = block[0]
    b = start[0] + emit_b.get(first, low)
    m = start[1] + emit_m.get(first, low)
    e = start[2] + emit_e.get(first, low)
    s = start[3] + emit_s.get(first, low)
    back: list[tuple[str, str, str, str]] = []
    for char in block[1:]:
        weight = emit_b.get(char, low)
        from_e, from_s = e + eb + weight, s + sb + weight
        new_b, to_b = (from_s, "S") if from_s >= from_e else (from_e, "E")
        weight = emit_m.get(char, low)
        from_m, from_b = m + mm + weight, b + bm + weight
        new_m, to_m = (from_m, "M") if from_m >= from_b else (from_b, "B")
        weight = emit_s.get(char, low)
        from_s, from_e = s + ss + weight, e + es + weight
        new_s, to_s = (from_s, "S") if from_s >= from_e else (from_e, "E")
        weight = emit_e.get(char, low)
        from_b, from_m = b + be + weight, m + me + weight
        new_e, to_e = (from_m, "M") if from_m >= from_b else (from_b, "B")
        b, m, s, e = new_b, new_m, new_s, new_e
        back.append((to_b, to_m, to_e, to_s))
    state = "S" if s >= e else "E"
    path = [state]
    for choices in reversed(back):
        state = choices["BMES".index(state)]
        path.append(state)
    return "".join(reversed(path))


_lock = threading.Lock()


@cache
def entity_tokenizer() -> Any:
    """A jieba tokenizer with the shipped names added, sharing nothing mutable.

    It starts from a copy of the shared tokenizer's frequency table (no second load
    from disk) so adding names never changes how :mod:`reader.segmentation` cuts words
    for the rest of the program.
    """
    import jieba

    from reader.segmentation import tokenizer

    base = tokenizer()
    with _lock:
        own = jieba.Tokenizer(base.dictionary)
        own.FREQ = dict(base.FREQ)
        own.total = base.total
        own.initialized = True
        for word, tag in lexicon().han_words.items():
            own.add_word(word, None, tag)
    return own


@cache
def entity_cutter() -> FastCut:
    """The entity tokenizer's cut, computed faster (see :class:`FastCut`)."""
    return FastCut(entity_tokenizer())
