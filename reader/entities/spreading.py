"""Spreading a known name to every place it is written: the longest name wins.

A name is often found only where its context gives it away (特首张家明表示), and missed
or cut short elsewhere (jieba cuts 张家/明在). Once a name is known, from earlier in the
same article or from other articles of the corpus, every other place its folded form
appears is a mention too, and it replaces the fragments found there (张家 inside
张家明). It never cuts through a name found at that place, nor shortens one.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence


def placements(
    folded: str,
    names: Sequence[str],
    spans: Sequence[tuple[int, int]],
    may_replace: Callable[[str, int], bool] | None = None,
    may_trim: Callable[[str, int], bool] | None = None,
) -> Iterator[tuple[str, int, int, list[int]]]:
    """Where each of ``names`` (folded, longest first) can be added to the sorted,
    non-overlapping ``spans``: ``(name, start, end, indices of spans it replaces)``.
    ``may_replace(name, index)`` can forbid a name to replace a span it contains;
    ``may_trim(name, index)`` lets it replace a span that is the name with one or two
    characters glued on (但 + 龙溪水库, 张家明 + 汇), which the tagger sometimes takes in
    when jieba glued them.

    Placements are computed against ``spans`` as given and do not overlap each other:
    the caller applies them all, then removes the replaced spans.
    """
    starts = [start for start, _ in spans]
    claimed: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        position = folded.find(name)
        while position >= 0:
            end = position + len(name)
            inside = overlapping(spans, starts, position, end)
            contained = all(
                position <= spans[i][0]
                and spans[i][1] <= end
                and (may_replace is None or may_replace(name, i))
                for i in inside
            ) or _trims(spans, inside, position, end, name, may_trim)
            same = any(spans[i] == (position, end) for i in inside)
            free = not any(s < end and position < e for s, e in claimed)
            if contained and not same and free:
                claimed.append((position, end))
                yield name, position, end, inside
            position = folded.find(name, end if contained and not same else position + 1)


#: At most this many characters glued to a known name are trimmed off.
GLUED = 2


def _trims(
    spans: Sequence[tuple[int, int]],
    inside: list[int],
    start: int,
    end: int,
    name: str,
    may_trim: Callable[[str, int], bool] | None,
) -> bool:
    if may_trim is None or len(inside) != 1:
        return False
    outer_start, outer_end = spans[inside[0]]
    if not (outer_start <= start and end <= outer_end) or (outer_start, outer_end) == (start, end):
        return False
    if outer_start != start and outer_end != end:
        return False
    return (outer_end - outer_start) - (end - start) <= GLUED and may_trim(name, inside[0])


def overlapping(
    spans: Sequence[tuple[int, int]], starts: Sequence[int], start: int, end: int
) -> list[int]:
    """Indices of the sorted, non-overlapping ``spans`` (their ``starts``) that overlap
    ``[start, end)``, by bisection."""
    index = max(bisect_right(starts, start) - 1, 0)
    found = []
    while index < len(spans) and spans[index][0] < end:
        if spans[index][1] > start:
            found.append(index)
        index += 1
    return found


class NameIndex:
    """Names by their first two characters, to find which of many names a text writes
    in one pass over the text rather than one search per name."""

    def __init__(self, names: Iterable[str]) -> None:
        self.by_start: dict[str, list[str]] = {}
        for name in names:
            self.by_start.setdefault(name[:2], []).append(name)

    def present(self, folded: str) -> list[str]:
        """The names written somewhere in ``folded``."""
        starts = self.by_start
        found: set[str] = set()
        for index in range(len(folded) - 1):
            names = starts.get(folded[index : index + 2])
            if names is not None:
                found.update(name for name in names if folded.startswith(name, index))
        return sorted(found)
