"""Short forms the corpus writes for its own names, linked without a declaration.

News writes a district, county or city both with and without its administrative unit,
often in one article (秀湄區嘉晴苑 … 到秀湄視察, 青峰縣 … 青峰), and a company with and
without its legal form (鼎灃控股集團 … 鼎灃控股的股票): the full name is the entity's
name and the short form another name of it. When the corpus's names hold such a full
name, its short form is linked to it, as an abbreviation the texts declare would be:
spread to every text that writes it, and resolved to the full name's entity in every
article.

The short form must be able to stand for the name: at least two characters (北区 has
no bare form), and not a word jieba's dictionary or the shipped lists know as
something else (白石 is a person's name there, so 白石镇 keeps its unit; 上市 of 上市公司
is a verb), nor a corpus name of another kind. A short form that two full names share
(东礁区 and 东礁市, 鼎沣集团 and 鼎沣公司) is linked to neither.
"""

from __future__ import annotations

from collections.abc import Iterable

from reader.entities.kinds import EntityKind
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.entities.place_prefixed import place_prefixed
from reader.entities.words import word_tags

#: Administrative units written after a place's name (folded, simplified).
UNITS = frozenset("区市县省镇乡")
#: Legal forms written after a company's name, longest first: only the longest that
#: ends a name is taken off (鼎沣控股集团 → 鼎沣控股, never 鼎沣).
LEGAL_FORMS = (
    "集团股份有限公司",
    "集团有限公司",
    "控股有限公司",
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团",
    "公司",
)
#: jieba's tags a short form may have: the kind's own, or none (an unknown word).
_TAGS = {EntityKind.PLACE.value: "ns", EntityKind.ORGANISATION.value: "nt"}

#: A corpus name: folded form → (key, kind, texts), as analysis spreads them.
Names = dict[str, tuple[str, str, int]]


def _short_form(written: str, kind: str) -> str | None:
    if kind == EntityKind.PLACE.value and written[-1:] in UNITS:
        return written[:-1]
    if kind == EntityKind.ORGANISATION.value:
        for form in LEGAL_FORMS:
            if written.endswith(form):
                return written[: -len(form)]
    return None


def short_forms(names: Names) -> dict[str, str]:
    """Short form (folded) → key of the full name, for every place among ``names`` that
    ends in an administrative unit and every organisation that ends in a legal form,
    whose short form may stand for it."""
    known = lexicon().kinds
    tags = word_tags()
    found: dict[str, set[str]] = {}
    for written, (key, kind, _texts) in names.items():
        short = _short_form(written, kind)
        if short is None or len(short) < 2:
            continue
        if known.get(normalise_key(short), EntityKind(kind)) is not EntityKind(kind):
            continue
        if tags.get(short, _TAGS[kind]) != _TAGS[kind]:
            continue
        other = names.get(short)
        if other is not None and other[1] != kind:
            continue
        found.setdefault(short, set()).add(key)
    return {short: next(iter(keys)) for short, keys in found.items() if len(keys) == 1}


def with_short_forms(names: Names, organisations: Iterable[str] = ()) -> dict[str, str]:
    """Add the short form of each such name to ``names``, keyed as the full name so
    that it spreads as one; returns the links made (short form → full key). An
    organisation written without its place, or with its place's short form, is such a
    short form too (:mod:`reader.entities.place_prefixed`; ``organisations``: every
    organisation the corpus names, which guards that rule against ambiguity).

    A short form that is a word of jieba's dictionary (中西 of 中西区) is linked where
    analysis found it but not spread: written inside other words (中西医) it is no
    place, and only a name that is no word spreads safely whatever surrounds it."""
    links = short_forms(names)
    for short, key in place_prefixed(names, organisations).items():
        links.setdefault(short, key)
    targets = set(links.values())
    full = {key: (kind, texts) for key, kind, texts in names.values() if key in targets}
    tags = word_tags()
    for short, key in links.items():
        if short not in names and short in tags:
            continue
        kind, texts = full[key]
        names[short] = (key, kind, max(names.get(short, ("", "", 0))[2], texts))
    return links
