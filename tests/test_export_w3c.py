"""W3C Web Annotation JSON-LD: the shape, the lossless round trip, merging without
duplicates, and bad input refused whole with one line per problem."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import REPO, annotate_seeds, fixed_clock

from reader import annotations as service
from reader.anchoring import AnchorStatus
from reader.errors import ReaderError
from reader.export import AnnotationImportError, Format, import_annotations, render
from reader.export.importing import MergeOutcome, import_document
from reader.export.parsing import parse
from reader.export.records import path_iri
from reader.export.w3c import CONTEXT
from reader.importer import import_paths
from reader.store.database import open_database


@pytest.fixture
def seeds(seeded_db, monkeypatch):
    annotate_seeds(seeded_db, monkeypatch)
    return seeded_db


@pytest.fixture
def fresh(tmp_path: Path):
    """A second database holding the same seed articles and no annotations."""
    database = open_database(tmp_path / "fresh.db")
    import_paths(database, [REPO / "corpus"])
    yield database
    database.conn.close()


def export_json(db) -> str:
    return render(db, fmt=Format.JSON, base=REPO)


def items(text: str) -> list[dict]:
    return json.loads(text)["first"]["items"]


def count(db) -> int:
    return db.conn.execute("SELECT count(*) FROM annotations").fetchone()[0]


def test_collection_shape(seeds) -> None:
    document = json.loads(export_json(seeds))
    assert document["@context"] == CONTEXT
    assert document["type"] == "AnnotationCollection"
    assert document["id"].startswith("urn:sha256:")
    assert document["total"] == len(document["first"]["items"]) == 8
    page = document["first"]
    assert page["type"] == "AnnotationPage" and page["startIndex"] == 0
    for item in page["items"]:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        assert item["created"] and item["modified"]
        target = item["target"]
        assert target["source"]["id"].startswith("urn:sha256:")
        corpus_file = (REPO / "corpus").as_uri() + "/"
        assert target["source"]["via"] == target.get("scope") or target["source"]["via"].startswith(
            corpus_file
        )
        assert target["source"]["dcterms:title"]
        assert item["generator"]["type"] == "Software"
        kinds = [s["type"] for s in target["selector"]]
        assert kinds == ["TextQuoteSelector", "TextPositionSelector"]


def test_text_is_standard_indented_json_identified_by_its_items(seeds) -> None:
    import hashlib

    text = export_json(seeds)
    document = json.loads(text)
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    items_text = json.dumps(document["first"]["items"], ensure_ascii=False, indent=2)
    indented = items_text.replace("\n", "\n    ")
    assert document["id"] == "urn:sha256:" + hashlib.sha256(indented.encode()).hexdigest()
    assert document["first"]["id"] == document["id"] + "#page-1"


@pytest.mark.parametrize(
    "path", ["/abs/a b/中文 #1.txt", "corpus/a b%.txt", "file:///abs/中文 caf%E9 %25.txt"]
)
def test_source_paths_survive_as_iris(path: str) -> None:
    """The last is how the store names a file whose name is not UTF-8 (0xE9 here)."""
    iri = path_iri(path, Path("/base"))
    assert " " not in iri and "#" not in iri
    assert iri.startswith("file:///")
    selector = {"type": "TextQuoteSelector", "exact": "x"}
    target = {"source": {"id": "urn:sha256:0", "via": iri}, "selector": selector}
    item = {"type": "Annotation", "id": "x", "target": target}
    (incoming,) = parse([item], now="2025-01-01T00:00:00+00:00").items
    assert incoming.path == (path if path.startswith(("/", "file:")) else "/base/" + path)


def test_bodies_tags_and_colour(seeds) -> None:
    chips = next(i for i in items(export_json(seeds)) if "H100是" in _exact(i))
    note, *tags = chips["body"]
    assert note == {
        "type": "TextualBody",
        "purpose": "commenting",
        "format": "text/markdown",
        "value": "`H800` is the cut-down export part; <b>not</b> raw HTML.",
    }
    assert [t["value"] for t in tags] == ["芯片", "英伟达 H100", "export controls"]
    assert all(t["purpose"] == "tagging" for t in tags)
    assert chips["target"]["styleClass"] == "reader-color-ffcc00"
    assert "#ffcc00" in chips["stylesheet"]["value"]
    plain = next(i for i in items(export_json(seeds)) if _exact(i).startswith("馬斯克隨后"))
    assert "body" not in plain and plain["motivation"] == "highlighting"


def _exact(item: dict) -> str:
    return item["target"]["selector"][0]["exact"]


def test_positions_and_hash_point_at_the_exact_text(seeds) -> None:
    from reader.store.articles import get_article, sha256_text

    by_hash = {}
    for article in (1, 2, 3, 4):
        text = get_article(seeds, article).clean_text
        by_hash["urn:sha256:" + sha256_text(text)] = text
    for item in items(export_json(seeds)):
        text = by_hash[item["target"]["source"]["id"]]
        quote, position = item["target"]["selector"]
        assert text[position["start"] : position["end"]] == quote["exact"]
        assert text[: position["start"]].endswith(quote["prefix"])
        assert text[position["end"] :].startswith(quote["suffix"])


def test_round_trip_into_a_fresh_database_is_lossless(seeds, fresh, tmp_path: Path) -> None:
    exported = export_json(seeds)
    path = tmp_path / "annotations.json"
    path.write_text(exported, encoding="utf-8")
    report = import_annotations(fresh, path, base=REPO)
    assert (report.added, report.updated, report.unchanged) == (8, 0, 0)
    assert export_json(fresh) == exported
    assert render(fresh, base=REPO) == render(seeds, base=REPO)


def test_importing_twice_adds_nothing(seeds, fresh, tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    path.write_text(export_json(seeds), encoding="utf-8")
    import_annotations(fresh, path, base=REPO)
    again = import_annotations(fresh, path, base=REPO)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 8)
    assert count(fresh) == 8
    into_itself = import_annotations(seeds, path, base=REPO)
    assert into_itself.added == 0 and count(seeds) == 8


def test_merge_takes_the_later_edit_and_keeps_deletions(seeds, fresh, tmp_path: Path) -> None:
    path = tmp_path / "annotations.json"
    path.write_text(export_json(seeds), encoding="utf-8")
    import_annotations(fresh, path, base=REPO)
    first, second, *_ = service.list_annotations(seeds)
    service.update_annotation(seeds, first.id, note="edited later", tags=["new tag"])
    service.delete_annotation(seeds, second.id)
    fresh_second = service.list_annotations(fresh)[1]
    service.delete_annotation(fresh, fresh_second.id)
    path.write_text(export_json(seeds), encoding="utf-8")
    report = import_annotations(fresh, path, base=REPO)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 6)
    merged = service.list_annotations(fresh)[0]
    assert (merged.note, merged.tags) == ("edited later", ("new tag",))
    assert merged.updated == service.get_annotation(seeds, first.id).updated
    assert len(service.list_annotations(fresh)) == 7

    older = json.loads(path.read_text(encoding="utf-8"))
    older["first"]["items"][0]["body"][0]["value"] = "stale edit"
    older["first"]["items"][0]["modified"] = "2000-01-01T00:00:00+00:00"
    stale = import_document(fresh, older, base=REPO)
    assert (stale.unchanged, stale.count(MergeOutcome.KEPT_NEWER_LOCAL)) == (6, 1)
    assert service.list_annotations(fresh)[0].note == "edited later"


def test_changed_text_is_found_by_address_and_quote(db, monkeypatch, tmp_path: Path) -> None:
    fixed_clock(monkeypatch)
    old = "标题\n第一段。\n马斯克说了话。"
    article = add_article(db, old, "/corpus/a.txt", url="https://example.com/a")
    service.create_from_quote(db, article, "马斯克说了话", tags=["马斯克"])
    exported = json.loads(render(db, fmt=Format.JSON))
    other = open_database(tmp_path / "other.db")
    changed = "标题\n新加的一段。\n第一段。\n马斯克说了话。"
    try:
        add_article(other, changed, "/elsewhere/a.txt", "https://example.com/a")
        assert import_document(other, exported, base=Path("/")).added == 1
        (moved,) = service.list_annotations(other)
        assert moved.quote == "马斯克说了话" and moved.status is AnchorStatus.ANCHORED
        assert moved.start == changed.index("马斯克说了话")
    finally:
        other.conn.close()


def test_lost_quote_is_kept_as_an_orphan(db, monkeypatch) -> None:
    fixed_clock(monkeypatch)
    article = add_article(db, "标题\n甲乙丙丁戊。", "/corpus/a.txt")
    service.create_from_quote(db, article, "甲乙丙丁戊")
    exported = json.loads(render(db, fmt=Format.JSON))
    add_article(db, "标题\n全然不同。", "/corpus/b.txt")
    item = exported["first"]["items"][0]
    item["id"] = "urn:uuid:another"
    item["target"]["source"] = {"id": "urn:sha256:unknown", "via": "b.txt"}
    report = import_document(db, exported, base=Path("/corpus"))
    assert (report.added, report.orphaned) == (1, 1)
    orphan = service.list_annotations(db, status="orphaned")
    assert [a.quote for a in orphan] == ["甲乙丙丁戊"]


def test_foreign_shapes_are_accepted(db, monkeypatch) -> None:
    fixed_clock(monkeypatch)
    article = add_article(db, "标题\n正文在这里。", "/corpus/a.txt", url="https://example.com/a")
    annotation = {
        "@context": CONTEXT,
        "id": "https://hypothes.is/a/abc",
        "type": "Annotation",
        "created": "2024-05-01T10:00:00.123Z",
        "bodyValue": "a plain note",
        "body": [{"type": "TextualBody", "value": "tag1", "purpose": ["tagging"]}],
        "target": [
            {
                "source": "https://example.com/a",
                "selector": {"type": "TextQuoteSelector", "exact": "正文", "suffix": "在这里"},
            }
        ],
    }
    assert import_document(db, [annotation], base=Path("/")).added == 1
    (made,) = service.list_annotations(db)
    assert (made.article_id, made.quote, made.note, made.tags) == (
        article,
        "正文",
        "a plain note",
        ("tag1",),
    )
    assert made.created == made.updated == "2024-05-01T10:00:00+00:00"
    page = {"type": "AnnotationPage", "items": [annotation]}
    assert import_document(db, page, base=Path("/")).unchanged == 1
    again = json.loads(render(db, fmt=Format.JSON))["first"]["items"][0]
    assert again["id"] == "https://hypothes.is/a/abc"


# -- bad input -----------------------------------------------------------------------


def write(tmp_path: Path, content: str) -> Path:
    path = tmp_path / "in.json"
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not JSON"),
        ('"a string"', "not an annotation document"),
        ('{"type": "Something"}', "not an annotation document"),
        ('{"type": "AnnotationCollection", "first": "https://x/page1"}', "links, not embedded"),
        ('{"type": "AnnotationPage", "items": 3}', "items must be a list"),
    ],
)
def test_bad_files_are_refused_in_one_line(seeds, tmp_path: Path, content, message) -> None:
    with pytest.raises(ReaderError) as error:
        import_annotations(seeds, write(tmp_path, content))
    assert message in str(error.value) and "\n" not in str(error.value)


def test_bad_items_are_each_reported_and_nothing_is_saved(seeds, fresh, tmp_path: Path) -> None:
    document = json.loads(export_json(seeds))
    good = document["first"]["items"]
    bad = [
        "just a string",
        {"type": "Annotation", "target": {}},
        {**good[0], "id": "urn:x:1", "target": {"source": "urn:sha256:nope", "selector": []}},
        {**good[0], "id": "urn:x:2", "created": "yesterday"},
        {**good[0], "id": "urn:x:3", "target": {**good[0]["target"], "source": "urn:sha256:0"}},
        {
            **good[0],
            "id": "urn:x:4",
            "body": [{"type": "TextualBody", "value": " ", "purpose": "tagging"}],
        },
        {**good[0], "id": "urn:x:5", "body": "https://example.com/body"},
    ]
    document["first"]["items"] = good + bad
    path = write(tmp_path, json.dumps(document))
    with pytest.raises(AnnotationImportError) as error:
        import_annotations(fresh, path, base=REPO)
    problems = error.value.problems
    assert len(problems) == len(bad)
    assert str(error.value) == (
        f"{len(bad)} of {len(good) + len(bad)} annotations cannot be imported; nothing was imported"
    )
    assert problems[0].startswith("annotation 9: ")
    assert "no TextQuoteSelector" in problems[2]
    assert "created 'yesterday'" in problems[3]
    assert "no article here matches" in problems[4]
    assert "tag cannot be empty" in problems[5]
    assert "link" in problems[6]
    assert count(fresh) == 0
