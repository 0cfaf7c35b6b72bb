"""Web pages: from a saved HTML page to a :class:`~reader.models.ParsedArticle`.

A page is decoded by the charset it declares (:mod:`.charsets`) and its tree made
ready (:mod:`.html_tree`: furniture blocks out, layout tables and prose blocks made
plain). The article is then found by trafilatura, a maintained main-text extractor
that scores the page's blocks and drops scripts, navigation, share bars, comments,
advertisements and related-article boxes, and that reads the title, author, date,
site name and canonical URL from the page's metadata; ``<meta>`` tags fill what it
misses. It runs in precision mode (a page's furniture is short links that recall mode
lets back in between paragraphs), and in its default balance only when precision
finds nothing.

The decoded page is kept as the article's raw text, so a better extractor can re-derive
the clean text later without losing anything. Extraction rules share
``CLEANER_VERSION`` with the plain-text cleanup: bump it when they change the output.

trafilatura (and lxml) are imported on first use only, so the interface's start does
not pay for them.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import hashlib
import logging
import re
from pathlib import PurePath
from typing import Any

from reader.conversion import detect_script
from reader.errors import RejectedFile
from reader.ingest.charsets import decode_markup
from reader.ingest.html_tree import (
    drop_furniture,
    mark_paragraph_blocks,
    text_paragraphs,
    unwrap_layout_tables,
)
from reader.ingest.metadata import match_header_line, normalize_date, normalize_url
from reader.ingest.normalize import normalize_text
from reader.ingest.parse import CLEANER_VERSION
from reader.models import ParsedArticle

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")

_PAGE_START = re.compile(
    r"\A\s*(?:<!--.*?-->\s*|<\?xml[^>]*>\s*)*<(?:!doctype\s+html|html)\b", re.I | re.S
)
_BODY_TAG = re.compile(r"<body\b", re.I)
_AUTHOR_LABEL = re.compile(
    r"^(?:(?:作者|撰文|编辑|編輯|文|by)\s*[:：|｜/]|(?:记者|記者)[:：]?|by\s)\s*", re.I
)


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


def parse_page(
    data: bytes, *, path: str, encoding: str | None = None, served_as: str | None = None
) -> ParsedArticle:
    """Decode a saved web page and extract its article; :class:`RejectedFile` with a
    one-line reason when the page cannot be read or holds no article text.
    ``served_as`` is the charset an HTTP server gave, used when the page declares none."""
    raw_text, found_encoding = decode_markup(data, encoding, served_as=served_as)
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
        date=normalize_date(declared.get("date"))
        or _page_date(normalize_date(extracted.date), declared.get("written_date")),
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
    drop_furniture(tree)
    written = _written_date(tree)
    if written is not None:
        declared["written_date"] = written
    unwrap_layout_tables(tree)
    mark_paragraph_blocks(tree)
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
                date_extraction_params=_date_params(),
            )
        except Exception:  # the extractor failing on one page is that
            # page's rejection ("no article text"), never a crash of the whole import
            return None, declared
        if found is not None and (found.text or "").strip():
            break
    return found, declared


def _page_date(markup: str | None, written: str | None) -> str | None:
    """The markup's date, or the written one: that one also when it is the same day
    with its time (the markup's date has none)."""
    if markup is None or (written is not None and written.startswith(markup[:10])):
        return written or markup
    return markup


def _date_params() -> dict[str, object]:
    """The extractor's date from the page's markup only (meta tags, ``<time>``, JSON-LD,
    the address), never its wide search of the text.

    That search reads a bare year in a sentence (``发表于2011年…``, ``2009醉美…``) as
    1 January of it and, asked for the original date, prefers it to the page's own
    ``2024年3月5日``: undated pages were listed years back and dated ones misdated. A
    date the page writes as text is read by :func:`_written_date` instead.
    """
    today = dt.date.today().isoformat()
    return {"extensive_search": False, "original_date": True, "max_date": today}


#: Elements whose text is no date line of the page: another article's link, a heading.
_NOT_DATE_LINES = frozenset(["a", "title", "h1", "h2", "h3", "h4", "h5", "h6", "option"])


def _written_date(tree) -> str | None:  # lxml.html.HtmlElement, furniture dropped
    """The date of the first piece of the page's text that is a date line by the rules
    for a text file's header lines (``2024年3月5日``, ``发布时间：2024-03-05 10:20``,
    not a date inside a sentence or a headline), or None."""
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        pieces = (element.tail,) if element.tag.lower() in _NOT_DATE_LINES else ()
        for piece in pieces or (element.text, element.tail):
            line = " ".join((piece or "").split())
            if not line or len(line) > 160 or not any(ch.isdigit() for ch in line):
                continue
            found = match_header_line(line)
            for field, value, _priority in found.fields if found else ():
                if field == "date":
                    return value
    return None


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


def _without_xml_declaration(page: str) -> str:
    """lxml refuses decoded text that still declares a byte encoding."""
    return re.sub(r"\A\s*<\?xml[^>]*\?>", "", page, count=1)


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
