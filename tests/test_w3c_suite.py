"""The W3C export against the W3C Web Annotation test suite's "must" assertions.

The suite (draft-04 JSON Schemas: ``annotations/annotationMusts.test`` lists the 54
assertions, ``definitions/`` the schemas they refer to) is read from
``../shared/data/web-annotation-tests/`` beside the repository, never copied into it;
without that folder the test is skipped. Every exported annotation, each with the
collection's ``@context`` (an embedded annotation inherits it), must pass every
assertion whose expected result is "valid", with URI formats checked (``rfc3987``).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import REPO, annotate_seeds

from reader import annotations as service
from reader.export import Creator, Format, render


def _suite() -> Path | None:
    """``shared/data/web-annotation-tests`` beside the repository (or beside a folder
    holding it, as for a worktree), or where ``W3C_ANNOTATION_TESTS`` says."""
    named = os.environ.get("W3C_ANNOTATION_TESTS")
    if named:
        return Path(named)
    for folder in REPO.parents:
        candidate = folder / "shared" / "data" / "web-annotation-tests"
        if candidate.is_dir():
            return candidate
    return None


SUITE = _suite()

jsonschema = pytest.importorskip("jsonschema")
referencing = pytest.importorskip("referencing")
pytestmark = pytest.mark.skipif(
    SUITE is None or not SUITE.is_dir(), reason="the W3C test suite is not beside the repository"
)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _registry():
    """Every schema of the suite under its own ``id``, as the assertions refer to them."""
    from referencing.jsonschema import DRAFT4

    resources = []
    for path in sorted(SUITE.rglob("*.json")):
        schema = _load(path)
        if isinstance(schema, dict) and isinstance(schema.get("id"), str):
            resources.append((schema["id"], DRAFT4.create_resource(schema)))
    return referencing.Registry().with_resources(resources)


def _musts() -> list[dict]:
    listed = _load(SUITE / "annotations" / "annotationMusts.test")["assertions"]
    return [_load(SUITE / name) for name in listed]


def failures(annotation: dict) -> list[str]:
    """The ``id`` of every must assertion ``annotation`` fails."""
    registry = _registry()
    checker = jsonschema.Draft4Validator.FORMAT_CHECKER
    failed = []
    for assertion in _musts():
        validator = jsonschema.Draft4Validator(assertion, registry=registry, format_checker=checker)
        valid = validator.is_valid(annotation)
        if valid != (assertion.get("expectedResult", "valid") == "valid"):
            failed.append(assertion["id"])
    return failed


@pytest.fixture
def seeds(seeded_db, monkeypatch):
    annotate_seeds(seeded_db, monkeypatch)
    return seeded_db


def exported(db, **options) -> list[dict]:
    document = json.loads(render(db, fmt=Format.JSON, **options))
    return [{"@context": document["@context"], **item} for item in document["first"]["items"]]


def test_the_suite_has_54_musts_and_checks_uri_formats() -> None:
    """The assertions are all there, and a relative ``via`` really fails one (so the
    format checker knows ``uri``: a suite that passes everything proves nothing)."""
    assert len(_musts()) == 54
    relative = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:uuid:00000000-0000-4000-8000-000000000001",
        "type": "Annotation",
        "target": {"source": {"id": "urn:sha256:0", "via": "corpus/a.txt"}},
    }
    assert failures(relative) == ["3.3.7-targViaValidated.json"]


@pytest.mark.parametrize("base", [REPO, None], ids=["base-folder", "no-base"])
def test_every_exported_annotation_passes_all_54_musts(seeds, base) -> None:
    service.create_from_quote(seeds, 1, "馬斯克隨后評論", color="#123abc")
    web = add_article(
        seeds, "标题\n网页上的一句话。", "/web/页面.html", "https://例子.cn/新闻 1?q=马斯克"
    )
    service.create_from_quote(seeds, web, "一句话", tags=["C++"], note="%% ==")
    annotations = exported(seeds, base=base, creator=Creator("Analyst"))
    assert len(annotations) == 10
    for annotation in annotations:
        assert failures(annotation) == [], annotation["id"]


def test_a_creator_iri_and_no_creator_pass_too(seeds) -> None:
    for creator in (Creator("mailto:analyst@example.com"), None):
        for annotation in exported(seeds, base=REPO, creator=creator):
            assert failures(annotation) == []
