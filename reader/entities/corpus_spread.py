"""Spreading the corpus's names into one text's cached occurrences.

The corpus's names (recurring across texts, declared as abbreviations, or discovered
from the corpus's statistics) are placed wherever the text writes them, replacing the
fragments found there (:mod:`reader.entities.spreading`); places written in one breath
are cut into the places they are made of; a polite form of address keyed as one of the
corpus's names is unlinked unless the article introduces it
(:func:`reader.entities.honorifics.detach_public`); and strings discovery rejected (a
fragment of a name, a name with a neighbour's character glued on) give way to the name
written across them.
"""

from __future__ import annotations

from collections.abc import Collection

from reader.entities.generic import dictionary_noun
from reader.entities.honorifics import detach_public
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.entities.offices import reads_as_name_or_office, reads_as_office
from reader.entities.spreading import placements
from reader.store import entities as entity_store


def spread_text(
    text: str,
    folded: str,
    occurrences: list[entity_store.Occurrence],
    spreading: dict[str, tuple[str, str, int]],
    recurring: dict[str, tuple[str, str, int]],
    rejected: set[str] = frozenset(),  # type: ignore[assignment]
    kinds: dict[str, str] | None = None,
    bare: dict[str, str] | None = None,
    synonyms: dict[str, str] | None = None,
    public: Collection[str] | None = None,
) -> list[entity_store.Occurrence] | None:
    """The text's occurrences with ``spreading`` names added, or None if none fits.
    ``rejected``: strings discovery found to be no names; ``kinds``: the kind a
    discovered name's suffix gives it; ``bare``: a short form → its full name's key
    (:mod:`reader.entities.short_forms`), each occurrence of which is marked declared so
    that every article links it; ``synonyms``: a key → the key of the name it is one
    with (spellings one Latin gloss glosses, :mod:`reader.entities.glosses`).
    ``public``: the keys of ``recurring``, if the caller has them (made once for the
    corpus rather than once a text: 127,000 keys at 100,000 articles)."""
    places = [name for name, kind in (kinds or {}).items() if kind == "place"]
    if public is None:
        public = {key for key, _kind, _texts in recurring.values()}
    detached = detach_public(text, occurrences, public)
    split = _split_compounds(text, folded, detached, recurring, places)
    changed_forms = split is not None or len(detached) != len(occurrences)
    occurrences = split if split is not None else detached
    relinked = _link_bare(folded, occurrences, bare or {}, recurring)
    if synonyms:
        relinked = [(*o[:4], synonyms[o[4]], *o[5:]) if o[4] in synonyms else o for o in relinked]
    changed_links = relinked != occurrences
    occurrences = relinked
    cleared = _clear_way(folded, occurrences, spreading, recurring, rejected)
    cleared = _retyped(folded, cleared, kinds or {})
    changed = changed_forms or changed_links or cleared != occurrences
    occurrences = cleared
    spans = [(start, end) for start, end, *_ in occurrences]
    known = lexicon().kinds

    def may_replace(name: str, index: int) -> bool:
        inner = recurring.get(folded[spans[index][0] : spans[index][1]])
        if inner is None or 2 * spreading[name][2] >= inner[2]:
            return True
        # an organisation named after a place holds it, however rare (澜州 of
        # 澜州交易及结算所); a name with words glued on does not (丽景苑 + 居民)
        return (
            inner[1] == "place" and spreading[name][1] == "organisation" and reads_as_office(name)
        )

    replaced: set[int] = set()
    added: list[entity_store.Occurrence] = []

    def may_trim(name: str, index: int) -> bool:
        if occurrences[index][4] in known:
            return False
        outer = recurring.get(folded[spans[index][0] : spans[index][1]])
        return outer is None or spreading[name][2] >= 2 * outer[2]

    for name, start, end, inside in placements(
        folded, list(spreading), spans, may_replace, may_trim
    ):
        key, kind, _texts = spreading[name]
        surface = text[start:end]
        replaced.update(inside)
        declared = int(name in (bare or {}))
        added.append((start, end, surface, normalise_key(surface), key, kind, declared))
    if not added:
        return occurrences if changed else None
    kept = [o for index, o in enumerate(occurrences) if index not in replaced]
    return sorted(kept + added)


def _link_bare(
    folded: str,
    occurrences: list[entity_store.Occurrence],
    bare: dict[str, str],
    recurring: dict[str, tuple[str, str, int]],
) -> list[entity_store.Occurrence]:
    """The occurrences with a short form (秀湄) keyed as its full name (秀湄区) and
    marked declared, unless analysis read it as a person there."""
    if not bare:
        return occurrences
    result = []
    for occurrence in occurrences:
        start, end, surface, surface_key, key, kind, declared = occurrence
        written = folded[start:end]
        full = bare.get(written)
        if full is not None and not declared and kind != "person" and key == surface_key:
            kind = recurring.get(written, (full, kind, 0))[1]
            occurrence = (start, end, surface, surface_key, full, kind, 1)
        elif declared and bare.get(key, key) != key and kind != "person":
            # an abbreviation declared for a form the corpus links to a fuller one
            # (足总 of 足球总会, which is 霁川足球总会 without its city)
            occurrence = (start, end, surface, surface_key, bare[key], kind, 1)
        result.append(occurrence)
    return result


def _clear_way(
    folded: str,
    occurrences: list[entity_store.Occurrence],
    spreading: dict[str, tuple[str, str, int]],
    recurring: dict[str, tuple[str, str, int]],
    rejected: set[str],
) -> list[entity_store.Occurrence]:
    """The occurrences, less those a spread name written across them shows to be no
    name: a string discovery rejected (林敏 of 林敏娴, 苑 + 宏泰阁), or a one-off span
    that holds the name inside a phrase (十二楼的居民 + 温淑仪, 秀湄 + 设立援助中心)."""
    written: list[tuple[int, int, str]] = []
    for name in spreading:
        position = folded.find(name)
        while position >= 0:
            written.append((position, position + len(name), spreading[name][1]))
            position = folded.find(name, position + 1)
    known = lexicon().kinds

    def junk(occurrence: entity_store.Occurrence) -> bool:
        start, end, _surface, _skey, key, _kind, declared = occurrence
        surface = folded[start:end]
        if declared or key in known or surface in recurring:
            return False
        across = [
            (s, e, k) for s, e, k in written if s < end and start < e and (s, e) != (start, end)
        ]
        if surface in rejected and dictionary_noun(surface):
            return True  # a common noun (上市公司), wherever it is written
        if not across:
            return False
        if surface in rejected:
            return True
        inside = [(e, k) for s, e, k in across if start <= s and e <= end]
        held = [k for _e, k in inside]
        branched = any(k == "organisation" and e < end for e, k in inside)
        return bool(held) and not reads_as_name_or_office(surface, held, branched)

    return [o for o in occurrences if not junk(o)]


def _retyped(
    folded: str, occurrences: list[entity_store.Occurrence], kinds: dict[str, str]
) -> list[entity_store.Occurrence]:
    """The occurrences with the kind their suffix says (晴峰阁 is a place, whatever the
    tagger guessed), for the names discovery found by their suffix."""
    known = lexicon().kinds
    result = []
    for occurrence in occurrences:
        kind = kinds.get(folded[occurrence[0] : occurrence[1]])
        if kind is not None and occurrence[5] != kind and occurrence[4] not in known:
            occurrence = (*occurrence[:5], kind, occurrence[6])
        result.append(occurrence)
    return result


def _split_compounds(
    text: str,
    folded: str,
    occurrences: list[entity_store.Occurrence],
    recurring: dict[str, tuple[str, str, int]],
    places: Collection[str] = (),
) -> list[entity_store.Occurrence] | None:
    """Places written in one breath (district + estate + block) cut into the recurring
    places they are made of, when each part is found on its own in at least as many
    texts as the whole; None if there is none. A span the tagger gave another kind is
    cut only into ``places``, those the corpus shows to be places by their suffix
    (嘉晴苑 + 晴碧阁): an organisation otherwise keeps its place name."""
    result: list[entity_store.Occurrence] = []
    changed = False
    for occurrence in occurrences:
        start, end, _surface, _skey, _key, kind, _declared = occurrence
        whole = recurring.get(folded[start:end])
        parts = None
        if end - start >= 4:
            parts = _places_in(folded[start:end], recurring, whole[2] if whole else 0)
        if parts and kind != "place" and not all(part in places for part in parts):
            parts = None
        if not parts:
            result.append(occurrence)
            continue
        changed = True
        offset = start
        for part in parts:
            key, part_kind, _texts = recurring[part]
            surface = text[offset : offset + len(part)]
            result.append(
                (offset, offset + len(part), surface, normalise_key(surface), key, part_kind, 0)
            )
            offset += len(part)
    return result if changed else None


def _places_in(
    word: str, recurring: dict[str, tuple[str, str, int]], texts: int
) -> list[str] | None:
    """``word`` as two or three recurring places, each in at least ``texts`` texts."""

    def place(part: str) -> bool:
        found = recurring.get(part)
        return found is not None and found[1] == "place" and found[2] >= max(texts, 1)

    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if not place(head):
            continue
        if place(tail):
            return [head, tail]
        for second in range(2, len(tail) - 1):
            if place(tail[:second]) and place(tail[second:]):
                return [head, tail[:second], tail[second:]]
    return None
