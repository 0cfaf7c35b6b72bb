"""Entity candidates in one text: proper nouns from jieba, Latin names, dotted names.

The text is segmented through its simplified fold (jieba's dictionary is simplified;
t2s maps offsets back through the fold's :class:`~reader.conversion.OffsetMap`).
Tagging every word with ``jieba.posseg`` costs about six times a plain ``jieba.cut``,
almost all of it in the part-of-speech HMM. So the text is cut with ``jieba.cut``
and each word's tag is looked up in jieba's word→tag table (and in the shipped
dictionary, which wins). Names jieba does not know,
and the organisations and places it never tags (runs of ordinary words ending in
…局, …医院, …苑), come from a character tagger trained on news sentences
(:mod:`reader.entities.tagger`); its spans win over the words they cover, but never
cut through a dictionary name. A name found once is then a mention everywhere else
the text writes it (:mod:`reader.entities.spreading`).

jieba's tags are believed only under rules (:mod:`reader.entities.words`), and the
cut itself is jieba's, computed faster (:mod:`reader.entities.cutting`).

Within one article a surname alone refers back to the full name written earlier
(Patel → Dylan Patel, 马斯克 → 埃隆·马斯克), as does a model's code (R1 → DeepSeek-R1),
and a name glossed in brackets is one entity with its gloss (亚历山大·王(Alexandr Wang)).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, replace

from reader.conversion import Converted
from reader.entities.cues import reads_as_name
from reader.entities.cutting import entity_cutter, entity_tokenizer
from reader.entities.debris import mask_debris
from reader.entities.generic import after_determiner, dictionary_noun
from reader.entities.glosses import glossed_transliterations
from reader.entities.honorifics import honorific_parts
from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.latin import latin_names
from reader.entities.lexicon import Lexicon, lexicon
from reader.entities.linking import normalise_key
from reader.entities.references import refine
from reader.entities.rules import ends_organisation, split_places, suffix_names
from reader.entities.shapes import COMPOUND_SURNAMES, person_like
from reader.entities.spreading import overlapping, placements
from reader.entities.tagger import feature_tags, name_spans
from reader.entities.words import (
    COMMON_NAME_FREQUENCY,
    HAN_WORD,
    LATIN_LETTER,
    after_number,
    dotted_kind,
    dotted_runs,
    word_kind,
    word_tags,
)
from reader.folding import fold

#: The code that ends a model's name and stands for it alone later on: R1 for
#: DeepSeek-R1, V3 for DeepSeek V3.
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d+[a-z]?")
#: jieba's tags of common nouns and verbs: no name is one such word alone.
_NOUN_TAGS = frozenset({"n", "vn", "v", "an"})
_DOTS = re.compile("[·・‧•･]")
#: Full-width ASCII to half width, keeping case (the fold also lower-cases).
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


@dataclass(frozen=True)
class Candidate:
    """One mention found in a text; offsets are in the original (unfolded) text."""

    start: int
    end: int
    surface: str
    #: The key the mention links by (after references to full names are resolved).
    key: str
    kind: EntityKind
    #: Whether the key comes from an abbreviation the text declares (海濱發展委員會（下稱海發會）):
    #: such a link holds in other articles too (see :mod:`reader.entities.references`).
    declared: bool = False

    @property
    def surface_key(self) -> str:
        """The key of the surface itself, which user curation (split, alias) acts on."""
        return normalise_key(self.surface)


def warm_up() -> None:
    """Load jieba, the tag table and the lexicon now (about a second) rather than later."""
    entity_cutter()
    word_tags()


def extract(text: str) -> list[Candidate]:
    """Every entity mention in ``text``, in order, none overlapping."""
    lex = lexicon()
    masked = mask_debris(text)
    folded = fold(masked)

    def folded_after(offset: int, size: int) -> str:
        start = folded.offsets.to_target(offset)
        return folded.text[start : start + size]

    def folded_before(offset: int, size: int) -> str:
        end = folded.offsets.to_target(offset)
        return folded.text[max(0, end - size) : end]

    wide = masked.translate(_WIDTH) if _FULL_WIDTH.search(masked) else masked
    latin = latin_names(wide, folded_before, folded_after, lex)
    surnames: dict[str, frozenset[str]] = {}
    for name in latin:
        if name.full_name:
            *given, surname = name.surface.split(" ")
            surnames[surname] = surnames.get(surname, frozenset()) | {given[-1]}
    if any(
        word in surnames and before not in surnames[word]
        for name in latin
        for before, word in itertools.pairwise(name.surface.split(" "))
    ):
        latin = latin_names(wide, folded_before, folded_after, lex, surnames)
    candidates = [Candidate(n.start, n.end, text[n.start : n.end], n.key, n.kind) for n in latin]
    latin_spans = sorted((n.start, n.end) for n in latin)
    latin_starts = [start for start, _ in latin_spans]
    candidates.extend(
        c
        for c in _han_candidates(text, folded, lex)
        if not overlapping(latin_spans, latin_starts, c.start, c.end)
    )
    candidates.sort(key=lambda c: c.start)
    if latin:  # spread within the text as found, then kept where the gloss is
        candidates = glossed_transliterations(text, candidates)
    candidates = _spread_within(text, folded.text, candidates, lex.kinds)
    if latin:
        candidates = glossed_transliterations(text, candidates)
    full_names = [(n.surface.rsplit(" ", 1)[-1], n.key) for n in latin if n.full_name]
    for name in latin:
        *first, code = re.split("[ -]", name.surface)
        if first and _MODEL_CODE.fullmatch(code) and not first[0][0].isdigit():
            full_names.append((code, name.key))
    return refine(text, candidates, full_names, lex)


def _spread_within(
    text: str, folded: str, candidates: list[Candidate], known: dict[str, EntityKind]
) -> list[Candidate]:
    """Every other place a Han name found in the text is written is a mention of it too
    (see :mod:`reader.entities.spreading`)."""
    names: dict[str, Candidate] = {}
    for candidate in candidates:
        written = folded[candidate.start : candidate.end]
        if len(written) >= 2 and HAN_WORD.fullmatch(written):
            names.setdefault(written, candidate)
    if not names:
        return candidates
    spans = [(c.start, c.end) for c in candidates]
    replaced: set[int] = set()
    added = []
    written = Counter(folded[c.start : c.end] for c in candidates)

    def may_trim(name: str, index: int) -> bool:
        # the longer span is written once, the name it holds is found elsewhere too
        outer = candidates[index]
        if outer.key in known:
            return False  # 视觉中国 is a name of its own
        whole = folded[outer.start : outer.end]
        if outer.kind is EntityKind.ORGANISATION and _place_before(whole, name, known):
            return False  # 香港特区政府 is the organisation 特区政府 stands for
        return written[whole] == 1 and written[name] >= 1

    for name, start, end, inside in placements(folded, list(names), spans, None, may_trim):
        replaced.update(inside)
        added.append(replace(names[name], start=start, end=end, surface=text[start:end]))
    if not added:
        return candidates
    kept = [c for index, c in enumerate(candidates) if index not in replaced]
    return sorted(kept + added, key=lambda c: c.start)


def _place_before(whole: str, name: str, known: dict[str, EntityKind]) -> bool:
    """Whether ``whole`` is ``name`` with a known place before it (香港 + 特区政府): an
    organisation's full name, not a name with a neighbour glued on."""
    if not whole.endswith(name) or whole == name:
        return False
    place = whole[: -len(name)]
    if known.get(normalise_key(place)) is EntityKind.PLACE:
        return True
    return TAG_KINDS.get(word_tags().get(place, "")) is EntityKind.PLACE


#: Adverbs and conjunctions written between a subject and its verb (蔡佩欣则表示).
_ADVERBS = frozenset("则亦也却便都均又仍就更还即")


def _han_candidates(text: str, folded: Converted, lex: Lexicon) -> list[Candidate]:
    tokenizer = entity_tokenizer()
    tags = word_tags()
    frequencies: dict[str, int] = tokenizer.FREQ
    kinds = lex.kinds
    found: list[Candidate] = []

    def add(start: int, end: int, key: str, kind: EntityKind) -> None:
        if not folded.offsets.is_identity:
            start, end = folded.offsets.range_to_source(start, end)
        found.append(Candidate(start, end, text[start:end], key, kind))

    tokens = entity_cutter().cut(folded.text)
    ends = list(itertools.accumulate(map(len, tokens)))
    # Most words are known and no proper noun: sort those out once per distinct word,
    # and look at the positions of the rest only.
    interesting = {
        token
        for token in set(tokens)
        if (token in kinds and not LATIN_LETTER.search(token))
        or (len(token) > 1 and tags.get(token, "nz") in TAG_KINDS and HAN_WORD.fullmatch(token))
    }
    runs = dotted_runs(tokens) if _DOTS.search(folded.text) else {}
    indices = sorted({i for i, token in enumerate(tokens) if token in interesting} | set(runs))
    skip_until = -1
    for index in indices:
        if index <= skip_until:
            continue
        token = tokens[index]
        start = ends[index] - len(token)
        if index in runs:
            parts = tokens[index : runs[index] + 1 : 2]
            kind = dotted_kind(parts, lex, tags, frequencies)
            if kind is not None:
                add(start, ends[runs[index]], "".join(parts), kind)
                skip_until = runs[index]
                continue
        kind = word_kind(token, lex, tags, frequencies)
        if kind is not None and token not in kinds and _counted(folded.text, start, token):
            continue  # a common noun counted (不少 + 上市公司), no name
        if kind is not None and not after_number(folded.text, start, token, lex):
            add(start, ends[index], token, kind)
    tagged = []

    found_spans = [(c.start, c.end) for c in found]
    found_starts = [c.start for c in found]

    def doubtful(start: int, end: int) -> bool:
        word = folded.text[start:end]
        if word in lex.han_words:
            return False
        if frequencies.get(word, 0) >= COMMON_NAME_FREQUENCY:
            return True  # an ordinary word (深度)
        return any(
            start <= found[i].start and found[i].end <= end and found[i].key in lex.kinds
            for i in overlapping(found_spans, found_starts, start, end)
        )

    spans = name_spans(folded.text, tokens, lex.stop_keys, doubtful)
    tagged_spans = [(start, end) for start, end, _ in spans]
    tagged_starts = [start for start, _ in tagged_spans]
    spans.extend(
        span
        for span in suffix_names(tokens, feature_tags())
        if not overlapping(tagged_spans, tagged_starts, span[0], span[1])
    )
    spans.sort()
    pieces = []
    for start, end, kind in spans:
        if kind is EntityKind.PLACE and ends_organisation(folded.text[start:end]):
            pieces.append((start, end, EntityKind.ORGANISATION))
        elif kind is EntityKind.PLACE:
            pieces.extend((s, e, kind) for s, e in split_places(folded.text, start, end))
        else:
            pieces.append((start, end, kind))
    for start, end, kind in pieces:
        start = with_compound_surname(folded.text, start, end, kind)
        end = without_adverb(folded.text, start, end, kind)
        if tags.get(folded.text[start:end]) in _NOUN_TAGS:
            continue  # a common noun alone (救援队, 董事会) names no one in particular
        key = normalise_key(folded.text[start:end])
        if key not in lex.kinds and _counted(folded.text, start, folded.text[start:end]):
            continue
        if (
            key not in lex.kinds
            and kind is not EntityKind.PERSON
            and _clause(folded.text[start:end])
        ):
            continue  # a clause ending in an office (黄太 + 希望 + 政府)
        kind = lex.kinds.get(key, kind)
        if kind is EntityKind.PERSON and not person_like(folded.text[start:end]):
            continue
        if not folded.offsets.is_identity:
            start, end = folded.offsets.range_to_source(start, end)
        tagged.append(Candidate(start, end, text[start:end], key, kind))
    # jieba tags phrases as people (强降雨): a person the dictionary does not know must
    # be one to the tagger too
    tagged_spans = [(c.start, c.end) for c in tagged]
    tagged_starts = [c.start for c in tagged]
    found = [
        c
        for c in found
        if c.kind is not EntityKind.PERSON
        or c.key in lex.kinds
        or overlapping(tagged_spans, tagged_starts, c.start, c.end)
    ]
    return _merge(found, tagged, lex)


def _clause(span: str) -> bool:
    """Whether a span the tagger calls an organisation or a place is a clause: a
    person addressed by surname, a verb, then an office (黄太 + 希望 + 政府)."""
    return any(honorific_parts(span[:size]) for size in (2, 3, 4)) and not reads_as_name(span)


def _counted(folded: str, start: int, word: str) -> bool:
    """Whether a dictionary word shaped like a name is counted here (全市 + 公立医院):
    a common noun (:mod:`reader.entities.generic`)."""
    return after_determiner(folded, start) and dictionary_noun(word)


def with_compound_surname(folded: str, start: int, end: int, kind: EntityKind) -> int:
    """Where a person's name starts: jieba cuts a compound surname it knows as a common
    word (司徒 "minister of the masses") off the given name, and the tagger then takes the
    given name alone (司徒|文彦 → 文彦); a one- or two-character given name right after a
    compound surname starts at the surname."""
    if (
        kind is EntityKind.PERSON
        and end - start <= 2
        and folded[start - 2 : start] in (COMPOUND_SURNAMES)
    ):
        return start - 2
    return start


def without_adverb(folded: str, start: int, end: int, kind: EntityKind) -> int:
    """Where a person's name ends: the tagger takes an adverb after a three-character
    name into it (蔡佩欣 + 则 + 表示); a four-character name without a compound surname
    that ends in one ends before it."""
    if (
        kind is EntityKind.PERSON
        and end - start == 4
        and folded[end - 1] in _ADVERBS
        and folded[start : start + 2] not in COMPOUND_SURNAMES
    ):
        return end - 1
    return end


def _merge(found: list[Candidate], tagged: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """The tagger's spans with the word-level names: a tagged span replaces the words it
    overlaps (the longest name wins over its fragments, 保安局 over 保安), except that
    it never cuts through a dictionary name. Both lists are sorted and each has no
    overlaps of its own."""
    spans = [(c.start, c.end) for c in found]
    starts = [c.start for c in found]
    kept = []
    replaced: set[int] = set()
    for span in tagged:
        inside = overlapping(spans, starts, span.start, span.end)
        if any(
            found[i].key in lex.kinds
            and not (span.start <= found[i].start and found[i].end <= span.end)
            for i in inside
        ):
            continue
        kept.append(span)
        replaced.update(inside)
    kept.extend(c for index, c in enumerate(found) if index not in replaced)
    kept.sort(key=lambda c: c.start)
    return kept
