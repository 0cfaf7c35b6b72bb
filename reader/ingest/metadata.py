"""Article metadata: YAML front matter, header lines, and the choice of each field.

Sources, in order of trust:

1. YAML front matter (parsed with python-frontmatter), keys ``title``;
   ``source``/``outlet``/``publisher``; ``author``; ``date``/``published``; ``url``/
   ``link``; ``fetch_date`` is used for the date only when nothing else gives one.
   YAML decodes escapes (``"\\e]52;…"``) in a body whose control characters were
   already removed, so every parsed string goes through
   :func:`~reader.text_safety.strip_controls` again.
   Broken front matter (invalid YAML, not a mapping) is not front matter: the whole
   text stays body text.
2. Header lines among the first few lines of the body, the way Chinese articles write
   bylines: ``來源:彥飛 字母榜``, ``作者 | 宛辰  编辑 | 靖宇``, ``文/张三``,
   ``Jay 發自 凹非寺``, ``量子位 | 公众号 QbitAI``, ``本文来自微信公众号：X（ID：y），作者：Z``,
   ``原创`` bylines, ``日期：``/``发布时间：`` lines or a line that is only a date, a
   ``title:`` line, ``原文链接：``. A line is a header line only when it is nothing
   but metadata: a headline holding a date, an event's ``时间：`` or a bare URL is
   text. :func:`match_header_line` recognises them; the cleanup removes the lines it
   recognised.
3. For the title only: the first Markdown heading near the top, else the first
   meaningful line of the body (a ``專題:``/``标题：`` label in front is dropped),
   else the file name.

Rules for a ``來源`` value with two space-separated parts, both Chinese, the first at
most six characters (``彥飛 字母榜``): the first is the author, the last the outlet.
Otherwise the whole value (up to a ``|``) is the outlet.

Dates become ISO 8601: ``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM[:SS]`` when a time is
given. URLs are kept only when they are http(s).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from reader.text_safety import strip_controls

TITLE_MAX = 200
FIELD_MAX = 100
_LONG_TITLE = 120

# --------------------------------------------------------------------------- front matter

_FM_START = re.compile(r"\A-{3,}[ \t]*\n")
_FM_END = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)
_FM_MAX_CHARS = 20000


def split_front_matter(text: str) -> tuple[dict[str, object], str]:
    """Split YAML front matter from ``text``: ``(metadata, body)``.

    Only a block that starts on the first line, is closed by a ``---`` line and parses
    as a non-empty YAML mapping counts; anything else returns ``({}, text)``.
    """
    start = _FM_START.match(text)
    if not start:
        return {}, text
    end = _FM_END.search(text, start.end())
    if end is None or end.start() > _FM_MAX_CHARS:
        return {}, text
    import frontmatter  # imported on first use: only files with front matter need it

    try:
        metadata, _ = frontmatter.parse(text[: end.end()], handler=_yaml_handler())
    except Exception:  # any YAML error: not front matter
        return {}, text
    if not isinstance(metadata, dict) or not metadata:
        return {}, text
    body = text[end.end() :]
    fields = {strip_controls(str(key)).lower(): _without_controls(v) for key, v in metadata.items()}
    return fields, body.lstrip("\n")


@functools.cache
def _yaml_handler() -> object:
    """python-frontmatter's YAML handler with a safe loader that keeps an impossible date
    (``2024-13-45``, ``2024-02-30``) as its text.

    The plain safe loader raises on such a value, which made the whole block "not front
    matter": its lines leaked into the article and its title and author were lost for a
    typo in one field. As text the date is judged like any other (and refused) by
    :func:`normalize_date`.
    """
    from frontmatter.default_handlers import SafeLoader, YAMLHandler

    class _Loader(SafeLoader):
        """SafeLoader whose timestamps fall back to their text."""

    def timestamp(loader: SafeLoader, node: object) -> object:
        try:
            return SafeLoader.construct_yaml_timestamp(loader, node)
        except ValueError:  # out of range: month 13, day 30 of February, year 0
            return loader.construct_scalar(node)

    _Loader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)

    class _Handler(YAMLHandler):
        def load(self, fm: str, **kwargs: object) -> object:
            kwargs.setdefault("Loader", _Loader)
            return super().load(fm, **kwargs)

    return _Handler()


def _without_controls(value: object) -> object:
    """A parsed YAML value with control characters removed from every string in it."""
    if isinstance(value, str):
        return strip_controls(value)
    if isinstance(value, list):
        return [_without_controls(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_controls(item) for key, item in value.items()}
    return value


# --------------------------------------------------------------------------- values

_MD_DECORATION = re.compile(r"[*_`#]+|\x1e")
# Runs of white space become one space, but an ideographic space (U+3000) is a
# character of the text (春　晓), kept as it is.
_SPACES = re.compile(r"[^\S\u3000]+")
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d\d)\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*"
    r"(?P<d>\d{1,2})(?!\d)\s*[日号號]?"
    r"(?:(?:\s*[T ]\s*|\s*)(?P<H>\d{1,2})\s*[:：时時点點]\s*(?P<M>\d{2})"
    r"(?:\s*[:：分]\s*(?P<S>\d{2}))?)?"
)
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAMES = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_EN = re.compile(
    rf"\b(?:(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH_NAMES})\.?,?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<m2>{_MONTH_NAMES})\.?\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y2>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'，。、；：！？）】」》]+", re.IGNORECASE)
_URL_ONLY = re.compile(r"^<?(https?://[^\s<>]+?)>?$", re.IGNORECASE)
# Date lines: a whole line in brackets, a weekday after the date, plain name words.
_BRACKETED = re.compile(r"^(?:【(.*)】|\[(.*)\]|[（(](.*)[)）]|〔(.*)〕)$")
_WEEKDAY = re.compile(
    r"^\s*(?:[（(]\s*(?:星期|周|週|禮拜|礼拜)?[一二三四五六日天]\s*[)）]"
    r"|(?:星期|周|週|禮拜|礼拜)[一二三四五六日天](?![\w]))"
)
_DATELINE_SEPARATORS = " \t|｜丨·,，/／"
_DATELINE_SPLIT = re.compile(r"[ \t|｜丨·,，/／]+")
_NAME_WORD = re.compile(r"^[^\W_][\w.&\-]{0,11}$")


def one_line(value: object, limit: int = FIELD_MAX) -> str | None:
    """A scalar as a single stripped line without Markdown emphasis or control
    characters, or None."""
    if value is None or isinstance(value, (dict, list, tuple, set, bool)):
        return None
    text = strip_controls(_MD_DECORATION.sub("", str(value)), one_line=True)
    text = _SPACES.sub(" ", text).strip()
    if not text:
        return None
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def normalize_date(value: object) -> str | None:
    """An ISO 8601 date (or date and time) from a date object or a date in text."""
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds" if value.second else "minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None or isinstance(value, (bool, dict, list)):
        return None
    text = str(value)
    match = _DATE.search(text)
    if match:
        year, month, day = int(match["y"]), int(match["m"]), int(match["d"])
        hour = minute = second = None
        if match["H"] is not None:
            hour, minute = int(match["H"]), int(match["M"])
            second = int(match["S"]) if match["S"] is not None else None
        return _iso(year, month, day, hour, minute, second)
    match = _DATE_EN.search(text)
    if match:
        month_name = (match["m1"] or match["m2"]).lower()
        return _iso(
            int(match["y1"] or match["y2"]), _MONTHS[month_name], int(match["d1"] or match["d2"])
        )
    return None


def _iso(
    year: int,
    month: int,
    day: int,
    hour: int | None = None,
    minute: int | None = None,
    second: int | None = None,
) -> str | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    if hour is None or minute is None:
        return date.isoformat()
    try:
        moment = dt.datetime(year, month, day, hour, minute, second or 0)
    except ValueError:
        return date.isoformat()
    return moment.isoformat(timespec="seconds" if second is not None else "minutes")


def normalize_url(value: object) -> str | None:
    """``value`` if it is an http(s) URL (surrounding ``<>`` removed), else None."""
    if not isinstance(value, str):
        return None
    match = _URL_ONLY.match(strip_controls(value, one_line=True).strip())
    return match.group(1) if match else None


# --------------------------------------------------------------------------- header lines

PRIORITY_LABEL = 1  # an explicit label: 作者：, 来源：, 公众号 line, 发自
PRIORITY_GUESS = 2  # a bare date or URL line, the author part of a two-part 來源 value
PRIORITY_BYLINE = 3  # the lines after a WeChat 原创 marker

_SOURCE_LABELS = ("来源", "來源", "出处", "出處", "稿源", "出品", "source", "outlet", "publisher")
_AUTHOR_LABELS = ("作者", "撰文", "记者", "記者", "文", "author", "by")
_CREDIT_LABELS = (
    "编辑",
    "編輯",
    "责编",
    "責編",
    "责任编辑",
    "責任編輯",
    "主编",
    "主編",
    "编审",
    "編審",
    "校对",
    "校對",
    "审校",
    "審校",
    "审核",
    "審核",
    "排版",
    "策划",
    "策劃",
    "监制",
    "監製",
    "统筹",
    "統籌",
    "设计",
    "設計",
    "视觉",
    "視覺",
    "美编",
    "美編",
    "运营",
    "運營",
    "翻译",
    "翻譯",
    "编译",
    "編譯",
    "整理",
    "摄影",
    "攝影",
    "图",
    "圖",
    "图片",
    "圖片",
    "头图",
    "頭圖",
    "题图",
    "題圖",
    "封面",
    "出镜",
    "出鏡",
    "剪辑",
    "剪輯",
    "制作",
    "製作",
    "editor",
)
# Publication labels only: a bare 时间/時間/Time is an event's time, not the date the
# text was published.
_DATE_LABELS = (
    "日期",
    "发布时间",
    "發佈時間",
    "發布時間",
    "发表时间",
    "發表時間",
    "发布日期",
    "發佈日期",
    "發布日期",
    "发布于",
    "發佈於",
    "發布於",
    "发表于",
    "發表於",
    "更新时间",
    "更新時間",
    "date",
    "published",
)
_URL_LABELS = (
    "原文链接",
    "原文鏈接",
    "原文地址",
    "原文",
    "链接",
    "鏈接",
    "网址",
    "網址",
    "url",
    "link",
)
_TITLE_LABELS = ("标题", "標題", "题目", "題目", "title")
# Labels in front of a title line that are not metadata (the line stays in the body).
_TITLE_PREFIX = re.compile(
    r"^(?:專題|专题|標題|标题|題目|题目|title)\s*[:：|｜丨]\s*", re.IGNORECASE
)

_KIND: dict[str, str] = {}
for _kind, _labels in (
    ("source", _SOURCE_LABELS),
    ("author", _AUTHOR_LABELS),
    ("credit", _CREDIT_LABELS),
    ("date", _DATE_LABELS),
    ("url", _URL_LABELS),
    ("title", _TITLE_LABELS),
):
    for _label in _labels:
        _KIND[_label] = _kind
_LABEL_ALT = "|".join(sorted(map(re.escape, _KIND), key=len, reverse=True))
_SEP = r"[:：|｜丨/／]"
# A label may stand after the start of the line, a space or a separator (so that
# "作者 | 宛辰 编辑 | 靖宇" splits into two fields), and is followed by a separator.
_LABELLED = re.compile(
    rf"(?:^|(?<=[\s,，;；|｜丨]))(?P<label>{_LABEL_ALT})\s*{_SEP}\s*", re.IGNORECASE
)
# At the start of a short line a plain space may separate a Chinese label and its value.
_SPACE_LABELLED = re.compile(r"^(?P<label>作者|来源|來源|编辑|編輯|记者|記者)\s+(?=\S)")
_SENT_END = re.compile(r"[。！？!?]")
_SENTENCE_PUNCT = re.compile(r"[，。！？；,!?;]")
_SENT_FROM = re.compile(
    r"^(?P<author>[^\s，,。：:|｜]{1,12}(?:\s+[^\s，,。：:|｜]{1,12}){0,3})\s+[發发]自\s+"
    r"(?P<place>[^\s，,。]{1,20})$"
)
_ACCOUNT = re.compile(
    r"^(?P<outlet>[^|｜丨]{0,30}?)\s*[|｜丨]\s*(?:微信)?(?:公[众眾][号號]|微信[号號])\s*[:：]?\s*"
    r"(?P<name>.{0,40})$"
)
_ACCOUNT_LABEL = re.compile(
    r"^(?:微信)?(?:公[众眾][号號]|微信[号號])\s*[:：]\s*(?P<name>[^（(，,\s]{1,30})"
    r"(?:\s*[（(].{0,40}[)）])?$"
)
_REPOST = re.compile(
    r"^本文(?:来自|來自|转载自|轉載自|转自|轉自|经|經)\s*(?:授权)?\s*(?:微信)?"
    r"(?:公[众眾][号號]|頭條號|头条号|网易号|網易號)?\s*[:：]?\s*[「“\"]?"
    r"(?P<source>[^，,（(」”\"\s：:]{1,30})"
)
_REPOST_AUTHOR = re.compile(r"作者\s*[:：|｜]\s*(?P<author>[^，,。;；）)\s]{1,20})")
_REPOST_TITLE = re.compile(r"原文[标標]题\s*[:：]\s*《?(?P<title>[^》，,\n]{1,100})》?")
_ORIGINAL = re.compile(r"^(?:原创|原創)(?:\s+(?P<rest>.*))?$")
_ID_PAREN = re.compile(r"\s*[（(]\s*(?:ID|id|微信号|微信號)\s*[:：].*?[)）]")
_ACCOUNT_PREFIX = re.compile(r"^(?:微信)?(?:公[众眾][号號]|微信[号號])\s*[:：]?\s*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORDISH = re.compile(r"\w")


@dataclass
class HeaderFields:
    """Fields found in header lines, each with the priority of the rule that found it."""

    found: dict[str, tuple[int, str]] = field(default_factory=dict)

    def offer(self, name: str, value: str | None, priority: int) -> None:
        if not value:
            return
        current = self.found.get(name)
        if current is None or priority < current[0]:
            self.found[name] = (priority, value)

    def get(self, name: str) -> str | None:
        entry = self.found.get(name)
        return entry[1] if entry else None


@dataclass(frozen=True)
class HeaderMatch:
    """A recognised header line: the fields it gives (possibly none) and whether it
    opens a WeChat ``原创`` byline (whose next short lines are author and outlet)."""

    fields: tuple[tuple[str, str, int], ...] = ()
    opens_byline: bool = False


def match_header_line(line: str) -> HeaderMatch | None:
    """Recognise a byline/header line (``line`` is one stripped line of plain text).

    Returns None for ordinary text.
    """
    if not line or len(line) > 160:
        return None
    labelled = _match_labelled(line)
    if labelled is not None:
        return labelled
    if len(line) <= 40 and not _SENT_END.search(line):
        match = _SENT_FROM.match(line)
        if match:
            return HeaderMatch((("author", match["author"], PRIORITY_LABEL),))
    match = _ACCOUNT.match(line)
    if match:
        outlet = _clean_name(match["outlet"]) or _clean_name(match["name"])
        return HeaderMatch((("source", outlet, PRIORITY_LABEL),) if outlet else ())
    match = _ACCOUNT_LABEL.match(line)
    if match:
        return HeaderMatch((("source", match["name"], PRIORITY_LABEL),))
    match = _REPOST.match(line)
    if match:
        fields = [("source", match["source"], PRIORITY_LABEL)]
        author = _REPOST_AUTHOR.search(line)
        if author:
            fields.append(("author", author["author"], PRIORITY_LABEL))
        title = _REPOST_TITLE.search(line)
        if title:
            fields.append(("title", title["title"], PRIORITY_LABEL))
        return HeaderMatch(tuple(fields))
    match = _ORIGINAL.match(line)
    if match:
        return _byline(match["rest"])
    # A bare URL is text (often the link a post is about); only a labelled one
    # (原文链接：, 来源：) is the article's address.
    return _dateline(line)


def _match_labelled(line: str) -> HeaderMatch | None:
    matches: list[re.Match[str]] = list(_LABELLED.finditer(line))
    if not matches or matches[0].start() != 0:
        space = _SPACE_LABELLED.match(line)
        if not space or len(line) > 30 or _SENTENCE_PUNCT.search(line):
            return None
        matches = [space, *matches]
    fields: list[tuple[str, str, int]] = []
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(line)
        value = line[match.end() : end].strip(" \t,，;；|｜丨")
        kind = _KIND.get(match["label"].lower(), _KIND.get(match["label"], "credit"))
        if index == 0 and not _plausible_value(kind, value):
            return None
        fields.extend(_labelled_fields(kind, value))
    return HeaderMatch(tuple(fields))


def _plausible_value(kind: str, value: str) -> bool:
    if kind == "title":
        return 0 < len(value) <= TITLE_MAX
    if kind == "url":
        return _URL_ONLY.match(value) is not None
    if kind == "date":
        return normalize_date(value) is not None and len(value) <= 40
    return 0 < len(value) <= 40 and not _SENT_END.search(value)


def _labelled_fields(kind: str, value: str) -> list[tuple[str, str, int]]:
    if not value:
        return []
    if kind == "source":
        return _source_fields(value)
    if kind == "author":
        return [("author", value, PRIORITY_LABEL)] if len(value) <= 40 else []
    if kind == "date":
        date = normalize_date(value)
        return [("date", date, PRIORITY_LABEL)] if date else []
    if kind == "url":
        url = normalize_url(value)
        return [("url", url, PRIORITY_LABEL)] if url else []
    if kind == "title":
        return [("title", value, PRIORITY_LABEL)]
    return []


def _source_fields(value: str) -> list[tuple[str, str, int]]:
    url = normalize_url(value)
    if url:
        return [("url", url, PRIORITY_GUESS)]
    value = re.split(r"\s*[|｜丨]\s*", value, maxsplit=1)[0]
    value = _clean_name(value) or ""
    if not value:
        return []
    parts = value.split()
    if len(parts) == 2 and all(_HAN.search(p) for p in parts) and len(parts[0]) <= 6:
        return [("author", parts[0], PRIORITY_GUESS), ("source", parts[1], PRIORITY_LABEL)]
    return [("source", value, PRIORITY_LABEL)]


def _clean_name(value: str | None) -> str | None:
    if not value:
        return None
    value = _ID_PAREN.sub("", value)
    value = _ACCOUNT_PREFIX.sub("", value.strip())
    value = value.strip(" \t「」“”\"'《》")
    return value or None


def _byline(rest: str | None) -> HeaderMatch:
    """``原创`` alone opens a byline; ``原创 作者 公众号 [日期 时间 地点]`` is read here."""
    if not rest:
        return HeaderMatch(opens_byline=True)
    fields: list[tuple[str, str, int]] = []
    match = _DATE.search(rest)
    if match:
        date = normalize_date(match.group(0))
        if date:
            fields.append(("date", date, PRIORITY_GUESS))
        rest = rest[: match.start()]  # what follows the date is a time or a place
    fields.extend(_names(rest))
    return HeaderMatch(tuple(fields))


def _names(text: str) -> list[tuple[str, str, int]]:
    """One short name is the outlet; two are the author and the outlet."""
    parts = [p for p in text.split() if _WORDISH.search(p)]
    if len(parts) == 1:
        return [("source", parts[0], PRIORITY_BYLINE)]
    if len(parts) == 2:
        return [("author", parts[0], PRIORITY_BYLINE), ("source", parts[1], PRIORITY_BYLINE)]
    return []


def is_byline_name(line: str) -> bool:
    """A short plain name, as WeChat prints author and account under ``原创``."""
    return (
        0 < len(line) <= 16
        and _SENTENCE_PUNCT.search(line) is None
        and len(line.split()) <= 2
        and _WORDISH.search(line) is not None
    )


_GREETING_WORD = re.compile(
    r"^(?:(?:大家好|(?:各位|亲爱的|親愛的)?(?:观众|觀眾|朋友|听众|聽眾|网友|網友|小伙伴|小夥伴|同学|同學)"
    r"(?:朋友)?(?:们|們)?(?:好|大家好)|各位好|哈喽|哈囉|嗨|hello|hi|hey)(?:啊|呀|哇)?)+$",
    re.IGNORECASE,
)
_SELF_NAMING = re.compile(
    r"^(?:这里是|這裡是|這裏是|欢迎(?:收看|收听|来到)|歡迎(?:收看|收聽|來到))(?:本期的?)?\s*"
    r"[《「“]?(?P<name>[^《》「」“”]{2,20}?)[》」”]?$"
)
_HOST = re.compile(r"^我是\s*(?P<name>\S{1,8})$")
_CLAUSE_SPLIT = re.compile(r"[，,。！!~～\s]+")


def match_greeting(line: str) -> HeaderMatch | None:
    """The greeting that opens a spoken text (``大家好，这里是最佳拍档，我是大飞``,
    ``歡迎收看X``): nothing but greetings and self-naming clauses.

    Such a line is text (it stays in the body) but no title; the channel that names
    itself is the source, the host who names himself the author (both guesses).
    """
    if len(line) > 60:
        return None
    clauses = [c for c in _CLAUSE_SPLIT.split(line) if c]
    if not clauses:
        return None
    fields: list[tuple[str, str, int]] = []
    greeted = False
    for clause in clauses:
        if _GREETING_WORD.match(clause):
            greeted = True
        elif match := _SELF_NAMING.match(clause):
            greeted = True
            fields.append(("source", match["name"], PRIORITY_GUESS))
        elif match := _HOST.match(clause):
            fields.append(("author", match["name"], PRIORITY_GUESS))
        else:
            return None
    return HeaderMatch(tuple(fields)) if greeted else None


def _dateline(line: str) -> HeaderMatch | None:
    """A line that is nothing but a date (and time): ``2024年3月5日 10:20``, optionally
    in brackets, with a weekday or a short place after it and the outlet (or author and
    outlet) before it, each a separate plain word: ``极客公园 2025年02月19日 12:30 北京``.

    A date inside a sentence or a headline (``国务院2024年3月5日发布政府工作报告``,
    ``【2024.03.05】政府工作报告全文``, ``标题 (2005.12.28)``) is text, not a date line.
    """
    if len(line) > 40:
        return None
    core = line.strip(" \t*_")
    bracketed = _BRACKETED.match(core)
    if bracketed:
        core = next(group for group in bracketed.groups() if group is not None).strip()
    match = _DATE.search(core) or _DATE_EN.search(core)
    if not match:
        return None
    before = _name_words(core[: match.start()], at_end=True)
    after = _name_words(_WEEKDAY.sub("", core[match.end() :], count=1), at_end=False)
    if before is None or after is None or len(before) > 2 or len(after) > 1:
        return None
    date = normalize_date(match.group(0))
    if date is None:
        return None
    return HeaderMatch((("date", date, PRIORITY_GUESS), *_names(" ".join(before))))


def _name_words(text: str, *, at_end: bool) -> list[str] | None:
    """The plain words of ``text`` when it is empty or only short names set apart from
    the date by a space or a separator; None when it is anything else (a headline)."""
    if not text.strip(_DATELINE_SEPARATORS):
        return []
    edge = text[-1] if at_end else text[0]
    if edge not in _DATELINE_SEPARATORS:
        return None  # glued to the date: part of a phrase
    words = [w for w in _DATELINE_SPLIT.split(text) if w]
    if all(_NAME_WORD.match(w) for w in words):
        return words
    return None


# --------------------------------------------------------------------------- choice


@dataclass(frozen=True)
class Metadata:
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None


def title_from_line(line: str) -> str | None:
    """A title from a body line: label prefix dropped, long lines shortened.

    A line longer than 120 characters is cut at its first sentence end when that
    gives at least four characters, else at 120 characters with an ellipsis.
    """
    text = one_line(_TITLE_PREFIX.sub("", line.strip()), limit=10_000)
    if not text:
        return None
    if len(text) > _LONG_TITLE:
        end = _SENT_END.search(text)
        if end and 4 <= end.start() <= _LONG_TITLE:
            text = text[: end.start() + (0 if text[end.start()] == "。" else 1)]
        else:
            text = text[: _LONG_TITLE - 1].rstrip() + "…"
    return text


def _first(
    fm: Mapping[str, object], keys: tuple[str, ...], convert: Callable[[object], str | None]
) -> str | None:
    for key in keys:
        if key in fm:
            value = fm[key]
            if isinstance(value, list) and key == "author":
                value = "、".join(str(v) for v in value if v is not None) or None
            converted = convert(value)
            if converted:
                return converted
    return None


def choose_metadata(
    fm: Mapping[str, object],
    header: HeaderFields,
    title_line: str | None,
    stem: str,
) -> Metadata:
    """Pick each field from front matter, then header lines, then the fallbacks."""
    title = (
        _first(fm, ("title",), lambda v: one_line(v, TITLE_MAX))
        or one_line(header.get("title"), TITLE_MAX)
        or (title_from_line(title_line) if title_line else None)
        or one_line(stem, TITLE_MAX)
        or "untitled"
    )
    source = _first(fm, ("source", "outlet", "publisher"), one_line) or one_line(
        header.get("source")
    )
    if source and normalize_url(source):  # a URL under "source:" is the address
        source = None
    author = _first(fm, ("author", "authors"), one_line) or one_line(header.get("author"))
    date = (
        _first(fm, ("date", "published", "pubdate", "publish_date"), normalize_date)
        or header.get("date")
        or _first(fm, ("fetch_date",), normalize_date)
    )
    url = (
        _first(fm, ("url", "link", "source"), normalize_url)
        or header.get("url")
        or _first(fm, ("source_url", "original_url"), normalize_url)
    )
    return Metadata(title=title, source=source, author=author, date=date, url=url)
