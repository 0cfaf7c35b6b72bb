"""Abbreviations declared next to their long form, linked in every article.

An article declares a short form next to its long form (海濱發展委員會（下稱海發會）,
青山環保協會，簡稱青環會, or a bracketed short form made of the long form's characters).
Only a declared abbreviation binds every occurrence in the article, and it is marked
``declared`` so the store can link the short form in other articles too. A short form
known as a name of another kind (香港 of 香港某某銀行) is never declared.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.linking import normalise_key
from reader.entities.shapes import ORGANISATION_ENDINGS, PLACE_ENDINGS
from reader.entities.words import word_tags

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")
#: How far back a place written before a declared organisation is looked for.
_PLACE_RUN = 8
#: jieba's tag for a place name.
_PLACE_TAG = "ns"
_QUOTES = "「」『』“”\"'‘’《》"
#: Words that declare the name after them another name of the one before: 下稱, 以下簡稱,
#: 簡稱, 又稱, 亦稱, 俗稱 (either script). A bare 稱 ("said") declares nothing.
_CUE = r"(?:以下|下文|下)(?:[簡简])?[稱称]|[簡简][稱称]|[又亦俗][稱称]"
#: A declaration after a name, the declared name in a group named after its form:
#: ``bracket`` （下稱海發會）, （簡稱：「海發會」）; ``comma`` ，簡稱青環會 (running on to the next
#: punctuation, trimmed later); ``bare`` （海發會）, which counts only when made of the long
#: form's characters.
_CUES = re.compile(
    rf"[（(]\s*(?:{_CUE})\s*[為为：:]?\s*[{_QUOTES}]?"
    rf"(?P<bracket>[^（）()\n{_QUOTES}]{{1,20}}?)[{_QUOTES}]?\s*[）)]"
    rf"|[，,]\s*(?:{_CUE})\s*[為为：:]?\s*[{_QUOTES}]?"
    rf"(?P<comma>[^，,。；;、：:！!？?\s（）(){_QUOTES}]{{1,20}})"
    r"|[（(](?P<bare>[\u3400-\u9fff]{2,8})[）)]"
)


def _is_subsequence(short: str, long: str) -> bool:
    characters = iter(long)
    return all(ch in characters for ch in short)


def _abbreviates(short: str, long: str) -> bool:
    """``short`` is made of ``long``'s characters in order, starting as it does or after
    a leading qualifier (海发会 of 海滨发展委员会, 特区政府 of 东湖特区政府)."""
    if not (2 <= len(short) < len(long)) or not _HAN.search(short):
        return False
    return _is_subsequence(short, long) and (short[0] == long[0] or long.endswith(short))


def _conflicts(short_key: str, long: Candidate, lex: Lexicon) -> bool:
    """Whether ``short_key`` is known as a name of another kind, by the shipped lists or
    jieba's dictionary (香港 is a place, not the bank 香港某某銀行 abbreviated)."""
    known = lex.kinds.get(short_key)
    if known is None:
        from reader.segmentation import word_tag_table

        known = TAG_KINDS.get(word_tag_table().get(short_key, ""))
    return known is not None and known is not long.kind


def declared_abbreviations(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """Link every occurrence of a short form declared next to its long form."""
    declared: dict[str, tuple[Candidate, str]] = {}  # short key → (long, short surface)
    cues = list(_CUES.finditer(text))
    candidates = [c for c in candidates if not any(_swallows_cue(c, cue) for cue in cues)]
    ends = {c.end: c for c in candidates}
    for cue in cues:
        bracket, comma, bare = cue.group("bracket"), cue.group("comma"), cue.group("bare")
        at = cue.start()
        while at > 0 and text[at - 1] in " \u3000":
            at -= 1
        long = ends.get(at)
        if long is not None and (bracket or bare):
            fitted = _fit_long_form(text, candidates, long, (bracket or bare).strip(), lex)
            if fitted is not long:
                first, last = min(fitted.start, long.start), fitted.end
                candidates = sorted(
                    [c for c in candidates if c.end <= first or c.start >= last] + [fitted],
                    key=lambda c: c.start,
                )
                ends = {c.end: c for c in candidates}
                long = fitted
        if long is None and bare is not None:
            # Only a long form that ends like an organisation or a place, and contains
            # the short one: 海濱發展委員會（海發會）, not 某某說（大意）.
            long = _long_form(text, at, bare)
            if long is not None and not _named_by_suffix(long.surface):
                long = None
        elif long is None:
            declared_name = (bracket or comma).strip()
            lengths = range(len(declared_name), 1, -1) if comma else (len(declared_name),)
            for length in lengths:
                long = _long_form(text, at, declared_name[:length])
                if long is not None:
                    break
        if long is None or (bare is not None and long.kind is EntityKind.PERSON):
            continue
        short = (bracket or comma or bare).strip()
        long_key = normalise_key(long.surface)
        if comma is not None and _HAN.match(short):
            # An unquoted name after ，簡稱 runs on into the sentence: keep the part
            # made of the long form's characters.
            while short and not _is_subsequence(normalise_key(short), long_key):
                short = short[:-1]
        short_key = normalise_key(short)
        if not short_key or short_key in (long_key, long.key) or _conflicts(short_key, long, lex):
            continue
        if not (_abbreviates(short_key, long_key) or (bare is None and _is_name_like(short))):
            continue
        long = _with_place(text, candidates, long, lex)
        declared.setdefault(short_key, (long, short))
        candidates = [c for c in candidates if not (long.start <= c.start and c.end <= long.end)]
        if not overlaps(sorted((c.start, c.end) for c in candidates), long.start, long.end):
            candidates = sorted([*candidates, long], key=lambda c: c.start)
    if not declared:
        return candidates

    result: list[Candidate] = []
    for candidate in candidates:
        found = declared.get(candidate.key) or declared.get(candidate.surface_key)
        if found is not None and found[0].key != candidate.key:
            long = found[0]
            candidate = replace(candidate, key=long.key, kind=long.kind, declared=True)
        result.append(candidate)
    taken = sorted((c.start, c.end) for c in result)
    for long, short in declared.values():
        for match in re.finditer(re.escape(short), text):
            start, end = match.span()
            if overlaps(taken, start, end):
                continue
            if short.isascii() and not _word_bounded(text, start, end):
                continue
            result.append(
                replace(long, start=start, end=end, surface=short, key=long.key, declared=True)
            )
            bisect.insort(taken, (start, end))
    return sorted(result, key=lambda c: c.start)


def _swallows_cue(candidate: Candidate, cue: re.Match[str]) -> bool:
    """Whether a name found inside a declaration took in more than the declared name
    (下稱海發會 for 海發會): the declared name is found again without it."""
    name = next(group for group in ("bracket", "comma", "bare") if cue.group(group) is not None)
    start, end = cue.span(name)
    overlaps = candidate.start < cue.end() and cue.start() < candidate.end
    return overlaps and (candidate.start < start or candidate.end > end)


def _fit_long_form(
    text: str, candidates: list[Candidate], long: Candidate, short: str, lex: Lexicon
) -> Candidate:
    """The long form a declaration names, from the name found just before it.

    A name that took in words before the long form (警方聯同海濱發展委員會（下稱海發會）)
    is cut to start where the short form's characters do; a name that is the short form
    itself, written after a place (澳門|特區政府（下稱特區政府）), is the place and the name
    together. Otherwise the name found is the long form.
    """
    from reader.entities.extract import Candidate

    short_key = normalise_key(short)
    if not short_key or not _HAN.match(short_key):
        return long
    if normalise_key(long.surface) == short_key:
        start = _place_before(text, candidates, long.start, lex, shaped=False)
        if start is None:
            return long
        surface = text[start : long.end]
        return Candidate(start, long.end, surface, normalise_key(surface), long.kind)
    trimmed = _long_form(text, long.end, short)
    if trimmed is None or trimmed.start <= long.start or trimmed.end != long.end:
        return long
    return replace(trimmed, kind=long.kind)


def _with_place(text: str, candidates: list[Candidate], long: Candidate, lex: Lexicon) -> Candidate:
    """A declared organisation written right after a place is the place's
    (瀾州|證券監察委員會（下稱證監會）): a declaration spells the full name, and the
    place is part of it."""
    from reader.entities.extract import Candidate

    if long.kind is not EntityKind.ORGANISATION:
        return long
    start = _place_before(text, candidates, long.start, lex, shaped=True)
    if start is None:
        return long
    surface = text[start : long.end]
    return Candidate(start, long.end, surface, normalise_key(surface), long.kind)


def _place_before(
    text: str, candidates: list[Candidate], at: int, lex: Lexicon, shaped: bool
) -> int | None:
    """Where a place written right before ``at`` starts: a place found there, or a known
    place; with ``shaped``, also a word jieba cuts there that ends like a place and that
    it knows as nothing else (瀾州, not 全港 or 本市)."""
    places = [c.start for c in candidates if c.end == at and c.kind is EntityKind.PLACE]
    places += [
        at - size
        for size in (4, 3, 2)
        if at >= size and lex.kinds.get(normalise_key(text[at - size : at])) is EntityKind.PLACE
    ]
    if not places and shaped:
        run = at
        while run > max(0, at - _PLACE_RUN) and _HAN.match(text[run - 1]):
            run -= 1
        folded = normalise_key(text[run:at])
        if len(folded) == at - run and folded:
            import jieba

            word = jieba.lcut(folded)[-1]
            tag = word_tags().get(word, _PLACE_TAG)
            if 2 <= len(word) <= 3 and word[-1] in PLACE_ENDINGS and tag == _PLACE_TAG:
                places.append(at - len(word))
    return min(places) if places else None


def _long_form(text: str, end: int, short: str) -> Candidate | None:
    """The long form a declaration follows when analysis found no name there: the
    shortest run of Han characters before it that starts with the short form's first
    character and holds all of its characters in order (警方聯同海濱發展委員會 → 海濱發展委員會)."""
    from reader.entities.extract import Candidate

    start = end
    while start > 0 and _HAN.match(text[start - 1]):
        start -= 1
    run, short_key = text[start:end], normalise_key(short)
    if not short_key or not _HAN.match(short_key):
        return None
    folded = normalise_key(run)
    if len(folded) != len(run):
        return None
    for offset in range(len(run) - len(short_key) - 1, -1, -1):
        if folded[offset] == short_key[0] and _is_subsequence(short_key, folded[offset:]):
            surface = run[offset:]
            return Candidate(
                start + offset, end, surface, normalise_key(surface), suffix_kind(surface)
            )
    return None


#: A section of an office (經濟罪案調查科) ends in 科; so do the branches of medicine and
#: learning (内科, 神经外科), which are shorter.
_SECTION = "科"
_SECTION_LENGTH = 5


def _named_by_suffix(name: str) -> bool:
    key = normalise_key(name)
    last = key[-1:]
    if last == _SECTION:
        return len(key) >= _SECTION_LENGTH
    return last in ORGANISATION_ENDINGS or last in PLACE_ENDINGS


def suffix_kind(name: str) -> EntityKind:
    """The kind a name's last characters suggest; organisation when they say nothing."""
    last = normalise_key(name)[-1:]
    if last in PLACE_ENDINGS and last not in ORGANISATION_ENDINGS:
        return EntityKind.PLACE
    return EntityKind.ORGANISATION


def _is_name_like(short: str) -> bool:
    """A declared name that is not made of the long form's characters: an acronym or a
    short word (WHO, 世衛), not a clause."""
    return len(short) <= 12 and bool(re.fullmatch(r"[\w\u3400-\u9fff .&·-]+", short))


def _word_bounded(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not (before.isascii() and before.isalnum()) and not (after.isascii() and after.isalnum())


def overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(taken, (start, end))
    for other_start, other_end in taken[max(0, index - 1) : index + 1]:
        if other_start < end and start < other_end:
            return True
    return False
