"""Plain data records passed between the core, the store and the shells."""

from __future__ import annotations

from dataclasses import dataclass

from reader.conversion import Script


@dataclass(frozen=True)
class ParsedArticle:
    """A file after decoding, normalising, metadata extraction and cleaning.

    ``raw_text`` is the decoded file as it was (kept so the cleanup can improve later
    without losing anything); ``clean_text`` is what the reader shows and what every
    offset (annotations, entities, search hits) refers to.
    """

    path: str
    raw_sha256: str
    encoding: str
    raw_text: str
    clean_text: str
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    script: Script
    cleaner_version: int


@dataclass(frozen=True)
class ArticleSummary:
    """One row of the article list."""

    id: int
    title: str
    source: str | None
    author: str | None
    date: str | None
    url: str | None
    path: str
    script: Script
    chars: int
    version: int
    missing: bool
    #: Opened at least once (and not marked unread since).
    read: bool = False

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "source": self.source,
            "author": self.author,
            "date": self.date,
            "url": self.url,
            "path": self.path,
            "script": self.script.value,
            "chars": self.chars,
            "version": self.version,
            "missing": self.missing,
            "read": self.read,
        }


@dataclass(frozen=True)
class Article:
    """An article's current version, with the text to display."""

    summary: ArticleSummary
    version_id: int
    clean_text: str

    @property
    def id(self) -> int:
        return self.summary.id

    @property
    def title(self) -> str:
        return self.summary.title


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a list shows, as the user put it; an empty field keeps all.

    ``source`` matches outlets whose name contains it in either script (联合 finds
    聯合報); ``feed`` is a subscription's name; ``since`` and ``until`` are ISO dates
    (both days included); ``tag`` keeps articles with a live annotation so tagged.
    """

    unread: bool = False
    source: str | None = None
    feed: str | None = None
    script: Script | None = None
    since: str | None = None
    until: str | None = None
    tag: str | None = None

    @property
    def is_empty(self) -> bool:
        return self == ArticleFilter()

    def describe(self) -> str:
        """A short label of what is kept (``unread · 新华社 · since 2024-03-01``)."""
        parts = ["unread"] if self.unread else []
        parts += [x for x in (self.source, self.feed and f"feed {self.feed}") if x]
        if self.script is not None:
            parts.append(self.script.value)
        parts += [
            f"{word} {day}" for word, day in (("since", self.since), ("until", self.until)) if day
        ]
        if self.tag:
            parts.append(f"#{self.tag}")
        return " · ".join(parts) or "all"
