"""Finding the annotations in an imported JSON document, whatever its shape.

Accepted: a W3C ``AnnotationCollection`` (pages embedded), an ``AnnotationPage``, one
``Annotation``; a Hypothesis annotation or the Hypothesis search API's
``{"rows": [...]}``; or a list of annotations of either kind. Each annotation is read
by its own format's reader (:mod:`reader.export.w3c_in`,
:mod:`reader.export.hypothesis`); this module never touches the database.
"""

from __future__ import annotations

from reader.errors import ReaderError
from reader.export import hypothesis, w3c_in
from reader.export.incoming import MAX_ANNOTATIONS, Incoming, Invalid, Parsed, types_of


def parse(document: object, *, now: str) -> Parsed:
    """Read a document; :class:`ReaderError` if it is not one of the accepted shapes.

    ``now`` stands in for a missing ``created``.
    """
    items: list[Incoming] = []
    problems: list[tuple[int, str]] = []
    found = annotations_in(document)
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
            if hypothesis.is_hypothesis(raw):
                items.append(hypothesis.incoming(raw, number, label, now))
            else:
                items.append(w3c_in.incoming(raw, number, label, now))
        except Invalid as problem:
            problems.append((number, f"{label}: {problem}"))
    return Parsed(tuple(items), tuple(problems))


def annotations_in(document: object) -> list[object]:
    """The annotation objects of a document, unread."""
    shape_error = ReaderError(
        "not an annotation document: expected a W3C AnnotationCollection, AnnotationPage "
        'or Annotation, a Hypothesis annotation or {"rows": [...]}, or a list of annotations'
    )
    if isinstance(document, list):
        return document
    if not isinstance(document, dict):
        raise shape_error
    types = types_of(document)
    if "Annotation" in types or hypothesis.is_hypothesis(document):
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
    if not types and "rows" in document:
        rows = document["rows"]
        if not isinstance(rows, list):
            raise ReaderError('the Hypothesis search result\'s "rows" must be a list')
        return rows
    raise shape_error


def _page_items(page: dict[str, object]) -> list[object]:
    items = page.get("items", [])
    if not isinstance(items, list):
        raise ReaderError("an AnnotationPage's items must be a list")
    return items
