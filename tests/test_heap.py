"""Returning the C heap's free pages (:mod:`reader.heap`), measured on the process's
own resident memory."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from reader.heap import release_free_heap


def resident_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
    pytest.skip("no /proc/self/status")


def test_freed_blocks_below_live_ones_go_back_to_the_system() -> None:
    """Blocks past CPython's small-object limit come from malloc; freeing all but one in
    32 leaves holes glibc keeps (the live ones pin the heap's top) until trimmed."""
    if not release_free_heap():
        pytest.skip("not glibc: nothing to trim")
    blocks = [bytes(1000) + i.to_bytes(4, "little") for i in range(64_000)]  # ~64 MB
    kept = blocks[::32]
    del blocks
    gc.collect()
    held = resident_mb()
    assert release_free_heap()
    released = held - resident_mb()
    assert released > 30, f"only {released:.1f} MB of ~62 MB freed went back"
    assert len(kept) == 2000
