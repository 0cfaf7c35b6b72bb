"""Entities in the store: analysis cache, mention resolution, panel queries, curation.

Every piece of entity SQL lives here. Analysis output is cached per content hash;
:func:`rebuild_mentions` resolves an article's occurrences to entity ids (alias table,
then the user's curation) into ``entity_mentions`` and keeps the per-entity counts and
surface forms in step incrementally, so that the TUI's queries are index lookups and a
bulk import does not recount popular entities after every batch.

Curation is stored apart from analysis output (see the schema) and applied whenever a
mention is resolved, so it survives any re-analysis; nothing is ever deleted, only
hidden. Functions taking an entity id accept the id of an entity merged into another
one and act on the entity it was merged into.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.entities.kinds import EntityKind
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.errors import NotFound, ReaderError
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction
from reader.text_safety import strip_controls

#: One occurrence as analysis produces it:
#: (start, end, surface, surface_key, key, kind).
Occurrence = tuple[int, int, str, str, str, str]

_CHUNK = 500


@dataclass(frozen=True)
class EntitySummary:
    """One entity as a list or the side panel shows it."""

    id: int
    name: str
    kind: EntityKind
    #: Articles whose current version mentions the entity.
    articles: int
    #: Mentions in all those articles.
    mentions: int
    hidden: bool = False
    #: Mentions in the article asked about (entities_for_article, shared_entities,
    #: list_entities with article_id); 0 otherwise.
    article_mentions: int = 0

    @property
    def other_articles(self) -> int:
        """Articles other than the one asked about that mention the entity."""
        return self.articles - 1 if self.article_mentions else self.articles

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "name": self.name,
            "kind": self.kind.value,
            "articles": self.articles,
            "mentions": self.mentions,
            "hidden": self.hidden,
        }


@dataclass(frozen=True)
class EntityDetail:
    """An entity with every surface form seen and its articles (for ``entities --json``)."""

    summary: EntitySummary
    aliases: list[str]
    #: (article_id, mentions in it), by article id.
    articles: list[tuple[int, int]] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.summary.id,
            "name": self.summary.name,
            "kind": self.summary.kind.value,
            "aliases": self.aliases,
            "articles": [{"article_id": a, "count": n} for a, n in self.articles],
        }


@dataclass(frozen=True)
class Mention:
    """A mention: offsets in the current version's clean original text."""

    article_id: int
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class ArticleMention:
    """A mention in a known article, with the entity it resolves to (for highlighting)."""

    start: int
    end: int
    entity_id: int


@dataclass(frozen=True)
class EntityCounts:
    """How many visible entities an article mentions, and how many of those other
    articles mention too (the ones that link it to the rest of the corpus)."""

    entities: int
    linked: int


@dataclass(frozen=True)
class ConcordanceLine:
    """A mention with the text around it on its line (original script)."""

    start: int
    end: int
    left: str
    keyword: str
    right: str


@dataclass(frozen=True)
class ConcordanceGroup:
    article_id: int
    title: str
    lines: list[ConcordanceLine]


# ---------------------------------------------------------------- analysis cache


def pending_texts(db: Database, analyzer: str) -> list[tuple[str, int]]:
    """(content hash, a version id) of each current text not analysed by ``analyzer``."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT v.clean_sha256, min(v.id)
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            LEFT JOIN entity_analyses e ON e.text_sha256 = v.clean_sha256
            WHERE e.analyzer IS NULL OR e.analyzer <> ?
            GROUP BY v.clean_sha256
            ORDER BY min(v.id)
            """,
            (analyzer,),
        ).fetchall()
    return [(str(sha), int(version_id)) for sha, version_id in rows]


def version_texts(db: Database, version_ids: Sequence[int]) -> dict[int, str]:
    with store_errors(db):
        marks = ",".join("?" * len(version_ids))
        rows = db.conn.execute(
            f"SELECT id, clean_text FROM article_versions WHERE id IN ({marks})",
            list(version_ids),
        ).fetchall()
    return {int(version_id): str(text) for version_id, text in rows}


def save_analysis(db: Database, sha: str, analyzer: str, occurrences: Iterable[Occurrence]) -> None:
    """Replace the cached analysis of the text with hash ``sha`` (caller holds the lock)."""
    conn = db.conn
    conn.execute("DELETE FROM entity_occurrences WHERE text_sha256 = ?", (sha,))
    conn.executemany(
        """
        INSERT INTO entity_occurrences
            (text_sha256, start_offset, end_offset, surface, surface_key, key, kind)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """,
        [(sha, *occurrence) for occurrence in occurrences],
    )
    conn.execute(
        "INSERT OR REPLACE INTO entity_analyses (text_sha256, analyzer, analyzed_at) "
        "VALUES (?, ?, ?)",
        (sha, analyzer, now_iso()),
    )


def stale_articles(
    db: Database, analyzer: str, shas: Sequence[str] | None = None
) -> list[tuple[int, str]]:
    """(article id, current hash) of articles whose mentions are not from their current
    text as analysed by ``analyzer`` (only among texts with hash in ``shas`` if given)."""
    query = """
        SELECT a.id, v.clean_sha256
        FROM articles a JOIN article_versions v ON v.id = a.current_version_id
        JOIN entity_analyses e ON e.text_sha256 = v.clean_sha256 AND e.analyzer = ?
        LEFT JOIN entity_texts t ON t.article_id = a.id
        WHERE (t.text_sha256 IS NOT v.clean_sha256 OR t.analyzer IS NOT ?)
    """
    params: list[object] = [analyzer, analyzer]
    if shas is not None:
        if not shas:
            return []
        query += f" AND v.clean_sha256 IN ({','.join('?' * len(shas))})"
        params.extend(shas)
    with store_errors(db):
        rows = db.conn.execute(query + " ORDER BY a.id", params).fetchall()
    return [(int(article_id), str(sha)) for article_id, sha in rows]


# ---------------------------------------------------------------- resolution


class Resolver:
    """Maps an occurrence's keys to an entity id: the user's names first, then the
    alias table, then the registry (creating entities for keys never seen), then
    merges. Built once per batch of work; it reads the small curation tables whole."""

    def __init__(self, db: Database) -> None:
        self._conn = db.conn
        lex = lexicon()
        self._canonical = lex.canonical
        self._display = lex.display
        self._kinds = lex.kinds
        conn = db.conn
        self._by_key: dict[str, int] = dict(
            conn.execute("SELECT key, id FROM entities WHERE key IS NOT NULL").fetchall()
        )
        self._names: dict[str, int] = dict(
            conn.execute("SELECT key, entity_id FROM entity_name_curation").fetchall()
        )
        self._merged: dict[int, int] = dict(
            conn.execute(
                "SELECT entity_id, merged_into FROM entity_curation WHERE merged_into IS NOT NULL"
            ).fetchall()
        )

    def final(self, entity_id: int) -> int:
        """The entity that ``entity_id`` was (perhaps repeatedly) merged into."""
        seen = {entity_id}
        while entity_id in self._merged and self._merged[entity_id] not in seen:
            entity_id = self._merged[entity_id]
            seen.add(entity_id)
        return entity_id

    def resolve(self, surface_key: str, key: str, surface: str, kind: str) -> int:
        """The entity of one mention. A name the user assigned acts on mentions written
        that way, not on those that merely refer back to it (马斯克 after 伊隆·马斯克)."""
        if surface_key in self._names:
            return self.final(self._names[surface_key])
        canonical = self._canonical.get(key, key)
        entity_id = self._by_key.get(canonical)
        if entity_id is None:
            name = self._display.get(canonical, surface)
            known = self._kinds.get(canonical)
            entity_id = self._create(canonical, name, known.value if known else kind)
        return self.final(entity_id)

    def _create(self, key: str | None, name: str, kind: str) -> int:
        entity_id = self._conn.execute(
            "INSERT INTO entities (key, name, kind, created_at) VALUES (?, ?, ?, ?)",
            (key, name, kind, now_iso()),
        ).lastrowid
        assert entity_id is not None
        if key is not None:
            self._by_key[key] = entity_id
        return int(entity_id)

    def create(self, key: str | None, name: str, kind: str) -> int:
        """A new entity (for a split)."""
        return self._create(key, name, kind)


def rebuild_mentions(
    db: Database,
    resolver: Resolver,
    articles: Sequence[tuple[int, str]],
    analyzer: str,
) -> set[int]:
    """Resolve each article's cached occurrences into ``entity_mentions``.

    ``articles`` are (article id, current content hash). Counts and surface forms of
    the entities involved are adjusted by the difference, and their automatic names
    and kinds refreshed. Returns the ids of the entities touched. Caller holds the lock.
    """
    conn = db.conn
    surface_delta: Counter[tuple[int, str, str]] = Counter()
    article_delta: Counter[int] = Counter()
    for article_id, sha in articles:
        old = conn.execute(
            "SELECT entity_id, surface, kind FROM entity_mentions WHERE article_id = ?",
            (article_id,),
        ).fetchall()
        conn.execute("DELETE FROM entity_mentions WHERE article_id = ?", (article_id,))
        occurrences = conn.execute(
            """
            SELECT start_offset, end_offset, surface, surface_key, key, kind
            FROM entity_occurrences WHERE text_sha256 = ?
            """,
            (sha,),
        ).fetchall()
        rows = [
            (
                article_id,
                start,
                end,
                resolver.resolve(skey, key, surface, kind),
                surface,
                skey,
                key,
                kind,
            )
            for start, end, surface, skey, key, kind in occurrences
        ]
        conn.executemany(
            """
            INSERT INTO entity_mentions (article_id, start_offset, end_offset, entity_id,
                surface, surface_key, key, kind)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            rows,
        )
        conn.execute(
            "INSERT OR REPLACE INTO entity_texts (article_id, text_sha256, analyzer) "
            "VALUES (?, ?, ?)",
            (article_id, sha, analyzer),
        )
        for entity_id, surface, kind in old:
            surface_delta[(entity_id, surface, kind)] -= 1
        for row in rows:
            surface_delta[(row[3], row[4], row[7])] += 1
        before = {row[0] for row in old}
        after = {row[3] for row in rows}
        for entity_id in after - before:
            article_delta[entity_id] += 1
        for entity_id in before - after:
            article_delta[entity_id] -= 1
    touched = {key[0] for key in surface_delta} | set(article_delta)
    _apply_deltas(conn, surface_delta, article_delta)
    _refresh_names(conn, touched)
    return touched


def _apply_deltas(
    conn: sqlite3.Connection,
    surface_delta: Counter[tuple[int, str, str]],
    article_delta: Counter[int],
) -> None:
    changes = [(e, s, k, n) for (e, s, k), n in surface_delta.items() if n]
    conn.executemany(
        """
        INSERT INTO entity_surfaces (entity_id, surface, kind, mentions) VALUES (?, ?, ?, ?)
        ON CONFLICT (entity_id, surface, kind) DO UPDATE SET mentions = mentions + excluded.mentions
        """,
        changes,
    )
    conn.executemany(
        "DELETE FROM entity_surfaces WHERE entity_id = ? AND surface = ? AND kind = ? "
        "AND mentions <= 0",
        [(e, s, k) for e, s, k, n in changes if n < 0],
    )
    mention_delta: Counter[int] = Counter()
    for (entity_id, _surface, _kind), count in surface_delta.items():
        mention_delta[entity_id] += count
    conn.executemany(
        "UPDATE entities SET articles = articles + ?, mentions = mentions + ? WHERE id = ?",
        [
            (article_delta.get(e, 0), mention_delta.get(e, 0), e)
            for e in set(article_delta) | set(mention_delta)
            if article_delta.get(e, 0) or mention_delta.get(e, 0)
        ],
    )


def _recount(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Recompute counts and surface forms of entities from their mentions (curation)."""
    ids = sorted(set(entity_ids))
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM entity_surfaces WHERE entity_id IN ({marks})", chunk)
        conn.execute(
            f"""
            INSERT INTO entity_surfaces (entity_id, surface, kind, mentions)
            SELECT entity_id, surface, kind, count(*) FROM entity_mentions
            WHERE entity_id IN ({marks}) GROUP BY entity_id, surface, kind
            """,
            chunk,
        )
        conn.execute(
            f"""
            UPDATE entities SET
                articles = (SELECT count(DISTINCT article_id) FROM entity_mentions
                            WHERE entity_id = entities.id),
                mentions = (SELECT count(*) FROM entity_mentions WHERE entity_id = entities.id)
            WHERE id IN ({marks})
            """,
            chunk,
        )
    _refresh_names(conn, ids)


def _refresh_names(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Automatic name and kind: the alias table's if the entity is in it, else the most
    frequent surface form spelling its own key (Dylan Patel, not the Patel that refers
    back to it) or any surface form, and the most frequent kind among its mentions."""
    lex = lexicon()
    updates = []
    for chunk in _chunks(sorted(set(entity_ids))):
        marks = ",".join("?" * len(chunk))
        keys = dict(
            conn.execute(f"SELECT id, key FROM entities WHERE id IN ({marks})", chunk).fetchall()
        )
        surfaces: dict[int, Counter[str]] = {}
        kinds: dict[int, Counter[str]] = {}
        for entity_id, surface, kind, count in conn.execute(
            f"SELECT entity_id, surface, kind, mentions FROM entity_surfaces "
            f"WHERE entity_id IN ({marks})",
            chunk,
        ):
            surfaces.setdefault(entity_id, Counter())[surface] += count
            kinds.setdefault(entity_id, Counter())[kind] += count
        for entity_id in chunk:
            if entity_id not in surfaces:
                continue
            key = keys.get(entity_id)
            name = lex.display.get(key) if key else None
            known = lex.kinds.get(key) if key else None
            own = Counter({s: n for s, n in surfaces[entity_id].items() if normalise_key(s) == key})
            name = name or _most_common(own or surfaces[entity_id])
            kind = known.value if known else _most_common(kinds[entity_id])
            updates.append((name, kind, entity_id))
    conn.executemany("UPDATE entities SET name = ?, kind = ? WHERE id = ?", updates)


def _most_common(counts: Counter[str]) -> str:
    """The most frequent value; ties go to the one with fewer spaces (DeepSeek-R1 over
    Deep Seek R1), then the alphabetically first, for stability."""
    return min(counts.items(), key=lambda item: (-item[1], item[0].count(" "), item[0]))[0]


def _chunks(values: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])


# ---------------------------------------------------------------- queries

_SUMMARY = """
    e.id, coalesce(c.name, e.name), e.kind, e.articles, e.mentions, coalesce(c.hidden, 0)
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


def entities_for_article(db: Database, article_id: int) -> list[EntitySummary]:
    """The article's visible entities, those most mentioned elsewhere first."""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY}, m.here
            FROM (SELECT entity_id, count(*) AS here FROM entity_mentions
                  WHERE article_id = ? GROUP BY entity_id) m
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
            FROM (SELECT entity_id, count(*) AS here FROM entity_mentions
                  WHERE article_id = ? GROUP BY entity_id) m
            JOIN entities e ON e.id = m.entity_id
            LEFT JOIN entity_curation c ON c.entity_id = e.id
            WHERE coalesce(c.hidden, 0) = 0
              AND EXISTS (SELECT 1 FROM entity_mentions b
                          WHERE b.article_id = ? AND b.entity_id = m.entity_id)
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
        where.append("e.kind = ?")
        params.append(EntityKind(kind).value)
    if not include_hidden:
        where.append("coalesce(c.hidden, 0) = 0")
    source = "entities e"
    here = "0"
    if article_id is not None:
        source = (
            "(SELECT entity_id, count(*) AS here FROM entity_mentions WHERE article_id = ? "
            "GROUP BY entity_id) m JOIN entities e ON e.id = m.entity_id"
        )
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
        for chunk in _chunks(list(entity_ids)):
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
                f"SELECT entity_id, article_id, count(*) FROM entity_mentions "
                f"WHERE entity_id IN ({marks}) GROUP BY entity_id, article_id "
                f"ORDER BY entity_id, article_id",
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
            "SELECT article_id, start_offset, end_offset, surface FROM entity_mentions "
            "WHERE entity_id = ?"
        )
        params: list[object] = [entity_id]
        if article_ids is not None:
            query += f" AND article_id IN ({','.join('?' * len(article_ids))})"
            params.extend(article_ids)
        rows = db.conn.execute(query + " ORDER BY article_id, start_offset", params).fetchall()
    return [Mention(int(a), int(s), int(e), str(t)) for a, s, e, t in rows]


def article_mentions(db: Database, article_id: int) -> list[ArticleMention]:
    """Every mention of a visible entity in the article, in text order: one range scan
    of the mentions' primary key, so a reading pane can colour them all at once."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT m.start_offset, m.end_offset, m.entity_id
            FROM entity_mentions m LEFT JOIN entity_curation c ON c.entity_id = m.entity_id
            WHERE m.article_id = ? AND coalesce(c.hidden, 0) = 0
            ORDER BY m.start_offset
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
            SELECT m.article_id, count(*), sum(e.articles >= 2)
            FROM (SELECT DISTINCT article_id, entity_id FROM entity_mentions) m
            JOIN entities e ON e.id = m.entity_id
            LEFT JOIN entity_curation c ON c.entity_id = m.entity_id
            WHERE coalesce(c.hidden, 0) = 0
            GROUP BY m.article_id
            """
        ).fetchall()
    return {int(a): EntityCounts(int(n), int(linked)) for a, n, linked in rows}


def concordance(
    db: Database,
    entity_id: int,
    context: int = 20,
    article_ids: Sequence[int] | None = None,
    limit: int | None = None,
) -> list[ConcordanceGroup]:
    """Each mention with up to ``context`` characters either side, on its own line of
    the original text, grouped by article. ``limit`` caps the number of lines (the
    text of every article quoted has to be read, so a very common entity is costly)."""
    with store_errors(db):
        entity_id = final_id(db, entity_id)
        query = """
            SELECT m.article_id, v.title, m.start_offset, m.end_offset,
                   substr(v.clean_text, max(m.start_offset - :context, 0) + 1,
                          min(m.start_offset, :context)),
                   substr(v.clean_text, m.start_offset + 1, m.end_offset - m.start_offset),
                   substr(v.clean_text, m.end_offset + 1, :context)
            FROM entity_mentions m
            JOIN articles a ON a.id = m.article_id
            JOIN article_versions v ON v.id = a.current_version_id
            WHERE m.entity_id = :entity
        """
        params: dict[str, object] = {"context": context, "entity": entity_id}
        if article_ids is not None:
            marks = ",".join(f":a{i}" for i in range(len(article_ids)))
            query += f" AND m.article_id IN ({marks})"
            params.update({f"a{i}": a for i, a in enumerate(article_ids)})
        query += " ORDER BY m.article_id, m.start_offset"
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
        if row is None:
            canonical = lexicon().canonical.get(key, key)
            row = conn.execute("SELECT id FROM entities WHERE key = ?", (canonical,)).fetchone()
        if row is None:
            row = conn.execute(
                "SELECT entity_id FROM entity_mentions WHERE surface_key = ? LIMIT 1", (key,)
            ).fetchone()
        if row is None:
            for candidate, chosen in conn.execute(
                "SELECT entity_id, name FROM entity_curation WHERE name IS NOT NULL"
            ):
                if normalise_key(chosen) == key:
                    row = (candidate,)
                    break
    return None if row is None else get_entity(db, int(row[0]))


# ---------------------------------------------------------------- curation


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
        _curate(db.conn, final_id(db, entity_id), name=name)


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
            "UPDATE entity_mentions SET entity_id = ? WHERE entity_id = ?", (target, source)
        )
        _recount(db.conn, [source, target])
    return target


def split(db: Database, entity_id: int, alias: str) -> int:
    """Give the mentions written ``alias`` an entity of their own; returns its id."""
    key = normalise_key(alias)
    with store_errors(db), write_transaction(db):
        entity_id = final_id(db, entity_id)
        row = db.conn.execute(
            "SELECT surface, kind FROM entity_mentions WHERE entity_id = ? AND surface_key = ? "
            "LIMIT 1",
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
        """
        SELECT DISTINCT m.article_id, t.text_sha256, t.analyzer
        FROM entity_mentions m JOIN entity_texts t ON t.article_id = m.article_id
        WHERE m.surface_key = ?
        """,
        (key,),
    ).fetchall()
    resolver = Resolver(db)
    for analyzer in {row[2] for row in affected}:
        articles = [(int(a), str(sha)) for a, sha, used in affected if used == analyzer]
        rebuild_mentions(db, resolver, articles, analyzer)
