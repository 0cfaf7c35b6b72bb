"""Script conversion with offset maps."""

from __future__ import annotations

import pytest

from reader.conversion import (
    TO_SIMPLIFIED,
    DisplayScript,
    OffsetMap,
    Script,
    character_table,
    convert,
    dense_table,
    detect_script,
    for_display,
)
from reader.folding import fold_text


def test_whole_text_conversion_is_context_sensitive() -> None:
    assert convert("头发", "s2t").text == "頭髮"
    assert convert("发", "s2t").text == "發"


def test_identity_map_when_length_is_kept() -> None:
    converted = convert("马斯克的头发", "s2t")
    assert converted.text == "馬斯克的頭髮"
    assert converted.offsets.is_identity
    assert converted.offsets.to_target(3) == 3


def test_length_changing_config_maps_offsets() -> None:
    source = "我的U盘和头发。\n软件U盘"
    converted = convert(source, "s2twp")
    assert converted.text == "我的隨身碟和頭髮。\n軟體隨身碟"
    offsets = converted.offsets
    # "和" is at 4 in the source and 5 in the target
    assert offsets.to_target(4) == 5
    assert offsets.to_source(5) == 4
    # the replaced word maps span to span
    assert offsets.range_to_target(2, 4) == (2, 5)
    assert offsets.range_to_source(2, 5) == (2, 4)
    # every source character maps into the target and back to itself outside spans
    for position in (0, 1, 4, 5, 6, 7, 8, 9):
        assert offsets.to_source(offsets.to_target(position)) == position
    # a quote survives the round trip: 头发 in the source is 頭髮 in the target
    start, end = offsets.range_to_target(5, 7)
    assert converted.text[start:end] == "頭髮"
    assert source[slice(*offsets.range_to_source(start, end))] == "头发"


def test_second_line_offsets_after_a_length_change() -> None:
    source = "U盘\n发"
    converted = convert(source, "s2twp")
    lines = converted.text.split("\n")
    assert converted.offsets.to_target(3) == len(lines[0]) + 1


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        (DisplayScript.ORIGINAL, "馬斯克说"),
        (DisplayScript.SIMPLIFIED, "马斯克说"),
        (DisplayScript.TRADITIONAL, "馬斯克說"),
        (DisplayScript.TAIWAN, "馬斯克說"),
        (DisplayScript.HONG_KONG, "馬斯克説"),
    ],
)
def test_for_display(mode: DisplayScript, expected: str) -> None:
    assert for_display("馬斯克说", mode).text == expected


def test_display_script_cycles() -> None:
    assert DisplayScript.ORIGINAL.next() is DisplayScript.SIMPLIFIED
    assert DisplayScript.SIMPLIFIED.next() is DisplayScript.TRADITIONAL
    assert DisplayScript.TRADITIONAL.next() is DisplayScript.TAIWAN
    assert DisplayScript.TAIWAN.next() is DisplayScript.HONG_KONG
    assert DisplayScript.HONG_KONG.next() is DisplayScript.ORIGINAL


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("馬斯克發布了新的模型，網站崩潰了。", Script.TRADITIONAL),
        ("马斯克发布了新的模型，网站崩溃了。", Script.SIMPLIFIED),
        ("Hello world 123", Script.NONE),
        ("中文", Script.NONE),
        ("马斯克发布了模型。馬斯克發佈了模型。", Script.MIXED),
    ],
)
def test_detect_script(text: str, script: Script) -> None:
    assert detect_script(text) is script


def test_taiwan_and_hong_kong_displays_use_their_phrasing() -> None:
    source = "软件的算法里面"
    taiwan = for_display(source, DisplayScript.TAIWAN)
    assert taiwan.text == "軟體的演算法裡面"
    assert taiwan.offsets.range_to_target(3, 4) == (3, 6)  # 算 → all of 演算法
    assert for_display(source, DisplayScript.HONG_KONG).text == "軟件的算法裏面"


def test_offset_map_clamps() -> None:
    offsets = OffsetMap.identity(5)
    assert offsets.to_target(9) == 5


def test_dense_table_translates_exactly_as_the_dict_does() -> None:
    table = character_table(TO_SIMPLIFIED)
    astral = [code for code in table if code > 0xFFFF]
    assert astral, "the table has characters beyond the BMP"
    sample = "".join(map(chr, [*list(table)[:2000], *astral]))
    sample += "ASCII, 中文標點。\U00031350\U0010ffff😀\n"
    assert sample.translate(dense_table(table)) == sample.translate(table)


def test_fold_keeps_length_and_folds_script_case_and_width() -> None:
    text = "馬斯克說ＧＰＴ-4o與Grok 3\U0002005e😀"
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded.startswith("马斯克说gpt-4o与grok 3")
    assert folded[-2] == chr(character_table(TO_SIMPLIFIED)[0x2005E])
    assert folded[-1] == "😀"
