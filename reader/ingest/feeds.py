"""Feed files: RSS 0.9x, 1.0 and 2.0 and Atom, one article per item.

**Identity.** The store names an article by a path. An item's path is the feed file's
path, ``#``, and the item's key: its ``guid``/``id``, else its link, else its title and
date (``/corpus/news.xml#https://example.com/a/1``). Importing the feed again therefore
finds each item's article again: an unchanged item is unchanged, a changed one (new
title, new text) becomes a new version of the same article, and a new item a new
article. An item that has dropped out of the feed keeps its article (feeds list only
their latest items); the items are marked missing only when the feed file itself is
gone. An item is unchanged when its record (below) hashes the same.

**Raw text.** feedparser does not keep an item's XML, so an item's raw text is a JSON
record of what was read from it (key, title, link, author, dates, every content and
the summary, as the feed gave them): enough to derive the clean text again when the
rules improve.

**Encoding.** The feed is decoded like a web page (its XML declaration, else UTF-8,
with the project's decoder behind them) and handed to feedparser as UTF-8, so a
GB2312 declaration over GBK bytes, or Big5 over Big5-HKSCS, still reads.

**Bad input.** XML that is not well formed, a document that is not a feed, and a feed
without items are rejected whole. HTML's named entities (``&nbsp;``), which feeds
use without declaring them, are turned into characters first. An item without any
text is left out with a reason; the others are imported.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import hashlib
import html.entities
import io
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from reader.conversion import detect_script
from reader.errors import RejectedFile
from reader.ingest.charsets import decode_markup
from reader.ingest.html import author_name, plain_line
from reader.ingest.html_tree import fragment_paragraphs, text_paragraphs
from reader.ingest.metadata import normalize_date, normalize_url, one_line
from reader.ingest.parse import CLEANER_VERSION
from reader.models import ParsedArticle

FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")

_FEED_ROOT = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*|<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*|<\?[^>]*>\s*)*"
    r"<(?:rss|feed|(?:\w+:)?RDF)\b",
    re.S | re.I,
)
_XML_DECLARATION = re.compile(r"\A(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])[^\"']*\2")
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})
_ITEM_SEPARATOR = "#"


@dataclass
class FeedImport:
    """A feed file's items as articles, and the items left out with their reasons."""

    articles: list[ParsedArticle] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


def looks_like_feed(text: str) -> bool:
    """Whether decoded text is an RSS, RSS 1.0 (RDF) or Atom document."""
    return _FEED_ROOT.match(text[:8192].lstrip("\ufeff")) is not None


def sniff_feed(data: bytes) -> bool:
    """:func:`looks_like_feed` on raw bytes (ASCII-compatible encodings)."""
    return looks_like_feed(data[:8192].decode("latin-1"))


def item_path(feed_path: str, key: str) -> str:
    """The store path of a feed item (see the module docstring)."""
    return f"{feed_path}{_ITEM_SEPARATOR}{key}"


def feed_of(path: str, feeds: set[str] | frozenset[str]) -> str | None:
    """The feed, among ``feeds``, that the stored ``path`` is an item of, or None.

    A file name may itself contain ``#``, so every ``#`` is tried as the separator.
    """
    start = path.find(_ITEM_SEPARATOR)
    while start != -1:
        if path[:start] in feeds:
            return path[:start]
        start = path.find(_ITEM_SEPARATOR, start + 1)
    return None


def parse_feed(
    data: bytes, *, path: str, encoding: str | None = None, served_as: str | None = None
) -> FeedImport:
    """Read a feed file's items; :class:`RejectedFile` when the file is not a readable
    feed (nothing of it is imported then). ``served_as`` is the charset an HTTP server
    gave, used when the feed declares none."""
    import feedparser  # only when a feed is imported

    text, found_encoding = decode_markup(data, encoding, served_as=served_as)
    if not looks_like_feed(text):
        raise RejectedFile("not an RSS or Atom feed")
    utf8 = _XML_DECLARATION.sub(r"\g<1>\g<2>utf-8\g<2>", text, count=1)
    utf8 = _ENTITY.sub(_numeric_entity, utf8)
    try:
        parsed = feedparser.parse(io.BytesIO(utf8.encode("utf-8")), sanitize_html=True)
    except Exception as error:  # a parser crash is this feed's rejection, not the batch's
        raise RejectedFile(
            f"malformed feed: {one_line(str(error), 160) or 'parse error'}"
        ) from None
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if problem is not None and not isinstance(
        problem, feedparser.ThingsNobodyCaresAboutButMe | feedparser.UndeclaredNamespace
    ):
        raise RejectedFile(f"malformed feed: {one_line(str(problem), 160) or 'XML error'}")
    if not parsed.get("version"):
        raise RejectedFile("not an RSS or Atom feed")
    entries = parsed.get("entries") or []
    if not entries:
        raise RejectedFile("feed has no items")
    channel = parsed.get("feed") or {}
    source = plain_line(channel.get("title"))
    result = FeedImport()
    seen: set[str] = set()
    for number, entry in enumerate(entries, start=1):
        record = _record(entry)
        key = record["key"]
        label = f"item {number}" + (f" ({one_line(key, 60)})" if key else "")
        if not key:
            result.rejected.append(f"{label}: no id, link or title to know it by")
            continue
        if key in seen:
            result.rejected.append(f"{label}: the same item appears twice")
            continue
        seen.add(key)
        paragraphs = _paragraphs(record)
        if not paragraphs:
            result.rejected.append(f"{label}: no text")
            continue
        result.articles.append(_article(record, paragraphs, path, source, found_encoding))
    return result


def _numeric_entity(match: re.Match[str]) -> str:
    """An HTML named entity as a numeric reference XML accepts (XML's own stay)."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    value = html.entities.html5.get(name + ";")
    if value is None:
        return match.group(0)
    return "".join(f"&#{ord(char)};" for char in value)


def _record(entry: Mapping[str, object]) -> dict[str, object]:
    """What an item says, as plain JSON-able data; its key names it in the store."""
    contents = [
        {"type": str(c.get("type") or ""), "value": str(c.get("value") or "")}
        for c in entry.get("content") or []  # type: ignore[attr-defined]
        if isinstance(c, Mapping)
    ]
    summary_detail = entry.get("summary_detail") or {}
    title = _plain_title(entry)
    published = str(entry.get("published") or entry.get("updated") or "").strip()
    key = (
        str(entry.get("id") or "").strip()
        or str(entry.get("link") or "").strip()
        or (f"{title} {published}".strip() if title else "")
    )
    return {
        "key": key,
        "title": title,
        "link": str(entry.get("link") or "").strip(),
        "author": _author(entry),
        "published": published,
        "published_utc": _utc(entry.get("published_parsed") or entry.get("updated_parsed")),
        "content": contents,
        "summary": str(entry.get("summary") or ""),
        "summary_type": str(summary_detail.get("type") or "")  # type: ignore[attr-defined]
        if isinstance(summary_detail, Mapping)
        else "",
    }


def _plain_title(entry: Mapping[str, object]) -> str:
    """The item's title as text: an HTML title (Atom ``type="html"``) loses its tags."""
    title = str(entry.get("title") or "").strip()
    detail = entry.get("title_detail")
    kind = detail.get("type") if isinstance(detail, Mapping) else None
    if kind in ("text/html", "application/xhtml+xml") and "<" in title:
        return " ".join(fragment_paragraphs(title))
    return title


def _author(entry: Mapping[str, object]) -> str:
    """The item's author by name: RSS writes ``mail@example.com (Name)``, and
    feedparser reads the name out of it."""
    detail = entry.get("author_detail")
    name = detail.get("name") if isinstance(detail, Mapping) else None
    return str(name or entry.get("author") or "").strip()


def _utc(moment: object) -> str | None:
    """feedparser's parsed date (a UTC ``struct_time``) as ISO 8601."""
    try:
        seconds = calendar.timegm(moment)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return dt.datetime.fromtimestamp(seconds, dt.UTC).replace(tzinfo=None).isoformat()


#: Days a feed item's date may lie ahead of the clock: a feed's time zone can put
#: today's news on tomorrow's date, but nothing is published a week from now.
FUTURE_DAYS = 2

#: A date written as ISO 8601 (Atom's form): read as written or not at all.
_ISO_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")

#: A four-digit year below 1000 in an RFC 822 date (``Mon, 01 Jan 0001 …``).
_EARLY_YEAR = re.compile(r"\b\d{1,2}\s+[A-Za-z]{3,}\.?\s+0\d{3}\b")


def _item_date(published: str, utc: object) -> str | None:
    """The item's date, or None when it gives none.

    A year written ``0001`` is the zero time some feed generators write for "no date";
    the RFC 822 readers (Python's and feedparser's) take any year below 100 for a
    two-digit one, and listed such items as published on 2001-01-01. A date more than
    :data:`FUTURE_DAYS` ahead (``Fri, 31 Dec 9999``, a generator's "never expires") is
    no date either: it would sit at the top of a list sorted newest first for ever.
    """
    if _EARLY_YEAR.search(published):
        return None
    date = _date(published)
    if date is None and not _ISO_SHAPE.search(published):
        # a date written in a form only feedparser reads; an impossible ISO date
        # (2024-02-30) is no date, not the day feedparser rolls it on to
        date = normalize_date(utc)
    latest = (dt.date.today() + dt.timedelta(days=FUTURE_DAYS)).isoformat()
    if date is not None and date[:10] > latest:
        return None
    return date


def _date(value: str) -> str | None:
    """An item's date as the feed wrote it, in its own time zone: RSS's RFC 822
    dates keep their hour; Atom's ISO 8601 ones are read as they are."""
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return normalize_date(value)
    return normalize_date(moment.replace(tzinfo=None))


def _paragraphs(record: Mapping[str, object]) -> list[str]:
    """The item's text: its fullest content (``content:encoded``, Atom ``content``),
    else its summary; HTML goes through the same conversion as web pages' text."""
    contents = list(record["content"])  # type: ignore[call-overload]
    candidates = [(c["value"], c["type"]) for c in contents]
    candidates.sort(key=lambda pair: -len(pair[0]))
    candidates.append((record["summary"], record["summary_type"]))
    for value, kind in candidates:
        paragraphs = _text_of(value, kind)
        if paragraphs:
            return paragraphs
    return []


def _text_of(value: str, kind: str) -> list[str]:
    """An item's content or summary as paragraphs (HTML unless it says plain text)."""
    return text_paragraphs(value) if kind == "text/plain" else fragment_paragraphs(value)


def item_record(item: ParsedArticle) -> dict[str, object]:
    """What a feed item said (its link, contents, summary), read back from the raw
    text :func:`parse_feed` gave its article; empty if the text is no such record."""
    try:
        record = json.loads(item.raw_text)
    except ValueError:
        return {}
    return record if isinstance(record, dict) else {}


def summary_only(record: Mapping[str, object]) -> bool:
    """Whether the item's text came from its summary: none of its contents (RSS
    ``content:encoded``, Atom ``content``) holds any text."""
    return not any(
        _text_of(str(c.get("value") or ""), str(c.get("type") or ""))
        for c in record.get("content") or []  # type: ignore[attr-defined]
        if isinstance(c, Mapping)
    )


def _article(
    record: Mapping[str, object],
    paragraphs: list[str],
    feed_path: str,
    source: str | None,
    encoding: str,
) -> ParsedArticle:
    raw = json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1)
    clean_text = "\n\n".join(paragraphs)
    title = plain_line(str(record["title"]), 200)
    return ParsedArticle(
        path=item_path(feed_path, str(record["key"])),
        raw_sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
        encoding=encoding,
        raw_text=raw,
        clean_text=clean_text,
        title=title or plain_line(paragraphs[0], 60) or "untitled",
        source=source,
        author=author_name(str(record["author"])),
        date=_item_date(str(record["published"]), record["published_utc"]),
        url=normalize_url(record["link"]),
        script=detect_script(clean_text),
        cleaner_version=CLEANER_VERSION,
    )
