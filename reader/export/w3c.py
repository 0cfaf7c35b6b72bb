"""The W3C Web Annotation Data Model (JSON-LD), out.

One ``AnnotationCollection`` whose first (and only) page embeds every annotation, so
a file is self-contained and other tools that speak the model can read it. Each
annotation carries its IRI, ``created``/``modified``, its ``creator`` (the person
exporting, see :mod:`reader.export.agents`) and ``generator`` (reader and its
version), a ``TextualBody`` for the note (``text/markdown``, purpose ``commenting``)
and one per tag (purpose ``tagging``), and a ``SpecificResource`` target:

- ``source`` is ``urn:sha256:<hash of the clean text>``: the exact text the selectors
  count in, whatever file or page it came from (for an orphan imported from a text
  this database does not hold, the IRI that text came with), with the article's
  title (``dcterms:title``); its ``via`` is where that text came from, always an
  absolute IRI: the web address of a web article, else the file as a ``file:`` IRI
  (a relative path is resolved against the export's base folder);
- ``scope`` is the article's web address, when it has one;
- the selectors are a ``TextQuoteSelector`` (exact, prefix, suffix) and a
  ``TextPositionSelector`` (start, end in code points);
- a colour the user chose (rather than the one the first tag gives) is a
  ``styleClass`` defined in the annotation's ``stylesheet``.

The document is a pure function of the annotations and the creator (no export time
in it; the collection's id is the hash of the text of its items), so the same
database always gives the same bytes and an export, imported into a fresh database
holding the same articles and exported again, gives the same file. Whether an anchor
is fuzzy or orphaned is not written: it is this database's judgement of its own text,
and an import decides it afresh against the text it finds.

Reading is :mod:`reader.export.parsing` (with :mod:`reader.export.w3c_in`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from reader.export import json_text
from reader.export.agents import Creator, generator
from reader.export.records import ExportAnnotation
from reader.export.w3c_in import STYLE_PREFIX

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
LABEL = "reader annotations"
SHA256_URN = "urn:sha256:"
#: The indentation of ``first.items`` in the collection.
_ITEMS_INDENT = "    "


def collection_text(records: Sequence[ExportAnnotation], creator: Creator | None = None) -> str:
    """The records as one ``AnnotationCollection`` with its single page embedded, as
    JSON text indented by two spaces (ending with a newline).

    The items are written first, so the collection's id can be the hash of exactly
    the text that holds them.
    """
    agents = _Agents(creator)
    items = json_text.Written(
        json_text.dumps([annotation(record, agents) for record in records], _ITEMS_INDENT)
    )
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
    return json_text.dumps(document) + "\n"


class _Agents:
    """The creator's and generator's descriptions, made once per export."""

    def __init__(self, creator: Creator | None) -> None:
        self.creator = creator.agent() if creator is not None else None
        self.generator = generator()


def text_selectors(record: ExportAnnotation) -> list[dict[str, object]]:
    """The quote selector, then the position selector when the offsets still hold:
    the same pair in W3C and Hypothesis JSON."""
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
    return selectors


def annotation(record: ExportAnnotation, agents: _Agents | None = None) -> dict[str, object]:
    """One annotation in the Web Annotation model."""
    agents = agents or _Agents(None)
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
            "dcterms:title": record.article.title,
            "via": record.article.location,
        },
    }
    if record.article.url:
        target["scope"] = record.article.url
    target["selector"] = text_selectors(record)
    item: dict[str, object] = {
        "id": record.iri,
        "type": "Annotation",
        "motivation": motivation,
        "created": record.created,
        "modified": record.updated,
    }
    if agents.creator is not None:
        item["creator"] = agents.creator
    item["generator"] = agents.generator
    if bodies:
        item["body"] = bodies
    item["target"] = target
    if record.color is not None:
        style = STYLE_PREFIX + record.color.removeprefix("#")
        target["styleClass"] = style
        item["stylesheet"] = {
            "type": "CssStylesheet",
            "value": f".{style} {{ background-color: {record.color}; }}",
        }
    return item
