"""Reading an imported JSON document within limits, so a hostile file costs little.

A file past 64 MiB, JSON nested deeper than 64 levels, or text that is not JSON is
refused with one line that says why (:class:`~reader.errors.ReaderError`), before
anything is looked at, whichever annotation format the file turns out to hold.
"""

from __future__ import annotations

import json
from pathlib import Path

from reader.errors import ReaderError

#: The largest file read (bytes of UTF-8).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: How deep arrays and objects may nest (an exported file needs 7 levels).
MAX_DEPTH = 64


def read_json_file(path: Path) -> object:
    """The JSON document in the file at ``path``, within the limits."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReaderError(f"{path} is {_mib(size)}; at most {_mib(MAX_FILE_BYTES)} is read")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8 text"
        raise ReaderError(f"cannot read {path}: {reason}") from None
    return read_json_text(text, name=str(path))


def read_json_text(text: str, *, name: str) -> object:
    """The JSON document in ``text``, within the limits; ``name`` says where it came from."""
    if len(text) * 4 > MAX_FILE_BYTES and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ReaderError(f"{name} is larger than {_mib(MAX_FILE_BYTES)}, the most that is read")
    too_deep = ReaderError(f"{name} nests arrays and objects more than {MAX_DEPTH} levels deep")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise ReaderError(
            f"{name} is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:  # the parser's own guard, hundreds of levels down
        raise too_deep from None
    except ValueError as error:  # a number of thousands of digits
        reason = str(error).split("\n", 1)[0]
        raise ReaderError(f"{name} is not JSON reader can read: {reason}") from None
    if _deeper_than(document, MAX_DEPTH):
        raise too_deep
    return document


def _deeper_than(document: object, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels deep, walked without
    recursion (about as long as parsing took: a few per cent of an import)."""
    pending: list[tuple[dict | list, int]] = []
    if isinstance(document, dict | list):
        pending.append((document, 1))
    while pending:
        value, depth = pending.pop()
        if depth > limit:
            return True
        for child in value.values() if isinstance(value, dict) else value:
            if isinstance(child, dict | list):
                pending.append((child, depth + 1))
    return False


def _mib(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MiB" if size % (1024 * 1024) else f"{size >> 20} MiB"
