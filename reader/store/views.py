"""Read-only views that make the database a browsable dataset.

The tables are shaped for the program (versions kept for ever, tags in a link table,
entity curation applied at query time), so a person opening the file in Datasette,
``sqlite-utils`` or the ``sqlite3`` shell would otherwise need four joins to see an
annotation with its article's title. These views do the joins once, the way reader
itself reads the tables: an annotation's tags in their order, soft-deleted annotations
left out, an entity under the name and kind the user chose, hidden and merged entities
left out.

Each view names the columns it reads, so a column added to a table later changes
nothing here. Views hold no data, so they are not edited by migrations: every
upgrade (:func:`reader.store.schema.migrate`) drops them before its migrations run
(SQLite refuses to rename a table or drop a column a view reads, which a migration
rebuilding a table does) and creates them from the definitions below after. A change
to a view therefore needs a new migration, even an empty one, so that existing
databases are upgraded to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.database import Database


#: The tags of annotation ``a``, in the order the user gave them, as a JSON array
#: (Datasette facets on it with ``_facet_array``; ``json_each`` splits it in SQL).
_TAGS = """(
                SELECT json_group_array(name) FROM (
                    SELECT t.name FROM annotation_tags at JOIN tags t ON t.id = at.tag_id
                    WHERE at.annotation_id = a.id ORDER BY at.position
                )
            )"""

#: Name → (one-line description, SELECT). Read by the migration, the schema document
#: and the Datasette metadata, so the three always agree.
VIEWS: dict[str, tuple[str, str]] = {
    "browse_articles": (
        "Every article as it reads now: its current version's title, source, author, "
        "date, url and script, with its annotation count and when it was first read.",
        """
        SELECT
            ar.id AS id,
            v.title AS title,
            v.source AS source,
            v.author AS author,
            v.date AS date,
            v.url AS url,
            v.script AS script,
            v.chars AS chars,
            v.version AS version,
            ar.path AS path,
            ar.missing AS missing,
            ar.read_at AS read_at,
            (SELECT count(*) FROM annotations n
             WHERE n.article_id = ar.id AND n.deleted_at IS NULL) AS annotations
        FROM articles ar
        JOIN article_versions v ON v.id = ar.current_version_id""",
    ),
    "browse_annotations": (
        "Every annotation that is not deleted, with its article's title, the quote, its "
        "tags (a JSON array, in order) and its note.",
        f"""
        SELECT
            a.id AS id,
            a.article_id AS article_id,
            coalesce(cv.title, av.title) AS article_title,
            coalesce(cv.source, av.source) AS article_source,
            a.exact AS quote,
            {_TAGS} AS tags,
            a.note AS note,
            a.color AS color,
            a.status AS status,
            a.start_offset AS start_offset,
            a.end_offset AS end_offset,
            a.created_at AS created_at,
            a.updated_at AS updated_at,
            a.iri AS iri
        FROM annotations a
        JOIN articles ar ON ar.id = a.article_id
        JOIN article_versions av ON av.id = a.version_id
        LEFT JOIN article_versions cv ON cv.id = ar.current_version_id
        WHERE a.deleted_at IS NULL""",
    ),
    "browse_entities": (
        "Every visible entity (not hidden, not merged into another) under the name and "
        "kind shown in reader, with how many articles mention it and how often.",
        """
        SELECT
            e.id AS id,
            coalesce(c.name, e.name) AS name,
            coalesce(c.kind, e.kind) AS kind,
            e.articles AS articles,
            e.mentions AS mentions
        FROM entities e
        LEFT JOIN entity_curation c ON c.entity_id = e.id
        WHERE e.articles > 0 AND c.merged_into IS NULL AND coalesce(c.hidden, 0) = 0
        ORDER BY e.articles DESC, e.mentions DESC, e.id""",
    ),
    "browse_entity_articles": (
        "One row per visible entity and article that mentions it: the article's title, "
        "source and date, the mention count there, and the spellings used.",
        """
        SELECT
            o.entity_id AS entity_id,
            coalesce(c.name, e.name) AS entity,
            coalesce(c.kind, e.kind) AS kind,
            t.article_id AS article_id,
            v.title AS article_title,
            v.source AS article_source,
            v.date AS article_date,
            count(*) AS mentions,
            group_concat(DISTINCT f.surface) AS spellings
        FROM entity_occurrences o
        JOIN entity_texts t ON t.text_id = o.text_id
        JOIN entity_forms f ON f.id = o.form_id
        JOIN entities e ON e.id = o.entity_id
        LEFT JOIN entity_curation c ON c.entity_id = e.id
        JOIN articles ar ON ar.id = t.article_id
        JOIN article_versions v ON v.id = ar.current_version_id
        WHERE o.entity_id IS NOT NULL AND c.merged_into IS NULL AND coalesce(c.hidden, 0) = 0
        GROUP BY o.entity_id, t.article_id""",
    ),
}


def create_views(db: Database) -> None:
    """Create every view (inside the caller's write transaction)."""
    for name, (_description, select) in VIEWS.items():
        db.conn.execute(f"CREATE VIEW {name} AS {select}")


def drop_views(db: Database) -> None:
    """Drop every view there is (inside the caller's write transaction)."""
    for name in VIEWS:
        db.conn.execute(f"DROP VIEW IF EXISTS {name}")
