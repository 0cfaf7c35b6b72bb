"""What importing did with each annotation of a file, for people and for scripts.

The outcomes follow the merge rule of :mod:`reader.export.importing`; the command
line prints a line for each annotation a decision was taken about and a line of
counts, or with ``--json`` every annotation's outcome with its ids here.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from reader.anchoring import AnchorStatus


class MergeOutcome(enum.StrEnum):
    """What importing did with one annotation (see the module's merge rule)."""

    ADDED = "added"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    KEPT_NEWER_LOCAL = "kept-newer-local"
    KEPT_DELETED = "kept-deleted"
    REIDENTIFIED = "re-identified"


@dataclass(frozen=True)
class ImportedAnnotation:
    """One annotation of the file: its place and IRI there, what became of it, and
    the row id, IRI and anchor status it has here."""

    number: int
    iri: str
    outcome: MergeOutcome
    annotation_id: int
    saved_iri: str
    status: AnchorStatus

    def line(self) -> str:
        """One line for a person: which annotation, and what happened."""
        what = {
            MergeOutcome.ADDED: "added",
            MergeOutcome.UPDATED: "updated: the file's edit is newer (the previous one "
            "is kept in the annotation's revisions)",
            MergeOutcome.UNCHANGED: "unchanged",
            MergeOutcome.KEPT_NEWER_LOCAL: "kept as it is here: the edit here is as new "
            "as the file's or newer",
            MergeOutcome.KEPT_DELETED: "kept deleted: it was deleted here",
            MergeOutcome.REIDENTIFIED: f"re-identified as {self.saved_iri}: its id belongs "
            "to another passage here",
        }[self.outcome]
        return f"annotation {self.number} ({self.iri}): {what} [id {self.annotation_id}]"

    def as_json(self) -> dict[str, object]:
        return {
            "number": self.number,
            "iri": self.iri,
            "outcome": self.outcome.value,
            "id": self.annotation_id,
            "saved_iri": self.saved_iri,
            "status": self.status.value,
        }


@dataclass
class ImportReport:
    """What happened to each annotation of the file, in file order."""

    annotations: list[ImportedAnnotation] = field(default_factory=list)

    def count(self, outcome: MergeOutcome) -> int:
        return sum(1 for a in self.annotations if a.outcome is outcome)

    @property
    def added(self) -> int:
        return self.count(MergeOutcome.ADDED)

    @property
    def updated(self) -> int:
        return self.count(MergeOutcome.UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(MergeOutcome.UNCHANGED)

    @property
    def reidentified(self) -> int:
        return self.count(MergeOutcome.REIDENTIFIED)

    def _new(self, status: AnchorStatus) -> int:
        """New annotations (added or re-identified) anchored with ``status``."""
        new = (MergeOutcome.ADDED, MergeOutcome.REIDENTIFIED)
        return sum(1 for a in self.annotations if a.outcome in new and a.status is status)

    @property
    def fuzzy(self) -> int:
        return self._new(AnchorStatus.FUZZY)

    @property
    def orphaned(self) -> int:
        return self._new(AnchorStatus.ORPHANED)

    def summary(self) -> str:
        counts = ", ".join(f"{self.count(o)} {o.value}" for o in MergeOutcome)
        doubtful = [
            f"{n} {what}" for n, what in ((self.fuzzy, "fuzzy"), (self.orphaned, "orphaned")) if n
        ]
        if doubtful:
            counts += f" (of the new ones: {', '.join(doubtful)})"
        return counts

    def notable(self) -> list[ImportedAnnotation]:
        """The annotations a decision was taken about (neither simply added nor
        unchanged): what a person should look at."""
        plain = (MergeOutcome.ADDED, MergeOutcome.UNCHANGED)
        return [a for a in self.annotations if a.outcome not in plain]

    def as_json(self) -> dict[str, object]:
        counts: dict[str, object] = {o.value: self.count(o) for o in MergeOutcome}
        counts["fuzzy"] = self.fuzzy
        counts["orphaned"] = self.orphaned
        counts["annotations"] = [a.as_json() for a in self.annotations]
        return counts
