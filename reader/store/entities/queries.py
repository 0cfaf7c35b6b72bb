"""Entity queries for lists, panels, highlighting and the concordance.

Hidden entities are left out of panels; functions taking an entity id accept the id of
an entity merged into another one and answer for the entity it was merged into.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.entities.kinds import EntityKind
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.errors import NotFound
from reader.store.database import Database, store_errors
from reader.store.entities.records import (
    ArticleMention,
    ConcordanceGroup,
    ConcordanceLine,
    EntityCounts,
    EntityDetail,
    EntitySummary,
    Mention,
)
from reader.store.entities.resolution import chunks, form_entities

_SUMMARY = """
    e.id, coalesce(c.name, e.name), coalesce(c.kind, e.kind), e.articles, e.mentions,
    coalesce(c.hidden, 0)
"""


def _summary(row: Sequence, article_mentions: int = 0) -> EntitySummary:
    return EntitySummary(
        id=int(row[0]),
        name=str(row[1]),
        kind=EntityKind(row[2]),
        articles=int(row[3]),
        mentions=int(row[4]),
        hidden=bool(row[5]),
        article_mentions=article_mentions,
    )


def final_id(db: Database, entity_id: int) -> int:
    """The entity ``entity_id`` stands for now (following merges); NotFound if none."""
    conn = db.conn
    seen = set()
    while True:
        row = conn.execute(
            "SELECT e.id, c.merged_into FROM entities e "
            "LEFT JOIN entity_curation c ON c.entity_id = e.id WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
        if row is None:
            raise NotFound(f"no entity with id {entity_id}")
        seen.add(entity_id)
        if row[1] is None or row[1] in seen:
            return entity_id
        entity_id = int(row[1])


def get_entity(db: Database, entity_id: int) -> EntitySummary:
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        row = db.conn.execute(
            f"SELECT {_SUMMARY} FROM entities e "
            "LEFT JOIN entity_curation c ON c.entity_id = e.id WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
    return _summary(row)


#: Each entity an article's current text mentions, and how often (``?``: the article).
_HERE = """
    SELECT o.entity_id, count(*) AS here
    FROM entity_texts t JOIN entity_occurrences o ON o.text_id = t.text_id
    WHERE t.article_id = ? AND o.entity_id IS NOT NULL GROUP BY o.entity_id
"""


def _text_of(db: Database, article_id: int) -> int:
    """The analysed text whose occurrences are the article's mentions (-1 if none)."""
    row = db.conn.execute(
        "SELECT text_id FROM entity_texts WHERE article_id = ?", (article_id,)
    ).fetchone()
    return -1 if row is None or row[0] is None else int(row[0])


def entities_for_article(db: Database, article_id: int) -> list[EntitySummary]:
    """The article's visible entities, those most mentioned elsewhere first."""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY}, m.here
            FROM ({_HERE}) m
            JOIN entities e ON e.id = m.entity_id
            LEFT JOIN entity_curation c ON c.entity_id = e.id
            WHERE coalesce(c.hidden, 0) = 0
            ORDER BY e.articles DESC, m.here DESC, e.mentions DESC, e.id
            """,
            (article_id,),
        ).fetchall()
    return [_summary(row, int(row[6])) for row in rows]


def shared_entities(db: Database, article_a: int, article_b: int) -> list[EntitySummary]:
    """Visible entities both articles mention (article_mentions counts those in ``a``)."""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY}, m.here
            FROM ({_HERE}) m
            JOIN entities e ON e.id = m.entity_id
            LEFT JOIN entity_curation c ON c.entity_id = e.id
            WHERE coalesce(c.hidden, 0) = 0
              AND EXISTS (SELECT 1 FROM entity_texts tb
                          JOIN entity_occurrences b ON b.text_id = tb.text_id
                          WHERE tb.article_id = ? AND b.entity_id = m.entity_id)
            ORDER BY e.articles DESC, m.here DESC, e.id
            """,
            (article_a, article_b),
        ).fetchall()
    return [_summary(row, int(row[6])) for row in rows]


def list_entities(
    db: Database,
    linked: bool = False,
    kind: EntityKind | str | None = None,
    article_id: int | None = None,
    include_hidden: bool = False,
) -> list[EntitySummary]:
    """Entities mentioned by current articles, most widespread first.

    ``linked``: only those in two or more articles; ``article_id``: only those the
    article mentions (``article_mentions`` then counts them there).
    """
    where = ["e.articles > 0", "c.merged_into IS NULL"]
    params: list[object] = []
    if linked:
        where.append("e.articles >= 2")
    if kind is not None:
        where.append("coalesce(c.kind, e.kind) = ?")
        params.append(EntityKind(kind).value)
    if not include_hidden:
        where.append("coalesce(c.hidden, 0) = 0")
    source = "entities e"
    here = "0"
    if article_id is not None:
        source = f"({_HERE}) m JOIN entities e ON e.id = m.entity_id"
        here = "m.here"
        params.insert(0, article_id)
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY}, {here}
            FROM {source} LEFT JOIN entity_curation c ON c.entity_id = e.id
            WHERE {" AND ".join(where)}
            ORDER BY e.articles DESC, e.mentions DESC, e.id
            """,
            params,
        ).fetchall()
    return [_summary(row, int(row[6])) for row in rows]


def describe(db: Database, entity_ids: Sequence[int]) -> list[EntityDetail]:
    """Surface forms and per-article counts for the given entities, in the given order."""
    aliases: dict[int, list[str]] = {}
    articles: dict[int, list[tuple[int, int]]] = {}
    with store_errors(db):
        summaries = {}
        for chunk in chunks(list(entity_ids)):
            marks = ",".join("?" * len(chunk))
            for row in db.conn.execute(
                f"SELECT {_SUMMARY} FROM entities e "
                f"LEFT JOIN entity_curation c ON c.entity_id = e.id WHERE e.id IN ({marks})",
                chunk,
            ):
                summaries[int(row[0])] = _summary(row)
            for entity_id, surface in db.conn.execute(
                f"SELECT DISTINCT entity_id, surface FROM entity_surfaces "
                f"WHERE entity_id IN ({marks}) ORDER BY entity_id, surface",
                chunk,
            ):
                aliases.setdefault(entity_id, []).append(surface)
            for entity_id, article_id, count in db.conn.execute(
                f"SELECT o.entity_id, t.article_id, count(*) FROM entity_occurrences o "
                f"JOIN entity_texts t ON t.text_id = o.text_id "
                f"WHERE o.entity_id IN ({marks}) GROUP BY o.entity_id, t.article_id "
                f"ORDER BY o.entity_id, t.article_id",
                chunk,
            ):
                articles.setdefault(entity_id, []).append((int(article_id), int(count)))
    return [
        EntityDetail(summaries[i], aliases.get(i, []), articles.get(i, []))
        for i in entity_ids
        if i in summaries
    ]


def mentions(
    db: Database, entity_id: int, article_ids: Sequence[int] | None = None
) -> list[Mention]:
    """Every mention of the entity (in the given articles only, if any), in text order."""
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        query = (
            "SELECT t.article_id, o.start_offset, o.start_offset + o.length, f.surface "
            "FROM entity_occurrences o JOIN entity_texts t ON t.text_id = o.text_id "
            "JOIN entity_forms f ON f.id = o.form_id WHERE o.entity_id = ?"
        )
        params: list[object] = [entity_id]
        if article_ids is not None:
            query += f" AND t.article_id IN ({','.join('?' * len(article_ids))})"
            params.extend(article_ids)
        rows = db.conn.execute(query + " ORDER BY t.article_id, o.start_offset", params).fetchall()
    return [Mention(int(a), int(s), int(e), str(t)) for a, s, e, t in rows]


def article_mentions(db: Database, article_id: int) -> list[ArticleMention]:
    """Every mention of a visible entity in the article, in text order: one range scan
    of the occurrences' primary key (the article's current text), so a reading pane
    can colour them all at once."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT o.start_offset, o.start_offset + o.length, o.entity_id
            FROM entity_texts t JOIN entity_occurrences o ON o.text_id = t.text_id
            LEFT JOIN entity_curation c ON c.entity_id = o.entity_id
            WHERE t.article_id = ? AND o.entity_id IS NOT NULL AND coalesce(c.hidden, 0) = 0
            ORDER BY o.start_offset
            """,
            (article_id,),
        ).fetchall()
    return [ArticleMention(int(s), int(e), int(i)) for s, e, i in rows]


def entity_counts(db: Database) -> dict[int, EntityCounts]:
    """Visible entities per article (articles with none are left out). A scan of every
    mention: call it from a worker on a large store."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT t.article_id, count(*), sum(e.articles >= 2)
            FROM (SELECT DISTINCT text_id, entity_id FROM entity_occurrences
                  WHERE entity_id IS NOT NULL) m
            JOIN entity_texts t ON t.text_id = m.text_id
            JOIN entities e ON e.id = m.entity_id
            LEFT JOIN entity_curation c ON c.entity_id = m.entity_id
            WHERE coalesce(c.hidden, 0) = 0
            GROUP BY t.article_id
            """
        ).fetchall()
    return {int(a): EntityCounts(int(n), int(linked)) for a, n, linked in rows}


#: Article ids asked at a time by :func:`entity_counts_for` (well under SQLite's limit
#: of bound parameters).
COUNTS_CHUNK = 500


def entity_counts_for(db: Database, article_ids: Sequence[int]) -> dict[int, EntityCounts]:
    """:func:`entity_counts` for the given articles only (those with none are left
    out): each article's text found by key, its occurrences read as a range of their
    primary key (a DISTINCT subquery as in :func:`entity_counts` would be materialised
    whole first). About 8 ms for a page of 40 at 100,000 articles, where the whole set
    costs seconds, so the list asks for the rows it draws."""
    found: dict[int, EntityCounts] = {}
    ids = list(dict.fromkeys(article_ids))
    with store_errors(db):
        for first in range(0, len(ids), COUNTS_CHUNK):
            chunk = ids[first : first + COUNTS_CHUNK]
            rows = db.conn.execute(
                f"""
                SELECT t.article_id, count(DISTINCT o.entity_id),
                       count(DISTINCT CASE WHEN e.articles >= 2 THEN o.entity_id END)
                FROM entity_texts t
                JOIN entity_occurrences o ON o.text_id = t.text_id
                JOIN entities e ON e.id = o.entity_id
                LEFT JOIN entity_curation c ON c.entity_id = o.entity_id
                WHERE t.article_id IN ({",".join("?" * len(chunk))})
                  AND o.entity_id IS NOT NULL AND coalesce(c.hidden, 0) = 0
                GROUP BY t.article_id
                """,
                chunk,
            ).fetchall()
            found.update({int(a): EntityCounts(int(n), int(k)) for a, n, k in rows})
    return found


def concordance(
    db: Database,
    entity_id: int,
    context: int = 20,
    article_ids: Sequence[int] | None = None,
    limit: int | None = None,
    after: tuple[int, int] | None = None,
) -> list[ConcordanceGroup]:
    """Each mention with up to ``context`` characters either side, on its own line of
    the original text, grouped by article. ``limit`` caps the number of lines (the
    text of every article quoted has to be read, so a very common entity is costly);
    ``after`` (article id, start offset of the last line of a page) starts the next
    page there, read on through the occurrences' entity index (keyset paging).

    The lines come in the index's order: by text (the order texts were first
    analysed in, nearly that of the articles), offset, then article (a text that two
    articles show has its lines under each)."""
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        query = """
            SELECT t.article_id, v.title, o.start_offset, o.start_offset + o.length,
                   substr(v.clean_text, max(o.start_offset - :context, 0) + 1,
                          min(o.start_offset, :context)),
                   substr(v.clean_text, o.start_offset + 1, o.length),
                   substr(v.clean_text, o.start_offset + o.length + 1, :context)
            FROM entity_occurrences o INDEXED BY entity_occurrences_entity
            JOIN entity_texts t ON t.text_id = o.text_id
            JOIN articles a ON a.id = t.article_id
            JOIN article_versions v ON v.id = a.current_version_id
            WHERE o.entity_id = :entity
        """
        params: dict[str, object] = {"context": context, "entity": entity_id}
        if article_ids is not None:
            marks = ",".join(f":a{i}" for i in range(len(article_ids)))
            query += f" AND t.article_id IN ({marks})"
            params.update({f"a{i}": a for i, a in enumerate(article_ids)})
        if after is not None:
            # The text the page's last article shows; the first term lets the index
            # start there, the second leaves out what the page before showed.
            query += """
                AND (o.text_id, o.start_offset) >= (:after_text, :after_start)
                AND (o.text_id, o.start_offset, t.article_id)
                    > (:after_text, :after_start, :after_article)"""
            params.update(
                after_text=_text_of(db, after[0]), after_article=after[0], after_start=after[1]
            )
        # The articles of a text come in id order from entity_texts' index on text_id;
        # naming them here would sort each (text, offset) group in a temporary B-tree.
        query += " ORDER BY o.text_id, o.start_offset"
        if limit is not None:
            query += " LIMIT :limit"
            params["limit"] = limit
        rows = db.conn.execute(query, params).fetchall()
    groups: list[ConcordanceGroup] = []
    for article_id, title, start, end, left, keyword, right in rows:
        line = ConcordanceLine(
            int(start),
            int(end),
            str(left).rsplit("\n", 1)[-1],
            str(keyword),
            str(right).split("\n", 1)[0],
        )
        if groups and groups[-1].article_id == article_id:
            groups[-1].lines.append(line)
        else:
            groups.append(ConcordanceGroup(int(article_id), str(title), [line]))
    return groups


def find_entity(db: Database, name: str) -> EntitySummary | None:
    """The entity called ``name`` in either script, under any alias or chosen name."""
    key = normalise_key(name)
    if not key:
        return None
    conn = db.conn
    with store_errors(db):
        row = conn.execute(
            "SELECT entity_id FROM entity_name_curation WHERE key = ?", (key,)
        ).fetchone()
        canonical = lexicon().canonical.get(key, key)
        if row is None:
            row = conn.execute(
                "SELECT id FROM entities WHERE key = ? AND articles > 0", (canonical,)
            ).fetchone()
        if row is None:
            # a name linked to another entity later on (特区政府 to 香港特区政府) leaves
            # its own entity without mentions: the name is the other entity's now
            row = conn.execute(f"{form_entities(1)} LIMIT 1", (key,)).fetchone()
        if row is None:
            row = conn.execute("SELECT id FROM entities WHERE key = ?", (canonical,)).fetchone()
        if row is None:
            for candidate, chosen in conn.execute(
                "SELECT entity_id, name FROM entity_curation WHERE name IS NOT NULL"
            ):
                if normalise_key(chosen) == key:
                    row = (candidate,)
                    break
    return None if row is None else get_entity(db, int(row[0]))
