"""``reader import -``: one article from standard input, like any file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_helpers import run

REPO = Path(__file__).resolve().parent.parent
ARTICLE = "標題：馬斯克的新模型\n來源：測試報\n\n馬斯克發布了新模型。它很快。\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_import_dash_reads_one_article_from_a_pipe(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    env = dict(os.environ, PYTHONPATH=str(REPO))
    command = [sys.executable, "-m", "reader", "--db", str(db)]
    result = subprocess.run(
        [*command, "import", "--no-analysis", "-"],
        input=ARTICLE.encode("utf-8"),
        capture_output=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert b"1 imported" in result.stdout
    listed = subprocess.run([*command, "list"], capture_output=True, env=env)
    assert "馬斯克的新模型" in listed.stdout.decode("utf-8")
    assert "測試報" in listed.stdout.decode("utf-8")


def test_the_same_text_again_is_unchanged_another_is_new(
    capsys, monkeypatch: pytest.MonkeyPatch, db_path: Path
) -> None:
    for data, expected in (
        (ARTICLE.encode("utf-8"), "1 imported"),
        (ARTICLE.encode("utf-8"), "1 unchanged"),
        (ARTICLE.replace("很快", "很慢").encode("gb18030"), "1 imported"),
    ):
        _stdin(monkeypatch, data)
        code, out, err = run(capsys, "--db", str(db_path), "import", "--no-analysis", "-")
        assert code == 0, err
        assert expected in out
    code, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    assert out.count('"id"') == 2
    _, shown, _ = run(capsys, "--db", str(db_path), "show", "2")
    assert "很慢" in shown  # decoded from GB18030 as a file would be


@pytest.mark.parametrize(
    ("argv", "data", "message"),
    [
        (("-",), b"", "standard input is empty"),
        (("--max-size", "10", "-"), ARTICLE.encode("utf-8"), "larger than the limit"),
        (("-", "other.txt"), ARTICLE.encode("utf-8"), "on its own"),
        (("-",), b"\x00\x01\x02binary\xff" * 50, "rejected -"),
    ],
)
def test_bad_standard_input_is_one_line_and_saves_nothing(
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    db_path: Path,
    argv: tuple[str, ...],
    data: bytes,
    message: str,
) -> None:
    _stdin(monkeypatch, data)
    code, _, err = run(capsys, "--db", str(db_path), "import", "--no-analysis", *argv)
    assert code == 1
    assert message in err
    assert "Traceback" not in err
    _, out, _ = run(capsys, "--db", str(db_path), "list", "--json")
    assert out.strip() == "[]"
