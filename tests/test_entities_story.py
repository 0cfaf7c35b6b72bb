"""Entity discovery on a story outside technology, written by several outlets in both
scripts: a landslide below a reservoir in an invented county (tests/gold/landslide).

No name of the story is in the shipped dictionary: its people, offices and places
must be found from the text alone, linked across scripts and articles, and the most
widespread entities must be names, not fragments or phrases. One database holds the
eight articles and a copy of each in the other script, imported and analysed once.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from story_gold import assert_flipped_copies_agree

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, Script, convert_plain, detect_script
from reader.entities.analysis import analyze_pending
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key
from reader.folding import fold_query
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.articles import get_article
from reader.store.database import open_database

STORY = Path(__file__).resolve().parent / "gold" / "landslide"
#: The names the story is about: every article writing one must mention its entity.
CORE = [
    "周振邦",
    "許嘉慧",
    "龍溪村",
    "龍溪水庫",
    "白石鎮",
    "青峰縣",
    "青峰縣應急管理局",
    "省水利廳",
    "青峰縣人民醫院",
    "恆泰建設集團",
]
#: Every name in the story; an entity among the most widespread must be one of them.
NAMES = {
    *CORE,
    "省紅十字會",
    "梁國華",
    "人大常委會",
    "青峰縣人大常委會",
    "黃志強",
    "鄭曉梅",
    "羅永康",
    "宋雅琳",
    "何立新",
    "陳阿婆",
    "白石鎮中心小學",
    "青峰縣氣象局",
    "龍溪水庫管理所",
    "中央電視台",
    "南嶺都市報",
    "青峰日報",
    "縣政府",
    "鎮政府",
    "縣紀委監委",
}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("story")
    originals, flipped = root / "original", root / "flipped"
    originals.mkdir()
    flipped.mkdir()
    for path in sorted(STORY.glob("*.txt")):
        shutil.copy(path, originals / path.name)
        text = path.read_text(encoding="utf-8")
        config = TO_SIMPLIFIED if detect_script(text) is Script.TRADITIONAL else TO_TRADITIONAL
        (flipped / path.name).write_text(convert_plain(text, config), encoding="utf-8")
    db = open_database(root / "story.db")
    first = import_paths(db, [originals])
    second = import_paths(db, [flipped])
    analyze_pending(db, processes=1)
    pairs = [
        (a, b)
        for (path_a, a), (path_b, b) in zip(first.imported, second.imported, strict=True)
        if path_a.name == path_b.name
    ]
    assert len(pairs) == 8
    yield db, pairs
    db.conn.close()


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


def test_the_most_widespread_entities_are_names(story) -> None:
    db, _pairs = story
    names = {normalise_key(name) for name in NAMES} | set(lexicon().kinds)
    top = entity_store.list_entities(db)[:20]
    assert [e.name for e in top if normalise_key(e.name) not in names] == []


def test_flipping_the_script_gives_the_same_entities_and_mentions(story) -> None:
    db, pairs = story
    assert_flipped_copies_agree(db, pairs)
