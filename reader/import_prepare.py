"""Preparing files for the store: reading, fingerprinting and parsing, without SQL.

Everything an import does to a file before storing it happens here: its path key,
whether the store already holds its bytes (by its stat signature, else by the
SHA-256 of its bytes), and if not its parse, fold and deflated raw text. The pure
part of that work (read, hash, parse, fold, deflate) also runs in worker processes
for a large import (:mod:`reader.import_pool`): :func:`prepare_files` is what a
worker runs, and only its small results cross back.

A file is known unchanged without being read when its stat signature is exactly the
one recorded when it was last hashed (see :mod:`reader.store.file_signatures`),
unless it is *racy*: changed (modification or change time) less than
:data:`RACY_MARGIN_NS` before that signature was taken. A racy file could have been
changed again within the same timestamp tick after it was read, keeping its
signature, so it is hashed as before (and its signature taken again, later).
"""

from __future__ import annotations

import hashlib
import os
import stat
import struct
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reader.errors import RejectedFile
from reader.feed_files import KnownFeedFiles
from reader.folding import fold_text
from reader.ingest import CLEANER_VERSION, describe_os_error
from reader.ingest.documents import parse_document
from reader.ingest.files import Signature, read_file_stat, stat_signature
from reader.models import ParsedArticle
from reader.paths import PathKeys, path_of_key
from reader.store.articles import StoredFile
from reader.store.compact import deflate_raw
from reader.store.file_signatures import Recorded

#: How long before its signature was recorded a file must have last changed for the
#: signature to be trusted: above the coarsest timestamp granularity in common use
#: (2 s on FAT) and small clock differences with a file server.
RACY_MARGIN_NS = 3_000_000_000


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


@dataclass
class PreparedDocument:
    """A file's articles ready to store: each parsed article with its fold and its raw
    text deflated against its clean text. The raw text is then left out of the parsed
    article (``raw_text`` is ''): it only ever goes to the store deflated, and sending
    it whole from a worker would cost more than deflating it there."""

    articles: list[tuple[ParsedArticle, str, bytes]]
    rejected: list[str]
    is_feed: bool


def prepare_document(data: bytes, key: str, encoding: str | None) -> PreparedDocument:
    """Parse, fold and deflate one file's bytes; :class:`RejectedFile` if none of it
    can be imported."""
    document = parse_document(data, path=key, encoding=encoding)
    articles = [
        (
            replace(parsed, raw_text=""),
            fold_text(parsed.clean_text),
            deflate_raw(parsed.raw_text, parsed.clean_text),
        )
        for parsed in document.articles
    ]
    return PreparedDocument(articles, document.rejected, document.is_feed)


def read_and_hash(path: Path, max_bytes: int) -> tuple[bytes, str, Signature, int]:
    """A file's bytes, their SHA-256, its stat signature taken before reading, and the
    time (after reading) from which a change would show in that signature."""
    data, info = read_file_stat(path, max_bytes=max_bytes)
    read_ns = time.time_ns()
    return data, hashlib.sha256(data).hexdigest(), stat_signature(info), read_ns


#: What a worker is given for a file: its path, key, the digests for which no parse
#: is needed (the store holds those bytes already), the encoding and the size limit.
Task = tuple[str, str, tuple[str, ...], str | None, int]
#: What it sends back: a one-line rejection, or ``(digest, signature, read_ns,
#: document or None if not parsed, the parse's rejection or None)``.
Outcome = str | tuple[str, Signature, int, PreparedDocument | None, str | None]


def prepare_files(tasks: Sequence[Task]) -> list[Outcome]:
    """A worker's job: read, hash and (unless its digest says the store has it) parse
    each file. No error leaves: each becomes its file's one-line rejection."""
    outcomes: list[Outcome] = []
    for path, key, skip, encoding, max_bytes in tasks:
        try:
            _data, digest, signature, read_ns = read_and_hash(Path(path), max_bytes)
        except Exception as error:  # one bad file is one rejection
            outcomes.append(rejection_reason(error))
            continue
        document = problem = None
        if digest not in skip:
            try:
                document = prepare_document(_data, key, encoding)
            except Exception as error:
                problem = rejection_reason(error)
        outcomes.append((digest, signature, read_ns, document, problem))
    return outcomes


@dataclass
class PreparedBatch:
    """One batch of files, read and parsed, with what storing it has to do."""

    paths: list[Path]
    #: ``(path, parsed article (raw text left out), fold, deflated raw text)``.
    to_save: list[tuple[Path, ParsedArticle, str, bytes]] = field(default_factory=list)
    moves: list[tuple[Path, int, str]] = field(default_factory=list)
    found_again: list[int] = field(default_factory=list)
    unchanged: list[tuple[Path, int]] = field(default_factory=list)
    rejected: list[tuple[Path, str]] = field(default_factory=list)
    feed_files: list[tuple[str, str, int]] = field(default_factory=list)
    #: ``(key, signature, digest, recorded_ns)`` of the files read and hashed.
    signatures: list[tuple[str, Signature, str, int]] = field(default_factory=list)
    #: How many files were opened and read (the rest were known by their signature).
    files_read: int = 0


class BatchPreparer:
    """Reads, fingerprints and parses files without touching the store.

    It keeps its own picture of the stored files (updated as moves are found), so one
    batch can be prepared while the one before it is being written.
    """

    def __init__(
        self,
        known: dict[str, StoredFile],
        encoding: str | None,
        max_bytes: int,
        feed_files: KnownFeedFiles,
        signatures: Iterable[tuple[str, Recorded]] = (),
    ) -> None:
        self.known = known
        self.feed_files = feed_files
        self.encoding = encoding
        self.max_bytes = max_bytes
        #: The signatures that can be trusted (not racy), packed, with their digest.
        self.signatures = {
            key: (_packed(signature), digest)
            for key, (signature, digest, recorded_ns) in signatures
            if max(signature[1], signature[2]) < recorded_ns - RACY_MARGIN_NS
        }
        self.key_of = PathKeys()
        self.paths_by_digest: dict[str, list[str]] = {}
        for stored_path, stored_file in known.items():
            self.paths_by_digest.setdefault(stored_file.raw_sha256, []).append(stored_path)

    def prepare(self, paths: list[Path]) -> PreparedBatch:
        """Prepare a batch in this process."""
        batch = PreparedBatch(paths)
        for path in paths:
            try:
                key = self.key_of(path)
                if self._unchanged_by_stat(path, key, batch):
                    continue
                data, digest, signature, read_ns = read_and_hash(path, self.max_bytes)
                batch.files_read += 1
                if not self._settle(path, key, digest, batch):
                    self._add_document(
                        path, key, digest, prepare_document(data, key, self.encoding), batch
                    )
                batch.signatures.append((key, signature, digest, read_ns))
            except Exception as error:  # one bad file is one rejection, never the batch's end
                batch.rejected.append((path, rejection_reason(error)))
        return batch

    def split_by_stat(self, paths: list[Path]) -> tuple[PreparedBatch, list[Path]]:
        """The files known unchanged by their signature, as one batch, and the others,
        which must be read."""
        batch = PreparedBatch([])
        rest = []
        for path in paths:
            try:
                known = self._unchanged_by_stat(path, self.key_of(path), batch)
            except Exception:  # whatever is wrong, reading the file will say it
                known = False
            (batch.paths if known else rest).append(path)
        return batch, rest

    def tasks(self, paths: list[Path]) -> list[Task]:
        """What workers are sent for ``paths``: each file with the digests for which
        the store needs no parse of it."""
        tasks = []
        for path in paths:
            key = self.key_of(path)
            skip: list[str] = []
            if self.encoding is None:
                stored = self.known.get(key)
                if stored is not None and stored.cleaner_version == CLEANER_VERSION:
                    skip.append(stored.raw_sha256)
                fingerprint = self.feed_files.fingerprints.get(key)
                if fingerprint is not None and fingerprint[1] == CLEANER_VERSION:
                    skip.append(fingerprint[0])
            tasks.append((os.fspath(path), key, tuple(skip), self.encoding, self.max_bytes))
        return tasks

    def receive(self, paths: list[Path], outcomes: Sequence[Outcome]) -> PreparedBatch:
        """The batch of ``paths`` from what workers made of them."""
        batch = PreparedBatch(paths)
        for path, outcome in zip(paths, outcomes, strict=True):
            if isinstance(outcome, str):
                batch.rejected.append((path, outcome))
                continue
            digest, signature, read_ns, document, problem = outcome
            batch.files_read += 1
            key = self.key_of(path)
            try:
                if not self._settle(path, key, digest, batch):
                    if problem is not None:
                        batch.rejected.append((path, problem))
                        continue
                    if document is None:  # the store changed meanwhile: parse it here
                        data, again, signature, read_ns = read_and_hash(path, self.max_bytes)
                        if again != digest:
                            raise RejectedFile("changed while being imported: import it again")
                        document = prepare_document(data, key, self.encoding)
                    self._add_document(path, key, digest, document, batch)
                batch.signatures.append((key, signature, digest, read_ns))
            except Exception as error:
                batch.rejected.append((path, rejection_reason(error)))
        return batch

    def prepare_data(self, path: Path, key: str, data: bytes, batch: PreparedBatch) -> None:
        """Fingerprint and parse ``data``, stored under ``key`` and reported as ``path``."""
        digest = hashlib.sha256(data).hexdigest()
        if not self._settle(path, key, digest, batch):
            self._add_document(path, key, digest, prepare_document(data, key, self.encoding), batch)

    def _unchanged_by_stat(self, path: Path, key: str, batch: PreparedBatch) -> bool:
        """Whether ``path`` holds what the store has, by its signature alone (then it
        is settled into ``batch`` as unchanged, without being opened)."""
        recorded = self.signatures.get(key)
        if recorded is None or self.encoding is not None:
            return False
        packed, digest = recorded
        stored = self.known.get(key)
        if stored is None:
            if self.feed_files.unchanged_items(key, digest) is None:
                return False
        elif not _is_unchanged(stored, digest):
            return False
        try:
            info = os.stat(path)
        except (OSError, ValueError):
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_size > self.max_bytes:
            return False  # reading it says why it is refused
        if _packed(stat_signature(info)) != packed:
            return False
        settled = self._settle(path, key, digest, batch)
        assert settled, "the store holds these bytes: nothing to parse"
        return True

    def _settle(self, path: Path, key: str, digest: str, batch: PreparedBatch) -> bool:
        """Record what bytes hashing to ``digest`` at ``key`` mean without parsing
        them (a move, an unchanged article or feed); False if they must be parsed."""
        known = self.known
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
            return True
        items = None if self.encoding else self.feed_files.unchanged_items(key, digest)
        if items is not None:
            batch.unchanged.extend((path, item.article_id) for item in items)
            batch.found_again.extend(item.article_id for item in items if item.missing)
            return True
        return False

    def _add_document(
        self, path: Path, key: str, digest: str, document: PreparedDocument, batch: PreparedBatch
    ) -> None:
        batch.rejected.extend((path, reason) for reason in document.rejected)
        for parsed, fold, deflated in document.articles:
            batch.to_save.append((path, parsed, fold, deflated))
        if document.is_feed:
            batch.feed_files.append((key, digest, CLEANER_VERSION))


_PACKED = struct.Struct("<5q")


def _packed(signature: Signature) -> bytes:
    """A signature as 40 bytes: a fifth of the memory of a tuple of five integers."""
    return _PACKED.pack(*signature)


def _is_unchanged(stored: StoredFile | None, digest: str) -> bool:
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
