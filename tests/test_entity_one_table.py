"""Mentions stored once, on the occurrences of the texts articles show: articles that
show the same text share its rows, and the counts kept incrementally are always the
ones a recount from the rows gives, whatever is written, changed or curated."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_article

from reader.entities.analysis import analyze_pending
from reader.store import corpus_names
from reader.store import entities as entity_store
from reader.store.database import Database, open_database, write_transaction
from reader.store.entities.resolution import recount

REPO = Path(__file__).resolve().parent.parent
STORY = sorted((REPO / "tests" / "gold" / "court_fraud").glob("*.txt"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "one.db")
    yield database
    database.conn.close()


def _kept(db: Database) -> tuple[list[tuple], list[tuple]]:
    return (
        db.conn.execute("SELECT id, articles, mentions FROM entities ORDER BY id").fetchall(),
        db.conn.execute("SELECT * FROM entity_surfaces ORDER BY 1, 2, 3").fetchall(),
    )


def assert_counts_are_a_recount(db: Database) -> None:
    """The counts and surface forms kept are those recounted from the rows."""
    kept = _kept(db)
    ids = [row[0] for row in db.conn.execute("SELECT id FROM entities")]
    db.conn.execute("SAVEPOINT recount")
    try:
        recount(db.conn, ids)
        recounted = _kept(db)
    finally:
        db.conn.execute("ROLLBACK TO recount")
        db.conn.execute("RELEASE recount")
    assert kept == recounted


def unshown_with_entities(db: Database) -> int:
    """Occurrences carrying an entity in a text no article shows (should be none)."""
    return db.conn.execute(
        "SELECT count(*) FROM entity_occurrences WHERE entity_id IS NOT NULL "
        "AND text_id NOT IN (SELECT text_id FROM entity_texts WHERE text_id IS NOT NULL)"
    ).fetchone()[0]


def test_two_articles_showing_one_text_share_its_rows(db: Database) -> None:
    text = _text(STORY[0])
    first = add_article(db, text, "/c/a.txt")
    second = add_article(db, text, "/c/b.txt")
    analyze_pending(db, processes=1)
    assert db.conn.execute("SELECT count(DISTINCT text_id) FROM entity_texts").fetchone()[0] == 1
    mentions = entity_store.article_mentions(db, first)
    assert mentions and mentions == entity_store.article_mentions(db, second)
    top = entity_store.list_entities(db)[0]
    assert top.articles == 2
    assert top.mentions == 2 * len([m for m in mentions if m.entity_id == top.id])
    # each article once in the entity's list, paged one at a time
    paged, after = [], None
    while page := entity_store.entity_articles(db, top.id, after=after, limit=1):
        paged.extend(a.article_id for a in page)
        after = page[-1].article_id
    assert paged == [first, second]
    lines = [g.article_id for g in entity_store.concordance(db, top.id)]
    assert sorted(lines) == sorted([first, second] * (top.mentions // 2))
    assert_counts_are_a_recount(db)

    # one of them changes: the other keeps the text's mentions, counted once
    add_article(db, _text(STORY[1]), "/c/a.txt")
    analyze_pending(db, processes=1)
    shown = entity_store.article_mentions(db, second)
    (sha,) = db.conn.execute(
        "SELECT text_sha256 FROM entity_texts WHERE article_id = ?", (second,)
    ).fetchone()
    assert shown and [(m.start, m.end) for m in shown] == [
        (start, end) for start, end, *_rest in corpus_names.occurrences(db, sha)
    ]
    assert entity_store.get_entity(db, top.id).articles >= 1
    assert_counts_are_a_recount(db)
    assert unshown_with_entities(db) == 0

    # and then the other: the text is shown by none, its rows carry no entity
    add_article(db, _text(STORY[2]), "/c/b.txt")
    analyze_pending(db, processes=1)
    assert_counts_are_a_recount(db)
    assert unshown_with_entities(db) == 0
    old_text = db.conn.execute(
        "SELECT count(*) FROM entity_occurrences WHERE entity_id IS NULL"
    ).fetchone()[0]
    assert old_text == len(corpus_names.occurrences(db, sha))  # kept, unresolved


def test_counts_follow_reanalysis_and_curation(db: Database) -> None:
    for number, path in enumerate(STORY):
        add_article(db, _text(path), f"/c/{number}.txt")
    add_article(db, _text(STORY[0]), "/c/copy.txt")  # a text two articles show
    analyze_pending(db, processes=1)
    assert_counts_are_a_recount(db)
    top = entity_store.list_entities(db)
    entity_store.merge(db, top[1].id, top[0].id)
    assert_counts_are_a_recount(db)
    spelled = [e for e in top[2:] if len(entity_store.entity_names(db, e.id)) >= 2]
    entity_store.split(db, spelled[0].id, entity_store.entity_names(db, spelled[0].id)[-1])
    assert_counts_are_a_recount(db)
    # analysed again (another analyser's cache): every text's mentions replaced
    with write_transaction(db):
        db.conn.execute("UPDATE entity_analyses SET analyzer = 'older'")
    before = _kept(db)
    analyze_pending(db, processes=1)
    assert _kept(db) == before
    assert_counts_are_a_recount(db)
    assert unshown_with_entities(db) == 0


def test_a_text_no_article_shows_is_resolved_when_one_shows_it_again(db: Database) -> None:
    article = add_article(db, _text(STORY[0]), "/c/a.txt")
    analyze_pending(db, processes=1)
    first = entity_store.article_mentions(db, article)
    add_article(db, _text(STORY[1]), "/c/a.txt")
    analyze_pending(db, processes=1)
    add_article(db, _text(STORY[0]), "/c/a.txt")  # back to the first text
    report = analyze_pending(db, processes=1)
    assert report.analysed == 0  # from the cache
    assert entity_store.article_mentions(db, article) == first
    assert_counts_are_a_recount(db)


def test_a_text_saved_again_keeps_what_was_found_again(db: Database) -> None:
    """An occurrence found again as it was keeps its row and entity; one that went is
    taken out of the counts at once, a new one waits for the articles' resolution,
    which they are marked for: the counts match the rows at every step."""
    first = add_article(db, _text(STORY[0]), "/c/a.txt")
    add_article(db, _text(STORY[0]), "/c/b.txt")
    analyze_pending(db, processes=1)
    (sha,) = db.conn.execute(
        "SELECT text_sha256 FROM entity_texts WHERE article_id = ?", (first,)
    ).fetchone()
    found = corpus_names.occurrences(db, sha)
    assert len(found) > 3
    start, end, surface, skey, key, kind, declared = found[0]
    moved = (
        start,
        end,
        surface,
        skey,
        key,
        "organisation" if kind != "organisation" else "person",
        declared,
    )
    changed = [moved, *found[2:]]  # the first changed, the second gone
    with write_transaction(db):
        entity_store.save_analysis(db, sha, "test", changed)
        kept = db.conn.execute(
            "SELECT count(*) FROM entity_occurrences o JOIN entity_analyses a ON a.id = o.text_id "
            "WHERE a.text_sha256 = ? AND o.entity_id IS NOT NULL",
            (sha,),
        ).fetchone()[0]
        assert kept == len(found) - 2
        assert_counts_are_a_recount(db)
        stale = entity_store.stale_articles(db, "test")
        assert [article for article, _sha in stale] == [first, first + 1]
        entity_store.rebuild_mentions(db, entity_store.Resolver(db), stale, "test")
    assert len(entity_store.article_mentions(db, first)) == len(changed)
    assert_counts_are_a_recount(db)
    assert unshown_with_entities(db) == 0
