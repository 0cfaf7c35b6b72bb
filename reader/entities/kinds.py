"""What sort of thing an entity is, and how jieba's name tags map onto that.

Four kinds are enough for a news reader to group its side panel: people,
organisations, places and products (models, chips, apps, projects). jieba's
part-of-speech tags for proper nouns map onto them; the shipped dictionary and alias
table use the same tags, so one table serves both.
"""

from __future__ import annotations

import enum


class EntityKind(enum.StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    PLACE = "place"
    PRODUCT = "product"


#: jieba tags of proper nouns (nr person, nrt transliterated person, nrfg full person
#: name, ns place, nt organisation, nz other proper noun) and the kind each stands for.
TAG_KINDS: dict[str, EntityKind] = {
    "nr": EntityKind.PERSON,
    "nrt": EntityKind.PERSON,
    "nrfg": EntityKind.PERSON,
    "ns": EntityKind.PLACE,
    "nt": EntityKind.ORGANISATION,
    "nz": EntityKind.PRODUCT,
}

#: The jieba tag written for each kind when a name is added to the tokenizer.
KIND_TAGS: dict[EntityKind, str] = {
    EntityKind.PERSON: "nr",
    EntityKind.PLACE: "ns",
    EntityKind.ORGANISATION: "nt",
    EntityKind.PRODUCT: "nz",
}


def parse_kind(value: str) -> EntityKind:
    """A kind from its name or from a jieba tag (``person`` or ``nr``)."""
    text = value.strip().lower()
    if text in TAG_KINDS:
        return TAG_KINDS[text]
    if text in ("organization", "org"):
        return EntityKind.ORGANISATION
    return EntityKind(text)
