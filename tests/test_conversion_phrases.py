"""Offset maps over phrase conversions that change a text's shape (s2twp, s2hk).

A source span that touches part of a converted phrase must map to the whole display
phrase and back to the whole source phrase; characters converted one to one stay
exact. The sentences below are inputs of OpenCC's own s2twp and s2hk test cases
(the installed package ships no test data, so they are copied here).
"""

from __future__ import annotations

import random

import pytest

from reader.conversion import convert, convert_plain
from reader.folding import fold_text

OPENCC_S2TWP = (
    "鼠标里面的硅二极管坏了，导致光标分辨率降低。",
    "我们在老挝的服务器的硬盘需要使用互联网算法软件解决异步的问题。",
    "为什么你在床里面睡着？",
)
OPENCC_S2HK = ("虚伪叹息", "潮湿灶台", "赞叹沙河涌汹涌的波浪", "为什么你在床里面睡着？")

#: Words whose s2twp form is a different word, most of them of another length.
PHRASES = [
    "算法",
    "服务器",
    "U盘",
    "互联网",
    "鼠标",
    "光标",
    "软件",
    "硬盘",
    "异步",
    "老挝",
    "分辨率",
    "二极管",
    "内存",
    "博客",
    "方便面",
    "的士",
    "字节",
    "内存卡",
    "知识产权",
    "头发",
    "信息",
    "视频",
    "打印机",
    "叹息",
    "潮湿",
    "里面",
    "睡着",
]
FILLER = "的了在和是我他这个们，。、一不有\n"


def shown(source: str, start: int, end: int, config: str = "s2twp") -> str:
    converted = convert(source, config)
    target_start, target_end = converted.offsets.range_to_target(start, end)
    return converted.text[target_start:target_end]


def selected(source: str, display_start: int, display_end: int, config: str = "s2twp") -> str:
    offsets = convert(source, config).offsets
    return source[slice(*offsets.range_to_source(display_start, display_end))]


@pytest.mark.parametrize(
    ("source", "start", "end", "display"),
    [
        ("算法", 0, 1, "演算法"),
        ("算法", 1, 2, "演算法"),
        ("算法", 0, 2, "演算法"),
        ("服务器和U盘", 1, 2, "伺服器"),
        ("服务器和U盘", 0, 3, "伺服器"),
        ("服务器和U盘", 3, 4, "和"),
        ("服务器和U盘", 4, 5, "隨身碟"),
        ("服务器和U盘", 2, 5, "伺服器和隨身碟"),
        ("互联网", 0, 1, "網際網路"),
        ("互联网", 1, 2, "網際網路"),
        ("使用互联网算法", 1, 3, "用網際網路"),
        ("鼠标里面", 1, 2, "滑鼠"),
        ("鼠标里面", 2, 3, "裡"),
        ("知识产权保护", 2, 3, "智慧財產權"),
        ("知识产权保护", 4, 6, "保護"),
        # one-to-one characters inside a phrase stay exact
        ("我的头发", 2, 3, "頭"),
        ("我的头发", 3, 4, "髮"),
    ],
)
def test_a_span_in_a_phrase_shows_the_whole_display_phrase(
    source: str, start: int, end: int, display: str
) -> None:
    assert shown(source, start, end) == display


@pytest.mark.parametrize(
    ("source", "display_start", "display_end", "original"),
    [
        ("算法", 0, 1, "算法"),
        ("算法", 2, 3, "算法"),
        ("服务器和U盘", 0, 1, "服务器"),
        ("服务器和U盘", 5, 6, "U盘"),
        ("服务器和U盘", 3, 4, "和"),
        ("互联网", 3, 4, "互联网"),
        ("我的头发", 3, 4, "发"),
    ],
)
def test_a_display_span_in_a_phrase_selects_the_whole_source_phrase(
    source: str, display_start: int, display_end: int, original: str
) -> None:
    assert selected(source, display_start, display_end) == original


def test_a_phrase_of_the_same_length_maps_whole() -> None:
    """服务器 → 伺服器 keeps its length, but 务 is not 服: the phrase maps as one."""
    converted = convert("服务器", "s2twp")
    assert converted.text == "伺服器"
    assert converted.offsets.range_to_target(1, 2) == (0, 3)
    assert converted.offsets.range_to_source(0, 1) == (0, 3)


def sound_cut(source: str, display: str, position: int, display_position: int, config: str) -> bool:
    """Whether a span boundary lies between phrases or inside a one-to-one phrase.

    Between phrases, converting the two sides apart gives the display on each side of
    ``display_position``. Inside a phrase converted character for character (头|发 →
    頭|髮), converting apart may choose other characters or change the segmentation
    after it, so there the characters on both sides must be conversions of each other.
    """
    if (
        convert_plain(source[:position], config) == display[:display_position]
        and convert_plain(source[position:], config) == display[display_position:]
    ):
        return True
    around = slice(max(position - 1, 0), position + 1)
    display_around = slice(max(display_position - 1, 0), display_position + 1)
    return fold_text(source[around]) == fold_text(display[display_around])


def check_spans(source: str, config: str, rng: random.Random, count: int) -> int:
    """Random source spans round-trip through the display, phrase-whole; returns cases."""
    converted = convert(source, config)
    assert converted.text == convert_plain(source, config)
    offsets, display = converted.offsets, converted.text
    cases = 0
    for _ in range(count):
        start = rng.randrange(len(source))
        end = rng.randrange(start + 1, len(source) + 1)
        display_start, display_end = offsets.range_to_target(start, end)
        assert 0 <= display_start < display_end <= len(display)
        back_start, back_end = offsets.range_to_source(display_start, display_end)
        assert back_start <= start and end <= back_end
        assert sound_cut(source, display, back_start, display_start, config)
        assert sound_cut(source, display, back_end, display_end, config)
        # and a fixed point: mapping the widened source span again changes nothing
        assert offsets.range_to_target(back_start, back_end) == (display_start, display_end)
        cases += 1
    return cases


@pytest.mark.parametrize("config", ["s2twp", "s2hk"])
def test_random_spans_round_trip_over_phrase_rich_texts(config: str) -> None:
    rng = random.Random(20261202)
    cases = 0
    for _text in range(60):
        pieces = [
            rng.choice(PHRASES) if rng.random() < 0.6 else rng.choice(FILLER)
            for _ in range(rng.randrange(3, 25))
        ]
        cases += check_spans("".join(pieces), config, rng, 40)
    for sentence in OPENCC_S2TWP + OPENCC_S2HK:
        cases += check_spans(sentence, config, rng, 40)
    assert cases == 60 * 40 + 7 * 40


@pytest.mark.parametrize("sentence", OPENCC_S2TWP)
def test_every_display_character_of_opencc_cases_maps_back(sentence: str) -> None:
    converted = convert(sentence, "s2twp")
    for position in range(len(converted.text)):
        start, end = converted.offsets.range_to_source(position, position + 1)
        assert start < end, converted.text[position]
