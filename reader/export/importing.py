"""Merging an annotation file (W3C JSON-LD or Hypothesis JSON) into the database: all
of it, or nothing.

An annotation is known by its IRI, so importing the same file twice, or a file that
was exported from this very database, adds nothing twice. The merge rule, for each
incoming annotation:

- its IRI is new here: it is **added** with that IRI;
- its IRI is here on the same target (the same article, when the file's article can
  be found here at all, and the same quote as the local annotation has or once had):
  if note, tags and colour are the same it is **unchanged**; else the newer
  ``modified`` wins: a newer incoming edit **updates** the local one, whose previous
  note, tags and colour go to its revisions first
  (:func:`reader.annotations.revisions`), and an older or equally old one leaves
  the local edit as it is (**kept-newer-local**). One deleted here stays deleted
  (**kept-deleted**);
- its IRI is here on a different target: the incoming annotation is a different one
  that happens to share the id, so it is **re-identified**: saved as a new annotation
  under a new IRI derived from the old one and its target (so importing the file
  again finds it, and adds nothing twice). Nothing local is overwritten.

:class:`~reader.export.merge_report.ImportReport` says what happened to each
annotation, and counts.

A new annotation is matched to an article by, in order: the hash of the clean text
its offsets count in (exactly that version), its web address, its source file. If
the quote is at the stated position it is saved as it is, with its timestamps;
otherwise it is anchored like an annotation carried over to a new version (exact
quote with the best context, else a fuzzy match, else kept as an orphan). Saved
against an older version, it is then carried over to the current one. An orphan
keeps the selectors it came with and the IRI of the text they count in, so an
export gives back exactly what was imported. Notes, tags and quotes are saved with
LF line ends, as everywhere.

Limits, checked before anything is saved (a file past one is refused with a
one-line reason):

- the file: at most 64 MiB, arrays and objects nested at most 64 levels deep;
- at most 100,000 annotations per file;
- per annotation: a note of at most 100,000 characters, at most 100 tags of at most
  200 characters each, a quote of at most 100,000 characters with a prefix and a
  suffix of at most 10,000 each, offsets from 0 to 1,000,000,000, ids, sources and
  paths of at most 2,000 characters, dates between the years 1 and 9999 (UTC).

Limits, shapes, tags, colours and the article of every new annotation are checked
before the write transaction begins, and everything is written inside that one
transaction; if any annotation cannot be used, each problem is reported on its own
line and nothing is saved.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

from reader.anchoring import AnchorStatus, Outcome, Selector, reanchor, select
from reader.annotations import (
    DEFAULT_COLOR,
    normalize_color,
    normalize_line_ends,
    normalize_note,
    normalize_tags,
    reanchor_article,
    tag_color,
)
from reader.errors import NotFound, ReaderError
from reader.export.incoming import Incoming
from reader.export.json_input import read_json_file, read_json_text
from reader.export.merge_report import ImportedAnnotation, ImportReport, MergeOutcome
from reader.export.parsing import parse
from reader.export.records import web_uri
from reader.export.w3c import SHA256_URN
from reader.paths import path_key, path_of_key
from reader.store import annotations as annotation_store
from reader.store import articles as article_store
from reader.store import interchange
from reader.store.annotations import AnnotationRow
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction

#: Derived IRIs tried for an annotation whose id another annotation has here.
_REIDENTIFY_TRIES = 5
#: The namespace of re-identified annotations' ``urn:uuid:`` IRIs (a UUID 5 of
#: the incoming IRI and its target).
_REIDENTIFIED = uuid.UUID("5b0e6a52-6c1c-4a55-9a43-3f5f2ad7c0de")


class AnnotationImportError(ReaderError):
    """Some annotations in the file cannot be used; nothing was imported.

    ``str()`` is one line: the problem itself when there is one, else a summary;
    ``problems`` has one line per annotation.
    """

    def __init__(self, problems: list[str], total: int) -> None:
        if len(problems) == 1:
            message = f"{problems[0]}; nothing was imported"
        else:
            message = (
                f"{len(problems)} of {total} annotations cannot be imported; nothing was imported"
            )
        super().__init__(message)
        self.problems = problems


def import_file(db: Database, path: Path, *, base: Path | None = None) -> ImportReport:
    """Import a JSON file (``base`` resolves relative source paths; default: its folder)."""
    return import_document(db, read_json_file(path), base=base or path.parent)


def import_text(db: Database, text: str, *, name: str, base: Path) -> ImportReport:
    """Import a JSON document given as text; ``name`` says where it came from."""
    return import_document(db, read_json_text(text, name=name), base=base)


def import_document(db: Database, document: object, *, base: Path) -> ImportReport:
    """Import a parsed JSON document (see :func:`reader.export.parsing.parse` for shapes).

    Every limit, every shape, every tag and colour and the article of every new
    annotation are checked before the write transaction begins.
    """
    parsed = parse(document, now=now_iso())
    total = len(parsed.items) + len(parsed.problems)
    problems = list(parsed.problems)
    report = ImportReport()
    merger = _Merger(db, base, report)
    items = [_normalized(item) for item in parsed.items]
    for item in items:
        try:
            merger.check(item)
        except ReaderError as error:
            problems.append((item.number, f"{item.label}: {error}"))
    if problems:
        raise AnnotationImportError([line for _, line in sorted(problems)], total)
    with store_errors(db), write_transaction(db):
        for item in items:
            try:
                merger.merge(item)
            except ReaderError as error:
                problems.append((item.number, f"{item.label}: {error}"))
        if problems:
            raise AnnotationImportError([line for _, line in sorted(problems)], total)
        for article_id in sorted(merger.behind):
            reanchor_article(db, article_id)
    return report


def _normalized(item: Incoming) -> Incoming:
    """The annotation with LF line ends in its note, tags and quote, as all are saved."""
    texts = (item.note, item.exact, item.prefix, item.suffix, *item.tags)
    if not any("\r" in text for text in texts):
        return item
    return dataclasses.replace(
        item,
        note=normalize_note(item.note),
        tags=tuple(normalize_line_ends(t) for t in item.tags),
        exact=normalize_line_ends(item.exact),
        prefix=normalize_line_ends(item.prefix),
        suffix=normalize_line_ends(item.suffix),
    )


@dataclass(frozen=True)
class _Located:
    """Where an incoming annotation belongs here; ``exact_text``: the version is the
    very text its selectors count in (found by hash)."""

    article_id: int
    version_id: int
    exact_text: bool


@dataclass
class _Merger:
    """Merges one file's annotations; remembers what it looked up, since a file holds
    many annotations on few articles (the version hash has no index to search by)."""

    db: Database
    base: Path
    report: ImportReport
    behind: set[int] = field(default_factory=set)
    _located: dict[tuple[str, str | None, str | None], _Located] = field(default_factory=dict)
    _texts: dict[int, str] = field(default_factory=dict)
    _paths: dict[str, int] | None = None
    #: Each checked annotation's normalised tags and colour, by its number.
    _styles: dict[int, tuple[list[tuple[str, str]], str | None]] = field(default_factory=dict)

    def check(self, item: Incoming) -> None:
        """Raise what merging would, without writing: bad tags or colour, or no
        article here for an annotation this database does not know."""
        self._styles[item.number] = (normalize_tags(item.tags), normalize_color(item.color))
        if interchange.find_iri(self.db, item.iri) is None:
            self._locate(item)

    def merge(self, item: Incoming) -> None:
        """Merge an annotation :meth:`check` has passed."""
        tags, color = self._styles[item.number]
        for iri in _candidate_iris(item):
            known = interchange.find_iri(self.db, iri)
            if known is None:
                self._add(item, iri, tags, color)
                return
            row = annotation_store.get_row(self.db, known[0])
            assert row is not None
            if self._same_target(item, row):
                self._merge_into(item, row, iri, tags, color)
                return
        raise ReaderError("its id and the ids derived from it all belong to other passages here")

    def _same_target(self, item: Incoming, row: AnnotationRow) -> bool:
        """Whether the incoming annotation marks what the local one marks: the same
        article (when the file's can be found here) and a quote the local one has or
        had before its text changed."""
        try:
            article_id = self._locate(item).article_id
        except NotFound:
            article_id = row.article_id
        if article_id != row.article_id:
            return False
        if item.exact == row.selector.exact:
            return True
        history = annotation_store.anchor_history(self.db, row.id)
        return any(entry.selector.exact == item.exact for entry in history)

    def _merge_into(
        self,
        item: Incoming,
        row: AnnotationRow,
        iri: str,
        tags: list[tuple[str, str]],
        color: str | None,
    ) -> None:
        if row.deleted_at is not None:
            outcome = MergeOutcome.KEPT_DELETED
        elif (item.note, _keys(tags), _shown_color(color, tags)) == (
            row.note,
            _keys(row.tags),
            _shown_color(row.color, row.tags),
        ):
            outcome = MergeOutcome.UNCHANGED
        elif _later(item.modified, row.updated_at):
            annotation_store.save_revision(self.db, row.id, "import", now_iso())
            annotation_store.update_fields(
                self.db, row.id, {"note": item.note, "color": color}, item.modified
            )
            annotation_store.set_tags(self.db, row.id, tags, item.modified)
            outcome = MergeOutcome.UPDATED
        else:
            outcome = MergeOutcome.KEPT_NEWER_LOCAL
        self.report.annotations.append(
            ImportedAnnotation(item.number, item.iri, outcome, row.id, iri, row.status)
        )

    def _add(
        self, item: Incoming, iri: str, tags: list[tuple[str, str]], color: str | None
    ) -> None:
        located = self._locate(item)
        article_id, version_id = located.article_id, located.version_id
        if version_id not in self._texts:
            self._texts[version_id] = article_store.get_version_text(self.db, version_id)
        selector, status = _anchor(item, self._texts[version_id])
        annotation_id = annotation_store.insert_annotation(
            self.db, article_id, version_id, selector, item.note, color, item.created
        )
        interchange.set_iri(self.db, annotation_id, iri)
        annotation_store.set_tags(self.db, annotation_id, tags, item.created)
        annotation_store.update_fields(self.db, annotation_id, {}, item.modified)
        if status is not AnchorStatus.ANCHORED:
            interchange.set_status(self.db, annotation_id, status)
        if status is AnchorStatus.ORPHANED and not located.exact_text:
            annotation_store.set_source_iri(self.db, annotation_id, item.source)
        current = annotation_store.current_version_id(self.db, article_id)
        if status is not AnchorStatus.ORPHANED and version_id != current:
            self.behind.add(article_id)
        outcome = MergeOutcome.ADDED if iri == item.iri else MergeOutcome.REIDENTIFIED
        self.report.annotations.append(
            ImportedAnnotation(item.number, item.iri, outcome, annotation_id, iri, status)
        )

    def _locate(self, item: Incoming) -> _Located:
        key = (item.source, item.url, item.path)
        if key not in self._located:
            self._located[key] = self._version(item)
        return self._located[key]

    def _version(self, item: Incoming) -> _Located:
        """The article and version the annotation belongs to: the exact text if this
        database has it, else the current version of the article it names."""
        if item.source.startswith(SHA256_URN):
            matches = interchange.versions_with_hash(self.db, item.source[len(SHA256_URN) :])
            if matches:
                return _Located(*matches[0], exact_text=True)
        article_id = None
        if item.url is not None:
            article_id = self._article_with_url(item.url)
        if article_id is None and item.path is not None:
            article_id = self._article_at(item.path)
        if article_id is None:
            raise NotFound(f"no article here matches {item.url or item.path or item.source}")
        version_id = article_store.get_article(self.db, article_id).version_id
        return _Located(article_id, version_id, exact_text=False)

    def _article_with_url(self, url: str) -> int | None:
        """The article imported from ``url``, written as it is, with its percent-escapes
        decoded (exports write addresses as ASCII URIs), or percent-encoded."""
        for form in dict.fromkeys((url, unquote(url), web_uri(url))):
            found = interchange.articles_with_url(self.db, form)
            if found:
                return found[0]
        return None

    def _article_at(self, path: str) -> int | None:
        if self._paths is None:
            self._paths = article_store.paths(self.db)
        return self._paths.get(path_key(self.base / path_of_key(path)))


def _candidate_iris(item: Incoming) -> Iterator[str]:
    """The annotation's own IRI, then the IRIs it is re-identified under when that one
    belongs to another passage here: derived from the IRI and the target, so the same
    annotation gets the same new IRI on every import."""
    yield item.iri
    target = "\n".join([item.iri, item.source, item.exact, str(item.start), str(item.end)])
    for attempt in range(_REIDENTIFY_TRIES):
        yield uuid.uuid5(_REIDENTIFIED, f"{target}\n{attempt}").urn


def _keys(tags: tuple[tuple[str, str], ...] | list[tuple[str, str]]) -> list[str]:
    return [key for _, key in tags]


def _shown_color(
    color: str | None, tags: tuple[tuple[str, str], ...] | list[tuple[str, str]]
) -> str:
    """The colour an annotation is shown in: chosen, else its first tag's."""
    if color is not None:
        return color
    return tag_color(tags[0][1]) if tags else DEFAULT_COLOR


def _anchor(item: Incoming, text: str) -> tuple[Selector, AnchorStatus]:
    """The selector to save and how sure it is: at the stated position if the quote is
    there, else wherever anchoring finds it, else the file's selector as an orphan."""
    start, end = item.start, item.end
    if start is not None and end is not None and text[start:end] == item.exact:
        return select(text, start, end), AnchorStatus.ANCHORED
    guess = start if start is not None else 0
    stated = Selector(guess, guess + len(item.exact), item.exact, item.prefix, item.suffix)
    found = reanchor(stated, text)
    if found.outcome is Outcome.ORPHANED:
        return stated, AnchorStatus.ORPHANED
    return found.selector, found.outcome.status


def _later(incoming: str, local: str) -> bool:
    return datetime.fromisoformat(incoming) > datetime.fromisoformat(local)
