"""Giving the C heap's free pages back to the system after a phase that built and
dropped large tables.

CPython keeps small objects in its own arenas (returned when empty) but takes anything
larger than 512 bytes, and every dict's or set's table, from the C library's ``malloc``.
glibc returns freed memory only from the top of its heap: a table freed below a block
still in use stays in the process's resident memory until ``malloc_trim`` is asked to
release the free pages wherever they are. After discovery (a few million n-gram tables
built and dropped) that was about 30 MB held for the rest of a 100,000-article spread,
memory the later phases' small objects (in CPython's own arenas) never reuse.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from collections.abc import Callable
from functools import cache


@cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None on another C library (musl, macOS, Windows)."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_heap() -> bool:
    """Return the C heap's free pages to the system; whether the C library can (a no-op
    elsewhere). Costs a walk of the heap's free lists: milliseconds, so call it after a
    phase, not per object."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
