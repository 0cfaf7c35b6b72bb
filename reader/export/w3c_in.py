"""Reading one W3C Web Annotation (JSON-LD) into an :class:`~reader.export.incoming.Incoming`.

Accepted: what :mod:`reader.export.w3c` writes, and what other tools that speak the
model write: ``body`` or ``bodyValue``, one target given as an object or a one-item
list, a ``source`` given as an IRI or as an object with ``id`` (and ``via``, the file
or page it came from, or ``canonical``), a ``TextQuoteSelector`` (required) and a
``TextPositionSelector`` (used when the quote is at its position). Limits are those of
:mod:`reader.export.incoming`.
"""

from __future__ import annotations

import re

from reader.export.incoming import (
    Incoming,
    Invalid,
    check_limits,
    is_web,
    path_of_iri,
    position_selector,
    quote_selector,
    timestamp,
    types_of,
)

STYLE_PREFIX = "reader-color-"
_STYLE_CLASS = re.compile(re.escape(STYLE_PREFIX) + r"([a-z]+|[0-9a-f]{6})")


def is_w3c(raw: object) -> bool:
    """Whether ``raw`` declares itself a W3C annotation."""
    return isinstance(raw, dict) and "Annotation" in types_of(raw)


def incoming(raw: object, number: int, label: str, now: str) -> Incoming:
    """One W3C annotation; :class:`Invalid` says why it cannot be used."""
    if not is_w3c(raw):
        raise Invalid('not an object with "type": "Annotation"')
    assert isinstance(raw, dict)
    iri = raw.get("id")
    if not isinstance(iri, str) or not iri.strip():
        raise Invalid("it has no id")
    created = timestamp(raw.get("created"), "created") or now
    modified = timestamp(raw.get("modified"), "modified") or created
    note, tags = _bodies(raw)
    target = _one_target(raw.get("target"))
    source, url, path = _source(target)
    selectors = target.get("selector")
    listed = selectors if isinstance(selectors, list) else [selectors]
    exact, prefix, suffix = quote_selector(listed)
    start, end = position_selector(listed)
    return check_limits(
        Incoming(
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
    )


def _bodies(raw: dict[str, object]) -> tuple[str, tuple[str, ...]]:
    body = raw.get("body", [])
    bodies = body if isinstance(body, list) else [body]
    notes: list[str] = []
    tags: list[str] = []
    if isinstance(raw.get("bodyValue"), str):
        notes.append(raw["bodyValue"])  # type: ignore[arg-type]
    for item in bodies:
        if not isinstance(item, dict):
            raise Invalid("a body that is a link, not a TextualBody, is not supported")
        value = item.get("value")
        if not isinstance(value, str):
            raise Invalid("a body has no text value")
        purpose = item.get("purpose")
        purposes = set(purpose) if isinstance(purpose, list) else {purpose}
        (tags if "tagging" in purposes else notes).append(value)
    return "\n\n".join(notes), tuple(tags)


def _one_target(target: object) -> dict[str, object]:
    if isinstance(target, list):
        if len(target) != 1:
            raise Invalid("only annotations with exactly one target are supported")
        target = target[0]
    if isinstance(target, str):
        raise Invalid("the target has no TextQuoteSelector")
    if not isinstance(target, dict):
        raise Invalid("it has no target")
    return target


def _source(target: dict[str, object]) -> tuple[str, str | None, str | None]:
    """The source IRI, the web address (scope, via, canonical or the source itself)
    and the file path (a ``file:`` or relative ``via``, else a ``file:`` source: the
    plainest target names the annotated file itself)."""
    source = target.get("source")
    via = None
    canonical = None
    if isinstance(source, dict):
        via = source.get("via")
        canonical = source.get("canonical")
        source = source.get("id")
    if not isinstance(source, str) or not source:
        raise Invalid("the target has no source")
    if isinstance(via, list):
        via = next((v for v in via if isinstance(v, str)), None)
    candidates = (target.get("scope"), via, canonical, source)
    url = next((c for c in candidates if is_web(c)), None)
    path = None
    if isinstance(via, str) and via and not is_web(via):
        path = path_of_iri(via)
    elif source.startswith("file:"):
        path = path_of_iri(source)
    return source, url, path  # type: ignore[return-value]


def _color(style: object) -> str | None:
    if not isinstance(style, str):
        return None
    match = _STYLE_CLASS.fullmatch(style)
    if match is None:
        return None
    value = match.group(1)
    return f"#{value}" if len(value) == 6 and all(c in "0123456789abcdef" for c in value) else value
