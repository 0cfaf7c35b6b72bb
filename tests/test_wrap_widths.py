"""The wrap's wide set is Rich's, whichever Rich is installed (and read without
Rich's private modules, which change between versions)."""

from __future__ import annotations

import ast
from pathlib import Path

from rich.cells import get_character_cell_size

from reader.tui import wrap
from reader.tui.wrap import scanned_wide_ranges, text_cells, wide_ranges


def test_wide_ranges_agree_with_richs_public_width_function() -> None:
    assert wide_ranges() == scanned_wide_ranges()
    assert get_character_cell_size(chr(wrap._LAST_WIDE_CANDIDATE + 1)) != 2
    assert get_character_cell_size("\U000e0100") != 2  # a variation selector, far past


def test_layout_counts_wide_and_narrow_cells_as_rich_does() -> None:
    text = "馬斯克說 Grok 3 是「地球上最聪明」的AI。🙂"
    layout = wrap.wrap(text, 10)
    widths = [text_cells(text[s:e]) for s, e in zip(layout.starts, layout.ends, strict=True)]
    assert max(widths) <= 10 + wrap.HANG
    assert "".join(text[s:e] for s, e in zip(layout.starts, layout.ends, strict=True)) == text


def test_wrap_imports_no_private_rich_module() -> None:
    tree = ast.parse(Path(wrap.__file__).read_text(encoding="utf-8"))
    modules = [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)] + [
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    ]
    assert not [m for m in modules if m.startswith("rich.") and m.split(".")[1].startswith("_")]
