"""Counts over the analysis cache, kept in step as occurrences are written.

Spreading needs, for the corpus's current texts, how many texts write each key, how
often each form is written, and which texts declare an abbreviation
(:mod:`reader.store.corpus_names`). Read from the occurrences, that is a scan of all of
them (19 M rows, a minute of CPU at 100,000 articles) at every start after an import.
Here they are counts over every text in the cache, which :func:`count_text` adjusts
whenever a text's occurrences are written; the few cached texts that are no longer
current (an older version of an edited article) are taken out at reading time, from
their own occurrences. A store that had occurrences before these tables is counted
once, in one statement, the first time the counts are read (:func:`ensure_counted`).
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterator

from reader.store.database import Database, store_errors, write_transaction
from reader.store.settings import get_setting, set_setting

#: Set once the counts hold every cached text.
COUNTED_SETTING = "entities.counts_filled"

#: One text's keys, and its forms with their occurrences and whether it declares them:
#: what it adds to the counts (:func:`count_text`), or what a cached text that is no
#: longer current must be taken out for (:class:`Corrections`).
_TEXT_KEYS = """
    SELECT DISTINCT f.key FROM entity_occurrences o JOIN entity_forms f ON f.id = o.form_id
    WHERE o.text_id = ?
"""
_TEXT_FORMS = """
    SELECT form_id, count(*) AS occurrences, max(declared) AS declared
    FROM entity_occurrences WHERE text_id = ? GROUP BY form_id
"""
_KEY_TEXTS = f"""
    INSERT INTO entity_key_texts (key, texts)
    SELECT key, ? FROM ({_TEXT_KEYS}) WHERE true
    ON CONFLICT (key) DO UPDATE SET texts = texts + excluded.texts
"""
_FORM_COUNTS = f"""
    INSERT INTO entity_form_counts (form_id, occurrences, declared_texts)
    SELECT form_id, ? * occurrences, ? * declared FROM ({_TEXT_FORMS}) WHERE true
    ON CONFLICT (form_id) DO UPDATE SET
        occurrences = occurrences + excluded.occurrences,
        declared_texts = declared_texts + excluded.declared_texts
"""


def count_text(conn: sqlite3.Connection, text_id: int, sign: int) -> None:
    """Add (``sign`` 1) or take out (-1) one cached text's occurrences: called where
    occurrences are written, -1 before a text's are deleted and 1 once the new ones are
    in (caller holds the lock)."""
    conn.execute(_KEY_TEXTS, (sign, text_id))
    conn.execute(_FORM_COUNTS, (sign, sign, text_id))


def ensure_counted(db: Database) -> None:
    """Count every cached text once, if the counts were never filled (a store analysed
    before they existed): one statement each, memory flat."""
    if get_setting(db, COUNTED_SETTING, False):
        return
    with store_errors(db), write_transaction(db):
        conn = db.conn
        conn.execute("DELETE FROM entity_key_texts")
        conn.execute("DELETE FROM entity_form_counts")
        conn.execute(
            """
            INSERT INTO entity_key_texts (key, texts)
            SELECT f.key, count(DISTINCT o.text_id)
            FROM entity_occurrences o JOIN entity_forms f ON f.id = o.form_id GROUP BY f.key
            """
        )
        conn.execute(
            """
            INSERT INTO entity_form_counts (form_id, occurrences, declared_texts)
            SELECT form_id, count(*), count(DISTINCT CASE WHEN declared THEN text_id END)
            FROM entity_occurrences GROUP BY form_id
            """
        )
        set_setting(db, COUNTED_SETTING, True)


class Corrections:
    """What the cached texts that are not current add to the counts, to take out."""

    def __init__(self, db: Database, current: set[str]) -> None:
        self.keys: Counter[str] = Counter()
        self.forms: Counter[int] = Counter()
        self.declared: Counter[int] = Counter()
        conn = db.conn
        stale = [
            text_id
            for text_id, sha in conn.execute("SELECT id, text_sha256 FROM entity_analyses")
            if sha not in current
        ]
        for text_id in stale:
            for (key,) in conn.execute(_TEXT_KEYS, (text_id,)):
                self.keys[key] += 1
            for form_id, count, declared in conn.execute(_TEXT_FORMS, (text_id,)):
                self.forms[form_id] += count
                self.declared[form_id] += declared


def counted_forms(
    db: Database, min_texts: int, corrections: Corrections
) -> Iterator[tuple[str, str, str, int, int]]:
    """(key, kind, surface, occurrences, texts of the key) of every form written in the
    current texts whose key is in at least ``min_texts`` of them, in (key, kind,
    surface) order: what the scan of every occurrence grouped, read from the counts."""
    cursor = db.conn.execute(
        """
        SELECT f.key, f.kind, f.surface, c.form_id, c.occurrences, k.texts
        FROM entity_key_texts k JOIN entity_forms f ON f.key = k.key
        JOIN entity_form_counts c ON c.form_id = f.id
        WHERE k.texts >= ? AND c.occurrences > 0
        ORDER BY f.key, f.kind, f.surface
        """,
        (min_texts,),
    )
    keys, forms = corrections.keys, corrections.forms
    while rows := cursor.fetchmany(1024):
        for key, kind, surface, form_id, occurrences, texts in rows:
            texts -= keys.get(key, 0)
            occurrences -= forms.get(form_id, 0)
            if texts >= min_texts and occurrences > 0:
                yield key, kind, surface, occurrences, texts


def counted_organisations(db: Database, corrections: Corrections) -> Iterator[str]:
    """The key of every organisation a current text names, from the counts, as they
    come (a key once per form: the caller only reads them through)."""
    forms = corrections.forms
    for key, form_id, occurrences in db.conn.execute(
        """
        SELECT f.key, c.form_id, c.occurrences FROM entity_form_counts c
        JOIN entity_forms f ON f.id = c.form_id
        WHERE f.kind = 'organisation' AND c.occurrences > 0
        """
    ):
        if occurrences - forms.get(form_id, 0) > 0:
            yield str(key)


def counted_declarations(db: Database, corrections: Corrections) -> list[tuple[str, str, str, int]]:
    """(surface, key, kind, texts declaring it) of every abbreviation a current text
    declares, from the counts."""
    totals: Counter[tuple[str, str, str]] = Counter()
    declared = corrections.declared
    for surface, key, kind, form_id, texts in db.conn.execute(
        """
        SELECT f.surface, f.key, f.kind, c.form_id, c.declared_texts FROM entity_form_counts c
        JOIN entity_forms f ON f.id = c.form_id
        WHERE c.declared_texts > 0 AND f.surface_key != f.key
        """
    ):
        texts -= declared.get(form_id, 0)
        if texts > 0:
            totals[(str(surface), str(key), str(kind))] += texts
    return [(surface, key, kind, texts) for (surface, key, kind), texts in totals.items()]
