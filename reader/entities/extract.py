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

jieba's tags are noisy (明白, 许可 and 东西 are tagged as names), so a tag is believed
only under rules: a stoplist, no jieba ``nz`` without the shipped dictionary, no name
right after a number, and person names from jieba's dictionary only when they are rare
words there (a real 2-character given name is rare; 明白 is not).

Within one article a surname alone refers back to the full name written earlier
(Patel → Dylan Patel, 马斯克 → 埃隆·马斯克), as does a model's code (R1 → DeepSeek-R1),
and a name glossed in brackets is one entity with its gloss (亚历山大·王(Alexandr Wang)).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from typing import Any

from reader.conversion import Converted
from reader.entities.cutting import FastCut
from reader.entities.debris import mask_debris
from reader.entities.kinds import TAG_KINDS, EntityKind
from reader.entities.latin import latin_names
from reader.entities.lexicon import Lexicon, lexicon
from reader.entities.linking import normalise_key
from reader.entities.references import refine
from reader.entities.rules import ends_organisation, split_places, suffix_names
from reader.entities.spreading import overlapping, placements
from reader.entities.tagger import feature_tags, name_spans
from reader.folding import fold

_HAN_WORD = re.compile(r"[\u3400-\u9fff]+")
_LATIN_LETTER = re.compile(r"[a-z]")
#: The code that ends a model's name and stands for it alone later on: R1 for
#: DeepSeek-R1, V3 for DeepSeek V3.
_MODEL_CODE = re.compile(r"[A-Z]{1,3}\d+[a-z]?")
_DOT = frozenset("·・‧•･")
#: jieba's tags of common nouns and verbs: no name is one such word alone.
_NOUN_TAGS = frozenset({"n", "vn", "v", "an"})
_DOTS = re.compile("[·・‧•･]")
_NUMERALS = frozenset("0123456789零一二三四五六七八九十百千万亿两几数")
_OPEN = ("(", "（")
_CLOSE = (")", "）")
#: Full-width ASCII to half width, keeping case (the fold also lower-cases).
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FULL_WIDTH = re.compile("[\uff01-\uff5e]")
#: Common Chinese surnames, and the 小/老/阿 of nicknames (小扎, 老黄, 阿苏): a word the
#: HMM calls a person must start with one of them or be a transliteration.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章"
    "鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉"
    "骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄"
    "丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼"
    "盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云"
    "容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿小老"
)
#: Person and place names in jieba's dictionary with at least this frequency are
#: ordinary words that happen to be tagged as names (明白 10875, 东西 18877, 许可 623):
#: the names news is about are rare words there or missing (马斯克 3, 奥特曼 6), and
#: the common places are in the shipped dictionary.
COMMON_NAME_FREQUENCY = 100
#: Characters that make up transliterated foreign names (马斯克, 奥特曼, 贝尼奥夫),
#: leaving out those common in ordinary words too (高, 安, 比, 多, 金…).
TRANSLITERATION = frozenset(
    "阿埃艾奥巴拜班邦贝波伯布戴黛迪蒂杜厄恩尔菲费芬弗盖冈戈格贡哈豪赫亨霍基吉加迦杰卡"
    "凯坎柯科克肯库夸奎昆拉莱兰朗劳勒雷里丽利莉列林琳卢鲁伦罗洛马玛迈麦曼梅蒙米莫姆穆"
    "纳娜奈内尼涅诺帕派佩彭皮珀普乔切琼萨塞桑瑟莎索塔泰坦特提图托瓦威维韦沃乌伍锡扎詹"
    "佐斯德亚伊"
)


COMPOUND_SURNAMES = frozenset(
    ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "尉迟", "公孙", "令狐", "夏侯"]
)
#: Last characters of place names: administrative units and geography.
PLACE_ENDINGS = frozenset("省市县区州镇乡村岛湾港湖江河山岭峰洲海")
#: Last characters of organisation names (…部, …院, …集团, …银行, …社): jieba tags
#: phrases such as 新进展 or 普通员工 nt too.
ORGANISATION_ENDINGS = frozenset("部局院会所社团党军队校学司行厂委办处组署府馆台报网盟联厅协")


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


_lock = threading.Lock()


@cache
def entity_tokenizer() -> Any:
    """A jieba tokenizer with the shipped names added, sharing nothing mutable.

    It starts from a copy of the shared tokenizer's frequency table (no second load
    from disk) so adding names never changes how :mod:`reader.segmentation` cuts words
    for the rest of the program.
    """
    import jieba

    from reader.segmentation import tokenizer

    base = tokenizer()
    with _lock:
        own = jieba.Tokenizer(base.dictionary)
        own.FREQ = dict(base.FREQ)
        own.total = base.total
        own.initialized = True
        for word, tag in lexicon().han_words.items():
            own.add_word(word, None, tag)
    return own


@cache
def _word_tags() -> dict[str, str]:
    """jieba's word → part-of-speech table (loaded by importing ``jieba.posseg``)."""
    import jieba.posseg

    return jieba.posseg.dt.word_tag_tab


@cache
def entity_cutter() -> FastCut:
    """The entity tokenizer's cut, computed faster (see :mod:`reader.entities.cutting`)."""
    return FastCut(entity_tokenizer())


def warm_up() -> None:
    """Load jieba, the tag table and the lexicon now (about a second) rather than later."""
    entity_cutter()
    _word_tags()


@lru_cache(maxsize=65536)
def _hmm_tag(word: str) -> str | None:
    """The POS HMM's tag for an unknown word, if the HMM reads it as one word."""
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi

    _, states = viterbi(word, char_state_tab_P, start_P, trans_P, emit_P)
    if states[0][0] != "B" or states[-1][0] != "E":
        return None
    if any(state[0] != "M" for state in states[1:-1]):
        return None
    return str(states[-1][1])


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
    candidates = _spread_within(text, folded.text, candidates, lex.kinds)
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
        if len(written) >= 2 and _HAN_WORD.fullmatch(written):
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
        return written[folded[outer.start : outer.end]] == 1 and written[name] >= 1

    for name, start, end, inside in placements(folded, list(names), spans, None, may_trim):
        replaced.update(inside)
        added.append(replace(names[name], start=start, end=end, surface=text[start:end]))
    if not added:
        return candidates
    kept = [c for index, c in enumerate(candidates) if index not in replaced]
    return sorted(kept + added, key=lambda c: c.start)


def _han_candidates(text: str, folded: Converted, lex: Lexicon) -> list[Candidate]:
    tokenizer = entity_tokenizer()
    tags = _word_tags()
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
        if (token in kinds and not _LATIN_LETTER.search(token))
        or (len(token) > 1 and tags.get(token, "nz") in TAG_KINDS and _HAN_WORD.fullmatch(token))
    }
    runs = _dotted_runs(tokens) if _DOTS.search(folded.text) else {}
    indices = sorted({i for i, token in enumerate(tokens) if token in interesting} | set(runs))
    skip_until = -1
    for index in indices:
        if index <= skip_until:
            continue
        token = tokens[index]
        start = ends[index] - len(token)
        if index in runs:
            parts = tokens[index : runs[index] + 1 : 2]
            kind = _dotted_kind(parts, lex, tags, frequencies)
            if kind is not None:
                add(start, ends[runs[index]], "".join(parts), kind)
                skip_until = runs[index]
                continue
        kind = _word_kind(token, lex, tags, frequencies)
        if kind is not None and not _after_number(folded.text, start, token, lex):
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
        if tags.get(folded.text[start:end]) in _NOUN_TAGS:
            continue  # a common noun alone (救援队, 董事会) names no one in particular
        key = normalise_key(folded.text[start:end])
        kind = lex.kinds.get(key, kind)
        if kind is EntityKind.PERSON and not _person_like(folded.text[start:end]):
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


def _dotted_runs(tokens: list[str]) -> dict[int, int]:
    """Index of the first and last token of each run Han·Han(·Han…) (埃隆·马斯克)."""
    runs: dict[int, int] = {}
    index = 1
    while index < len(tokens) - 1:
        if tokens[index] in _DOT and _HAN_WORD.fullmatch(tokens[index - 1]):
            first, last = index - 1, index - 1
            while (
                last + 2 < len(tokens)
                and tokens[last + 1] in _DOT
                and _HAN_WORD.fullmatch(tokens[last + 2])
            ):
                last += 2
            if last > first:
                runs[first] = last
            index = last + 2
        else:
            index += 1
    return runs


def _tag(token: str, tags: dict[str, str], frequencies: dict[str, int]) -> tuple[str | None, bool]:
    """jieba's tag for ``token`` and whether the token is a word jieba did not know."""
    tag = tags.get(token)
    if tag is not None or frequencies.get(token):
        return tag, False
    return _hmm_tag(token), True


def _word_kind(
    token: str, lex: Lexicon, tags: dict[str, str], frequencies: dict[str, int]
) -> EntityKind | None:
    """The kind of a single word if it is a name, under the rules in the module doc."""
    known = lex.kinds.get(token)
    if known is not None:
        # Latin names are found by reader.entities.latin, which sees their case.
        return None if _LATIN_LETTER.search(token) else known
    if len(token) < 2:
        return None
    tag = tags.get(token)
    if tag is not None and tag not in TAG_KINDS:
        return None  # the common case: a known word that is not a proper noun
    if not _HAN_WORD.fullmatch(token) or token in lex.stop_keys:
        return None
    unknown = tag is None and not frequencies.get(token)
    if unknown:
        return None  # words jieba did not know: the tagger's spans cover them
    if tag is None or tag == "nz" or tag not in TAG_KINDS:
        return None
    kind = TAG_KINDS[tag]
    if kind is EntityKind.PERSON and not _person_shaped(token, unknown):
        return None
    if kind is EntityKind.PLACE and not _place_shaped(token, unknown):
        return None
    if kind is EntityKind.ORGANISATION and token[-1] not in ORGANISATION_ENDINGS:
        return None
    common = frequencies.get(token, 0) >= COMMON_NAME_FREQUENCY
    if common and not unknown and kind is not EntityKind.ORGANISATION:
        return None
    return kind


def _person_like(word: str) -> bool:
    """A person's name starts with a surname (or 小, 老, 阿), or is transliterated or
    dotted: the tagger's "person" 算力 is neither."""
    return (
        word[0] in SURNAMES
        or word[:2] in COMPOUND_SURNAMES
        or _transliterated(word.replace("·", ""))
        or any(ch in _DOT for ch in word)
    )


def _transliterated(word: str) -> bool:
    return all(ch in TRANSLITERATION for ch in word)


def _person_shaped(word: str, unknown: bool) -> bool:
    """A transliteration (贝尼奥夫) or a Chinese full name (梁文锋); for words the HMM
    found, also a two-character name or nickname (傅盛, 小扎)."""
    if _transliterated(word):
        return True
    if unknown:
        return word[0] in SURNAMES and len(word) <= 4
    if word[:2] in COMPOUND_SURNAMES:
        return len(word) in (3, 4)
    return len(word) == 3 and word[0] in SURNAMES and word[0] not in "小老阿"


def _place_shaped(word: str, unknown: bool) -> bool:
    """A transliteration (休斯敦) or a word ending like a place (淄博市, 洞庭湖)."""
    return _transliterated(word) or (len(word) >= 3 and word[-1] in PLACE_ENDINGS)


def _dotted_kind(
    parts: list[str], lex: Lexicon, tags: dict[str, str], frequencies: dict[str, int]
) -> EntityKind | None:
    """埃隆·马斯克: a dotted run is a person's name if any part is one or all transliterate."""
    known = lex.kinds.get("".join(parts))
    if known is not None:
        return known
    if any(part in lex.stop_keys for part in parts):
        return None
    for part in parts:
        if lex.kinds.get(part) is EntityKind.PERSON:
            return EntityKind.PERSON
        tag, _ = _tag(part, tags, frequencies)
        if tag in ("nr", "nrt", "nrfg"):
            return EntityKind.PERSON
    if all(ch in TRANSLITERATION for part in parts for ch in part):
        return EntityKind.PERSON
    return None


def _after_number(text: str, start: int, token: str, lex: Lexicon) -> bool:
    """A name the dictionary does not know cannot follow a number (10 万卡, 122 天拉)."""
    if token in lex.kinds:
        return False
    before = text[:start].rstrip(" ")
    return bool(before) and before[-1] in _NUMERALS
