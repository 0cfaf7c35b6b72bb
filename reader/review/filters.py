"""Which annotations a review session covers, and in what order it takes them."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Scope(enum.StrEnum):
    """Which cards enter the queue.

    ``DUE_THEN_NEW`` (the default) is the daily review: cards whose time has come,
    oldest due first, then cards never reviewed, oldest annotation first. ``ALL``
    adds the cards not yet due (reviewing ahead; FSRS accounts for the early grade).
    """

    DUE_THEN_NEW = "due-then-new"
    DUE = "due"
    NEW = "new"
    ALL = "all"

    @property
    def label(self) -> str:
        return {
            "due-then-new": "due, then new",
            "due": "due only",
            "new": "new only",
            "all": "all cards",
        }[self.value]


@dataclass(frozen=True)
class ReviewFilters:
    """What to review: annotations carrying any of ``tags`` (either script matches),
    in article ``article_id``, mentioning entity ``entity``; at most ``limit`` cards
    (learning steps a card goes through in the session do not count again)."""

    tags: tuple[str, ...] = ()
    article_id: int | None = None
    entity: str | None = None
    scope: Scope = Scope.DUE_THEN_NEW
    limit: int | None = None

    def describe(self) -> str:
        """One line for the screen's header: what this session covers."""
        parts = [self.scope.label]
        if self.tags:
            parts.append("tags " + ", ".join(self.tags))
        if self.article_id is not None:
            parts.append(f"article {self.article_id}")
        if self.entity:
            parts.append(f"entity {self.entity}")
        if self.limit is not None:
            parts.append(f"at most {self.limit}")
        return " · ".join(parts)
