"""Exporting annotations as Markdown or W3C Web Annotations, and importing the latter.

This is what the command line and the TUI call:

- :func:`render` gives one document as text (for stdout);
- :func:`export_file` writes one document to a file, atomically;
- :func:`export_to_folder` writes one file per article (or per tag) into a folder;
- :func:`import_annotations` merges a W3C JSON file back in (one transaction).

Every export is deterministic: the same database gives the same bytes. Markdown's
``exported_at`` is therefore, unless the caller gives one, the time of the newest
change among the exported annotations (what the export is "as of"), not the clock.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.export import markdown, table, w3c
from reader.export.filenames import unique_names
from reader.export.grouping import Group, GroupBy, group
from reader.export.importing import AnnotationImportError, import_file, import_text
from reader.export.merge_report import ImportReport, MergeOutcome
from reader.export.records import ExportAnnotation, Selection, collect
from reader.export.writing import write_atomic, write_folder

if TYPE_CHECKING:
    from reader.store.database import Database


__all__ = [
    "AnnotationImportError",
    "Format",
    "GroupBy",
    "ImportReport",
    "MergeOutcome",
    "export_file",
    "export_to_folder",
    "import_annotations",
    "import_text",
    "render",
]


class Format(enum.StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        return {Format.MARKDOWN: ".md", Format.JSON: ".json", Format.CSV: ".csv"}[self]


def render(
    db: Database,
    *,
    fmt: Format = Format.MARKDOWN,
    article_ids: Sequence[int] | None = None,
    tags: Sequence[str] | None = None,
    group_by: GroupBy = GroupBy.ARTICLE,
    script: DisplayScript = DisplayScript.ORIGINAL,
    exported_at: str | None = None,
    base: Path | None = None,
) -> str:
    """The selected annotations as one document.

    ``article_ids``/``tags`` select (None: all); ``script`` converts quotes and titles
    for display (Markdown only: JSON keeps the stored text); ``base`` is the folder
    article paths are shown relative to (None: absolute).
    """
    if fmt is Format.CSV:
        if script is not DisplayScript.ORIGINAL:
            raise ReaderError("--script applies to Markdown only: CSV keeps the stored text")
        return table.annotations_csv(db, article_ids, tags)
    export = _Export(db, fmt, article_ids, tags, group_by, script, exported_at, base)
    return export.document(export.groups)


def export_file(
    db: Database,
    path: Path,
    *,
    fmt: Format = Format.MARKDOWN,
    article_ids: Sequence[int] | None = None,
    tags: Sequence[str] | None = None,
    group_by: GroupBy = GroupBy.ARTICLE,
    script: DisplayScript = DisplayScript.ORIGINAL,
    exported_at: str | None = None,
    base: Path | None = None,
) -> Path:
    """Write :func:`render`'s document to ``path`` atomically; returns ``path``."""
    text = render(
        db,
        fmt=fmt,
        article_ids=article_ids,
        tags=tags,
        group_by=group_by,
        script=script,
        exported_at=exported_at,
        base=base,
    )
    return write_atomic(path, text)


def export_to_folder(
    db: Database,
    folder: Path,
    *,
    fmt: Format = Format.MARKDOWN,
    article_ids: Sequence[int] | None = None,
    tags: Sequence[str] | None = None,
    group_by: GroupBy = GroupBy.ARTICLE,
    script: DisplayScript = DisplayScript.ORIGINAL,
    exported_at: str | None = None,
    base: Path | None = None,
) -> list[Path]:
    """One file per article (or per tag with ``group_by=GroupBy.TAG``) in ``folder``,
    which is created if missing; returns the paths written, in export order.

    Files are named after the article title (or tag), made safe, with `` (2)`` added
    when two would collide; an existing file of the same name is replaced.
    """
    if fmt is Format.CSV:
        raise ReaderError("CSV is one table: give a file name or - for stdout, not a folder")
    export = _Export(db, fmt, article_ids, tags, group_by, script, exported_at, base)
    groups = export.groups
    names = unique_names([g.name for g in groups], fmt.suffix)
    files = [(name, export.document([g])) for name, g in zip(names, groups, strict=True)]
    return write_folder(folder, files)


def import_annotations(db: Database, path: Path, *, base: Path | None = None) -> ImportReport:
    """Merge a W3C JSON file into the database (see :mod:`reader.export.importing`).

    Raises :class:`AnnotationImportError` (with one problem per unusable annotation)
    or :class:`~reader.errors.ReaderError`; either way nothing was saved.
    """
    return import_file(db, path, base=base)


class _Export:
    """One export's records and settings, rendered as one or several documents."""

    def __init__(
        self,
        db: Database,
        fmt: Format,
        article_ids: Sequence[int] | None,
        tags: Sequence[str] | None,
        group_by: GroupBy,
        script: DisplayScript,
        exported_at: str | None,
        base: Path | None,
    ) -> None:
        if fmt is Format.JSON and script is not DisplayScript.ORIGINAL:
            raise ReaderError("--script applies to Markdown only: JSON keeps the stored text")
        self.selection = Selection(
            article_ids=None if article_ids is None else tuple(article_ids),
            tags=None if tags is None else tuple(tags),
        )
        self.records = collect(db, self.selection, script=script, base=base)
        self.fmt = fmt
        self.group_by = group_by
        self.script = script
        self.exported_at = exported_at or _as_of(self.records)
        self.groups = group(self.records, group_by, tags=self.selection.tags)

    def document(self, groups: Sequence[Group]) -> str:
        if self.fmt is Format.JSON:
            return w3c.collection_text(self._in_order(groups))
        return markdown.render(groups, group_by=self.group_by, front_matter=self._front(groups))

    def _front(self, groups: Sequence[Group]) -> dict[str, object]:
        filters: dict[str, object] = {}
        if self.selection.article_ids is not None:
            filters["articles"] = list(self.selection.article_ids)
        if self.selection.tags is not None:
            filters["tags"] = list(self.selection.tags)
        return {
            "exported_at": self.exported_at,
            "filters": filters,
            "group_by": self.group_by.value,
            "script": self.script.value,
            "annotations": len(self._in_order(groups)),
        }

    def _in_order(self, groups: Sequence[Group]) -> list[ExportAnnotation]:
        """The records of ``groups``, each once (by tag, one can be in several groups),
        in document order (which one group keeps already)."""
        if len(groups) == 1:
            return list(groups[0].records)
        wanted = {record.iri for g in groups for record in g.records}
        return [record for record in self.records if record.iri in wanted]


def _as_of(records: Sequence[ExportAnnotation]) -> str | None:
    """The newest ``updated`` among the records: when the export's content last changed."""
    return max((r.updated for r in records), default=None)
