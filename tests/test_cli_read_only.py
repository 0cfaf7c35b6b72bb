"""Commands that only read never create the database: run in an empty folder they
say there is nothing (one line) or print an empty result, and the folder stays empty."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import run

from reader.cli.main import COMMAND_MODULES, READ_ONLY_COMMANDS

#: Each read-only command line, and what it says about the missing database.
READ_ONLY = {
    ("list",): "no articles yet",
    ("list", "--json"): "[]",
    ("list", "--unread"): "no articles match",
    ("show", "1"): "no article with id 1",
    ("search", "马斯克"): "no match",
    ("search", "马斯克", "--json"): '"articles": []',
    ("annotations",): "no annotations",
    ("annotations", "--json"): "[]",
    ("tags",): "no tags",
    ("export",): "No annotations match.",
    ("export", "--format", "json"): '"total": 0',
    ("entities",): "no entities yet",
    ("entities", "--json"): "[]",
    ("entity", "马斯克"): "no entity called",
    ("review", "--stats", "--json"): '"new": 0',
    ("cite", "1"): "no annotation with id 1",
    ("lookup", "马斯克"): "mǎ sī kè",
    ("schema",): "# Database schema",
    ("serve",): "no database at annotations.db",
    ("feeds", "list"): "no feeds yet",
    ("feeds", "list", "--json"): "[]",
}

#: Commands that write, and so make the database when it is missing.
WRITING = {
    "import",
    "read",
    "unread",
    "annotate",
    "entity-merge",
    "entity-split",
    "entity-alias",
    "entity-rename",
    "entity-kind",
    "entity-hide",
    "import-annotations",
    "feeds",  # add, remove, update (feeds list only reads)
}

#: Commands that never open the database.
WITHOUT_DATABASE = {"screenshots", "completion", "keys"}  # screenshots: a database of its own


@pytest.mark.parametrize("argv", list(READ_ONLY), ids=" ".join)
def test_read_only_command_creates_nothing(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: tuple[str, ...]
) -> None:
    folder = tmp_path / "empty"
    folder.mkdir()
    monkeypatch.chdir(folder)
    code, out, err = run(capsys, *argv)
    assert code in (0, 1), err
    assert READ_ONLY[argv] in out + err
    assert "Traceback" not in err
    assert list(folder.iterdir()) == []
    if not any(word in argv for word in ("--json", "export", "lookup", "schema")):
        assert len((out + err).strip().splitlines()) == 1


def test_every_command_is_known_to_read_or_to_write() -> None:
    commands = {name for names in COMMAND_MODULES.values() for name in names}
    assert commands == READ_ONLY_COMMANDS | WRITING | WITHOUT_DATABASE
    assert not READ_ONLY_COMMANDS & WRITING
    assert {argv[0] for argv in READ_ONLY} == READ_ONLY_COMMANDS | {"feeds"}


def test_read_only_command_reads_an_existing_database(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text("标题\n\n马斯克说了一句话。\n", encoding="utf-8")
    assert run(capsys, "import", "--no-analysis", "a.txt")[0] == 0
    code, out, _ = run(capsys, "list")
    assert code == 0 and "标题" in out
