"""Importing files into the store, and keeping the store in step with a corpus folder.

This is the one place where parsed files meet the store. A batch never stops at a
bad file: each rejection is recorded with its one-line reason and the rest go on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from reader.annotations import reanchor_article
from reader.errors import RejectedFile, StoreError
from reader.feed_files import KnownFeedFiles
from reader.folding import fold_text
from reader.ingest import (
    CLEANER_VERSION,
    DEFAULT_MAX_BYTES,
    collect_paths,
    describe_os_error,
    read_file,
)
from reader.ingest.documents import parse_document
from reader.ingest.feeds import feed_of
from reader.models import ParsedArticle
from reader.paths import path_key, path_of_key, shown_path
from reader.store import articles as article_store
from reader.store import feeds as feed_store
from reader.store.database import Database, write_transaction

Progress = Callable[[int, int, Path], None]

#: Files stored per transaction.
IMPORT_BATCH = 50


@dataclass
class ImportReport:
    imported: list[tuple[Path, int]] = field(default_factory=list)
    updated: list[tuple[Path, int]] = field(default_factory=list)
    unchanged: list[tuple[Path, int]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    moved: list[tuple[Path, int]] = field(default_factory=list)
    #: Why storing stopped part-way (the store failed: disk full, locked…); what is
    #: listed above was saved, the files in ``not_imported`` were not.
    stopped: str | None = None
    not_imported: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{len(self.imported)} imported",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.rejected)} rejected",
        ]
        if self.moved:
            parts.append(f"{len(self.moved)} moved")
        if self.missing:
            parts.append(f"{len(self.missing)} missing")
        if self.not_imported:
            parts.append(f"{len(self.not_imported)} not imported")
        return ", ".join(parts)

    def as_json(self) -> dict[str, object]:
        return {
            "imported": [{"path": shown_path(p), "article_id": i} for p, i in self.imported],
            "updated": [{"path": shown_path(p), "article_id": i} for p, i in self.updated],
            "unchanged": [{"path": shown_path(p), "article_id": i} for p, i in self.unchanged],
            "rejected": [{"path": shown_path(p), "reason": r} for p, r in self.rejected],
            "moved": [{"path": shown_path(p), "article_id": i} for p, i in self.moved],
            "missing": self.missing,
            "stopped": self.stopped,
            "not_imported": [shown_path(p) for p in self.not_imported],
        }


def import_files(
    db: Database,
    files: list[Path],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    report: ImportReport | None = None,
) -> ImportReport:
    """Parse and store each file; unchanged content is a no-op.

    A file whose bytes hash to what the store holds is recognised as unchanged before
    any parsing. Others are parsed outside any transaction and stored in batches, one
    transaction a batch (moves and re-anchoring of changed articles included): the
    write lock is held only while writing, a commit is not paid per file, and an error
    never leaves a file half-stored. If the store itself fails (a full disk, a lock
    held too long), the import stops there: the report keeps what was saved and names
    the files that were not, and ``stopped`` says why.

    Reading and parsing the next batch runs on a thread while this one stores the
    current batch: SQLite releases the GIL while it writes (mostly the search index),
    so on two cores the two stages overlap instead of adding up.
    """
    report = report or ImportReport()
    known = article_store.stored_files(db)
    preparer = _BatchPreparer(known, encoding, max_bytes, KnownFeedFiles(db, known))
    batches = [files[first : first + IMPORT_BATCH] for first in range(0, len(files), IMPORT_BATCH)]
    done = 0
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-import") as pool:
        upcoming = pool.submit(preparer.prepare, batches[0]) if batches else None
        for index in range(len(batches)):
            assert upcoming is not None
            batch = upcoming.result()

            def prepare_next(index: int = index) -> None:
                nonlocal upcoming
                if index + 1 < len(batches):
                    upcoming = pool.submit(preparer.prepare, batches[index + 1])

            try:
                _store_batch(db, batch, report, meanwhile=prepare_next)
            except StoreError as error:  # no later batch would fare better
                report.stopped = str(error)
                report.not_imported = files[done:]
                break
            done += len(batch.paths)
            if progress is not None:
                progress(done, len(files), batch.paths[-1])
    return report


@dataclass
class _PreparedBatch:
    """One batch of files, read and parsed, with what storing it has to do."""

    paths: list[Path]
    to_save: list[tuple[Path, ParsedArticle, str]] = field(default_factory=list)
    moves: list[tuple[Path, int, str]] = field(default_factory=list)
    found_again: list[int] = field(default_factory=list)
    unchanged: list[tuple[Path, int]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    feed_files: list[tuple[str, str, int]] = field(default_factory=list)


class _BatchPreparer:
    """Reads, fingerprints and parses files without touching the store.

    It keeps its own picture of the stored files (updated as moves are found), so one
    batch can be prepared while the one before it is being written.
    """

    def __init__(
        self,
        known: dict[str, article_store.StoredFile],
        encoding: str | None,
        max_bytes: int,
        feed_files: KnownFeedFiles,
    ) -> None:
        self.known = known
        self.feed_files = feed_files
        self.encoding = encoding
        self.max_bytes = max_bytes
        self.paths_by_digest: dict[str, list[str]] = {}
        for stored_path, stored_file in known.items():
            self.paths_by_digest.setdefault(stored_file.raw_sha256, []).append(stored_path)

    def prepare(self, paths: list[Path]) -> _PreparedBatch:
        batch = _PreparedBatch(paths)
        for path in paths:
            try:
                self._prepare_file(path, batch)
            except Exception as error:  # one bad file is one rejection, never the batch's end
                batch.rejected.append((path, rejection_reason(error)))
        return batch

    def _prepare_file(self, path: Path, batch: _PreparedBatch) -> None:
        self.prepare_data(path, path_key(path), read_file(path, max_bytes=self.max_bytes), batch)

    def prepare_data(self, path: Path, key: str, data: bytes, batch: _PreparedBatch) -> None:
        """Fingerprint and parse ``data``, stored under ``key`` and reported as ``path``."""
        known = self.known
        digest = hashlib.sha256(data).hexdigest()
        old_key = None if key in known else _moved_from(self.paths_by_digest, digest)
        if old_key is not None:
            same = self.paths_by_digest[digest]
            same[same.index(old_key)] = key
            known[key] = known.pop(old_key)
            batch.moves.append((path, known[key].article_id, key))
        stored = known.get(key)
        if self.encoding is None and _is_unchanged(stored, digest):
            assert stored is not None
            batch.unchanged.append((path, stored.article_id))
            if stored.missing and old_key is None:
                batch.found_again.append(stored.article_id)
            return
        items = None if self.encoding else self.feed_files.unchanged_items(key, digest)
        if items is not None:
            batch.unchanged.extend((path, item.article_id) for item in items)
            batch.found_again.extend(item.article_id for item in items if item.missing)
            return
        document = parse_document(data, path=key, encoding=self.encoding)
        batch.rejected.extend((path, reason) for reason in document.rejected)
        for parsed in document.articles:
            batch.to_save.append((path, parsed, fold_text(parsed.clean_text)))
        if document.is_feed:
            batch.feed_files.append((key, digest, CLEANER_VERSION))


def rejection_reason(error: Exception) -> str:
    """The one-line reason a file was rejected, whatever went wrong with it: its own
    message for a :class:`RejectedFile`, the system's for an ``OSError``, and the kind
    and message of anything else (printable whatever bytes it quotes)."""
    if isinstance(error, RejectedFile):
        reason = str(error)
    elif isinstance(error, OSError):
        reason = describe_os_error(error)
    else:
        reason = f"cannot import: {type(error).__name__}: {error}"
    first_line = reason.strip().splitlines()[0] if reason.strip() else type(error).__name__
    return first_line.encode("utf-8", "backslashreplace").decode("utf-8")


def _store_batch(
    db: Database,
    batch: _PreparedBatch,
    report: ImportReport,
    *,
    meanwhile: Callable[[], None],
) -> None:
    """Write one prepared batch in one transaction and record what happened.

    ``meanwhile`` is called before the search index is written, the one long stretch
    in which SQLite runs without holding the GIL, so that work started there overlaps
    it. Called earlier, that work would starve the small statements before it.
    """
    statuses: list[tuple[str, Path, int]] = []
    with write_transaction(db):
        for _path, article_id, key in batch.moves:
            article_store.move_article(db, article_id, key)
        article_store.set_missing(db, batch.found_again, False)
        feed_store.record_feed_files(db, batch.feed_files)
        outcomes = article_store.save_versions(db, [parsed for _path, parsed, _ in batch.to_save])
        for (path, _parsed, _fold), outcome in zip(batch.to_save, outcomes, strict=True):
            if outcome.status == "updated":
                reanchor_article(db, outcome.article_id)
            statuses.append((outcome.status, path, outcome.article_id))
        meanwhile()
        article_store.index_versions(db, outcomes, [fold for _path, _parsed, fold in batch.to_save])
    report.moved.extend((path, article_id) for path, article_id, _key in batch.moves)
    report.unchanged.extend(batch.unchanged)
    report.rejected.extend(batch.rejected)
    for status, path, article_id in statuses:
        getattr(report, status).append((path, article_id))


def _is_unchanged(stored: article_store.StoredFile | None, digest: str) -> bool:
    """Whether bytes hashing to ``digest`` are what the store already holds, decided
    before any parsing."""
    return (
        stored is not None
        and stored.cleaner_version == CLEANER_VERSION
        and stored.raw_sha256 == digest
    )


def _moved_from(paths_by_digest: dict[str, list[str]], digest: str) -> str | None:
    """The stored path a new file was moved or renamed from: the one article with the
    same bytes whose file is gone. With several candidates nothing is guessed (the file
    becomes a new article, and the others keep theirs)."""
    gone = [key for key in paths_by_digest.get(digest, ()) if not path_of_key(key).exists()]
    return gone[0] if len(gone) == 1 else None


def import_paths(
    db: Database,
    paths: Iterable[Path],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files and folders given by the user."""
    files, problems = collect_paths(paths)
    report = ImportReport(rejected=list(problems))
    return import_files(
        db, files, encoding=encoding, max_bytes=max_bytes, progress=progress, report=report
    )


#: How an article read from standard input is named in the store: this prefix and the
#: SHA-256 of its bytes, so piping the same text again is recognised as unchanged.
STDIN_PREFIX = "stdin:"


def import_stdin(
    db: Database, data: bytes, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ImportReport:
    """Import one article (or a feed's items) from the bytes of standard input.

    ``data`` holds at most ``max_bytes + 1`` bytes (the caller reads no more): one
    more than the limit is enough to refuse it. It is reported under the path ``-``.
    """
    stdin = Path("-")
    report = ImportReport()
    if len(data) > max_bytes:
        report.rejected.append(
            (stdin, f"standard input is larger than the limit ({max_bytes} bytes)")
        )
        return report
    if not data.strip():
        report.rejected.append((stdin, "standard input is empty"))
        return report
    known = article_store.stored_files(db)
    preparer = _BatchPreparer(known, encoding, max_bytes, KnownFeedFiles(db, known))
    batch = _PreparedBatch([stdin])
    key = STDIN_PREFIX + hashlib.sha256(data).hexdigest()
    try:
        preparer.prepare_data(stdin, key, data, batch)
    except Exception as error:  # a bad text is a rejection, never a traceback
        batch.rejected.append((stdin, rejection_reason(error)))
    try:
        _store_batch(db, batch, report, meanwhile=lambda: None)
    except StoreError as error:
        report.stopped = str(error)
        report.not_imported = [stdin]
    return report


def sync_corpus(db: Database, corpus: Path, *, progress: Progress | None = None) -> ImportReport:
    """Bring the store in step with ``corpus``: new and changed files are imported;
    articles whose files vanished keep their text and annotations and are marked missing.
    """
    if not corpus.is_dir():
        return ImportReport()
    files, problems = collect_paths([corpus])
    report = import_files(db, files, progress=progress, report=ImportReport(rejected=problems))
    if report.stopped is not None:
        return report  # files not reached are not missing
    root = path_of_key(path_key(corpus))
    present = {path_key(f) for f in files}
    vanished = [
        article_id
        for stored, article_id in article_store.paths(db).items()
        if path_of_key(stored).is_relative_to(root)
        and stored not in present
        and feed_of(stored, present) is None
    ]
    article_store.set_missing(db, vanished, True)
    report.missing = vanished
    return report
