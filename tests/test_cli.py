"""The command line: exit codes, JSON on stdout, one-line errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

LIST_KEYS = {"id", "title", "source", "author", "date", "url", "path", "script", "chars", "version"}


@pytest.fixture
def imported(capsys, db_path: Path, corpus_dir: Path) -> Path:
    code, out, err = run(capsys, "--db", str(db_path), "import", str(corpus_dir))
    assert code == 0, err
    assert "4 imported" in out
    return db_path


def test_import_list_show_search(capsys, imported: Path) -> None:
    code, out, _ = run(capsys, "--db", str(imported), "list", "--json")
    assert code == 0
    items = json.loads(out)
    assert len(items) == 4
    assert all(item.keys() >= LIST_KEYS for item in items)
    first = items[0]["id"]

    code, out, _ = run(capsys, "--db", str(imported), "show", str(first))
    assert code == 0 and out.strip()

    code, out, _ = run(capsys, "--db", str(imported), "search", "马斯克", "--json", "--limit", "3")
    assert code == 0
    result = json.loads(out)
    assert len(result["articles"]) == 3  # --limit counts articles, not hits
    assert result["total_articles"] == 4 and result["truncated"] is True
    article = result["articles"][0]
    assert article["hit_count"] >= len(article["hits"]) >= 1
    assert {"article_id", "start", "end", "snippet"} <= article["hits"][0].keys()


def test_search_lists_articles_and_says_when_cut(capsys, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "many.txt").write_text("多次\n" + "名字出现。" * 70 + "\n", "utf-8")
    for i in range(4):
        (folder / f"one{i}.txt").write_text(f"一次{i}\n名字在这里。\n", "utf-8")
    assert run(capsys, "--db", str(db_path), "import", str(folder))[0] == 0
    code, out, err = run(capsys, "--db", str(db_path), "search", "名字", "--limit", "3")
    assert code == 0
    assert "多次  (70 hits)" in out
    assert out.count("hits)") + out.count("hit)") == 3
    assert "showing 3 of 5 articles" in err
    code, out, err = run(capsys, "--db", str(db_path), "search", "名字", "--snippets", "1")
    assert code == 0 and err == ""
    assert len(out.splitlines()) == 10  # five articles, one snippet each


def test_show_converts_script(capsys, imported: Path) -> None:
    _, out, _ = run(capsys, "--db", str(imported), "list", "--json")
    traditional = next(i for i in json.loads(out) if i["script"] == "traditional")
    code, text, _ = run(
        capsys, "--db", str(imported), "show", str(traditional["id"]), "--script", "simplified"
    )
    assert code == 0 and "马斯克" in text and "馬斯克" not in text


def test_reimport_is_a_no_op(capsys, imported: Path, corpus_dir: Path) -> None:
    code, out, _ = run(capsys, "--db", str(imported), "import", str(corpus_dir))
    assert code == 0 and "4 unchanged" in out


def test_unknown_article_is_a_user_error(capsys, imported: Path) -> None:
    code, out, err = run(capsys, "--db", str(imported), "show", "999")
    assert code == 1 and out == ""
    assert err.strip() == "reader: no article with id 999"


def test_usage_errors_exit_2(capsys, db_path: Path) -> None:
    assert run(capsys, "--db", str(db_path), "show", "abc")[0] == 2
    assert run(capsys, "--db", str(db_path), "nonsense")[0] == 2
    assert run(capsys, "--db", str(db_path), "search", "x", "--limit", "0")[0] == 2


def test_garbage_db_is_one_line_error(capsys, tmp_path: Path) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(b"garbage" * 50)
    code, out, err = run(capsys, "--db", str(path), "list")
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and "not a reader database" in err


def test_rejected_files_are_reported(capsys, tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("标题\n正文。", encoding="utf-8")
    code, out, _ = run(capsys, "--db", str(db_path), "import", str(tmp_path), "--json")
    assert code == 0
    report = json.loads(out)
    assert len(report["imported"]) == 1
    assert report["rejected"][0]["path"].endswith("empty.txt")
    assert report["rejected"][0]["reason"]


def test_only_rejections_exit_1(capsys, tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run(capsys, "--db", str(db_path), "import", str(tmp_path / "empty.txt"))
    assert code == 1 and "empty" in err


def test_environment_selects_the_database(tmp_path: Path, corpus_dir: Path) -> None:
    env = {"READER_DB": str(tmp_path / "env.db"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "reader", "import", str(corpus_dir)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env.db").exists()
    assert "Traceback" not in result.stderr


def test_version(capsys) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("reader ")


def test_command_table_matches_what_modules_register() -> None:
    import argparse
    import importlib

    from reader.cli.main import COMMAND_MODULES

    for module, names in COMMAND_MODULES.items():
        parser = argparse.ArgumentParser()
        commands = parser.add_subparsers()
        importlib.import_module(module).register(commands)
        assert tuple(commands.choices) == names, module


def test_a_command_imports_only_its_own_module(imported: Path) -> None:
    code = (
        "import sys\n"
        "from reader.cli.main import main\n"
        f"main(['--db', {str(imported)!r}, 'list'])\n"
        "heavy = [m for m in ('reader.export', 'reader.entities', 'reader.review', 'textual')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "HEAVY []" in result.stdout


def test_help_lists_every_command(capsys) -> None:
    code, out, _ = run(capsys, "--help")
    assert code == 0
    for name in ("import", "list", "entities", "annotate", "export", "review", "screenshots"):
        assert name in out


def test_show_traditional_with_taiwan_phrasing(capsys, tmp_path: Path, db_path: Path) -> None:
    (tmp_path / "s.txt").write_text("软件新闻\n我的U盘和软件。\n", encoding="utf-8")
    assert run(capsys, "--db", str(db_path), "import", str(tmp_path))[0] == 0
    show = ("--db", str(db_path), "show", "1", "--script", "traditional")
    _, plain, _ = run(capsys, *show)
    _, taiwan, _ = run(capsys, *show, "--taiwan")
    assert "軟件" in plain and "U盤" in plain
    assert "軟體" in taiwan and "隨身碟" in taiwan


@pytest.mark.parametrize("command", [[], ["review"]])
def test_the_interfaces_refuse_to_start_without_a_terminal(
    tmp_path: Path, corpus_dir: Path, command: list[str]
) -> None:
    # Run from a script with no terminal, they waited for keys that never came and
    # wrote escape sequences into the redirected output.
    db = tmp_path / "annotations.db"
    assert run_reader("--db", str(db), "import", str(corpus_dir)).returncode == 0
    before = db.read_bytes()
    result = run_reader("--db", str(db), "--corpus", str(corpus_dir), *command)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("reader: ") and result.stderr.count("\n") == 1
    assert "needs a terminal" in result.stderr
    assert db.read_bytes() == before


def run_reader(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m reader ARGS`` with no terminal: input from /dev/null, output piped."""
    return subprocess.run(
        [sys.executable, "-m", "reader", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
