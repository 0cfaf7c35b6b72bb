"""The one binding table: README section, required keys, keys kept free."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from reader.tui.bindings import KEYS, keys_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def bound(*scopes: str) -> set[str]:
    return {key for spec in KEYS if spec.scope in scopes for key in spec.keys.split(",")}


def test_readme_key_table_is_generated_from_the_bindings() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"<!-- keys:start -->\n(.*?)<!-- keys:end -->", text, re.S)
    assert match, "README.md lacks the <!-- keys:start --> / <!-- keys:end --> markers"
    assert match.group(1) == keys_markdown(), "paste keys_markdown() between the markers"


def test_the_keys_the_reader_promises_are_bound() -> None:
    everywhere = bound("app", "main")
    reading = everywhere | bound("view")
    listing = everywhere | bound("list")
    for key in ("q", "question_mark", "tab", "shift+tab", "s", "slash", "n", "N", "ctrl+p", "w"):
        assert key in everywhere, key
    for key in ("j", "k", "up", "down", "space", "b", "g", "G"):
        assert key in reading, key
    for key in ("enter", "o"):
        assert key in listing, key


def test_the_annotation_keys_are_bound_in_the_reading_pane() -> None:
    reading = bound("cursor", "annotate")
    for key in ("a", "t", "v", "e", "d", "u", "left_square_bracket", "right_square_bracket"):
        assert key in reading, key
    for key in ("left", "right", "left_parenthesis", "right_parenthesis", "escape", "A"):
        assert key in reading, key
    for key in ("r", "X", "M", "O"):
        assert key in bound("main"), key


def test_no_key_means_two_things_while_reading() -> None:
    """The reading pane's keys and the screen's are live at once: none may clash."""
    live = ("app", "main", "view", "cursor", "annotate")
    counts = Counter(key for spec in KEYS if spec.scope in live for key in spec.keys.split(","))
    assert [key for key, n in counts.items() if n > 1] == []


def test_no_key_is_bound_twice_in_one_scope() -> None:
    for scope in {spec.scope for spec in KEYS}:
        counts = Counter(
            key for spec in KEYS if spec.scope == scope for key in spec.keys.split(",")
        )
        assert [key for key, n in counts.items() if n > 1] == [], scope
