"""Aligning a phrase-level conversion with its source, phrase by phrase.

OpenCC converts a text segment by segment (its maximum-match segmentation), so the
output is the concatenation of the segments' conversions, and configurations such as
s2twp replace whole words: 算法 → 演算法, 服务器 → 伺服器, 互联网 → 網際網路. Python's
OpenCC binding exposes the conversion only, so the segmentation is recovered from it:
a cut at source offset ``p`` inside a window ``[left, right)`` is *clean* when
converting ``source[left:p]`` and ``source[p:right]`` apart gives exactly the window's
converted text. Clean cuts relate source offsets to converted offsets exactly; the
piece between two neighbouring clean cuts is one phrase as OpenCC converted it.

Only where source and converted text fail to correspond character for character is
any cut tried, and each try converts only the window between the nearest clean cuts
already known, so the work stays near the phrases that changed.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

#: ``(source_start, source_end, target_start, target_end)``
Span = tuple[int, int, int, int]

_CLAUSE_ENDS = "\n。！？；，、,;!?"
_CLAUSE = re.compile(f"[^{_CLAUSE_ENDS}]*[{_CLAUSE_ENDS}]?")
_LINE = re.compile(r"[^\n]*\n?")


@dataclass(frozen=True)
class PhraseAlignment:
    """A source text, its conversion, and what is needed to align them.

    The folds are both texts in simplified script, each of its text's length (so
    offsets are shared), computed once for the whole text.
    """

    source: str
    target: str
    convert: Callable[[str], str]
    folded_source: str
    folded_target: str

    def spans(self) -> list[Span]:
        """The pieces that do not map character for character, sorted, each whole to
        whole: every replaced phrase and nothing else."""
        if self.corresponds(0, len(self.source), 0, len(self.target)):
            return []
        differing = self._differing_clauses()
        if differing is None:
            differing = [unit for unit in self._units() if not self.corresponds(*unit)]
        return [span for unit in differing for span in self._phrases(*unit)]

    def _converts_to(self, a0: int, a1: int, b0: int, b1: int) -> bool:
        return self.convert(self.source[a0:a1]) == self.target[b0:b1]

    def _differing_clauses(self) -> list[Span] | None:
        """The clauses where source and target stop corresponding, each beside its
        conversion, or None if one of them does not convert on its own to its part.

        Source and target are walked together: the folds agree up to a first
        difference, the clause around it is taken in both (clause punctuation survives
        conversion), checked by converting that clause alone, and the walk goes on
        after it. Nothing is converted where the texts correspond.
        """
        source, target = self.folded_source, self.folded_target
        clauses: list[Span] = []
        i = j = 0
        while True:
            same = _common_prefix_length(source, target, i, j)
            if i + same == len(source) and j + same == len(target):
                return clauses
            start = _clause_start(self.source, i, i + same)
            target_start = j + (start - i)
            end = _clause_end(self.source, i + same)
            target_end = _clause_end(self.target, j + same)
            if not self._converts_to(start, end, target_start, target_end):
                return None
            clauses.append((start, end, target_start, target_end))
            i, j = end, target_end

    def corresponds(self, a0: int, a1: int, b0: int, b1: int) -> bool:
        """Whether each character of ``target[b0:b1]`` is a conversion of the one at its
        position in ``source[a0:a1]``: both fold to the same simplified character (发 and
        髮, as in 头发 → 頭髮). 服 is no conversion of 务: 服务器 → 伺服器 does not
        correspond."""
        return a1 - a0 == b1 - b0 and self.folded_source[a0:a1] == self.folded_target[b0:b1]

    def _units(self) -> list[Span]:
        """Clauses (or failing that lines, or failing that the whole text) that convert
        on their own to exactly their part of the target.

        OpenCC's phrases do not cross clause punctuation in practice; that is checked
        here, not assumed, by converting piece by piece and comparing with the whole.
        """
        for pattern in (_CLAUSE, _LINE):
            pieces = [match.span() for match in pattern.finditer(self.source) if match.group()]
            converted = [self.convert(self.source[start:end]) for start, end in pieces]
            if "".join(converted) == self.target:
                units: list[Span] = []
                target_offset = 0
                for (start, end), text in zip(pieces, converted, strict=True):
                    units.append((start, end, target_offset, target_offset + len(text)))
                    target_offset += len(text)
                return units
        return [(0, len(self.source), 0, len(self.target))]

    def _phrases(self, a0: int, a1: int, b0: int, b1: int) -> list[Span]:
        """The non-corresponding phrases of one unit, found between clean cuts."""
        cuts: dict[int, int | None] = {a0: b0, a1: b1}

        def clean(position: int) -> int | None:
            if position not in cuts:
                left = max(cut for cut, at in cuts.items() if at is not None and cut < position)
                right = min(cut for cut, at in cuts.items() if at is not None and cut > position)
                left_at, right_at = cuts[left], cuts[right]
                assert left_at is not None and right_at is not None
                head = self.convert(self.source[left:position])
                at = left_at + len(head)
                whole = (
                    at <= right_at
                    and self.target.startswith(head, left_at)
                    and self.convert(self.source[position:right]) == self.target[at:right_at]
                )
                cuts[position] = at if whole else None
            return cuts[position]

        for r0, r1 in self._regions(a0, a1, b0, b1):
            first, last = max(r0 - 1, a0), min(r1 + 1, a1)
            while clean(first) is None:
                first -= 1
            while clean(last) is None:
                last += 1
            for position in range(first + 1, last):
                clean(position)
        spans: list[Span] = []
        known = sorted((cut, at) for cut, at in cuts.items() if at is not None)
        for (start, start_at), (end, end_at) in itertools.pairwise(known):
            one_to_one = end - start == 1 == end_at - start_at
            if not one_to_one and not self.corresponds(start, end, start_at, end_at):
                spans.append((start, end, start_at, end_at))
        return spans

    def _regions(self, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int]]:
        """Source ranges of a unit where the target does not correspond to it: the unit
        less its corresponding ends, split where a long middle matches by folds."""
        folded_source, folded_target = self.folded_source, self.folded_target
        while a0 < a1 and b0 < b1 and folded_source[a0] == folded_target[b0]:
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and folded_source[a1 - 1] == folded_target[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
        if max(a1 - a0, b1 - b0) <= _SHORT_MIDDLE:
            return [(a0, a1)]
        matcher = difflib.SequenceMatcher(
            None, folded_source[a0:a1], folded_target[b0:b1], autojunk=False
        )
        return [
            (a0 + s0, a0 + s1)
            for tag, s0, s1, t0, t1 in matcher.get_opcodes()
            if tag != "equal" and not self.corresponds(a0 + s0, a0 + s1, b0 + t0, b0 + t1)
        ]


#: A middle this short is tried cut by cut rather than split by matching first.
_SHORT_MIDDLE = 8


def _common_prefix_length(a: str, b: str, i: int, j: int) -> int:
    """The length of the common prefix of ``a[i:]`` and ``b[j:]``, found by comparing
    slices of doubling size, then halving into the first unequal one."""
    limit = min(len(a) - i, len(b) - j)
    done, step = 0, 64
    while done < limit:
        size = min(step, limit - done)
        if a[i + done : i + done + size] == b[j + done : j + done + size]:
            done += size
            step *= 2
            continue
        low, high = done, done + size  # equal up to low; unequal somewhere before high
        while high - low > 1:
            middle = (low + high) // 2
            if a[i + low : i + middle] == b[j + low : j + middle]:
                low = middle
            else:
                high = middle
        return low
    return limit


def _clause_start(text: str, floor: int, position: int) -> int:
    """Where the clause holding ``position`` starts (not before ``floor``)."""
    found = max(text.rfind(mark, floor, position) for mark in _CLAUSE_ENDS)
    return floor if found < 0 else found + 1


def _clause_end(text: str, position: int) -> int:
    """Where the clause holding ``position`` ends (after its punctuation)."""
    window = 256
    while True:
        stop = min(position + window, len(text))
        ends = [at for mark in _CLAUSE_ENDS if (at := text.find(mark, position, stop)) >= 0]
        if ends:
            return min(ends) + 1
        if stop == len(text):
            return len(text)
        window *= 4
