"""The review session's storage: review SQL, the annotation core, article text.

Grades, undo and skips go to :mod:`reader.store.reviews`; note, tag and delete edits
go through :mod:`reader.annotations` (so they are the same actions, with the same
rules, as in the reader); a card's passage is read from the annotated version of the
article, so even an orphaned annotation shows the words it was made on.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlite_utils

from reader import annotations
from reader.errors import ReaderError
from reader.review.filters import ReviewFilters
from reader.review.passage import CONTEXT_CHARS, passage_in
from reader.review.scheduler import CardState, Grade
from reader.review.session import ReviewCard
from reader.store import reviews as store
from reader.store.reviews import QueueRow


class SqliteDeck:
    """A :class:`~reader.review.session.Deck` over the reader's database."""

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    def queue(self, filters: ReviewFilters) -> list[QueueRow]:
        if filters.entity is not None:
            raise ReaderError("entity filter needs entity analysis")
        keys = [key for key in map(annotations.tag_key, filters.tags) if key]
        return store.queue_rows(self.db, tag_keys=keys, article_id=filters.article_id)

    def card(self, annotation_id: int) -> ReviewCard:
        annotation = annotations.get_annotation(self.db, annotation_id)
        source = store.version_window(
            self.db, annotation.version_id, annotation.start, annotation.end, CONTEXT_CHARS
        )
        return ReviewCard(
            annotation_id=annotation.id,
            article_id=annotation.article_id,
            version_id=annotation.version_id,
            start=annotation.start,
            end=annotation.end,
            title=source.title,
            source=source.source,
            date=source.date,
            tags=annotation.tags,
            note=annotation.note,
            status=annotation.status.value,
            passage=passage_in(
                source.window, source.window_start, source.chars, annotation.start, annotation.end
            ),
            state=store.card_state(self.db, annotation_id),
        )

    def record_grade(
        self,
        annotation_id: int,
        grade: Grade,
        at: datetime,
        duration_ms: int | None,
        before: CardState | None,
        after: CardState,
    ) -> int:
        return store.record_grade(self.db, annotation_id, grade, at, duration_ms, before, after)

    def revert_grade(self, log_id: int) -> None:
        store.revert_grade(self.db, log_id)

    def skip(self, annotation_id: int, until: datetime | None) -> datetime | None:
        return store.set_skip(self.db, annotation_id, until)

    def delete(self, annotation_id: int) -> None:
        annotations.delete_annotation(self.db, annotation_id)

    def restore(self, annotation_id: int) -> None:
        annotations.restore_annotation(self.db, annotation_id)

    def edit(
        self, annotation_id: int, *, note: str | None = None, tags: Sequence[str] | None = None
    ) -> None:
        annotations.update_annotation(self.db, annotation_id, note=note, tags=tags)
