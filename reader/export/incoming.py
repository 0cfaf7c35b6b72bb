"""What an imported annotation says, whatever format it came in, and the limits on it.

Both readers (:mod:`reader.export.w3c_in` for W3C JSON-LD, :mod:`reader.export.hypothesis`
for the Hypothesis API's JSON) turn one annotation of a file into an :class:`Incoming`,
or raise :class:`Invalid` with a one-line reason; the merge
(:mod:`reader.export.importing`) only ever sees :class:`Incoming`. The limits and the
checks live here so that a file is held to the same rules whichever format it uses.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from reader.annotations import MAX_TAG_CHARS
from reader.paths import escaped

#: Limits on what one file may hold, checked before anything is saved.
MAX_ANNOTATIONS = 100_000
MAX_NOTE_CHARS = 100_000
MAX_TAGS = 100
MAX_QUOTE_CHARS = 100_000
MAX_CONTEXT_CHARS = 10_000
MAX_IRI_CHARS = 2_000
#: Offsets beyond this cannot be in any article reader imports (and SQLite holds them).
MAX_OFFSET = 1_000_000_000
WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class Incoming:
    """What one annotation in a file says, before it is matched to an article.

    ``number`` is its place in the file (from 1) and ``label`` names it in messages.
    ``source`` is the target's IRI; ``url`` the web address that scopes it (or that it
    is); ``path`` the file it names; ``start``/``end`` are None without a position
    selector.
    """

    number: int
    label: str
    iri: str
    created: str
    modified: str
    note: str
    tags: tuple[str, ...]
    color: str | None
    source: str
    url: str | None
    path: str | None
    exact: str
    prefix: str
    suffix: str
    start: int | None
    end: int | None


@dataclass(frozen=True)
class Parsed:
    """The annotations a document holds, and for each unusable one its number and a
    one-line problem."""

    items: tuple[Incoming, ...]
    problems: tuple[tuple[int, str], ...]


class Invalid(Exception):
    """One annotation cannot be used; the message says why."""


def types_of(value: dict[str, object]) -> set[str]:
    """The JSON-LD types an object declares (``type`` or ``@type``, one or a list)."""
    kind = value.get("type", value.get("@type"))
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def check_text(text: str, name: str, longest: int) -> None:
    """Refuse text longer than ``longest`` characters, or text that is not Unicode (a
    lone surrogate, which JSON's ``\\ud800`` escapes can spell, cannot be stored)."""
    if len(text) > longest:
        raise Invalid(f"{name} is {len(text):,} characters long; at most {longest:,} are allowed")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise Invalid(f"{name} holds an unpaired surrogate, which is not a character") from None


def check_limits(item: Incoming) -> Incoming:
    """``item`` if every text in it is within the limits, else :class:`Invalid`."""
    check_text(item.iri, "its id", MAX_IRI_CHARS)
    check_text(item.note, "the note", MAX_NOTE_CHARS)
    if len(item.tags) > MAX_TAGS:
        raise Invalid(f"it has {len(item.tags)} tags; at most {MAX_TAGS} are allowed")
    for tag in item.tags:
        check_text(tag, "a tag", MAX_TAG_CHARS)
    for name, value in (
        ("the source", item.source),
        ("the address", item.url),
        ("the path", item.path),
    ):
        if value is not None:
            check_text(value, name, MAX_IRI_CHARS)
    check_text(item.exact, "the quote", MAX_QUOTE_CHARS)
    check_text(item.prefix, "the prefix", MAX_CONTEXT_CHARS)
    check_text(item.suffix, "the suffix", MAX_CONTEXT_CHARS)
    return item


def timestamp(value: object, name: str) -> str | None:
    """An ISO 8601 time in the store's form (UTC, seconds); None if absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise Invalid(f"{name} is not a date and time")
    shown = value if len(value) <= 40 else value[:40] + "…"
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except ValueError:
        raise Invalid(f"{name} {shown!r} is not an ISO 8601 date and time") from None
    except OverflowError:
        raise Invalid(f"{name} {shown!r} is outside the years 1 to 9999 in UTC") from None


def quote_selector(listed: list[object]) -> tuple[str, str, str]:
    """``exact``, ``prefix`` and ``suffix`` of the first TextQuoteSelector in ``listed``."""
    found = next(
        (s for s in listed if isinstance(s, dict) and "TextQuoteSelector" in types_of(s)), None
    )
    if found is None:
        raise Invalid("the target has no TextQuoteSelector")
    exact = found.get("exact")
    if not isinstance(exact, str) or not exact:
        raise Invalid("the TextQuoteSelector has no exact text")
    prefix = found.get("prefix", "")
    suffix = found.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise Invalid("the TextQuoteSelector's prefix and suffix must be text")
    return exact, prefix, suffix


def position_selector(listed: list[object]) -> tuple[int | None, int | None]:
    """``start`` and ``end`` of the first TextPositionSelector (None, None without one)."""
    found = next(
        (s for s in listed if isinstance(s, dict) and "TextPositionSelector" in types_of(s)), None
    )
    if found is None:
        return None, None
    start, end = found.get("start"), found.get("end")
    if not (_is_offset(start) and _is_offset(end) and start < end):  # type: ignore[operator]
        raise Invalid(
            f"the TextPositionSelector needs whole numbers 0 <= start < end <= {MAX_OFFSET:,}"
        )
    return start, end  # type: ignore[return-value]


def _is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET


def is_web(iri: object) -> bool:
    """Whether ``iri`` is a web address (http or https)."""
    return isinstance(iri, str) and urlsplit(iri).scheme in WEB_SCHEMES


def path_of_iri(iri: str) -> str:
    """The path a ``file:`` IRI (or a relative reference) names, as the store names it:
    on POSIX its escaped bytes are the file name's bytes, which need not be UTF-8."""
    if not iri.startswith("file:"):
        return unquote(iri)
    if os.name != "posix":
        return url2pathname(urlsplit(iri).path)
    return escaped(os.fsdecode(unquote_to_bytes(urlsplit(iri).path)))
