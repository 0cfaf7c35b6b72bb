"""A third story, from a field far from the other two: an invented fraud trial of a
listed company's chairman and finance chief (tests/gold/court_fraud), nine articles
by six outlets, five traditional and four simplified, with the debris of real news
(credit lines, reporters, editors, surnames with honorifics, a qualifier in brackets,
an English gloss, declared abbreviations, a compound surname jieba cuts off).

Its gold (tests/gold/court_fraud/gold.json) was written before the pipeline first ran
on it and is scored the way acceptance scores a hidden story: each article imported
as written and flipped to the other script, analysed once; a core or important name
counts when one entity holds it (and its listed other spellings) in every article
that writes it. None of its names is in the shipped lists.
"""

from __future__ import annotations

from pathlib import Path

from story_gold import (
    assert_acceptance,
    assert_flipped_copies_agree,
    folders,
    known_names,
    load_gold,
    story_fixture,
)

from reader.entities.analysis import analyze_pending
from reader.entities.linking import normalise_key
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import open_database

STORY = Path(__file__).resolve().parent / "gold" / "court_fraud"
GOLD = load_gold(STORY)
story = story_fixture(STORY)


def test_the_storys_names_are_not_in_the_shipped_lists() -> None:
    assert known_names(GOLD) == ["香港"]


def test_every_core_name_is_one_entity_and_the_other_figures_acceptance_asks(story) -> None:
    _db, _pairs, result = story
    assert_acceptance(result)


def test_surnames_with_honorifics_link_nothing(story) -> None:
    db, _pairs, _result = story
    for reference in ("陳先生", "王女士", "李女士"):
        assert entity_store.find_entity(db, reference) is None


def test_a_qualifier_in_brackets_keeps_its_place(story) -> None:
    """鼎灃物流（香港）有限公司 glosses nothing: every 香港 of that article is the place."""
    db, pairs, _result = story
    place = entity_store.find_entity(db, "香港")
    assert place is not None and place.kind.value == "place"
    article = pairs[4][0]
    mentions = entity_store.mentions(db, place.id, [article])
    assert len(mentions) >= 2


def test_flipping_the_script_gives_the_same_entities_and_mentions(story) -> None:
    db, pairs, _result = story
    assert_flipped_copies_agree(db, pairs)


def test_articles_arriving_in_two_batches_give_the_same_entities(story, tmp_path: Path) -> None:
    """Short forms are linked by what the whole corpus holds: the entities do not
    depend on which articles came first."""
    db, _pairs, _result = story
    originals, flipped = folders(STORY, tmp_path)
    later = tmp_path / "later"
    later.mkdir()
    for path in sorted(originals.glob("*.txt"))[5:] + sorted(flipped.glob("*.txt"))[5:]:
        path.rename(later / f"{path.parent.name}-{path.name}")
    other = open_database(tmp_path / "batches.db")
    import_paths(other, [originals, flipped])
    analyze_pending(other, processes=1)
    import_paths(other, [later])
    analyze_pending(other, processes=1)

    def entities(database) -> dict[str, tuple[str, int]]:
        return {
            normalise_key(e.name): (e.kind.value, e.articles)
            for e in entity_store.list_entities(database)
        }

    assert entities(other) == entities(db)
    other.conn.close()


def test_a_common_noun_shaped_like_an_organisation_is_no_entity(story) -> None:
    """上市公司 ("a listed company") is a word of jieba's tagged as an organisation; the
    corpus counts it (不少上市公司), so it is no name in any article."""
    db, _pairs, _result = story
    assert entity_store.find_entity(db, "上市公司") is None
