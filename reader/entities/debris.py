"""Page debris that must never yield an entity: URLs, e-mail, file names, hashes, and
the credit lines of outlets and editors.

Articles saved from the web keep image links, tracking URLs, WeChat ids and content
hashes. Their letters look like names to a pattern (``mmbiz_png``, ``8cu01Kavc5…``),
so they are blanked out before anything else looks at the text. Blanking replaces each
character with a space, which keeps every offset valid.

Credit lines name the outlet, reporter or editor of the copy, not what the story is
about, and they repeat in every article of an outlet, so each would link a whole corpus:
a bracketed outlet at the start of a line (【某某新聞台】, 【本報訊】), a reporter's
by-line (本報記者某某報道, （記者某某）) and a labelled credit at the start of a line
(責任編輯：, 來源：, 編輯：, 作者 |). A credit inside a sentence or a caption (圖片來源：)
is left alone. So is page furniture asking the reader to act (訂閱我們的YouTube頻道,
分享到：…, Follow us on …): a short line, no sentence, starting with such a call; the
platform it names is the page's, not the story's.
"""

from __future__ import annotations

import re

_PATTERNS = [
    # Markdown images, alt text included: ![cover_image](https://…)
    r"!\[[^\]\n]*\]\([^)\n]*\)",
    # The target of a Markdown link (the link text stays readable): [text](https://…)
    r"(?<=\])\([^)\n]*\)",
    # URLs with a scheme, or starting with www.
    r"(?:[a-z][a-z0-9+.-]*://|www\.)[^\s<>\"'()（）\u3000-\u303f\uff01-\uff0f]+",
    # E-mail addresses and @handles (an @ before Han text is kept: @马斯克 is a name).
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    r"@[A-Za-z0-9_]+",
    # Bare domains and paths: example.com, imarena.ai/leaderboard
    r"\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|net|org|cn|io|ai|co|gov|edu|info|me|tv|"
    r"hk|tw|jp|uk|de|fr|app|dev|xyz|top|html?|php|aspx?)\b(?:/[^\s]*)?",
    # File names
    r"\b[\w-]+\.(?:jpe?g|png|gif|webp|svg|bmp|pdf|docx?|xlsx?|pptx?|txt|md|csv|json|xml|"
    r"zip|rar|7z|gz|mp[34]|mov|avi|exe|dmg|apk|py|js|ts|css)\b",
    # key=value query debris (wx_fmt=png, from=appmsg)
    r"\b\w+=[\w%.-]*",
    # Hashes and ids: long runs mixing letters and digits (d98721091214a611, 8cu01Kav…)
    r"\b(?=[A-Za-z0-9_]*\d)(?=[A-Za-z0-9_]*[A-Za-z])[A-Za-z0-9_]{12,}\b",
    # Hex strings of 8 or more with at least one digit and one letter a-f
    r"\b(?=[0-9a-fA-F]*\d)(?=[0-9a-fA-F]*[a-fA-F])[0-9a-fA-F]{8,}\b",
]
_DEBRIS = re.compile("|".join(f"(?:{pattern})" for pattern in _PATTERNS), re.IGNORECASE)


#: Debris is written in printable ASCII without spaces (a Markdown image's alt text
#: aside, which is harmless words), so only such runs are searched: Chinese text is
#: skipped at C speed.
_ASCII_RUN = re.compile(r"[!-~]{2,}")


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


#: A run without these cannot hold debris (every pattern needs one), and most runs
#: are short words and numbers: GPT-4o, 2025, 66%.
_MAYBE = re.compile(r"[/@=.!\[(]|[A-Za-z0-9_]{8}")


def _mask_run(run: re.Match[str]) -> str:
    text = run.group()
    return _DEBRIS.sub(_blank, text) if _MAYBE.search(text) else text


#: What a bracketed outlet credit ends with, or holds: 新聞台, 日報, 專訊, 記者, News…
_OUTLET = re.compile(
    r"(?:台|臺|報|报|社|網|网|新聞|新闻|訊|讯|電視|电视|傳媒|传媒|媒體|媒体|週刊|周刊|雜誌|杂志|"
    r"TV|News|Daily|Post|Times|Radio|Channel|Press|Media)$|記者|记者|專訊|专讯|報道|报道|報導|报导",
    re.IGNORECASE,
)
#: The labels of credit lines, in either script.
_CREDIT_LABELS = (
    "責任編輯|责任编辑|責編|责编|編輯|编辑|來源|来源|作者|撰文|撰稿|記者|记者|攝影|摄影|"
    "校對|校对|審核|审核|審校|审校|監製|监制|編譯|编译|翻譯|翻译|圖文|图文|出品|策劃|策划|"
    "排版|美編|美编|文字|文|圖|图"
)
#: Credits at the start of a line: 【某某新聞台】 (checked against _OUTLET) and
#: 責任編輯：某某 … to the end of the sentence or line.
_LINE_CREDITS = re.compile(
    r"^[ \t\u3000*#>_\-\\（(]*(?:【(?P<outlet>[^】\n]{1,24})】"
    rf"|(?:{_CREDIT_LABELS})[ \t\u3000*】\]]*[：:｜|][^。\n]{{0,40}})",
    re.MULTILINE,
)
#: Credits inside a line, each starting with a fixed character so the search is
#: quick: a label after a sentence (…。責任編輯：某某), （某台記者某某）, and 記者某某報道
#: (本報 before it is no name and stays).
_INLINE_CREDITS = re.compile(
    rf"[。！？](?P<label>(?:{_CREDIT_LABELS})[ \t\u3000*】\]]*[：:｜|][^。\n]{{0,40}})"
    r"|[（(][^（）()\n]{0,12}?(?:記者|记者)(?![會会])[^（）()\n]{0,20}[）)]"
    r"|(?:記者|记者)(?![會会])[^\n，。；、（）()]{0,16}?(?:報道|报道|報導|报导|攝|摄|專訊|专讯)"
)


#: Furniture lines: a call to share, subscribe, follow, download or click at the start
#: of a short line holding no sentence end. (No call a headline starts with: 關注,
#: 歡迎, 追蹤 head news too.)
_FURNITURE = re.compile(
    r"^[ \t\u3000*#>_\-|]*(?:分享(?:到|至|本文|文章|此文)?[：:\s]|訂閱|订阅|下載|下载|點擊|点击|"
    r"按此|掃描|扫描|(?:follow|subscribe|share|like us|download|sign up)\b)"
    r"[^\n。！？!?]{0,40}$",
    re.MULTILINE | re.IGNORECASE,
)


def _mask_line_credit(match: re.Match[str]) -> str:
    outlet = match.group("outlet")
    if outlet is not None and not _OUTLET.search(outlet):
        return match.group()
    return _blank(match)


def _mask_inline_credit(match: re.Match[str]) -> str:
    if match.group("label") is not None:
        return match.group()[0] + " " * (len(match.group()) - 1)
    return _blank(match)


def mask_debris(text: str) -> str:
    """``text`` with every piece of debris replaced by spaces of the same length."""
    text = _ASCII_RUN.sub(_mask_run, text)
    text = _LINE_CREDITS.sub(_mask_line_credit, text)
    text = _FURNITURE.sub(_blank, text)
    return _INLINE_CREDITS.sub(_mask_inline_credit, text)
