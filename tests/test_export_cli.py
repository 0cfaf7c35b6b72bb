"""``reader export`` and ``reader import-annotations``: outputs, messages, exit codes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_export_fixtures import REPO, annotate_seeds, blockquote_texts

from reader import annotations as service
from reader.cli.main import main
from reader.store.database import open_database


@pytest.fixture
def cli(db_path: Path, capsys, monkeypatch):
    """Run ``reader --db DB ...`` from the repository folder; (status, stdout, stderr)."""
    monkeypatch.chdir(REPO)

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def seeds(seeded_db, monkeypatch):
    """The seed annotations, saved in the file the ``cli`` fixture opens."""
    annotate_seeds(seeded_db, monkeypatch)
    return seeded_db


def test_markdown_to_stdout_by_default(cli, seeds) -> None:
    """The golden export, made now: only ``exported_at`` differs."""
    status, out, err = cli("export")
    assert (status, err) == (0, "")
    golden = (REPO / "tests" / "golden" / "seed.md").read_text(encoding="utf-8")
    stamp = re.compile(r'^exported_at: ".*"$', re.MULTILINE)
    assert len(stamp.findall(out)) == 1
    assert stamp.sub("", out) == stamp.sub("", golden)


def test_json_with_filters(cli, seeds) -> None:
    status, out, _ = cli("export", "--format", "json", "--tag", "grok 3", "--article", "2")
    assert status == 0
    document = json.loads(out)
    assert document["total"] == 2
    status, out, _ = cli("export", "--tag", "馬斯克", "--group-by", "tag", "--script", "simplified")
    assert status == 0 and blockquote_texts(out)[0] == "有人质疑DeepSeek,马斯克就捧哏。"


def test_output_file_and_folder(cli, seeds, tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    status, out, _ = cli("export", "--output", str(target))
    assert status == 0 and out == f"wrote {target}\n"
    assert target.read_text(encoding="utf-8").startswith("---\n")

    folder = tmp_path / "vault"
    status, out, _ = cli("export", "--output", f"{folder}/", "--format", "json")
    assert status == 0 and len(out.splitlines()) == 4
    assert sorted(p.suffix for p in folder.iterdir()) == [".json"] * 4

    status, out, _ = cli("export", "--output", str(folder), "--group-by", "tag")
    names = {p.name for p in folder.iterdir() if p.suffix == ".md"}
    assert status == 0 and "Grok 3.md" in names and "馬斯克.md" in names


def test_user_errors_exit_1_with_one_line(cli, seeds, tmp_path: Path) -> None:
    for args, message in [
        (["export", "--article", "99"], "no article with id 99"),
        (["export", "--format", "json", "--script", "traditional"], "Markdown only"),
        (["export", "--output", str(tmp_path / "missing" / "x.md")], "does not exist"),
    ]:
        status, out, err = cli(*args)
        assert status == 1 and out == "", args
        assert err.count("\n") == 1 and message in err, err


def test_usage_errors_exit_2(cli) -> None:
    for args in (["export", "--format", "pdf"], ["export", "--group-by", "month"]):
        with pytest.raises(SystemExit) as stop:
            cli(*args)
        assert stop.value.code == 2


def test_import_annotations_round_trip(cli, seeds, tmp_path: Path) -> None:
    _, exported, _ = cli("export", "--format", "json")
    path = tmp_path / "annotations.json"
    path.write_text(exported, encoding="utf-8")
    fresh = tmp_path / "fresh.db"
    assert main(["--db", str(fresh), "import", str(REPO / "corpus")]) == 0
    assert main(["--db", str(fresh), "import-annotations", str(path)]) == 0
    assert main(["--db", str(fresh), "import-annotations", str(path), "--json"]) == 0
    again = tmp_path / "again.json"
    assert main(["--db", str(fresh), "export", "--format", "json", "--output", str(again)]) == 0
    assert again.read_text(encoding="utf-8") == exported


def test_import_annotations_summary(cli, seeds, tmp_path: Path) -> None:
    _, exported, _ = cli("export", "--format", "json")
    path = tmp_path / "annotations.json"
    path.write_text(exported, encoding="utf-8")
    status, out, err = cli("import-annotations", str(path))
    summary = "0 added, 0 updated, 8 unchanged, 0 kept-newer-local, 0 kept-deleted, 0 re-identified"
    assert (status, out, err) == (0, summary + "\n", "")
    status, out, _ = cli("import-annotations", str(path), "--json")
    report = json.loads(out)
    assert report.pop("annotations") == [
        {
            "number": number,
            "iri": item["id"],
            "outcome": "unchanged",
            "id": int(item["id"].rsplit("-", 1)[1]),
            "saved_iri": item["id"],
            "status": "anchored",
        }
        for number, item in enumerate(json.loads(exported)["first"]["items"], start=1)
    ]
    assert report == {
        "added": 0,
        "updated": 0,
        "unchanged": 8,
        "kept-newer-local": 0,
        "kept-deleted": 0,
        "re-identified": 0,
        "fuzzy": 0,
        "orphaned": 0,
    }


def test_import_annotations_errors(cli, seeds, tmp_path: Path) -> None:
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{oops", encoding="utf-8")
    status, out, err = cli("import-annotations", str(bad_json))
    assert status == 1 and out == "" and err.count("\n") == 1 and "is not JSON" in err

    status, _, err = cli("import-annotations", str(tmp_path / "missing.json"))
    assert status == 1 and "cannot read" in err

    _, exported, _ = cli("export", "--format", "json")
    document = json.loads(exported)
    item = document["first"]["items"][0]
    document["first"]["items"] = [
        {**item, "id": "urn:new:1\x1b[31m", "target": {"source": "urn:sha256:0", "selector": []}},
        {**item, "id": "urn:new:2", "target": {**item["target"], "source": "urn:sha256:0"}},
    ]
    before = len(service.list_annotations(seeds))
    path = tmp_path / "items.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    status, out, err = cli("import-annotations", str(path))
    lines = err.splitlines()
    assert status == 1 and out == "" and len(lines) == 3
    assert lines[0].startswith("reader: annotation 1 (urn:new:1␛[31m): ")
    assert lines[1].startswith("reader: annotation 2 (urn:new:2): no article here matches")
    assert lines[2] == "reader: 2 of 2 annotations cannot be imported; nothing was imported"
    check = open_database(seeds.conn.execute("PRAGMA database_list").fetchone()[2])
    try:
        assert len(service.list_annotations(check)) == before
    finally:
        check.conn.close()
