"""Review statistics: reviews per day, retention and the due forecast.

Pure arithmetic over the review log and the cards' due times, in review days (which
end at 04:00 local time, like the skip; see :mod:`reader.review.clock`).

Retention is the *true retention*: of the grades given to cards in the review phase
(a real test of memory after a scheduled interval, not a learning step), the share
that were not Again. It is what FSRS's desired retention (90%) aims at, so the two can
be compared directly.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from reader.review.clock import review_day
from reader.review.scheduler import Grade, Phase
from reader.store.reviews import DeckCounts, LogEntry

#: Days of history shown (reviews per day, recent retention).
HISTORY_DAYS = 30
#: Days of the due forecast; totals are also given for the first week.
FORECAST_DAYS = 30
WEEK = 7


@dataclass(frozen=True)
class DayReviews:
    day: date
    reviews: int
    again: int


@dataclass(frozen=True)
class Retention:
    """Share of review-phase grades that were not Again (``None``: no such grade)."""

    rate: float | None
    reviews: int


@dataclass(frozen=True)
class ReviewStats:
    today: date
    per_day: list[DayReviews]
    retention_recent: Retention
    retention_all: Retention
    due_now: int
    forecast: list[tuple[date, int]]
    cards: DeckCounts

    @property
    def due_week(self) -> int:
        return sum(count for _, count in self.forecast[:WEEK])

    @property
    def due_month(self) -> int:
        return sum(count for _, count in self.forecast)

    def as_json(self) -> dict[str, object]:
        return {
            "today": self.today.isoformat(),
            "reviews_per_day": [
                {"date": d.day.isoformat(), "reviews": d.reviews, "again": d.again}
                for d in self.per_day
            ],
            "retention": {
                f"last_{HISTORY_DAYS}_days": _retention_json(self.retention_recent),
                "all_time": _retention_json(self.retention_all),
            },
            "due": {
                "now": self.due_now,
                f"next_{WEEK}_days": self.due_week,
                f"next_{FORECAST_DAYS}_days": self.due_month,
                "by_day": [{"date": d.isoformat(), "due": n} for d, n in self.forecast],
            },
            "cards": {
                "new": self.cards.new,
                "learning": self.cards.learning,
                "review": self.cards.review,
                "relearning": self.cards.relearning,
            },
        }

    def lines(self) -> list[str]:
        """The statistics as plain text for a terminal."""
        out = [f"Reviews per day (last {HISTORY_DAYS} days):"]
        busy = [d for d in self.per_day if d.reviews]
        widest = max((d.reviews for d in busy), default=1)
        for d in busy:
            bar = "█" * max(1, round(20 * d.reviews / widest))
            out.append(f"  {d.day.isoformat()}  {d.reviews:>4}  {bar}  ({d.again} again)")
        if not busy:
            out.append("  no reviews")
        out.append(
            f"Retention: {_percent(self.retention_recent)} last {HISTORY_DAYS} days, "
            f"{_percent(self.retention_all)} all time"
        )
        out.append(
            f"Due: {self.due_now} now, {self.due_week} in the next {WEEK} days, "
            f"{self.due_month} in the next {FORECAST_DAYS}"
        )
        for day, count in self.forecast[:WEEK]:
            out.append(f"  {day.isoformat()}  {count:>4}")
        c = self.cards
        out.append(
            f"Cards: {c.new} new, {c.learning} learning, {c.review} review, "
            f"{c.relearning} relearning"
        )
        return out


def compute_stats(
    entries: Sequence[LogEntry], due_times: Sequence[datetime], cards: DeckCounts, now: datetime
) -> ReviewStats:
    """Statistics as of ``now`` from the whole review log and every card's due time."""
    today = review_day(now)
    first_day = today - timedelta(days=HISTORY_DAYS - 1)
    reviews: Counter[date] = Counter()
    again: Counter[date] = Counter()
    recent: list[LogEntry] = []
    for entry in entries:
        day = review_day(entry.reviewed_at)
        if day >= first_day:
            reviews[day] += 1
            again[day] += int(entry.grade is Grade.AGAIN)
            recent.append(entry)
    per_day = [
        DayReviews(day, reviews[day], again[day])
        for day in (first_day + timedelta(days=n) for n in range(HISTORY_DAYS))
    ]
    due: Counter[date] = Counter(max(review_day(t), today) for t in due_times)
    forecast_days = [today + timedelta(days=n) for n in range(FORECAST_DAYS)]
    return ReviewStats(
        today=today,
        per_day=per_day,
        retention_recent=_retention(recent),
        retention_all=_retention(entries),
        due_now=sum(1 for t in due_times if t <= now),
        forecast=[(day, due[day]) for day in forecast_days],
        cards=cards,
    )


def _retention(entries: Sequence[LogEntry]) -> Retention:
    tests = [e for e in entries if e.phase_before is Phase.REVIEW]
    if not tests:
        return Retention(None, 0)
    kept = sum(1 for e in tests if e.grade is not Grade.AGAIN)
    return Retention(kept / len(tests), len(tests))


def _retention_json(retention: Retention) -> dict[str, object]:
    rate = None if retention.rate is None else round(retention.rate, 4)
    return {"rate": rate, "reviews": retention.reviews}


def _percent(retention: Retention) -> str:
    if retention.rate is None:
        return "–"
    return f"{100 * retention.rate:.1f}% ({retention.reviews} reviews)"
