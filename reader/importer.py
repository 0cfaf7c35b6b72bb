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
from reader.errors import StoreError
from reader.feed_files import KnownFeedFiles
from reader.import_pool import pool_size, prepared_in_pool
from reader.import_prepare import BatchPreparer, PreparedBatch, rejection_reason
from reader.ingest import DEFAULT_MAX_BYTES, collect_paths
from reader.ingest.feeds import feed_of
from reader.paths import ESCAPED_PREFIX, PathKeys, path_key, path_of_key, shown_path
from reader.store import articles as article_store
from reader.store import feeds as feed_store
from reader.store.database import Database, write_transaction
from reader.store.file_signatures import iter_signatures, record_signatures

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
    #: How many files were opened and read; the others were known unchanged by their
    #: stat signature (see :mod:`reader.import_prepare`).
    files_read: int = 0

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
    processes: int | None = None,
) -> ImportReport:
    """Parse and store each file; unchanged content is a no-op.

    A file whose stat signature is the one recorded when it was last hashed is
    unchanged without being opened (unless racy: see :mod:`reader.import_prepare`); a
    file whose bytes hash to what the store holds is unchanged before any parsing.
    Others are parsed outside any transaction and stored in batches, one transaction a
    batch (moves and re-anchoring of changed articles included): the write lock is
    held only while writing, a commit is not paid per file, and an error never leaves
    a file half-stored. If the store itself fails (a full disk, a lock held too long),
    the import stops there: the report keeps what was saved and names the files that
    were not, and ``stopped`` says why.

    A large import is prepared by worker processes on every core while this thread
    writes (:mod:`reader.import_pool`; ``processes`` forces their number, 0 for none).
    A small one is read and parsed on a thread while this one stores the current
    batch: SQLite releases the GIL while it writes (mostly the search index), so on
    two cores the two stages overlap instead of adding up.
    """
    report = report or ImportReport()
    if not files:
        return report  # nothing to compare: the stored files (100,000 rows) are not read
    known = article_store.stored_files(db)
    preparer = BatchPreparer(
        known, encoding, max_bytes, KnownFeedFiles(db, known), iter_signatures(db)
    )
    settled, to_read = preparer.split_by_stat(files)
    order = settled.paths + to_read
    done = 0

    def stored(batch: PreparedBatch, meanwhile: Callable[[], None] = lambda: None) -> bool:
        nonlocal done
        try:
            _store_batch(db, batch, report, meanwhile=meanwhile)
        except StoreError as error:  # no later batch would fare better
            report.stopped = str(error)
            report.not_imported = order[done:]
            return False
        done += len(batch.paths)
        report.files_read += batch.files_read
        if progress is not None and batch.paths:
            progress(done, len(files), batch.paths[-1])
        return True

    if settled.paths and not stored(settled):
        return report
    size = IMPORT_BATCH
    batches = [to_read[first : first + size] for first in range(0, len(to_read), size)]
    workers = pool_size(len(to_read), processes)
    if workers:
        for batch in prepared_in_pool(preparer, batches, workers):
            if not stored(batch):
                break
        return report
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="reader-import") as pool:
        upcoming = pool.submit(preparer.prepare, batches[0]) if batches else None
        for index in range(len(batches)):
            assert upcoming is not None
            batch = upcoming.result()

            def prepare_next(index: int = index) -> None:
                nonlocal upcoming
                if index + 1 < len(batches):
                    upcoming = pool.submit(preparer.prepare, batches[index + 1])

            if not stored(batch, prepare_next):
                break
    return report


def _store_batch(
    db: Database,
    batch: PreparedBatch,
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
        outcomes = article_store.save_versions(
            db,
            [parsed for _path, parsed, _fold, _deflated in batch.to_save],
            [deflated for _path, _parsed, _fold, deflated in batch.to_save],
        )
        for (path, _parsed, _fold, _deflated), outcome in zip(batch.to_save, outcomes, strict=True):
            if outcome.status == "updated":
                reanchor_article(db, outcome.article_id)
            statuses.append((outcome.status, path, outcome.article_id))
        record_signatures(db, batch.signatures)
        meanwhile()
        folds = [fold for _path, _parsed, fold, _deflated in batch.to_save]
        article_store.index_versions(db, outcomes, folds)
    report.moved.extend((path, article_id) for path, article_id, _key in batch.moves)
    report.unchanged.extend(batch.unchanged)
    report.rejected.extend(batch.rejected)
    for status, path, article_id in statuses:
        getattr(report, status).append((path, article_id))


def import_paths(
    db: Database,
    paths: Iterable[Path],
    *,
    encoding: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
    processes: int | None = None,
) -> ImportReport:
    """Import files and folders given by the user."""
    files, problems = collect_paths(paths)
    report = ImportReport(rejected=list(problems))
    return import_files(
        db,
        files,
        encoding=encoding,
        max_bytes=max_bytes,
        progress=progress,
        report=report,
        processes=processes,
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
    preparer = BatchPreparer(known, encoding, max_bytes, KnownFeedFiles(db, known))
    batch = PreparedBatch([stdin])
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
    folder = path_key(corpus)
    key_of = PathKeys()  # each folder resolved once, not each file (~45 µs a file)
    present = {key_of(f) for f in files}
    # only the paths under the folder are read (a range of the path index), and only
    # articles not yet marked are written: a sync of a folder at 100,000 articles made
    # a Path of every stored path and rewrote every missing one
    vanished: list[int] = []
    newly: list[int] = []
    under = _Under(folder)
    for stored, (article_id, missing) in article_store.paths_under(db, folder).items():
        if stored not in present and under(stored) and feed_of(stored, present) is None:
            vanished.append(article_id)
            if not missing:
                newly.append(article_id)
    article_store.set_missing(db, newly, True)
    report.missing = sorted(vanished)
    return report


class _Under:
    """Whether a stored key names a path in a folder (a store key), compared as strings.

    A key is an absolute path as ``realpath`` gives it, so one that starts with the
    folder's key and a slash is a path under it: no :class:`~pathlib.Path` made for
    each of the folder's articles (0.8 s of CPU at 100,000). Escaped keys (a path
    that is not valid UTF-8) are decoded and compared as paths, as before.
    """

    def __init__(self, folder: str) -> None:
        self.head = folder if folder.endswith("/") else folder + "/"
        self.plain = not folder.startswith(ESCAPED_PREFIX)
        self.root = path_of_key(folder)

    def __call__(self, stored: str) -> bool:
        if self.plain and stored.startswith(self.head):
            return True
        return path_of_key(stored).is_relative_to(self.root)
