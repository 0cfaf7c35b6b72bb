"""Anchors for annotations, and finding them again in a new version of a text.

An anchor follows the W3C Web Annotation model: a TextPositionSelector (``start``,
``end`` in code points) plus a TextQuoteSelector (``exact`` with up to 32 characters
of ``prefix`` and ``suffix``), both against one immutable article version.

When an article changes, every anchor is looked for in the new text, most certain
evidence first, and the product rule decides every tie: an annotation must never land
on the wrong words, so when the evidence cannot tell two places apart the anchor is
orphaned (kept, listable, re-attachable by hand) rather than guessed. Matching compares
folds (:mod:`reader.folding`: simplified, lower case, half width), so the same words
re-saved in the other script, with a variant character or in full-width letters are
still the same words; results are mapped back to the original text's offsets.

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
   limited to 32 characters, so the quote's head is matched for the start and its
   reversed tail, within the reach of a plausible span, for the end; the span in
   between is then checked. A candidate is scored on the quote, the prefix, the suffix and
   closeness, and must clear thresholds that tighten as the quote gets shorter.
4. Otherwise: orphaned.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from reader.folding import fold

#: Characters of context kept on each side of a quote (TextQuoteSelector prefix/suffix).
CONTEXT_CHARS = 32
#: Bitap works on patterns of at most this many characters.
BITAP_MAX = 32
#: How far (characters) from the expected spot a fuzzy match costs a whole point.
MATCH_DISTANCE = 1000
#: How far a fuzzy match may drift from where the diff says the quote went, as a
#: share of MATCH_DISTANCE (0.1: 100 characters at no error, less with errors).
DRIFT = 0.1
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
    finder = _Finder(text)
    expected = selector.start if expected_start is None else expected_start
    return finder.find(_Sought.of(selector, finder.to_fold(expected)))


def reanchor_all(selectors: Sequence[Selector], old_text: str, new_text: str) -> list[Reanchored]:
    """Re-anchor many selectors made against ``old_text`` in ``new_text``.

    The folds of the two versions are diffed once, so each anchor's expected spot is
    where its old start went, which keeps fuzzy matching honest after large insertions
    or cuts (and a version re-saved in the other script diffs as unchanged).
    """
    finder = _Finder(new_text)
    old = fold(old_text)
    dmp = _matcher()
    diffs = None if old.text == finder.fold else dmp.diff_main(old.text, finder.fold)
    results = []
    for selector in selectors:
        expected = old.offsets.to_target(selector.start)
        if diffs is not None:
            expected = dmp.diff_xIndex(diffs, expected)
        results.append(finder.find(_Sought.of(selector, expected)))
    return results


#: Characters from a position re-anchored to carry it to a new version (a clause).
CARRY_CHARS = 12


def carry_offsets(old_text: str, new_text: str, offsets: Sequence[int]) -> list[int]:
    """Where each position of ``old_text`` is in ``new_text``: a reading position or a
    cursor carried to a new version of the article. The passage starting there is
    re-anchored as an annotation would be; a position whose passage is gone keeps its
    offset, within the new text."""
    carried = [min(max(offset, 0), len(new_text)) for offset in offsets]
    chosen: list[tuple[int, Selector]] = []
    for index, offset in enumerate(offsets):
        start = min(max(offset, 0), len(old_text))
        end = min(len(old_text), start + CARRY_CHARS)
        if start < end:
            chosen.append((index, select(old_text, start, end)))
    found = reanchor_all([selector for _, selector in chosen], old_text, new_text)
    for (index, _), result in zip(chosen, found, strict=True):
        if result.outcome is not Outcome.ORPHANED:
            carried[index] = result.selector.start
    return carried


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
class _Sought:
    """A selector as it is looked for: quote and context folded (so script, case and
    width never matter) and the folded offset in the target where it probably is."""

    selector: Selector
    exact: str
    prefix: str
    suffix: str
    expected: int

    @classmethod
    def of(cls, selector: Selector, expected: int) -> _Sought:
        return cls(
            selector=selector,
            exact=fold(selector.exact).text,
            prefix=fold(selector.prefix).text,
            suffix=fold(selector.suffix).text,
            expected=expected,
        )

    @property
    def distinctive(self) -> bool:
        return len(self.exact) >= DISTINCTIVE_LENGTH


@dataclass(frozen=True)
class _Candidate:
    """A place in the target's fold, with how well it fits."""

    start: int
    end: int
    quote: float  # similarity of the span to the sought quote, 0..1
    context: float  # similarity of the surroundings to the sought prefix and suffix
    distance: int  # edit distance of the surroundings, for ranking exact matches
    score: float  # quote, prefix, suffix and closeness combined

    @property
    def merit(self) -> float:
        """The score without closeness: what makes a place right rather than near."""
        return _QUOTE_WEIGHT * self.quote + (_PREFIX_WEIGHT + _SUFFIX_WEIGHT) * self.context


class _Finder:
    """One target text and its fold, prepared once for many anchors.

    Matching runs on the fold; results are mapped back to the original text.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        folded = fold(text)
        self.fold = folded.text
        self.offsets = folded.offsets
        self.dmp = _matcher()

    def to_fold(self, position: int) -> int:
        return self.offsets.to_target(position)

    def to_source(self, candidate: _Candidate) -> tuple[int, int]:
        if self.offsets.is_identity:
            return candidate.start, candidate.end
        return self.offsets.range_to_source(candidate.start, candidate.end)

    def find(self, sought: _Sought) -> Reanchored:
        decided = self._exact(sought)
        if decided is not None:
            return decided
        fuzzy = self._fuzzy(sought)
        if fuzzy is None:
            return Reanchored(Outcome.ORPHANED, sought.selector)
        return Reanchored(Outcome.FUZZY, select(self.text, *self.to_source(fuzzy)))

    # -- scoring ---------------------------------------------------------------------

    def similarity(self, a: str, b: str) -> tuple[float, int]:
        """Similarity in 0..1 and edit distance of two short strings."""
        if a == b:
            return 1.0, 0
        distance = self.dmp.diff_levenshtein(self.dmp.diff_main(a, b, False))
        return 1.0 - distance / max(len(a), len(b)), distance

    def score(self, sought: _Sought, start: int, end: int, text: str) -> _Candidate:
        quote, _ = self.similarity(sought.exact, text[start:end])
        parts: list[tuple[float, float]] = []
        distance = 0
        if sought.prefix:
            before = text[max(0, start - len(sought.prefix)) : start]
            similarity, cost = self.similarity(sought.prefix, before)
            parts.append((_PREFIX_WEIGHT, similarity))
            distance += cost
        if sought.suffix:
            after = text[end : end + len(sought.suffix)]
            similarity, cost = self.similarity(sought.suffix, after)
            parts.append((_SUFFIX_WEIGHT, similarity))
            distance += cost
        context_weight = sum(weight for weight, _ in parts)
        context = sum(w * s for w, s in parts) / context_weight if parts else 1.0
        closeness = max(0.0, 1.0 - abs(start - sought.expected) / MATCH_DISTANCE)
        score = (
            _QUOTE_WEIGHT * quote
            + (_PREFIX_WEIGHT + _SUFFIX_WEIGHT) * context
            + _CLOSENESS_WEIGHT * closeness
        )
        return _Candidate(start, end, quote, context, distance, score)

    @staticmethod
    def vouched(sought: _Sought, candidate: _Candidate) -> bool:
        """A long quote speaks for itself; a short one needs its context to agree."""
        return sought.distinctive or candidate.context >= MIN_CONTEXT_SIMILARITY

    # -- exact -----------------------------------------------------------------------

    def _exact(self, sought: _Sought) -> Reanchored | None:
        """Kept or moved to the best exact match, orphaned on a tie, None to go fuzzy."""
        text, exact = self.fold, sought.exact
        starts: list[int] = []
        position = text.find(exact)
        while position != -1:
            starts.append(position)
            position = text.find(exact, position + 1)
        if not starts:
            return None
        identical = [s for s in starts if self._same_context(sought, s)]
        if identical:
            candidates = [self.score(sought, s, s + len(exact), text) for s in identical]
        else:
            scored = [self.score(sought, s, s + len(exact), text) for s in starts]
            candidates = [c for c in scored if self.vouched(sought, c)]
            if not candidates:
                return None
        best = min(c.distance for c in candidates)
        tied = [c for c in candidates if c.distance == best]
        old_start = sought.selector.start
        if len(tied) > 1:
            # Only the old position itself may break a tie; nearness never does.
            tied = [c for c in tied if self.to_source(c)[0] == old_start]
            if not tied:
                return Reanchored(Outcome.ORPHANED, sought.selector)
        start, end = self.to_source(tied[0])
        outcome = Outcome.KEPT if start == old_start else Outcome.MOVED
        return Reanchored(outcome, select(self.text, start, end))

    def _same_context(self, sought: _Sought, start: int) -> bool:
        text = self.fold
        end = start + len(sought.exact)
        return (
            text[max(0, start - len(sought.prefix)) : start] == sought.prefix
            and text[end : end + len(sought.suffix)] == sought.suffix
        )

    # -- fuzzy -----------------------------------------------------------------------

    def _fuzzy(self, sought: _Sought) -> _Candidate | None:
        if len(sought.exact) < 4:  # min_quote_similarity demands an exact match
            return None
        best = self._fuzzy_in(sought, self.fold)
        if best is None:
            return None
        # Never pick the nearer of two equally good places: look for a rival elsewhere.
        blank = "\x00" * (best.end - best.start)
        masked = self.fold[: best.start] + blank + self.fold[best.end :]
        rival = self._fuzzy_in(sought, masked)
        if rival is not None and rival.merit >= best.merit - TIE_MARGIN:
            return None
        return best

    def _fuzzy_in(self, sought: _Sought, text: str) -> _Candidate | None:
        """Bitap the quote's head near the expected spot for the start, then its
        reversed tail within the reach of a plausible span for the end."""
        exact = sought.exact
        length = len(exact)
        slack = max(2, length // 2)
        self.dmp.Match_Threshold = (1.0 - min_quote_similarity(min(length, BITAP_MAX))) + DRIFT
        start = self.dmp.match_main(text, exact[:BITAP_MAX], sought.expected)
        if start < 0:
            return None
        window = text[start : start + length + slack][::-1]
        tail = exact[-BITAP_MAX:][::-1]
        reversed_end = self.dmp.match_main(window, tail, len(window) - length)
        if reversed_end < 0:
            return None
        end = start + len(window) - reversed_end
        if end - start < max(1, length - slack):
            return None
        candidate = self.score(sought, start, end, text)
        if (
            candidate.quote < min_quote_similarity(length)
            or candidate.score < min_score(length)
            or not self.vouched(sought, candidate)
        ):
            return None
        return candidate
