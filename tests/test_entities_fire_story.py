"""Names discovered from the corpus, end to end: an invented fire in a housing estate
(tests/gold/estate_fire), eight articles by several outlets in both scripts.

None of the story's names is known to jieba or the shipped lists, and several are cut
or glued wrongly by sentence-level extraction alone (a head of government jieba cuts
羅家/俊, blocks written after their estate, a district written bare and with 區). The
corpus's own statistics must make each one entity across scripts and articles, with
no fragment of one as an entity; and articles arriving in two batches must give the
entities one batch gives.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from story_gold import assert_flipped_copies_agree, build, folders

from reader.entities.analysis import analyze_pending
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.folding import fold_query
from reader.importer import import_paths
from reader.store import discovered
from reader.store import entities as entity_store
from reader.store.articles import get_article
from reader.store.database import open_database

STORY = Path(__file__).resolve().parent / "gold" / "estate_fire"
CORE = [
    "嘉晴苑",
    "晴翠閣",
    "晴碧閣",
    "晴峰閣",
    "秀湄",
    "秀湄區",
    "羅家俊",
    "鍾柏熙",
    "龐子軒",
    "溫淑儀",
    "消防處",
    "保安局",
    "樓宇安全署",
    "廉政監察署",
    "慈恩醫院",
    "宏耀工程有限公司",
]
NAMES = {*CORE, "秀湄裁判法院", "東灣日報", "港聲新聞網", "晨光報", "南岸快訊", "東岸時報"}
FRAGMENTS = ["溫淑", "羅家", "樓宇安全", "慈恩", "苑晴翠閣", "嘉晴苑晴翠閣", "嘉晴苑晴碧閣"]


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    db, pairs = build(STORY, tmp_path_factory.mktemp("fire"))
    assert len(pairs) == 8
    yield db, pairs
    db.conn.close()


def _entities_by_name(db) -> dict[str, list[int]]:
    found = {}
    for entity in entity_store.list_entities(db):
        detail = entity_store.describe(db, [entity.id])[0]
        found[entity.name] = sorted(article_id for article_id, _ in detail.articles)
    return found


def test_story_names_are_not_in_the_shipped_lists() -> None:
    known = lexicon().kinds
    assert [name for name in NAMES if normalise_key(name) in known] == []


def test_core_names_are_one_entity_in_every_article_and_script(story) -> None:
    db, pairs = story
    for name in CORE:
        entity = entity_store.find_entity(db, name)
        assert entity is not None, name
        detail = entity_store.describe(db, [entity.id])[0]
        found = {article_id for article_id, _ in detail.articles}
        longer = [fold_query(other) for other in NAMES if name in other and other != name]
        for original, copy in pairs:
            text = fold_query(get_article(db, original).clean_text)
            for other in longer:
                text = text.replace(other, "")
            if fold_query(name) in text:
                assert {original, copy} <= found, (name, original)


def test_no_fragment_or_glued_form_is_an_entity(story) -> None:
    db, _pairs = story
    names = {normalise_key(e.name) for e in entity_store.list_entities(db)}
    assert [f for f in FRAGMENTS if normalise_key(f) in names] == []


def test_the_entities_of_several_articles_are_names(story) -> None:
    db, _pairs = story
    names = {normalise_key(name) for name in NAMES}
    widespread = [e for e in entity_store.list_entities(db) if e.articles >= 3]
    assert len(widespread) >= len({entity_store.find_entity(db, name).id for name in CORE})
    assert [e.name for e in widespread if normalise_key(e.name) not in names] == []


def test_a_place_with_and_without_its_unit_is_one_entity(story) -> None:
    """秀湄區 and the bare 秀湄 name one district: one entity, named by the full name."""
    db, _pairs = story
    full, bare = entity_store.find_entity(db, "秀湄區"), entity_store.find_entity(db, "秀湄")
    assert full is not None and bare is not None
    assert full.id == bare.id
    assert normalise_key(full.name) == normalise_key("秀湄區")


def test_discovered_names_are_stored(story) -> None:
    db, _pairs = story
    stored = discovered.load(db)
    assert {fold_query(name) for name in CORE} <= set(stored.names)
    assert fold_query("溫淑") in stored.rejected


def test_flipping_the_script_gives_the_same_entities_and_mentions(story) -> None:
    db, pairs = story
    assert_flipped_copies_agree(db, pairs)


def test_articles_arriving_in_two_batches_give_the_same_entities(story, tmp_path: Path) -> None:
    db, _pairs = story
    originals, flipped = folders(STORY, tmp_path)
    later = tmp_path / "later"
    later.mkdir()
    for path in sorted(originals.glob("*.txt"))[4:] + sorted(flipped.glob("*.txt"))[4:]:
        target = later / f"{path.parent.name}-{path.name}"
        path.rename(target)
    other = open_database(tmp_path / "batches.db")
    import_paths(other, [originals, flipped])
    analyze_pending(other, processes=1)
    early = set(discovered.load(other).names)
    import_paths(other, [later])
    analyze_pending(other, processes=1)
    assert early < set(discovered.load(other).names)
    ours, theirs = _entities_by_name(db), _entities_by_name(other)
    assert {n: len(a) for n, a in ours.items()} == {n: len(a) for n, a in theirs.items()}
    other.conn.close()


def test_discovery_reads_only_the_newest_texts_within_its_budget(tmp_path: Path) -> None:
    """On a corpus of years discovery reads the newest texts up to a budget of
    characters: a name written only in older articles is not discovered from them,
    while the budget still covers the newest article whole."""
    from reader.entities.corpus_discovery import TEXT_LIMIT, corpus_discovery

    originals, _flipped = folders(STORY, tmp_path)
    db = open_database(tmp_path / "budget.db")
    import_paths(db, [originals])
    everything = discovered.newest_texts(db, 10**9, TEXT_LIMIT)
    assert len(everything) == len(list(originals.glob("*.txt")))
    newest = discovered.newest_texts(db, 1, TEXT_LIMIT)
    assert len(newest) == 1
    assert len(discovered.newest_texts(db, 10**9, 3)) == 3
    whole = set(corpus_discovery(db).names)
    assert set(corpus_discovery(db, char_budget=1).names) < whole
    assert set(corpus_discovery(db).names) == whole  # a changed budget recomputes
    db.conn.close()
