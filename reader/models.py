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
