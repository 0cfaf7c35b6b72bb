"""Corpus-adaptive name discovery (reader.entities.discovery) on its own: the statistics
and cues over folded texts, with real jieba and OpenCC.

The corpus is an invented fire in a housing estate (tests/gold/estate_fire), written by
several outlets in both scripts; none of its names is known to jieba or the shipped
lists, and jieba cuts some of them wrongly (罗家俊 as 罗家/俊).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, Script, convert_plain, detect_script
from reader.entities.cues import is_name_shape, reads_as_name
from reader.entities.discovery import discover
from reader.entities.kinds import EntityKind
from reader.folding import fold_text

STORY = Path(__file__).resolve().parent / "gold" / "estate_fire"

#: The story's names, folded, with the kind each one is.
CORE = {
    "嘉晴苑": EntityKind.PLACE,
    "晴翠阁": EntityKind.PLACE,
    "晴碧阁": EntityKind.PLACE,
    "晴峰阁": EntityKind.PLACE,
    "秀湄": EntityKind.PLACE,
    "秀湄区": EntityKind.PLACE,
    "罗家俊": EntityKind.PERSON,
    "钟柏熙": EntityKind.PERSON,
    "庞子轩": EntityKind.PERSON,
    "温淑仪": EntityKind.PERSON,
    "消防处": EntityKind.ORGANISATION,
    "保安局": EntityKind.ORGANISATION,
    "楼宇安全署": EntityKind.ORGANISATION,
    "廉政监察署": EntityKind.ORGANISATION,
    "慈恩医院": EntityKind.ORGANISATION,
    "宏耀工程有限公司": EntityKind.ORGANISATION,
}


def texts() -> list[str]:
    return [path.read_text(encoding="utf-8") for path in sorted(STORY.glob("*.txt"))]


def flipped(text: str) -> str:
    config = TO_SIMPLIFIED if detect_script(text) is Script.TRADITIONAL else TO_TRADITIONAL
    return convert_plain(text, config)


@pytest.fixture(scope="module")
def found():
    return discover(fold_text(text) for text in texts())


def test_the_story_is_written_in_both_scripts() -> None:
    scripts = {detect_script(text) for text in texts()}
    assert scripts == {Script.TRADITIONAL, Script.SIMPLIFIED}


def test_every_core_name_is_found_whole_with_its_kind(found) -> None:
    assert {name: found.names[name].kind for name in CORE if name in found.names} == CORE


def test_nothing_but_the_story_names_is_found(found) -> None:
    assert sorted(set(found.names) - set(CORE)) == []


def test_fragments_and_glued_forms_are_rejected(found) -> None:
    # a truncated person, a surname with a character, half an office, half a hospital,
    # a block glued to its estate's last character, estate and block in one breath
    for fragment in ("温淑", "罗家", "楼宇安全", "慈恩", "苑晴翠阁", "嘉晴苑晴翠阁"):
        assert fragment not in found.names
        assert fragment in found.rejected


def test_ordinary_words_are_never_names(found) -> None:
    # these recur in every article of the story, in both scripts
    for word in ("记者", "居民", "消防员", "表示", "政府", "今日", "大火", "棚架", "防护网"):
        assert word not in found.names


def test_flipping_every_text_gives_the_same_names() -> None:
    ours = discover(fold_text(text) for text in texts())
    theirs = discover(fold_text(flipped(text)) for text in texts())
    assert ours == theirs


def test_copies_in_the_other_script_change_no_name(found) -> None:
    # a copy whose fold equals its original's counts once; where phrase-level conversion
    # changed a character, the copy is one more text, and still the same names
    both = discover(fold_text(text) for text in texts() + [flipped(t) for t in texts()])
    assert {n.name: n.kind for n in both.names.values()} == {
        n.name: n.kind for n in found.names.values()
    }


def test_a_name_in_one_text_only_is_not_discovered() -> None:
    story = texts()
    single = "慈恩医院" if "慈恩" in fold_text(story[0]) else ""
    without = [fold_text(text).replace("慈恩", "宁德") for text in story[1:]]
    found = discover([fold_text(story[0]), *without])
    assert single == "慈恩医院" and single not in found.names


def test_shapes_that_are_never_names() -> None:
    assert not is_name_shape("的居民")
    assert not is_name_shape("十二日")
    assert not is_name_shape("3人")
    assert not is_name_shape("晴碧阁及晴峰阁")
    assert is_name_shape("嘉晴苑")
    assert not reads_as_name("秀湄设立援助中心")
    assert reads_as_name("秀湄裁判法院")


def test_too_few_texts_give_nothing() -> None:
    assert discover([fold_text(texts()[0])]).names == {}
    assert discover([]).names == {}


def test_discovery_over_a_corpus_takes_little_time() -> None:
    # 200 articles of about 1,500 characters; the benchmark measures the real thing
    story = [fold_text(text) for text in texts()]
    corpus = [(story[i % 8] + story[(i * 3 + 1) % 8]) * 2 + str(i) for i in range(200)]
    discover(corpus[:2])  # jieba loaded
    started = time.process_time()
    discover(corpus)
    assert time.process_time() - started < 30


def test_a_name_mixing_latin_and_han_is_one_name_and_a_generic_term_is_none() -> None:
    story = [
        "昨日Novatek集團宣布裁員，員工不滿。",
        "工會批評Novatek集團的決定，要求對話。",
        "有分析指Novatek集團面對壓力，股價下跌。",
        "政府表示會與AI公司溝通，了解情況。",
        "AI公司的發展很快，市場競爭激烈。",
        "不少AI公司正在招聘工程師。",
    ]
    found = discover(fold_text(text) for text in story)
    assert {n.name: n.kind for n in found.names.values()} == {
        "novatek集团": EntityKind.ORGANISATION
    }


def _corpus(templates: list[str], fillers: list[str], copies: int = 8) -> list[str]:
    """``copies`` texts, each writing every template with its own filler."""
    return [
        "".join(t.format(x=fillers[(i + k) % len(fillers)]) for k, t in enumerate(templates))
        for i in range(copies)
    ]


def test_a_string_starting_or_ending_inside_a_word_is_no_name() -> None:
    # 行信用卡中心 starts inside 银行 in most texts and inside other words (工行, 建行)
    # in the rest, and
    # 管理办 ends inside 管理办法 or 管理办公室: pieces of longer phrases, however
    # often they recur. Names written on their own stay.
    banks = ["银行", "工行", "银行", "建行", "银行", "农行", "银行", "银行"]
    fillers = ["今天", "昨日", "记者获悉", "早前", "此外", "另外", "周一", "上月"]
    verbs = ["透露", "表示", "指出", "称"] * 2
    corpus = [
        f"据{bank}信用卡中心{verb}，{filler}"
        f"新的管理办法公布，{filler}，管理办公室{verb}，{filler}"
        f"{filler}消防处表示，消防处的{filler}。慈恩医院指出，{filler}慈恩医院{filler}。"
        for bank, filler, verb in zip(banks, fillers, verbs, strict=True)
    ]
    names = discover(fold_text(text) for text in corpus).names
    assert "行信用卡中心" not in names
    assert "管理办" not in names
    assert {"消防处", "慈恩医院"} <= set(names)


def test_an_ordinary_word_and_a_suffix_heading_longer_names_is_no_name() -> None:
    # 研究中心 is written after the names it ends (政策 + 研究中心): a category. 消防处,
    # as ordinary a word before its suffix, is written on its own: a name.
    corpus = _corpus(
        [
            "国务院政策研究中心主任说，",
            "{x}，经济研究中心发表报告，",
            "环境研究中心认为，",
            "{x}消防处处长表示，",
            "消防处及警方到场，",
            "消防处{x}，",
        ],
        ["今天", "昨日", "记者获悉", "早前"],
    )
    names = discover(fold_text(text) for text in corpus).names
    assert "研究中心" not in names
    assert "消防处" in names


def test_a_surname_and_a_form_of_address_is_no_person() -> None:
    # 罗伯伯, 何生: a surname and a way of addressing an elder or a man, in many texts,
    # with the words around it that a person's name has, is still nobody's name.
    corpus = _corpus(
        [
            "街坊罗伯伯表示，{x}。",
            "球员罗伯特说，{x}。",
            "居民何生说，{x}。",
            "何生表示，{x}。",
            "{x}黄志强表示，",
            "黄志强说，",
        ],
        ["很害怕", "不知道", "要搬走", "很难过"],
    )
    names = discover(fold_text(text) for text in corpus).names
    assert "罗伯" not in names and "何生" not in names
    assert names["黄志强"].kind is EntityKind.PERSON


def test_a_person_quoted_in_one_role_is_found_whole_not_by_the_given_name() -> None:
    # 梁国华 is always written after his title (组长), so his name has one left
    # neighbour; 国华 is written in other phrases too (中国华夏, 国华置业). The title is
    # a boundary, and a person mostly written inside a longer person is a piece of it.
    fillers = ["今天", "昨日", "记者获悉", "早前", "此外", "另外", "周一", "上月"]
    corpus = [
        f"专家组组长梁国华表示，{filler}。{filler}，组长梁国华说，"
        + ("中国华夏银行指出，国华置业称，" if index % 2 else "")
        for index, filler in enumerate(fillers)
    ]
    names = discover(fold_text(text) for text in corpus).names
    assert names["梁国华"].kind is EntityKind.PERSON
    assert "国华" not in names


def test_a_place_named_with_an_ordinary_word_after_its_district_is_a_name() -> None:
    # 时代 is an ordinary word, and the square is mostly written after its district
    # (秀湄区 + 时代广场): after a place a name starts; it is no category heading.
    fillers = ["今天", "昨日", "记者获悉", "早前", "此外", "另外", "周一", "上月"]
    corpus = [
        f"{filler}秀湄区时代广场举行悼念活动，秀湄区的居民说，{filler}。在秀湄区时代广场外，"
        f"{filler}，时代广场的{filler}。秀湄区{filler}。"
        for filler in fillers
    ]
    names = discover(fold_text(text) for text in corpus).names
    assert names["时代广场"].kind is EntityKind.PLACE
    assert names["秀湄区"].kind is EntityKind.PLACE


def test_a_string_inside_a_different_word_in_every_text_is_no_name() -> None:
    # 产经纪公司 follows 房, 地, 资… — each once, too rare to count as a neighbour, but
    # every one of them makes a word with 产: the string starts inside a word.
    heads = ["房", "地", "资", "财", "矿", "水", "特", "生"]
    fillers = ["今天", "昨日", "记者获悉", "早前", "此外", "另外", "周一", "上月"]
    verbs = ["透露", "表示", "指出", "称"] * 2
    corpus = [
        f"{filler}，{head}产经纪公司{verb}，{filler}慈恩医院{verb}，慈恩医院的{filler}。"
        for head, filler, verb in zip(heads, fillers, verbs, strict=True)
    ]
    names = discover(fold_text(text) for text in corpus).names
    assert "产经纪公司" not in names
    assert "慈恩医院" in names
