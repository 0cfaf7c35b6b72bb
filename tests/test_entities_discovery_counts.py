"""Discovery's level-wise n-gram counts (reader.entities.discovery._count) against a
direct count, on the gold story corpora: counting streams the texts twice a level and
keeps packed positions, so what it counts is checked against the definition."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from reader.entities.discovery import _SEPARATOR, _count, _Units
from reader.folding import fold_text

GOLD = Path(__file__).resolve().parent / "gold"


def direct_count(
    docs: list[str], longest: int, min_texts: int
) -> tuple[list[dict[str, int]], dict[str, int]]:
    """The definition: an n-gram is counted where it has no separator and both its
    (n-1)-grams are frequent (in at least ``min_texts`` texts) at their level."""
    chars = Counter(ch for doc in docs for ch in doc if ch != _SEPARATOR)
    counts: list[dict[str, int]] = [{}, dict(chars)]
    in_texts: dict[str, int] = {}
    for size in range(2, longest + 1):
        below = counts[size - 1] if size > 2 else chars
        frequent_below = {g for g in below if size == 2 or g in in_texts}
        occurrences: Counter[str] = Counter()
        texts: Counter[str] = Counter()
        for doc in docs:
            grams = [
                doc[i : i + size]
                for i in range(len(doc) - size + 1)
                if _SEPARATOR not in doc[i : i + size]
                and doc[i : i + size - 1] in frequent_below
                and doc[i + 1 : i + size] in frequent_below
            ]
            occurrences.update(grams)
            texts.update(set(grams))
        frequent = {gram for gram, n in texts.items() if n >= min_texts}
        in_texts.update({gram: texts[gram] for gram in frequent})
        counts.append({gram: n for gram, n in occurrences.items() if gram in frequent})
        if not frequent:
            break
    return counts, in_texts


@pytest.mark.parametrize("story", sorted(p.name for p in GOLD.iterdir() if p.is_dir()))
def test_level_wise_counts_are_the_direct_counts(story: str) -> None:
    units = _Units()
    docs = sorted(
        {
            units.encode(fold_text(p.read_text(encoding="utf-8")))
            for p in (GOLD / story).glob("*.txt")
        }
    )
    assert len(docs) >= 4
    counted, in_texts = _count(docs, 9, 2)
    expected, expected_texts = direct_count(docs, 9, 2)
    assert counted == expected
    assert in_texts == expected_texts
    assert len(counted) > 4  # names of several characters recur in these stories
