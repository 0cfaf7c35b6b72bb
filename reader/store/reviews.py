"""Review cards, the review log and skips: every SQL statement about reviewing.

Times are stored as fixed-width UTC ISO 8601 text (microseconds always written), so
SQL compares them as strings and a stored card state reads back exactly as written:
undoing a grade restores the very state FSRS started from.

Each write here is one ``write_transaction``: a grade (its log row and the card's new
state) is saved whole or not at all, so quitting at any moment loses nothing.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from reader.errors import ReaderError
from reader.review.scheduler import CardState, Grade, Phase
from reader.store.database import Database, store_errors, write_transaction


def format_time(moment: datetime) -> str:
    """``moment`` as stored: UTC, microseconds, fixed width (string order = time order)."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text).astimezone(UTC)


def _optional_time(text: str | None) -> datetime | None:
    return None if text is None else parse_time(text)


_CARD_COLUMNS = "state, step, stability, difficulty, due, last_review, reps, lapses"


def _card(row: tuple) -> CardState:
    return CardState(
        phase=Phase(row[0]),
        step=row[1],
        stability=row[2],
        difficulty=row[3],
        due=parse_time(row[4]),
        last_review=_optional_time(row[5]),
        reps=row[6],
        lapses=row[7],
    )


def _card_values(card: CardState) -> tuple:
    return (
        card.phase.value,
        card.step,
        card.stability,
        card.difficulty,
        format_time(card.due),
        None if card.last_review is None else format_time(card.last_review),
        card.reps,
        card.lapses,
    )


# -- the queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    """A live annotation a session may review: its card's due time and phase (both
    ``None`` for a card never reviewed) and the time it is skipped until, if any."""

    annotation_id: int
    due: datetime | None
    phase: Phase | None
    skipped_until: datetime | None


def queue_rows(
    db: Database,
    *,
    tag_keys: Collection[str] = (),
    article_id: int | None = None,
    annotation_ids: Collection[int] | None = None,
) -> list[QueueRow]:
    """Every live annotation matching the filters (any of ``tag_keys``; the article;
    one of ``annotation_ids``), in annotation id order (the order they were made)."""
    where = ["a.deleted_at IS NULL"]
    params: list[object] = []
    if tag_keys:
        where.append(
            "EXISTS (SELECT 1 FROM annotation_tags l JOIN tags t ON t.id = l.tag_id "
            "WHERE l.annotation_id = a.id AND t.key IN (SELECT value FROM json_each(?)))"
        )
        params.append(json.dumps(list(tag_keys), ensure_ascii=False))
    if article_id is not None:
        where.append("a.article_id = ?")
        params.append(article_id)
    if annotation_ids is not None:
        where.append("a.id IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(annotation_ids)))
    sql = f"""
        SELECT a.id, c.due, c.state, s.until
        FROM annotations a
        LEFT JOIN review_cards c ON c.annotation_id = a.id
        LEFT JOIN review_skips s ON s.annotation_id = a.id
        WHERE {" AND ".join(where)}
        ORDER BY a.id
    """
    with store_errors(db):
        rows = db.conn.execute(sql, params).fetchall()
    return [
        QueueRow(
            annotation_id=row[0],
            due=_optional_time(row[1]),
            phase=None if row[2] is None else Phase(row[2]),
            skipped_until=_optional_time(row[3]),
        )
        for row in rows
    ]


# -- cards and grades ----------------------------------------------------------------


def card_state(db: Database, annotation_id: int) -> CardState | None:
    """The card's memory state, or ``None`` if it was never reviewed."""
    with store_errors(db):
        row = db.conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM review_cards WHERE annotation_id = ?",
            (annotation_id,),
        ).fetchone()
    return None if row is None else _card(row)


def record_grade(
    db: Database,
    annotation_id: int,
    grade: Grade,
    at: datetime,
    duration_ms: int | None,
    before: CardState | None,
    after: CardState,
) -> int:
    """Save one grade in one transaction: the log row (with the card as it was) and
    the card's new state. Returns the log row's id (what undo needs)."""
    before_values = (None,) * 6 + (0, 0) if before is None else _card_values(before)
    with store_errors(db), write_transaction(db):
        log_id = db.conn.execute(
            """
            INSERT INTO review_log (annotation_id, rating, reviewed_at, duration_ms,
                state_before, step_before, stability_before, difficulty_before, due_before,
                last_review_before, reps_before, lapses_before)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            (annotation_id, grade.value, format_time(at), duration_ms, *before_values),
        ).lastrowid
        db.conn.execute(
            f"""
            INSERT INTO review_cards (annotation_id, {_CARD_COLUMNS})
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (annotation_id) DO UPDATE SET
                state = excluded.state, step = excluded.step,
                stability = excluded.stability, difficulty = excluded.difficulty,
                due = excluded.due, last_review = excluded.last_review,
                reps = excluded.reps, lapses = excluded.lapses
            """,
            (annotation_id, *_card_values(after)),
        )
    assert log_id is not None
    return log_id


def revert_grade(db: Database, log_id: int) -> None:
    """Undo a grade: put the card back as the log row says it was, drop the row.

    Only the card's latest grade can be undone; if another session graded the card
    since, nothing changes and the user is told why.
    """
    with store_errors(db), write_transaction(db):
        row = db.conn.execute(
            """
            SELECT annotation_id, state_before, step_before, stability_before,
                difficulty_before, due_before, last_review_before, reps_before, lapses_before,
                (SELECT max(id) FROM review_log l WHERE l.annotation_id = r.annotation_id)
            FROM review_log r WHERE id = ?
            """,
            (log_id,),
        ).fetchone()
        if row is None:
            raise ReaderError("that grade is no longer in the review log")
        annotation_id, latest = row[0], row[9]
        if latest != log_id:
            raise ReaderError("the card was reviewed again since; that grade cannot be undone")
        if row[1] is None:
            db.conn.execute("DELETE FROM review_cards WHERE annotation_id = ?", (annotation_id,))
        else:
            db.conn.execute(
                f"UPDATE review_cards SET ({_CARD_COLUMNS}) = (?, ?, ?, ?, ?, ?, ?, ?) "
                "WHERE annotation_id = ?",
                (*row[1:9], annotation_id),
            )
        db.conn.execute("DELETE FROM review_log WHERE id = ?", (log_id,))


# -- skipping ------------------------------------------------------------------------


def set_skip(db: Database, annotation_id: int, until: datetime | None) -> datetime | None:
    """Bury the card until ``until`` (``None``: not buried) without touching its
    schedule; returns what it was buried until before (for undo)."""
    with store_errors(db), write_transaction(db):
        row = db.conn.execute(
            "SELECT until FROM review_skips WHERE annotation_id = ?", (annotation_id,)
        ).fetchone()
        if until is None:
            db.conn.execute("DELETE FROM review_skips WHERE annotation_id = ?", (annotation_id,))
        else:
            db.conn.execute(
                "INSERT INTO review_skips (annotation_id, until) VALUES (?, ?) "
                "ON CONFLICT (annotation_id) DO UPDATE SET until = excluded.until",
                (annotation_id, format_time(until)),
            )
    return None if row is None else parse_time(row[0])


# -- what a card shows ---------------------------------------------------------------


@dataclass(frozen=True)
class VersionWindow:
    """An article version's metadata and a slice of its clean text around a range."""

    title: str
    source: str | None
    date: str | None
    window: str
    window_start: int
    chars: int


def version_window(
    db: Database, version_id: int, start: int, end: int, context: int
) -> VersionWindow:
    """``context`` characters either side of ``[start, end)`` in a version's clean
    text, read with ``substr`` so a huge article is never loaded whole."""
    first = max(0, start - context)
    with store_errors(db):
        row = db.conn.execute(
            "SELECT title, source, date, substr(clean_text, ?, ?), chars "
            "FROM article_versions WHERE id = ?",
            (first + 1, end + context - first, version_id),
        ).fetchone()
    if row is None:
        raise ReaderError(f"article version {version_id} is missing from the store")
    return VersionWindow(row[0], row[1], row[2], row[3], first, row[4])


# -- reporting -----------------------------------------------------------------------


def card_fields(db: Database, annotation_ids: Iterable[int]) -> dict[int, dict]:
    """``due``, ``reps``, ``lapses``, ``last_review`` for each annotation id, as JSON
    values (ISO 8601 UTC times to the second); all ``None`` for a card never reviewed."""
    ids = list(annotation_ids)
    fields: dict[int, dict] = {
        annotation_id: {"due": None, "reps": None, "lapses": None, "last_review": None}
        for annotation_id in ids
    }
    with store_errors(db):
        rows = db.conn.execute(
            "SELECT annotation_id, due, reps, lapses, last_review FROM review_cards "
            "WHERE annotation_id IN (SELECT value FROM json_each(?))",
            (json.dumps(ids),),
        ).fetchall()
    for annotation_id, due, reps, lapses, last_review in rows:
        fields[annotation_id] = {
            "due": _seconds(due),
            "reps": reps,
            "lapses": lapses,
            "last_review": None if last_review is None else _seconds(last_review),
        }
    return fields


def _seconds(text: str) -> str:
    return parse_time(text).isoformat(timespec="seconds")


@dataclass(frozen=True)
class LogEntry:
    """One grade in the log, with the phase the card was in before it (``None``: new)."""

    reviewed_at: datetime
    grade: Grade
    phase_before: Phase | None


def log_entries(db: Database) -> list[LogEntry]:
    """Every grade in the log, oldest first."""
    with store_errors(db):
        rows = db.conn.execute(
            "SELECT reviewed_at, rating, state_before FROM review_log ORDER BY reviewed_at, id"
        ).fetchall()
    return [
        LogEntry(parse_time(row[0]), Grade(row[1]), None if row[2] is None else Phase(row[2]))
        for row in rows
    ]


@dataclass(frozen=True)
class DeckCounts:
    """Live annotations by card phase (``new``: never reviewed)."""

    new: int
    learning: int
    review: int
    relearning: int


def deck_counts(db: Database) -> DeckCounts:
    with store_errors(db):
        rows = dict(
            db.conn.execute(
                """
                SELECT coalesce(c.state, 0), count(*)
                FROM annotations a LEFT JOIN review_cards c ON c.annotation_id = a.id
                WHERE a.deleted_at IS NULL GROUP BY 1
                """
            ).fetchall()
        )
    return DeckCounts(
        new=rows.get(0, 0),
        learning=rows.get(Phase.LEARNING.value, 0),
        review=rows.get(Phase.REVIEW.value, 0),
        relearning=rows.get(Phase.RELEARNING.value, 0),
    )


def due_times(db: Database) -> list[datetime]:
    """The due time of every live annotation's card (new cards have none), earliest
    first; a card skipped beyond its due time counts from the end of the skip."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT max(c.due, coalesce(s.until, ''))
            FROM review_cards c
            JOIN annotations a ON a.id = c.annotation_id AND a.deleted_at IS NULL
            LEFT JOIN review_skips s ON s.annotation_id = c.annotation_id
            ORDER BY 1
            """
        ).fetchall()
    return [parse_time(row[0]) for row in rows]
