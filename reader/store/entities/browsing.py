"""Entity queries that page: the browser's list, an entity's articles and names.

At 100,000 articles there are hundreds of thousands of entities and the popular ones
are in tens of thousands of articles, so nothing here reads all of anything: each
function returns one page, read in its order through an index, and the next page
starts after the last row of the one before (keyset paging, never OFFSET, whose cost
grows with the position). ``tests/test_entity_paging.py`` checks the query plans.
"""

from __future__ import annotations

from dataclasses import dataclass

from reader.entities.kinds import EntityKind
from reader.store.database import Database, store_errors
from reader.store.entities.queries import _SUMMARY, _summary, _text_of, final_id
from reader.store.entities.records import EntitySummary

#: Rows a page holds unless the caller asks otherwise.
PAGE = 200


@dataclass(frozen=True, order=True)
class EntityArticle:
    """One article that mentions an entity: its title and how often it does."""

    article_id: int
    title: str
    mentions: int


def browse_entities(
    db: Database,
    query: str = "",
    kind: EntityKind | str | None = None,
    after: EntitySummary | None = None,
    limit: int = PAGE,
) -> list[EntitySummary]:
    """A page of every current entity, hidden ones included, most widespread first
    (articles, then mentions, then id): those after ``after`` whose shown name, folded,
    holds ``query`` (already folded) and of ``kind`` if given.

    The rows come from the ``entities_browse`` index in its order; a filter that few
    names pass reads further into it, the whole of it at worst."""
    where = ["e.articles > 0", "c.merged_into IS NULL"]
    params: dict[str, object] = {"limit": limit}
    if query:
        where.append("instr(e.fold, :query) > 0")
        params["query"] = query
    if kind is not None:
        where.append("coalesce(c.kind, e.kind) = :kind")
        params["kind"] = EntityKind(kind).value
    if after is not None:
        # (articles, mentions) descending, then id ascending; the first term lets the
        # index start at the right place rather than at its beginning.
        where.append(
            "e.articles <= :articles AND (e.articles < :articles OR e.mentions < :mentions "
            "OR (e.mentions = :mentions AND e.id > :id))"
        )
        params.update(articles=after.articles, mentions=after.mentions, id=after.id)
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY}
            FROM entities e INDEXED BY entities_browse
            LEFT JOIN entity_curation c ON c.entity_id = e.id
            WHERE {" AND ".join(where)}
            ORDER BY e.articles DESC, e.mentions DESC, e.id
            LIMIT :limit
            """,
            params,
        ).fetchall()
    return [_summary(row) for row in rows]


def count_entities(db: Database) -> int:
    """How many entities current articles mention (a count of index entries)."""
    with store_errors(db):
        # Merged entities have no articles of their own: the subtraction is for safety,
        # and reads the small curation table only.
        row = db.conn.execute(
            """
            SELECT (SELECT count(*) FROM entities WHERE articles > 0)
                 - (SELECT count(*) FROM entity_curation c JOIN entities e ON e.id = c.entity_id
                    WHERE c.merged_into IS NOT NULL AND e.articles > 0)
            """
        ).fetchone()
    return int(row[0])


def entity_names(db: Database, entity_id: int) -> list[str]:
    """Every way the entity is written, in code-point order (its surface forms)."""
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        rows = db.conn.execute(
            "SELECT DISTINCT surface FROM entity_surfaces WHERE entity_id = ? ORDER BY surface",
            (entity_id,),
        ).fetchall()
    return [str(surface) for (surface,) in rows]


def entity_articles(
    db: Database, entity_id: int, after: int | None = None, limit: int = PAGE
) -> list[EntityArticle]:
    """A page of the articles that mention the entity, after article ``after``: the
    occurrences' entity index read in order (by text, the order texts were first
    analysed in, nearly that of the articles), counted per text as it goes; a text
    that several articles show gives each of them, by article id."""
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        after_text = -1 if after is None else _text_of(db, after)
        rows = db.conn.execute(
            """
            SELECT m.text_id, t.article_id, v.title, m.here
            FROM (SELECT o.text_id, count(*) AS here
                  FROM entity_occurrences o INDEXED BY entity_occurrences_entity
                  WHERE o.entity_id = :entity AND o.text_id >= :after_text
                  GROUP BY o.text_id ORDER BY o.text_id LIMIT :limit) m
            JOIN entity_texts t ON t.text_id = m.text_id
            JOIN articles a ON a.id = t.article_id
            JOIN article_versions v ON v.id = a.current_version_id
            """,
            # one text more than the page: the first may be the one the page before
            # ended in, its articles all shown already
            {"entity": entity_id, "after_text": after_text, "limit": limit + 1},
        ).fetchall()
    after_key = (after_text, -1 if after is None else after)
    # Sorted here: a page is small, and an ORDER BY would sort it in a temporary B-tree.
    page = sorted((text, a, title, n) for text, a, title, n in rows if (text, a) > after_key)
    return [EntityArticle(int(a), str(title), int(n)) for _text, a, title, n in page[:limit]]
