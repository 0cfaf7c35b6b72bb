"""collect_paths and parse_file: folders, suffixes, hidden files, size limits."""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from reader.errors import RejectedFile
from reader.ingest import (
    DEFAULT_MAX_BYTES,
    SUPPORTED_SUFFIXES,
    collect_paths,
    parse_bytes,
    parse_file,
)


def make(path: Path, text: str = "正文。\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_constants() -> None:
    assert DEFAULT_MAX_BYTES == 10 * 1024 * 1024
    assert SUPPORTED_SUFFIXES[:3] == (".txt", ".md", ".markdown")
    assert {".html", ".htm", ".xml", ".rss", ".atom"} <= set(SUPPORTED_SUFFIXES)


def test_collect_folder_recursively_sorted(tmp_path: Path) -> None:
    root = tmp_path / "news"
    b = make(root / "b.txt")
    a = make(root / "a.md")
    c = make(root / "sub" / "c.markdown")
    upper = make(root / "sub" / "D.TXT")
    make(root / "image.png")
    make(root / "notes.docx")
    make(root / ".hidden.txt")
    make(root / ".git" / "inside.txt")
    make(root / "sub" / ".cache" / "x.md")
    files, problems = collect_paths([root])
    assert files == [a, b, upper, c]
    assert problems == []


def test_explicit_file_is_kept_whatever_its_suffix(tmp_path: Path) -> None:
    odd = make(tmp_path / "article.html")
    hidden = make(tmp_path / ".secret.txt")
    files, problems = collect_paths([odd, hidden])
    assert files == [odd, hidden]
    assert problems == []


def test_missing_paths_and_duplicates(tmp_path: Path) -> None:
    one = make(tmp_path / "one.txt")
    missing = tmp_path / "nope.txt"
    files, problems = collect_paths([one, missing, tmp_path, one])
    assert files == [one]
    assert problems == [(missing, "no such file or folder")]


def test_empty_folder_adds_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    make(empty / "photo.jpg")
    assert collect_paths([empty]) == ([], [])


def test_special_file_is_a_problem(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(fifo)
    assert collect_paths([fifo]) == ([], [(fifo, "not a regular file")])
    with pytest.raises(RejectedFile, match=r"^not a regular file$"):
        parse_file(fifo)


def test_parse_file_records_hash_and_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = make(tmp_path / "x.txt", "标题\n正文。\n")
    monkeypatch.chdir(tmp_path)
    article = parse_file(Path("x.txt"))
    assert article.path == str(tmp_path / "x.txt")
    assert article.raw_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert article.title == "标题"


def test_parse_bytes_keeps_the_given_path() -> None:
    article = parse_bytes("正文。".encode(), path="some/where/name.txt")
    assert article.path == "some/where/name.txt"
    assert article.title == "正文。"


def test_40_mb_file_rejected_by_size_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: nothing to read quickly
    start = time.process_time()
    with pytest.raises(RejectedFile, match=r"^file too large: 40\.0 MB \(limit 10\.0 MB\)$"):
        parse_file(path)
    assert time.process_time() - start < 0.5


def test_custom_size_limit(tmp_path: Path) -> None:
    path = make(tmp_path / "small.txt", "一二三四五六七八九十" * 10)
    with pytest.raises(RejectedFile, match=r"file too large"):
        parse_file(path, max_bytes=100)
    assert parse_file(path, max_bytes=300).clean_text.startswith("一二三")


def test_folder_and_missing_file_are_rejected(tmp_path: Path) -> None:
    with pytest.raises(RejectedFile, match=r"^is a folder, not a file$"):
        parse_file(tmp_path)
    with pytest.raises(RejectedFile, match=r"^no such file or folder$"):
        parse_file(tmp_path / "missing.txt")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file(tmp_path: Path) -> None:
    path = make(tmp_path / "locked.txt")
    path.chmod(0)
    try:
        with pytest.raises(RejectedFile, match=r"permission denied"):
            parse_file(path)
    finally:
        path.chmod(0o644)
