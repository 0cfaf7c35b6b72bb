"""Which reading a file gets: plain text, a web page, or a feed of many articles.

The suffix decides first (``.html``/``.htm`` are pages, ``.xml``/``.rss``/``.atom``
feeds); any other file is looked at, so a whole page or a feed saved as ``.txt`` is
still read as what it is. A plain-text file that merely contains some markup is not
a page: it must open like one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from reader.ingest.feeds import FEED_SUFFIXES, parse_feed, sniff_feed
from reader.ingest.html import HTML_SUFFIXES, parse_page, sniff_page
from reader.ingest.parse import parse_bytes
from reader.models import ParsedArticle

DOCUMENT_SUFFIXES = HTML_SUFFIXES + FEED_SUFFIXES


@dataclass
class Document:
    """The articles one file holds (one, or a feed's items) and the parts of it left
    out, each with a one-line reason."""

    articles: list[ParsedArticle]
    rejected: list[str] = field(default_factory=list)
    is_feed: bool = False


def parse_document(data: bytes, *, path: str, encoding: str | None = None) -> Document:
    """Parse one file's bytes by what it is; :class:`~reader.errors.RejectedFile` with
    a one-line reason when none of it can be imported."""
    suffix = PurePath(path).suffix.lower()
    if suffix in FEED_SUFFIXES or (suffix not in HTML_SUFFIXES and sniff_feed(data)):
        feed = parse_feed(data, path=path, encoding=encoding)
        return Document(feed.articles, feed.rejected, is_feed=True)
    if suffix in HTML_SUFFIXES or sniff_page(data):
        return Document([parse_page(data, path=path, encoding=encoding)])
    return Document([parse_bytes(data, path=path, encoding=encoding)])
