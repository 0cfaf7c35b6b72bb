"""HTML trees made ready for reading, and HTML fragments as paragraphs.

Web pages and feed contents share these rules: furniture blocks (by tag, or by class
and id words such as ``ad``, ``share``, ``related``, ``comment``, ``nav``) go; tables
used for layout become plain blocks; blocks of inline prose become paragraphs. Text
is data throughout: it is never interpreted beyond HTML's own entities.
"""

from __future__ import annotations

import re

from reader.ingest.normalize import normalize_text

#: Class or id words that name page furniture, matched as whole words
#: ("ad_content", "shareBar", "related-news"); the extractor knows most of them, but
#: its fallbacks for unusual layouts do not, so they go before it runs.
_FURNITURE_WORDS = frozenset(
    [
        "ad",
        "ads",
        "adv",
        "advert",
        "advertisement",
        "advertising",
        "banner",
        "sponsor",
        "sponsored",
        "share",
        "sharing",
        "social",
        "related",
        "recommend",
        "recommended",
        "comment",
        "comments",
        "nav",
        "navbar",
        "navigation",
        "menu",
        "breadcrumb",
        "breadcrumbs",
        "footer",
        "sidebar",
        "popup",
        "modal",
        "toolbar",
        "subscribe",
        "newsletter",
        "copyright",
        "qr",
        "qrcode",
        "tool",
        "tools",
    ]
)
_FURNITURE_TAGS = (
    *("script", "style", "noscript", "template", "iframe", "ins", "form", "button"),
    *("nav", "aside", "footer"),
)
_KEPT_TAGS = frozenset({"html", "body", "article", "main"})
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_BIG_SHARE = 0.4


_TABLE_TAGS = frozenset(
    {"table", "tbody", "thead", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"}
)
_BLOCKS_IN_LAYOUT = frozenset(
    {"p", "div", "br", "table", "ul", "ol", "section", "article", "h1", "h2", "h3", "h4"}
)
_LONG_CELL = 100


def unwrap_layout_tables(tree) -> None:  # lxml.html.HtmlElement
    """Turn tables used for layout into plain blocks: a table is layout when a cell
    holds blocks (paragraphs, line breaks, divisions, other tables) or a long text,
    which data tables' cells do not."""
    for table in reversed(list(tree.iter("table"))):
        cells = [cell for cell in table.iter("td", "th")]
        layout = any(
            any(isinstance(e.tag, str) and e.tag.lower() in _BLOCKS_IN_LAYOUT for e in cell.iter())
            or len(cell.text_content()) > _LONG_CELL
            for cell in cells
        )
        if layout:
            for element in list(table.iter()):
                if isinstance(element.tag, str) and element.tag.lower() in _TABLE_TAGS:
                    element.tag = "div"


_LEAF_BLOCKS = ("div", "section")
_BLOCK_DESCENDANTS = frozenset(
    {"p", "div", "section", "article", "table", "ul", "ol", "dl", "blockquote", "pre"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "figure", "header", "footer", "main", "aside"}
)
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?:\s|$)")
_PARAGRAPH_CHARS = 80


def mark_paragraph_blocks(tree) -> None:  # lxml.html.HtmlElement
    """Make paragraphs of ``div``/``section`` blocks that hold only inline text and
    read like prose (a sentence end, or long): WeChat and many CMSs write paragraphs
    so, and the extractor keeps ``<p>`` but, in precision mode, drops such blocks.
    Short bars of links and labels stay blocks."""
    for element in list(tree.iter(*_LEAF_BLOCKS)):
        if any(
            isinstance(child.tag, str) and child.tag.lower() in _BLOCK_DESCENDANTS
            for child in element.iterdescendants()
        ):
            continue
        text = element.text_content().strip()
        if text and (_SENTENCE_END.search(text) or len(text) >= _PARAGRAPH_CHARS):
            element.tag = "p"


def drop_furniture(tree) -> None:  # lxml.html.HtmlElement
    """Remove scripts, forms and blocks whose class or id names furniture, unless a
    block holds a large share of the page's text (a site that calls its story
    container "content-with-comments" keeps its story)."""
    for element in list(tree.iter(*_FURNITURE_TAGS)):
        if element.getparent() is not None:
            element.drop_tree()
    body = tree.find("body")
    total = len((body if body is not None else tree).text_content()) or 1
    doomed = []
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag.lower() in _KEPT_TAGS:
            continue
        names = f"{element.get('class', '')} {element.get('id', '')}"
        if {word.lower() for word in _WORD.findall(names)} & _FURNITURE_WORDS:
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None and len(element.text_content()) <= _BIG_SHARE * total:
            element.drop_tree()


def text_paragraphs(text: str) -> list[str]:
    """Extracted text as paragraphs: normalised, one per non-blank line, with runs of
    spaces collapsed (the page's source line breaks are not the article's)."""
    lines = normalize_text(text).split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    ]
)
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "iframe", "object"})


def fragment_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment that is all article (a feed item's content):
    block elements and ``<br>`` break paragraphs, scripts and styles go, entities are
    decoded, and the text is never interpreted further."""
    import lxml.html
    from lxml import etree

    if not fragment.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(normalize_text(fragment), create_parent="div")
    except (etree.ParserError, ValueError):
        return text_paragraphs(fragment)
    drop_furniture(root)
    pieces: list[str] = [_inline(root.text)]

    def walk(element) -> None:  # lxml elements have no precise static type
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block:
            pieces.append("\n")
        if tag and tag not in _SKIPPED_TAGS:
            pieces.append(_inline(element.text))
            for child in element:
                walk(child)
        if block:
            pieces.append("\n")
        pieces.append(_inline(element.tail))

    for child in root:
        walk(child)
    return text_paragraphs("".join(pieces))


_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_LINE_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\r]*\\n\\s*(?=[{_CJK}])")
_WHITESPACE = re.compile(r"\s+")


def _inline(text: str | None) -> str:
    """A text node as the browser lays it out: a source line break between two Chinese
    characters joins them, other whitespace runs are one space."""
    if not text:
        return ""
    return _WHITESPACE.sub(" ", _CJK_LINE_BREAK.sub("", text))
