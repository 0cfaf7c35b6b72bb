"""Names written in Latin script inside Chinese text: OpenAI, Grok 3, GPT-4o, H100.

Chinese news writes foreign companies, products and people in Latin letters, where
case carries the signal jieba lacks: a name starts with a capital (Meta, Grok), has an
inner capital (xAI, iPhone) or is a lower-case model id (o1, o3-mini). Version parts
that follow a name belong to it (Grok 3, Gemini 2.0 Flash, Model Y, GPT 4-Turbo), so
Grok 3 and Grok3 give the same key while o1 and o1-pro stay two names.

English prose inside an article (a quoted sentence, a copyright notice) would make
every capitalised word a name, so in a run with several lower-case words only names
that cannot be ordinary words (inner capitals, digits, acronyms) are kept. A lone
capital letter is a name only before a platform word: X平台, X 用户.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from reader.entities.kinds import EntityKind
from reader.entities.lexicon import Lexicon
from reader.entities.linking import normalise_key

_WORD = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9+&'.]|-(?=[A-Za-z0-9]))*")
#: A run of text with no Han characters, CJK punctuation or line breaks: the scope in
#: which English prose is recognised.
#: Only the runs with a Latin letter in them are looked at (found in C: in Chinese
#: text most runs are digits and punctuation); each match starts where a run starts.
_LETTER_SEGMENT = re.compile(
    r"(?<![^\u3000-\u303f\u3400-\u9fff\uff00-\uffef\n])"
    r"[^\u3000-\u303f\u3400-\u9fff\uff00-\uffef\n]*?[A-Za-z]"
    r"[^\u3000-\u303f\u3400-\u9fff\uff00-\uffef\n]*"
)
_NUMERIC = re.compile(r"\d")
_PLAIN_TITLE = re.compile(r"[A-Z][a-z]+")
_MODEL_ID = re.compile(r"[a-z]\d+[a-z]?(?:-[a-z]+)*")
_INNER_CAPITAL = re.compile(r"[a-z]{1,2}[A-Z]")
_PERIOD_CODE = re.compile(r"(?:q[1-4]|h[12]|fy\d{2,4}|[a-z]{1,2}\d{4})")

#: Lower-case words that continue a model name: o3-mini, GPT-4o mini, Gemini Flash.
VERSION_WORDS = frozenset(
    [
        "mini",
        "pro",
        "max",
        "plus",
        "ultra",
        "turbo",
        "lite",
        "nano",
        "flash",
        "preview",
        "air",
        "se",
        "xl",
        "instruct",
        "chat",
        "vision",
        "thinking",
        "reasoning",
        "sonnet",
        "opus",
        "haiku",
        "omni",
        "heavy",
    ]
)
#: Words about a release rather than part of its name: Grok 3 Beta is Grok 3.
RELEASE_WORDS = frozenset(["beta", "preview", "alpha"])
#: Job titles written next to a name ("Salesforce CEO", "CEO Dylan Patel"): trimmed.
TITLES = frozenset(
    [
        "ceo",
        "cto",
        "cfo",
        "coo",
        "cmo",
        "cpo",
        "cso",
        "vp",
        "svp",
        "evp",
        "founder",
        "cofounder",
        "chairman",
    ]
)
#: What follows a name in Chinese and tells its kind, checked on the folded text.
PRODUCT_CUES = (
    "模型",
    "大模型",
    "芯片",
    "系统",
    "汽车",
    "车型",
    "手机",
    "电脑",
    "软件",
    "应用",
    "产品",
    "功能",
    "服务",
    "框架",
    "架构",
    "算法",
    "项目",
    "版本",
    "系列",
    "显卡",
    "处理器",
    "游戏",
    "机器人",
    "浏览器",
    "助手",
    "插件",
    "集群",
    "超算",
    "平台",
    "app",
    "小程序",
    "应用程序",
    "节目",
    "剧集",
    "电视剧",
    "综艺",
    "卡",
)
ORGANISATION_CUES = (
    "公司",
    "集团",
    "团队",
    "实验室",
    "创始人",
    "联合创始人",
    "首席",
    "ceo",
    "员工",
    "工程师",
    "研究员",
    "投资",
    "股价",
    "市值",
    "旗下",
    "内部",
    "官方",
    "总部",
    "董事",
    "掌门人",
)
#: Words after which a lone capital letter is the name of a platform: X平台, X 用户.
PLATFORM_WORDS = ("平台", "社交平台", "社交媒体", "用户", "账号", "帐号", "账户")


@dataclass(frozen=True)
class LatinName:
    start: int
    end: int
    surface: str
    key: str
    kind: EntityKind
    #: Whether the name looks like a person's full name (two or more plain words), so
    #: that its last word alone can refer back to it.
    full_name: bool


Context = Callable[[int, int], str]


def latin_names(
    text: str,
    folded_before: Context,
    folded_after: Context,
    lexicon: Lexicon,
    surnames: Mapping[str, frozenset[str]] | None = None,
) -> list[LatinName]:
    """Latin-script names in ``text`` (already width-folded, debris blanked).

    ``folded_after(offset, size)`` returns up to ``size`` characters of the folded text
    that follow ``offset`` (an offset in ``text``), ``folded_before`` those before it:
    the Chinese words around a name hint at its kind (…模型, …公司).

    ``surnames`` maps the last name of each person named in full in the same text to
    the words that precede it in those full names; after any other word it starts a
    new name, so that a line break turned into a space does not make "xAI Patel".
    """
    surnames = surnames or {}
    names: list[LatinName] = []
    for segment in _LETTER_SEGMENT.finditer(text):
        words = [(m.start(), _strip(m.group())) for m in _WORD.finditer(segment.group())]
        words = [(segment.start() + s, w) for s, w in words if w]
        if not words:
            continue
        prose = sum(1 for _, w in words if w.islower() and w.isalpha() and len(w) > 1) >= 3
        classes = [_classify(w, prose) for _, w in words]
        index = 0
        while index < len(words):
            if classes[index] != "name":
                if classes[index] == "letter":
                    names.extend(_platform_letter(words[index], folded_after, lexicon))
                index += 1
                continue
            last = index
            while (
                last + 1 < len(words)
                and classes[last + 1] in ("name", "version", "letter")
                and _adjacent(text, words[last], words[last + 1])
                and words[last][1] in surnames.get(words[last + 1][1], (words[last][1],))
            ):
                last += 1
            name = _make_name(text, words[index : last + 1], folded_before, folded_after, lexicon)
            if name is not None:
                names.append(name)
            index = last + 1
    return names


def _strip(word: str) -> str:
    return word.rstrip(".'")


def _classify(word: str, prose: bool) -> str:
    if word.lower() in RELEASE_WORDS:
        return "other"
    if word[0].isdigit():
        return "version"
    if len(word) == 1:
        return "letter" if word.isupper() else "other"
    if word.lower() in VERSION_WORDS and (word.islower() or not prose):
        return "version" if word.islower() else "name"
    if _MODEL_ID.fullmatch(word) or _INNER_CAPITAL.match(word):
        return "name"
    if word[0].isupper():
        if prose and _PLAIN_TITLE.fullmatch(word):
            return "other"
        return "name"
    return "other"


def _adjacent(text: str, left: tuple[int, str], right: tuple[int, str]) -> bool:
    """Words of one name are separated by exactly one space."""
    gap = text[left[0] + len(left[1]) : right[0]]
    return gap in (" ", "\u00a0")


def _make_name(
    text: str,
    words: list[tuple[int, str]],
    folded_before: Context,
    folded_after: Context,
    lexicon: Lexicon,
) -> LatinName | None:
    while words and words[0][1].lower() in TITLES:
        words = words[1:]
    while words and words[-1][1].lower() in TITLES:
        words = words[:-1]
    if not words:
        return None
    start, end = words[0][0], words[-1][0] + len(words[-1][1])
    surface = text[start:end]
    key = normalise_key(surface)
    stop = lexicon.stop_keys
    if key in stop or _PERIOD_CODE.fullmatch(key) or len(set(key)) == 1:
        return None
    main_words = [w for _, w in words if not w[0].isdigit() and w.lower() not in VERSION_WORDS]
    if all(normalise_key(w) in stop for w in main_words):
        return None
    plain = len(words) >= 2 and all(_PLAIN_TITLE.fullmatch(w) for _, w in words)
    versioned = len(words) > 1 and _classify(words[-1][1], False) in ("version", "letter")

    def context() -> tuple[str, str]:
        return folded_before(start, 4), folded_after(end, 6)

    kind = _kind(key, words, plain or versioned, context, lexicon)
    if versioned and kind is EntityKind.ORGANISATION and key not in lexicon.kinds:
        kind = EntityKind.PRODUCT
    return LatinName(start, end, surface, key, kind, plain and kind is EntityKind.PERSON)


def _kind(
    key: str,
    words: list[tuple[int, str]],
    plain: bool,
    context: Callable[[], tuple[str, str]],
    lexicon: Lexicon,
) -> EntityKind:
    known = lexicon.kinds.get(key)
    if known is not None:
        return known
    if _NUMERIC.search(key):
        return EntityKind.PRODUCT
    first = words[0][1].casefold()
    if (plain or len(words) == 1) and first in lexicon.given_names:
        return EntityKind.PERSON
    before, after = context()
    before, after = before.rstrip(), after.lstrip()
    if after.startswith(PRODUCT_CUES) or before.endswith(PRODUCT_CUES):
        return EntityKind.PRODUCT
    if after.startswith(ORGANISATION_CUES):
        return EntityKind.ORGANISATION
    return EntityKind.ORGANISATION


def _platform_letter(
    word: tuple[int, str], folded_after: Context, lexicon: Lexicon
) -> list[LatinName]:
    start, letter = word
    after = folded_after(start + 1, 8)
    if after.startswith(" "):
        after = after[1:]
    if not after.startswith(PLATFORM_WORDS):
        return []
    key = normalise_key(letter)
    kind = lexicon.kinds.get(key, EntityKind.ORGANISATION)
    return [LatinName(start, start + 1, letter, key, kind, False)]
