"""The review core: FSRS scheduling, the session queue, undo, skip, persistence, stats.

Real SQLite files, the real ``fsrs`` scheduler and the real annotation core; time is a
:class:`~reader.review.clock.ManualClock`, so nothing sleeps.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from reader.annotations import (
    create_annotation,
    create_from_quote,
    delete_annotation,
    get_annotation,
    update_annotation,
)
from reader.conversion import DisplayScript
from reader.errors import NotFound, ReaderError
from reader.review import stats
from reader.review.clock import ManualClock, next_day_start, review_day
from reader.review.deck import SqliteDeck
from reader.review.filters import ReviewFilters, Scope
from reader.review.passage import passage_in
from reader.review.scheduler import Grade, Phase, Scheduler
from reader.review.session import ReviewSession
from reader.store import reviews as store
from reader.store.articles import get_article, list_articles

START = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def annotate(db, count: int, *, tags: tuple[str, ...] = ("复习",)) -> list[int]:
    """``count`` annotations of 8 characters each, spread over the seed articles."""
    ids: list[int] = []
    articles = [get_article(db, summary.id) for summary in list_articles(db)]
    position = 10
    while len(ids) < count:
        for article in articles:
            text = article.clean_text
            start, end = position, position + 8
            if end <= len(text) and "\n" not in text[start:end] and text[start:end].strip():
                ids.append(create_annotation(db, article.id, start, end, tags=tags).id)
                if len(ids) == count:
                    break
        position += 50
    return ids


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


def session(db, clock: ManualClock, filters: ReviewFilters | None = None) -> ReviewSession:
    return ReviewSession(
        SqliteDeck(db), filters or ReviewFilters(), clock=clock, scheduler=Scheduler(fuzz=False)
    )


def expected_card(before: fsrs.Card, grade: Grade, at: datetime) -> fsrs.Card:
    """What the fsrs package itself says (no fuzz), to compare with the store."""
    card, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(before, fsrs.Rating(grade), at)
    return card


# -- scheduling ----------------------------------------------------------------------


def test_grades_persist_the_schedule_fsrs_computes(seeded_db, clock) -> None:
    (card_id,) = annotate(seeded_db, 1)
    review = session(seeded_db, clock)
    assert review.current is not None and review.current.state is None

    review.grade(Grade.GOOD)
    first = expected_card(fsrs.Card(card_id=1, due=START), Grade.GOOD, START)
    stored = store.card_state(seeded_db, card_id)
    assert stored is not None
    assert stored.due == first.due == START + timedelta(minutes=10)
    assert (stored.phase.value, stored.step, stored.stability, stored.difficulty) == (
        first.state.value,
        first.step,
        first.stability,
        first.difficulty,
    )

    clock.advance(timedelta(minutes=10))
    assert review.refresh() is not None and review.current.annotation_id == card_id
    review.grade(Grade.GOOD)
    second = expected_card(first, Grade.GOOD, clock())
    stored = store.card_state(seeded_db, card_id)
    assert stored is not None and stored.phase is Phase.REVIEW
    assert stored.due == second.due and stored.due - clock() >= timedelta(days=1)
    assert stored.last_review == clock()
    assert (stored.reps, stored.lapses) == (2, 0)

    # Due days later, forgotten: a lapse, relearning, as fsrs says.
    clock.now = stored.due
    review = session(seeded_db, clock)
    assert review.current is not None and review.current.annotation_id == card_id
    review.grade(Grade.AGAIN)
    third = expected_card(second, Grade.AGAIN, clock())
    stored = store.card_state(seeded_db, card_id)
    assert stored is not None
    assert (stored.phase, stored.due, stored.reps, stored.lapses) == (
        Phase.RELEARNING,
        third.due,
        3,
        1,
    )


def test_every_grade_is_logged_with_the_card_as_it_was(seeded_db, clock) -> None:
    (card_id,) = annotate(seeded_db, 1)
    review = session(seeded_db, clock)
    review.grade(Grade.HARD)
    after_first = store.card_state(seeded_db, card_id)
    clock.advance(timedelta(minutes=6))
    review.refresh()
    review.grade(Grade.EASY)
    rows = seeded_db.conn.execute(
        "SELECT rating, reviewed_at, state_before, due_before, reps_before "
        "FROM review_log WHERE annotation_id = ? ORDER BY id",
        (card_id,),
    ).fetchall()
    assert rows[0] == (2, store.format_time(START), None, None, 0)
    assert after_first is not None
    assert rows[1] == (
        4,
        store.format_time(START + timedelta(minutes=6)),
        after_first.phase.value,
        store.format_time(after_first.due),
        1,
    )


def test_fuzzed_intervals_stay_in_fsrs_range(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 1)
    review = ReviewSession(SqliteDeck(seeded_db), ReviewFilters(), clock=clock)
    graded = review.grade(Grade.EASY)
    exact = Scheduler(fuzz=False).grade(None, Grade.EASY, START).due
    assert graded.annotation_id == ids[0]
    # fsrs fuzzes an interval by up to about 15 % plus a day (its FUZZ_RANGES), and its
    # random pick over [min, max + 1) is rounded, so it can land one day past max
    tolerance = timedelta(days=2) + (exact - START) * 0.2
    assert abs(graded.due - exact) <= tolerance


# -- the queue -----------------------------------------------------------------------


def test_due_cards_come_first_then_new_ones_in_creation_order(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 4)
    first = session(seeded_db, clock)
    first.grade(Grade.EASY)  # ids[0] becomes a review card due in some days
    due = store.card_state(seeded_db, ids[0])
    assert due is not None
    clock.now = due.due + timedelta(hours=1)
    later = session(seeded_db, clock)
    shown = []
    while later.current is not None:
        shown.append(later.current.annotation_id)
        later.grade(Grade.EASY)
    assert shown == [ids[0], ids[1], ids[2], ids[3]]


def test_scopes_and_limit(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 5)
    first = session(seeded_db, clock)
    first.grade(Grade.EASY)
    first.grade(Grade.EASY)
    assert session(seeded_db, clock, ReviewFilters(scope=Scope.DUE)).current is None
    new_only = session(seeded_db, clock, ReviewFilters(scope=Scope.NEW, limit=2))
    assert new_only.current is not None and new_only.current.annotation_id == ids[2]
    assert new_only.progress.remaining == 2
    everything = session(seeded_db, clock, ReviewFilters(scope=Scope.ALL))
    assert everything.progress.remaining == 5


def test_tag_and_article_filters(seeded_db, clock) -> None:
    tagged = annotate(seeded_db, 3, tags=("馬斯克",))
    annotate(seeded_db, 2, tags=("other",))
    by_tag = session(seeded_db, clock, ReviewFilters(tags=("马斯克",)))
    assert by_tag.progress.remaining == 3
    article = get_annotation(seeded_db, tagged[0]).article_id
    by_article = session(seeded_db, clock, ReviewFilters(article_id=article))
    seen = []
    while by_article.current is not None:
        seen.append(by_article.current.article_id)
        by_article.skip()
    assert seen and set(seen) == {article}


def test_entity_filter_keeps_quotes_that_mention_it(seeded_db, clock) -> None:
    from reader.entities.analysis import analyze_pending

    grok = next(s for s in list_articles(seeded_db) if s.title.startswith("Grok3"))
    musk = create_from_quote(seeded_db, grok.id, "伊隆·马斯克终于发布").id
    half = create_from_quote(seeded_db, grok.id, "克终于发布了他口中").id  # overlaps 马斯克
    other = create_from_quote(seeded_db, grok.id, "终于发布了他口中").id
    analyze_pending(seeded_db, processes=1)
    review = session(seeded_db, clock, ReviewFilters(entity="馬斯克"))
    seen = set()
    while review.current is not None:
        seen.add(review.current.annotation_id)
        review.skip()
    assert seen == {musk, half} and other not in seen
    with pytest.raises(NotFound, match="no entity called '不存在的人'"):
        session(seeded_db, clock, ReviewFilters(entity="不存在的人"))


def test_learning_steps_come_back_within_the_session(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 2)
    review = session(seeded_db, clock)
    review.grade(Grade.AGAIN)  # ids[0]: again in one minute
    assert review.current is not None and review.current.annotation_id == ids[1]
    clock.advance(timedelta(minutes=2))
    review.grade(Grade.GOOD)  # the learning step is due: it goes before anything else
    assert review.current is not None and review.current.annotation_id == ids[0]
    review.grade(Grade.GOOD)
    # Only ids[1]'s ten-minute step is left: shown early rather than waiting.
    assert review.current is not None and review.current.annotation_id == ids[1]
    assert review.next_due() is not None


def test_nothing_due_says_when_the_next_card_is(seeded_db, clock) -> None:
    annotate(seeded_db, 1)
    review = session(seeded_db, clock)
    graded = review.grade(Grade.EASY)
    assert review.current is None
    assert review.next_due() == graded.due
    fresh = session(seeded_db, clock)
    assert fresh.current is None and fresh.next_due() == graded.due
    clock.now = graded.due
    assert fresh.refresh() is None  # a review card waits for a new session's queue
    assert session(seeded_db, clock).current is not None


def test_summary_next_due_counts_the_card_showing_and_the_queue(seeded_db, clock) -> None:
    annotate(seeded_db, 2)
    review = session(seeded_db, clock)
    assert review.summary().next_due == START  # cards are waiting
    review.grade(Grade.EASY)
    review.grade(Grade.GOOD)  # ten minutes: shown again at once (learn-ahead)
    assert review.current is not None
    assert review.summary().next_due == START + timedelta(minutes=10)


# -- undo, skip, delete, edit --------------------------------------------------------


def test_undo_a_grade_restores_the_card_and_the_log(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 3)
    review = session(seeded_db, clock)
    review.grade(Grade.GOOD)
    before = store.card_state(seeded_db, ids[0])
    clock.advance(timedelta(minutes=10))
    review.refresh()
    review.grade(Grade.GOOD)  # ids[1]
    review.grade(Grade.AGAIN)  # ids[0] is due again: its learning step goes first
    assert store.card_state(seeded_db, ids[0]) != before
    card = review.undo()
    assert card is not None and card.annotation_id == ids[0]
    assert store.card_state(seeded_db, ids[0]) == before
    assert seeded_db.conn.execute("SELECT count(*) FROM review_log").fetchone()[0] == 2
    card = review.undo()
    assert card is not None and card.annotation_id == ids[1]
    assert store.card_state(seeded_db, ids[1]) is None
    summary = review.summary()
    assert summary.reviewed == 1 and summary.grades[Grade.GOOD] == 1


def test_undo_only_the_latest_grade_of_a_card(seeded_db, clock) -> None:
    annotate(seeded_db, 1)
    review = session(seeded_db, clock)
    review.grade(Grade.AGAIN)
    other = session(seeded_db, clock)
    clock.advance(timedelta(minutes=1))
    other.refresh()
    other.grade(Grade.GOOD)
    with pytest.raises(ReaderError, match="reviewed again since"):
        review.undo()
    assert review.can_undo


def test_skip_until_tomorrow_and_undo(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 2)
    review = session(seeded_db, clock)
    until = review.skip()
    assert until == next_day_start(START) and review_day(until) > review_day(START)
    assert review.current is not None and review.current.annotation_id == ids[1]
    assert store.card_state(seeded_db, ids[0]) is None  # the schedule is untouched
    assert session(seeded_db, clock).current.annotation_id == ids[1]
    clock.now = until
    assert session(seeded_db, clock).current.annotation_id == ids[0]
    clock.now = START
    review.undo()
    assert review.current.annotation_id == ids[0]
    assert store.queue_rows(seeded_db)[0].skipped_until is None


def test_delete_and_undo_go_through_the_annotation_core(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 2)
    review = session(seeded_db, clock)
    review.delete()
    with pytest.raises(NotFound):
        get_annotation(seeded_db, ids[0])
    assert review.current.annotation_id == ids[1]
    review.undo()
    assert get_annotation(seeded_db, ids[0]).id == ids[0]
    assert review.current.annotation_id == ids[0]


def test_a_card_deleted_elsewhere_is_passed_over(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 3)
    review = session(seeded_db, clock)
    delete_annotation(seeded_db, ids[1])  # say, in the reader, while reviewing
    review.grade(Grade.GOOD)
    assert review.current is not None and review.current.annotation_id == ids[2]


def test_edit_note_and_tags_then_undo(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 1)
    update_annotation(seeded_db, ids[0], note="first")
    review = session(seeded_db, clock)
    review.edit(note="second")
    review.edit(tags=["甲", "乙"])
    assert review.current.note == "second" and review.current.tags == ("甲", "乙")
    review.undo()
    assert get_annotation(seeded_db, ids[0]).tags == ("复习",)
    review.undo()
    assert get_annotation(seeded_db, ids[0]).note == "first"
    assert review.current.note == "first"
    assert review.summary().edited == 0
    assert review.undo() is None


# -- persistence across sessions -----------------------------------------------------


def test_a_new_session_continues_where_the_last_one_stopped(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 5)
    review = session(seeded_db, clock)
    for _ in range(3):
        review.grade(Grade.GOOD)
    review.undo()
    assert review.summary().reviewed == 2
    del review  # quit: nothing to flush, every grade is already committed
    clock.advance(timedelta(minutes=2))
    resumed = session(seeded_db, clock)
    assert resumed.current is not None and resumed.current.annotation_id == ids[2]
    assert resumed.progress.new == 3 and resumed.progress.learning == 2
    shown = []
    while resumed.current is not None:
        shown.append(resumed.current.annotation_id)
        resumed.grade(Grade.EASY)
    assert shown[:3] == ids[2:] and sorted(shown[3:]) == ids[:2]


# -- passage, stats, card fields -----------------------------------------------------


def test_passage_is_the_paragraph_and_maps_across_scripts() -> None:
    text = "第一段。\n頭髮的故事很長。馬斯克說了一句話。\n第三段"
    start = text.index("馬斯克")
    passage = passage_in(text, 0, len(text), start, start + 3)
    assert passage.text == "頭髮的故事很長。馬斯克說了一句話。"
    assert passage.quote == "馬斯克"
    simplified = passage.in_script(DisplayScript.SIMPLIFIED)
    assert simplified.quote == "马斯克" and simplified.text.startswith("头发")


def test_passage_clips_a_long_paragraph_at_a_sentence() -> None:
    text = "甲" * 50 + "。" + "乙" * 30 + "QUOTE" + "丙" * 30 + "。" + "丁" * 50
    start = text.index("QUOTE")
    window_start = start - 60
    window = text[window_start : start + 5 + 60]
    passage = passage_in(window, window_start, len(text), start, start + 5)
    assert passage.clipped_before and passage.clipped_after
    assert passage.text == "乙" * 30 + "QUOTE" + "丙" * 30 + "。"


def test_card_fields_and_stats(seeded_db, clock) -> None:
    ids = annotate(seeded_db, 3)
    review = session(seeded_db, clock)
    review.grade(Grade.EASY)
    fields = store.card_fields(seeded_db, ids)
    assert fields[ids[1]] == {"due": None, "reps": None, "lapses": None, "last_review": None}
    card = store.card_state(seeded_db, ids[0])
    assert card is not None
    assert fields[ids[0]] == {
        "due": card.due.isoformat(timespec="seconds"),
        "reps": 1,
        "lapses": 0,
        "last_review": START.isoformat(timespec="seconds"),
    }
    clock.now = card.due
    session(seeded_db, clock).grade(Grade.AGAIN)
    result = stats.compute_stats(
        store.log_entries(seeded_db),
        store.due_times(seeded_db),
        store.deck_counts(seeded_db),
        clock(),
    )
    assert result.retention_all.rate == 0.0 and result.retention_all.reviews == 1
    assert sum(day.reviews for day in result.per_day) == 2
    assert result.cards.new == 2 and result.cards.relearning == 1
    assert result.due_week == 1 and len(result.forecast) == stats.FORECAST_DAYS
    assert result.as_json()["due"]["now"] == 0
