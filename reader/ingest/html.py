"""Web pages: from a saved HTML page to a :class:`~reader.models.ParsedArticle`.

A page is decoded by its own declaration first (a byte-order mark, ``<meta charset>``,
``<meta http-equiv="Content-Type">`` or an XML declaration), because Chinese sites
still serve GBK and Big5 and say so; bytes that are valid UTF-8 are read as UTF-8
whatever the page claims (a page saved by a browser keeps its old ``charset``), and a
declaration that does not fit the bytes falls back to the project's decoder.

The article is found by trafilatura, a maintained main-text extractor that scores the
page's blocks and drops scripts, navigation, share bars, comments, advertisements and
related-article boxes, and that reads the title, author, date, site name and
canonical URL from the page's metadata. It runs in precision mode: a page's furniture
is short links that recall mode lets back in between paragraphs.

The decoded page is kept as the article's raw text, so a better extractor can re-derive
the clean text later without losing anything. Extraction rules share
``CLEANER_VERSION`` with the plain-text cleanup: bump it when they change the output.

trafilatura (and lxml) are imported on first use only, so the interface's start does
not pay for them.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import logging
import re
from pathlib import PurePath
from typing import Any

from reader.conversion import detect_script
from reader.errors import RejectedFile
from reader.ingest.decode import decode_bytes
from reader.ingest.metadata import normalize_date, normalize_url
from reader.ingest.normalize import normalize_text
from reader.ingest.parse import CLEANER_VERSION
from reader.models import ParsedArticle

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

#: How far into a page its charset declaration is looked for (pages put long scripts
#: and styles before their ``<meta>``).
_PRESCAN_BYTES = 16384
_META_CHARSET = re.compile(rb"<meta\s[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_XML_ENCODING = re.compile(rb"\A\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_PAGE_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_BODY_TAG = re.compile(r"<body\b", re.I)
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:作者|撰文|编辑|編輯|文|by)\s*[:：|｜/]|(?:记者|記者)[:：]?|by\s)\s*", re.I
)

_GB_FAMILY = frozenset(
    {"gb2312", "gbk", "gb18030", "cp936", "euc_cn", "hz", "x-gbk", "gb_2312-80", "csgb2312"}
)
_BIG5_FAMILY = frozenset({"big5", "big5hkscs", "cp950", "x-x-big5", "cn-big5", "csbig5"})


def looks_like_page(text: str) -> bool:
    """Whether decoded text is a whole HTML page (say, one pasted into a ``.txt``):
    it opens with a doctype or ``<html>`` tag (after comments or an XML declaration),
    or opens with a tag and has a ``<body>``."""
    head = text[:4096].lstrip("\ufeff")
    if _PAGE_START.match(head):
        return True
    return head.lstrip().startswith("<") and _BODY_TAG.search(text[:65536]) is not None


def sniff_page(data: bytes) -> bool:
    """:func:`looks_like_page` on raw bytes (ASCII-compatible encodings and UTF-16 BOMs)."""
    head = data[:65536]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return looks_like_page(head.decode("utf-16", errors="ignore"))
    return looks_like_page(head.decode("latin-1"))


def declared_charset(data: bytes) -> str | None:
    """The Python codec a page declares for itself, or None (unknown names included)."""
    head = data[:_PRESCAN_BYTES]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return codec_for_label(match.group(1).decode("ascii"))


def codec_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label as the web uses them, or None."""
    if not label:
        return None
    label = label.strip().lower()
    if label in _GB_FAMILY:
        return "gb18030"  # GB2312 and GBK pages use GBK's extra characters freely
    if label in _BIG5_FAMILY:
        return "cp950"
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_markup(
    data: bytes, encoding: str | None = None, *, served_as: str | None = None
) -> tuple[str, str]:
    """Decode a page or feed: ``(text, codec)``, or :class:`RejectedFile`.

    ``encoding`` (the user's) wins; then a byte-order mark and valid UTF-8 with
    non-ASCII bytes; then the declaration, if the bytes decode strictly by it (a Big5
    declaration also accepts Big5-HKSCS bytes), or else the charset the document was
    served with (``served_as``, from an HTTP header); then the project's decoder.
    """
    if encoding is not None or not data:
        return decode_bytes(data, encoding)
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_bytes(data)
    if not data.isascii():
        try:
            return data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            pass
    declared = declared_charset(data) or codec_for_label(served_as)
    candidates = [declared] if declared else []
    if declared == "cp950":
        candidates.append("big5hkscs")
    if declared in ("utf-8", "ascii") or declared is None:
        candidates = []
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            continue
    try:
        return decode_bytes(data)
    except RejectedFile:
        if declared and declared not in ("utf-8", "ascii"):
            return data.decode(declared, errors="replace"), declared
        raise


def parse_page(data: bytes, *, path: str, encoding: str | None = None) -> ParsedArticle:
    """Decode a saved web page and extract its article; :class:`RejectedFile` with a
    one-line reason when the page cannot be read or holds no article text."""
    raw_text, found_encoding = decode_markup(data, encoding)
    if not raw_text.strip():
        raise RejectedFile("empty page")
    extracted, declared = _extract(raw_text)
    if extracted is None:
        raise RejectedFile("no article text found in the page")
    paragraphs = text_paragraphs(extracted.text or "")
    if not paragraphs:
        raise RejectedFile("no article text found in the page")
    clean_text = "\n\n".join(paragraphs)
    title = (
        headline(extracted.title, declared.get("page_title"))
        or plain_line(PurePath(path).stem, 200)
        or "untitled"
    )
    return ParsedArticle(
        path=path,
        raw_sha256=hashlib.sha256(data).hexdigest(),
        encoding=found_encoding,
        raw_text=raw_text,
        clean_text=clean_text,
        title=title,
        source=plain_line(extracted.sitename or declared.get("site")),
        author=author_name(extracted.author or declared.get("author")),
        date=normalize_date(declared.get("date")) or normalize_date(extracted.date),
        url=normalize_url(extracted.url) or normalize_url(declared.get("url")),
        script=detect_script(clean_text),
        cleaner_version=CLEANER_VERSION,
    )


def _extract(page: str) -> tuple[Any, dict[str, str]]:
    """trafilatura's reading of the page (text and metadata; None if it found no
    article) and the metadata the page declares in its head (:func:`_declared`).

    Tables that hold blocks of text are page layout (older Chinese portals set the
    whole story in a cell) and become plain blocks first; the tables left are
    navigation rows or data, and are left out.
    """
    import lxml.html
    import trafilatura  # about 0.3 s: paid by the first page imported, never at start
    from lxml import etree

    _silence_extractor_logs()
    try:
        tree = lxml.html.document_fromstring(_without_xml_declaration(normalize_text(page)))
    except (etree.ParserError, ValueError):
        return None, {}
    declared = _declared(tree)
    _drop_furniture(tree)
    _unwrap_layout_tables(tree)
    _mark_paragraph_blocks(tree)
    found = None
    # Precision first; when it finds nothing (some bare layouts), the default balance.
    for precision in (True, False):
        try:
            found = trafilatura.bare_extraction(
                tree,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_links=False,
                favor_precision=precision,
                deduplicate=False,
            )
        except Exception:  # the extractor failing on one page is that
            # page's rejection ("no article text"), never a crash of the whole import
            return None, declared
        if found is not None and (found.text or "").strip():
            break
    return found, declared


@functools.cache
def _silence_extractor_logs() -> None:
    """The extractor's libraries log their doubts (``discarding data``); with no
    handler configured Python would print them to stderr, under a rejection that is
    meant to be one line. Each gets a handler that drops them."""
    for name in ("trafilatura", "htmldate", "courlan", "justext", "readability"):
        logger = logging.getLogger(name)
        if not logger.handlers:
            logger.addHandler(logging.NullHandler())


#: ``<meta>`` names and properties a page declares its metadata with, in preference
#: order (the publication time keeps its hour, which the extractor's date drops).
_META_FIELDS = {
    "author": ("author", "article:author", "byl", "dc.creator"),
    "site": ("og:site_name", "application-name", "publisher"),
    "date": (
        "article:published_time",
        "pubdate",
        "publishdate",
        "publish_date",
        "og:published_time",
        "date",
        "dc.date",
    ),
}


def _declared(tree) -> dict[str, str]:  # lxml.html.HtmlElement
    """Metadata from the page's ``<meta>`` tags and its canonical link."""
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        content = (meta.get("content") or "").strip()
        if key and content:
            metas.setdefault(key, content)
    found = {
        field: next(metas[name] for name in names if name in metas)
        for field, names in _META_FIELDS.items()
        if any(name in metas for name in names)
    }
    title = tree.find(".//title")
    if title is not None and title.text_content().strip():
        found["page_title"] = title.text_content()
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found["url"] = link.get("href", "").strip()
            break
    return found


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


def _unwrap_layout_tables(tree) -> None:  # lxml.html.HtmlElement
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


def _mark_paragraph_blocks(tree) -> None:  # lxml.html.HtmlElement
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


def _drop_furniture(tree) -> None:  # lxml.html.HtmlElement
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


def _without_xml_declaration(page: str) -> str:
    """lxml refuses decoded text that still declares a byte encoding."""
    return re.sub(r"\A\s*<\?xml[^>]*\?>", "", page, count=1)


def text_paragraphs(text: str) -> list[str]:
    """Extracted text as paragraphs: normalised, one per non-blank line, with runs of
    spaces collapsed (the page's source line breaks are not the article's)."""
    lines = normalize_text(text).split("\n")
    return [" ".join(line.split()) for line in lines if line.strip()]


def author_name(value: str | None) -> str | None:
    """The author as a name: a label such as 作者： or "By" is not part of it."""
    text = plain_line(value)
    if text is None:
        return None
    return plain_line(_AUTHOR_LABEL.sub("", text))


def plain_line(value: str | None, limit: int = 100) -> str | None:
    """A field as one line of plain text (normalised, spaces collapsed, at most
    ``limit`` characters), or None. Unlike text files' fields, nothing is read as
    Markdown: ``_`` and ``*`` in a page's title are the title's."""
    text = " ".join(normalize_text(value or "").split())
    if not text:
        return None
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_TITLE_SEPARATOR = re.compile(r"\s*(?:[_|｜丨]|\s[-–—]\s)\s*")
_SHORTEST_HEADLINE = 4


def headline(title: str | None, page_title: str | None) -> str | None:
    """The article's title. When the extractor fell back on the page's ``<title>``,
    which sites write as ``headline_channel_site`` or ``headline - site``, the
    longest part is the headline."""
    text = plain_line(title, 200)
    if text is None or text != plain_line(page_title, 200):
        return text
    parts = [part for part in _TITLE_SEPARATOR.split(text) if part]
    longest = max(parts, key=len, default=text)
    return longest if len(parts) > 1 and len(longest) >= _SHORTEST_HEADLINE else text


# ---------------------------------------------------------------------- HTML fragments

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
    _drop_furniture(root)
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
