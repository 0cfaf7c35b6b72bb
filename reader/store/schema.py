"""The database schema and its migrations: the one place that defines tables.

The schema version lives in SQLite's ``user_version``. Each migration is a function
that takes the database from version ``n - 1`` to ``n``; :func:`migrate` runs the
missing ones inside the caller's write transaction, so a failed migration leaves the
database exactly as it was. A released migration is never edited: add a new one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reader.store.database import Database


#: SQLite's ``application_id`` of a reader database ("rdr1"): it tells reader's
#: files from other applications' before anything is written to them.
APPLICATION_ID = 0x72647231

#: Tables every reader database has had since its first version: an unmarked
#: database (made before the mark existed) is recognised by them. (Its search index
#: has changed name since, so it is not one of them.)
FIRST_TABLES = frozenset({"articles", "article_versions", "settings"})


def is_marked(db: Database) -> bool:
    return int(db.conn.execute("PRAGMA application_id").fetchone()[0]) == APPLICATION_ID


def mark(db: Database) -> None:
    """Mark the file as reader's (inside the caller's write transaction)."""
    if not is_marked(db):
        db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")


def current_version(db: Database) -> int:
    return int(db.conn.execute("PRAGMA user_version").fetchone()[0])


def _execute(db: Database, *statements: str) -> None:
    """Run DDL statements one by one (``executescript`` would commit the transaction)."""
    for statement in statements:
        db.conn.execute(statement)


def _articles(db: Database) -> None:
    """Articles, their immutable versions, the search index and reading state.

    An article is identified by its file path; each distinct content of that file is
    a version, kept for ever (annotations point at a version). ``raw_text`` keeps the
    decoded file so the cleanup can be re-derived; ``clean_text`` is what every
    offset refers to. The search index holds, per article, the current version's
    folded text (simplified, lower case, half width) under a trigram tokenizer; with
    ``detail = none`` it stores only which rows hold each trigram (a quarter of the
    size, twice as fast to write), enough to find candidates that are then checked.
    """
    _execute(
        db,
        """
        CREATE TABLE articles (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            current_version_id INTEGER,
            missing INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE article_versions (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version INTEGER NOT NULL,
            raw_sha256 TEXT NOT NULL,
            encoding TEXT NOT NULL,
            raw_text TEXT NOT NULL,
            clean_text TEXT NOT NULL,
            clean_sha256 TEXT NOT NULL,
            title TEXT NOT NULL,
            source TEXT,
            author TEXT,
            date TEXT,
            url TEXT,
            script TEXT NOT NULL,
            chars INTEGER NOT NULL,
            cleaner_version INTEGER NOT NULL,
            imported_at TEXT NOT NULL,
            UNIQUE (article_id, version)
        )""",
        "CREATE INDEX article_versions_article ON article_versions(article_id)",
        "CREATE VIRTUAL TABLE search_index USING fts5(fold, tokenize = 'trigram', detail = none)",
        """
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    )


def _annotations(db: Database) -> None:
    """Annotations, tags and their links (W3C Web Annotation anchors).

    An annotation's anchor is a position selector (``start_offset``, ``end_offset``)
    and a quote selector (``exact``, ``prefix``, ``suffix``) against one article
    version. When a new version moves or orphans it, the previous anchor is copied to
    ``annotation_anchor_history`` first, so no selector is ever lost. An orphan keeps
    its last good anchor (and that version). ``color`` is NULL unless the user chose
    one (the colour then follows the first tag). Deletion is soft (``deleted_at``) so
    it can be undone. A tag's ``key`` is its fold (script, case and width removed), so
    馬斯克 and 马斯克 are one tag; ``name`` is the spelling first seen.
    """
    _execute(
        db,
        """
        CREATE TABLE annotations (
            id INTEGER PRIMARY KEY,
            article_id INTEGER NOT NULL REFERENCES articles(id),
            version_id INTEGER NOT NULL REFERENCES article_versions(id),
            start_offset INTEGER NOT NULL CHECK (start_offset >= 0),
            end_offset INTEGER NOT NULL CHECK (end_offset > start_offset),
            exact TEXT NOT NULL CHECK (exact <> ''),
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'anchored'
                CHECK (status IN ('anchored', 'fuzzy', 'orphaned')),
            note TEXT NOT NULL DEFAULT '',
            color TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            deleted_at TEXT
        )""",
        "CREATE INDEX annotations_article ON annotations(article_id, start_offset)",
        "CREATE INDEX annotations_status ON annotations(status)",
        """
        CREATE TABLE annotation_anchor_history (
            id INTEGER PRIMARY KEY,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id),
            version_id INTEGER NOT NULL REFERENCES article_versions(id),
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            exact TEXT NOT NULL,
            prefix TEXT NOT NULL,
            suffix TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL CHECK (reason IN ('reanchor', 'reattach')),
            replaced_at TEXT NOT NULL
        )""",
        """
        CREATE INDEX annotation_anchor_history_annotation
            ON annotation_anchor_history(annotation_id)""",
        """
        CREATE TABLE tags (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE CHECK (key <> ''),
            name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
            created_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE annotation_tags (
            annotation_id INTEGER NOT NULL REFERENCES annotations(id),
            tag_id INTEGER NOT NULL REFERENCES tags(id),
            position INTEGER NOT NULL,
            PRIMARY KEY (annotation_id, tag_id)
        ) WITHOUT ROWID""",
        "CREATE INDEX annotation_tags_tag ON annotation_tags(tag_id)",
    )


def _entities(db: Database) -> None:
    """Entities, aliases, mentions, analysis cache and user curation.

    Three layers, so that re-analysis never loses the user's work:

    - analysis output, keyed by content hash so no text is analysed twice:
      ``entity_analyses`` (which analyser ran on a text) and ``entity_occurrences``
      (each mention's offsets in that text, its surface, the key it links by, its kind);
    - the registry: ``entities`` has one row per canonical key ever seen and is never
      deleted from, so ids are stable; ``key`` is NULL for an entity a split created;
    - curation, stored apart and applied when mentions are resolved:
      ``entity_curation`` (a chosen name, hidden, merged into another entity) and
      ``entity_name_curation`` (a name the user assigned to an entity: an alias or a
      split).

    ``entity_mentions`` is derived from the three for each article's current version
    (``entity_texts`` records which version and analyser) and ``entity_surfaces`` plus
    the counts in ``entities`` are kept in step with it, so the side panel's queries
    are index lookups.
    """
    _execute(
        db,
        """
        CREATE TABLE entity_analyses (
            text_sha256 TEXT PRIMARY KEY,
            analyzer TEXT NOT NULL,
            analyzed_at TEXT NOT NULL
        ) WITHOUT ROWID""",
        """
        CREATE TABLE entity_occurrences (
            text_sha256 TEXT NOT NULL,
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            surface TEXT NOT NULL,
            surface_key TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (text_sha256, start_offset)
        ) WITHOUT ROWID""",
        """
        CREATE TABLE entities (
            id INTEGER PRIMARY KEY,
            key TEXT UNIQUE,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            articles INTEGER NOT NULL DEFAULT 0,
            mentions INTEGER NOT NULL DEFAULT 0,
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX entities_articles ON entities(articles)",
        """
        CREATE TABLE entity_curation (
            entity_id INTEGER PRIMARY KEY REFERENCES entities(id),
            name TEXT,
            hidden INTEGER NOT NULL DEFAULT 0,
            merged_into INTEGER REFERENCES entities(id),
            updated_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE entity_name_curation (
            key TEXT PRIMARY KEY,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            name TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE entity_texts (
            article_id INTEGER PRIMARY KEY REFERENCES articles(id),
            text_sha256 TEXT NOT NULL,
            analyzer TEXT NOT NULL
        )""",
        """
        CREATE TABLE entity_mentions (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start_offset INTEGER NOT NULL,
            end_offset INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            surface TEXT NOT NULL,
            surface_key TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            PRIMARY KEY (article_id, start_offset)
        ) WITHOUT ROWID""",
        "CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id)",
        "CREATE INDEX entity_mentions_surface_key ON entity_mentions(surface_key)",
        """
        CREATE TABLE entity_surfaces (
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            surface TEXT NOT NULL,
            kind TEXT NOT NULL,
            mentions INTEGER NOT NULL,
            PRIMARY KEY (entity_id, surface, kind)
        ) WITHOUT ROWID""",
    )


def _reviews(db: Database) -> None:
    """Review cards (FSRS state per annotation) and the review log.

    An annotation with no ``review_cards`` row is a new card: the row appears with its
    first grade and holds the FSRS memory state (``state`` 1 learning, 2 review,
    3 relearning; ``step``, ``stability``, ``difficulty``) with ``due``/``last_review``
    as fixed-width UTC ISO 8601 text, so comparing the strings compares the times.
    Each grade adds a ``review_log`` row with the card exactly as it was before the
    grade (all ``*_before`` NULL for a new card), which is what undoing a grade
    restores and what retention is computed from. ``review_skips`` buries a card until
    a time without touching its schedule (a new card can be skipped too). Rows stay
    when an annotation is soft-deleted, so restoring it restores its schedule.
    """
    _execute(
        db,
        """
        CREATE TABLE review_cards (
            annotation_id INTEGER PRIMARY KEY REFERENCES annotations(id),
            state INTEGER NOT NULL CHECK (state IN (1, 2, 3)),
            step INTEGER,
            stability REAL,
            difficulty REAL,
            due TEXT NOT NULL,
            last_review TEXT,
            reps INTEGER NOT NULL CHECK (reps >= 0),
            lapses INTEGER NOT NULL CHECK (lapses >= 0)
        )""",
        "CREATE INDEX review_cards_due ON review_cards(due)",
        """
        CREATE TABLE review_log (
            id INTEGER PRIMARY KEY,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id),
            rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 4),
            reviewed_at TEXT NOT NULL,
            duration_ms INTEGER CHECK (duration_ms >= 0),
            state_before INTEGER CHECK (state_before IN (1, 2, 3)),
            step_before INTEGER,
            stability_before REAL,
            difficulty_before REAL,
            due_before TEXT,
            last_review_before TEXT,
            reps_before INTEGER NOT NULL,
            lapses_before INTEGER NOT NULL
        )""",
        "CREATE INDEX review_log_annotation ON review_log(annotation_id)",
        "CREATE INDEX review_log_reviewed_at ON review_log(reviewed_at)",
        """
        CREATE TABLE review_skips (
            annotation_id INTEGER PRIMARY KEY REFERENCES annotations(id),
            until TEXT NOT NULL
        )""",
    )


def _annotation_iris(db: Database) -> None:
    """A global identity for every annotation: an IRI that survives export and import.

    The row id only means something inside one database, so merging a W3C export into
    another database (or back into this one) needs an identifier of its own. Imported
    annotations keep the IRI they arrived with; every other annotation gets a random
    ``urn:uuid:`` (version 4) when it is inserted, whichever code inserts it, through
    the trigger, and existing rows get one here.
    """
    uuid = (
        "'urn:uuid:' || lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) "
        "|| '-4' || substr(lower(hex(randomblob(2))), 2) || '-' "
        "|| substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) "
        "|| '-' || lower(hex(randomblob(6)))"
    )
    _execute(
        db,
        "ALTER TABLE annotations ADD COLUMN iri TEXT",
        f"UPDATE annotations SET iri = {uuid} WHERE iri IS NULL",
        "CREATE UNIQUE INDEX annotations_iri ON annotations(iri)",
        f"""
        CREATE TRIGGER annotations_iri_default AFTER INSERT ON annotations
        WHEN NEW.iri IS NULL
        BEGIN
            UPDATE annotations SET iri = {uuid} WHERE id = NEW.id;
        END""",
    )


def _article_listing(db: Database) -> None:
    """A covering index for the article list.

    A version row keeps its list columns after ``raw_text`` and ``clean_text``, so
    reading a title walks the row's overflow pages; with the list's columns in an
    index, listing 10,000 articles reads the index alone (96 ms → 23 ms of SQL).
    """
    _execute(
        db,
        """
        CREATE INDEX article_versions_listing ON article_versions (
            id, title, source, author, date, url, script, chars, version
        )""",
    )


def _foreign_anchors(db: Database) -> None:
    """Where an anchor counts when this database does not hold that text.

    An annotation imported from elsewhere whose quote is found nowhere here is kept as
    an orphan with the selectors it came with; they count in a text this database
    does not have, so ``source_iri`` names that text (the IRI the file gave, usually
    ``urn:sha256:`` of it) and ``version_id`` only says which article it belongs to.
    NULL (every other anchor): the selectors count in ``version_id``'s text. The
    anchor history keeps the column too, so a replaced foreign anchor stays readable.
    """
    _execute(
        db,
        "ALTER TABLE annotations ADD COLUMN source_iri TEXT",
        "ALTER TABLE annotation_anchor_history ADD COLUMN source_iri TEXT",
    )


def _annotation_revisions(db: Database) -> None:
    """Earlier notes, tags and colours of an annotation that a merge replaced.

    Importing a newer edit of an annotation replaces its note, tags and colour; the
    state it had (``updated_at`` is when that state was made) is copied here first,
    with why it was replaced (``reason``: ``import``) and when, so a merge never loses
    what the user wrote. ``tags`` is a JSON array of the tag names, in order.
    """
    _execute(
        db,
        """
        CREATE TABLE annotation_revisions (
            id INTEGER PRIMARY KEY,
            annotation_id INTEGER NOT NULL REFERENCES annotations(id),
            note TEXT NOT NULL,
            color TEXT,
            tags TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            reason TEXT NOT NULL,
            replaced_at TEXT NOT NULL
        )""",
        "CREATE INDEX annotation_revisions_annotation ON annotation_revisions(annotation_id)",
    )


def _entity_kinds(db: Database) -> None:
    """The kind the user chose for an entity, kept with the rest of its curation.

    ``entity_curation.kind`` is NULL unless the user chose one; the kind shown is then
    the user's, whatever analysis infers, so the choice survives re-analysis as a chosen
    name does.
    """
    _execute(db, "ALTER TABLE entity_curation ADD COLUMN kind TEXT")


def _declared_abbreviations(db: Database) -> None:
    """Abbreviations a text declares (海濱發展委員會（下稱海發會）), so that they link everywhere.

    ``entity_occurrences.declared`` is 1 for an occurrence whose key is the long form a
    text declared its surface to abbreviate. Mention resolution reads the declarations
    of current texts (a small partial index) and links the short form in every article.
    """
    _execute(
        db,
        "ALTER TABLE entity_occurrences ADD COLUMN declared INTEGER NOT NULL DEFAULT 0",
        """
        CREATE INDEX entity_occurrences_declared ON entity_occurrences(text_sha256)
        WHERE declared = 1""",
    )


def _feeds(db: Database) -> None:
    """Feeds the user subscribed to, and what the last check of each learnt; and the
    feed files imported.

    ``url`` is the address as subscribed and names the feed's items in ``articles``
    (``url#guid``), so a feed that moves keeps its articles: ``final_url`` is where
    the last check's redirects led, ``moved_to`` where a permanent move (301, 308)
    sent it, and where it is fetched from since. ``etag`` and ``last_modified`` make
    the next check conditional; ``last_status`` is the one-line outcome of the last
    check and ``failed`` whether it failed.

    A feed file's items are articles of their own (``path#guid``), so the file's
    fingerprint is kept apart, in ``feed_files``: an unchanged feed file is known
    before it is parsed, as an unchanged article file is.
    """
    _execute(
        db,
        """
        CREATE TABLE feeds (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            url TEXT NOT NULL UNIQUE,
            final_url TEXT,
            moved_to TEXT,
            etag TEXT,
            last_modified TEXT,
            checked_at TEXT,
            last_status TEXT,
            failed INTEGER NOT NULL DEFAULT 0,
            added_at TEXT NOT NULL
        )""",
        """
        CREATE TABLE feed_files (
            path TEXT PRIMARY KEY,
            raw_sha256 TEXT NOT NULL,
            cleaner_version INTEGER NOT NULL
        )""",
    )


def _read_state(db: Database) -> None:
    """When each article was first opened (NULL: unread), so the list knows what is new.

    Reading is a fact about the article, not one of its versions: a new version of a
    read article stays read. A partial index keeps counting and listing the unread
    cheap in a large store where most articles have been read.
    """
    _execute(
        db,
        "ALTER TABLE articles ADD COLUMN read_at TEXT",
        "CREATE INDEX articles_unread ON articles(id) WHERE read_at IS NULL",
    )


def _compact_layout(db: Database) -> None:
    """Half the disk: raw text deflated against the clean text, a contentless index.

    ``raw_deflated`` holds the raw text deflated with the clean text as dictionary
    (``raw_text`` is then ''); ``search_trigrams`` indexes each article's fold (padded,
    see :mod:`reader.store.compact`) without storing it, and ``search_terms`` lists its
    trigrams, which is how a one- or two-character query finds its articles. The fold
    was stored three times over before (in the index's content, beside the clean and
    raw text): 8.5 bytes per character of clean text, 3.3 after.

    An existing database's rows are converted afterwards, in resumable batches
    (``layout_conversion``: the next id of each task and the last id to convert), by
    :func:`reader.store.compact.finish_conversion`; a new one has nothing to convert.
    """
    _execute(
        db,
        "ALTER TABLE article_versions ADD COLUMN raw_deflated BLOB",
        """
        CREATE VIRTUAL TABLE search_trigrams
            USING fts5(fold, tokenize = 'trigram', detail = none, content = '')""",
        "CREATE VIRTUAL TABLE search_terms USING fts5vocab(search_trigrams, 'row')",
    )
    last_article = db.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    last_version = db.conn.execute("SELECT coalesce(max(id), 0) FROM article_versions").fetchone()[
        0
    ]
    if last_article == 0 and last_version == 0:
        _execute(db, "DROP TABLE search_index")
        return
    _execute(
        db,
        """
        CREATE TABLE layout_conversion (
            task TEXT PRIMARY KEY CHECK (task IN ('raw', 'search')),
            next_id INTEGER NOT NULL,
            last_id INTEGER NOT NULL
        )""",
    )
    db.conn.execute(
        "INSERT INTO layout_conversion VALUES ('raw', 1, ?), ('search', 1, ?)",
        (last_version, last_article),
    )


def _list_order(db: Database) -> None:
    """The article list read in its order through an index, not sorted at each start.

    The list is newest date first, then by id, and the date belongs to the current
    version: ``articles.list_date`` copies it (``''`` when there is none), kept in
    step by a trigger whenever an article's current version changes, so the first
    page is the first rows of ``articles_list_order`` (100,000 articles: every row
    sorted before, 200 rows read now).
    """
    _execute(
        db,
        "ALTER TABLE articles ADD COLUMN list_date TEXT NOT NULL DEFAULT ''",
        """
        UPDATE articles SET list_date = coalesce(
            (SELECT date FROM article_versions WHERE id = articles.current_version_id), '')""",
        "CREATE INDEX articles_list_order ON articles(list_date DESC, id)",
        """
        CREATE TRIGGER articles_list_date AFTER UPDATE OF current_version_id ON articles
        BEGIN
            UPDATE articles SET list_date = coalesce(
                (SELECT date FROM article_versions WHERE id = NEW.current_version_id), '')
            WHERE id = NEW.id;
        END""",
    )


def _dataset_views(db: Database) -> None:
    """Read-only views for browsing the database with other tools (Datasette,
    sqlite-utils, the sqlite3 shell): articles, annotations with their article and
    tags, entities and the articles that mention them. They are defined, and
    described, in :mod:`reader.store.views`.

    Nothing to do here: views hold no data, so :func:`migrate` drops them before any
    migration runs and creates them from their current definitions after the last;
    this step only marks the version from which a database has them.
    """


def _discovered_names(db: Database) -> None:
    """The names discovery found in the corpus itself, and the strings it rejected.

    One row per folded string: ``verdict`` is ``name`` (with its kind, the texts writing
    it and the cue that made it one) or ``rejected`` (a fragment of a name, or a name
    with a neighbour's character glued on). The set is recomputed when the corpus
    changes and compared with the stored one, so only the texts a change touches are
    analysed again.
    """
    _execute(
        db,
        """
        CREATE TABLE discovered_names (
            name TEXT PRIMARY KEY,
            verdict TEXT NOT NULL CHECK (verdict IN ('name', 'rejected')),
            kind TEXT,
            texts INTEGER NOT NULL DEFAULT 0,
            cue TEXT
        )""",
    )


def _search_term_instances(db: Database) -> None:
    """The index's vocabulary one (term, article) at a time, to list terms cheaply.

    ``search_terms`` (one row per trigram) counts every article holding a trigram
    before it yields the trigram, so listing the trigrams a common one- or
    two-character query starts read tens of megabytes of the index at 100,000
    articles (40-60 ms). This view yields its first row for a term at once: looking
    up "the first term at or after X" costs the same for a rare and a common term.
    """
    _execute(
        db,
        "CREATE VIRTUAL TABLE search_term_instances USING fts5vocab(search_trigrams, 'instance')",
    )


def _file_signatures(db: Database) -> None:
    """Each imported file's stat signature when its bytes were hashed.

    Re-importing 100,000 unchanged files read and hashed every one (44 s on a busy
    machine); a file whose size, nanosecond modification and change times, inode and
    device are exactly as recorded is now known unchanged without being opened (see
    :mod:`reader.store.file_signatures`). An existing database starts with no
    signatures: its next import hashes every file once, as before, and records them.

    ``article_versions_fingerprint`` lets an import read every current version's
    fingerprint without reading its text: ``cleaner_version`` sits after
    ``clean_text`` in the row, so reading it from the table walks each text's
    overflow pages (1.5 GB read at 100,000 articles; the index is 8 MB).
    """
    _execute(
        db,
        """
        CREATE INDEX article_versions_fingerprint
            ON article_versions (id, raw_sha256, cleaner_version, version)""",
        """
        CREATE TABLE file_signatures (
            path TEXT PRIMARY KEY,
            size INTEGER NOT NULL,
            mtime_ns INTEGER NOT NULL,
            ctime_ns INTEGER NOT NULL,
            inode INTEGER NOT NULL,
            device INTEGER NOT NULL,
            raw_sha256 TEXT NOT NULL,
            recorded_ns INTEGER NOT NULL
        ) WITHOUT ROWID""",
    )


def _entity_browsing(db: Database) -> None:
    """The entity browser reads a page at a time, in its order, through an index.

    ``entities.fold`` is the name the entity is shown by (the user's chosen name, else
    the automatic one) folded like search text (script, case, width), kept in step
    wherever either name is written; the browser filters on it in SQL. The index on
    ``(articles DESC, mentions DESC, id)`` is the browser's order, so its first page
    and each next one (keyset: after the last row shown) are read in order instead of
    loading and sorting every entity: at 100,000 articles there are hundreds of
    thousands, most of them in one article. It carries the kind and the fold too, so
    a filter is tested on the index alone and only the rows shown are read.
    """
    _execute(db, "ALTER TABLE entities ADD COLUMN fold TEXT NOT NULL DEFAULT ''")
    _refold_entities(db)
    _execute(
        db,
        "CREATE INDEX entities_browse ON entities(articles DESC, mentions DESC, id, kind, fold)",
    )


#: Entities whose shown name is folded per statement by :func:`_refold_entities`.
FOLD_BATCH = 5_000


def _refold_entities(db: Database) -> None:
    """Write every entity's ``fold`` from the name it is shown by.

    A batch of names at a time, in id order (keyset): at 100,000 articles there are
    ~950,000 entities, and reading them all at once took the process to 360 MB.
    """
    from reader.folding import fold_text

    last = -1
    while True:
        rows = db.conn.execute(
            "SELECT e.id, coalesce(c.name, e.name) FROM entities e "
            "LEFT JOIN entity_curation c ON c.entity_id = e.id "
            "WHERE e.id > ? ORDER BY e.id LIMIT ?",
            (last, FOLD_BATCH),
        ).fetchall()
        if not rows:
            break
        db.conn.executemany(
            "UPDATE entities SET fold = ? WHERE id = ?", [(fold_text(name), i) for i, name in rows]
        )
        last = rows[-1][0]


def _variant_fold(db: Database) -> None:
    """The fold now takes Hong Kong standard forms to simplified too (衞 as 衛, 衹, 枱),
    so what an older database indexed under the old fold is indexed again, and each
    entity's ``fold`` is recomputed: 卫生署 finds an article that writes 衞生署.

    The index is emptied here and filled again afterwards, in resumable batches, by the
    ``search`` task of :func:`reader.store.compact.finish_conversion`; a new database
    has nothing to index.
    """
    _refold_entities(db)
    last_article = db.conn.execute("SELECT coalesce(max(id), 0) FROM articles").fetchone()[0]
    if last_article == 0:
        return
    db.conn.execute("INSERT INTO search_trigrams (search_trigrams) VALUES ('delete-all')")
    _execute(
        db,
        """
        CREATE TABLE IF NOT EXISTS layout_conversion (
            task TEXT PRIMARY KEY CHECK (task IN ('raw', 'search')),
            next_id INTEGER NOT NULL,
            last_id INTEGER NOT NULL
        )""",
    )
    db.conn.execute(
        "INSERT OR REPLACE INTO layout_conversion VALUES ('search', 1, ?)", (last_article,)
    )


def _entity_occurrence_layout(db: Database) -> None:
    """The analysis cache at an eighth of its size (see :mod:`reader.store.entity_layout`).

    ``entity_analyses`` gains an integer ``id`` (the hash stays, unique, and is stored
    once); ``entity_forms`` holds each distinct (surface_key, key, kind, surface) once;
    ``entity_occurrences`` is keyed by (text_id, start_offset) and keeps the length and
    the form's id instead of the end offset, the hash and the four strings.

    The old occurrences are renamed ``entity_occurrences_old`` and moved over
    afterwards, in resumable batches of texts (``entity_layout_conversion``: how many
    texts there are and how many are done, a row per table to convert), by
    :func:`reader.store.entity_layout.finish_conversion`; a store without occurrences
    has nothing to convert.
    """
    _execute(
        db,
        "ALTER TABLE entity_analyses RENAME TO entity_analyses_old",
        """
        CREATE TABLE entity_analyses (
            id INTEGER PRIMARY KEY,
            text_sha256 TEXT NOT NULL UNIQUE,
            analyzer TEXT NOT NULL,
            analyzed_at TEXT NOT NULL
        )""",
        """
        INSERT INTO entity_analyses (text_sha256, analyzer, analyzed_at)
        SELECT text_sha256, analyzer, analyzed_at FROM entity_analyses_old ORDER BY text_sha256""",
        "DROP TABLE entity_analyses_old",
        "DROP INDEX entity_occurrences_declared",
        "ALTER TABLE entity_occurrences RENAME TO entity_occurrences_old",
        """
        CREATE TABLE entity_forms (
            id INTEGER PRIMARY KEY,
            surface_key TEXT NOT NULL,
            key TEXT NOT NULL,
            kind TEXT NOT NULL,
            surface TEXT NOT NULL,
            UNIQUE (surface_key, key, kind, surface)
        )""",
        """
        CREATE TABLE entity_occurrences (
            text_id INTEGER NOT NULL REFERENCES entity_analyses(id),
            start_offset INTEGER NOT NULL,
            length INTEGER NOT NULL,
            form_id INTEGER NOT NULL REFERENCES entity_forms(id),
            declared INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (text_id, start_offset)
        ) WITHOUT ROWID""",
        """
        CREATE INDEX entity_occurrences_declared ON entity_occurrences(text_id)
        WHERE declared = 1""",
    )
    if db.conn.execute("SELECT 1 FROM entity_occurrences_old LIMIT 1").fetchone() is None:
        _execute(db, "DROP TABLE entity_occurrences_old")
        return
    _entity_layout_task(db, "occurrences", "SELECT count(*) FROM entity_analyses")


def _entity_layout_task(db: Database, task: str, total: str) -> None:
    """Record a conversion for :func:`reader.store.entity_layout.finish_conversion`:
    ``total`` counts the texts or articles to move (for the progress shown)."""
    _execute(
        db,
        """
        CREATE TABLE IF NOT EXISTS entity_layout_conversion (
            task TEXT PRIMARY KEY CHECK (task IN ('occurrences', 'mentions')),
            total INTEGER NOT NULL,
            done INTEGER NOT NULL
        )""",
    )
    db.conn.execute(
        f"INSERT INTO entity_layout_conversion (task, total, done) SELECT ?, ({total}), 0",
        (task,),
    )


def _entity_mention_layout(db: Database) -> None:
    """Mentions without the strings: a length, and the form's id (``entity_forms``).

    ``entity_mentions`` kept the end offset and the four strings of each mention's
    form, and an index on the surface key: 1.4 GB at 100,000 articles. A mention now
    keeps its length and the form's id, and is found by surface key through
    ``entity_forms`` and an index on ``form_id``. The old rows are renamed
    ``entity_mentions_old`` and moved in resumable batches of articles, like the
    occurrences (:mod:`reader.store.entity_layout`).
    """
    _execute(
        db,
        "DROP INDEX entity_mentions_entity",
        "DROP INDEX entity_mentions_surface_key",
        "ALTER TABLE entity_mentions RENAME TO entity_mentions_old",
        """
        CREATE TABLE entity_mentions (
            article_id INTEGER NOT NULL REFERENCES articles(id),
            start_offset INTEGER NOT NULL,
            length INTEGER NOT NULL,
            entity_id INTEGER NOT NULL REFERENCES entities(id),
            form_id INTEGER NOT NULL REFERENCES entity_forms(id),
            PRIMARY KEY (article_id, start_offset)
        ) WITHOUT ROWID""",
        "CREATE INDEX entity_mentions_entity ON entity_mentions(entity_id)",
        "CREATE INDEX entity_mentions_form ON entity_mentions(form_id)",
    )
    if db.conn.execute("SELECT 1 FROM entity_mentions_old LIMIT 1").fetchone() is None:
        _execute(db, "DROP TABLE entity_mentions_old")
        return
    _entity_layout_task(db, "mentions", "SELECT count(*) FROM entity_texts")


def _entity_counts(db: Database) -> None:
    """Counts over the analysis cache, kept as occurrences are written
    (:mod:`reader.store.entities.counts`): spreading read every occurrence (19 M at
    100,000 articles) to count texts per key at every start after an import. A store
    with occurrences is counted once, the first time the counts are read (the
    tables may be there already in a store put back to an older version: they are
    counted again)."""
    _execute(
        db,
        """
        CREATE TABLE IF NOT EXISTS entity_key_texts (
            key TEXT PRIMARY KEY,
            texts INTEGER NOT NULL
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE IF NOT EXISTS entity_form_counts (
            form_id INTEGER PRIMARY KEY REFERENCES entity_forms(id),
            occurrences INTEGER NOT NULL,
            declared_texts INTEGER NOT NULL
        )
        """,
        "DELETE FROM settings WHERE key = 'entities.counts_filled'",
    )


def _entity_one_table(db: Database) -> None:
    """Each mention stored once: the occurrence carries the entity it resolves to.

    The occurrences of an article's current text and that article's mentions were the
    same rows but for the entity id (19 M rows stored twice at 100,000 articles). Now
    ``entity_occurrences.entity_id`` is set on the occurrences of every text that is
    some article's current one (``entity_texts.text_id``) and NULL on the others; an
    article's mentions are its text's occurrences, an entity's are found through the
    partial index on ``entity_id`` (current texts only; one on ``form_id`` as well
    until migration 25).

    A store with mentions keeps them in ``entity_mentions_old`` until
    :func:`reader.store.entity_layout.finish_conversion` has copied their entity ids,
    a batch of articles per transaction, and builds the index at the end.
    """
    _execute(
        db,
        "ALTER TABLE entity_texts ADD COLUMN text_id INTEGER REFERENCES entity_analyses(id)",
        """
        UPDATE entity_texts SET text_id = (
            SELECT a.id FROM entity_analyses a WHERE a.text_sha256 = entity_texts.text_sha256)""",
        "CREATE INDEX entity_texts_text ON entity_texts(text_id)",
        "ALTER TABLE entity_occurrences ADD COLUMN entity_id INTEGER REFERENCES entities(id)",
        "DROP INDEX entity_mentions_entity",
        "DROP INDEX entity_mentions_form",
    )
    old = _has_table(db, "entity_mentions_old")
    empty = db.conn.execute("SELECT 1 FROM entity_mentions LIMIT 1").fetchone() is None
    if not empty and old:
        # An unfinished conversion to migration 21's layout left rows in both tables
        # (rare: the older one is moved in batches afterwards); the newer rows are
        # copied here at once.
        from reader.store.entity_layout import copy_entity_ids

        copy_entity_ids(db, "entity_mentions", None)
        empty = True
    if empty:
        _execute(db, "DROP TABLE entity_mentions")
    else:
        _execute(db, "ALTER TABLE entity_mentions RENAME TO entity_mentions_old")
        if _has_table(db, "entity_layout_conversion"):
            # the earlier conversion's finished task, if its end was interrupted
            _execute(db, "DELETE FROM entity_layout_conversion WHERE task = 'mentions'")
        _entity_layout_task(db, "mentions", "SELECT count(*) FROM entity_texts")
    if not _has_table(db, "entity_layout_conversion"):
        _execute(db, *ENTITY_INDEXES)


def _has_table(db: Database, name: str) -> bool:
    return (
        db.conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
        is not None
    )


#: The indexes of the one table of occurrences, built once the mentions are in it.
ENTITY_INDEXES = (
    """
    CREATE INDEX IF NOT EXISTS entity_occurrences_entity ON entity_occurrences(entity_id)
    WHERE entity_id IS NOT NULL""",
)


def _entity_forms_by_surface(db: Database) -> None:
    """A form's mentions are found through the entities written that way, not through
    an index of the occurrences' forms.

    ``entity_occurrences_form`` (migration 24) was 277 MB at 100,000 articles, 0.9
    bytes per character of text, for three rare queries (the articles mentioning a
    name assigned or an abbreviation whose declaration changed, and an entity found by
    a spelling it no longer owns). They now take the entities with that spelling from
    ``entity_surfaces`` through its new index on the spelling (a few MB) and those
    entities' mentions through ``entity_occurrences_entity``, filtered by form. The
    file is not vacuumed: SQLite reuses the freed pages for the rows written next.
    """
    _execute(
        db,
        "CREATE INDEX IF NOT EXISTS entity_surfaces_surface ON entity_surfaces(surface, kind)",
        "DROP INDEX IF EXISTS entity_occurrences_form",
    )


#: Bytes of pending index terms FTS5 holds in memory before it writes them out as a
#: segment (its default is 1 MB). See :func:`_index_hash_size`.
INDEX_HASH_BYTES = 16 * 1024 * 1024


def _index_hash_size(db: Database) -> None:
    """The search index writes an import batch as one segment, not three.

    FTS5 keeps the terms of a transaction in a hash table and writes them out as a
    new segment whenever the table passes ``hashsize`` bytes (1 MB by default): a batch
    of 50 articles of 5,000 characters made three segments, each then merged again by
    ``automerge``. At 16 MB a batch is one segment: about a fifth less CPU to index
    an article (``bench/README.md``), the same rows and terms indexed.
    The table only fills that far while a transaction writes many articles, and is
    emptied at its commit. The setting is stored in the index's own configuration
    table, so every connection (and any SQLite program writing the index) uses it.
    """
    db.conn.execute(
        "INSERT INTO search_trigrams (search_trigrams, rank) VALUES ('hashsize', ?)",
        (INDEX_HASH_BYTES,),
    )


def _feed_pages(db: Database) -> None:
    """A subscription may fetch its items' pages: ``pages`` (0 or 1, off by default)
    says whether an item that carries only a summary is stored with the text of the
    page it links to (see :mod:`reader.feeds.pages`).

    Safe to run again (a store marked back to an older version keeps its columns)."""
    columns = {row[1] for row in db.conn.execute("PRAGMA table_info(feeds)")}
    if "pages" not in columns:
        _execute(db, "ALTER TABLE feeds ADD COLUMN pages INTEGER NOT NULL DEFAULT 0")


MIGRATIONS: list[Callable[[Database], None]] = [
    _articles,
    _annotations,
    _entities,
    _reviews,
    _annotation_iris,
    _article_listing,
    _foreign_anchors,
    _annotation_revisions,
    _entity_kinds,
    _declared_abbreviations,
    _feeds,
    _read_state,
    _compact_layout,
    _list_order,
    _dataset_views,
    _discovered_names,
    _search_term_instances,
    _file_signatures,
    _entity_browsing,
    _entity_occurrence_layout,
    _entity_mention_layout,
    _variant_fold,
    _entity_counts,
    _entity_one_table,
    _entity_forms_by_surface,
    _index_hash_size,
    _feed_pages,
]

LATEST_VERSION = len(MIGRATIONS)


def migrate(db: Database) -> None:
    """Apply every migration newer than the database's version (caller holds the lock).

    The views are dropped first and created again last: SQLite refuses to rename a
    table or drop a column that a view reads, so a migration that rebuilds a table
    would otherwise fail on a database that has them, and a view always matches the
    tables it reads once the upgrade is done.
    """
    from reader.store import views

    start = current_version(db)
    if start >= LATEST_VERSION:
        return
    views.drop_views(db)
    for number, step in enumerate(MIGRATIONS[start:], start=start + 1):
        step(db)
        db.conn.execute(f"PRAGMA user_version = {number}")
    views.create_views(db)
