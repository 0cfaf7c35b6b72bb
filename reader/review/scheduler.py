"""Scheduling with FSRS: a grade and a card's memory state in, its next state out.

Why FSRS, through the ``fsrs`` package: FSRS (Free Spaced Repetition Scheduler) models
each card's stability, difficulty and retrievability and schedules the review for when
recall is predicted to fall to the desired retention; fitted on hundreds of millions
of real reviews it needs markedly fewer reviews than SM-2 for the same retention, and
it is what Anki ships today. ``fsrs`` (py-fsrs) is the reference implementation kept
by the algorithm's authors, so the maths is theirs and is never re-derived here.

This module only translates: our frozen :class:`CardState` (what the store keeps,
plus the ``reps``/``lapses`` counters FSRS does not track) to and from ``fsrs.Card``,
and our :class:`Grade` to ``fsrs.Rating``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

import fsrs

from reader.review.clock import utc


class Grade(enum.IntEnum):
    """How well a passage was recalled; the values are FSRS's ratings and the keys."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class Phase(enum.IntEnum):
    """Where a card is in FSRS's cycle; the values are ``fsrs.State``'s, as stored."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True)
class CardState:
    """A reviewed card's memory state (a new card has none: ``None`` stands for it).

    ``reps`` counts grades; ``lapses`` counts times a card in review was forgotten
    (graded Again), as Anki counts them.
    """

    phase: Phase
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None
    reps: int
    lapses: int


class Scheduler:
    """FSRS with its published default parameters and a desired retention of 90%.

    ``fuzz`` spreads review intervals by a few percent (FSRS's own fuzz) so cards
    learnt together do not stay clumped on the same days; tests turn it off to
    compare due dates exactly.
    """

    def __init__(self, *, desired_retention: float = 0.9, fuzz: bool = True) -> None:
        self._fsrs = fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)
        self._exact = (
            fsrs.Scheduler(desired_retention=desired_retention, enable_fuzzing=False)
            if fuzz
            else self._fsrs
        )

    def grade(self, card: CardState | None, grade: Grade, at: datetime) -> CardState:
        """The card's state after being graded ``grade`` at ``at`` (``card=None``: new)."""
        return self._review(self._fsrs, card, grade, utc(at))

    def preview(self, card: CardState | None, at: datetime) -> dict[Grade, datetime]:
        """When the card would next be due for each grade, without fuzz (what the
        answer buttons promise; the real grade may land a day or so either side)."""
        moment = utc(at)
        return {g: self._review(self._exact, card, g, moment).due for g in Grade}

    @staticmethod
    def _review(
        scheduler: fsrs.Scheduler, card: CardState | None, grade: Grade, at: datetime
    ) -> CardState:
        before = fsrs.Card(card_id=0, due=at) if card is None else _to_fsrs(card)
        after, _ = scheduler.review_card(before, fsrs.Rating(grade.value), at)
        reps = 0 if card is None else card.reps
        lapses = 0 if card is None else card.lapses
        lapsed = card is not None and card.phase is Phase.REVIEW and grade is Grade.AGAIN
        return CardState(
            phase=Phase(after.state.value),
            step=after.step,
            stability=after.stability,
            difficulty=after.difficulty,
            due=after.due,
            last_review=after.last_review,
            reps=reps + 1,
            lapses=lapses + int(lapsed),
        )


def _to_fsrs(card: CardState) -> fsrs.Card:
    # card_id is FSRS's bookkeeping only; passing it avoids Card()'s 1 ms sleep.
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(card.phase.value),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )
