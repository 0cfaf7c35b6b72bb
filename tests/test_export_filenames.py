"""File names made from titles, and writing files atomically inside the chosen folder."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import fixed_clock

from reader import annotations as service
from reader.errors import ReaderError
from reader.export import export_to_folder
from reader.export.filenames import FALLBACK, MAX_BYTES, safe_name, unique_names
from reader.export.writing import write_atomic, write_folder


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Grok3 来了，马斯克笑了", "Grok3 来了，马斯克笑了.md"),
        ("專題:AI界“拼多多”", "專題 AI界“拼多多”.md"),
        ("../../etc/passwd", "etc passwd.md"),
        ("a/b\\c", "a b c.md"),
        ("", f"{FALLBACK}.md"),
        ("   ", f"{FALLBACK}.md"),
        (".", f"{FALLBACK}.md"),
        ("..", f"{FALLBACK}.md"),
        (".hidden", "hidden.md"),
        (". .. .x", "x.md"),
        ("trailing dots...", "trailing dots.md"),
        ("tab\tnew\nline", "tab new line.md"),
        ("bell\x07 escape\x1b[31m", "bell escape 31m.md"),
        ("\u202egpj.exe", "gpj.exe.md"),
        ("zero\u200bwidth", "zerowidth.md"),
        ("CON", "_CON.md"),
        ("nul.txt", "_nul.txt.md"),
        (
            'what? "quoted" <tag> *star* |pipe| #hash ^caret [x]',
            "what quoted tag star pipe hash caret x.md",
        ),
    ],
)
def test_safe_names(title: str, name: str) -> None:
    assert safe_name(title, ".md") == name


def test_names_are_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "café 한국어")
    assert safe_name(decomposed, ".md") == unicodedata.normalize("NFC", "café 한국어") + ".md"


@pytest.mark.parametrize("char", ["马", "a", "é", "😀"])
def test_long_names_are_cut_between_characters(char: str) -> None:
    name = safe_name(char * 300, ".md")
    assert len(name.encode("utf-8")) <= MAX_BYTES
    assert name.endswith(".md") and set(name[:-3]) == {char}
    assert len(name.encode("utf-8")) > MAX_BYTES - len(char.encode("utf-8")) - 1


def test_collisions_get_numbers_ignoring_case() -> None:
    names = unique_names(["Title", "title", "TITLE", "", "", "马" * 300, "马" * 301], ".md")
    assert names[:5] == [
        "Title.md",
        "title (2).md",
        "TITLE (3).md",
        "untitled.md",
        "untitled (2).md",
    ]
    assert names[6].endswith(" (2).md") and len(names[6].encode("utf-8")) <= MAX_BYTES
    assert len({n.casefold() for n in names}) == len(names)


def test_write_atomic_replaces_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "新\n")
    assert target.read_bytes() == "新\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_keeps_the_old_file_when_writing_fails(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.md"
    target.write_text("old", encoding="utf-8")

    def fail(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ReaderError, match="No space left on device"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.md"]


def test_write_atomic_gets_the_usual_permissions(tmp_path: Path) -> None:
    mask = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "out.md", "x")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


def test_write_atomic_refuses_missing_folders_and_folders(tmp_path: Path) -> None:
    with pytest.raises(ReaderError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "out.md", "x")
    with pytest.raises(ReaderError, match="is a folder"):
        write_atomic(tmp_path, "x")


def test_write_folder_stays_inside(tmp_path: Path) -> None:
    folder = tmp_path / "export"
    written = write_folder(folder, [("a.md", "A"), ("b.md", "B")])
    assert written == [folder.resolve() / "a.md", folder.resolve() / "b.md"]
    for bad in ("../escape.md", "sub/dir.md", "..", "", "/abs.md"):
        with pytest.raises(ReaderError, match="not a plain file name"):
            write_folder(folder, [("ok.md", "x"), (bad, "x")])
    assert not (tmp_path / "escape.md").exists() and not (folder / "ok.md").exists()


def test_a_symlink_at_the_target_is_replaced_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious", encoding="utf-8")
    folder = tmp_path / "export"
    folder.mkdir()
    (folder / "a.md").symlink_to(outside)
    write_folder(folder, [("a.md", "export")])
    assert outside.read_text(encoding="utf-8") == "precious"
    assert not (folder / "a.md").is_symlink()
    assert (folder / "a.md").read_text(encoding="utf-8") == "export"


def test_export_to_folder_names_files_after_titles(db, tmp_path: Path, monkeypatch) -> None:
    fixed_clock(monkeypatch)
    for number, title in enumerate(["同名/文章", "同名/文章", "..", "Ab", "aB"]):
        article = add_article(db, f"{title}\n第{number}段。", f"/corpus/{number}.txt")
        service.create_from_quote(db, article, f"第{number}段")
    folder = tmp_path / "vault"
    written = export_to_folder(db, folder)
    assert [p.name for p in written] == [
        "同名 文章.md",
        "同名 文章 (2).md",
        "untitled.md",
        "Ab.md",
        "aB (2).md",
    ]
    assert all(p.parent == folder.resolve() for p in written)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in written)
