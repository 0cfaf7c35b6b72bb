"""Finding the files to import and reading one of them safely."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from reader.errors import RejectedFile
from reader.ingest.documents import DOCUMENT_SUFFIXES
from reader.ingest.parse import parse_bytes
from reader.models import ParsedArticle

DEFAULT_MAX_BYTES = 10 * 1024 * 1024

#: ``(size, mtime_ns, ctime_ns, inode, device)`` of a file: see :func:`stat_signature`.
Signature = tuple[int, int, int, int, int]
SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", *DOCUMENT_SUFFIXES)


def collect_paths(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Expand ``paths`` into the files to import, and the problems met on the way.

    A folder is searched recursively, in sorted order, skipping hidden files and
    folders (names starting with ".") and following no symbolic links to folders; only
    files with a supported suffix are kept (case-insensitive). A file named explicitly
    is kept whatever its suffix or name. Each file appears once, at its first place.
    Problems are ``(path, one-line reason)``: a path that does not exist, cannot be
    read, or is neither file nor folder. A folder without supported files is not a
    problem (an empty corpus folder is normal); it simply adds no files.
    """
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        key = os.path.normcase(os.path.abspath(path))
        if key not in seen:
            seen.add(key)
            files.append(path)

    for path in paths:
        path = Path(path)
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            problems.append((path, "no such file or folder"))
            continue
        except PermissionError:
            problems.append((path, "permission denied"))
            continue
        except OSError as error:
            problems.append((path, describe_os_error(error)))
            continue
        except ValueError:  # a NUL byte in the name
            problems.append((path, "not a valid file name"))
            continue
        if stat.S_ISDIR(mode):
            for file in _walk(path, problems):
                add(file)
        elif stat.S_ISREG(mode):
            add(path)
        else:
            problems.append((path, "not a regular file"))
    return files, problems


def _walk(folder: Path, problems: list[tuple[Path, str]]) -> list[Path]:
    found: list[Path] = []

    def on_error(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        problems.append((where, f"cannot read folder: {describe_os_error(error)}"))

    for root, dirs, names in os.walk(folder, onerror=on_error):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or not name.lower().endswith(SUPPORTED_SUFFIXES):
                continue
            found.append(Path(root) / name)
    return found


def parse_file(
    path: Path, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> ParsedArticle:
    """Read and parse one file; raises :class:`RejectedFile` with a one-line reason.

    The article's ``path`` is the absolute path (symbolic links are not resolved).
    """
    path = Path(path)
    data = read_file(path, max_bytes=max_bytes)
    return parse_bytes(data, path=str(path.absolute()), encoding=encoding)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, or :class:`RejectedFile` if it cannot be read or is too large.

    The size is checked with ``stat`` before reading, and at most ``max_bytes + 1``
    bytes are ever read (a file growing meanwhile is still caught). Reading is split
    from parsing so an importer can recognise unchanged content by its hash first.
    """
    return read_file_stat(path, max_bytes=max_bytes)[0]


def read_file_stat(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[bytes, os.stat_result]:
    """:func:`read_file`, with the ``stat`` taken before reading: what the file looked
    like no later than the bytes were read (an importer records it to recognise the
    file unchanged next time without reading it)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise RejectedFile("is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise RejectedFile("not a regular file")
        if info.st_size > max_bytes:
            raise RejectedFile(f"file too large: {_size(info.st_size)} (limit {_size(max_bytes)})")
        with path.open("rb") as handle:
            # Asking for the size found (plus one) rather than the limit: a request
            # for the limit allocates that much for every file (twice the CPU).
            data = handle.read(info.st_size + 1)
            if len(data) > info.st_size:  # it grew since: read on, up to the limit
                data += handle.read(max(0, max_bytes + 1 - len(data)))
    except OSError as error:
        raise RejectedFile(describe_os_error(error)) from None
    if len(data) > max_bytes:
        raise RejectedFile(f"file too large: over {_size(max_bytes)}")
    return data, info


def stat_signature(info: os.stat_result) -> Signature:
    """The stat fields that change whenever a file's bytes can have changed: size,
    modification and change times in nanoseconds (the change time cannot be set back
    by a program, so a file rewritten with its old size and modification time still
    differs), inode and device (a file replaced by another under the same name).

    An inode or device number beyond SQLite's signed 64 bits is kept as its two's
    complement, so that it is stored, and compared, as it is read back.
    """
    return (
        info.st_size,
        info.st_mtime_ns,
        info.st_ctime_ns,
        _signed(info.st_ino),
        _signed(info.st_dev),
    )


def _signed(value: int) -> int:
    return value - (1 << 64) if value >= 1 << 63 else value


def describe_os_error(error: OSError) -> str:
    """A one-line reason for a file that the system would not let us read."""
    if isinstance(error, FileNotFoundError):
        return "no such file or folder"
    if isinstance(error, PermissionError):
        return "permission denied"
    if isinstance(error, IsADirectoryError):
        return "is a folder, not a file"
    if error.errno is not None and error.strerror:
        return f"cannot read: {error.strerror.lower()}"
    return f"cannot read: {errno.errorcode.get(error.errno or 0, 'error')}"


def _size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size} bytes"
