"""Hypothesis API JSON, both ways: export, import (single, list, search rows), round
trips in both directions matched by the article's web address, and bad input refused
in one line with nothing saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import fixed_clock

from reader import annotations as service
from reader.export import AnnotationImportError, Creator, Format, render
from reader.export.importing import MergeOutcome, import_document
from reader.store.database import open_database

URL = "https://news.example.com/2025/02/grok-3.html"
TEXT = "Grok 3 来了\n马斯克周一发布了Grok 3。\n网站刚一上线，就被网友们点崩溃了。"


def hypothesis_row(**changes) -> dict:
    """An annotation as the Hypothesis API returns it for a passage of ``URL``: its
    positions count in the web page's text (a navigation bar precedes the article),
    and a RangeSelector names DOM nodes reader cannot use."""
    row = {
        "id": "Qx7bKp2aEe-Z1Q",
        "created": "2025-02-20T08:15:42.123456+00:00",
        "updated": "2025-02-21T10:00:00.000000+00:00",
        "user": "acct:reporter@hypothes.is",
        "uri": URL,
        "text": "Launch date **confirmed**.",
        "tags": ["马斯克", "Grok 3"],
        "group": "__world__",
        "permissions": {"read": ["group:__world__"]},
        "target": [
            {
                "source": URL,
                "selector": [
                    {
                        "type": "RangeSelector",
                        "startContainer": "/div[1]/p[2]",
                        "startOffset": 0,
                        "endContainer": "/div[1]/p[2]",
                        "endOffset": 14,
                    },
                    {"type": "TextPositionSelector", "start": 230, "end": 244},
                    {
                        "type": "TextQuoteSelector",
                        "exact": "马斯克周一发布了Grok 3",
                        "prefix": "Grok 3 来了\n",
                        "suffix": "。\n网站刚一上线",
                    },
                ],
            }
        ],
        "document": {"title": ["Grok 3 来了 | 新闻"]},
        "links": {"html": "https://hypothes.is/a/Qx7bKp2aEe-Z1Q"},
        "flagged": False,
        "hidden": False,
    }
    row.update(changes)
    return row


@pytest.fixture
def web(db, monkeypatch):
    fixed_clock(monkeypatch)
    add_article(db, TEXT, "/corpus/grok.html", URL)
    return db


def only(db):
    (annotation,) = service.list_annotations(db)
    return annotation


@pytest.mark.parametrize(
    "shape",
    [lambda r: r, lambda r: [r], lambda r: {"total": 1, "rows": [r]}],
    ids=["single", "list", "search-rows"],
)
def test_a_hypothesis_annotation_is_imported_by_its_address(web, shape) -> None:
    report = import_document(web, shape(hypothesis_row()), base=Path("/"))
    assert [a.outcome for a in report.annotations] == [MergeOutcome.ADDED]
    annotation = only(web)
    assert annotation.quote == "马斯克周一发布了Grok 3"
    assert TEXT[annotation.start : annotation.end] == annotation.quote
    assert annotation.note == "Launch date **confirmed**."
    assert annotation.tags == ("马斯克", "Grok 3")
    assert annotation.created == "2025-02-20T08:15:42+00:00"
    assert annotation.updated == "2025-02-21T10:00:00+00:00"
    assert report.annotations[0].saved_iri == "https://hypothes.is/a/Qx7bKp2aEe-Z1Q"


def test_hypothesis_to_reader_to_hypothesis_keeps_the_annotation(web) -> None:
    original = hypothesis_row()
    import_document(web, {"rows": [original]}, base=Path("/"))
    (row,) = json.loads(render(web, fmt=Format.HYPOTHESIS, creator=Creator("reporter")))["rows"]
    assert row["id"] == original["id"]
    assert row["uri"] == row["target"][0]["source"] == URL
    assert (row["text"], row["tags"]) == (original["text"], original["tags"])
    assert row["document"] == {"title": ["Grok 3 来了"]}
    assert row["created"] == "2025-02-20T08:15:42+00:00"
    quote = next(s for s in row["target"][0]["selector"] if s["type"] == "TextQuoteSelector")
    stated = original["target"][0]["selector"][2]
    assert (quote["exact"], quote["prefix"]) == (stated["exact"], stated["prefix"])
    assert quote["suffix"].startswith(stated["suffix"])  # reader's own context, longer
    assert row["user"] == "acct:reporter@localhost"
    again = import_document(web, {"rows": [row]}, base=Path("/"))
    assert [a.outcome for a in again.annotations] == [MergeOutcome.UNCHANGED]
    assert len(service.list_annotations(web)) == 1


def test_reader_to_hypothesis_to_reader_is_lossless_but_for_colour(web, tmp_path) -> None:
    made = service.create_from_quote(web, 1, "网站刚一上线", tags=["崩溃"], note="见 *原文*")
    text = render(web, fmt=Format.HYPOTHESIS)
    fresh = open_database(tmp_path / "fresh.db")
    try:
        add_article(fresh, TEXT, "/elsewhere/grok.html", URL)
        report = import_document(fresh, json.loads(text), base=tmp_path)
        assert [a.outcome for a in report.annotations] == [MergeOutcome.ADDED]
        copy = only(fresh)
        assert (copy.quote, copy.start, copy.end) == (made.quote, made.start, made.end)
        assert (copy.note, copy.tags, copy.created) == (made.note, made.tags, made.created)
        assert render(fresh, fmt=Format.HYPOTHESIS) == text
    finally:
        fresh.conn.close()


def test_an_address_in_chinese_matches_in_either_spelling(db, monkeypatch) -> None:
    fixed_clock(monkeypatch)
    add_article(db, TEXT, "/corpus/a.html", "https://例子.cn/新闻?q=马斯克")
    service.create_from_quote(db, 1, "网站刚一上线")
    (row,) = json.loads(render(db, fmt=Format.HYPOTHESIS))["rows"]
    assert row["uri"].isascii()
    service.delete_annotation(db, only(db).id)
    row["id"] = "other"
    report = import_document(db, row, base=Path("/"))
    assert [a.outcome for a in report.annotations] == [MergeOutcome.ADDED]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"uri": "https://unknown.example.org/x"}, "no article here matches"),
        ({"target": [{"source": URL}]}, "page note"),
        ({"id": ""}, "it has no id"),
        ({"tags": "马斯克"}, "tags must be a list"),
        ({"updated": "yesterday"}, "not an ISO 8601"),
    ],
)
def test_bad_hypothesis_input_changes_nothing(web, change, message) -> None:
    good = hypothesis_row(id="good")
    with pytest.raises(AnnotationImportError) as caught:
        import_document(web, {"rows": [good, hypothesis_row(**change)]}, base=Path("/"))
    assert message in str(caught.value) and "\n" not in str(caught.value)
    assert service.list_annotations(web) == []


def test_the_command_line_both_ways(cli, db_path, monkeypatch, tmp_path) -> None:
    from reader.store.database import open_database as open_db

    database = open_db(db_path)
    add_article(database, TEXT, str(tmp_path / "grok.html"), URL)
    database.conn.close()
    file = tmp_path / "hypothesis.json"
    file.write_text(json.dumps({"rows": [hypothesis_row()]}), encoding="utf-8")
    status, out, err = cli("import-annotations", str(file))
    assert (status, err) == (0, "") and "1 added" in out
    status, out, _ = cli("export", "--format", "hypothesis", "--creator", "acct:me@hypothes.is")
    assert status == 0
    (row,) = json.loads(out)["rows"]
    assert (row["id"], row["user"]) == ("Qx7bKp2aEe-Z1Q", "acct:me@hypothes.is")
    file.write_text(json.dumps(hypothesis_row(id="new", uri="https://elsewhere.example/")), "utf-8")
    status, out, err = cli("import-annotations", str(file))
    assert status == 1 and err.count("\n") == 1 and "no article here matches" in err
