"""Indented JSON text, written fast and byte-for-byte like the standard library's.

Both JSON exports (W3C and Hypothesis) are large for a big database; indenting makes
``json.dumps`` fall back to its pure-Python encoder, the slowest step of an export.
This writer gives the same text while strings still go through the C string encoder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from json.encoder import encode_basestring


class Written(str):
    """JSON text already written at the indentation where it goes."""


def dumps(value: object, indent: str = "") -> str:
    """``value`` as JSON indented by two spaces per level, starting at ``indent``: the
    same text as ``json.dumps(value, ensure_ascii=False, indent=2)``."""
    out: list[str] = []
    pretty(value, indent, out)
    return "".join(out)


def pretty(value: object, indent: str, out: list[str]) -> None:
    """Append ``value`` as indented JSON to ``out``."""
    if isinstance(value, Written):
        out.append(value)
    elif isinstance(value, dict):
        members = ((encode_basestring(key) + ": ", item) for key, item in value.items())
        _members(members, "{", "}", indent, out)
    elif isinstance(value, list):
        _members((("", item) for item in value), "[", "]", indent, out)
    elif isinstance(value, str):
        out.append(encode_basestring(value))
    elif value is None or isinstance(value, bool | int):
        out.append(json.dumps(value))
    else:
        raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _members(
    members: Iterable[tuple[str, object]], opening: str, closing: str, indent: str, out: list[str]
) -> None:
    """An object's or array's members, one per line; strings and whole numbers (most
    of them) are written on the spot rather than through another call."""
    inner = indent + "  "
    separator = "\n"
    out.append(opening)
    for label, item in members:
        kind = type(item)
        if kind is str:
            out.append(f"{separator}{inner}{label}{encode_basestring(item)}")
        elif kind is int:
            out.append(f"{separator}{inner}{label}{item}")
        else:
            out.append(f"{separator}{inner}{label}")
            pretty(item, inner, out)
        separator = ",\n"
    out.append(closing if separator == "\n" else f"\n{indent}{closing}")
