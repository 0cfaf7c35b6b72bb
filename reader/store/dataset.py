"""The database as a Datasette dataset: SQL functions, canned queries and metadata.

Datasette's own search box cannot search reader's index: the index holds *folded*
text (simplified, lower case, half width) under a trigram tokenizer with
``detail = none``, so a word of four letters is a phrase FTS5 cannot match there
("phrase queries are not supported") and 馬斯克 is not in it at all (it is stored as
马斯克). The canned queries below search the way reader does instead: the query is
folded by the same function as the texts (``reader_fold``), candidates come from the
trigram index (``reader_trigrams``) and each is confirmed in its clean text by the
pattern reader's own search uses (``reader_hits``, ``reader_first_hit``). The
functions are registered on Datasette's connections by
:mod:`reader.store.datasette_plugin`.

The SQL and the metadata are plain data, so that the plugin, ``reader serve`` and the
tests share one definition; :func:`is_reader_file` lets the plugin tell reader's
files from others.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from urllib.parse import quote

from reader.folding import fold_pattern, fold_query
from reader.store.descriptions import TABLES
from reader.store.schema import APPLICATION_ID
from reader.store.search import trigram_query
from reader.store.views import VIEWS

#: Characters of context on each side of a search's first hit.
_CONTEXT = 30


def _folded(query: object) -> str:
    return fold_query(str(query or "").strip())


def _hits(text: str | None, query: str | None) -> int:
    """How many times the fold of ``text`` holds the folded query (not overlapping)."""
    needle = _folded(query)
    if not text or not needle:
        return 0
    return sum(1 for _ in fold_pattern(needle).finditer(text))


def _first_hit(text: str | None, query: str | None) -> str | None:
    """The first hit of the folded query in ``text``, with its context."""
    needle = _folded(query)
    found = fold_pattern(needle).search(text) if text and needle else None
    if found is None:
        return None
    return text[max(0, found.start() - _CONTEXT) : found.end() + _CONTEXT]


#: SQL functions the canned queries need: name → (number of arguments, function).
SQL_FUNCTIONS: dict[str, tuple[int, Callable[..., object]]] = {
    "reader_fold": (1, lambda text: None if text is None else fold_query(str(text))),
    "reader_trigrams": (1, lambda text: trigram_query(_folded(text))),
    "reader_hits": (2, _hits),
    "reader_first_hit": (2, _first_hit),
}

#: The query as reader folds it: surrounding spaces dropped, then folded.
_FOLDED = "reader_fold(trim(:q))"

# Candidates come from the trigram index (a query of one or two characters has no
# trigram: every article is a candidate), and each is confirmed in its clean text by
# the pattern reader's own search uses, which finds exactly where the fold holds the
# query without folding the text.
_SEARCH_ARTICLES = f"""
SELECT * FROM (
    SELECT
        a.id AS id,
        v.title AS title,
        v.source AS source,
        v.date AS date,
        v.url AS url,
        v.script AS script,
        reader_hits(v.clean_text, :q) AS hits,
        reader_first_hit(v.clean_text, :q) AS first_hit
    FROM articles a
    JOIN article_versions v ON v.id = a.current_version_id
    WHERE {_FOLDED} <> ''
      AND (
          length({_FOLDED}) < 3
          OR a.id IN (
              SELECT rowid FROM search_trigrams
              WHERE search_trigrams MATCH reader_trigrams(:q)
          )
      )
)
WHERE hits > 0
ORDER BY hits DESC, id
"""

_SEARCH_ANNOTATIONS = f"""
SELECT * FROM browse_annotations
WHERE {_FOLDED} <> ''
  AND instr(
      reader_fold(quote || char(10) || note || char(10) || tags || char(10)
                  || coalesce(article_title, '')),
      {_FOLDED}
  ) > 0
ORDER BY article_id, start_offset, id
"""

_SEARCH_ENTITIES = f"""
SELECT * FROM browse_entity_articles
WHERE {_FOLDED} <> ''
  AND entity_id IN (
      SELECT id FROM browse_entities WHERE instr(reader_fold(name), {_FOLDED}) > 0
      UNION
      SELECT entity_id FROM entity_surfaces WHERE instr(reader_fold(surface), {_FOLDED}) > 0
  )
ORDER BY entity_id, mentions DESC, article_id
"""

#: The canned queries, as Datasette takes them (``:q`` becomes a form field).
CANNED_QUERIES: dict[str, dict[str, object]] = {
    "search_articles": {
        "title": "Search articles",
        "description": "Articles whose text contains q, whatever the script, case or width "
        "(馬斯克 finds 马斯克, grok finds Grok), most hits first, with the first hit in context.",
        "sql": _SEARCH_ARTICLES.strip(),
    },
    "search_annotations": {
        "title": "Search annotations",
        "description": "Annotations whose quote, note, tags or article title contain q, "
        "whatever the script, case or width.",
        "sql": _SEARCH_ANNOTATIONS.strip(),
    },
    "search_entities": {
        "title": "Search entities",
        "description": "Entities whose name or any spelling contains q, whatever the script, "
        "with every article that mentions them and how often.",
        "sql": _SEARCH_ENTITIES.strip(),
    },
}

#: Asked of a database to tell a reader database from any other Datasette serves.
READER_CHECK_SQL = "PRAGMA application_id"


def database_metadata() -> dict[str, object]:
    """Datasette metadata for one reader database: a description for every table and
    view, the search index hidden (its search box cannot work; the canned queries do),
    and the canned queries themselves."""
    tables: dict[str, dict[str, object]] = {
        name: {"description": line} for name, line in TABLES.items()
    }
    tables |= {name: {"description": line} for name, (line, _sql) in VIEWS.items()}
    tables["search_trigrams"] = {"hidden": True, "description": TABLES["search_trigrams"]}
    return {
        "description": "Start with the browse_* views and the search_* queries; "
        "docs/schema.md describes every table.",
        "tables": tables,
        "queries": CANNED_QUERIES,
    }


def datasette_metadata(database: str) -> dict[str, object]:
    """Datasette metadata (``metadata.json``) for a reader database served under the
    name ``database`` (the file name without ``.db``)."""
    return {
        "title": "reader",
        "description": "Articles, annotations and entities saved by reader. Browse the "
        "browse_* views; search with the search_* queries (script-insensitive).",
        "databases": {database: database_metadata()},
    }


@functools.lru_cache(maxsize=64)
def is_reader_file(path: str, modified: float) -> bool:
    """Whether the SQLite file at ``path`` is a reader database (its ``application_id``),
    read without writing anything; ``modified`` (the file's mtime) keys the cache, so a
    file is asked once while it stays unchanged."""
    try:
        connection = sqlite3.connect(f"file:{quote(path)}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        return connection.execute(READER_CHECK_SQL).fetchone()[0] == APPLICATION_ID
    except sqlite3.Error:
        return False
    finally:
        connection.close()
