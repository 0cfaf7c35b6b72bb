"""The user's kind for an entity: set from the store and the command line, shown
everywhere, and kept across re-analysis and merges. Real SQLite, jieba and OpenCC."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_article

from reader.cli.main import main
from reader.entities.analysis import analyze_pending
from reader.entities.kinds import EntityKind
from reader.errors import ReaderError
from reader.store import entities as entity_store
from reader.store.database import open_database

TEXTS = (
    "微软与英伟达合作，马斯克的xAI也加入。微软表示欢迎。",
    "微軟再次發聲，英偉達股價上漲，馬斯克沉默。",
)


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "kinds.db")
    for number, text in enumerate(TEXTS):
        add_article(database, text, path=f"/corpus/{number}.txt")
    analyze_pending(database, processes=1)
    yield database
    database.conn.close()


def _entity(db, name: str) -> entity_store.EntitySummary:
    found = entity_store.find_entity(db, name)
    assert found is not None, name
    return found


def _reanalyse(db) -> None:
    db.conn.execute("UPDATE entity_analyses SET analyzer = 'older'")
    db.conn.commit()
    analyze_pending(db, processes=1)


def test_the_users_kind_wins_everywhere_and_survives_reanalysis(db) -> None:
    xai = _entity(db, "xAI")
    assert xai.kind is EntityKind.ORGANISATION
    assert entity_store.set_kind(db, xai.id, "product") is EntityKind.PRODUCT

    def check() -> None:
        assert _entity(db, "xai").kind is EntityKind.PRODUCT
        products = {e.id for e in entity_store.list_entities(db, kind="product")}
        organisations = {e.id for e in entity_store.list_entities(db, kind="organisation")}
        assert xai.id in products and xai.id not in organisations
        (detail,) = entity_store.describe(db, [xai.id])
        assert detail.as_json()["kind"] == "product"
        here = {e.id: e.kind for e in entity_store.entities_for_article(db, 1)}
        assert here[xai.id] is EntityKind.PRODUCT

    check()
    _reanalyse(db)
    check()
    assert entity_store.set_kind(db, xai.id, None) is EntityKind.ORGANISATION
    assert _entity(db, "xAI").kind is EntityKind.ORGANISATION


def test_a_merged_entity_shows_the_kind_chosen_for_what_it_joined(db) -> None:
    musk, microsoft = _entity(db, "马斯克"), _entity(db, "微软")
    entity_store.set_kind(db, microsoft.id, "place")
    entity_store.merge(db, musk.id, microsoft.id)
    assert entity_store.get_entity(db, musk.id).kind is EntityKind.PLACE
    entity_store.set_kind(db, musk.id, "product")  # acts on the entity it joined
    _reanalyse(db)
    assert _entity(db, "馬斯克").kind is EntityKind.PRODUCT


def test_an_unknown_kind_is_refused_and_changes_nothing(db) -> None:
    microsoft = _entity(db, "微软")
    with pytest.raises(ReaderError, match="no entity kind"):
        entity_store.set_kind(db, microsoft.id, "planet")
    assert _entity(db, "微软").kind is EntityKind.ORGANISATION


def test_entity_kind_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number, text in enumerate(TEXTS):
        (corpus / f"{number}.txt").write_text(f"标题{number}\n\n{text}\n", encoding="utf-8")
    db_path = str(tmp_path / "cli.db")
    assert main(["--db", db_path, "import", str(corpus)]) == 0
    capsys.readouterr()
    assert main(["--db", db_path, "entity-kind", "英偉達", "product"]) == 0
    assert "product" in capsys.readouterr().out
    assert main(["--db", db_path, "entities", "--kind", "product"]) == 0
    assert "英伟达" in capsys.readouterr().out
    assert main(["--db", db_path, "entity-kind", "英伟达", "galaxy"]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "no entity kind 'galaxy'" in error
    assert main(["--db", db_path, "entity-kind", "英伟达", "auto"]) == 0
    capsys.readouterr()
    assert main(["--db", db_path, "entities", "--kind", "organisation"]) == 0
    assert "英伟达" in capsys.readouterr().out


# ---------------------------------------------------------------- kinds from evidence


def _kinds(text: str) -> dict[str, EntityKind]:
    from reader.conversion import TO_SIMPLIFIED, convert_plain
    from reader.entities.extract import extract

    return {convert_plain(c.surface, TO_SIMPLIFIED): c.kind for c in extract(text)}


@pytest.mark.parametrize("convert", ["s2t", "none"])
def test_kinds_come_from_evidence_before_jiebas_tag(convert: str) -> None:
    from reader.conversion import TO_TRADITIONAL, convert_plain

    text = (
        "演唱会在上海体育馆举行，他在 Lumora 平台直播，又用 Zentrix app 订票。"
        "纪录片《林小华》上映，林小华出席。"
    )
    if convert == "s2t":
        text = convert_plain(text, TO_TRADITIONAL)
    kinds = _kinds(text)
    assert kinds["上海体育馆"] is EntityKind.PLACE  # jieba: an organisation
    assert kinds["Lumora"] is EntityKind.PRODUCT  # a platform
    assert kinds["Zentrix"] is EntityKind.PRODUCT  # an app
    from reader.entities.extract import extract

    film, person = [c for c in extract(text) if c.key == "林小华"]
    assert film.kind is EntityKind.PRODUCT  # a title in 《》 is a work
    assert person.kind is EntityKind.PERSON
