"""Mention resolution: an article's occurrences turned into mentions of entity ids.

:func:`rebuild_mentions` resolves occurrences through the alias table, then the user's
curation, into the entity id each occurrence of a current text carries (a mention is
stored once: an article's mentions are its current text's occurrences), and keeps the
per-entity counts and surface forms in step incrementally, so that the TUI's queries
are index lookups and a bulk import does not recount popular entities after every
batch.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence

from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.folding import fold_text
from reader.store.articles import now_iso
from reader.store.database import Database

_CHUNK = 500


#: Entity ids a resolver keeps by key, at most (then it starts again).
KEYS_KEPT = 50_000


class Resolver:
    """Maps an occurrence's keys to an entity id: the user's names first, then the
    abbreviations texts declare, then the alias table, then the registry (creating
    entities for keys never seen), then merges. Built once per batch of work; it reads
    the small curation and declaration tables whole."""

    def __init__(self, db: Database) -> None:
        self._conn = db.conn
        lex = lexicon()
        self._canonical = lex.canonical
        self._display = lex.display
        self._kinds = lex.kinds
        conn = db.conn
        # entity ids by key, looked up as keys come (through the key's unique index),
        # not read whole: 950,000 entities at 100,000 articles were 150 MB and a second
        # of CPU for every resolver, one per batch of texts
        self._by_key: dict[str, int] = {}
        self._names: dict[str, int] = dict(
            conn.execute("SELECT key, entity_id FROM entity_name_curation").fetchall()
        )
        self._merged: dict[int, int] = dict(
            conn.execute(
                "SELECT entity_id, merged_into FROM entity_curation WHERE merged_into IS NOT NULL"
            ).fetchall()
        )
        self.declared = self.read_declarations()

    def read_declarations(self) -> dict[str, str]:
        """Short form key → long form key, for each abbreviation a current text declares
        and no current text declares for another long form."""
        longs: dict[str, set[str]] = {}
        # Through the partial index of declarations: the planner would rather read
        # every occurrence of every current text by the primary key (1.1 s of CPU at
        # 100,000 articles, on each batch's resolver; 0.2 s this way).
        for short, long in self._conn.execute(
            """
            SELECT DISTINCT f.surface_key, f.key
            FROM entity_occurrences o INDEXED BY entity_occurrences_declared
            JOIN entity_forms f ON f.id = o.form_id
            WHERE o.declared = 1 AND o.text_id IN (SELECT text_id FROM entity_texts)
            """
        ):
            longs.setdefault(short, set()).add(long)
        return {short: next(iter(keys)) for short, keys in longs.items() if len(keys) == 1}

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
        if key == surface_key:
            key = self.declared.get(key, key)
        canonical = self._canonical.get(key, key)
        entity_id = self._entity_of(canonical)
        if entity_id is None:
            name = self._display.get(canonical, surface)
            known = self._kinds.get(canonical)
            entity_id = self._create(canonical, name, known.value if known else kind)
        return self.final(entity_id)

    def _entity_of(self, key: str) -> int | None:
        entity_id = self._by_key.get(key)
        if entity_id is None:
            row = self._conn.execute("SELECT id FROM entities WHERE key = ?", (key,)).fetchone()
            if row is None:
                return None
            if len(self._by_key) >= KEYS_KEPT:
                self._by_key.clear()
            entity_id = self._by_key[key] = int(row[0])
        return entity_id

    def _create(self, key: str | None, name: str, kind: str) -> int:
        entity_id = self._conn.execute(
            "INSERT INTO entities (key, name, kind, fold, created_at) VALUES (?, ?, ?, ?, ?)",
            (key, name, kind, fold_text(name), now_iso()),
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
    """Resolve each article's cached occurrences: set their entity ids.

    ``articles`` are (article id, current content hash). A mention is stored once, on
    the occurrence of the text: the occurrences of a text that is some article's
    current one carry their entity, the others none. So the work is done per text
    (the articles' previous texts and their new ones), and a text shown by several
    articles counts once per article. Counts and surface forms of the entities
    involved are adjusted by the difference, and their automatic names and kinds
    refreshed. When the texts change which abbreviations are declared, the other
    articles that mention those short forms are resolved again too. Returns the ids of
    the entities touched. Caller holds the lock.
    """
    conn = db.conn
    ids = sorted({article_id for article_id, _sha in articles})
    shas = sorted({sha for _article_id, sha in articles})
    previous = _select_in(conn, "SELECT article_id, text_id FROM entity_texts", "article_id", ids)
    text_of = _select_in(conn, "SELECT text_sha256, id FROM entity_analyses", "text_sha256", shas)
    texts = sorted({t for t in previous.values() if t is not None} | set(text_of.values()))
    users_before = _users(conn, texts)
    found = {text_id: _occurrences(conn, text_id) for text_id in texts}
    conn.executemany(
        "INSERT OR REPLACE INTO entity_texts (article_id, text_sha256, analyzer, text_id) "
        "VALUES (?, ?, ?, ?)",
        [(article_id, sha, analyzer, text_of.get(sha)) for article_id, sha in articles],
    )
    users_after = _users(conn, texts)
    declared = resolver.read_declarations()
    changed = {
        short
        for short in declared.keys() | resolver.declared.keys()
        if declared.get(short) != resolver.declared.get(short)
    }
    resolver.declared = declared
    surface_delta: Counter[tuple[int, str, str]] = Counter()
    article_delta: Counter[int] = Counter()
    for text_id in texts:
        before, after = users_before.get(text_id, 0), users_after.get(text_id, 0)
        old: list[tuple[int, str, str]] = []
        new: list[tuple[int, str, str]] = []
        updates: list[tuple[int | None, int, int]] = []
        for start, current, surface, skey, key, kind in found[text_id]:
            if current is not None:
                old.append((current, surface, kind))
            entity_id = resolver.resolve(skey, key, surface, kind) if after else None
            if entity_id is not None:
                new.append((entity_id, surface, kind))
            if entity_id != current:
                updates.append((entity_id, text_id, start))
        conn.executemany(
            "UPDATE entity_occurrences SET entity_id = ? WHERE text_id = ? AND start_offset = ?",
            updates,
        )
        for entity_id, surface, kind in old:
            surface_delta[(entity_id, surface, kind)] -= before
        for entity_id, surface, kind in new:
            surface_delta[(entity_id, surface, kind)] += after
        for entity_id in {row[0] for row in old}:
            article_delta[entity_id] -= before
        for entity_id in {row[0] for row in new}:
            article_delta[entity_id] += after
    touched = {key[0] for key in surface_delta} | set(article_delta)
    _apply_deltas(conn, surface_delta, article_delta)
    touched |= _take_retracted(conn)
    _refresh_names(conn, touched)
    if changed:
        done = {article_id for article_id, _sha in articles}
        for used, others in articles_mentioning(conn, changed, done).items():
            touched |= rebuild_mentions(db, resolver, others, used)
    return touched


def retract_text(conn: sqlite3.Connection, text_id: int, removed: Sequence[int]) -> None:
    """Take the occurrences of a text at offsets ``removed`` out of the counts before
    they are replaced (the text analysed again), and mark the articles showing the
    text stale (no analyser) so that they are resolved again."""
    conn.execute("UPDATE entity_texts SET analyzer = '' WHERE text_id = ?", (text_id,))
    gone = set(removed)
    rows = conn.execute(
        "SELECT o.start_offset, o.entity_id, f.surface, f.kind FROM entity_occurrences o "
        "JOIN entity_forms f ON f.id = o.form_id "
        "WHERE o.text_id = ? AND o.entity_id IS NOT NULL",
        (text_id,),
    ).fetchall()
    if not any(row[0] in gone for row in rows):
        return
    users = _users(conn, [text_id]).get(text_id, 0)
    surface_delta: Counter[tuple[int, str, str]] = Counter()
    article_delta: Counter[int] = Counter()
    for start, entity_id, surface, kind in rows:
        if start in gone:
            surface_delta[(entity_id, surface, kind)] -= users
    kept = {row[1] for row in rows if row[0] not in gone}
    for entity_id in {row[1] for row in rows} - kept:
        article_delta[entity_id] -= users
    _apply_deltas(conn, surface_delta, article_delta)
    # Their names are refreshed by the next resolution, with the entities it touches
    # (once for a batch of texts, not once per text).
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {_RETRACTED} (entity_id INTEGER PRIMARY KEY)")
    conn.executemany(
        f"INSERT OR IGNORE INTO {_RETRACTED} (entity_id) VALUES (?)",
        [(entity_id,) for entity_id, _surface, _kind in surface_delta],
    )


#: The entities whose counts a re-analysis lowered on this connection and whose
#: names are not refreshed yet.
_RETRACTED = "temp.entity_retracted"


def _take_retracted(conn: sqlite3.Connection) -> set[int]:
    if (
        conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = 'entity_retracted'").fetchone()
        is None
    ):
        return set()
    ids = {int(row[0]) for row in conn.execute(f"SELECT entity_id FROM {_RETRACTED}")}
    conn.execute(f"DELETE FROM {_RETRACTED}")
    return ids


def _select_in(conn: sqlite3.Connection, query: str, column: str, values: Sequence[object]) -> dict:
    """``query``'s two columns as a dict, for the rows whose ``column`` is in ``values``."""
    found: dict = {}
    for start in range(0, len(values), _CHUNK):
        chunk = list(values[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        found.update(conn.execute(f"{query} WHERE {column} IN ({marks})", chunk).fetchall())
    return found


def _users(conn: sqlite3.Connection, texts: Sequence[int]) -> dict[int, int]:
    """How many articles show each of ``texts`` (their mentions are its occurrences)."""
    found: dict[int, int] = {}
    for start in range(0, len(texts), _CHUNK):
        chunk = list(texts[start : start + _CHUNK])
        marks = ",".join("?" * len(chunk))
        found.update(
            conn.execute(
                f"SELECT text_id, count(*) FROM entity_texts WHERE text_id IN ({marks}) "
                "GROUP BY text_id",
                chunk,
            ).fetchall()
        )
    return found


def _occurrences(conn: sqlite3.Connection, text_id: int) -> list[tuple]:
    """(start, entity id or None, surface, surface key, key, kind) of a text's
    occurrences."""
    return conn.execute(
        """
        SELECT o.start_offset, o.entity_id, f.surface, f.surface_key, f.key, f.kind
        FROM entity_occurrences o JOIN entity_forms f ON f.id = o.form_id
        WHERE o.text_id = ?
        """,
        (text_id,),
    ).fetchall()


def form_entities(count: int) -> str:
    """A subquery: the entities with a mention written as one of ``count`` surface
    keys (its parameters). Through ``entity_surfaces`` (an entity's spellings, 1.4 M
    rows at 100,000 articles, indexed by spelling), so that a form's mentions are found
    as those of these few entities, on the index of entity ids, filtered by form: the
    occurrences need no index of their forms (277 MB at 100,000 articles)."""
    return (
        "SELECT s.entity_id FROM entity_forms f JOIN entity_surfaces s "
        "ON s.surface = f.surface AND s.kind = f.kind "
        f"WHERE f.surface_key IN ({','.join('?' * count)})"
    )


def articles_mentioning(
    conn: sqlite3.Connection, surface_keys: Iterable[str], leave_out: Iterable[int] = ()
) -> dict[str, list[tuple[int, str]]]:
    """(article id, content hash) of the articles with a mention written as one of
    ``surface_keys``, by the analyser their mentions came from."""
    keys, left_out = sorted(set(surface_keys)), set(leave_out)
    found: dict[str, dict[int, str]] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        marks = ",".join("?" * len(chunk))
        for article_id, sha, analyzer in conn.execute(
            f"""
            SELECT DISTINCT t.article_id, t.text_sha256, t.analyzer
            FROM entity_occurrences o JOIN entity_texts t ON t.text_id = o.text_id
            WHERE o.entity_id IN ({form_entities(len(chunk))})
              AND o.form_id IN (SELECT id FROM entity_forms WHERE surface_key IN ({marks}))
            ORDER BY t.article_id
            """,
            chunk + chunk,
        ):
            if article_id not in left_out:
                found.setdefault(str(analyzer), {})[int(article_id)] = str(sha)
    return {analyzer: sorted(articles.items()) for analyzer, articles in found.items()}


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


def recount(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Recompute counts and surface forms of entities from their mentions (curation)."""
    ids = sorted(set(entity_ids))
    for chunk in chunks(ids):
        marks = ",".join("?" * len(chunk))
        conn.execute(f"DELETE FROM entity_surfaces WHERE entity_id IN ({marks})", chunk)
        conn.execute(
            f"""
            INSERT INTO entity_surfaces (entity_id, surface, kind, mentions)
            SELECT o.entity_id, f.surface, f.kind, count(*)
            FROM entity_occurrences o JOIN entity_forms f ON f.id = o.form_id
            JOIN entity_texts t ON t.text_id = o.text_id
            WHERE o.entity_id IN ({marks}) GROUP BY o.entity_id, f.surface, f.kind
            """,
            chunk,
        )
        conn.execute(
            f"""
            UPDATE entities SET
                articles = (SELECT count(DISTINCT t.article_id) FROM entity_occurrences o
                            JOIN entity_texts t ON t.text_id = o.text_id
                            WHERE o.entity_id = entities.id),
                mentions = (SELECT count(*) FROM entity_occurrences o
                            JOIN entity_texts t ON t.text_id = o.text_id
                            WHERE o.entity_id = entities.id)
            WHERE id IN ({marks})
            """,
            chunk,
        )
    _refresh_names(conn, ids)


def _refresh_names(conn: sqlite3.Connection, entity_ids: Iterable[int]) -> None:
    """Automatic name and kind: the alias table's if the entity is in it, else the most
    frequent surface form spelling its own key (Dylan Patel, not the Patel that refers
    back to it) or any surface form, and the most frequent kind among its mentions.
    The fold the browser filters on follows the name shown (a chosen one first)."""
    lex = lexicon()
    updates = []
    for chunk in chunks(sorted(set(entity_ids))):
        marks = ",".join("?" * len(chunk))
        keys = dict(
            conn.execute(f"SELECT id, key FROM entities WHERE id IN ({marks})", chunk).fetchall()
        )
        chosen = dict(
            conn.execute(
                f"SELECT entity_id, name FROM entity_curation "
                f"WHERE name IS NOT NULL AND entity_id IN ({marks})",
                chunk,
            ).fetchall()
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
            updates.append((name, kind, fold_text(chosen.get(entity_id) or name), entity_id))
    conn.executemany("UPDATE entities SET name = ?, kind = ?, fold = ? WHERE id = ?", updates)


def _most_common(counts: Counter[str]) -> str:
    """The most frequent value; ties go to the one with fewer spaces (DeepSeek-R1 over
    Deep Seek R1), then the alphabetically first, for stability."""
    return min(counts.items(), key=lambda item: (-item[1], item[0].count(" "), item[0]))[0]


def chunks(values: Sequence[int]) -> Iterable[list[int]]:
    for start in range(0, len(values), _CHUNK):
        yield list(values[start : start + _CHUNK])
