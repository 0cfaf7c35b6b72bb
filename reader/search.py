"""Script-insensitive substring search over the clean text of every article.

The query and the texts are compared as folds (see :mod:`reader.folding`), so 马斯克
finds 馬斯克 and ＧＰＴ finds GPT; a fold keeps the text's offsets. Hits are reported as
offsets in the article's clean original text, with a one-line snippet of context.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reader.folding import fold_query, fold_text
from reader.store import search as search_store

if TYPE_CHECKING:
    from reader.store.database import Database


SNIPPET_CONTEXT = 24


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
    for article_id, title, clean_text, fold in search_store.candidates(db, needle, article_ids):
        for start in find_all(fold, needle):
            end = start + len(needle)
            excerpt, offset = snippet(clean_text, start, end)
            hits.append(SearchHit(article_id, title, start, end, excerpt, offset))
            if limit is not None and len(hits) >= limit:
                return hits
    return hits
