"""Merging annotations from a W3C file: orphans keep what they came with, an id never
overwrites another passage's annotation, a replaced edit is kept, and every
annotation's fate is reported."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
from store_helpers import add_article
from test_export_fixtures import blockquote_texts, fix_iris, fixed_clock

from reader import annotations as service
from reader.anchoring import AnchorStatus
from reader.cli.main import main
from reader.conversion import DisplayScript, for_display
from reader.export import Format, render
from reader.export.importing import MergeOutcome, import_document
from reader.folding import fold_text
from reader.search import search
from reader.store import annotations as annotation_store
from reader.store import schema
from reader.store.articles import sha256_text
from reader.store.database import open_database

LINES = [f"第{n}条消息说马斯克又发了{n * 3}条推文。" for n in range(1, 14)]
TEXT = "标题\n" + "\n".join(LINES)
CORPUS = Path("/corpus")
PATH = "/corpus/a.txt"


def items(document: str) -> list[dict]:
    return json.loads(document)["first"]["items"]


@pytest.fixture
def annotated(db, monkeypatch):
    """A database with one article and an annotation on each of its 13 lines."""
    fixed_clock(monkeypatch)
    article = add_article(db, TEXT, PATH)
    for line in LINES:
        service.create_from_quote(db, article, line, tags=["推文"], note=f"about {line[:3]}")
    fix_iris(db)
    return db


@pytest.fixture
def other(tmp_path: Path):
    """A second database whose copy of the article holds none of those lines."""
    database = open_database(tmp_path / "other.db")
    add_article(database, "标题\nEntirely different words, in another script.", PATH)
    yield database
    database.conn.close()


# -- orphans -------------------------------------------------------------------------


def test_imported_orphans_export_the_quote_and_selectors_they_came_with(annotated, other) -> None:
    exported = render(annotated, fmt=Format.JSON)
    report = import_document(other, json.loads(exported), base=CORPUS)
    assert (report.added, report.orphaned) == (13, 13)

    assert blockquote_texts(render(other)) == LINES
    traditional = render(other, script=DisplayScript.TRADITIONAL)
    assert blockquote_texts(traditional) == [
        for_display(line, DisplayScript.TRADITIONAL).text for line in LINES
    ]
    assert "of a text not held here (orphaned" in render(other)
    again = items(render(other, fmt=Format.JSON))
    for sent, back in zip(items(exported), again, strict=True):
        assert back["target"]["source"]["id"] == sent["target"]["source"]["id"]
        assert back["target"]["selector"] == sent["target"]["selector"]
    assert again[0]["target"]["source"]["id"] == "urn:sha256:" + sha256_text(TEXT)

    # Sent back to where it came from, each one is recognised as itself.
    back_home = import_document(annotated, {"type": "AnnotationPage", "items": again}, base=CORPUS)
    assert [a.outcome for a in back_home.annotations] == [MergeOutcome.UNCHANGED] * 13


def test_a_reattached_orphan_counts_in_the_text_held_here_again(annotated, other) -> None:
    import_document(other, json.loads(render(annotated, fmt=Format.JSON)), base=CORPUS)
    orphan = service.list_annotations(other)[0]
    text = "标题\nEntirely different words, in another script."
    start = text.index("different")
    moved = service.reattach(other, orphan.id, start, start + len("different"))
    assert (moved.quote, moved.status, moved.source_iri) == ("different", "anchored", None)
    item = items(render(other, fmt=Format.JSON))[0]
    assert item["target"]["source"]["id"] == "urn:sha256:" + sha256_text(text)
    assert item["target"]["selector"][1] == {
        "type": "TextPositionSelector",
        "start": start,
        "end": start + len("different"),
    }
    (earlier,) = service.anchor_history(other, orphan.id)
    assert earlier.selector.exact == LINES[0]


def test_an_orphan_whose_offsets_are_not_its_quote_exports_the_quote_alone(annotated) -> None:
    """An orphan saved before the text it counted in was recorded: the quote, never
    offsets into a text they do not belong to."""
    first = service.list_annotations(annotated)[0]
    annotated.conn.execute(
        "UPDATE annotations SET status = 'orphaned', start_offset = 0, end_offset = 5 WHERE id = ?",
        (first.id,),
    )
    annotated.conn.commit()
    markdown = render(annotated)
    assert blockquote_texts(markdown)[-1] == LINES[0]
    assert "position unknown (orphaned" in markdown
    item = items(render(annotated, fmt=Format.JSON))[-1]
    assert [s["type"] for s in item["target"]["selector"]] == ["TextQuoteSelector"]


# -- the merge rule ------------------------------------------------------------------


def edited(item: dict, *, note: str, tags: list[str], modified: str) -> dict:
    """The same annotation as another database might have edited it."""
    changed = copy.deepcopy(item)
    changed["modified"] = modified
    changed["body"] = [
        {"type": "TextualBody", "purpose": "commenting", "value": note},
        *({"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags),
    ]
    changed["target"].pop("styleClass", None)
    return changed


def test_an_id_on_another_passage_is_reidentified_and_overwrites_nothing(annotated) -> None:
    first, second = service.list_annotations(annotated)[:2]
    sent = items(render(annotated, fmt=Format.JSON))
    theirs = edited(sent[1], note="theirs", tags=["别的"], modified="2030-01-01T00:00:00+00:00")
    theirs["id"] = sent[0]["id"]  # another tool's annotation of line 2, with line 1's id

    report = import_document(annotated, [theirs], base=CORPUS)
    assert service.get_annotation(annotated, first.id).note == first.note
    assert service.get_annotation(annotated, second.id).note == second.note
    (entry,) = report.annotations
    assert entry.outcome is MergeOutcome.REIDENTIFIED
    assert entry.iri == sent[0]["id"] and entry.saved_iri not in {s["id"] for s in sent}
    made = service.get_annotation(annotated, entry.annotation_id)
    assert (made.quote, made.note, made.tags) == (LINES[1], "theirs", ("别的",))

    again = import_document(annotated, [theirs], base=CORPUS)
    assert [(a.outcome, a.annotation_id) for a in again.annotations] == [
        (MergeOutcome.UNCHANGED, entry.annotation_id)
    ]
    assert len(service.list_annotations(annotated)) == 14


def test_a_newer_edit_wins_and_the_replaced_one_is_kept(annotated) -> None:
    first = service.update_annotation(
        annotated, service.list_annotations(annotated)[0].id, color="red"
    )
    sent = items(render(annotated, fmt=Format.JSON))[0]
    newer = edited(sent, note="second thoughts", tags=["改了"], modified="2030-01-01T00:00:00Z")

    (entry,) = import_document(annotated, [newer], base=CORPUS).annotations
    assert (entry.outcome, entry.annotation_id) == (MergeOutcome.UPDATED, first.id)
    now = service.get_annotation(annotated, first.id)
    assert (now.note, now.tags, now.updated) == (
        "second thoughts",
        ("改了",),
        "2030-01-01T00:00:00+00:00",
    )
    (kept,) = service.revisions(annotated, first.id)
    assert (kept.note, kept.tags, kept.color, kept.updated_at, kept.reason) == (
        first.note,
        first.tags,
        "red",
        first.updated,
        "import",
    )

    older = edited(sent, note="stale", tags=[], modified="2000-01-01T00:00:00Z")
    (entry,) = import_document(annotated, [older], base=CORPUS).annotations
    assert entry.outcome is MergeOutcome.KEPT_NEWER_LOCAL
    assert service.get_annotation(annotated, first.id).note == "second thoughts"

    service.delete_annotation(annotated, first.id)
    newest = edited(sent, note="newest", tags=[], modified="2031-01-01T00:00:00Z")
    (entry,) = import_document(annotated, [newest], base=CORPUS).annotations
    assert entry.outcome is MergeOutcome.KEPT_DELETED
    assert first.id not in {a.id for a in service.list_annotations(annotated)}
    assert len(service.revisions(annotated, first.id)) == 1


def test_line_ends_of_imported_notes_tags_and_quotes_are_lf(annotated, other) -> None:
    sent = items(render(annotated, fmt=Format.JSON))[0]
    crlf = edited(sent, note="one\r\ntwo\rthree", tags=["a\r\nb"], modified="2030-01-01T00:00Z")
    crlf["id"] = "urn:x:crlf"
    crlf["target"]["selector"][0]["prefix"] = "标题\r\n"
    import_document(other, [crlf], base=CORPUS)
    (made,) = service.list_annotations(other)
    assert (made.note, made.tags, made.prefix) == ("one\ntwo\nthree", ("a b",), "标题\n")


def test_the_command_line_reports_each_decision(annotated, db_path: Path, tmp_path, capsys):
    sent = items(render(annotated, fmt=Format.JSON))
    theirs = edited(sent[1], note="theirs", tags=[], modified="2030-01-01T00:00:00+00:00")
    theirs["id"] = sent[0]["id"]
    newer = edited(sent[2], note="newer", tags=[], modified="2030-01-01T00:00:00+00:00")
    path = tmp_path / "in.json"
    path.write_text(json.dumps([theirs, newer, sent[3]]), encoding="utf-8")

    assert main(["--db", str(db_path), "import-annotations", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 3
    assert out[0].startswith(f"annotation 1 ({sent[0]['id']}): re-identified as urn:uuid:")
    assert out[1].startswith(f"annotation 2 ({sent[2]['id']}): updated")
    assert out[2] == (
        "0 added, 1 updated, 1 unchanged, 0 kept-newer-local, 0 kept-deleted, 1 re-identified"
    )

    assert main(["--db", str(db_path), "import-annotations", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert [(a["iri"], a["outcome"]) for a in report["annotations"]] == [
        (sent[0]["id"], "unchanged"),
        (sent[2]["id"], "unchanged"),
        (sent[3]["id"], "unchanged"),
    ]
    assert report["annotations"][0]["saved_iri"].startswith("urn:uuid:")
    assert report["unchanged"] == 3 and report["re-identified"] == 0
    stored = annotation_store.get_row(annotated, report["annotations"][0]["id"])
    assert stored is not None and stored.status is AnchorStatus.ANCHORED


def test_a_database_of_the_previous_schema_keeps_its_annotations(tmp_path: Path) -> None:
    path = tmp_path / "previous.db"
    previous = sqlite_utils.Database(sqlite3.connect(path))
    for number, step in enumerate(schema.MIGRATIONS[:6], start=1):
        step(previous)
        previous.conn.execute(f"PRAGMA user_version = {number}")
    # The article as a reader of that schema stored it (whole raw text, fold indexed).
    article = previous.conn.execute(
        "INSERT INTO articles (path, created_at, updated_at) VALUES (?, 'x', 'x')", (PATH,)
    ).lastrowid
    previous.conn.execute(
        "INSERT INTO article_versions (article_id, version, raw_sha256, encoding, raw_text, "
        "clean_text, clean_sha256, title, script, chars, cleaner_version, imported_at) "
        "VALUES (?, 1, 'r', 'utf-8', ?, ?, 'c', ?, 'simplified', ?, 1, 'x')",
        (article, TEXT, TEXT, TEXT.split("\n")[0], len(TEXT)),
    )
    previous.conn.execute(
        "UPDATE articles SET current_version_id = (SELECT max(id) FROM article_versions)"
    )
    previous.conn.execute(
        "INSERT INTO search_index (rowid, fold) VALUES (?, ?)", (article, fold_text(TEXT))
    )
    previous.conn.execute(
        "INSERT INTO annotations (article_id, version_id, start_offset, end_offset, exact, "
        "prefix, suffix, note, created_at, updated_at) "
        "SELECT id, current_version_id, 3, 5, '第1', '', '', 'kept', 'x', 'x' FROM articles"
    )
    previous.conn.commit()
    previous.conn.close()

    upgraded = open_database(path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        (kept,) = service.list_annotations(upgraded, article_ids=[article])
        assert (kept.note, kept.quote, kept.source_iri) == ("kept", "第1", None)
        assert service.revisions(upgraded, kept.id) == []
        assert [hit.article_id for hit in search(upgraded, TEXT[3:6])] == [article]
    finally:
        upgraded.conn.close()


@pytest.mark.parametrize("source", [f"file://{PATH}", {"id": f"file://{PATH}"}])
def test_a_w3c_target_whose_source_is_the_file_finds_its_article(db, source) -> None:
    # The plainest W3C target names the annotated file as its source, with no "via";
    # only "via" was read as a path, so it was refused ("no article here matches").
    article = add_article(db, TEXT, PATH)
    document = {
        "id": "urn:uuid:6a3c1f3e-0000-4000-8000-000000000001",
        "type": "Annotation",
        "body": {"type": "TextualBody", "value": "a note"},
        "target": {
            "source": source,
            "selector": {"type": "TextQuoteSelector", "exact": LINES[2]},
        },
    }
    report = import_document(db, document, base=CORPUS)
    [imported] = report.annotations
    assert imported.outcome is MergeOutcome.ADDED
    [stored] = service.list_annotations(db, [article])
    assert (stored.quote, stored.note, stored.status) == (LINES[2], "a note", AnchorStatus.ANCHORED)
