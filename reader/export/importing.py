"""Merging a W3C annotation file into the database: all of it, or nothing.

An annotation is known by its IRI, so importing the same file twice, or a file that
was exported from this very database, adds nothing twice. A known annotation takes
the incoming note, tags and colour only if the file's ``modified`` is newer than the
local edit (the later edit wins); one deleted here stays deleted.

A new annotation is matched to an article by, in order: the hash of the clean text
its offsets count in (exactly that version), its web address, its source file. If
the quote is at the stated position it is saved as it is, with its timestamps;
otherwise it is anchored like an annotation carried over to a new version (exact
quote with the best context, else a fuzzy match, else kept as an orphan). Saved
against an older version, it is then carried over to the current one.

Everything is checked and written inside one write transaction; if any annotation
cannot be used, each problem is reported on its own line and nothing is saved.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from reader.anchoring import AnchorStatus, Outcome, Selector, reanchor, select
from reader.annotations import normalize_color, normalize_tags, reanchor_article
from reader.errors import NotFound, ReaderError
from reader.export.w3c import SHA256_URN, Incoming, parse
from reader.paths import path_key, path_of_key
from reader.store import annotations as annotation_store
from reader.store import articles as article_store
from reader.store import interchange
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction


@dataclass
class ImportReport:
    """How many annotations were added (and of those, anchored only approximately or
    not at all), updated from newer edits, and left as they were."""

    added: int = 0
    fuzzy: int = 0
    orphaned: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        added = f"{self.added} added"
        doubtful = [
            f"{n} {what}" for n, what in ((self.fuzzy, "fuzzy"), (self.orphaned, "orphaned")) if n
        ]
        if doubtful:
            added += f" ({', '.join(doubtful)})"
        return f"{added}, {self.updated} updated, {self.unchanged} unchanged"

    def as_json(self) -> dict[str, int]:
        return {
            "added": self.added,
            "fuzzy": self.fuzzy,
            "orphaned": self.orphaned,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }


class AnnotationImportError(ReaderError):
    """Some annotations in the file cannot be used; nothing was imported.

    ``str()`` is the one-line summary; ``problems`` has one line per annotation.
    """

    def __init__(self, problems: list[str], total: int) -> None:
        super().__init__(
            f"{len(problems)} of {total} annotations cannot be imported; nothing was imported"
        )
        self.problems = problems


def import_file(db: Database, path: Path, *, base: Path | None = None) -> ImportReport:
    """Import a JSON file (``base`` resolves relative source paths; default: its folder)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ReaderError(f"cannot read {path}: {reason}") from None
    return import_text(db, text, name=str(path), base=base or path.parent)


def import_text(db: Database, text: str, *, name: str, base: Path) -> ImportReport:
    """Import a JSON document given as text; ``name`` says where it came from."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReaderError(
            f"{name} is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    return import_document(db, document, base=base)


def import_document(db: Database, document: object, *, base: Path) -> ImportReport:
    """Import a parsed JSON document (see :func:`reader.export.w3c.parse` for shapes)."""
    parsed = parse(document, now=now_iso())
    problems = list(parsed.problems)
    report = ImportReport()
    total = len(parsed.items) + len(parsed.problems)
    with store_errors(db), write_transaction(db):
        merger = _Merger(db, base, report)
        for item in parsed.items:
            try:
                merger.merge(item)
            except ReaderError as error:
                problems.append((item.number, f"{item.label}: {error}"))
        if problems:
            raise AnnotationImportError([line for _, line in sorted(problems)], total)
        for article_id in sorted(merger.behind):
            reanchor_article(db, article_id)
    return report


@dataclass
class _Merger:
    """Merges one file's annotations; remembers what it looked up, since a file holds
    many annotations on few articles (the version hash has no index to search by)."""

    db: Database
    base: Path
    report: ImportReport
    behind: set[int] = field(default_factory=set)
    _versions: dict[tuple[str, str | None, str | None], tuple[int, int]] = field(
        default_factory=dict
    )
    _texts: dict[int, str] = field(default_factory=dict)
    _paths: dict[str, int] | None = None

    def merge(self, item: Incoming) -> None:
        tags = normalize_tags(item.tags)
        color = normalize_color(item.color)
        known = interchange.find_iri(self.db, item.iri)
        if known is None:
            self._add(item, tags, color)
            return
        annotation_id, deleted = known
        row = annotation_store.get_row(self.db, annotation_id)
        assert row is not None
        if deleted or not _later(item.modified, row.updated_at):
            self.report.unchanged += 1
            return
        annotation_store.update_fields(
            self.db, annotation_id, {"note": item.note, "color": color}, item.modified
        )
        annotation_store.set_tags(self.db, annotation_id, tags, item.modified)
        self.report.updated += 1

    def _add(self, item: Incoming, tags: list[tuple[str, str]], color: str | None) -> None:
        key = (item.source, item.url, item.path)
        if key not in self._versions:
            self._versions[key] = self._version(item)
        article_id, version_id = self._versions[key]
        if version_id not in self._texts:
            self._texts[version_id] = article_store.get_version_text(self.db, version_id)
        selector, status = _anchor(item, self._texts[version_id])
        annotation_id = annotation_store.insert_annotation(
            self.db, article_id, version_id, selector, item.note, color, item.created
        )
        interchange.set_iri(self.db, annotation_id, item.iri)
        annotation_store.set_tags(self.db, annotation_id, tags, item.created)
        annotation_store.update_fields(self.db, annotation_id, {}, item.modified)
        if status is not AnchorStatus.ANCHORED:
            interchange.set_status(self.db, annotation_id, status)
        current = annotation_store.current_version_id(self.db, article_id)
        if status is not AnchorStatus.ORPHANED and version_id != current:
            self.behind.add(article_id)
        self.report.added += 1
        self.report.fuzzy += status is AnchorStatus.FUZZY
        self.report.orphaned += status is AnchorStatus.ORPHANED

    def _version(self, item: Incoming) -> tuple[int, int]:
        """The article and version the annotation belongs to: the exact text if this
        database has it, else the current version of the article it names."""
        if item.source.startswith(SHA256_URN):
            matches = interchange.versions_with_hash(self.db, item.source[len(SHA256_URN) :])
            if matches:
                return matches[0]
        article_id = None
        if item.url is not None:
            article_id = next(iter(interchange.articles_with_url(self.db, item.url)), None)
        if article_id is None and item.path is not None:
            article_id = self._article_at(item.path)
        if article_id is None:
            raise NotFound(f"no article here matches {item.url or item.path or item.source}")
        return article_id, article_store.get_article(self.db, article_id).version_id

    def _article_at(self, path: str) -> int | None:
        if self._paths is None:
            self._paths = article_store.paths(self.db)
        return self._paths.get(path_key(self.base / path_of_key(path)))


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
