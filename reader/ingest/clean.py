"""The cleanup: from normalised text to the plain paragraphs the reader shows.

:func:`clean_body` is a pure function of the normalised text (front matter, if still
present, is split off first), so the cleanup can be re-run whenever the rules change
(bump ``CLEANER_VERSION``). The output is plain text: paragraphs of one line each,
separated by one blank line. Every rule is general; none is tuned to a single file.

Markup (the body is shown as plain text, never rendered) is removed from Markdown
only: a ``.md`` file, or a text file that shows it is Markdown or HTML saved as text
(front matter, images, links, code fences, HTML block tags: :func:`is_markup`). Plain
text keeps its characters: ``/*坐标*/``, ``*``, ``~~``, ``>>``, ``&#12415;`` stay.

* images go, including linked images ``[![](img)](link)`` and empty ``![]()``; a
  caption on the same line as an image stays. Links keep their text. HTML line breaks
  and block tags become line breaks, other common HTML tags and comments go, and a few
  HTML entities (``&nbsp;`` …) are decoded;
* ``**``/``***``/``******`` runs, paired ``*em*``, ``__strong__``, ``~~del~~`` and
  inline-code backticks are removed, keeping the text; backslash escapes are undone
  (``\\*`` → ``*``); ``# Heading`` keeps its text; ``>`` quote markers and code
  fences go; horizontal rules become paragraph breaks. Square brackets that are not
  Markdown links (``[/]``, ``[@click=app.quit]``, ``[1]https://…``) stay as they are.

Debris (whole lines):

* lines of punctuation only (``，``, ``：``, ``——``);
* page furniture that only exists on the web page: WeChat's 微信扫一扫, 轻点两下取消在看,
  预览时标签不可点, 继续滑动看下一个 …, NetEase's 打开网易新闻 查看精彩图片; when such a
  line starts a tail in which most lines are short or furniture, the whole tail goes;
  short furniture words (赞, 在看, 分享, 留言, 取消, 允许 …) go only at the end of the
  text, never in the middle;
* platform notices (特别声明 … 网易号, "Notice: The content above …") and reposting /
  copyright notices (转载请联系 …, 本文为 X 原创文章);
* a promotional block at the end (a short line such as 更多阅读, 热点视频, 点赞关注,
  往期推荐, 推荐阅读, 扫码关注, ``- END -``) with little text after it: that line and
  everything after it;
* picture credits on a line of their own (头图来源：视觉中国, 题图 | X, 图片来源：X),
  anywhere; a caption (图：发布会现场) stays;
* the comment prompt that closes a post: a question to the reader (你, 您, 大家 …)
  under a short label (极客一问 / 你如何看待 X？) or after one (话题：你怎么看？);
* header lines that were read as metadata (来源, 作者, 编辑, 发自, 公众号, 原创 bylines,
  publication dates, labelled URLs, ``title:``) among the first eight lines of text.
  A spoken greeting (大家好，这里是X，我是Y) stays as text but is not the title; it
  names the source and author;
* a title line printed twice in a row near the top (only page furniture or header
  lines in between): the second one goes.

A line that is only a URL stays (it is usually a link the article gives, under
"播客链接:" or as a reference ``[1]https://…``), unless it is the address of an image
(``.png``/``.jpg``/… or a WeChat image host), which is debris; URLs inside images and
links go with the markup. Even among the first lines a bare URL stays: it is often
the subject of the post; only a labelled one (``原文链接：``) is the address.

Paragraphs:

* prose (the usual case): every line is a paragraph;
* hard-wrapped text (most lines end near the same width without sentence punctuation):
  lines that reach the margin are joined to the next one, unless the next one is
  indented (a paragraph start);
* transcripts (at least ten lines, median length at most 20 characters, at most 30%
  ending in sentence punctuation, lines mostly not separated by blank lines): phrases
  are joined into paragraphs with a space (the way Chinese subtitles separate phrases;
  no punctuation is invented) or nothing after full-width punctuation. A paragraph
  ends after a phrase ending in 。！？, before a phrase opening with a discourse marker
  (首先, 其次, 总之, 好了, 另一方面 … alone or followed by a comma) once it has three
  phrases, at a blank line, and at about 240 characters.

If the rules leave nothing (a file that is only a furniture word, or only images), the
text is kept as it was, one line a paragraph: a file is never emptied by the cleanup.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import dataclass

from reader.ingest.metadata import (
    PRIORITY_BYLINE,
    HeaderFields,
    is_byline_name,
    match_greeting,
    match_header_line,
    one_line,
    split_front_matter,
)
from reader.ingest.paragraphs import (
    BLANK,
    HEADING,
    LIST,
    STRONG_MARK,
    TEXT,
    Line,
    split_paragraphs,
)

HEADER_WINDOW = 8

# ----------------------------------------------------------------------- markup patterns

# Backslash escapes: the characters that matter to the rules below are parked on
# control characters (normalised text has none) and restored at the end.
_PARKED = "*[]!#>-_`|()~+.\\"
_PARK = {ch: chr(0x0E + i) for i, ch in enumerate(_PARKED)}
_UNPARK = str.maketrans({v: k for k, v in _PARK.items()})
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_PARKED_ANY = re.compile(f"[{chr(0x0E)}-{chr(0x0E + len(_PARKED) - 1)}]")

_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_COMMENT = re.compile(r"<!--.{0,2000}?-->", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|section|article|header|footer|h[1-6]|li|ul|ol|tr|table|thead|tbody|"
    r"blockquote|figure|figcaption|hr|center)\b[^<>\n]*>",
    re.IGNORECASE,
)
_INLINE_TAG = re.compile(
    r"</?(?:span|strong|b|em|i|u|s|font|a|sup|sub|small|big|mark|del|ins|strike|td|th|"
    r"img|video|audio|source|iframe|svg|path|code|pre)\b[^<>\n]*>",
    re.IGNORECASE,
)
_ENTITY = re.compile(r"&(?:[a-zA-Z][a-zA-Z0-9]{1,7}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")
_IMAGE = re.compile(
    r"\[!\[[^\]\n]*\]\([^)\n]*\)\]\([^)\n]*\)"  # linked image
    r"|!\[[^\]\n]*\]\([^)\n]*\)"  # image
    r"|!\[[^\]\n]*\]\[[^\]\n]*\]"  # reference-style image
)
_LINK = re.compile(r"\[([^\[\]\n]*)\]\([^()\n]*(?:\([^()\n]*\)[^()\n]*)*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^<>\s]+)>", re.IGNORECASE)
_STRONG = re.compile(r"\*{2,}")
# *emphasis*: not next to another * or to an ASCII letter or digit (2*3*4 stays).
_EMPHASIS = re.compile(r"\*(?<![*A-Za-z0-9]\*)([^\s*](?:[^*\n]*?[^\s*])?)\*(?![*A-Za-z0-9])")
_UNDERSCORE = re.compile(r"(?<![\w_])__(?=\S)([^\n_]+?)(?<=\S)__(?![\w_])")
_STRIKE = re.compile(r"~~(?=\S)([^~\n]+?)(?<=\S)~~")
_CODE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
_FENCE = re.compile(r"^[ \t]*(?:```|~~~).*$", re.MULTILINE)
_MARKUP_EVIDENCE = re.compile(
    r"!\[[^\]\n]*\]\(|\[[^\[\]\n]+\]\((?:https?://|/|#|\.)|^[ \t]*```"
    r"|<(?:br|p|div|section|article|h[1-6]|li|ul|ol|table|blockquote|figure)\b[^<>\n]*>",
    re.MULTILINE | re.IGNORECASE,
)

_SPACES = "[ \t\u00a0\u2000-\u200a\u202f\u205f]"
# Runs of spaces and tabs become one space (single plain spaces are left alone).
_SPACE_RUN = re.compile(rf"[\t\u00a0\u2000-\u200a\u202f\u205f]{_SPACES}*| {_SPACES}+")
#: What any run above starts with but a plain space: text without it or two spaces
#: in a row has no run (one scan of a character class, half the cost of the sub).
_ODD_SPACE = re.compile("[\t\u00a0\u2000-\u200a\u202f\u205f]")
_QUOTE = re.compile(r"^(?:>[ \t]?)+")
_HEADING = re.compile(r"^#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_RULE = re.compile(r"^(?:[-*_=][ \t]*){3,}$")
_SETEXT = re.compile(r"^=+$")
_LIST = re.compile(r"^(?:[-+*•·▪●][ \t]+|\d{1,3}[.)][ \t]+|\d{1,3}、|[（(]\d{1,3}[)）])")
_LIST_FIRST = frozenset("-+*•·▪●（(0123456789")

# ----------------------------------------------------------------------- debris patterns

_PUNCT = (
    r"\s!-/:-@\[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2010-\u2027\u2030-\u205e"
    r"\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2190-\u21ff"
)
_PUNCT_ONLY = re.compile(rf"^[{_PUNCT}]+$")
_EDGE_PUNCT = f"{''.join(chr(c) for c in range(0x2010, 0x2028))}，。、：；！？,.:;!?·•　 "

_STRONG_FURNITURE = frozenset(
    {
        "微信扫一扫",
        "微信掃一掃",
        "关注该公众号",
        "關注該公眾號",
        "轻触阅读原文",
        "輕觸閱讀原文",
        "轻点两下取消在看",
        "輕點兩下取消在看",
        "轻点两下取消赞",
        "輕點兩下取消讚",
        "预览时标签不可点",
        "預覽時標籤不可點",
        "继续滑动看下一个",
        "繼續滑動看下一個",
        "向上滑动看下一个",
        "向上滑動看下一個",
        "微信扫一扫可打开此内容",
        "微信掃一掃可打開此內容",
        "微信扫一扫使用小程序",
        "使用完整服务",
        "使用完整服務",
        "作者头像",
        "作者頭像",
        "跳转二维码",
        "跳轉二維碼",
        "喜欢此内容的人还喜欢",
        "喜歡此內容的人還喜歡",
        "已同步到看一看",
        "写下你的想法",
        "寫下你的想法",
        "在小说阅读器中沉浸阅读",
        "打开网易新闻 查看精彩图片",
        "打開網易新聞 查看精彩圖片",
        "打开网易新闻查看精彩图片",
        "打開網易新聞查看精彩圖片",
        "展开全文",
        "展開全文",
        "阅读原文",
        "閱讀原文",
        "写留言",
        "寫留言",
    }
)
# A line that is only the address of an image (a leftover of a removed picture).
_IMAGE_URL = re.compile(
    r"^https?://\S+?(?:\.(?:png|jpe?g|gif|webp|bmp|svg|avif)(?:[?#]\S*)?|[?&]wx_fmt=\S*"
    r"|mmbiz\.qpic\.cn/\S*)$",
    re.IGNORECASE,
)
_FURNITURE_MAX = 24  # longer than any furniture line, edge punctuation included
_WEAK_FURNITURE = frozenset(
    {
        "在看",
        "分享",
        "留言",
        "收藏",
        "听过",
        "聽過",
        "赞",
        "讚",
        "点赞",
        "點讚",
        "視頻",
        "视频",
        "小程序",
        "使用小程序",
        "允许",
        "允許",
        "取消",
        "×",
        "分析",
        "知道了",
        "关注",
        "關注",
        "已关注",
        "已關注",
        "推荐",
        "推薦",
        "转发",
        "轉發",
        "复制链接",
        "複製鏈接",
        "搜一搜",
        "微信",
        "朋友圈",
        "确定",
        "確定",
        "继续",
        "繼續",
        "返回",
        "举报",
        "舉報",
        "赞赏",
        "讚賞",
        "喜欢作者",
        "喜歡作者",
        "轻点两下",
        "輕點兩下",
    }
)
# Platform notices and reposting/copyright notices; a line holding one goes when it is
# at most 200 characters long. Only lines with one of _NOTICE_KEYS are searched.
_NOTICE = re.compile(
    r"^[ \t>*]*(?:特别声明|特別聲明|声明|聲明)\s*[:：][^\n]{0,80}"
    r"(?:网易号|網易號|信息存储服务|信息存儲服務)"
    r"|^[ \t>*]*Notice:\s*The content above"
    r"|转载请联系|轉載請聯繫|转载请注明|轉載請註明"
    r"|未经授权[^\n]{0,4}(?:禁止|严禁|不得)转载|未經授權[^\n]{0,4}(?:禁止|嚴禁|不得)轉載"
    r"|本文(?:为|為|系)[^\n]{1,20}(?:原创|原創)(?:文章|内容|內容)"
    r"|版权归[^\n]{1,12}所有|版權歸[^\n]{1,12}所有|版权所有|版權所有",
    re.IGNORECASE,
)
_NOTICE_KEYS = ("声明", "聲明", "Notice", "转载", "轉載", "原创", "原創", "版权", "版權")
_PROMO = re.compile(
    r"更多阅读|更多閱讀|热点视频|熱點視頻|点赞关注|點讚關注|往期推荐|往期推薦|往期回顾|往期回顧|"
    r"往期精选|往期精選|推荐阅读|推薦閱讀|相关阅读|相關閱讀|延伸阅读|延伸閱讀|精彩推荐|精彩推薦|"
    r"猜你喜欢|猜你喜歡|热门推荐|熱門推薦|热文推荐|熱文推薦|今日推荐|今日推薦|扫码关注|掃碼關注|"
    r"长按识别|長按識別|长按二维码|長按二維碼|关注我们|關注我們|点击关注|點擊關注|点个在看|點個在看|"
    r"点亮在看|點亮在看|设为星标|設為星標|观看更多|觀看更多|更多精彩|戳原文"
)
# An end mark ("- END -", "全文完") also starts the promotional tail.
_END_MARK = re.compile(r"^[-—–_~=*·\s]*(?:END|THE END|全文完)[-—–_~=*·\s]*$", re.IGNORECASE)
_PROMO_MAX_LEN = 30
# A picture credit on a line of its own: 头图来源：视觉中国, 图片来源：网络, 题图：X. A
# 头图/题图/封面 label is always a credit; 图/图片/截图 only with 来源 (图：… is a caption).
_PICTURE_CREDIT = re.compile(
    r"^[*※\s]*(?:(?:头图|頭圖|题图|題圖|封面图?|封面圖|配图|配圖)(?:来源|來源|来自|來自|源)?"
    r"|(?:图片?|圖片?|截图|截圖)\s*(?:来源|來源|来自|來自|源))"
    r"\s*[:：|｜丨/／]\s*\S",
    re.IGNORECASE,
)
_CREDIT_MAX = 60
_CREDIT_FIRST = frozenset("头頭题題封配图圖截*※ ")
# A closing question put to the reader under a short label (极客一问 / 你如何看待…？,
# 互动话题：你怎么看？): the comment-section prompt of a post, not its text.
_READER_QUESTION = re.compile(r"(?:你|您|大家|各位|读者|讀者).{0,58}[？?]$")
_PROMPT_LABEL_MAX = 10
_SENTENCE_PUNCT_ANY = re.compile(r"[，。！？；：,.!?;:、]")


@dataclass(frozen=True)
class Analysis:
    """The cleaned text plus what the cleanup learnt about the header lines."""

    text: str
    header: HeaderFields
    title_line: str | None


def clean_body(text: str, *, markdown: bool | None = True) -> str:
    """The cleaned, paragraph-per-line text of an article (see the module docstring).

    ``text`` is normalised text; front matter at its start, if any, is split off first,
    so ``clean_body(normalize_text(raw))`` is exactly the ``clean_text`` of an import
    of a Markdown file (``markdown=None``: of a ``.txt`` file). ``markdown`` as in
    :func:`analyse`.
    """
    metadata, body = split_front_matter(text)
    if metadata and markdown is None:
        markdown = True
    return analyse(body, title_hint=one_line(metadata.get("title"), 200), markdown=markdown).text


def is_markup(body: str) -> bool:
    """Whether a plain-text file is in fact Markdown or HTML (a page saved as text):
    it has a Markdown image, an inline link, a code fence, or an HTML block tag or line
    break. Emphasis stars, tildes, ``>``, ``#`` or an entity are not evidence: plain
    text uses them as characters (``/*坐标*/``, ``>>``, ``#话题``)."""
    if "](" not in body and "```" not in body and "<" not in body:
        return False  # the common case, decided without the regular expression
    return _MARKUP_EVIDENCE.search(body) is not None


def analyse(body: str, title_hint: str | None = None, markdown: bool | None = None) -> Analysis:
    """Clean ``body`` (normalised, without front matter) and read its header lines.

    ``markdown``: True for a Markdown file (its markup is removed), False for plain
    text (its characters are kept), None to decide by :func:`is_markup`.
    """
    if markdown is None:
        markdown = is_markup(body)
    lines, notices = _markup_to_lines(body, markdown)
    drop = [line.kind == BLANK for line in lines]
    for i, line in enumerate(lines):
        if not drop[i] and ((i in notices and len(line.text) <= 200) or _is_debris(line.text)):
            drop[i] = True
    header, title_index = _read_header(lines, drop, title_hint)
    _drop_leading_title(lines, drop, title_index, title_hint)
    _cut_tail(lines, drop)
    paragraphs = split_paragraphs(lines, drop)
    text = "\n\n".join(paragraphs)
    if not text:  # nothing survived: keep the text rather than lose it
        text = "\n\n".join(line.text for line in lines if line.kind != BLANK)
    if not text:
        text = "\n\n".join(s for s in (x.strip() for x in body.split("\n")) if s)
    title_line = lines[title_index].text if title_index is not None else None
    return Analysis(text=text, header=header, title_line=title_line)


def _drop_leading_title(
    lines: list[Line], drop: list[bool], title_index: int | None, title_hint: str | None
) -> None:
    """Drop the title when it opens the body as a heading or as the front matter's title.

    The reader shows the title in the article's header, so a body that starts by
    repeating it shows it twice. A plain first line that only served as the title of
    last resort stays: it is the article's first sentence (a transcript's greeting).
    """
    first = next((i for i, line in enumerate(lines) if not drop[i]), None)
    if first is None:
        return
    is_heading_title = first == title_index and lines[first].kind == HEADING
    is_hint = bool(title_hint) and _title_key(lines[first].text) == _title_key(title_hint or "")
    others_remain = any(not drop[i] for i in range(first + 1, len(lines)))
    if (is_heading_title or is_hint) and others_remain:
        drop[first] = True


# ----------------------------------------------------------------------- markup


def _markup_to_lines(body: str, markdown: bool) -> tuple[list[Line], set[int]]:
    """Strip the markup (of Markdown only); return the lines and the indices of notice
    lines."""
    text = _strip_markup(body) if markdown else body
    parked = markdown and _PARKED_ANY.search(text) is not None
    if "  " in text or _ODD_SPACE.search(text):
        text = _SPACE_RUN.sub(" ", text)
    # Notices are searched in the whole text at once (cheaper than line by line).
    notices = _notice_candidates(text)

    lines: list[Line] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            lines.append(Line("", "", BLANK))
            continue
        first = line[0]
        if first == ">" and markdown:
            line = _QUOTE.sub("", line).strip()
        plain = line.replace(STRONG_MARK, "").strip() if STRONG_MARK in line else line
        if not plain:
            lines.append(Line("", "", BLANK))
            continue
        first = plain[0]
        kind = TEXT
        if first in "-*_=":
            if _RULE.match(plain):
                lines.append(Line("", "", BLANK))
                continue
            if markdown and _SETEXT.match(plain) and lines and lines[-1].kind == TEXT:
                lines[-1].kind = HEADING
                lines.append(Line("", "", BLANK))
                continue
        if first == "#" and markdown and (heading := _HEADING.match(plain)):
            kind = HEADING
            line = (heading.group(1) or "").strip()
            plain = line.replace(STRONG_MARK, "").strip()
            if not plain:
                lines.append(Line("", "", BLANK))
                continue
        elif first in _LIST_FIRST and _LIST.match(plain):
            kind = LIST
        if parked and _PARKED_ANY.search(line):
            plain = plain.translate(_UNPARK)
            line = line.translate(_UNPARK)
        lines.append(Line(plain, line, kind, raw[0] in " \t\u3000"))
    return lines, {i for i in notices if _NOTICE.search(lines[i].text)}


def _strip_markup(text: str) -> str:
    """Markdown and HTML markup removed from the whole text at once."""
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: _PARK.get(m.group(1), m.group(1)), text)
    if "<" in text:
        text = _COMMENT.sub("", text)
        text = _BR.sub("\n", text)
        text = _BLOCK_TAG.sub("\n", text)
        text = _INLINE_TAG.sub("", text)
        text = _AUTOLINK.sub(r"\1", text)
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if "![" in text:
        text = _IMAGE.sub("", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if "*" in text:
        text = _STRONG.sub(STRONG_MARK, text)
        text = _EMPHASIS.sub(r"\1", text)
    if "__" in text:
        text = _UNDERSCORE.sub(r"\1", text)
    if "~~" in text:
        text = _STRIKE.sub(r"\1", text)
    if "`" in text:
        text = _FENCE.sub("", text)
        text = _CODE.sub(r"\1", text)
    return text


def _notice_candidates(text: str) -> set[int]:
    """Indices of the lines holding a notice keyword (checked with _NOTICE later)."""
    found: set[int] = set()
    for key in _NOTICE_KEYS:
        position = text.find(key)
        while position != -1:
            found.add(text.count("\n", 0, position))
            position = text.find(key, position + len(key))
    return found


def _entity(match: re.Match[str]) -> str:
    value = html.unescape(match.group(0))
    if value == match.group(0):
        return value
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in value):
        return ""
    return value


# ----------------------------------------------------------------------- debris


def _furniture_key(text: str) -> str:
    return text.strip(_EDGE_PUNCT)


def _is_debris(text: str) -> bool:
    if text[:4].lower() == "http":
        return _IMAGE_URL.match(text) is not None
    if text[0] in _CREDIT_FIRST and len(text) <= _CREDIT_MAX and _PICTURE_CREDIT.match(text):
        return True
    if len(text) > _FURNITURE_MAX and text[0].isalnum():
        return False  # the common case, decided cheaply
    return _PUNCT_ONLY.match(text) is not None or _furniture_key(text) in _STRONG_FURNITURE


def _is_weak(text: str) -> bool:
    return _PUNCT_ONLY.match(text) is not None or _furniture_key(text) in _WEAK_FURNITURE


def _read_header(
    lines: list[Line], drop: list[bool], title_hint: str | None
) -> tuple[HeaderFields, int | None]:
    """Read (and drop) header lines in the first lines of text; find the title line."""
    header = HeaderFields()
    seen = 0
    byline: list[int] = []
    in_byline = False
    first_heading: int | None = None
    first_text: int | None = None
    window_end = len(lines)
    for i, line in enumerate(lines):
        if drop[i]:
            continue
        if seen >= HEADER_WINDOW:
            window_end = i
            break
        seen += 1
        if line.kind == TEXT:
            if in_byline and len(byline) < 2 and is_byline_name(line.text):
                byline.append(i)
                drop[i] = True
                continue
            in_byline = False
            found = match_header_line(line.header)
            if found is not None:
                drop[i] = True
                for name, value, priority in found.fields:
                    header.offer(name, value, priority)
                if found.opens_byline:
                    in_byline, byline = True, []
                continue
        in_byline = False
        if line.kind == HEADING and first_heading is None:
            first_heading = i
        greeting = None
        if first_text is None and line.kind == TEXT:
            greeting = match_greeting(line.text)  # a spoken greeting: text, but no title
            for name, value, priority in greeting.fields if greeting else ():
                header.offer(name, value, priority)
        if (
            greeting is None
            and first_text is None
            and _is_titleish(line.text)
            and (line.kind == TEXT or (line.kind == LIST and _lone_opening_item(lines, drop, i)))
        ):
            first_text = i
        if byline:
            _offer_byline(header, lines, byline)
            byline = []
    if byline:
        _offer_byline(header, lines, byline)
    title_index = first_heading if first_heading is not None else first_text
    if title_index is None:
        title_index = next(
            (
                i
                for i, line in enumerate(lines)
                if not drop[i] and line.kind != BLANK and _is_titleish(line.text)
            ),
            None,
        )
    # A title printed twice in a row (cover heading, then article heading) is shown once:
    # a line equal to the title goes when the text kept before it is that same line.
    keys = {_title_key(title_hint)} if title_hint else set()
    if title_index is not None:
        keys.add(_title_key(lines[title_index].text))
    keys.discard("")
    previous = ""
    for i in range(min(window_end + 4, len(lines))):
        if drop[i]:
            continue
        key = _title_key(lines[i].text)
        if key in keys and key == previous:
            drop[i] = True
        previous = key
    return header, title_index


def _offer_byline(header: HeaderFields, lines: list[Line], byline: list[int]) -> None:
    names = [lines[i].text for i in byline]
    if len(names) == 2:
        header.offer("author", names[0], PRIORITY_BYLINE)
        header.offer("source", names[1], PRIORITY_BYLINE)
    elif len(names) == 1:
        header.offer("source", names[0], PRIORITY_BYLINE)


def _is_titleish(text: str) -> bool:
    """One letter or ideograph (雨, 窗) or two digits (``2、6``) make a title."""
    head = text[:40]
    return any(ch.isalpha() for ch in head) or sum(1 for ch in head if ch.isalnum()) >= 2


def _lone_opening_item(lines: list[Line], drop: list[bool], index: int) -> bool:
    """A list-like line (``2、6``) that opens the text and starts no list: a title."""
    if any(not drop[i] and lines[i].kind != BLANK for i in range(index)):
        return False
    following = next(
        (
            line
            for i, line in enumerate(lines[index + 1 :], index + 1)
            if not drop[i] and line.kind != BLANK
        ),
        None,
    )
    return following is None or following.kind != LIST


def _title_key(text: str | None) -> str:
    return "".join((one_line(text, 10_000) or "").split())


def _cut_tail(lines: list[Line], drop: list[bool]) -> None:
    """Drop the web page's tail: UI furniture and an end-of-article promo block."""
    # 1. A furniture line from which most remaining lines are short or furniture.
    for i, line in enumerate(lines):
        if (
            not drop[i]  # furniture lines were already dropped as debris
            or line.kind == BLANK
            or len(line.text) > _FURNITURE_MAX
            or _furniture_key(line.text) not in _STRONG_FURNITURE
        ):
            continue
        rest = [j for j in range(i + 1, len(lines)) if lines[j].kind != BLANK]
        short = sum(
            1 for j in rest if drop[j] or len(lines[j].text) <= 8 or _is_weak(lines[j].text)
        )
        if short >= 0.6 * len(rest):
            for j in range(i, len(lines)):
                drop[j] = True
            break
    kept = [i for i in range(len(lines)) if not drop[i]]
    # 2. Short furniture words and punctuation at the very end.
    while kept and _is_weak(lines[kept[-1]].text):
        drop[kept.pop()] = True
    # 3. A promo heading with little text after it.
    total = sum(len(lines[i].text) for i in kept)
    seen = 0
    for position, i in enumerate(kept):
        text = lines[i].text
        if (
            len(text) <= _PROMO_MAX_LEN
            and total - seen - len(text) <= 0.3 * total
            and (_PROMO.search(text) or _END_MARK.match(text))
        ):
            for j in kept[position:]:
                drop[j] = True
            del kept[position:]
            break
        seen += len(text)
    # 4. A question put to the reader under a short label, closing the text.
    _drop_reader_prompt(lines, drop, kept)


def _drop_reader_prompt(lines: list[Line], drop: list[bool], kept: list[int]) -> None:
    """Drop ``极客一问`` / ``你如何看待 X？`` (or ``话题：你怎么看？``) at the very end.

    The question must address the reader (你, 您, 大家 …) and follow a short label
    without sentence punctuation; a question closing the text on its own stays.
    """
    if len(kept) < 3:
        return
    last = lines[kept[-1]].text
    label, colon, question = last.partition("：") if "：" in last else last.partition(":")
    if (
        colon
        and len(label) <= _PROMPT_LABEL_MAX
        and not _SENTENCE_PUNCT_ANY.search(label)
        and _READER_QUESTION.search(question)
    ):
        drop[kept[-1]] = True
        return
    before = lines[kept[-2]]
    if (
        len(last) <= 60
        and _READER_QUESTION.search(last)
        and len(before.text) <= _PROMPT_LABEL_MAX
        and before.kind in (TEXT, HEADING)
        and not _SENTENCE_PUNCT_ANY.search(before.text)
    ):
        drop[kept[-1]] = drop[kept[-2]] = True
