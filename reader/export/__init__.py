"""Exporting annotations as Markdown, W3C Web Annotations or Hypothesis JSON, and
importing the latter two.

This is what the command line and the TUI call:

- :func:`render` gives one document as text (for stdout);
- :func:`export_file` writes one document to a file, atomically;
- :func:`export_to_folder` writes one file per article (or per tag) into a folder;
- :func:`import_annotations` merges a W3C or Hypothesis JSON file back in (one
  transaction).

The JSON exports are pure functions of the database (and the creator named): the same
annotations give the same bytes. Markdown's front matter says when the export was
made (``exported_at``, the clock unless the caller gives a time), as a note-taking
tool's "created" property does; everything else in it is as deterministic.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.export import hypothesis, markdown, obsidian, table, w3c
from reader.export.agents import Creator
from reader.export.filenames import unique_names
from reader.export.grouping import Group, GroupBy, group
from reader.export.importing import AnnotationImportError, import_file, import_text
from reader.export.merge_report import ImportReport, MergeOutcome
from reader.export.records import ExportAnnotation, Selection, collect
from reader.export.writing import write_atomic, write_folder
from reader.store.articles import now_iso

if TYPE_CHECKING:
    from reader.store.database import Database


__all__ = [
    "AnnotationImportError",
    "Creator",
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
    HYPOTHESIS = "hypothesis"
    CSV = "csv"

    @property
    def suffix(self) -> str:
        return {Format.MARKDOWN: ".md", Format.CSV: ".csv"}.get(self, ".json")


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
    creator: Creator | None = None,
    tag_script: DisplayScript = DisplayScript.ORIGINAL,
) -> str:
    """The selected annotations as one document.

    ``article_ids``/``tags`` select (None: all); ``script`` converts quotes and titles
    for display (Markdown only: JSON keeps the stored text); ``base`` is the folder
    article paths are shown relative to (None: absolute); ``creator`` is the person the
    JSON formats name (None: nobody); ``tag_script`` the script Markdown's tags are
    written in (see :mod:`reader.export.obsidian`).
    """
    if fmt is Format.CSV:
        if script is not DisplayScript.ORIGINAL:
            raise ReaderError("--script applies to Markdown only: CSV keeps the stored text")
        return table.annotations_csv(db, article_ids, tags)
    export = _Export(
        db, fmt, article_ids, tags, group_by, script, exported_at, base, creator, tag_script
    )
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
    creator: Creator | None = None,
    tag_script: DisplayScript = DisplayScript.ORIGINAL,
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
        creator=creator,
        tag_script=tag_script,
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
    creator: Creator | None = None,
    tag_script: DisplayScript = DisplayScript.ORIGINAL,
) -> list[Path]:
    """One file per article (or per tag with ``group_by=GroupBy.TAG``) in ``folder``,
    which is created if missing; returns the paths written, in export order.

    Files are named after the article title (or tag), made safe, with `` (2)`` added
    when two would collide; an existing file of the same name is replaced.
    """
    if fmt is Format.CSV:
        raise ReaderError("CSV is one table: give a file name or - for stdout, not a folder")
    export = _Export(
        db, fmt, article_ids, tags, group_by, script, exported_at, base, creator, tag_script
    )
    groups = export.groups
    names = unique_names([g.name for g in groups], fmt.suffix)
    files = [(name, export.document([g])) for name, g in zip(names, groups, strict=True)]
    return write_folder(folder, files)


def import_annotations(db: Database, path: Path, *, base: Path | None = None) -> ImportReport:
    """Merge a W3C or Hypothesis JSON file into the database (see :mod:`reader.export.importing`).

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
        creator: Creator | None,
        tag_script: DisplayScript,
    ) -> None:
        if fmt is not Format.MARKDOWN and script is not DisplayScript.ORIGINAL:
            raise ReaderError("--script applies to Markdown only: JSON keeps the stored text")
        self.selection = Selection(
            article_ids=None if article_ids is None else tuple(article_ids),
            tags=None if tags is None else tuple(tags),
        )
        self.records = collect(db, self.selection, script=script, base=base)
        self.fmt = fmt
        self.group_by = group_by
        self.script = script
        self.exported_at = exported_at or now_iso()
        self.creator = creator
        self.tag_script = tag_script
        self.groups = group(self.records, group_by, tags=self.selection.tags)

    def document(self, groups: Sequence[Group]) -> str:
        if self.fmt is Format.JSON:
            return w3c.collection_text(self._in_order(groups), self.creator)
        if self.fmt is Format.HYPOTHESIS:
            return hypothesis.search_text(self._in_order(groups), self.creator)
        return markdown.render(
            groups,
            group_by=self.group_by,
            front_matter=self._front(groups),
            tag_script=self.tag_script,
        )

    def _front(self, groups: Sequence[Group]) -> dict[str, object]:
        filters: dict[str, object] = {}
        if self.selection.article_ids is not None:
            filters["articles"] = list(self.selection.article_ids)
        if self.selection.tags is not None:
            filters["tags"] = list(self.selection.tags)
        records = self._in_order(groups)
        by_tag = self.group_by is GroupBy.TAG and len(groups) == 1
        title = groups[0].name if by_tag else markdown.TITLE
        return {
            **obsidian.properties(records, title=title, tag_script=self.tag_script),
            "exported_at": self.exported_at,
            "filters": filters,
            "group_by": self.group_by.value,
            "script": self.script.value,
            "annotations": len(records),
        }

    def _in_order(self, groups: Sequence[Group]) -> list[ExportAnnotation]:
        """The records of ``groups``, each once (by tag, one can be in several groups),
        in document order (which one group keeps already)."""
        if len(groups) == 1:
            return list(groups[0].records)
        wanted = {record.iri for g in groups for record in g.records}
        return [record for record in self.records if record.iri in wanted]
