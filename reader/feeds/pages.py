"""An item's page: the full article behind a feed item that carries only a summary.

Most news feeds give each item a line or two (``<description>``) and a link to the
article. A subscription with ``pages`` on (off by default) fetches the linked page of
each item that is new to the store and whose text is thin, by one general rule
(:func:`page_link`): the item has no content of its own, only a summary, or its text
is shorter than :data:`SHORT_TEXT` characters. The page is fetched like the feed
(:func:`~reader.feeds.fetch.fetch`: timeout, size limit, User-Agent, redirects) and
read like ``reader import page.html`` (:func:`~reader.ingest.html.parse_page`).

When the page's clean text is longer than the item's, the item is stored with it
(:func:`with_page`): the page's HTML as raw text, so it can be cleaned again later,
but the feed's identity (path ``URL#guid``, title; the feed's date, else the page's)
and the page's final address as its URL. A page that fails leaves the summary.
"""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from reader.errors import ReaderError
from reader.feeds.fetch import fetch
from reader.ingest.feeds import item_record, summary_only
from reader.ingest.metadata import normalize_url
from reader.models import ParsedArticle

#: An item with fewer characters of text than this is a summary, whatever element
#: of the feed carried it (a teaser in ``content:encoded``).
SHORT_TEXT = 200

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class PageError(ReaderError):
    """An item's page that could not be used; the message says why, in one line."""


def page_link(item: ParsedArticle) -> str | None:
    """The http(s) link of a feed item whose page is worth fetching, else None."""
    record = item_record(item)
    link = str(record.get("link") or "").strip()
    parts = urlsplit(link)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    if summary_only(record) or len(item.clean_text) < SHORT_TEXT:
        return link
    return None


def fetch_page(url: str, path: str, *, timeout: float, max_bytes: int) -> ParsedArticle:
    """Fetch and read the page at ``url`` as the article at ``path``; its ``url`` is
    where the redirects led. :class:`ReaderError` (one line) when it cannot be used."""
    from reader.ingest.html import parse_page, sniff_page

    fetched = fetch(url, timeout=timeout, max_bytes=max_bytes)
    body = fetched.body or b""
    if fetched.content_type not in _HTML_TYPES and not sniff_page(body):
        raise PageError(f"not an HTML page ({fetched.content_type or 'no type'})")
    page = parse_page(body, path=path, served_as=fetched.charset)
    return replace(page, url=normalize_url(fetched.final_url) or page.url)


def with_page(item: ParsedArticle, page: ParsedArticle) -> ParsedArticle | None:
    """The item stored with its page's text, or None when the page says no more."""
    if len(page.clean_text) <= len(item.clean_text):
        return None
    return replace(
        page,
        path=item.path,
        title=item.title,
        source=item.source or page.source,
        author=item.author or page.author,
        date=item.date or page.date,
        url=page.url or item.url,
    )
