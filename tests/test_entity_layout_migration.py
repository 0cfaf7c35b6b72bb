"""An analysed store from before the compact entity layout, brought to it in place.

The store is analysed (the seed corpus, and a gold story in both scripts) and curated
with the current code, every entity query answered, then its analysis cache is put
back in the layout of schema 19 (the hash and four strings in every occurrence row:
checked against a store migrated only that far) and the file reopened. Every query
must answer exactly as before, straight after the conversion and again once every
article's mentions are rebuilt from the converted cache; a conversion killed half way
must resume and lose nothing.
"""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import to_old_entity_layout, to_schema_22_mentions

from reader.entities.analysis import analyze_pending, analyzer_id
from reader.entities.kinds import EntityKind
from reader.importer import import_paths, sync_corpus
from reader.store import corpus_names, schema
from reader.store import entities as entity_store
from reader.store.articles import list_articles
from reader.store.database import Database, open_database, write_transaction

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"
STORY = REPO / "tests" / "gold" / "court_fraud"

CONVERT_SLOWLY = """
import sys, time
from reader.store import entity_layout
from reader.store.database import open_database
entity_layout.CONVERSION_BATCH = 1

def progress(done, total):
    print(done, total, flush=True)
    time.sleep(0.2)

open_database(sys.argv[1], progress=progress)
print("finished", flush=True)
"""


def curate(db: Database) -> None:
    """A merge, a chosen name, a chosen kind, a hidden entity, an alias and a split."""
    top = entity_store.list_entities(db)
    entity_store.merge(db, top[3].id, top[2].id)
    entity_store.rename(db, top[0].id, "改过的名字")
    entity_store.set_kind(db, top[1].id, EntityKind.ORGANISATION)
    entity_store.hide(db, top[4].id)
    spelled = [
        (entity.id, names)
        for entity in top[5:]
        if len(names := entity_store.entity_names(db, entity.id)) >= 2
    ]
    entity_store.add_alias(db, top[5].id, "另一个名字")
    entity_id, names = spelled[0]
    entity_store.split(db, entity_id, names[-1])


def analysed_store(root: Path) -> Path:
    path = root / "store.db"
    db = open_database(path)
    try:
        sync_corpus(db, CORPUS)
        import_paths(db, sorted(STORY.glob("*.txt")))
        analyze_pending(db, processes=1)
        curate(db)
    finally:
        db.conn.close()
    return path


def answers(path: Path) -> dict[str, object]:
    """What every entity query answers, and the rows curation and analysis keep."""
    db = open_database(path)
    try:
        found: dict[str, object] = {}
        every = entity_store.list_entities(db, include_hidden=True)
        ids = [entity.id for entity in every]
        articles = [article.id for article in list_articles(db)]
        found["list"] = every
        found["linked"] = entity_store.list_entities(db, linked=True)
        found["people"] = entity_store.list_entities(db, kind=EntityKind.PERSON)
        found["describe"] = entity_store.describe(db, ids)
        found["browse"] = entity_store.browse_entities(db, limit=10_000)
        found["count"] = entity_store.count_entities(db)
        found["counts"] = entity_store.entity_counts(db)
        for article in articles:
            found[f"article {article}"] = (
                entity_store.entities_for_article(db, article),
                entity_store.article_mentions(db, article),
                entity_store.list_entities(db, article_id=article),
                entity_store.shared_entities(db, article, articles[0]),
            )
        for entity in ids:
            found[f"entity {entity}"] = (
                entity_store.get_entity(db, entity),
                entity_store.mentions(db, entity),
                entity_store.concordance(db, entity),
                entity_store.entity_articles(db, entity),
                entity_store.entity_names(db, entity),
            )
        for summary in every:
            found[f"find {summary.name}"] = entity_store.find_entity(db, summary.name)
        found["recurring"] = corpus_names.recurring_names(db, 2)
        found["organisations"] = corpus_names.organisation_keys(db)
        found["declared"] = corpus_names.declared_names(db)
        found["occurrences"] = {
            sha: corpus_names.occurrences(db, sha) for sha, _text in corpus_names.current_texts(db)
        }
        found["pending"] = entity_store.pending_texts(db, analyzer_id())
        found["stale"] = entity_store.stale_articles(db, analyzer_id())
        for table in ("entity_curation", "entity_name_curation", "entities", "entity_surfaces"):
            found[table] = db.conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
        found["entity_texts"] = db.conn.execute(
            "SELECT article_id, text_sha256, analyzer FROM entity_texts ORDER BY 1"
        ).fetchall()
        # each article's mentions: its current text's occurrences, with their entity
        found["entity_mentions"] = db.conn.execute(
            "SELECT t.article_id, o.start_offset, o.length, o.entity_id, f.surface, "
            "f.surface_key, f.key, f.kind FROM entity_texts t "
            "JOIN entity_occurrences o ON o.text_id = t.text_id "
            "JOIN entity_forms f ON f.id = o.form_id WHERE o.entity_id IS NOT NULL ORDER BY 1, 2"
        ).fetchall()
        # the occurrences of texts no article shows carry no entity
        found["unshown"] = db.conn.execute(
            "SELECT count(*) FROM entity_occurrences WHERE entity_id IS NOT NULL "
            "AND text_id NOT IN (SELECT text_id FROM entity_texts WHERE text_id IS NOT NULL)"
        ).fetchone()
        found["analyses"] = db.conn.execute(
            "SELECT text_sha256, analyzer, analyzed_at FROM entity_analyses ORDER BY 1"
        ).fetchall()
        return found
    finally:
        db.conn.close()


def rebuild_every_article(path: Path) -> None:
    """Resolve every article's mentions again from the analysis cache (nothing is
    analysed again: every text is analysed by the current analyser)."""
    db = open_database(path)
    try:
        with write_transaction(db):
            # every article stale (no analyser), its text kept
            db.conn.execute("UPDATE entity_texts SET analyzer = ''")
        report = analyze_pending(db, processes=1)
        assert report.analysed == 0 and report.articles > 0
    finally:
        db.conn.close()


def columns(connection: sqlite3.Connection, table: str) -> list[tuple]:
    return connection.execute(f"PRAGMA table_info({table})").fetchall()


@pytest.fixture(scope="module")
def before(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, object]]:
    """The analysed, curated store (new layout, mentions rebuilt from the cache once,
    as the comparison after migrating does) and its answers."""
    path = analysed_store(tmp_path_factory.mktemp("entity_layout"))
    rebuild_every_article(path)
    return path, answers(path)


def old_copy(before: tuple[Path, dict[str, object]], tmp_path: Path) -> Path:
    path = tmp_path / "old.db"
    shutil.copy(before[0], path)
    to_old_entity_layout(path)
    return path


def fresh_layout(tmp_path: Path, before_step: Callable[[Database], None]) -> sqlite3.Connection:
    """A new store migrated up to (not including) ``before_step``, for comparing a
    store put back in an older layout with one that really had it."""
    fresh = sqlite3.connect(tmp_path / "fresh.db", isolation_level=None)
    fresh.execute("BEGIN")
    for step in schema.MIGRATIONS[: schema.MIGRATIONS.index(before_step)]:
        step(_Bare(fresh))  # type: ignore[arg-type]
    fresh.execute("COMMIT")
    return fresh


def test_the_old_layout_here_is_schema_19s(tmp_path: Path, before) -> None:
    """The store put back is what a store migrated to 19 had, column for column."""
    path = old_copy(before, tmp_path)
    fresh = fresh_layout(tmp_path, schema._entity_occurrence_layout)
    old = sqlite3.connect(path)
    try:
        for table in ("entity_analyses", "entity_occurrences", "entity_mentions"):
            assert columns(old, table) == columns(fresh, table)
        old_count = old.execute("SELECT count(*) FROM entity_occurrences").fetchone()[0]
        assert old_count > 500
    finally:
        fresh.close()
        old.close()


class _Bare:
    """The one attribute the migrations use."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.conn = connection


def test_a_migrated_store_answers_every_query_as_before(tmp_path: Path, before) -> None:
    path = old_copy(before, tmp_path)
    seen: list[tuple[int, int]] = []
    open_database(path, progress=lambda done, total: seen.append((done, total))).conn.close()
    rows = to_convert(before[1])
    seen = [(done, total) for done, total in seen if total == rows]  # not the search's
    assert seen and seen[-1] == (rows, rows)
    assert [done for done, _total in seen] == sorted({done for done, _total in seen})
    connection = sqlite3.connect(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert "entity_occurrences_old" not in tables
        assert "entity_layout_conversion" not in tables
        assert connection.execute("PRAGMA user_version").fetchone()[0] == schema.LATEST_VERSION
    finally:
        connection.close()
    assert answers(path) == before[1]
    rebuild_every_article(path)
    assert answers(path) == before[1]


def to_convert(found: dict[str, object]) -> int:
    """Texts and articles to convert: a batch each (``CONVERSION_BATCH = 1``)."""
    return len(found["analyses"]) + len(found["entity_texts"])  # type: ignore[arg-type]


#: Mentions moved (articles) in the conversion: those on the occurrences of the
#: articles' texts, and those left in the old table, never on both.
MENTIONS_BOTH = """
    SELECT count(*) FROM entity_mentions_old o
    JOIN entity_texts t ON t.article_id = o.article_id
    JOIN entity_occurrences n ON n.text_id = t.text_id AND n.entity_id IS NOT NULL
"""
MENTIONS_NEW = """
    SELECT count(DISTINCT t.article_id), count(*) FROM entity_texts t
    JOIN entity_occurrences n ON n.text_id = t.text_id WHERE n.entity_id IS NOT NULL
"""


@pytest.mark.parametrize(
    ("layout", "table"), [(19, "occurrences"), (19, "mentions"), (22, "mentions")]
)
def test_a_conversion_killed_half_way_resumes_and_loses_nothing(
    tmp_path: Path, before, layout: int, table: str
) -> None:
    """Killed with SIGKILL three batches into converting ``table`` from the layout of
    schema ``layout``: resumed, every answer is the one before."""
    if layout == 19:
        path = old_copy(before, tmp_path)
        texts = len(before[1]["analyses"])  # type: ignore[arg-type]
        rows = to_convert(before[1])
    else:
        path = schema_22_copy(before, tmp_path)
        texts, rows = 0, len(before[1]["entity_texts"])  # type: ignore[arg-type]
    stop = 3 if table == "occurrences" else texts + 3
    process = subprocess.Popen(
        [sys.executable, "-c", CONVERT_SLOWLY, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    batches: list[str] = []
    while len(batches) < stop:  # the search's re-indexing reports first: not counted
        line = process.stdout.readline()
        if line.split()[1:] == [str(rows)]:
            batches.append(line)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert [line.split() for line in batches] == [[str(n), str(rows)] for n in range(1, stop + 1)]
    connection = sqlite3.connect(path)
    try:
        done = dict(connection.execute("SELECT task, done FROM entity_layout_conversion"))
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        if table == "occurrences":
            both = (
                "SELECT count(*) FROM entity_occurrences_old o "
                "JOIN entity_analyses a ON a.text_sha256 = o.text_sha256 "
                "JOIN entity_occurrences n ON n.text_id = a.id"
            )
            new_rows = "SELECT count(DISTINCT text_id), count(*) FROM entity_occurrences"
            expected = sum(len(found) for found in before[1]["occurrences"].values())  # type: ignore[attr-defined]
            old = connection.execute(
                "SELECT count(DISTINCT text_sha256), count(*) FROM entity_occurrences_old"
            ).fetchone()
        else:
            both, new_rows = MENTIONS_BOTH, MENTIONS_NEW
            expected = len(before[1]["entity_mentions"])  # type: ignore[arg-type]
            assert "entity_occurrences_old" not in tables  # the occurrences were done first
            old = connection.execute(
                "SELECT count(DISTINCT article_id), count(*) FROM entity_mentions_old"
            ).fetchone()
        new = connection.execute(new_rows).fetchone()
        in_both = connection.execute(both).fetchone()[0]
        # the indexes of the one table are built at the end
        assert "entity_occurrences_entity" not in tables
    finally:
        connection.close()
    # stopped part way through, each text or article in one table or the other, never both
    assert done[table] == 3 == new[0] and old[0] > 0 and in_both == 0
    assert old[1] + new[1] == expected

    seen: list[tuple[int, int]] = []
    open_database(path, progress=lambda done, total: seen.append((done, total))).conn.close()
    seen = [(done, total) for done, total in seen if total == rows]  # not the search's
    assert stop < seen[0][0] <= rows  # it resumed where it stopped
    assert seen[-1] == (rows, rows)
    assert answers(path) == before[1]
    rebuild_every_article(path)
    assert answers(path) == before[1]


def schema_22_copy(before: tuple[Path, dict[str, object]], tmp_path: Path) -> Path:
    path = tmp_path / "schema22.db"
    shutil.copy(before[0], path)
    to_schema_22_mentions(path)
    return path


def test_the_mentions_put_back_are_schema_22s(tmp_path: Path, before) -> None:
    """The store put back in the layout before the one table of occurrences (schemas
    22 and 23) is what a store migrated that far had."""
    path = schema_22_copy(before, tmp_path)
    fresh = fresh_layout(tmp_path, schema._entity_one_table)
    old = sqlite3.connect(path)
    try:
        for table in ("entity_analyses", "entity_occurrences", "entity_mentions", "entity_texts"):
            assert columns(old, table) == columns(fresh, table)
        indexes = "SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name"
        assert old.execute(indexes).fetchall() == fresh.execute(indexes).fetchall()
        assert old.execute("SELECT count(*) FROM entity_mentions").fetchone()[0] > 500
    finally:
        fresh.close()
        old.close()


def test_a_schema_22_store_answers_every_query_as_before(tmp_path: Path, before) -> None:
    """Mentions moved onto the occurrences, texts numbered in their articles' order
    (they were in hash order), the old table dropped and the file vacuumed."""
    path = schema_22_copy(before, tmp_path)
    connection = sqlite3.connect(path)
    by_article = (
        "SELECT a.id FROM entity_texts t JOIN entity_analyses a "
        "ON a.text_sha256 = t.text_sha256 ORDER BY t.article_id"
    )
    order = [row[0] for row in connection.execute(by_article)]
    connection.close()
    assert order != sorted(order)
    open_database(path).conn.close()
    connection = sqlite3.connect(path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert not tables & {"entity_mentions", "entity_mentions_old", "entity_layout_conversion"}
        assert "entity_occurrences_entity" in tables
        assert "entity_occurrences_form" not in tables  # dropped by migration 25
        # text ids follow the articles that show them
        order = [row[0] for row in connection.execute(by_article)]
        assert order == sorted(order)
    finally:
        connection.close()
    assert answers(path) == before[1]
    rebuild_every_article(path)
    assert answers(path) == before[1]


def test_a_new_store_has_nothing_to_convert(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        tables = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    finally:
        db.conn.close()
    assert "entity_forms" in tables
    assert not tables & {"entity_occurrences_old", "entity_layout_conversion"}
