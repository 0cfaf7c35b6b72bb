"""One door from the interface to the annotation core, with undo.

Every change goes through :class:`Annotator`, which calls :mod:`reader.annotations`
(one write transaction per call) and only then records how to undo it, so nothing is
reported saved, or undoable, before the store said so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from reader import annotations as core
from reader.annotations import DEFAULT_COLOR, Annotation, tag_color, tag_key

if TYPE_CHECKING:
    from reader.store.database import Database


@dataclass(frozen=True)
class _Undo:
    """How to take back one change: ``before`` is the annotation as it was."""

    kind: Literal["created", "edited", "deleted"]
    before: Annotation


@dataclass
class Annotator:
    """Runs every annotation change of the interface and remembers how to undo it.

    Each method returns only after the core call returned, and raises what it
    raised (:class:`~reader.errors.ReaderError`, one line) with nothing recorded.
    """

    db: Database
    history: list[_Undo] = field(default_factory=list)

    #: Changes kept for undo (enough for a reading session; each is small).
    LIMIT = 100

    def _remember(self, kind: Literal["created", "edited", "deleted"], before: Annotation) -> None:
        self.history.append(_Undo(kind, before))
        del self.history[: -self.LIMIT]

    def create(
        self,
        article_id: int,
        version_id: int,
        start: int,
        end: int,
        *,
        tags: Sequence[str] = (),
        note: str = "",
        color: str | None = None,
    ) -> Annotation:
        """Annotate original ``start``-``end`` of the version the pane shows."""
        made = core.create_annotation(
            self.db,
            article_id,
            start,
            end,
            version_id=version_id,
            tags=tags,
            note=note,
            color=color,
        )
        self._remember("created", made)
        return made

    def edit(
        self,
        before: Annotation,
        *,
        tags: Sequence[str] | None = None,
        note: str | None = None,
        color: str | core.Keep | None = core.KEEP,
    ) -> Annotation:
        after = core.update_annotation(self.db, before.id, note=note, tags=tags, color=color)
        self._remember("edited", before)
        return after

    def delete(self, annotation: Annotation) -> Annotation:
        """Delete softly; returns what was deleted (undo restores it)."""
        core.delete_annotation(self.db, annotation.id)
        self._remember("deleted", annotation)
        return annotation

    def reattach(self, annotation: Annotation, start: int, end: int) -> Annotation:
        """Anchor an orphan (or doubtful fuzzy match) to original ``start``-``end`` of
        its article's current version. The old anchor stays in the core's history."""
        return core.reattach(self.db, annotation.id, start, end)

    @property
    def can_undo(self) -> bool:
        return bool(self.history)

    def undo(self) -> tuple[str, Annotation]:
        """Take back the last change; returns what was done and the annotation.

        An edit is reverted to the note, tags and colour it had. Its colour is given
        back as chosen only if it differs from what its tags would give: the core
        reports colours resolved, and a colour equal to the tags' one looks the same.
        """
        entry = self.history.pop()  # a failed undo is reported, not retried forever
        before = entry.before
        if entry.kind == "created":
            core.delete_annotation(self.db, before.id)
            done = "Annotation removed (undid create)"
        elif entry.kind == "deleted":
            before = core.restore_annotation(self.db, before.id)
            done = "Annotation restored"
        else:
            derived = tag_color(tag_key(before.tags[0])) if before.tags else DEFAULT_COLOR
            color = None if before.color == derived else before.color
            core.update_annotation(
                self.db, before.id, note=before.note, tags=before.tags, color=color
            )
            done = "Edit undone"
        return done, before
