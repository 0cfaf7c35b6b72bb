"""Time for reviewing: an injectable clock and where one review day ends.

Everything that asks "what time is it" takes a :data:`Clock` so tests and benchmarks
drive time by hand instead of sleeping. A review day ends at 04:00 local time, as in
Anki: a card skipped "until tomorrow" at 23:30 comes back after a night's sleep, not
half an hour later, and a late-night session counts towards the day it began.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

#: Returns the current time, timezone-aware.
Clock = Callable[[], datetime]

#: Local time at which one review day ends and the next begins.
DAY_ROLLOVER = time(4)


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC (FSRS refuses any other timezone); naive times are refused."""
    if moment.tzinfo is None:
        raise ValueError("review times must be timezone-aware")
    return moment.astimezone(UTC)


def review_day(moment: datetime) -> date:
    """The local review day ``moment`` belongs to (days end at :data:`DAY_ROLLOVER`)."""
    local = moment.astimezone()
    rollover = timedelta(hours=DAY_ROLLOVER.hour, minutes=DAY_ROLLOVER.minute)
    return (local - rollover).date()


def day_start(day: date) -> datetime:
    """When review day ``day`` begins, in UTC."""
    local = datetime.combine(day, DAY_ROLLOVER).astimezone()
    return local.astimezone(UTC)


def next_day_start(moment: datetime) -> datetime:
    """When the review day after ``moment``'s begins: what "tomorrow" means."""
    return day_start(review_day(moment) + timedelta(days=1))


def describe_wait(wait: timedelta) -> str:
    """A wait as a person says it: ``in 10 min``, ``in 1 day``, ``now``."""
    seconds = wait.total_seconds()
    if seconds < 60:
        return "now" if seconds <= 0 else "in under a minute"
    minutes = seconds / 60
    for limit, size, unit in (
        (60, 1, "min"),
        (24 * 60, 60, "h"),
        (60 * 24 * 60, 24 * 60, "day"),
        (730 * 24 * 60, 30 * 24 * 60, "month"),
    ):
        if minutes < limit:
            count = round(minutes / size)
            plural = "s" if count != 1 and unit in ("day", "month") else ""
            return f"in {count} {unit}{plural}"
    return f"in {minutes / (365 * 24 * 60):.1f} years"


def describe_due(due: datetime, now: datetime) -> str:
    """When a card is due, in local time with the wait: ``14:32 (in 10 min)`` today,
    ``2026-11-25 09:30 (in 3 days)`` later, ``now`` if it already is."""
    if due <= now:
        return "now"
    local = due.astimezone()
    shown = f"{local:%H:%M}" if review_day(due) == review_day(now) else f"{local:%Y-%m-%d %H:%M}"
    return f"{shown} ({describe_wait(due - now)})"


class ManualClock:
    """A :data:`Clock` that moves only when told to: tests and the benchmark inject it
    to grade "tomorrow" or "in ten minutes" without sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = utc(start)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta
