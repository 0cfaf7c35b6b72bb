"""What an export holds: annotations with their article, read once from the store.

The renderers never touch the database; this adapter gathers everything they need
(the article's metadata, the IRI, the hash of the exact text the offsets count in,
the paragraph number, the quote in the requested script) so that Markdown and JSON
are pure functions of these records and therefore deterministic.

A quote in another script is cut from the whole converted text through the
:class:`~reader.conversion.OffsetMap`, never converted on its own: OpenCC is
context-sensitive, so a fragment can convert differently from the same characters
in their sentence. The exception is an annotation whose quote is not at its offsets
in the version it names (an orphan imported from a text this database does not
hold): its stored quote is all there is, so that is what is shown, converted alone.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from reader.anchoring import AnchorStatus
from reader.annotations import (
    DEFAULT_COLOR,
    Annotation,
    list_annotations,
    tag_color,
    tag_key,
)
from reader.conversion import DisplayScript, for_display
from reader.paths import ESCAPED_PREFIX, path_bytes
from reader.store import interchange
from reader.store.articles import get_article, get_version_text

if TYPE_CHECKING:
    from reader.store.database import Database


@dataclass(frozen=True)
class Selection:
    """Which annotations to export: all, or those of some articles and/or tags.

    ``tags`` keeps annotations carrying any of them, compared as the core compares
    tags (script, case and width folded).
    """

    article_ids: tuple[int, ...] | None = None
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class ExportArticle:
    """An article's metadata as exported; ``title``, ``source`` and ``author`` are in the
    requested script and ``path`` is relative to the export's base folder when it lies inside it;
    ``location`` is always absolute, so a file read elsewhere still says where the text is."""

    id: int
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    path: str
    #: Where the article came from as an absolute IRI: its web address, else its file.
    location: str = ""


@dataclass(frozen=True)
class ExportAnnotation:
    """One annotation with all an export shows of it.

    ``start``/``end``/``quote``/``prefix``/``suffix`` are the stored selectors against
    the clean original text whose SHA-256 is ``text_sha256``, or, when ``source_iri``
    is set, against the text it names (one this database does not hold);
    ``positioned`` is False when the offsets are known to point elsewhere (then only
    the quote is exported). ``shown_quote`` is the quote in the requested script;
    ``paragraph`` counts non-blank lines from 1 (None: not in a text held here);
    ``color`` is the colour the user chose, None when it follows the first tag.
    """

    iri: str
    article: ExportArticle
    text_sha256: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    shown_quote: str
    paragraph: int | None
    tags: tuple[str, ...]
    note: str
    color: str | None
    status: AnchorStatus
    created: str
    updated: str
    source_iri: str | None = None
    positioned: bool = True


def collect(
    db: Database,
    selection: Selection = Selection(),
    *,
    script: DisplayScript = DisplayScript.ORIGINAL,
    base: Path | None = None,
) -> list[ExportAnnotation]:
    """The selected live annotations in document order.

    Articles come in id order; within one, annotations follow their start offset,
    with orphans (whose offsets refer to an older version) after the rest. An unknown
    article id raises :class:`~reader.errors.NotFound`.
    """
    for article_id in selection.article_ids or ():
        get_article(db, article_id)
    found = list_annotations(db, article_ids=selection.article_ids, tags=selection.tags)
    found.sort(
        key=lambda a: (a.article_id, a.status is AnchorStatus.ORPHANED, a.start, a.end, a.id)
    )
    articles: dict[int, ExportArticle] = {}
    versions: dict[int, _Version] = {}
    hashes = interchange.version_hashes(db, {a.version_id for a in found})
    iris = interchange.iris(db)
    records = []
    for annotation in found:
        article = articles.get(annotation.article_id)
        if article is None:
            article = articles[annotation.article_id] = _article(db, annotation, script, base)
        version = versions.get(annotation.version_id)
        if version is None:
            text = get_version_text(db, annotation.version_id)
            version = versions[annotation.version_id] = _Version(text, script)
        in_version = annotation.source_iri is None and version.holds(annotation)
        records.append(
            ExportAnnotation(
                iri=iris[annotation.id],
                article=article,
                text_sha256=hashes[annotation.version_id],
                start=annotation.start,
                end=annotation.end,
                quote=annotation.quote,
                prefix=annotation.prefix,
                suffix=annotation.suffix,
                shown_quote=(
                    version.shown(annotation.start, annotation.end)
                    if in_version
                    else _shown(annotation.quote, script)
                ),
                paragraph=version.paragraph(annotation.start) if in_version else None,
                tags=annotation.tags,
                note=annotation.note,
                color=_chosen_color(annotation),
                status=annotation.status,
                created=annotation.created,
                updated=annotation.updated,
                source_iri=annotation.source_iri,
                positioned=in_version or annotation.source_iri is not None,
            )
        )
    return records


def _shown_path(path: str, base: Path | None) -> str:
    """``path`` relative to ``base`` (POSIX separators) when inside it, else as stored:
    an export made in the project folder then names files the same on every machine."""
    if base is None:
        return path
    try:
        return Path(path).relative_to(base.resolve()).as_posix()
    except ValueError:
        return path


def _article(
    db: Database, annotation: Annotation, script: DisplayScript, base: Path | None
) -> ExportArticle:
    summary = get_article(db, annotation.article_id).summary
    return ExportArticle(
        id=summary.id,
        title=_shown(summary.title, script),
        source=summary.source and _shown(summary.source, script),
        author=summary.author and _shown(summary.author, script),
        date=summary.date,
        url=summary.url,
        path=_shown_path(summary.path, base),
        location=web_uri(summary.url) if summary.url else path_iri(summary.path, base),
    )


#: ASCII characters a URI may hold as they are (reserved, unreserved, and ``%``).
_URI_SAFE = "!#$%&'()*+,-./:;=?@[]_~"


def web_uri(url: str) -> str:
    """A web address as a URI: characters a URI cannot hold (non-ASCII, spaces) are
    percent-encoded as UTF-8, which is what a browser sends for them."""
    return quote(url, safe=_URI_SAFE)


def path_iri(path: str, base: Path | None = None) -> str:
    """A stored path as an absolute ``file:`` IRI: a relative one is resolved against
    ``base`` (the current folder without one); a store key escaping a name that is not
    UTF-8 is percent-encoded from its bytes."""
    if path.startswith(ESCAPED_PREFIX):
        return "file://" + quote(path_bytes(path))
    if not path.startswith("/"):
        return Path(os.path.abspath(base / path if base else path)).as_uri()
    return "file://" + quote(path)


def _shown(field: str, script: DisplayScript) -> str:
    """A metadata field in the requested script (each field is a whole text of its own)."""
    return for_display(field, script).text


def _chosen_color(annotation: Annotation) -> str | None:
    """The colour unless it is the one the tags give anyway (the core resolves it)."""
    derived = tag_color(tag_key(annotation.tags[0])) if annotation.tags else DEFAULT_COLOR
    return None if annotation.color == derived else annotation.color


class _Version:
    """One article version's text, converted once, with its paragraph starts."""

    def __init__(self, text: str, script: DisplayScript) -> None:
        self.text = text
        self.converted = for_display(text, script) if script is not DisplayScript.ORIGINAL else None
        self.paragraph_starts = _paragraph_starts(text)

    def holds(self, annotation: Annotation) -> bool:
        """Whether the annotation's quote is at its offsets in this text."""
        return self.text[annotation.start : annotation.end] == annotation.quote

    def shown(self, start: int, end: int) -> str:
        if self.converted is None:
            return self.text[start:end]
        first, last = self.converted.offsets.range_to_target(start, end)
        return self.converted.text[first:last]

    def paragraph(self, position: int) -> int:
        return max(1, bisect.bisect_right(self.paragraph_starts, position))


def _paragraph_starts(text: str) -> Sequence[int]:
    """Offsets where each non-blank line starts: the reader shows a line as a paragraph."""
    starts = []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
        position += len(line) + 1
    return starts
