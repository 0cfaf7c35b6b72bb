"""The entity pipeline and store: cache, stable ids, curation, queries, pool, CLI."""

from __future__ import annotations

import json
import shutil
import threading
from pathlib import Path

import pytest

from reader.cli.main import main
from reader.entities.analysis import analyze_pending
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.articles import get_article
from reader.store.database import open_database

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


def _force_reanalysis(db) -> None:
    """Pretend another analyser version produced the cache, so everything is redone."""
    db.conn.execute("UPDATE entity_analyses SET analyzer = 'older'")
    db.conn.commit()


def _ids(db) -> dict[str, int]:
    return dict(db.conn.execute("SELECT key, id FROM entities WHERE key IS NOT NULL"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("entity_store")
    shutil.copytree(CORPUS, root / "corpus")
    db = open_database(root / "entities.db")
    report = import_paths(db, [root / "corpus"])
    assert len(report.imported) == 4
    first = analyze_pending(db, processes=1)
    assert (first.analysed, first.articles) == (4, 4)
    yield db, root
    db.conn.close()


def _entity(db, name: str) -> entity_store.EntitySummary:
    entity = entity_store.find_entity(db, name)
    assert entity is not None, name
    return entity


def test_nothing_is_analysed_twice(store) -> None:
    db, _root = store
    again = analyze_pending(db, processes=1)
    assert (again.analysed, again.articles) == (0, 0)


def test_ids_and_counts_are_stable_across_reanalysis(store) -> None:
    db, _root = store
    before = _ids(db)
    counts = {e.id: (e.articles, e.mentions) for e in entity_store.list_entities(db)}
    _force_reanalysis(db)
    report = analyze_pending(db, processes=1)
    assert report.analysed == 4
    after = _ids(db)
    assert {k: after[k] for k in before} == before
    assert {e.id: (e.articles, e.mentions) for e in entity_store.list_entities(db)} == counts


def test_panel_orders_by_other_articles(store) -> None:
    db, _root = store
    panel = entity_store.entities_for_article(db, 1)
    assert panel[0].name == "马斯克"
    others = [e.other_articles for e in panel]
    assert others == sorted(others, reverse=True)
    assert all(e.article_mentions > 0 for e in panel)


def test_concordance_and_shared_entities(store) -> None:
    db, _root = store
    musk = _entity(db, "Elon Musk")
    groups = entity_store.concordance(db, musk.id, context=10)
    assert [g.article_id for g in groups] == [1, 2, 3, 4]
    text = get_article(db, 2).clean_text
    for line in groups[1].lines:
        assert text[line.start : line.end] == line.keyword
        assert line.left + line.keyword + line.right in text
        assert len(line.left) <= 10 and len(line.right) <= 10
    limited = entity_store.concordance(db, musk.id, limit=3)
    assert sum(len(g.lines) for g in limited) == 3
    shared = {e.name for e in entity_store.shared_entities(db, 1, 4)}
    assert {"马斯克", "OpenAI", "xAI", "Meta", "微软"} <= shared


def test_list_filters(store) -> None:
    db, _root = store
    linked = entity_store.list_entities(db, linked=True)
    assert linked and all(e.articles >= 2 for e in linked)
    people = entity_store.list_entities(db, kind="person")
    assert people and all(e.kind.value == "person" for e in people)
    in_article = entity_store.list_entities(db, article_id=3)
    assert {e.id for e in in_article} == {e.id for e in entity_store.entities_for_article(db, 3)}


def test_curation_survives_reanalysis(store) -> None:
    db, _root = store
    grok = _entity(db, "Grok 3")
    entity_store.rename(db, grok.id, "Grok 3 (xAI)")
    colossus, first = _entity(db, "Colossus"), _entity(db, "Colossus 1")
    target = entity_store.merge(db, first.id, colossus.id)
    assert target == colossus.id
    musk = _entity(db, "马斯克")
    split_id = entity_store.split(db, musk.id, "伊隆·马斯克")
    fsd = _entity(db, "FSD")
    entity_store.hide(db, fsd.id)

    def check() -> None:
        assert _entity(db, "Grok3").name == "Grok 3 (xAI)"
        assert _entity(db, "Colossus 1").id == colossus.id
        merged = entity_store.get_entity(db, colossus.id)
        assert merged.articles == 2
        assert entity_store.mentions(db, first.id) == entity_store.mentions(db, colossus.id)
        split_off = _entity(db, "伊隆·马斯克")
        assert split_off.id == split_id
        assert {m.surface for m in entity_store.mentions(db, split_id)} == {"伊隆·马斯克"}
        assert "伊隆·马斯克" not in {m.surface for m in entity_store.mentions(db, musk.id)}
        assert _entity(db, "馬斯克").id == musk.id
        visible = {e.id for e in entity_store.list_entities(db)}
        assert fsd.id not in visible
        assert fsd.id in {e.id for e in entity_store.list_entities(db, include_hidden=True)}
        assert fsd.id not in {e.id for e in entity_store.entities_for_article(db, 1)}

    check()
    _force_reanalysis(db)
    analyze_pending(db, processes=1)
    check()
    entity_store.unhide(db, fsd.id)
    assert fsd.id in {e.id for e in entity_store.list_entities(db)}


def test_user_alias_links_a_name(store) -> None:
    db, _root = store
    macro = _entity(db, "MacroHard")
    musk = _entity(db, "马斯克")
    entity_store.add_alias(db, macro.id, "Musk's MacroHard")
    assert _entity(db, "musk's macrohard").id == macro.id
    entity_store.add_alias(db, musk.id, "MacroHard")
    assert _entity(db, "MacroHard").id == musk.id
    assert "MacroHard" in entity_store.describe(db, [musk.id])[0].aliases


def test_changed_article_is_reanalysed(store) -> None:
    db, root = store
    path = root / "corpus" / "002_6c721fbc9407f8c3.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n黄仁勋也来了。\n", encoding="utf-8")
    report = import_paths(db, [path])
    assert report.updated
    article_id = report.updated[0][1]
    done: list[entity_store.EntitySummary] = []

    def worker() -> None:  # the TUI runs analysis in a thread, on its own connection
        own = open_database(db.conn.execute("PRAGMA database_list").fetchone()[2])
        analyze_pending(own, processes=1)
        done.extend(entity_store.entities_for_article(own, article_id))
        own.conn.close()

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    assert "黄仁勋" in {e.name for e in done}
    text = get_article(db, article_id).clean_text
    huang = _entity(db, "黄仁勋")
    (mention,) = entity_store.mentions(db, huang.id, [article_id])
    assert text[mention.start : mention.end] == "黄仁勋"


def test_process_pool_gives_the_same_result(tmp_path: Path) -> None:
    db = open_database(tmp_path / "pool.db")
    import_paths(db, [CORPUS])
    ticks: list[tuple[int, int]] = []
    report = analyze_pending(db, processes=2, progress=lambda d, t: ticks.append((d, t)))
    assert report.processes == 2 and ticks[-1] == (4, 4)
    pooled = db.conn.execute(
        "SELECT a.text_sha256, o.start_offset, o.length, f.key, f.kind "
        "FROM entity_occurrences o JOIN entity_analyses a ON a.id = o.text_id "
        "JOIN entity_forms f ON f.id = o.form_id ORDER BY 1, 2"
    ).fetchall()
    db.conn.execute("UPDATE entity_analyses SET analyzer = 'older'")
    db.conn.commit()
    analyze_pending(db, processes=1)
    local = db.conn.execute(
        "SELECT a.text_sha256, o.start_offset, o.length, f.key, f.kind "
        "FROM entity_occurrences o JOIN entity_analyses a ON a.id = o.text_id "
        "JOIN entity_forms f ON f.id = o.form_id ORDER BY 1, 2"
    ).fetchall()
    assert pooled == local
    db.conn.close()


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = str(tmp_path / "cli.db")
    assert main(["--db", db_path, "import", "--no-analysis", str(CORPUS)]) == 0
    capsys.readouterr()
    assert main(["--db", db_path, "entities", "--json", "--linked"]) == 0
    items = json.loads(capsys.readouterr().out)
    assert items and all(set(i) == {"id", "name", "kind", "aliases", "articles"} for i in items)
    assert all(set(a) == {"article_id", "count"} for i in items for a in i["articles"])
    assert all(len(i["articles"]) >= 2 for i in items)
    musk = next(i for i in items if i["name"] == "马斯克")
    assert {"馬斯克", "马斯克"} <= set(musk["aliases"])

    assert main(["--db", db_path, "entity", "馬斯克", "--json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert detail["id"] == musk["id"] and detail["mentions"]

    assert main(["--db", db_path, "entity", "Grok-3"]) == 0
    assert "【Grok 3】" in capsys.readouterr().out

    assert main(["--db", db_path, "entity", "不存在的人"]) == 1
    assert "no entity called" in capsys.readouterr().err

    assert main(["--db", db_path, "entity-hide", "X"]) == 0
    assert main(["--db", db_path, "entities", "--kind", "organisation"]) == 0
    listed = capsys.readouterr().out
    assert "OpenAI" in listed and " X\n" not in listed


def test_merging_an_entity_into_itself_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 馬斯克 and 马斯克 are one entity: "merged 馬斯克 into 马斯克" and exit 0 said a
    # change was made where none was.
    db_path = str(tmp_path / "cli.db")
    assert main(["--db", db_path, "import", "--no-analysis", str(CORPUS)]) == 0
    capsys.readouterr()
    assert main(["--db", db_path, "entities", "--json"]) == 0
    before = capsys.readouterr().out
    assert main(["--db", db_path, "entity-merge", "馬斯克", "马斯克"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "already one entity" in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert main(["--db", db_path, "entities", "--json"]) == 0
    assert capsys.readouterr().out == before
