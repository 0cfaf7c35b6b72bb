"""Argument types shared by the commands: each gives argparse a one-line error."""

from __future__ import annotations

import argparse


def positive_int(value: str) -> int:
    """A whole number of at least 1 (``--limit``, ``--occurrence``)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if number <= 0:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def size_in_bytes(value: str) -> int:
    """A size such as ``500000``, ``512K``, ``10M`` or ``1G`` (``--max-size``)."""
    units = {"K": 1024, "M": 1024**2, "G": 1024**3}
    text = value.strip().upper().removesuffix("B")
    factor = units.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in units else text
    try:
        size = int(float(number) * factor)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r}") from None
    if size <= 0:
        raise argparse.ArgumentTypeError("size must be positive")
    return size
