"""Shared fixtures: real SQLite files in temporary folders and the seed corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _no_user_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """The user's own config (a keymap file) never changes what a test sees."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def corpus_dir() -> Path:
    """The seed corpus shipped with the repository (read-only use)."""
    return CORPUS


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "annotations.db"


@pytest.fixture
def db(db_path: Path):
    from reader.store.database import open_database

    database = open_database(db_path)
    yield database
    database.conn.close()


@pytest.fixture
def seeded_db(db):
    """A database with the four seed articles imported."""
    from reader.importer import import_paths

    report = import_paths(db, [CORPUS])
    assert len(report.imported) == 4, report.rejected
    return db


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus imported and analysed, once per module (closed, so copies of the
    file are complete); tests copy it before changing anything."""
    from store_helpers import build_analysed

    return build_analysed(tmp_path_factory.mktemp("analysed") / "analysed.db", CORPUS)


@pytest.fixture
def cli(db_path: Path, capsys):
    """Run ``reader --db DB ...`` through the real entry point; returns (exit status,
    stdout, stderr)."""
    from reader.cli.main import main

    def run(*args: str) -> tuple[int, str, str]:
        status = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return status, out, err

    return run
