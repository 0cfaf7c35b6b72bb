"""Links inside one article, and mentions that are not names of their own.

An article says which of its names are one: a surname refers back to the full name
written earlier (Patel → Dylan Patel, 马斯克 → 埃隆·马斯克), a model's code to the
model (R1 → DeepSeek-R1), a gloss in brackets spells the name another way
(亚历山大·王（Alexandr Wang）), and an abbreviation is declared next to its long form
(海濱發展委員會（下稱海發會）, 青山環保協會，簡稱青環會, or a bracketed short form made of the long
form's characters). The rules are strict because a false link is worse than a missing
one: a gloss counts only in another script or as a known alias — never a qualifier such
as 某公司（香港）— and binds only the occurrence it glosses; only a declared
abbreviation binds every occurrence, and it is marked ``declared`` so the store can
link the short form in other articles too.

Some mentions name nobody by themselves. A surname with an honorific (陳先生, 王女士,
Mr Chan) is a different person in every article: it takes the full name it refers to
when the article has exactly one person of that surname, and is dropped otherwise, so
it never links articles. Latin words in lines of Latin page furniture (menus, share
bars, copyright lines) are dropped unless the article's Chinese text names them too.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import replace
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from reader.entities.evidence import assign_kinds
from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.linking import normalise_key
from reader.entities.shapes import (
    COMPOUND_SURNAMES,
    ORGANISATION_ENDINGS,
    PLACE_ENDINGS,
    SURNAMES,
    TRANSLITERATION,
)
from reader.folding import fold_text

if TYPE_CHECKING:
    from reader.entities.extract import Candidate

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_DOT = frozenset("·・‧•･")
_OPEN = ("(", "（")
_CLOSE = (")", "）")
#: The code that ends a model's name and stands for it alone later on: R1 for
#: DeepSeek-R1, V3 for DeepSeek V3.
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d+[a-z]?")

#: What follows a surname to refer to a person without naming them: honorifics,
#: kinship terms used as address, and titles (normalised keys, simplified).
HONORIFICS = frozenset(
    [
        "先生", "女士", "小姐", "太太", "太", "夫人", "生", "姐", "嫂", "伯", "叔", "婶", "婆",
        "姨", "哥", "妹", "弟", "公", "老", "氏", "君", "伯伯", "婆婆", "姑娘", "师傅",
        "老师", "医生", "博士", "教授", "律师", "同学", "主席", "议员", "局长", "司长",
        "处长", "部长", "校长", "院长", "总裁", "经理", "警官", "督察", "法官", "总", "董",
        "sir",
    ]
)  # fmt: skip
#: The same in English: Mr Chan is no more a name than 陳先生.
LATIN_HONORIFICS = frozenset(["mr", "mrs", "ms", "miss", "mx", "dr", "madam", "sir", "prof"])

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
#: Sentence punctuation: a line with it is prose, not a menu.
_PROSE_MARKS = re.compile(r"[，。；！？、]")


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(SURNAMES), frozenset(COMPOUND_SURNAMES)


def _transliterated(key: str) -> bool:
    """A foreign name in Chinese characters (马斯克): its first character is no surname,
    so 馬先生 is not 馬斯克."""
    return all(ch in TRANSLITERATION for ch in key)


def refine(
    text: str,
    candidates: list[Candidate],
    full_names: list[tuple[str, str]],
    lex: Lexicon,
) -> list[Candidate]:
    """The article's candidates with furniture and honorifics dropped and references,
    glosses and abbreviations linked (``candidates`` sorted by start, none overlapping;
    ``full_names`` are (surname or model code, key of the full name) of Latin names)."""
    candidates = assign_kinds(text, _drop_latin_furniture(text, candidates, lex), lex)
    candidates = _declared_abbreviations(text, candidates, lex)
    candidates = _glosses(text, candidates, lex)
    candidates = _honorifics(text, candidates)
    return _references(candidates, full_names)


# ---------------------------------------------------------------- page furniture


def _is_furniture(line: str) -> bool:
    """Whether a line is Latin page furniture: Latin letters and no Han, or so few Han
    characters and no sentence punctuation that it reads as a menu or a share bar
    (分享 Facebook WhatsApp)."""
    if not _LATIN.search(line):
        return False
    if not _HAN.search(line):
        return True
    if _PROSE_MARKS.search(line):
        return False
    return len(_LATIN.findall(line)) >= 4 * len(_HAN.findall(line))


def _drop_latin_furniture(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    furniture: dict[int, bool] = {}  # line start → whether the line is furniture

    def in_furniture(candidate: Candidate) -> bool:
        start = text.rfind("\n", 0, candidate.start) + 1
        if start not in furniture:
            end = text.find("\n", candidate.end)
            furniture[start] = _is_furniture(text[start : len(text) if end < 0 else end])
        return furniture[start]

    suspects = [c for c in candidates if not _HAN.search(c.surface) and in_furniture(c)]
    if not suspects:
        return candidates

    def canonical(key: str) -> str:
        return lex.canonical.get(key, key)

    dropped = {id(c) for c in suspects}
    outside = {canonical(c.key) for c in candidates if id(c) not in dropped}
    return [c for c in candidates if id(c) not in dropped or canonical(c.key) in outside]


# ---------------------------------------------------------------- abbreviations


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
        import jieba.posseg

        known = TAG_KINDS.get(jieba.posseg.dt.word_tag_tab.get(short_key, ""))
    return known is not None and known is not long.kind


def _declared_abbreviations(
    text: str, candidates: list[Candidate], lex: Lexicon
) -> list[Candidate]:
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
        declared.setdefault(short_key, (long, short))
        if long.start not in {c.start for c in candidates} and not _overlaps(
            sorted((c.start, c.end) for c in candidates), long.start, long.end
        ):
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
            if _overlaps(taken, start, end):
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
        places = [c.start for c in candidates if c.end == long.start and c.kind is EntityKind.PLACE]
        places += [
            long.start - size
            for size in (4, 3, 2)
            if long.start >= size
            and lex.kinds.get(normalise_key(text[long.start - size : long.start]))
            is EntityKind.PLACE
        ]
        if not places:
            return long
        start = min(places)
        surface = text[start : long.end]
        return Candidate(start, long.end, surface, normalise_key(surface), long.kind)
    trimmed = _long_form(text, long.end, short)
    if trimmed is None or trimmed.start <= long.start or trimmed.end != long.end:
        return long
    return replace(trimmed, kind=long.kind)


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


def _named_by_suffix(name: str) -> bool:
    last = normalise_key(name)[-1:]
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


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(taken, (start, end))
    for other_start, other_end in taken[max(0, index - 1) : index + 1]:
        if other_start < end and start < other_end:
            return True
    return False


# ---------------------------------------------------------------- glosses


def _glosses(text: str, candidates: list[Candidate], lex: Lexicon) -> list[Candidate]:
    """A name in brackets right after another is the same entity when it spells it in
    the other script (亚历山大·王（Alexandr Wang）) or the alias table says so; it binds
    that occurrence only."""
    result = list(candidates)
    for index, (left, right) in enumerate(itertools.pairwise(candidates)):
        if text[left.end : right.start].strip() not in _OPEN:
            continue
        if not text[right.end :].lstrip().startswith(_CLOSE) or right.key == left.key:
            continue
        if right.declared or left.declared:
            continue
        if not _other_spelling(left, right, lex):
            continue
        result[index + 1] = replace(right, key=left.key, kind=left.kind)
    return result


def _other_spelling(left: Candidate, right: Candidate, lex: Lexicon) -> bool:
    """Whether the bracketed ``right`` spells ``left`` another way: the alias table says
    so, or it is written in the other script and is nothing else already known; a known
    place never glosses anything but a place, nor a product anything but a product (a
    Latin name's kind is a guess unless the shipped lists know it)."""
    if (left.kind is EntityKind.PRODUCT) is not (right.kind is EntityKind.PRODUCT):
        return False
    evidenced = bool(_HAN.search(right.surface)) or right.key in lex.kinds
    if evidenced and (left.kind is EntityKind.PLACE) is not (right.kind is EntityKind.PLACE):
        return False
    left_canonical = lex.canonical.get(left.key, left.key)
    right_canonical = lex.canonical.get(right.key, right.key)
    if left_canonical == right_canonical:
        return True
    if right.key in lex.kinds or right_canonical in lex.kinds:
        return False  # a known name of its own
    return bool(_HAN.search(left.surface)) != bool(_HAN.search(right.surface))


# ---------------------------------------------------------------- honorifics


@lru_cache(maxsize=65536)
def honorific_surname(surface: str) -> str | None:
    """The surname of a surname-and-honorific reference (陳先生 → 陈, Mr Chan → chan),
    or None for anything else."""
    words = surface.replace(".", " ").split()
    if len(words) == 2 and words[0].casefold() in LATIN_HONORIFICS and words[1].isalpha():
        return words[1].casefold()
    key = normalise_key(surface)
    if not _HAN.match(key):
        return None
    single, compound = _surnames()
    if key[:2] in compound and key[2:] in HONORIFICS:
        return key[:2]
    if key[:1] in single and key[1:] in HONORIFICS:
        return key[:1]
    return None


#: An English honorific written just before a word: "Mr. " in Mr. Chan.
_LATIN_HONORIFIC_BEFORE = re.compile(
    rf"\b(?:{'|'.join(sorted(LATIN_HONORIFICS))})\.?[ \u00a0]$", re.IGNORECASE
)


#: Honorifics of two characters or more, found in the text itself: a tagger trained on
#: names does not tag 陳先生, and a one-character honorific (生, 公, 老) is too often the
#: start of an ordinary word to be looked for without a tagger's word.
_WRITTEN_HONORIFICS = re.compile(
    "|".join(sorted((h for h in HONORIFICS if len(h) >= 2 and _HAN.match(h)), key=len)[::-1])
)


def _written_honorifics(text: str, candidates: list[Candidate]) -> list[Candidate]:
    """``candidates`` with the surname-and-honorific references written in ``text`` that
    no extractor made a candidate of, so that they are resolved or dropped like the rest."""
    from reader.entities.extract import Candidate

    folded = fold_text(text)
    single, compound = _surnames()
    taken = sorted((c.start, c.end) for c in candidates)
    added = []
    for match in _WRITTEN_HONORIFICS.finditer(folded):
        for size, surnames in ((2, compound), (1, single)):
            start = match.start() - size
            if start >= 0 and folded[start : match.start()] in surnames:
                if not _overlaps(taken, start, match.end()):
                    surface = text[start : match.end()]
                    added.append(
                        Candidate(
                            start, match.end(), surface, normalise_key(surface), EntityKind.PERSON
                        )
                    )
                break
    return sorted(candidates + added, key=lambda c: c.start) if added else candidates


def _honorifics(text: str, candidates: list[Candidate]) -> list[Candidate]:
    candidates = _written_honorifics(text, candidates)
    references: dict[int, str | None] = {}
    for candidate in candidates:
        surname = honorific_surname(candidate.surface)
        if surname is None and candidate.surface.isascii():
            if candidate.surface.rstrip(".").casefold() in LATIN_HONORIFICS:
                surname = ""  # the honorific alone (Mr. before a surname): no name
            elif candidate.surface.isalpha() and _LATIN_HONORIFIC_BEFORE.search(
                text, max(0, candidate.start - 8), candidate.start
            ):
                surname = candidate.surface.casefold()
        references[candidate.start] = surname
    if all(surname is None for surname in references.values()):
        return candidates
    full: dict[str, set[str]] = {}
    kinds: dict[str, EntityKind] = {}
    for candidate in candidates:
        if references[candidate.start] is not None or candidate.kind is not EntityKind.PERSON:
            continue
        if _HAN.match(candidate.key) and 2 <= len(candidate.key) <= 4:
            single, compound = _surnames()
            if candidate.key[:2] in compound:
                full.setdefault(candidate.key[:2], set()).add(candidate.key)
            elif candidate.key[:1] in single and not _transliterated(candidate.key):
                full.setdefault(candidate.key[:1], set()).add(candidate.key)
        elif " " in candidate.surface:
            surname = candidate.surface.rsplit(" ", 1)[-1].casefold()
            full.setdefault(surname, set()).add(candidate.key)
        kinds[candidate.key] = candidate.kind
    result = []
    for candidate in candidates:
        surname = references[candidate.start]
        if surname is None:
            result.append(candidate)
            continue
        names = full.get(surname, set())
        if len(names) == 1:
            (key,) = names
            result.append(replace(candidate, key=key, kind=EntityKind.PERSON))
    return result


# ---------------------------------------------------------------- surnames


def _references(candidates: list[Candidate], full_names: list[tuple[str, str]]) -> list[Candidate]:
    """Link a surname to the full name, and a model's code to the model."""
    by_surname: dict[str, set[str]] = {}
    kinds: dict[str, EntityKind] = {}
    for candidate in candidates:
        kinds.setdefault(candidate.key, candidate.kind)
        if candidate.kind is EntityKind.PERSON and any(ch in _DOT for ch in candidate.surface):
            surname = normalise_key(re.split("[·・‧•･]", candidate.surface)[-1])
            if len(surname) >= 2:
                by_surname.setdefault(surname, set()).add(candidate.key)
    for surname, key in full_names:
        if len(surname) >= 3 or _MODEL_CODE.fullmatch(surname):
            by_surname.setdefault(normalise_key(surname), set()).add(key)
    rewrites = {short: next(iter(keys)) for short, keys in by_surname.items() if len(keys) == 1}
    if not rewrites:
        return candidates
    resolved = []
    for candidate in candidates:
        key, seen = candidate.key, {candidate.key}
        while key in rewrites and rewrites[key] not in seen:
            key = rewrites[key]
            seen.add(key)
        if key != candidate.key and not candidate.declared:
            candidate = replace(candidate, key=key, kind=kinds.get(key, candidate.kind))
        resolved.append(candidate)
    return resolved
