"""The review session's storage: review SQL, the annotation core, article text.

Grades, undo and skips go to :mod:`reader.store.reviews`; note, tag and delete edits
go through :mod:`reader.annotations` (so they are the same actions, with the same
rules, as in the reader); a card's passage is read from the annotated version of the
article, so even an orphaned annotation shows the words it was made on.

The entity filter keeps annotations whose quote overlaps a mention of the entity
(:mod:`reader.store.entities`). Mentions are offsets in each article's current
version, so orphaned annotations, which belong to an older one, never match.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from datetime import datetime
from itertools import accumulate
from typing import TYPE_CHECKING

from reader import annotations
from reader.anchoring import AnchorStatus
from reader.errors import NotFound
from reader.review.filters import ReviewFilters
from reader.review.passage import CONTEXT_CHARS, passage_in
from reader.review.scheduler import CardState, Grade
from reader.review.session import ReviewCard
from reader.store import entities as entity_store
from reader.store import reviews as store
from reader.store.reviews import QueueRow

if TYPE_CHECKING:
    from reader.store.database import Database


class SqliteDeck:
    """A :class:`~reader.review.session.Deck` over the reader's database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def queue(self, filters: ReviewFilters) -> list[QueueRow]:
        keys = [key for key in map(annotations.tag_key, filters.tags) if key]
        return store.queue_rows(
            self.db,
            tag_keys=keys,
            article_id=filters.article_id,
            annotation_ids=None if filters.entity is None else self._mentioning(filters.entity),
        )

    def _mentioning(self, name: str) -> list[int]:
        """Ids of the annotations whose quote overlaps a mention of entity ``name``."""
        entity = entity_store.find_entity(self.db, name)
        if entity is None:
            raise NotFound(f"no entity called {name!r}: try `reader entities` for the list")
        spans: dict[int, list[tuple[int, int]]] = {}
        for mention in entity_store.mentions(self.db, entity.id):  # in text order
            spans.setdefault(mention.article_id, []).append((mention.start, mention.end))
        # Per article: mention starts, and the furthest end among the first i mentions.
        reach = {
            article_id: ([s for s, _ in pairs], list(accumulate((e for _, e in pairs), max)))
            for article_id, pairs in spans.items()
        }
        if not reach:
            return []
        found = []
        for annotation in annotations.list_annotations(
            self.db, article_ids=list(spans), status=[AnchorStatus.ANCHORED, AnchorStatus.FUZZY]
        ):
            starts, ends = reach[annotation.article_id]
            before = bisect.bisect_left(starts, annotation.end)
            if before and ends[before - 1] > annotation.start:
                found.append(annotation.id)
        return found

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
