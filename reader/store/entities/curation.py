"""The user's curation: names, hiding, merges, splits and aliases.

Curation is stored apart from analysis output (see the schema) and applied whenever a
mention is resolved, so it survives any re-analysis; nothing is ever deleted, only
hidden.
"""

from __future__ import annotations

import hashlib
import sqlite3

from reader.entities.kinds import EntityKind, parse_kind
from reader.entities.linking import normalise_key
from reader.errors import NotFound, ReaderError
from reader.folding import fold_text
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction
from reader.store.entities.queries import final_id
from reader.store.entities.resolution import Resolver, form_entities, rebuild_mentions, recount
from reader.text_safety import strip_controls


def curation_digest(db: Database) -> str:
    """A digest of every curation the user has made (names, kinds, hiding, merges,
    splits, aliases): it differs after any of them, whoever made it. The interface
    compares it when another process has written, so a ``reader entity-merge`` beside
    it shows in its panel; the tables hold one row per curated entity or name, a small
    read."""
    digest = hashlib.sha256()
    with store_errors(db):
        for row in db.conn.execute("SELECT * FROM entity_curation ORDER BY entity_id"):
            digest.update(repr(row).encode())
        digest.update(b"|")
        for row in db.conn.execute("SELECT * FROM entity_name_curation ORDER BY key"):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _curate(conn: sqlite3.Connection, entity_id: int, **values: object) -> None:
    columns = ", ".join(values)
    marks = ", ".join("?" * len(values))
    updates = ", ".join(f"{column} = excluded.{column}" for column in values)
    conn.execute(
        f"""
        INSERT INTO entity_curation (entity_id, {columns}, updated_at) VALUES (?, {marks}, ?)
        ON CONFLICT (entity_id) DO UPDATE SET {updates}, updated_at = excluded.updated_at
        """,
        (entity_id, *values.values(), now_iso()),
    )


def rename(db: Database, entity_id: int, name: str) -> None:
    """Show the entity as ``name`` from now on (whatever analysis finds); control
    characters and escape sequences in it are removed."""
    name = strip_controls(name, one_line=True).strip()
    if not name:
        raise ReaderError("an entity name cannot be empty")
    with store_errors(db), write_transaction(db):
        entity_id = final_id(db, entity_id)
        _curate(db.conn, entity_id, name=name)
        # The browser filters on the fold of the name shown.
        db.conn.execute("UPDATE entities SET fold = ? WHERE id = ?", (fold_text(name), entity_id))


def set_kind(db: Database, entity_id: int, kind: EntityKind | str | None) -> EntityKind:
    """Show the entity as of ``kind`` from now on, whatever analysis infers; None gives
    the choice back to analysis. Returns the kind the entity now has."""
    chosen = None if kind is None else _kind(kind)
    with store_errors(db), write_transaction(db):
        entity_id = final_id(db, entity_id)
        _curate(db.conn, entity_id, kind=None if chosen is None else chosen.value)
        row = db.conn.execute(
            "SELECT coalesce(c.kind, e.kind) FROM entities e "
            "LEFT JOIN entity_curation c ON c.entity_id = e.id WHERE e.id = ?",
            (entity_id,),
        ).fetchone()
    return EntityKind(row[0])


def _kind(value: EntityKind | str) -> EntityKind:
    try:
        return parse_kind(str(value))
    except ValueError:
        choices = ", ".join(kind.value for kind in EntityKind)
        raise ReaderError(f"no entity kind {str(value)!r}: choose one of {choices}") from None


def hide(db: Database, entity_id: int) -> None:
    """Keep the entity out of lists and panels (its mentions stay stored)."""
    with store_errors(db), write_transaction(db):
        _curate(db.conn, final_id(db, entity_id), hidden=1)


def unhide(db: Database, entity_id: int) -> None:
    with store_errors(db), write_transaction(db):
        _curate(db.conn, final_id(db, entity_id), hidden=0)


def merge(db: Database, source_id: int, target_id: int) -> int:
    """Make ``source`` part of ``target``: its mentions and names count as the target's.
    Returns the id of the entity both now resolve to."""
    with store_errors(db), write_transaction(db):
        source, target = final_id(db, source_id), final_id(db, target_id)
        if source == target:
            return target
        _curate(db.conn, source, merged_into=target)
        db.conn.execute(
            "UPDATE entity_occurrences SET entity_id = ? WHERE entity_id = ?", (target, source)
        )
        recount(db.conn, [source, target])
    return target


def split(db: Database, entity_id: int, alias: str) -> int:
    """Give the mentions written ``alias`` an entity of their own; returns its id."""
    key = normalise_key(alias)
    with store_errors(db), write_transaction(db):
        entity_id = final_id(db, entity_id)
        row = db.conn.execute(
            "SELECT f.surface, f.kind FROM entity_occurrences o "
            "JOIN entity_forms f ON f.id = o.form_id "
            "WHERE o.entity_id = ? AND f.surface_key = ? LIMIT 1",
            (entity_id, key),
        ).fetchone()
        if row is None:
            raise NotFound(f"entity {entity_id} has no mention written {alias!r}")
        resolver = Resolver(db)
        existing = db.conn.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()
        if existing is not None and resolver.final(int(existing[0])) != entity_id:
            new_id = resolver.final(int(existing[0]))
        else:
            new_id = resolver.create(None if existing else key, str(row[0]), str(row[1]))
        _assign_name(db, key, new_id, alias)
    return new_id


def add_alias(db: Database, entity_id: int, alias: str) -> None:
    """Declare ``alias`` another name of the entity, wherever analysis finds it."""
    alias = strip_controls(alias, one_line=True)
    key = normalise_key(alias)
    if not key:
        raise ReaderError("an alias cannot be empty")
    with store_errors(db), write_transaction(db):
        _assign_name(db, key, final_id(db, entity_id), alias)


def _assign_name(db: Database, key: str, entity_id: int, name: str) -> None:
    conn = db.conn
    conn.execute(
        """
        INSERT INTO entity_name_curation (key, entity_id, name, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (key) DO UPDATE SET entity_id = excluded.entity_id, name = excluded.name,
            updated_at = excluded.updated_at
        """,
        (key, entity_id, name, now_iso()),
    )
    affected = conn.execute(
        f"""
        SELECT DISTINCT t.article_id, t.text_sha256, t.analyzer
        FROM entity_occurrences o JOIN entity_texts t ON t.text_id = o.text_id
        WHERE o.entity_id IN ({form_entities(1)})
          AND o.form_id IN (SELECT id FROM entity_forms WHERE surface_key = ?)
        """,
        (key, key),
    ).fetchall()
    resolver = Resolver(db)
    for analyzer in {row[2] for row in affected}:
        articles = [(int(a), str(sha)) for a, sha, used in affected if used == analyzer]
        rebuild_mentions(db, resolver, articles, analyzer)
