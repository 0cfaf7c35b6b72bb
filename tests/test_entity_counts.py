"""The analysis cache's counts (reader.store.entities.counts) against a read of every
occurrence, on the gold story corpora analysed and spread by the real pipeline: the
recurring names, organisation keys and declared abbreviations spreading reads from the
counts are those the scan of the current texts finds, also once an article was edited
(its old text stays in the cache, no longer current), and counting as texts are
written gives what one count of the whole cache gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from story_gold import folders

from reader.entities.analysis import analyze_pending
from reader.importer import import_paths
from reader.store import corpus_names
from reader.store.database import Database, open_database
from reader.store.entities import counts
from reader.store.settings import set_setting

GOLD = Path(__file__).resolve().parent / "gold"


def assert_counts_are_the_scan(db: Database) -> None:
    current = {sha for sha, _version in corpus_names.current_versions(db)}
    corrections = counts.Corrections(db, current)
    scanned = corpus_names.recurring_names(db, 2)
    assert len(scanned) > 10
    assert corpus_names.counted_recurring_names(db, 2, corrections) == scanned
    assert set(counts.counted_organisations(db, corrections)) == corpus_names.organisation_keys(db)
    assert sorted(counts.counted_declarations(db, corrections)) == sorted(
        corpus_names.declared_names(db)
    )


def table(db: Database, name: str, positive: str) -> list[tuple]:
    return db.conn.execute(f"SELECT * FROM {name} WHERE {positive} > 0 ORDER BY 1").fetchall()


@pytest.mark.parametrize("story", ["court_fraud", "estate_fire"])
def test_counted_names_are_the_scanned_ones(story: str, tmp_path: Path) -> None:
    originals, flipped = folders(GOLD / story, tmp_path)
    db = open_database(tmp_path / "store.db")
    import_paths(db, [originals, flipped])
    analyze_pending(db, processes=1)
    assert_counts_are_the_scan(db)
    if story == "court_fraud":
        assert corpus_names.declared_names(db)  # the story declares abbreviations
    # an edited article: its old text stays cached, no longer current
    edited = sorted(originals.glob("*.txt"))[0]
    text = edited.read_text(encoding="utf-8")
    edited.write_text(text[: len(text) // 2], encoding="utf-8")
    import_paths(db, [originals])
    analyze_pending(db, processes=1)
    stale = db.conn.execute("SELECT count(*) FROM entity_analyses").fetchone()[0]
    assert stale > len(corpus_names.current_versions(db))
    assert_counts_are_the_scan(db)
    # kept as written = counted at once
    kept = table(db, "entity_key_texts", "texts"), table(db, "entity_form_counts", "occurrences")
    set_setting(db, counts.COUNTED_SETTING, False)
    counts.ensure_counted(db)
    assert (
        table(db, "entity_key_texts", "texts"),
        table(db, "entity_form_counts", "occurrences"),
    ) == kept
    db.conn.close()
