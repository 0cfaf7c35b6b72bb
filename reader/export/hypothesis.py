"""The Hypothesis API's annotation JSON, both ways, so annotations on web articles
move between reader and Hypothesis.

Out (``reader export --format hypothesis``): the search API's shape,
``{"total": n, "rows": [...]}``, each row with ``id``, ``created``, ``updated``,
``user``, ``uri`` (the article's web address, else its file as a ``file:`` IRI),
``document.title``, ``text`` (the note, Markdown as Hypothesis writes it), ``tags`` and
one ``target`` with a ``TextQuoteSelector`` and a ``TextPositionSelector``. A
colour chosen in reader has no place in Hypothesis and is not written.

In: a single annotation, a list of them, or the search API's ``{"rows": [...]}``. An
annotation is matched to an article by its ``uri`` (or its target's ``source``): the
web address the article was imported from. Positions count in the web page's text,
not in the article's clean text, so the quote with its prefix and suffix is what
finds the passage (a position is used only when the quote is there). A page note
(no quoted passage) cannot be imported. ``user``, ``group``, ``permissions`` and
``RangeSelector`` are read past: reader keeps no per-annotation author.

Hypothesis ids are short keys, not IRIs: ``abc123`` is kept as the IRI
``https://hypothes.is/a/abc123`` (its page on Hypothesis) and written back as
``abc123``, so an annotation keeps its identity across any number of round trips and
importing it again merges rather than duplicates.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.export import json_text
from reader.export.agents import Creator
from reader.export.incoming import (
    Incoming,
    Invalid,
    check_limits,
    is_web,
    path_of_iri,
    position_selector,
    quote_selector,
    timestamp,
)
from reader.export.records import ExportAnnotation
from reader.export.w3c import text_selectors

ANNOTATION_PAGE = "https://hypothes.is/a/"


# -- out -----------------------------------------------------------------------------


def search_text(records: Sequence[ExportAnnotation], creator: Creator | None) -> str:
    """The records as the search API's JSON (``total`` and ``rows``), ending with a newline."""
    rows = [row(record, creator) for record in records]
    return json_text.dumps({"total": len(rows), "rows": rows}) + "\n"


def row(record: ExportAnnotation, creator: Creator | None) -> dict[str, object]:
    """One annotation as the Hypothesis API gives it."""
    uri = record.article.location
    selectors = text_selectors(record)
    item: dict[str, object] = {
        "id": record.iri.removeprefix(ANNOTATION_PAGE),
        "created": record.created,
        "updated": record.updated,
    }
    if creator is not None:
        item["user"] = creator.account()
    item |= {
        "uri": uri,
        "document": {"title": [record.article.title]},
        "text": record.note,
        "tags": list(record.tags),
        "target": [{"source": uri, "selector": selectors}],
    }
    return item


# -- in ------------------------------------------------------------------------------


def is_hypothesis(raw: object) -> bool:
    """Whether ``raw`` looks like a Hypothesis annotation (it has a ``uri``)."""
    return isinstance(raw, dict) and isinstance(raw.get("uri"), str) and "type" not in raw


def iri_of(key: str) -> str:
    """The IRI an annotation id is kept under: itself if it is one, else its page."""
    return key if ":" in key else ANNOTATION_PAGE + key


def incoming(raw: object, number: int, label: str, now: str) -> Incoming:
    """One Hypothesis annotation; :class:`Invalid` says why it cannot be used."""
    if not isinstance(raw, dict):
        raise Invalid("not an annotation object")
    key = raw.get("id")
    if not isinstance(key, str) or not key.strip():
        raise Invalid("it has no id")
    uri = raw.get("uri")
    if not isinstance(uri, str) or not uri:
        raise Invalid("it has no uri")
    created = timestamp(raw.get("created"), "created") or now
    modified = timestamp(raw.get("updated"), "updated") or created
    note = raw.get("text", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        raise Invalid("its text is not text")
    tags = raw.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise Invalid("its tags must be a list of text")
    selectors = _selectors(raw.get("target"))
    exact, prefix, suffix = quote_selector(selectors)
    start, end = position_selector(selectors)
    return check_limits(
        Incoming(
            number=number,
            label=label,
            iri=iri_of(key),
            created=created,
            modified=modified,
            note=note,
            tags=tuple(tags),
            color=None,
            source=uri,
            url=uri if is_web(uri) else None,
            path=path_of_iri(uri) if uri.startswith("file:") else None,
            exact=exact,
            prefix=prefix,
            suffix=suffix,
            start=start,
            end=end,
        )
    )


def _selectors(target: object) -> list[object]:
    """The selectors of the annotation's one target (a page note has none)."""
    targets = target if isinstance(target, list) else [target]
    if len(targets) != 1 or not isinstance(targets[0], dict):
        raise Invalid("only annotations with exactly one target are supported")
    selectors = targets[0].get("selector")
    if selectors is None:
        raise Invalid("it is a page note, with no quoted passage to anchor")
    return selectors if isinstance(selectors, list) else [selectors]
