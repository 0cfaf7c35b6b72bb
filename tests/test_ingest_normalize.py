"""Normalisation: escapes, controls, newlines, bidi, NFC, and speed on huge lines."""

from __future__ import annotations

import time
import unicodedata
from pathlib import Path

import pytest

from reader.ingest import normalize_text, parse_file


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\x1b[31mred\x1b[0m b", "ared b"),
        ("a\x1b[1;38;5;196mbold\x1b[m", "abold"),
        ("x\x1b]52;c;aGVsbG8=\x07y", "xy"),  # OSC 52 (clipboard), BEL-terminated
        ("x\x1b]52;c;aGVsbG8=\x1b\\y", "xy"),  # ST-terminated
        ("x\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "xlink"),  # OSC 8 link
        ("x\x1b]0;title never ends\nnext line", "x\nnext line"),
        ("a\x1bPdcs payload\x1b\\b", "ab"),
        ("a\x1b(Bb", "ab"),
        ("a\x1bcb", "ab"),  # RIS
        ("trailing\x1b", "trailing"),
        ("a\x9b31mb", "ab"),  # 8-bit CSI
        ("a\x9d52;c;zz\x9cb", "ab"),  # 8-bit OSC
        ("a\x1b[?25lb\x1b[2J", "ab"),
    ],
)
def test_terminal_escapes_are_removed(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_newlines() -> None:
    assert normalize_text("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert normalize_text("a\u2028b\u2029c") == "a\nb\n\nc"
    assert normalize_text("a\x0cb\x0bc\x85d") == "a\nb\nc\nd"


def test_controls_and_invisibles() -> None:
    raw = "a\x00b\x07c\x7fd\x08e\u202ef\u202ag\u2066h\u2069i\u200ej\u200fk\ufeffl\u200bm\x80n"
    assert normalize_text(raw) == "abcdefghijklmn"


def test_tabs_newlines_and_zwj_stay() -> None:
    text = "一\t二\n👨\u200d👩\u200d👧 family"
    assert normalize_text(text) == text


def test_nfc() -> None:
    assert normalize_text("cafe\u0301") == "café"
    assert normalize_text("\u1100\u1161") == "\uac00"


def test_markup_is_not_touched() -> None:
    text = "[/] [@click=app.quit] [bold red]x[/] ${x} %s {0}"
    assert normalize_text(text) == text


def test_million_character_line_is_fast() -> None:
    line = "中文內容，English words 123. " * 42_000
    assert len(line) > 1_000_000
    start = time.process_time()
    assert normalize_text(line) == line
    hostile = ("文\x1b[1m字\x1b]52;c;eA==\x07" * 100_000)[:1_000_000]
    normalize_text(hostile)
    assert time.process_time() - start < 1.0


def test_escapes_and_crlf_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "ansi.txt"
    path.write_bytes(
        "\x1b[31m紅色標題\x1b[0m\r\n\r\n第一段\x1b]52;c;cm0gLXJmIH4=\x07文字。\r第二段。\r\n".encode()
    )
    article = parse_file(path)
    assert article.title == "紅色標題"
    assert article.clean_text == "紅色標題\n\n第一段文字。\n\n第二段。"
    assert "\x1b" not in article.clean_text and "\r" not in article.clean_text
    assert "\x1b" in article.raw_text  # raw text is kept as decoded


def test_the_quick_check_lets_through_only_characters_no_step_changes() -> None:
    # normalize_text skips every step when no character of _ANY_CHANGED is in the
    # text: each character outside it must then come out of the steps unchanged.
    from reader.ingest.normalize import _ANY_CHANGED, _normalize_changed

    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF or _ANY_CHANGED.match(chr(code)):
            continue
        text = f"a{chr(code)}b"
        assert _normalize_changed(text) == unicodedata.normalize("NFC", text), hex(code)
