"""A quote with its citation, as Markdown to paste into a report.

A journalist quoting a passage needs the exact words and where they come from. The
quote is the article's original text, exactly (whatever script the reader showed it
in: the outlet's words are the evidence), as a blockquote whose every line starts
with ``> `` and which parses back to exactly those characters
(:func:`reader.export.commonmark.blockquote`: Markdown syntax in the text is escaped,
nothing else). The citation line after it names the outlet, author, date, title and
address, each where known::

    > 马斯克表示，Grok 3 将于下周发布。

    — 联合早报, 张三, 2025-02-14, “马斯克：Grok 3 下周发布”, <https://example.com/a>

Text from the article's file is data: control characters are shown as visible
symbols (:func:`reader.text_safety.visible`), never written raw to a clipboard or a
terminal. The TUI (``y``) and ``reader cite`` both use :func:`cite`. No Textual here.
"""

from __future__ import annotations

import re

from reader.export.commonmark import blockquote, escape_line
from reader.models import ArticleSummary
from reader.text_safety import visible, visible_lines

_HTTP_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def web_address(url: str | None) -> str | None:
    """``url`` if it is a plain web address a browser may be asked to open, else None
    (a ``file:`` or ``javascript:`` address from an article file is not followed)."""
    if url and _HTTP_URL.fullmatch(url.strip()):
        return url.strip()
    return None


def _day(date: str) -> str:
    """An ISO timestamp as its day (the time of publication is noise in a citation)."""
    match = _ISO_DAY.match(date)
    return match.group() if match else date


def citation_line(article: ArticleSummary) -> str:
    """``— outlet, author, date, “title”, <url>`` with what the article has."""
    parts = [
        escape_line(visible(value.strip()))
        for value in (article.source, article.author, article.date and _day(article.date))
        if value and value.strip()
    ]
    if article.title.strip():
        parts.append("“" + escape_line(visible(article.title.strip())) + "”")
    url = web_address(article.url)
    if url is not None:
        parts.append(f"<{url}>")
    elif article.url and article.url.strip():
        parts.append(escape_line(visible(article.url.strip())))
    return "— " + ", ".join(parts) if parts else "— (source unknown)"


def cite(quote: str, article: ArticleSummary) -> str:
    """The Markdown citation of ``quote`` from ``article``: blockquote, blank line,
    citation line, final newline."""
    return f"{blockquote(visible_lines(quote))}\n\n{citation_line(article)}\n"
