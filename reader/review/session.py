"""A review session: the queue, what comes next, undo, and the summary at the end.

Pure logic: time comes from an injected :data:`~reader.review.clock.Clock`, storage
and annotation edits go through a :class:`Deck`, and nothing here knows about SQL or
Textual, so the same session drives the screen, the tests and the benchmark.

Order (like Anki's): a card in a learning step whose time has come goes first; then
the queue (due cards, oldest due first, then new cards in the order they were made,
for the default scope); when the queue is empty, learning cards due within
:data:`LEARN_AHEAD` are shown early rather than making the user wait. A card graded
into a step due later the same review day rejoins the session; anything due later
only counts towards "next due".

Every grade is saved by the deck at once, in its own transaction, so quitting never
loses anything and the next session starts where this one stopped: graded cards are
no longer due and learning cards come back when their step is due.
"""

from __future__ import annotations

import heapq
import itertools
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from reader.errors import NotFound
from reader.review.clock import Clock, describe_due, next_day_start
from reader.review.filters import ReviewFilters, Scope
from reader.review.passage import Passage
from reader.review.scheduler import CardState, Grade, Phase, Scheduler
from reader.store.reviews import QueueRow

#: When nothing else is left, learning cards due this soon are shown without waiting.
LEARN_AHEAD = timedelta(minutes=20)


@dataclass(frozen=True)
class ReviewCard:
    """Everything a card shows, loaded when it comes up.

    ``start``/``end`` are original offsets in version ``version_id`` of the article
    (what opening the passage in the reader needs); ``state`` is ``None`` for a card
    never reviewed; ``status`` is the anchor's (anchored, fuzzy, orphaned).
    """

    annotation_id: int
    article_id: int
    version_id: int
    start: int
    end: int
    title: str
    source: str | None
    date: str | None
    tags: tuple[str, ...]
    note: str
    status: str
    passage: Passage
    state: CardState | None


class Deck(Protocol):
    """The storage a session works against (:class:`reader.review.deck.SqliteDeck`)."""

    def queue(self, filters: ReviewFilters) -> list[QueueRow]: ...

    def card(self, annotation_id: int) -> ReviewCard: ...

    def record_grade(
        self,
        annotation_id: int,
        grade: Grade,
        at: datetime,
        duration_ms: int | None,
        before: CardState | None,
        after: CardState,
    ) -> int: ...

    def revert_grade(self, log_id: int) -> None: ...

    def skip(self, annotation_id: int, until: datetime | None) -> datetime | None: ...

    def delete(self, annotation_id: int) -> None: ...

    def restore(self, annotation_id: int) -> None: ...

    def edit(
        self, annotation_id: int, *, note: str | None = None, tags: Sequence[str] | None = None
    ) -> None: ...


@dataclass(frozen=True)
class Graded:
    """What the last grade did: shown on the screen after grading."""

    annotation_id: int
    grade: Grade
    due: datetime


@dataclass(frozen=True)
class Progress:
    """Counts for the progress bar: cards dealt with and cards left, by kind."""

    done: int
    new: int
    due: int
    learning: int

    @property
    def remaining(self) -> int:
        return self.new + self.due + self.learning

    @property
    def total(self) -> int:
        return self.done + self.remaining


@dataclass(frozen=True)
class SessionSummary:
    """The end of a session: what was done, how long it took and when to come back."""

    reviewed: int
    cards: int
    grades: dict[Grade, int]
    skipped: int
    deleted: int
    edited: int
    elapsed: timedelta
    next_due: datetime | None

    def lines(self, now: datetime) -> list[str]:
        """The summary as a few lines of plain text (the screen and the terminal)."""
        out = [
            f"Reviewed {self.reviewed} time{'s' * (self.reviewed != 1)} "
            f"({self.cards} card{'s' * (self.cards != 1)}) in {describe_elapsed(self.elapsed)}",
            "Grades: " + " · ".join(f"{g.label} {n}" for g, n in self.grades.items()),
        ]
        if self.skipped or self.deleted or self.edited:
            out.append(f"Skipped {self.skipped} · deleted {self.deleted} · edited {self.edited}")
        if self.next_due is None:
            out.append("Next due: nothing scheduled")
        else:
            out.append(f"Next due: {describe_due(self.next_due, now)}")
        return out


def describe_elapsed(elapsed: timedelta) -> str:
    """``45 s``, ``3 min 20 s``, ``1 h 05 min``."""
    seconds = max(0, int(elapsed.total_seconds()))
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {seconds} s"
    return f"{seconds} s"


@dataclass
class _Action:
    """One undoable step: how to revert it in the store and in the session's counts."""

    annotation_id: int
    revert: Callable[[], None]
    uncount: Callable[[], None]
    done: bool  # whether the action moved on to the next card (counted in progress)


@dataclass(order=True)
class _Timed:
    """A card waiting for a moment (a heap entry); cards due at the same moment come
    in the order they were queued."""

    at: datetime
    order: int = field(default_factory=lambda: next(_QUEUED))
    annotation_id: int = field(default=0, compare=False)


_QUEUED = itertools.count()


class ReviewSession:
    """One sitting of review over the cards ``filters`` select."""

    def __init__(
        self,
        deck: Deck,
        filters: ReviewFilters,
        *,
        clock: Clock,
        scheduler: Scheduler | None = None,
    ) -> None:
        self.deck = deck
        self.filters = filters
        self.clock = clock
        self.scheduler = scheduler or Scheduler()
        self.started = clock()
        self.current: ReviewCard | None = None
        self.last_graded: Graded | None = None
        self._shown_at = self.started
        self._queue: deque[int] = deque()
        self._new_in_queue: set[int] = set()
        self._learning: list[_Timed] = []
        self._later: list[_Timed] = []
        self._undo: list[_Action] = []
        self._done = 0
        self._grades: Counter[Grade] = Counter()
        self._graded_cards: Counter[int] = Counter()
        self._skipped = self._deleted = self._edited = 0
        self._load(self.started)
        self._advance(self.started)

    # -- reading the state ----------------------------------------------------------

    @property
    def progress(self) -> Progress:
        current_new = int(self.current is not None and self.current.state is None)
        current_learning = int(
            self.current is not None
            and self.current.state is not None
            and self.current.state.phase is not Phase.REVIEW
        )
        current_due = int(self.current is not None) - current_new - current_learning
        return Progress(
            done=self._done,
            new=len(self._new_in_queue) + current_new,
            due=len(self._queue) - len(self._new_in_queue) + current_due,
            learning=len(self._learning) + current_learning,
        )

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def next_due(self) -> datetime | None:
        """When the next card this session covers is due (``None``: none is); now, if
        some are still waiting in the queue or showing."""
        now = self.clock()
        times = [heap[0].at for heap in (self._learning, self._later) if heap]
        if self._queue:
            times.append(now)
        if self.current is not None:
            state = self.current.state
            times.append(now if state is None else state.due)
        return min(times, default=None)

    def preview(self) -> dict[Grade, datetime]:
        """When the current card would be due after each grade (for the answer keys)."""
        if self.current is None:
            return {}
        return self.scheduler.preview(self.current.state, self.clock())

    def summary(self) -> SessionSummary:
        return SessionSummary(
            reviewed=sum(self._grades.values()),
            cards=len(+self._graded_cards),
            grades={grade: self._grades[grade] for grade in Grade},
            skipped=self._skipped,
            deleted=self._deleted,
            edited=self._edited,
            elapsed=self.clock() - self.started,
            next_due=self.next_due(),
        )

    # -- acting on the current card ---------------------------------------------------

    def grade(self, grade: Grade) -> Graded:
        """Grade the current card, save it, and move on to the next one."""
        card = self._require_current()
        now = self.clock()
        after = self.scheduler.grade(card.state, grade, now)
        duration = max(0, int((now - self._shown_at).total_seconds() * 1000))
        log_id = self.deck.record_grade(card.annotation_id, grade, now, duration, card.state, after)
        self._grades[grade] += 1
        self._graded_cards[card.annotation_id] += 1
        self._schedule(card.annotation_id, after.due, now)

        def uncount() -> None:
            self._grades[grade] -= 1
            self._graded_cards[card.annotation_id] -= 1

        self._push(card.annotation_id, lambda: self.deck.revert_grade(log_id), uncount)
        self.last_graded = Graded(card.annotation_id, grade, after.due)
        self._advance(now)
        return self.last_graded

    def skip(self) -> datetime:
        """Bury the current card until tomorrow (its schedule is untouched); move on."""
        card = self._require_current()
        now = self.clock()
        until = next_day_start(now)
        previous = self.deck.skip(card.annotation_id, until)
        self._skipped += 1
        heapq.heappush(self._later, _Timed(until, annotation_id=card.annotation_id))

        def uncount() -> None:
            self._skipped -= 1

        self._push(
            card.annotation_id, lambda: self.deck.skip(card.annotation_id, previous), uncount
        )
        self._advance(now)
        return until

    def delete(self) -> None:
        """Delete the current annotation (softly: undo restores it); move on."""
        card = self._require_current()
        self.deck.delete(card.annotation_id)
        self._deleted += 1

        def uncount() -> None:
            self._deleted -= 1

        self._push(card.annotation_id, lambda: self.deck.restore(card.annotation_id), uncount)
        self._advance(self.clock())

    def edit(self, *, note: str | None = None, tags: Sequence[str] | None = None) -> None:
        """Change the current card's note and/or tags; the card stays."""
        card = self._require_current()
        if (note is None or note == card.note) and (tags is None or tuple(tags) == card.tags):
            return
        self.deck.edit(card.annotation_id, note=note, tags=tags)
        self._edited += 1
        old_note = None if note is None else card.note
        old_tags = None if tags is None else card.tags

        def revert() -> None:
            self.deck.edit(card.annotation_id, note=old_note, tags=old_tags)

        def uncount() -> None:
            self._edited -= 1

        self._push(card.annotation_id, revert, uncount, done=False)
        self.current = self.deck.card(card.annotation_id)

    def undo(self) -> ReviewCard | None:
        """Revert the last grade, skip, delete or edit; its card becomes current again.

        Returns the card, or ``None`` when there is nothing to undo.
        """
        if not self._undo:
            return None
        action = self._undo[-1]
        action.revert()
        self._undo.pop()
        action.uncount()
        if action.done:
            self._done -= 1
        self._forget(action.annotation_id)
        if self.current is not None and self.current.annotation_id != action.annotation_id:
            self._requeue_front(self.current)
        self.last_graded = None
        self._show(action.annotation_id, self.clock())
        return self.current

    def refresh(self) -> ReviewCard | None:
        """With no card showing, take one whose time has come (the screen calls this
        on a timer while it waits); returns the card now showing, if any."""
        if self.current is None:
            self._advance(self.clock())
        return self.current

    # -- the queue ------------------------------------------------------------------

    def _load(self, now: datetime) -> None:
        """Sort the deck's cards into the queue, today's learning steps and later."""
        scope = self.filters.scope
        today_ends = next_day_start(now)
        learning: list[_Timed] = []
        due: list[tuple[datetime, int]] = []
        new: list[int] = []
        ahead: list[tuple[datetime, int]] = []
        for row in self.deck.queue(self.filters):
            if (row.due is None and scope is Scope.DUE) or (
                row.due is not None and scope is Scope.NEW
            ):
                continue
            if row.skipped_until is not None and row.skipped_until > now:
                at = max(row.due or row.skipped_until, row.skipped_until)
                self._later.append(_Timed(at, annotation_id=row.annotation_id))
            elif row.due is None:
                new.append(row.annotation_id)
            elif row.phase is not Phase.REVIEW and row.due < today_ends:
                learning.append(_Timed(row.due, annotation_id=row.annotation_id))
            elif row.due <= now:
                due.append((row.due, row.annotation_id))
            elif scope is Scope.ALL:
                ahead.append((row.due, row.annotation_id))
            else:
                self._later.append(_Timed(row.due, annotation_id=row.annotation_id))
        learning.sort()
        due.sort()
        ahead.sort()
        ordered = [i for _, i in due] + new + [i for _, i in ahead]
        limit = self.filters.limit
        if limit is not None:
            learning, ordered = learning[:limit], ordered[: max(0, limit - len(learning))]
        self._learning = learning
        heapq.heapify(self._later)
        self._queue.extend(ordered)
        self._new_in_queue = set(new).intersection(ordered)

    def _advance(self, now: datetime) -> None:
        """Show the next card, skipping any deleted meanwhile (in another window or
        process); nothing if no card is ready."""
        while (annotation_id := self._next(now)) is not None:
            try:
                self._show(annotation_id, now)
                return
            except NotFound:
                continue
        self.current = None

    def _next(self, now: datetime) -> int | None:
        """Take the next card: a learning step that is due, the queue, or a learning
        step due within :data:`LEARN_AHEAD`."""
        if self._learning and self._learning[0].at <= now:
            return heapq.heappop(self._learning).annotation_id
        if self._queue:
            annotation_id = self._queue.popleft()
            self._new_in_queue.discard(annotation_id)
            return annotation_id
        if self._learning and self._learning[0].at <= now + LEARN_AHEAD:
            return heapq.heappop(self._learning).annotation_id
        return None

    def _show(self, annotation_id: int, now: datetime) -> None:
        self.current = self.deck.card(annotation_id)
        self._shown_at = now

    def _schedule(self, annotation_id: int, due: datetime, now: datetime) -> None:
        """A graded card rejoins the session if due again this review day."""
        if due < next_day_start(now):
            heapq.heappush(self._learning, _Timed(due, annotation_id=annotation_id))
        else:
            heapq.heappush(self._later, _Timed(due, annotation_id=annotation_id))

    def _push(
        self,
        annotation_id: int,
        revert: Callable[[], None],
        uncount: Callable[[], None],
        *,
        done: bool = True,
    ) -> None:
        self._undo.append(_Action(annotation_id, revert, uncount, done))
        if done:
            self._done += 1

    def _forget(self, annotation_id: int) -> None:
        """Take a card out of the waiting heaps (it is about to be shown again)."""
        for heap in (self._learning, self._later):
            kept = [entry for entry in heap if entry.annotation_id != annotation_id]
            if len(kept) != len(heap):
                heap[:] = kept
                heapq.heapify(heap)

    def _requeue_front(self, card: ReviewCard) -> None:
        """Put the card being shown back at the head of the queue."""
        self._queue.appendleft(card.annotation_id)
        if card.state is None:
            self._new_in_queue.add(card.annotation_id)

    def _require_current(self) -> ReviewCard:
        if self.current is None:
            raise LookupError("no card is showing")
        return self.current
