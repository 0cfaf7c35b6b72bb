"""Cues that a recurring string is a name, and of which kind.

Corpus statistics (:mod:`reader.entities.discovery`) find strings that recur with
cohesion and free boundaries, but so do ordinary phrases (记者, 今日, 消防员). A string
is taken for a name when something about it says so:

- **Shape.** It ends in a word that says it is an organisation (…局, …署, …處,
  …委員會, …醫院) or a place (…區, …苑, …閣, …街, …村), with something before it: the
  suffix is a word of its own in jieba's cut (房屋 + 署), or ends a word jieba knows
  only as a rare one (消防處); a common word merely ending in such a character
  (報道, 全部, 地區) is not a name.
- **Context.** A surname and one or two characters that reporting verbs follow or
  titles precede (特首 + 李家超, 林敏娴 + 表示) is a person; a string written before
  an administrative unit (秀湄 + 區) or after a locative (在/於 + 秀湄) is a place,
  which without a suffix needs strong statistics too.

Function words, numbers and dates are never names. The lists here are of Chinese
grammar and naming (suffixes, surnames, reporting verbs, titles), not of any corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from reader.entities.kinds import EntityKind
from reader.entities.rules import ORGANISATION_WORDS, PLACE_WORDS
from reader.entities.shapes import COMPOUND_SURNAMES, SURNAMES, transliterated

#: Single characters that end an organisation's name (保安局, 房屋署, 消防處).
ORGANISATION_CHARS = frozenset("局署处部办厅委会院司所社")
#: Single characters that end a place's name (嘉晴苑, 晴翠閣, 秀湄區).
PLACE_CHARS = frozenset("区邨苑阁村道街路山湾岛墟市省县镇乡州楼园庄湖江河港围坊塘涌径桥")
#: More words that end a place's name, beyond the extractor's rules.
MORE_PLACE_WORDS = frozenset(
    ["中心", "商场", "大楼", "公路", "广场", "球场", "体育馆", "屋苑", "新城", "新市镇"]
)
#: A suffix that ends offices and places alike.
AMBIGUOUS_SUFFIX = "中心"
#: A word jieba knows at least this often is an ordinary word (警察局 93, 地区 39590),
#: not the name of one office or estate (消防处 2, 卫生署 17).
COMMON_WORD = 50
#: A jieba word this frequent inside a person candidate's given name makes it a phrase.
COMMON_GIVEN = 500
#: Characters never in a name, anywhere (particles, and the conjunctions that join two).
NEVER = frozenset("的了着是吗呢吧啊么及与、")
#: Characters no name starts with: pronouns, prepositions, conjunctions, adverbs.
NOT_FIRST = frozenset(
    "在和与及或而也都就被把将对从向于为以由等这那其该此各每本我你他她它们个之所并但却还"
    "又再已曾会能可要让给到说有无不没很最更据如若即则因且令使当后前内外里另并经均仍"
)
#: Characters no name ends with: particles, verbs of saying, time words.
NOT_LAST = frozenset(
    "在和与及或也都就被把将对从向于为以由等过这那其该此各每我你他她它们个之所并但却还又再"
    "已曾会能可要让给到说称指有无不没很最更时后前内外里中上下日月年人者称表示"
)
NUMERALS = frozenset("0123456789零一二三四五六七八九十百千万亿两几数半")
#: Verbs of saying that follow a person's name (李家超表示).
REPORTING = (
    "表示", "说", "指", "称", "认为", "强调", "透露", "回应", "指出", "承认", "坦言", "直言",
    "补充", "解释", "提到", "说明", "宣布", "介绍", "呼吁", "批评", "重申", "形容", "警告",
)  # fmt: skip
#: Titles and roles written before a person's name (特首李家超, 局长邓炳强).
TITLES = (
    "特首", "局长", "署长", "处长", "部长", "司长", "主席", "总裁", "议员", "行政长官", "县长",
    "镇长", "市长", "书记", "主任", "医生", "教授", "律师", "法官", "发言人", "总监", "经理",
    "董事", "院长", "校长", "会长", "委员", "居民", "街坊", "死者", "伤者", "事主", "女子",
    "男子", "村民", "记者", "总理", "省长", "区长", "警司", "队长", "专家", "工程师",
    "秘书长", "教练", "主教练", "总教练", "主帅", "前锋", "门将", "后卫", "中场", "球员",
    "外援", "队医", "球证", "裁判", "选手", "运动员",
)  # fmt: skip
#: Roles written after a team's name (某某联 + 主教练, 某某FC + 门将): a string that
#: several of them follow is a team, an organisation (places are written before them
#: too, 香港 + 队长, but the known places are in the shipped lists).
TEAM_ROLES = (
    "主教练", "总教练", "教练", "主帅", "前锋", "门将", "后卫", "中场", "外援", "队长", "队医",
)  # fmt: skip
#: Honorifics and titles written after a full name (林敏娴女士).
AFTER = ("先生", "女士", "小姐", "太太", "医生", "教授", "议员", "律师", "法官")
#: Administrative units written after a place's bare name (秀湄 + 区).
UNITS = "区市县镇乡村省州邨"
#: Words before a place (在秀湄, 位于秀湄).
LOCATIVES = ("在", "于", "到", "往", "位于", "前往", "来自", "返回", "抵达")
#: jieba tags of proper nouns: a string jieba knows only as a name may be one.
PROPER_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
#: jieba tags of words that qualify rather than name (adjectives, distinguishers,
#: adverbs, numerals, pronouns, verbs, places of direction and time).
GENERIC_TAGS = frozenset({"a", "ad", "b", "c", "d", "f", "m", "p", "q", "r", "s", "t", "u", "v"})
#: Characters that after a surname make a form of address, not a given name (羅伯伯,
#: 陳太, 何生, 張姐): a surname and one of them is nobody's name.
ADDRESS_CHARS = frozenset("伯叔婆姐嫂太生姨公先女")
#: A person needs this many reporting verbs, titles or honorifics around it.
PERSON_CONTEXTS = 2
#: A place without a suffix needs this many units after it or locatives before it.
PLACE_CONTEXTS = 2
#: ... and in at least this share of the places it is written.
PLACE_SHARE = 0.1

_HAN = re.compile(r"[\u3400-\u9fff]+")
_LATIN = re.compile(r"[a-z]+")
_DATE = re.compile(
    r"[0-9零一二三四五六七八九十百千万两几半]+"
    r"[年月日时号点分秒人名宗座间个次岁期届条件位家张架辆艘层批项款台]"
)


@dataclass(frozen=True)
class Cue:
    """Why a string may be a name: its kind, and whether
    it needs strong statistics to be believed."""

    kind: EntityKind
    reason: str
    strong: bool = False
    #: What stands before the suffix is an ordinary word (研究 + 中心, 消防 + 处): the
    #: string names one office or place only where it is written on its own, not as
    #: the tail of longer names (政策研究中心, 银行业研究中心).
    ordinary: bool = False


@dataclass(frozen=True)
class CueContext:
    """What a cue may ask of the corpus: how often a string (in counting units) occurs,
    and how a string of units reads as folded text."""

    count: Callable[[str], int]
    decode: Callable[[str], str]


def suffix_char(ch: str) -> bool:
    """Whether a character ends organisation or place names (the 苑 of 宏福苑)."""
    return ch in ORGANISATION_CHARS or ch in PLACE_CHARS


def is_name_shape(text: str) -> bool:
    """Whether a folded string could be a name at all: Han in it, no function word
    at its edges or particle inside, not a number or a date."""
    inside = text.replace("及", "", 1) if _one_remit(text) else text
    if not _HAN.search(text) or any(ch in NEVER for ch in inside):
        return False
    foreign = len(text) >= 3 and transliterated(text)  # 里贝罗 starts with 里 all the same
    if (text[0] in NOT_FIRST and not foreign) or text[0] in NUMERALS:
        return False
    if text[-1] in NOT_LAST and not _council(text):
        return False
    return not _DATE.search(text)


def _council(text: str) -> bool:
    """Whether the string ends in an organisation's word ending in 会 ("will" at the
    end of a clause) after a name (霁川 + 足球总会, 澜州证券监察 + 委员会); one ordinary
    word before it (商务 + 委员会) makes a kind of committee, no name."""
    return any(
        text.endswith(word) and len(text) > len(word)
        for word in ORGANISATION_WORDS
        if word[-1] == "会"
    ) and not _ordinary_body(text)


def _one_remit(text: str) -> bool:
    """Whether 及 joins two fields of one office's remit (食物及卫生局, 交易及结算所)
    rather than two names (卫生署及食检中心): the string ends like an organisation and
    what stands before 及 is two characters or more that end no name."""
    at = text.find("及")
    return (
        2 <= at <= len(text) - 3
        and text.count("及") == 1
        and text[-1] in ORGANISATION_CHARS
        and not suffix_char(text[at - 1])
    )


@cache
def _jieba() -> tuple[dict[str, int], dict[str, str], object]:
    from reader.segmentation import tokenizer, word_tag_table

    base = tokenizer()
    return base.FREQ, word_tag_table(), base


def word_frequency(word: str) -> int:
    """How often jieba's dictionary says a word occurs (0: not a word to it)."""
    return int(_jieba()[0].get(word) or 0)


def word_tag(word: str) -> str | None:
    """jieba's part-of-speech tag of a dictionary word (None: not a word to it)."""
    return _jieba()[1].get(word)


def _last_word(text: str) -> str:
    """The last word of jieba's dictionary-only cut (no guessing of unknown words)."""
    tokenizer = _jieba()[2]
    words = list(tokenizer.cut(text, HMM=False))  # type: ignore[attr-defined]
    return words[-1] if words else text


def _generic(body: str) -> bool:
    """Whether what stands before a suffix is no name: one ordinary word that qualifies
    rather than names (小型 + 水库, 相关 + 部门, 当地 + 政府), a determiner (部分 + 银行,
    各大 + 医院), or a lone character."""
    from reader.entities.generic import DETERMINERS

    if len(body) == 1:
        return body not in UNITS
    if body in DETERMINERS:
        return True
    return word_frequency(body) > 0 and _jieba()[1].get(body) in GENERIC_TAGS


def _common(word: str) -> bool:
    """Whether jieba knows a word as a common one and not as a name."""
    return word_frequency(word) >= COMMON_WORD and _jieba()[1].get(word) not in PROPER_TAGS


def _suffix_kind(text: str) -> EntityKind | None:
    """Organisation or place from how the string ends, with a name before the suffix."""
    for words, kind in (
        (ORGANISATION_WORDS, EntityKind.ORGANISATION),
        (PLACE_WORDS | MORE_PLACE_WORDS, EntityKind.PLACE),
    ):
        for word in words:
            if len(word) > 1 and text.endswith(word) and len(text) > len(word):
                body = text[: -len(word)]
                if word_frequency(text) >= COMMON_WORD or _generic(body):
                    return None
                return kind
    last = text[-1]
    if last not in ORGANISATION_CHARS and last not in PLACE_CHARS:
        return None
    if len(text) < 3:
        return None  # 业部 of 农业部, 事处 of 办事处: a two-character office is an abbreviation
    word = _last_word(text)
    office = word_tag(word) == "nt" and len(text) - len(word) >= 2  # 食品安全及 + 卫生局
    if office and (_generic(text[: -len(word)]) or _common(text[: -len(word)])):
        return None  # 当地 + 公安局: a kind of office, no name
    if len(word) > 1 and word_frequency(word) >= COMMON_WORD and not office:
        return None  # the suffix ends an ordinary word: 报道, 全部, 地区
    # a rare word for a kind of place is not a place (溢洪道, 坡道); but jieba glues a
    # name's second character to its unit too (芦 + 岸区), and 芦岸 + 区 is a place
    glued_unit = len(word) == 2 and last in UNITS and len(text) == 3
    if len(word) > 1 and last in PLACE_CHARS and _jieba()[1].get(word) != "ns" and not glued_unit:
        return None
    if len(text) >= 3 and _generic(text[:-1]):
        return None
    body = text[:-1]
    if last in PLACE_CHARS and _common(body):
        return None  # a kind of area, not a place: 评论 + 区, 住宅 + 区
    return EntityKind.ORGANISATION if last in ORGANISATION_CHARS else EntityKind.PLACE


def _person(gram: str, text: str, context: CueContext) -> bool:
    """A surname with one or two characters that people-words surround."""
    surname = 2 if text[:2] in COMPOUND_SURNAMES else 1
    if surname == 1 and (text[0] not in SURNAMES or text[0] in "小老阿"):
        return False
    given = text[surname:]
    if not 1 <= len(given) <= 2 or not _HAN.fullmatch(given):
        return False
    if any(ch in NUMERALS or ch in NOT_LAST for ch in given):
        return False
    if len(given) == 1 and given in ADDRESS_CHARS:
        return False
    if word_frequency(given) >= COMMON_GIVEN and len(given) == 2:
        return False
    tags = _jieba()[1]
    if word_frequency(text) >= COMMON_WORD and tags.get(text) not in PROPER_TAGS:
        return False
    around = sum(context.count(gram + word) for word in REPORTING + AFTER)
    around += sum(context.count(title + gram) for title in TITLES)
    return around >= PERSON_CONTEXTS


def _foreign_person(gram: str, text: str, context: CueContext) -> bool:
    """A transliterated name (布伦纳, 里贝罗) that titles precede or reporting verbs
    follow: no surname, so only the characters of transliterations and the context."""
    if not 3 <= len(text) <= 5 or not _HAN.fullmatch(text) or not transliterated(text):
        return False
    from reader.entities.honorifics import honorific_parts

    if honorific_parts(text):
        return False  # 罗伯伯: a surname and a form of address, in transliteration's letters
    if word_frequency(text) >= COMMON_WORD and _jieba()[1].get(text) not in PROPER_TAGS:
        return False
    around = sum(context.count(gram + word) for word in REPORTING + AFTER)
    around += sum(context.count(title + gram) for title in TITLES)
    return around >= PERSON_CONTEXTS


def _team(gram: str, text: str, context: CueContext) -> bool:
    """A team: a string that team roles follow in several places (岳东联 + 主教练)."""
    if not 2 <= len(text) <= 8 or text[-1] in NOT_LAST:
        return False
    if word_frequency(text) >= COMMON_WORD and _jieba()[1].get(text) not in PROPER_TAGS:
        return False
    return sum(context.count(gram + role) for role in TEAM_ROLES) >= PERSON_CONTEXTS


def _place_context(gram: str, text: str, context: CueContext) -> bool:
    """A bare place name (秀湄): two or three characters jieba knows as no ordinary word
    nor builds from one (预 + 训练), which the corpus writes before an administrative
    unit (秀湄 + 区) in several places, and often there or after a locative (在秀湄)."""
    if not _HAN.fullmatch(text) or not 2 <= len(text) <= 3 or suffix_char(text[-1]):
        return False
    frequency, tags = word_frequency(text), _jieba()[1]
    if frequency and (tags.get(text) not in PROPER_TAGS or frequency >= COMMON_WORD * 2):
        return False
    if not frequency and any(len(word) > 1 for word in _cut(text)):
        return False
    units = sum(context.count(gram + unit) for unit in UNITS)
    around = units + sum(context.count(word + gram) for word in LOCATIVES)
    return units >= PLACE_CONTEXTS and around >= PLACE_SHARE * context.count(gram)


def _cut(text: str) -> list[str]:
    """jieba's dictionary-only cut (no guessing of unknown words)."""
    return list(_jieba()[2].cut(text, HMM=False))  # type: ignore[attr-defined]


def reads_as_name(text: str) -> bool:
    """Whether a folded span could be one name rather than a phrase holding one: no
    particle or function word at its edges, and no verb of two characters or more that
    jieba knows as common (a single character is as often part of a name: 振, 晴)."""
    if not is_name_shape(text):
        return False
    tags = _jieba()[1]
    return not any(
        len(word) > 1 and tags.get(word) == "v" and word_frequency(word) >= COMMON_WORD
        for word in _cut(text)
    )


@cache
def _suffix_words() -> dict[str, tuple[str, ...]]:
    """The words that end names, by their last character."""
    words: dict[str, list[str]] = {}
    for word in ORGANISATION_WORDS | PLACE_WORDS | MORE_PLACE_WORDS:
        words.setdefault(word[-1], []).append(word)
    return {last: tuple(found) for last, found in words.items()}


def suffix_shaped(text: str) -> bool:
    """Whether the string ends like an organisation's or a place's name (cheap check)."""
    last = text[-1]
    if last in ORGANISATION_CHARS or last in PLACE_CHARS:
        return True
    return any(text.endswith(word) for word in _suffix_words().get(last, ()))


def classify(gram: str, context: CueContext) -> Cue | None:
    """The cue that makes a recurring string (in counting units) a name, if any."""
    text = context.decode(gram)
    shaped = suffix_shaped(text)
    cue = None
    kind = _suffix_kind(text) if shaped else None
    if kind is not None:
        # a centre is an office (检测中心) as often as a place (购物中心): its kind is
        # left to the evidence around each mention
        reason = "centre" if text.endswith(AMBIGUOUS_SUFFIX) else kind.value
        cue = Cue(kind, reason, ordinary=_ordinary_body(text))
    elif _person(gram, text, context) or _foreign_person(gram, text, context):
        cue = Cue(EntityKind.PERSON, "person")
    elif _team(gram, text, context):
        cue = Cue(EntityKind.ORGANISATION, "organisation")
    elif not shaped and _place_context(gram, text, context):
        cue = Cue(EntityKind.PLACE, "place-context", strong=True)
    if cue is None or not reads_as_name(text) or _generic_latin(text):
        return None
    return cue


def _ordinary_body(text: str) -> bool:
    """Whether what stands before a name's suffix (the longest suffix word, or its last
    character) is one ordinary word of jieba's dictionary, not a name."""
    ends = [w for w in _suffix_words().get(text[-1], ()) if text.endswith(w) and len(w) > 1]
    body = text[: -max(map(len, ends))] if ends else text[:-1]
    return _common(body)


def _generic_latin(text: str) -> bool:
    """Whether a mixed name's Latin word is a generic term (AI + 公司)."""
    from reader.entities.lexicon import lexicon
    from reader.entities.linking import normalise_key

    stop = lexicon().stop_keys
    return any(normalise_key(word) in stop for word in _LATIN.findall(text))
