"""Entity queries that page (browser list, concordance, an entity's articles): the
pages put together are the whole answer, in order, and each is read through an index
in its order (no sort of every row: at 100,000 articles an entity is in tens of
thousands of them and there are hundreds of thousands of entities)."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.folding import fold_query
from reader.store import entities as entity_store
from reader.store import schema
from reader.store.database import Connection, Database, open_database

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture
def db(analysed: Path, tmp_path: Path):
    copy = tmp_path / "entities.db"
    shutil.copy(analysed, copy)
    database = open_database(copy)
    yield database
    database.conn.close()


def _browse_all(db: Database, limit: int, **filters: object) -> list[entity_store.EntitySummary]:
    pages, after = [], None
    while True:
        page = entity_store.browse_entities(db, after=after, limit=limit, **filters)  # type: ignore[arg-type]
        pages.extend(page)
        if len(page) < limit:
            return pages
        after = page[-1]


def test_browser_pages_put_together_are_every_entity_in_order(db: Database) -> None:
    everything = entity_store.list_entities(db, include_hidden=True)
    assert len(everything) > 12
    entity_store.hide(db, everything[3].id)
    everything = entity_store.list_entities(db, include_hidden=True)
    for limit in (1, 5, 7):
        assert [e.id for e in _browse_all(db, limit)] == [e.id for e in everything]
    assert [e.hidden for e in _browse_all(db, 5)] == [e.hidden for e in everything]
    assert entity_store.count_entities(db) == len(everything)
    for kind in {e.kind for e in everything}:
        expected = entity_store.list_entities(db, kind=kind, include_hidden=True)
        assert [e.id for e in _browse_all(db, 3, kind=kind)] == [e.id for e in expected]


def test_browser_filters_on_the_shown_name_in_either_script(db: Database) -> None:
    musk = entity_store.find_entity(db, "马斯克")
    assert musk is not None
    for typed in ("馬斯克", "马斯", "斯克"):
        found = _browse_all(db, 4, query=fold_query(typed))
        assert musk.id in {e.id for e in found}
        assert all(fold_query(typed) in fold_query(e.name) for e in found)
    entity_store.rename(db, musk.id, "伊隆·馬斯克")
    assert [e.id for e in _browse_all(db, 4, query=fold_query("伊隆"))] == [musk.id]
    assert musk.id not in {e.id for e in _browse_all(db, 4, query=fold_query("Grok"))}
    merged_into = entity_store.find_entity(db, "Grok3")
    part = entity_store.find_entity(db, "Grok")
    assert merged_into is not None and part is not None
    entity_store.merge(db, part.id, merged_into.id)
    assert part.id not in {e.id for e in _browse_all(db, 4, query=fold_query("grok"))}


def test_concordance_pages_put_together_are_the_whole_concordance(db: Database) -> None:
    top = entity_store.list_entities(db)[0]
    whole = entity_store.concordance(db, top.id, 10)
    lines = [(g.article_id, line) for g in whole for line in g.lines]
    assert len(lines) == top.mentions > 6
    for limit in (1, 4):
        paged: list[tuple[int, entity_store.ConcordanceLine]] = []
        after = None
        while True:
            page = entity_store.concordance(db, top.id, 10, limit=limit, after=after)
            paged.extend((g.article_id, line) for g in page for line in g.lines)
            if sum(len(g.lines) for g in page) < limit:
                break
            after = (page[-1].article_id, page[-1].lines[-1].start)
        assert paged == lines


def test_an_entitys_articles_page_by_article(db: Database) -> None:
    top = entity_store.list_entities(db)[0]
    (detail,) = entity_store.describe(db, [top.id])
    paged: list[tuple[int, int]] = []
    after = None
    while page := entity_store.entity_articles(db, top.id, after=after, limit=1):
        paged.extend((a.article_id, a.mentions) for a in page)
        after = page[-1].article_id
    assert paged == detail.articles
    assert len(paged) == top.articles > 1
    titles = {a.title for a in entity_store.entity_articles(db, top.id)}
    assert all(titles)
    assert entity_store.entity_names(db, top.id) == detail.aliases


def _plans(db: Database, call: Callable[[], object]) -> list[list[str]]:
    """The query plans of the statements ``call`` runs that read more than a row."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        db.conn.set_trace_callback(None)
    return [
        [row[-1] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        for sql in statements
        if "LIMIT" in sql or "ORDER BY" in sql
    ]


@pytest.mark.parametrize(
    ("name", "index"),
    [
        ("browser, first page", "entities_browse"),
        ("browser, next page", "entities_browse"),
        ("browser, filtered next page", "entities_browse"),
        ("concordance, next page", "entity_occurrences_entity"),
        ("an entity's articles, next page", "entity_occurrences_entity"),
    ],
)
def test_the_hot_entity_queries_read_an_index_in_order(db: Database, name: str, index: str) -> None:
    top = entity_store.list_entities(db)[0]
    first = entity_store.browse_entities(db, limit=3)
    calls: dict[str, Callable[[], object]] = {
        "browser, first page": lambda: entity_store.browse_entities(db, limit=3),
        "browser, next page": lambda: entity_store.browse_entities(db, after=first[-1], limit=3),
        "browser, filtered next page": lambda: entity_store.browse_entities(
            db, query="a", kind="person", after=first[-1], limit=3
        ),
        "concordance, next page": lambda: entity_store.concordance(
            db, top.id, 10, limit=3, after=(1, 0)
        ),
        "an entity's articles, next page": lambda: entity_store.entity_articles(
            db, top.id, after=1, limit=3
        ),
    }
    (plan,) = _plans(db, calls[name])
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any(index in step for step in plan), plan
    # A full scan of a table (a page's own few rows, materialised as m, are fine).
    assert not any(
        step.startswith("SCAN") and "USING" not in step and step != "SCAN m" for step in plan
    ), plan


def test_an_older_database_gets_the_shown_names_folded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    before = schema.MIGRATIONS.index(schema._entity_browsing)
    connection = sqlite3.connect(path, isolation_level=None)
    for step in schema.MIGRATIONS[:before]:
        step(Connection(connection))  # type: ignore[arg-type]
    connection.execute(f"PRAGMA user_version = {before}")
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    connection.execute(
        "INSERT INTO entities (id, key, name, kind, articles, mentions, created_at) "
        "VALUES (1, 'grok3', 'Grok 3', 'product', 2, 5, 't'), "
        "(2, '马斯克', '马斯克', 'person', 3, 9, 't')"
    )
    connection.execute(
        "INSERT INTO entity_curation (entity_id, name, updated_at) VALUES (2, '伊隆·馬斯克', 't')"
    )
    connection.close()
    upgraded = open_database(path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        assert [e.id for e in entity_store.browse_entities(upgraded)] == [2, 1]
        assert [e.id for e in entity_store.browse_entities(upgraded, query="grok 3")] == [1]
        assert [e.id for e in entity_store.browse_entities(upgraded, query="伊隆")] == [2]
    finally:
        upgraded.conn.close()


def test_no_entity_query_or_curation_reads_every_occurrence(db: Database) -> None:
    """An article's mentions, an entity's, a form's articles, merge and split: each
    statement on the occurrences reads them through the primary key or a partial
    index, never by a scan of them all (19 M rows at 100,000 articles)."""
    from reader.store.entities.resolution import articles_mentioning

    top = entity_store.list_entities(db)
    article = entity_store.entity_articles(db, top[0].id)[0].article_id
    other = entity_store.entity_articles(db, top[1].id)[0].article_id
    spelled = next(e for e in top[5:] if len(entity_store.entity_names(db, e.id)) >= 2)
    calls: list[Callable[[], object]] = [
        lambda: entity_store.article_mentions(db, article),
        lambda: entity_store.entities_for_article(db, article),
        lambda: entity_store.shared_entities(db, article, other),
        lambda: entity_store.list_entities(db, article_id=article),
        lambda: entity_store.mentions(db, top[0].id),
        lambda: entity_store.describe(db, [top[0].id]),
        lambda: entity_store.find_entity(db, "无人写过的名字"),
        lambda: articles_mentioning(db.conn, ["马斯克"]),
        lambda: entity_store.merge(db, top[3].id, top[2].id),
        lambda: entity_store.split(db, spelled.id, entity_store.entity_names(db, spelled.id)[-1]),
        lambda: entity_store.add_alias(db, top[4].id, entity_store.entity_names(db, top[6].id)[0]),
        lambda: entity_store.find_entity(db, entity_store.entity_names(db, top[7].id)[0]),
    ]
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        for call in calls:
            call()
    finally:
        db.conn.set_trace_callback(None)
    read = [sql for sql in statements if "entity_occurrences" in sql]
    assert len(read) >= len(calls)
    # a form's mentions: through the entities written that way (entity_surfaces)
    assert len([sql for sql in read if "entity_surfaces s" in sql]) >= 2
    for sql in read + [sql for sql in statements if "entity_surfaces s" in sql]:
        plan = [row[-1] for row in db.conn.execute("EXPLAIN QUERY PLAN " + sql)]
        # a SCAN of the table, or of one of its indexes, reads every row
        scans = [step for step in plan if step.split()[:2][-1:] in READ_BY_INDEX]
        assert not [step for step in scans if step.startswith("SCAN")], (sql, plan)
        assert "entity_occurrences_form" not in " ".join(plan)


OCC = "entity_occurrences"
#: The occurrences (o, b) and the spellings of the entities (s, 1.4 M rows at
#: 100,000 articles) are read through an index, never whole.
READ_BY_INDEX = (["o"], ["b"], [OCC], ["s"], ["entity_surfaces"])


def _form_entities(db: Database, key: str) -> tuple[set[int], set[int]]:
    """The entities with a mention written ``key``: through ``entity_surfaces`` (as
    the store finds them) and from the occurrences themselves, read whole."""
    from reader.store.entities.resolution import form_entities

    through = {row[0] for row in db.conn.execute(form_entities(1), (key,))}
    whole = {
        row[0]
        for row in db.conn.execute(
            "SELECT DISTINCT o.entity_id FROM entity_occurrences o NOT INDEXED "
            "JOIN entity_forms f ON f.id = o.form_id "
            "WHERE o.entity_id IS NOT NULL AND f.surface_key = ?",
            (key,),
        )
    }
    return through, whole


#: The articles with a mention written one way, as schema 24 found them (through its
#: index of forms, where it has one).
OLD_FORM_SQL = """
    SELECT DISTINCT t.article_id, t.text_sha256, t.analyzer
    FROM entity_occurrences o JOIN entity_texts t ON t.text_id = o.text_id
    WHERE o.entity_id IS NOT NULL AND o.form_id IN (
        SELECT id FROM entity_forms WHERE surface_key = ?) ORDER BY t.article_id
"""


def _articles_by_form(
    conn: sqlite3.Connection, sql: str, key: str
) -> dict[str, list[tuple[int, str]]]:
    """``sql``'s articles in the shape ``articles_mentioning`` answers."""
    found: dict[str, dict[int, str]] = {}
    for article_id, sha, analyzer in conn.execute(sql, (key,)):
        found.setdefault(analyzer, {})[article_id] = sha
    return {analyzer: sorted(articles.items()) for analyzer, articles in found.items()}


def test_a_forms_mentions_are_those_of_the_entities_written_that_way(db: Database) -> None:
    """Without an index of the occurrences' forms (migration 25), a form's mentions are
    found through the entities ``entity_surfaces`` has for its spelling: the same
    entities and the same articles as reading every occurrence, before and after a
    merge, a split and a name assigned."""
    from reader.store.entities.resolution import articles_mentioning

    indexes = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert "entity_occurrences_form" not in indexes
    assert "entity_surfaces_surface" in indexes
    keys = [row[0] for row in db.conn.execute("SELECT DISTINCT surface_key FROM entity_forms")]
    top = entity_store.list_entities(db)
    spelled = next(e for e in top[5:] if len(entity_store.entity_names(db, e.id)) >= 2)

    def check() -> None:
        compared = 0
        for key in keys:
            through, whole = _form_entities(db, key)
            assert through == whole, key
            whole_sql = OLD_FORM_SQL.replace(
                "entity_occurrences o", "entity_occurrences o NOT INDEXED"
            )
            assert articles_mentioning(db.conn, [key]) == _articles_by_form(db.conn, whole_sql, key)
            compared += bool(whole)
        assert compared > 50

    check()
    entity_store.merge(db, top[3].id, top[2].id)
    entity_store.split(db, spelled.id, entity_store.entity_names(db, spelled.id)[-1])
    entity_store.add_alias(db, top[4].id, entity_store.entity_names(db, top[6].id)[0])
    check()


def test_a_schema_24_store_loses_the_index_of_forms_and_answers_the_same(
    analysed: Path, tmp_path: Path
) -> None:
    """Migration 25 on a store that has ``entity_occurrences_form``: the index is
    dropped, the spellings get theirs, and a form's articles are what the old index
    found."""
    from reader.store.entities.resolution import articles_mentioning

    path = tmp_path / "schema24.db"
    shutil.copy(analysed, path)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.executescript(
        f"""
        DROP INDEX entity_surfaces_surface;
        CREATE INDEX entity_occurrences_form ON entity_occurrences(form_id)
        WHERE entity_id IS NOT NULL;
        PRAGMA user_version = {schema.MIGRATIONS.index(schema._entity_forms_by_surface)};
        """
    )
    keys = [row[0] for row in connection.execute("SELECT DISTINCT surface_key FROM entity_forms")]
    plan = " ".join(
        row[-1] for row in connection.execute("EXPLAIN QUERY PLAN " + OLD_FORM_SQL, ("",))
    )
    assert "entity_occurrences_form" in plan  # as schema 24 answered it
    old = {key: _articles_by_form(connection, OLD_FORM_SQL, key) for key in keys}
    connection.close()
    assert sum(bool(found) for found in old.values()) > 50
    upgraded = open_database(path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        names = {row[0] for row in upgraded.conn.execute("SELECT name FROM sqlite_master")}
        assert "entity_occurrences_form" not in names
        assert "entity_surfaces_surface" in names
        assert {key: articles_mentioning(upgraded.conn, [key]) for key in old} == old
    finally:
        upgraded.conn.close()
