"""Golden files: the seed corpus's example annotations exported every way, byte for byte.

Run with ``UPDATE_GOLDEN=1`` to rewrite the golden files and ``examples/`` after an
intended change of format, then read the diff before committing it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
from test_export_fixtures import (
    EXAMPLES,
    GOLDEN,
    REPO,
    annotate_seeds,
    blockquote_texts,
    html_tokens,
)

from reader import annotations as service
from reader.conversion import DisplayScript
from reader.export import Creator, Format, GroupBy, export_to_folder, json_text, render, w3c

UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
#: What every golden export is made with: a fixed time and creator, paths shown
#: relative to the repository.
FIXED = {
    "base": REPO,
    "exported_at": "2025-03-01T09:10:00+00:00",
    "creator": Creator("Analyst"),
}
#: Where the golden files say the repository is: the JSON formats name files by
#: absolute ``file:`` IRIs, which differ from one checkout to the next.
PORTABLE_ROOT = "file:///home/analyst/reader"


def portable(text: str) -> str:
    """``text`` with this checkout's ``file:`` IRIs rewritten to :data:`PORTABLE_ROOT`.

    A W3C collection's id is the hash of the text of its items, which hold those
    IRIs: it is recomputed from the rewritten items, as the exporter computes it.
    """
    rewritten = text.replace(REPO.as_uri(), PORTABLE_ROOT)
    document = json.loads(rewritten) if rewritten.startswith("{") else None
    if not isinstance(document, dict) or document.get("type") != "AnnotationCollection":
        return rewritten
    items = json_text.dumps(document.get("first", {}).get("items", []), w3c._ITEMS_INDENT)
    identity = w3c.SHA256_URN + hashlib.sha256(items.encode("utf-8")).hexdigest()
    return rewritten.replace(str(document["id"]), identity)


@pytest.fixture
def seeds(seeded_db, monkeypatch):
    annotate_seeds(seeded_db, monkeypatch)
    return seeded_db


def check(path: Path, text: str) -> None:
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.read_text(encoding="utf-8") == text, f"{path} differs; UPDATE_GOLDEN=1 rewrites"


CASES = {
    "seed.md": {},
    "seed.json": {"fmt": Format.JSON},
    "seed-hypothesis.json": {"fmt": Format.HYPOTHESIS},
    "seed-by-tag-simplified.md": {"group_by": GroupBy.TAG, "script": DisplayScript.SIMPLIFIED},
    "seed-traditional-tagged-grok.md": {"script": DisplayScript.TRADITIONAL, "tags": ["grok 3"]},
}


@pytest.mark.parametrize("name", CASES)
def test_golden(seeds, name: str) -> None:
    check(GOLDEN / name, portable(render(seeds, **FIXED, **CASES[name])))


def test_examples_are_the_golden_exports(seeds, tmp_path: Path) -> None:
    """``examples/`` (linked from the README) is exactly what the exporter writes."""
    check(EXAMPLES / "annotations.md", render(seeds, **FIXED))
    check(EXAMPLES / "annotations.json", portable(render(seeds, fmt=Format.JSON, **FIXED)))
    hypothesis = portable(render(seeds, fmt=Format.HYPOTHESIS, **FIXED))
    check(EXAMPLES / "annotations.hypothesis.json", hypothesis)
    folder = EXAMPLES / "by-article" if UPDATE else tmp_path / "by-article"
    written = export_to_folder(seeds, folder, **FIXED)
    expected = sorted(p.name for p in (EXAMPLES / "by-article").iterdir())
    assert sorted(p.name for p in written) == expected
    for path in written:
        check(EXAMPLES / "by-article" / path.name, path.read_text(encoding="utf-8"))


def test_golden_quotes_are_the_stored_quotes(seeds) -> None:
    markdown = (GOLDEN / "seed.md").read_text(encoding="utf-8")
    stored = [a.quote for a in service.list_annotations(seeds)]
    assert blockquote_texts(markdown) == stored
    assert html_tokens(markdown) == []


def test_golden_json_matches_the_database(seeds) -> None:
    document = json.loads((GOLDEN / "seed.json").read_text(encoding="utf-8"))
    items = document["first"]["items"]
    assert document["total"] == len(items) == len(service.list_annotations(seeds))
    assert [i["target"]["selector"][0]["exact"] for i in items] == [
        a.quote for a in service.list_annotations(seeds)
    ]
