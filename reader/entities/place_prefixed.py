"""An organisation named after its place, written with and without the place.

News names a body in full once (香港特區政府, 澄溪區議會, 秀湄消防處) and then without
its place (特區政府, 區議會, 消防處), or with the place but without its administrative
unit (香港政府 for 香港特區政府, as 秀湄 stands for 秀湄區): all are one organisation. An
organisation's name is read as place + unit + head, the place being a place the corpus
found or one known (jieba's dictionary, the shipped lists), the unit optional
(特别行政区 and its short form 特区 are one unit). Then:

- the names with the same place and head are one organisation (香港政府, 香港特区政府,
  香港特别行政区政府), unless they carry two different units (吉林省政府 and 吉林市政府 are
  two governments, and 吉林政府 is neither);
- the name without its place (unit + head, or the head alone: 特区政府, 区议会) stands
  for it when exactly one place's organisation ends so in the whole corpus (市政府 is
  nobody's when both 北京市政府 and 上海市政府 are written), and it is at least three
  characters long: two are an organisation's generic word (政府, 法院, 大学), which names
  no one in particular.

The name the forms are linked to is the one written in most texts, the longest on a
tie.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.entities.words import word_tags

#: Administrative units written between a place and an organisation's head, longest
#: first, each with the unit it is a form of (特区 is short for 特别行政区).
UNIT_FORMS = (
    ("特别行政区", "特别行政区"),
    ("自治区", "自治区"),
    ("自治州", "自治州"),
    ("自治县", "自治县"),
    ("特区", "特别行政区"),
    ("省", "省"),
    ("市", "市"),
    ("县", "县"),
    ("区", "区"),
    ("镇", "镇"),
    ("乡", "乡"),
)
#: A name without its place must be this long: shorter is a generic word (政府).
MIN_BARE = 3

#: A corpus name: folded form → (key, kind, texts), as analysis spreads them.
Names = Mapping[str, tuple[str, str, int]]
#: place, unit (its canonical form, "" for none), unit as written, head.
Parts = tuple[str, str, str, str]


def place_test(names: Names) -> Callable[[str], bool]:
    """Whether a string is a place: one the corpus found (or whose name with a unit it
    found: 澄溪 of 澄溪区), or one jieba or the shipped lists know."""
    known = lexicon().kinds
    tags = word_tags()
    place = EntityKind.PLACE.value
    found = {written for written, (_key, kind, _texts) in names.items() if kind == place}

    def is_place(text: str) -> bool:
        if text in found or known.get(normalise_key(text)) is EntityKind.PLACE:
            return True
        if TAG_KINDS.get(tags.get(text, "")) is EntityKind.PLACE:
            return True
        return any(text + unit in found for unit, _canonical in UNIT_FORMS if len(unit) == 1)

    return is_place


def parts(written: str, is_place: Callable[[str], bool]) -> Parts | None:
    """``written`` as place + unit + head, the shortest place first; None if it does not
    start with a place followed by at least two characters."""
    for cut in range(2, len(written) - 1):
        place = written[:cut]
        if not is_place(place):
            continue
        rest = written[cut:]
        for unit, canonical in UNIT_FORMS:
            if rest.startswith(unit) and len(rest) - len(unit) >= 2:
                return place, canonical, unit, rest[len(unit) :]
        return place, "", "", rest
    return None


def place_prefixed(names: Names, organisations: Iterable[str] = ()) -> dict[str, str]:
    """Another form (folded) → key of the organisation it stands for, among the
    organisations of ``names``; ``organisations``: every organisation's folded name in
    the corpus, found in one text or more, which guards against ambiguity and is linked
    where it is another form of one of ``names`` (香港政府 written once). They are
    read once, as they come (at 100,000 articles a set of them was 35 MB).

    Only the groups (place, head) of ``names``' own organisations can give a link, so
    only their members are held; of every other group only its short forms are kept,
    as what makes one of ours ambiguous (holding every group's members was ~30 MB at
    100,000 articles, the peak of spreading)."""
    is_place = place_test(names)
    tags = word_tags()
    known = lexicon().kinds
    org = EntityKind.ORGANISATION.value
    groups: dict[tuple[str, str], dict[str, Parts]] = {}
    for written, (_key, kind, _texts) in names.items():
        split = parts(written, is_place) if kind == org else None
        if split is not None:
            groups.setdefault((split[0], split[3]), {})[written] = split
    foreign: set[str] = set()  # short forms of groups with none of ours
    for written in organisations:
        split = parts(written, is_place)
        if split is None:
            continue
        members = groups.get((split[0], split[3]))
        if members is not None:
            members[written] = split
        else:
            foreign.add(split[2] + split[3])
    links: dict[str, str] = {}
    bare: dict[str, set[tuple[str, str]]] = {}
    chosen: dict[tuple[str, str], str] = {}
    for group, members in groups.items():
        if len({unit for _p, unit, _w, _h in members.values() if unit}) > 1:
            continue  # two places of one name (吉林省, 吉林市): neither is the bare one
        ours = [w for w in members if w in names and names[w][1] == org]
        if not ours:
            continue
        best = max(ours, key=lambda w: (names[w][2], len(w)))
        chosen[group] = names[best][0]
        for written in members:
            if names.get(written, (written,))[0] != chosen[group]:
                links[written] = chosen[group]
    for group, members in groups.items():
        for _place, _unit, written_unit, head in members.values():
            bare.setdefault(written_unit + head, set()).add(group)
    for short, owners in bare.items():
        if len(owners) != 1 or short in foreign or len(short) < MIN_BARE:
            continue
        if short in chosen.values():
            continue  # a name others are linked to stands for itself (香港特区政府)
        group = next(iter(owners))
        if group not in chosen:
            continue
        tagged = TAG_KINDS.get(tags.get(short, "nt"), EntityKind.ORGANISATION)
        if tagged in (EntityKind.PERSON, EntityKind.PLACE):
            continue
        if known.get(normalise_key(short), EntityKind.ORGANISATION) is not EntityKind.ORGANISATION:
            continue
        other = names.get(short)
        if other is not None and other[1] != org:
            continue
        if other is None or other[0] != chosen[group]:
            links[short] = chosen[group]
    return links
