"""Spreading known names: within a text, and across a corpus as articles arrive."""

from __future__ import annotations

import shutil
from pathlib import Path

from reader.entities.analysis import analyze_pending
from reader.entities.spreading import NameIndex, placements
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import open_database


def test_a_longer_name_replaces_the_fragments_inside_it() -> None:
    folded = "张家明表示，张家明会出席"
    spans = [(0, 3), (6, 8)]  # the second mention was cut short: 张家
    placed = list(placements(folded, ["张家明"], spans))
    assert placed == [("张家明", 6, 9, [1])]


def test_a_name_never_cuts_through_another_or_shortens_it() -> None:
    folded = "丽景苑居民说丽景苑很好"
    spans = [(0, 5)]
    assert list(placements(folded, ["丽景苑"], spans)) == [("丽景苑", 6, 9, [])]


def test_glued_characters_are_trimmed_only_when_allowed() -> None:
    folded = "但龙溪水库漫坝"
    spans = [(0, 5)]
    assert list(placements(folded, ["龙溪水库"], spans)) == []
    allowed = list(placements(folded, ["龙溪水库"], spans, may_trim=lambda name, index: True))
    assert allowed == [("龙溪水库", 1, 5, [0])]


def test_the_index_finds_every_name_a_text_writes() -> None:
    index = NameIndex(["龙溪村", "龙溪水库", "白石镇", "青峰县"])
    found = index.present("龙溪水库下游的龙溪村，属白石镇")
    assert sorted(found) == sorted(["白石镇", "龙溪水库", "龙溪村"])


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_name_recurring_later_reaches_articles_analysed_before(tmp_path: Path) -> None:
    db = open_database(tmp_path / "spread.db")
    # Only the context of the later articles gives the name away; the first article
    # writes it where no rule or tagger would find it.
    first = _write(tmp_path / "a", "a.txt", "标题：早报\n\n昨晚又下雨了，蔚蓝湾的积水到了膝盖。\n")
    import_paths(db, [first])
    analyze_pending(db, processes=1)
    assert entity_store.find_entity(db, "蔚蓝湾") is None
    news = "记者昨日来到蔚蓝湾，看到居民正在清理淤泥"
    later = [
        _write(tmp_path / "b", f"{n}.txt", f"标题：快讯{n}\n\n{news}（{n}）。\n") for n in range(2)
    ]
    import_paths(db, later)
    analyze_pending(db, processes=1)
    entity = entity_store.find_entity(db, "蔚蓝湾")
    assert entity is not None
    detail = entity_store.describe(db, [entity.id])[0]
    assert len(detail.articles) == 3
    db.conn.close()


def test_places_written_in_one_breath_are_cut_into_recurring_places() -> None:
    from reader.entities.corpus_spread import _split_compounds

    text = "火警发生在东埔丽景苑和风阁。"
    recurring = {
        "东埔": ("东埔", "place", 9),
        "丽景苑": ("丽景苑", "place", 30),
        "和风阁": ("和风阁", "place", 4),
    }
    whole = (5, 13, "东埔丽景苑和风阁", "东埔丽景苑和风阁", "东埔丽景苑和风阁", "place", 0)
    split = _split_compounds(text, text, [whole], recurring)
    assert split is not None
    assert [o[2] for o in split] == ["东埔", "丽景苑", "和风阁"]
    # an organisation keeps its place name (东埔区议会 is not 东埔 + 区议会)
    organisation = (5, 10, "东埔丽景苑", "东埔丽景苑", "东埔丽景苑", "organisation", 0)
    assert _split_compounds(text, text, [organisation], recurring) is None
    # unless the corpus shows both parts to be places by their suffix: the tagger erred
    split = _split_compounds(text, text, [organisation], recurring, {"东埔", "丽景苑"})
    assert split is not None
    assert [(o[2], o[5]) for o in split] == [("东埔", "place"), ("丽景苑", "place")]


def test_with_nothing_new_analysis_reads_no_occurrence(analysed: Path, tmp_path: Path) -> None:
    """Start-up runs analysis every time; with no text new or changed since the names
    were last spread it must not read every occurrence again to find the same names
    (19 M rows at 100,000 articles). A text that arrives is spread to as before."""
    copy = tmp_path / "copy.db"
    shutil.copy(analysed, copy)
    db = open_database(copy)
    try:
        analyze_pending(db, processes=1)  # whatever the fixture's run left to settle
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        report = analyze_pending(db, processes=1)
        db.conn.set_trace_callback(None)
        assert report.analysed == 0 and report.articles == 0
        assert statements, "the trace saw nothing: the test would prove nothing"
        assert not [s for s in statements if "entity_occurrences" in s], statements
        news = "记者昨日来到蔚蓝湾，看到居民正在清理淤泥"
        later = [
            _write(tmp_path / "b", f"{n}.txt", f"标题：快讯{n}\n\n{news}（{n}）。\n")
            for n in range(2)
        ]
        import_paths(db, later)
        statements.clear()
        db.conn.set_trace_callback(statements.append)
        analyze_pending(db, processes=1)
        db.conn.set_trace_callback(None)
        assert [s for s in statements if "entity_occurrences" in s]
        assert entity_store.find_entity(db, "蔚蓝湾") is not None
    finally:
        db.conn.close()
