"""Anchors for annotations, and finding them again in a new version of a text.

An anchor follows the W3C Web Annotation model: a TextPositionSelector (``start``,
``end`` in code points) plus a TextQuoteSelector (``exact`` with up to 32 characters
of ``prefix`` and ``suffix``), both against one immutable article version.

When an article changes, every anchor is looked for in the new text, most certain
evidence first, and the product rule decides every tie: an annotation must never land
on the wrong words, so when the evidence cannot tell two places apart the anchor is
orphaned (kept, listable, re-attachable by hand) rather than guessed.

1. The old position still holds the quote with the very same context: kept.
2. Exact occurrences of the quote, ranked by how well their surroundings match the
   stored prefix and suffix (edit distance): the single best one wins; a tie is broken
   only by the old position itself, never by mere nearness, else the anchor is
   orphaned. A short quote also needs its context to vouch for it, so a common word
   that vanished from its sentence does not jump to the same word elsewhere.
3. A fuzzy match near where the diff between the versions says the quote went, using
   diff-match-patch's Bitap matcher (``match_main``). Bitap is the well-tested
   fuzzy-substring search the rest of the web-annotation world uses (Hypothesis
   anchors the same way), it scores errors and distance from the expected spot
   together, and the package is a project dependency already. Its patterns are
   limited to 32 characters, so a longer quote is matched by its head (giving the
   start) and its reversed tail in the reversed text (giving the end) and the span in
   between is checked. A candidate is scored on the quote, the prefix, the suffix and
   closeness, and must clear thresholds that tighten as the quote gets shorter.
4. Otherwise: orphaned.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from diff_match_patch import diff_match_patch

#: Characters of context kept on each side of a quote (TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32
#: Bitap works on patterns of at most this many characters.
BITAP_MAX = 32
#: How far (characters) from the expected spot a fuzzy match costs a whole point.
MATCH_DISTANCE = 1000
#: A quote at least this long is distinctive enough to move without its context.
DISTINCTIVE_LENGTH = 16
#: Without a distinctive quote, a candidate's context must be at least this similar.
MIN_CONTEXT_SIMILARITY = 0.5
#: Two fuzzy candidates whose quote-and-context scores are this close are a tie.
TIE_MARGIN = 0.02
#: Give up refining the version-to-version diff after this many seconds.
DIFF_TIMEOUT = 0.5

_QUOTE_WEIGHT = 0.55
_PREFIX_WEIGHT = 0.2
_SUFFIX_WEIGHT = 0.2
_CLOSENESS_WEIGHT = 0.05


class AnchorStatus(enum.StrEnum):
    """Where an annotation stands against its article's current text."""

    ANCHORED = "anchored"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"


class Outcome(enum.StrEnum):
    """What re-anchoring did to one anchor."""

    KEPT = "kept"
    MOVED = "moved"
    FUZZY = "fuzzy"
    ORPHANED = "orphaned"

    @property
    def status(self) -> AnchorStatus:
        if self is Outcome.FUZZY:
            return AnchorStatus.FUZZY
        if self is Outcome.ORPHANED:
            return AnchorStatus.ORPHANED
        return AnchorStatus.ANCHORED


@dataclass(frozen=True)
class Selector:
    """A position and quote selector pair against one text."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Reanchored:
    """The result for one anchor: the new selector, or the old one for an orphan."""

    outcome: Outcome
    selector: Selector


def select(text: str, start: int, end: int) -> Selector:
    """The selector for ``text[start:end]``; ``ValueError`` for an empty or outside range."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"range {start}-{end} is not a non-empty range within 0-{len(text)}")
    return Selector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - CONTEXT_CHARS) : start],
        suffix=text[end : end + CONTEXT_CHARS],
    )


def reanchor(selector: Selector, text: str, *, expected_start: int | None = None) -> Reanchored:
    """Find ``selector`` in ``text``; ``expected_start`` is where it probably went
    (from a diff of the versions), defaulting to its old start."""
    expected = selector.start if expected_start is None else expected_start
    return _Finder(text).find(selector, expected)


def reanchor_all(selectors: Sequence[Selector], old_text: str, new_text: str) -> list[Reanchored]:
    """Re-anchor many selectors made against ``old_text`` in ``new_text``.

    The versions are diffed once, so each anchor's expected spot is where its old
    start went, which keeps fuzzy matching honest after large insertions or cuts.
    """
    finder = _Finder(new_text)
    if old_text == new_text:
        return [finder.find(selector, selector.start) for selector in selectors]
    dmp = _matcher()
    diffs = dmp.diff_main(old_text, new_text)
    return [finder.find(s, dmp.diff_xIndex(diffs, s.start)) for s in selectors]


def min_quote_similarity(length: int) -> float:
    """The quote similarity a fuzzy match needs: all of it up to 4 characters, then
    easing towards 0.6 (a 10-character quote may have 2 errors, a 32-character one 11)."""
    return 0.6 + 1.6 / max(length, 4)


def min_score(length: int) -> float:
    """The combined score a fuzzy match needs, tightening for short quotes likewise."""
    return 0.6 + 1.2 / max(length, 4)


def _matcher() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = DIFF_TIMEOUT
    dmp.Match_Distance = MATCH_DISTANCE
    return dmp


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    quote: float  # similarity of the span to the stored quote, 0..1
    context: float  # similarity of the surroundings to the stored prefix and suffix
    distance: int  # edit distance of the surroundings, for ranking exact matches
    score: float  # quote, prefix, suffix and closeness combined


class _Finder:
    """One target text, prepared once for many anchors."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.dmp = _matcher()

    @cached_property
    def reversed_text(self) -> str:
        return self.text[::-1]

    def find(self, selector: Selector, expected: int) -> Reanchored:
        decided = _Occurrences(self, selector).choose()
        if decided is not None:
            return decided
        fuzzy = self._fuzzy(selector, expected)
        if fuzzy is None:
            return Reanchored(Outcome.ORPHANED, selector)
        return Reanchored(Outcome.FUZZY, self._select(fuzzy))

    def _select(self, candidate: _Candidate) -> Selector:
        return select(self.text, candidate.start, candidate.end)

    # -- scoring ---------------------------------------------------------------------

    def similarity(self, a: str, b: str) -> tuple[float, int]:
        """Similarity in 0..1 and edit distance of two short strings."""
        if a == b:
            return 1.0, 0
        distance = self.dmp.diff_levenshtein(self.dmp.diff_main(a, b, False))
        return 1.0 - distance / max(len(a), len(b)), distance

    def score(
        self, selector: Selector, start: int, end: int, expected: int, text: str | None = None
    ) -> _Candidate:
        text = self.text if text is None else text
        quote, _ = self.similarity(selector.exact, text[start:end])
        parts: list[tuple[float, float]] = []
        distance = 0
        if selector.prefix:
            before = text[max(0, start - len(selector.prefix)) : start]
            similarity, cost = self.similarity(selector.prefix, before)
            parts.append((_PREFIX_WEIGHT, similarity))
            distance += cost
        if selector.suffix:
            similarity, cost = self.similarity(
                selector.suffix, text[end : end + len(selector.suffix)]
            )
            parts.append((_SUFFIX_WEIGHT, similarity))
            distance += cost
        context_weight = sum(weight for weight, _ in parts)
        context = sum(w * s for w, s in parts) / context_weight if parts else 1.0
        closeness = max(0.0, 1.0 - abs(start - expected) / MATCH_DISTANCE)
        score = (
            _QUOTE_WEIGHT * quote
            + (_PREFIX_WEIGHT + _SUFFIX_WEIGHT) * context
            + _CLOSENESS_WEIGHT * closeness
        )
        return _Candidate(start, end, quote, context, distance, score)

    @staticmethod
    def vouched(selector: Selector, candidate: _Candidate) -> bool:
        """A long quote speaks for itself; a short one needs its context to agree."""
        return (
            len(selector.exact) >= DISTINCTIVE_LENGTH or candidate.context >= MIN_CONTEXT_SIMILARITY
        )

    # -- fuzzy -----------------------------------------------------------------------

    def _fuzzy(self, selector: Selector, expected: int) -> _Candidate | None:
        length = len(selector.exact)
        if length < 4:  # min_quote_similarity demands an exact match, already ruled out
            return None
        best = self._fuzzy_in(selector, expected, self.text, self.reversed_text)
        if best is None:
            return None
        # Never pick the nearer of two equally good places: look for a rival elsewhere.
        blank = "\x00" * (best.end - best.start)
        masked = self.text[: best.start] + blank + self.text[best.end :]
        rival = self._fuzzy_in(selector, expected, masked, masked[::-1])
        if rival is not None and _merit(rival) >= _merit(best) - TIE_MARGIN:
            return None
        return best

    def _fuzzy_in(
        self, selector: Selector, expected: int, text: str, reversed_text: str
    ) -> _Candidate | None:
        exact = selector.exact
        length = len(exact)
        self.dmp.Match_Threshold = (1.0 - min_quote_similarity(min(length, BITAP_MAX))) + 0.25
        head = exact[:BITAP_MAX]
        start = self.dmp.match_main(text, head, expected)
        if start < 0:
            return None
        tail = exact[-BITAP_MAX:][::-1]
        reversed_start = self.dmp.match_main(reversed_text, tail, len(text) - (start + length))
        if reversed_start < 0:
            return None
        end = len(text) - reversed_start
        if not start < end or abs((end - start) - length) > max(2, length // 2):
            return None
        candidate = self.score(selector, start, end, expected, text)
        if (
            candidate.quote < min_quote_similarity(length)
            or candidate.score < min_score(length)
            or not self.vouched(selector, candidate)
        ):
            return None
        return candidate


def _merit(candidate: _Candidate) -> float:
    """A candidate's score without closeness: what makes it right rather than near."""
    return _QUOTE_WEIGHT * candidate.quote + (_PREFIX_WEIGHT + _SUFFIX_WEIGHT) * candidate.context


class _Occurrences:
    """The exact occurrences of a quote in the target, and the choice between them."""

    def __init__(self, finder: _Finder, selector: Selector) -> None:
        self.finder = finder
        self.selector = selector
        text, exact = finder.text, selector.exact
        starts: list[int] = []
        position = text.find(exact)
        while position != -1:
            starts.append(position)
            position = text.find(exact, position + 1)
        self.starts = starts

    def choose(self) -> Reanchored | None:
        """Kept or moved to the best exact match, orphaned on a tie, None to go fuzzy."""
        if not self.starts:
            return None
        selector = self.selector
        identical = [s for s in self.starts if self._same_context(s)]
        if identical:
            candidates = [self._score(s) for s in identical]
        else:
            scored = [self._score(s) for s in self.starts]
            candidates = [c for c in scored if self.finder.vouched(selector, c)]
            if not candidates:
                return None
        best = min(c.distance for c in candidates)
        tied = [c for c in candidates if c.distance == best]
        if len(tied) > 1:
            # Only the old position itself may break a tie; nearness never does.
            tied = [c for c in tied if c.start == selector.start]
            if not tied:
                return Reanchored(Outcome.ORPHANED, selector)
        chosen = tied[0]
        outcome = Outcome.KEPT if chosen.start == selector.start else Outcome.MOVED
        return Reanchored(outcome, select(self.finder.text, chosen.start, chosen.end))

    def _same_context(self, start: int) -> bool:
        text, selector = self.finder.text, self.selector
        end = start + len(selector.exact)
        return (
            text[max(0, start - len(selector.prefix)) : start] == selector.prefix
            and text[end : end + len(selector.suffix)] == selector.suffix
        )

    def _score(self, start: int) -> _Candidate:
        end = start + len(self.selector.exact)
        return self.finder.score(self.selector, start, end, self.selector.start)
