"""Writing export files so that a crash or a full disk never leaves half a file.

Each file is written to a temporary file in the same folder (same file system, so the
rename is atomic), flushed to disk, then renamed over the target: a reader of the
folder sees the old file or the new one, never a mixture. Names come from
:mod:`reader.export.filenames` and are checked once more to lie directly inside the
chosen folder; a symbolic link at the target is replaced, never followed.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

from reader.errors import ReaderError


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; returns ``path``."""
    folder = path.parent
    if not folder.is_dir():
        raise ReaderError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise ReaderError(f"cannot write {path}: it is a folder")
    descriptor, temporary = _create_temporary(folder)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ReaderError(f"cannot write {path}: {error.strerror}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def write_folder(folder: Path, files: Sequence[tuple[str, str]]) -> list[Path]:
    """Write ``(name, text)`` pairs into ``folder`` (created if missing).

    Each name must be a plain file name: anything that would land elsewhere is refused
    before a single file is written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ReaderError(f"cannot create folder {folder}: {error.strerror}") from None
    root = folder.resolve()
    targets = []
    for name, _ in files:
        target = root / name
        if name in ("", ".", "..") or target.parent != root or Path(name).name != name:
            raise ReaderError(f"refusing to write {name!r}: not a plain file name in {folder}")
        targets.append(target)
    return [write_atomic(target, text) for target, (_, text) in zip(targets, files, strict=True)]


def _create_temporary(folder: Path) -> tuple[int, Path]:
    """A new, exclusively created file in ``folder``. Created with mode 0o666 so the
    umask gives it the permissions any new file there would get (``mkstemp`` would
    make it private to its owner)."""
    for _ in range(100):
        temporary = folder / f".reader-export-{secrets.token_hex(8)}.tmp"
        try:
            return os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temporary
        except FileExistsError:
            continue
        except OSError as error:
            raise ReaderError(f"cannot write in {folder}: {error.strerror}") from None
    raise ReaderError(f"cannot write in {folder}: no free temporary name")
