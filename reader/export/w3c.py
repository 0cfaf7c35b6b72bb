"""The W3C Web Annotation Data Model (JSON-LD) in both directions.

Out: one ``AnnotationCollection`` whose first (and only) page embeds every
annotation, so a file is self-contained and other tools that speak the model can read
it. Each annotation carries its IRI, ``created``/``modified``, a ``TextualBody`` for
the note (``text/markdown``, purpose ``commenting``) and one per tag (purpose
``tagging``), and a ``SpecificResource`` target:

- ``source`` is ``urn:sha256:<hash of the clean text>``: the exact text the selectors
  count in, whatever file or page it came from (for an orphan imported from a text
  this database does not hold, the IRI that text came with); its ``via`` is the file
  it was imported from (a path relative to the export's base folder, else a
  ``file:`` IRI);
- ``scope`` is the article's web address, when it has one;
- the selectors are a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end in code points);
- a colour the user chose (rather than the one the first tag gives) is a
  ``styleClass`` defined in the annotation's ``stylesheet``.

The document is a pure function of the annotations (no export time in it; the
collection's id is the hash of the text of its items), so the same database always
gives the same bytes and an export, imported into a fresh database holding the same
articles and exported again, gives the same file. Whether an anchor is fuzzy or
orphaned is not written: it is this database's judgement of its own text, and an
import decides it afresh against the text it finds.

In: :func:`parse` accepts that shape, a bare ``AnnotationPage``, a single
``Annotation`` or a list of annotations, and returns what it understood of each one
plus a one-line problem for each one it could not use, including one that passes a
limit below (see :mod:`reader.export.importing` for all of them). It does not touch
the database.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from json.encoder import encode_basestring
from urllib.parse import quote, unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

from reader.annotations import MAX_TAG_CHARS
from reader.errors import ReaderError
from reader.export.records import ExportAnnotation
from reader.paths import ESCAPED_PREFIX, escaped, path_bytes

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LABEL = "reader annotations"
SHA256_URN = "urn:sha256:"
_STYLE_PREFIX = "reader-color-"
_STYLE_CLASS = re.compile(re.escape(_STYLE_PREFIX) + r"([a-z]+|[0-9a-f]{6})")

#: Limits on what one file may hold, checked before anything is saved.
MAX_ANNOTATIONS = 100_000
MAX_NOTE_CHARS = 100_000
MAX_TAGS = 100
MAX_QUOTE_CHARS = 100_000
MAX_CONTEXT_CHARS = 10_000
MAX_IRI_CHARS = 2_000
#: Offsets beyond this cannot be in any article reader imports (and SQLite holds them).
MAX_OFFSET = 1_000_000_000


# -- out -----------------------------------------------------------------------------


def collection_text(records: Sequence[ExportAnnotation]) -> str:
    """The records as one ``AnnotationCollection`` with its single page embedded, as
    JSON text indented by two spaces (ending with a newline).

    The items are written first, so the collection's id can be the hash of exactly
    the text that holds them.
    """
    out: list[str] = []
    _pretty([annotation(record) for record in records], _ITEMS_INDENT, out)
    items = _Written("".join(out))
    identity = SHA256_URN + hashlib.sha256(items.encode("utf-8")).hexdigest()
    document: dict[str, object] = {
        "@context": CONTEXT,
        "id": identity,
        "type": "AnnotationCollection",
        "label": LABEL,
        "total": len(records),
    }
    if records:
        document["first"] = {
            "id": identity + "#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    out = []
    _pretty(document, "", out)
    out.append("\n")
    return "".join(out)


class _Written(str):
    """JSON text already written at the indentation where it goes."""


#: The indentation of ``first.items`` in the collection.
_ITEMS_INDENT = "    "


def _pretty(value: object, indent: str, out: list[str]) -> None:
    """Append ``value`` as JSON indented by two spaces per level: the same text
    ``json.dumps(value, ensure_ascii=False, indent=2)`` gives, written here because
    indenting makes the standard library fall back to its pure-Python encoder, the
    slowest step of a large export. Strings still go through the C string encoder."""
    if isinstance(value, _Written):
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
            _pretty(item, inner, out)
        separator = ",\n"
    out.append(closing if separator == "\n" else f"\n{indent}{closing}")


def annotation(record: ExportAnnotation) -> dict[str, object]:
    """One annotation in the Web Annotation model."""
    bodies: list[dict[str, object]] = []
    if record.note:
        bodies.append(
            {
                "type": "TextualBody",
                "purpose": "commenting",
                "format": "text/markdown",
                "value": record.note,
            }
        )
    bodies.extend({"type": "TextualBody", "purpose": "tagging", "value": t} for t in record.tags)
    if record.note:
        motivation = "commenting"
    elif record.tags:
        motivation = "tagging"
    else:
        motivation = "highlighting"
    target: dict[str, object] = {
        "type": "SpecificResource",
        "source": {
            "id": record.source_iri or SHA256_URN + record.text_sha256,
            "type": "Text",
            "format": "text/plain",
            "via": path_iri(record.article.path),
        },
    }
    if record.article.url:
        target["scope"] = record.article.url
    selectors: list[dict[str, object]] = [
        {
            "type": "TextQuoteSelector",
            "exact": record.quote,
            "prefix": record.prefix,
            "suffix": record.suffix,
        }
    ]
    if record.positioned:
        selectors.append({"type": "TextPositionSelector", "start": record.start, "end": record.end})
    target["selector"] = selectors
    item: dict[str, object] = {
        "id": record.iri,
        "type": "Annotation",
        "motivation": motivation,
        "created": record.created,
        "modified": record.updated,
    }
    if bodies:
        item["body"] = bodies
    item["target"] = target
    if record.color is not None:
        style = _STYLE_PREFIX + record.color.removeprefix("#")
        target["styleClass"] = style
        item["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{style} {{ background-color: {record.color}; }}",
        }
    return item


def path_iri(path: str) -> str:
    """A relative path as a relative IRI reference, an absolute one as a ``file:`` IRI
    (a store key escaping a name that is not UTF-8 is one already, percent-encoded
    in full here)."""
    if path.startswith(ESCAPED_PREFIX):
        return "file://" + quote(path_bytes(path))
    if path.startswith("/"):
        return "file://" + quote(path)
    return quote(path)


# -- in ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Incoming:
    """What one annotation in a file says, before it is matched to an article.

    ``number`` is its place in the file (from 1) and ``label`` names it in messages.
    ``source`` is the target's IRI; ``url`` the web address that scopes it (or that it
    is); ``path`` the file it names through ``via``; ``start``/``end`` are None
    without a position selector.
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


class _Invalid(Exception):
    """One annotation cannot be used; the message says why."""


def parse(document: object, *, now: str) -> Parsed:
    """Read a document; :class:`ReaderError` if it is not one of the accepted shapes.

    ``now`` stands in for a missing ``created``.
    """
    items: list[Incoming] = []
    problems: list[tuple[int, str]] = []
    found = _annotations_in(document)
    if len(found) > MAX_ANNOTATIONS:
        raise ReaderError(
            f"the file holds {len(found):,} annotations; at most {MAX_ANNOTATIONS:,} "
            "can be imported at once"
        )
    for number, raw in enumerate(found, start=1):
        label = f"annotation {number}"
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            iri = raw["id"]
            label += f" ({iri if len(iri) <= 100 else iri[:100] + '…'})"
        try:
            items.append(_incoming(raw, number, label, now))
        except _Invalid as problem:
            problems.append((number, f"{label}: {problem}"))
    return Parsed(tuple(items), tuple(problems))


def _annotations_in(document: object) -> list[object]:
    shape_error = ReaderError(
        "not a W3C annotation document: expected an AnnotationCollection, an "
        "AnnotationPage, an Annotation or a list of annotations"
    )
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise shape_error
    types = _types(document)
    if "Annotation" in types:
        return [document]
    if "AnnotationPage" in types:
        return _page_items(document)
    if "AnnotationCollection" in types:
        found: list[object] = []
        page = document.get("first")
        while page is not None:
            if not isinstance(page, dict):
                raise ReaderError(
                    "the collection's pages are links, not embedded: download them into "
                    "one file first"
                )
            found.extend(_page_items(page))
            page = page.get("next")
        return found
    raise shape_error


def _page_items(page: dict[str, object]) -> list[object]:
    items = page.get("items", [])
    if not isinstance(items, list):
        raise ReaderError("an AnnotationPage's items must be a list")
    return items


def _types(value: dict[str, object]) -> set[str]:
    kind = value.get("type", value.get("@type"))
    if isinstance(kind, str):
        return {kind}
    if isinstance(kind, list):
        return {k for k in kind if isinstance(k, str)}
    return set()


def _incoming(raw: object, number: int, label: str, now: str) -> Incoming:
    if not isinstance(raw, dict) or "Annotation" not in _types(raw):
        raise _Invalid('not an object with "type": "Annotation"')
    iri = raw.get("id")
    if not isinstance(iri, str) or not iri.strip():
        raise _Invalid("it has no id")
    _check_text(iri, "its id", MAX_IRI_CHARS)
    created = _timestamp(raw.get("created"), "created") or now
    modified = _timestamp(raw.get("modified"), "modified") or created
    note, tags = _bodies(raw)
    _check_text(note, "the note", MAX_NOTE_CHARS)
    if len(tags) > MAX_TAGS:
        raise _Invalid(f"it has {len(tags)} tags; at most {MAX_TAGS} are allowed")
    for tag in tags:
        _check_text(tag, "a tag", MAX_TAG_CHARS)
    target = _one_target(raw.get("target"))
    source, url, path = _source(target)
    for name, value in (("the source", source), ("the address", url), ("the path", path)):
        if value is not None:
            _check_text(value, name, MAX_IRI_CHARS)
    exact, prefix, suffix, start, end = _selectors(target.get("selector"))
    _check_text(exact, "the quote", MAX_QUOTE_CHARS)
    _check_text(prefix, "the prefix", MAX_CONTEXT_CHARS)
    _check_text(suffix, "the suffix", MAX_CONTEXT_CHARS)
    return Incoming(
        number=number,
        label=label,
        iri=iri,
        created=created,
        modified=modified,
        note=note,
        tags=tags,
        color=_color(target.get("styleClass")),
        source=source,
        url=url,
        path=path,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        start=start,
        end=end,
    )


def _check_text(text: str, name: str, longest: int) -> None:
    """Refuse text longer than ``longest`` characters, or text that is not Unicode (a
    lone surrogate, which JSON's ``\\ud800`` escapes can spell, cannot be stored)."""
    if len(text) > longest:
        raise _Invalid(f"{name} is {len(text):,} characters long; at most {longest:,} are allowed")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _Invalid(f"{name} holds an unpaired surrogate, which is not a character") from None


def _timestamp(value: object, name: str) -> str | None:
    """An ISO 8601 time in the store's form (UTC, seconds); None if absent."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Invalid(f"{name} is not a date and time")
    shown = value if len(value) <= 40 else value[:40] + "…"
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC).isoformat(timespec="seconds")
    except ValueError:
        raise _Invalid(f"{name} {shown!r} is not an ISO 8601 date and time") from None
    except OverflowError:
        raise _Invalid(f"{name} {shown!r} is outside the years 1 to 9999 in UTC") from None


def _bodies(raw: dict[str, object]) -> tuple[str, tuple[str, ...]]:
    body = raw.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    notes: list[str] = []
    tags: list[str] = []
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])  # type: ignore[arg-type]
    for item in bodies:
        if not isinstance(item, dict):
            raise _Invalid("a body that is a link, not a TextualBody, is not supported")
        value = item.get("value")
        if not isinstance(value, str):
            raise _Invalid("a body has no text value")
        purpose = item.get("purpose")
        purposes = set(purpose) if isinstance(purpose, list) else {purpose}
        (tags if "tagging" in purposes else notes).append(value)
    return "\n\n".join(notes), tuple(tags)


def _one_target(target: object) -> dict[str, object]:
    if isinstance(target, list):
        if len(target) != 1:
            raise _Invalid("only annotations with exactly one target are supported")
        target = target[0]
    if isinstance(target, str):
        raise _Invalid("the target has no TextQuoteSelector")
    if not isinstance(target, dict):
        raise _Invalid("it has no target")
    return target


def _source(target: dict[str, object]) -> tuple[str, str | None, str | None]:
    """The source IRI, the web address (scope or the source itself) and the file path."""
    source = target.get("source")
    via = None
    canonical = None
    if isinstance(source, dict):
        via = source.get("via")
        canonical = source.get("canonical")
        source = source.get("id")
    if not isinstance(source, str) or not source:
        raise _Invalid("the target has no source")
    url = None
    for candidate in (target.get("scope"), canonical, source):
        if isinstance(candidate, str) and urlsplit(candidate).scheme in ("http", "https"):
            url = candidate
            break
    path = None
    if isinstance(via, list):
        via = next((v for v in via if isinstance(v, str)), None)
    if isinstance(via, str) and via:
        path = _path_of_file_iri(via) if via.startswith("file:") else unquote(via)
    return source, url, path


def _path_of_file_iri(iri: str) -> str:
    """The path a ``file:`` IRI names, as the store names it: on POSIX its escaped
    bytes are the file name's bytes, which need not be UTF-8."""
    if os.name != "posix":
        return url2pathname(urlsplit(iri).path)
    return escaped(os.fsdecode(unquote_to_bytes(urlsplit(iri).path)))


def _selectors(selectors: object) -> tuple[str, str, str, int | None, int | None]:
    listed = selectors if isinstance(selectors, list) else [selectors]
    quote_selector = next(
        (s for s in listed if isinstance(s, dict) and "TextQuoteSelector" in _types(s)), None
    )
    if quote_selector is None:
        raise _Invalid("the target has no TextQuoteSelector")
    exact = quote_selector.get("exact")
    if not isinstance(exact, str) or not exact:
        raise _Invalid("the TextQuoteSelector has no exact text")
    prefix = quote_selector.get("prefix", "")
    suffix = quote_selector.get("suffix", "")
    if not isinstance(prefix, str) or not isinstance(suffix, str):
        raise _Invalid("the TextQuoteSelector's prefix and suffix must be text")
    position = next(
        (s for s in listed if isinstance(s, dict) and "TextPositionSelector" in _types(s)), None
    )
    start = end = None
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if not (_is_offset(start) and _is_offset(end) and start < end):  # type: ignore[operator]
            raise _Invalid(
                f"the TextPositionSelector needs whole numbers 0 <= start < end <= {MAX_OFFSET:,}"
            )
    return exact, prefix, suffix, start, end  # type: ignore[return-value]


def _is_offset(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_OFFSET


def _color(style: object) -> str | None:
    if not isinstance(style, str):
        return None
    match = _STYLE_CLASS.fullmatch(style)
    if match is None:
        return None
    value = match.group(1)
    return f"#{value}" if len(value) == 6 and all(c in "0123456789abcdef" for c in value) else value
