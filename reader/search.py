"""Script-insensitive substring search over the clean text of every article.

The query and the texts are compared as folds (see :mod:`reader.folding`), so 马斯克
finds 馬斯克 and ＧＰＴ finds GPT; a fold keeps the text's offsets. Hits are reported as
offsets in the article's clean original text, with a one-line snippet of context.

:func:`search_articles` is what the shells use: results are limited by *articles*,
never by hits, so a name that occurs a thousand times in one article cannot hide the
other articles that mention it. Each article comes with its hit count and a few
snippets, and the result says how many articles matched in all, so a shell can say
when the list was cut.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.folding import fold_pattern, fold_query, fold_text
from reader.store import search as search_store

if TYPE_CHECKING:
    from reader.store.database import Database


SNIPPET_CONTEXT = 24
#: Articles listed at most by default, and snippets shown per article.
ARTICLE_LIMIT = 50
SNIPPETS_PER_ARTICLE = 3
#: Matching articles counted at most after the listed ones.
COUNT_CAP = 2000


@dataclass(frozen=True)
class SearchHit:
    article_id: int
    title: str
    start: int
    end: int
    snippet: str
    snippet_start: int  # offset of the hit within the snippet

    def as_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "start": self.start,
            "end": self.end,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class ArticleHits:
    """One matching article: every hit counted, a few of them with a snippet."""

    article_id: int
    title: str
    hit_count: int
    hits: tuple[SearchHit, ...]

    def as_json(self) -> dict[str, object]:
        return {
            "article_id": self.article_id,
            "title": self.title,
            "hit_count": self.hit_count,
            "hits": [hit.as_json() for hit in self.hits],
        }


@dataclass(frozen=True)
class SearchResult:
    """The articles listed, and how many match in all (more than listed: cut)."""

    articles: tuple[ArticleHits, ...]
    total_articles: int
    #: Counting stopped before the end: at least ``total_articles`` match.
    total_is_lower_bound: bool = False

    @property
    def total_shown(self) -> str:
        """The total for a person: ``1,234`` or ``2,000+``."""
        return f"{self.total_articles:,}" + ("+" if self.total_is_lower_bound else "")

    @property
    def listed_hits(self) -> int:
        """Every hit in the listed articles (not only those with a snippet)."""
        return sum(article.hit_count for article in self.articles)

    @property
    def truncated(self) -> bool:
        return self.total_articles > len(self.articles)

    @property
    def hits(self) -> list[SearchHit]:
        """The snippets of every listed article, in order."""
        return [hit for article in self.articles for hit in article.hits]


def find_all(haystack: str, needle: str) -> Iterator[int]:
    """Start offsets of every (non-overlapping) occurrence of ``needle``."""
    if not needle:
        return
    position = haystack.find(needle)
    while position != -1:
        yield position
        position = haystack.find(needle, position + len(needle))


def snippet(text: str, start: int, end: int, context: int = SNIPPET_CONTEXT) -> tuple[str, int]:
    """A single-line excerpt around ``text[start:end]`` and the hit's offset in it."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    excerpt = prefix + text[left:right].replace("\n", " ").replace("\t", " ") + suffix
    return excerpt, len(prefix) + start - left


def find_in_text(text: str, query: str) -> list[tuple[int, int]]:
    """Every hit of ``query`` in ``text`` as ``(start, end)`` offsets into ``text``.

    The fold keeps offsets, so positions in the fold are positions in the text.
    """
    needle = fold_query(query.strip())
    if not needle:
        return []
    return [(start, start + len(needle)) for start in find_all(fold_text(text), needle)]


def search(
    db: Database,
    query: str,
    *,
    limit: int | None = 100,
    article_ids: list[int] | None = None,
) -> list[SearchHit]:
    """Hits for ``query`` across the corpus, in article order then position order."""
    needle = fold_query(query.strip())
    if not needle:
        return []
    hits: list[SearchHit] = []
    pattern = fold_pattern(needle)
    for article_id, title, clean_text in search_store.candidates(db, needle, article_ids):
        for match in pattern.finditer(clean_text):
            start, end = match.span()
            excerpt, offset = snippet(clean_text, start, end)
            hits.append(SearchHit(article_id, title, start, end, excerpt, offset))
            if limit is not None and len(hits) >= limit:
                return hits
    return hits


def search_articles(
    db: Database,
    query: str,
    *,
    article_limit: int | None = ARTICLE_LIMIT,
    snippets: int = SNIPPETS_PER_ARTICLE,
    article_ids: list[int] | None = None,
) -> SearchResult:
    """The articles holding ``query``, in article order, at most ``article_limit``.

    Articles are read lazily, in order, only until the page is full, so the cost
    follows the page, not the corpus. The articles after the page are counted by the
    index alone, no text read, up to :data:`COUNT_CAP` (``total_is_lower_bound``
    beyond it, or when a very common one- or two-character query is not counted);
    for a query of four characters or more that count also takes in the rare article
    holding each of its trigrams but not the query itself. Each listed article comes
    with its hit count and at most ``snippets`` snippets from distinct places (a hit
    inside the previous snippet's context is skipped).
    """
    needle = fold_query(query.strip())
    if not needle:
        return SearchResult((), 0)
    listed: list[ArticleHits] = []
    more = False
    pattern = fold_pattern(needle)
    for article_id, title, clean_text in search_store.candidates(db, needle, article_ids):
        spans = [match.span() for match in pattern.finditer(clean_text)]
        if not spans:
            continue
        if article_limit is not None and len(listed) >= article_limit:
            more = True
            break
        chosen = _spread_hits(article_id, title, clean_text, spans, snippets)
        listed.append(ArticleHits(article_id, title, len(spans), chosen))
    if not more:
        return SearchResult(tuple(listed), len(listed))
    rest = search_store.count_candidates(
        db, needle, article_ids, after_id=listed[-1].article_id, cap=COUNT_CAP
    )
    if rest is None:
        return SearchResult(tuple(listed), len(listed) + 1, total_is_lower_bound=True)
    rest = max(rest, 1)  # the match found past the page is one of them
    return SearchResult(tuple(listed), len(listed) + rest, total_is_lower_bound=rest >= COUNT_CAP)


def _spread_hits(
    article_id: int, title: str, clean_text: str, spans: list[tuple[int, int]], limit: int
) -> tuple[SearchHit, ...]:
    """Up to ``limit`` hits whose snippets do not overlap, earliest first."""
    chosen: list[SearchHit] = []
    covered_until = -1
    for start, end in spans:
        if len(chosen) >= limit:
            break
        if start < covered_until:
            continue
        excerpt, offset = snippet(clean_text, start, end)
        chosen.append(SearchHit(article_id, title, start, end, excerpt, offset))
        covered_until = end + SNIPPET_CONTEXT
    return tuple(chosen)
