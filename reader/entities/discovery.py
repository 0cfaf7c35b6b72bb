"""Names a corpus is about, found from the corpus itself: unsupervised new-word discovery.

A story's own names (an estate, its blocks, a district, the officials and departments
involved) are mostly unknown to jieba and to the shipped lists, and the sentence-level
extractor finds them only where their context gives them away. Across a corpus they
stand out by statistics alone: a name is a string that recurs in many texts, whose
characters belong together (high mutual information at every split) and whose
neighbours vary (high left and right branching entropy), while a fragment of a name
(林敏 of 林敏娴) is nearly always followed by the same character.

Statistics alone also pick up ordinary phrases, so a candidate becomes a name only
with a cue from its shape or context (:mod:`reader.entities.cues`): it ends in a word
that says it is an organisation or a place (…局, …醫院, …苑, …閣), or it is a surname
with one or two characters that people-words surround (表示, 特首…); a candidate with
no cue needs strong evidence (widespread, free on both sides, unknown to jieba as an
ordinary word, written in a place's context). Fragments of accepted names, names glued
to the end of another (苑 + 宏泰閣) and runs of two places (estate + block) are not
names: the longest true name wins. Pieces of longer phrases (a string cut inside a word,
a category word heading longer names, a given name) are told apart in
:mod:`reader.entities.pieces`.

Everything is counted on the simplified fold, so both scripts count together, and
identical folds count once, so a copy of an article in the other script changes nothing.
Counting is level-wise (an n-gram is counted only where both its (n-1)-grams recur), so
a corpus of a few thousand articles takes seconds.
"""

from __future__ import annotations

import itertools
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from reader.entities.contractions import contractions
from reader.entities.cues import (
    TITLES,
    UNITS,
    Cue,
    CueContext,
    classify,
    is_name_shape,
    suffix_char,
)
from reader.entities.generic import common_nouns, dictionary_noun
from reader.entities.kinds import EntityKind
from reader.entities.pieces import person_piece, piece
from reader.entities.prefix_places import prefix_places
from reader.entities.quoted import quoted_products

#: Longest candidate, in characters (a Latin word counts as one).
MAX_NAME = 8
#: Counted beyond the longest candidate: its neighbours. (The words around a person
#: or a place, 特首 + 罗家俊 + 表示, fit in that length for names shorter than it.)
CONTEXT = 1
#: A candidate must recur in at least this many distinct texts, and in this share of
#: a large corpus (a name in 2 of 2,000 texts is not what the corpus is about).
MIN_TEXTS = 2
MIN_SHARE = 0.003
#: Lowest pointwise mutual information (natural log) at a candidate's weakest split.
MIN_COHESION = 1.0
#: A name with no cue must be this cohesive, this free on both sides, and in this
#: share of the texts (and at least STRONG_TEXTS of them).
STRONG_COHESION = 3.0
STRONG_ENTROPY = 1.5
STRONG_SHARE = 0.2
STRONG_TEXTS = 4
#: A candidate found inside longer accepted names this share of the times is a fragment.
FRAGMENT_SHARE = 0.8
#: A name with one character glued before it is written at most this share of the
#: times the name is.
GLUE_SHARE = 0.5
#: Lowest branching entropy on either side of a name with a cue.
MIN_ENTROPY = 0.3
#: A title before a person (组长 + 梁国华) is a boundary like a separator: a person
#: quoted only in one role is no less a name.
TITLE_ENDS = frozenset(title[-1] for title in TITLES)

#: The cue of a contraction, followed by the office it stands for (廉署: 廉政公署).
ABBREVIATION = "abbreviation:"

_LATIN_WORD = re.compile(r"[a-z]{2,}")
_NOT_UNIT = re.compile(r"[^\u3400-\u9fff\ue000-\uf8ff]+")
_PRIVATE = 0xE000
_SEPARATOR = "\n"


@dataclass(frozen=True)
class Name:
    """A discovered name, in folded form."""

    name: str
    kind: EntityKind
    #: Distinct texts (by fold) writing it.
    texts: int
    #: What made it a name: ``organisation``/``place`` (suffix), ``person``,
    #: ``place-context`` or ``statistics``.
    cue: str


@dataclass(frozen=True)
class Discovery:
    """What discovery concluded about a corpus."""

    #: Accepted names by folded form.
    names: dict[str, Name]
    #: Recurring strings that are fragments of accepted names or glued to them
    #: (林敏 of 林敏娴, 苑宏泰阁): never a name of their own.
    rejected: frozenset[str]


class _Units:
    """Texts as strings of units: a Han character, or one private-use character per
    distinct Latin word, with a separator wherever a name cannot run on."""

    def __init__(self) -> None:
        self.words: dict[str, str] = {}
        self.back: dict[str, str] = {}

    def encode(self, folded: str) -> str:
        def word(match: re.Match[str]) -> str:
            found = self.words.get(match.group())
            if found is None and len(self.words) < 0x1900:
                found = chr(_PRIVATE + len(self.words))
                self.words[match.group()] = found
                self.back[found] = match.group()
            return found or _SEPARATOR

        return _NOT_UNIT.sub(_SEPARATOR, _LATIN_WORD.sub(word, folded))

    def decode(self, units: str) -> str:
        return "".join(self.back.get(unit, unit) for unit in units)


def _count(
    docs: list[str], longest: int, min_texts: int
) -> tuple[list[dict[str, int]], dict[str, int]]:
    """Occurrences of every n-gram (n = 1..longest) found in at least ``min_texts``
    texts, level by level (``counts[n][gram]``), and the texts writing each n-gram of
    two or more characters.

    Each level reads the texts twice (which grams recur, then where they are) rather
    than holding a string per position of every text in between: over discovery's 3 M
    characters that was 300 MB. Live positions are kept as packed arrays."""
    chars: Counter[str] = Counter()
    alive: list[array[int]] = []
    for doc in docs:
        chars.update(doc)
        alive.append(array("l", [i for i, ch in enumerate(doc) if ch != _SEPARATOR]))
    chars.pop(_SEPARATOR, None)
    counts: list[dict[str, int]] = [{}, dict(chars)]
    in_texts: dict[str, int] = {}
    for size in range(2, longest + 1):
        texts: Counter[str] = Counter()
        for doc, positions in zip(docs, alive, strict=True):
            # both (size-1)-grams recur: this position and the next are alive
            texts.update(
                {doc[a : a + size] for a, b in itertools.pairwise(positions) if b == a + 1}
            )
        frequent = {gram: n for gram, n in texts.items() if n >= min_texts}
        del texts
        in_texts.update(frequent)
        occurrences: Counter[str] = Counter()
        following: list[array[int]] = []
        for doc, positions in zip(docs, alive, strict=True):
            kept = array(
                "l",
                [
                    a
                    for a, b in itertools.pairwise(positions)
                    if b == a + 1 and doc[a : a + size] in frequent
                ],
            )
            occurrences.update(doc[i : i + size] for i in kept)
            following.append(kept)
        alive = following
        counts.append(dict(occurrences))
        if not frequent:
            break
    return counts, in_texts


def _entropy(neighbours: Counter[str], total: int, boundary: frozenset[str]) -> float:
    """Branching entropy of a side; neighbours not counted (rare, or the edge of a run)
    and those in ``boundary`` count as all different."""
    counted = sum(n for ch, n in neighbours.items() if ch not in boundary)
    free = max(total - counted, 0)
    entropy = 0.0
    for ch, n in neighbours.items():
        if ch not in boundary:
            p = n / total
            entropy -= p * math.log(p)
    if free:
        entropy += free / total * math.log(total)
    return entropy


class _Statistics:
    """Cohesion and boundary freedom of the grams of a counted corpus."""

    def __init__(self, counts: list[dict[str, int]], docs: list[str] | None = None) -> None:
        self.counts = counts
        self.total = sum(counts[1].values()) or 1
        self.left: dict[str, Counter[str]] = {}
        self.right: dict[str, Counter[str]] = {}
        self._joined = _SEPARATOR.join(docs or [])
        self._edges: dict[str, tuple[Counter[str], Counter[str], int]] = {}

    def edges(self, gram: str) -> tuple[Counter[str], Counter[str], int]:
        """Every character before and after the string, however rare, and how often it
        is written (counted neighbours leave out those too rare to recur: the 房 and
        地 of 房产经纪公司 and 地产经纪公司)."""
        found = self._edges.get(gram)
        if found is None:
            joined, left, right, times = self._joined, Counter[str](), Counter[str](), 0
            position = joined.find(gram)
            while position >= 0:
                times += 1
                left[joined[position - 1] if position else _SEPARATOR] += 1
                end = position + len(gram)
                right[joined[end] if end < len(joined) else _SEPARATOR] += 1
                position = joined.find(gram, position + 1)
            found = self._edges[gram] = (left, right, times)
        return found

    def count(self, gram: str) -> int:
        size = len(gram)
        return self.counts[size].get(gram, 0) if size < len(self.counts) else 0

    def neighbours(self, candidates: set[str]) -> None:
        for level in self.counts[3:]:
            for gram, n in level.items():
                if gram[1:] in candidates:
                    self.left.setdefault(gram[1:], Counter())[gram[0]] += n
                if gram[:-1] in candidates:
                    self.right.setdefault(gram[:-1], Counter())[gram[-1]] += n

    def cohesion(self, gram: str) -> float:
        whole = self.count(gram)
        return min(
            math.log(whole * self.total / (self.count(gram[:k]) * self.count(gram[k:])))
            for k in range(1, len(gram))
        )

    def entropies(
        self, gram: str, boundary: frozenset[str], after: frozenset[str] = frozenset()
    ) -> tuple[float, float]:
        total = self.count(gram)
        return (
            _entropy(self.left.get(gram, Counter()), total, boundary),
            _entropy(self.right.get(gram, Counter()), total, after),
        )


def discover(folded_texts: Iterable[str], min_texts: int = MIN_TEXTS) -> Discovery:
    """The names a corpus is about, from its folded texts (any number, any order)."""
    units = _Units()
    folded = list(folded_texts)
    docs = sorted({units.encode(text) for text in folded})
    if len(docs) < min_texts:
        return Discovery({}, frozenset())
    min_texts = max(min_texts, round(MIN_SHARE * len(docs)))
    counts, texts = _count(docs, MAX_NAME + CONTEXT, min_texts)
    stats = _Statistics(counts, docs)
    shaped = {
        gram
        for level in stats.counts[2 : MAX_NAME + 1]
        for gram in level
        if is_name_shape(units.decode(gram))
    }
    stats.neighbours(shaped)
    context = CueContext(lambda gram: stats.count(gram), units.decode)
    accepted: dict[str, tuple[Cue, int]] = {}
    cues = {gram: cue for gram in shaped if (cue := classify(gram, context)) is not None}
    places: frozenset[str] = frozenset()
    for boundary in (frozenset(), None):
        if boundary is None:
            # A name glued after another (宏福苑 + 宏泰阁) has that name's last
            # character before it nearly always: it counts as a boundary. A place
            # written after a place is a place of its own (宏福苑 + 光明阁); what is
            # written after an organisation may be a part of it (工商银行 + 信用卡中心).
            boundary = frozenset(
                gram[-1] for gram, (cue, _) in accepted.items() if cue.kind is not EntityKind.PERSON
            )
            places = frozenset(
                gram[-1] for gram, (cue, _) in accepted.items() if cue.kind is EntityKind.PLACE
            )
        for gram, cue in cues.items():
            count = texts[gram]
            if (
                gram not in accepted
                and _believed(gram, cue, stats, count, len(docs), boundary)
                and not piece(gram, cue, stats, units.decode, places)
            ):
                accepted[gram] = (cue, count)
    # a dictionary word the corpus counts (不少 + 上市公司) is a common noun, no name
    common = common_nouns(docs, [gram for gram in shaped if dictionary_noun(units.decode(gram))])
    names, rejected = _longest_win(
        {gram: found for gram, found in accepted.items() if gram not in common}, shaped, stats
    )
    rejected |= common
    found = {
        units.decode(gram): Name(units.decode(gram), cue.kind, count, cue.reason)
        for gram, (cue, count) in names.items()
    }
    products = quoted_products(folded)
    for name, count in products.items():
        found.setdefault(name, Name(name, EntityKind.PRODUCT, count, EntityKind.PRODUCT.value))
    offices = [name for name, n in found.items() if n.kind is EntityKind.ORGANISATION]
    places = prefix_places(folded, offices)
    for form, (office, count) in contractions(folded, offices).items():
        found.setdefault(form, Name(form, EntityKind.ORGANISATION, count, ABBREVIATION + office))
    for place, count in places.items():
        found.setdefault(place, Name(place, EntityKind.PLACE, count, EntityKind.PLACE.value))
    kept = {units.decode(gram) for gram in rejected} - set(products) - set(places)
    return Discovery(found, frozenset(kept))


def _believed(
    gram: str, cue: Cue, stats: _Statistics, texts: int, corpus: int, boundary: frozenset[str]
) -> bool:
    """Whether the statistics of a string with a cue make it a name."""
    cohesion = stats.cohesion(gram)
    if cohesion < MIN_COHESION:
        return False
    if cue.kind is EntityKind.PERSON:
        boundary = boundary | TITLE_ENDS
    # the head of an office written after it (卫生局 + 局长) ends it like a separator
    after = frozenset(gram[-1]) if gram[-1] + "长" in TITLES else frozenset()
    left, right = stats.entropies(gram, boundary, after)
    if cue.strong:
        return (
            texts >= max(STRONG_TEXTS, STRONG_SHARE * corpus)
            and cohesion >= STRONG_COHESION
            and min(left, right) >= STRONG_ENTROPY
        )
    return min(left, right) >= MIN_ENTROPY


def _longest_win(
    accepted: dict[str, tuple[Cue, int]], shaped: set[str], stats: _Statistics
) -> tuple[dict[str, tuple[Cue, int]], set[str]]:
    """Accepted names without their fragments, glued forms and runs of two places; and
    the recurring strings so rejected."""
    rejected: set[str] = set()
    places = {g for g, (cue, _) in accepted.items() if cue.kind is EntityKind.PLACE}
    kept: dict[str, tuple[Cue, int]] = {}
    for gram in sorted(accepted, key=lambda g: (len(g), g)):
        if _two_places(gram, places, stats) or _one_glued(gram, accepted, stats):
            rejected.add(gram)
            continue
        kept[gram] = accepted[gram]
    longer = sorted(kept, key=len, reverse=True)
    for gram in sorted(shaped, key=len):
        inside = sum(
            stats.count(outer) * outer.count(gram)
            for outer in longer
            if len(outer) > len(gram) and gram in outer
        )
        if (inside and inside >= FRAGMENT_SHARE * stats.count(gram)) or person_piece(
            gram, kept, stats
        ):
            rejected.add(gram)
            kept.pop(gram, None)
    for gram in shaped:
        if gram not in kept and gram not in rejected and _glued(gram, kept):
            rejected.add(gram)
    return kept, rejected


def _one_glued(gram: str, accepted: dict[str, tuple[Cue, int]], stats: _Statistics) -> bool:
    """Whether the name is another with the last character of the word before it
    glued on (调查 + 嘉晴苑 → 查嘉晴苑): the other is written far more often without
    it. An administrative unit before a name is part of it (省 + 水利厅)."""
    rest = gram[1:]
    return (
        rest in accepted
        and gram[0] not in UNITS
        and stats.count(gram) < GLUE_SHARE * stats.count(rest)
    )


def _two_places(gram: str, places: set[str], stats: _Statistics) -> bool:
    """Whether the name is two places written in one breath (estate + block), each
    also written on its own."""
    for cut in range(2, len(gram) - 1):
        head, tail = gram[:cut], gram[cut:]
        if head in places and tail in places:
            whole = stats.count(gram)
            return stats.count(head) > whole and stats.count(tail) > whole
    return False


def _glued(gram: str, names: dict[str, tuple[Cue, int]]) -> bool:
    """Whether ``gram`` is a name with one or two characters of a neighbouring name
    glued on (苑 + 宏泰阁, 宏福苑 + 宏)."""
    for extra in (1, 2):
        head, rest = gram[:extra], gram[extra:]
        if rest in names and (
            suffix_char(head[-1]) or any(n.endswith(head) and n != gram for n in names)
        ):
            return True
        rest, tail = gram[:-extra], gram[-extra:]
        if rest in names and any(n.startswith(tail) and n != gram for n in names):
            return True
    return False
