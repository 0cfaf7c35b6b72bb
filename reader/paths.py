"""How a file's path is named in the store and shown to the user.

A file name is bytes; Python hands it over as ``str``, and a name that is not valid
UTF-8 arrives holding lone surrogates (``os.fsdecode``'s surrogateescape), which
SQLite, JSON and the terminal cannot carry. Such a path is named by a ``file://`` URI
instead: the absolute path with each byte that is not part of valid UTF-8, and each
``%``, written as ``%XX``; every other character is kept as it is (Chinese stays
readable). The URI is valid UTF-8, visible, and turns back into the exact bytes
(:func:`path_of_key`); it cannot be mistaken for a path, since an absolute path never
starts with ``file:``. A valid path is kept as it is, so stores made before keep their
names.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote_to_bytes

#: The start of a key that names a path whose bytes are not valid UTF-8.
ESCAPED_PREFIX = "file://"


def default_db_path() -> Path:
    """The database used when none is named: ``$READER_DB``, else ``./annotations.db``."""
    return Path(os.environ.get("READER_DB") or "annotations.db")


def default_corpus() -> Path:
    """The corpus folder used when none is named: ``$READER_CORPUS``, else ``./corpus``."""
    return Path(os.environ.get("READER_CORPUS") or "corpus")


def path_key(path: Path | str) -> str:
    """How a file is named in the store: its absolute path with symbolic links resolved
    (a link loop is left as it is, never an error), escaped if it is not valid UTF-8."""
    return escaped(os.path.realpath(path))


class PathKeys:
    """:func:`path_key` for the many files of one import, resolving each folder once.

    ``realpath`` costs a system call per component of the path (~45 µs a file); a
    file that is not itself a symbolic link resolves to its resolved folder joined
    with its name, so only the folder needs resolving, once.
    """

    def __init__(self) -> None:
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        folder, name = os.path.split(os.fspath(path))
        if name in ("", ".", "..") or os.path.islink(path):
            return path_key(path)
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = os.path.realpath(folder or os.curdir)
        return escaped(os.path.join(real, name))


def shown_path(path: Path | str) -> str:
    """``path`` as printed to the user: as given when it is valid UTF-8, else the
    escaped form of its absolute path (see :func:`escaped`)."""
    text = os.fspath(path)
    return text if _is_valid(text) else escaped(os.path.abspath(text))


def escaped(absolute: str) -> str:
    """An absolute path unchanged if it is valid UTF-8, else as a ``file://`` URI
    escaping only its undecodable bytes and its ``%`` signs."""
    if _is_valid(absolute):
        return absolute
    text = os.fsencode(absolute).decode("utf-8", "surrogateescape")
    return ESCAPED_PREFIX + "".join(_escape(character) for character in text)


def path_of_key(key: str) -> Path:
    """The file a store key names: the inverse of :func:`path_key`'s escaping."""
    if key.startswith(ESCAPED_PREFIX):
        return Path(os.fsdecode(path_bytes(key)))
    return Path(key)


def path_bytes(key: str) -> bytes:
    """The bytes of the path a store key names."""
    if key.startswith(ESCAPED_PREFIX):
        return unquote_to_bytes(key[len(ESCAPED_PREFIX) :])
    return os.fsencode(key)


def _escape(character: str) -> str:
    if character == "%":
        return "%25"
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # a byte surrogateescape could not decode
        return f"%{code - 0xDC00:02X}"
    return character


def _is_valid(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
