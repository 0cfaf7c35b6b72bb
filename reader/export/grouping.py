"""How exported annotations are grouped: into one section (or one file) per article or
per tag, always in document order inside a group."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from reader.annotations import tag_key
from reader.export.records import ExportAnnotation


class GroupBy(enum.StrEnum):
    ARTICLE = "article"
    TAG = "tag"


@dataclass(frozen=True)
class Group:
    """A section of an export: its name (article title or tag) and its annotations."""

    name: str
    records: tuple[ExportAnnotation, ...]


#: The group, when grouping by tag, of annotations that have none.
UNTAGGED = "Without tags"


def group(
    records: Sequence[ExportAnnotation],
    group_by: GroupBy,
    *,
    tags: Sequence[str] | None = None,
) -> list[Group]:
    """Groups in a stable order: articles as they come, tags by their key.

    Grouped by tag, an annotation appears under each of its tags; when the export is
    filtered by ``tags``, only those tags get a group (the annotation's other tags are
    not what was asked for).
    """
    if group_by is GroupBy.ARTICLE:
        by_article: dict[int, list[ExportAnnotation]] = {}
        for record in records:
            by_article.setdefault(record.article.id, []).append(record)
        return [Group(rows[0].article.title, tuple(rows)) for rows in by_article.values()]
    wanted = None if tags is None else {tag_key(tag) for tag in tags}
    by_tag: dict[str, tuple[str, list[ExportAnnotation]]] = {}
    untagged: list[ExportAnnotation] = []
    for record in records:
        if not record.tags:
            untagged.append(record)
        for name in record.tags:
            key = tag_key(name)
            if wanted is None or key in wanted:
                by_tag.setdefault(key, (name, []))[1].append(record)
    groups = [Group(name, tuple(rows)) for _, (name, rows) in sorted(by_tag.items())]
    if untagged:
        groups.append(Group(UNTAGGED, tuple(untagged)))
    return groups
