"""Entity quality on the seed corpus against the hand-made gold (tests/gold).

One database per module holds the four seeds and a copy of each converted to the
other script (t2s for traditional, s2t for simplified), imported and analysed once.
Real jieba, OpenCC and SQLite throughout.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, Script, convert_plain, detect_script
from reader.entities.analysis import analyze_pending
from reader.folding import fold_query
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.articles import get_article
from reader.store.database import open_database

REPO = Path(__file__).resolve().parent.parent
GOLD = json.loads((REPO / "tests" / "gold" / "entities_seed.json").read_text(encoding="utf-8"))


@dataclass
class Seeded:
    db: object
    #: seed prefix ("000") → article id, for the originals and the converted copies
    original: dict[str, int]
    converted: dict[str, int]
    folds: dict[str, str]

    def present(self, prefix: str, name: str) -> bool:
        """Whether the article's clean text still contains ``name`` (the import cleaner
        may drop bylines and footers)."""
        return fold_query(name) in self.folds[prefix]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("entity_seed")
    originals, converted = root / "original", root / "converted"
    originals.mkdir()
    converted.mkdir()
    for path in sorted((REPO / "corpus").glob("*.txt")):
        shutil.copy(path, originals / path.name)
        text = path.read_text(encoding="utf-8")
        config = TO_SIMPLIFIED if detect_script(text) is Script.TRADITIONAL else TO_TRADITIONAL
        (converted / path.name).write_text(convert_plain(text, config), encoding="utf-8")
    db = open_database(root / "entities.db")
    first = import_paths(db, [originals])
    second = import_paths(db, [converted])
    assert len(first.imported) == 4 and len(second.imported) == 4
    analyze_pending(db, processes=1)
    original = {path.name[:3]: article_id for path, article_id in first.imported}
    copies = {path.name[:3]: article_id for path, article_id in second.imported}
    folds = {p: fold_query(get_article(db, a).clean_text) for p, a in original.items()}
    yield Seeded(db, original, copies, folds)
    db.conn.close()


def _entity(seeded: Seeded, name: str) -> entity_store.EntitySummary:
    entity = entity_store.find_entity(seeded.db, name)
    assert entity is not None, f"{name} is not an entity"
    return entity


def _articles_of(seeded: Seeded, entity_id: int) -> set[int]:
    detail = entity_store.describe(seeded.db, [entity_id])[0]
    return {article_id for article_id, _count in detail.articles}


def test_every_gold_mention_is_found(seeded: Seeded) -> None:
    missing = []
    for prefix, names in GOLD["articles"].items():
        article_id = seeded.original[prefix]
        here = {e.id for e in entity_store.entities_for_article(seeded.db, article_id)}
        for name in names:
            if not seeded.present(prefix, name):
                continue
            entity = entity_store.find_entity(seeded.db, name)
            if entity is None or entity.id not in here:
                missing.append(f"{prefix}:{name}")
    assert missing == []


def test_names_in_two_or_more_articles_are_linked(seeded: Seeded) -> None:
    for group in GOLD["linked"]:
        ids = {_entity(seeded, name).id for name in group["names"]}
        assert len(ids) == 1, f"{group['names']} are {len(ids)} entities"
        expected = {
            seeded.original[p]
            for p in group["articles"]
            if any(seeded.present(p, name) for name in group["names"])
        }
        assert len(expected) >= 2, group
        assert expected <= _articles_of(seeded, ids.pop()), group["names"]


def test_no_unexpected_links_between_seeds(seeded: Seeded) -> None:
    """Every entity two seed articles share is one the gold says they share."""
    gold = {_entity(seeded, group["names"][0]).id for group in GOLD["linked"]}
    originals = set(seeded.original.values())
    unexpected = []
    for entity in entity_store.list_entities(seeded.db, linked=True):
        if len(_articles_of(seeded, entity.id) & originals) >= 2 and entity.id not in gold:
            unexpected.append(entity.name)
    assert unexpected == []


def test_similar_names_stay_apart(seeded: Seeded) -> None:
    for left, right in GOLD["apart"]:
        a = entity_store.find_entity(seeded.db, left)
        b = entity_store.find_entity(seeded.db, right)
        assert a is not None and b is not None, (left, right)
        assert a.id != b.id, (left, right)


def test_common_words_and_debris_are_never_entities(seeded: Seeded) -> None:
    for word in GOLD["not_entities"]:
        assert entity_store.find_entity(seeded.db, word) is None, word
    debris = re.compile(r"https?|www|\.com|/|=|_|@|[0-9a-f]{8,}", re.IGNORECASE)
    for detail in entity_store.describe(
        seeded.db, [e.id for e in entity_store.list_entities(seeded.db, include_hidden=True)]
    ):
        for surface in detail.aliases:
            assert not debris.search(surface), surface
            assert len(surface) > 1 or surface.isupper(), surface
            if surface.isascii() and surface.islower():
                assert re.fullmatch(r"[a-z]\d+[a-z]?(-[a-z]+)*", surface), surface


def test_other_script_yields_the_same_entities(seeded: Seeded) -> None:
    for prefix, article_id in seeded.original.items():
        original = {e.id for e in entity_store.entities_for_article(seeded.db, article_id)}
        copy = seeded.converted[prefix]
        converted = {e.id for e in entity_store.entities_for_article(seeded.db, copy)}
        assert original == converted, prefix
        for entity_id in original:
            ours = entity_store.mentions(seeded.db, entity_id, [article_id])
            theirs = entity_store.mentions(seeded.db, entity_id, [copy])
            assert [(m.start, m.end) for m in ours] == [(m.start, m.end) for m in theirs]


def test_mentions_point_at_their_surface_in_the_original_text(seeded: Seeded) -> None:
    for article_id in seeded.original.values():
        text = get_article(seeded.db, article_id).clean_text
        for entity in entity_store.entities_for_article(seeded.db, article_id):
            found = entity_store.mentions(seeded.db, entity.id, [article_id])
            assert len(found) == entity.article_mentions
            for mention in found:
                assert text[mention.start : mention.end] == mention.surface


def test_kinds_of_well_known_entities(seeded: Seeded) -> None:
    expected = {
        "马斯克": "person",
        "Dylan Patel": "person",
        "OpenAI": "organisation",
        "英伟达": "organisation",
        "Grok 3": "product",
        "H100": "product",
        "GPT-4o": "product",
        "北美": "place",
    }
    for name, kind in expected.items():
        assert _entity(seeded, name).kind.value == kind, name
