"""Re-anchoring: finding a passage again in a new version of its article."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.anchoring import (
    CONTEXT_CHARS,
    Outcome,
    Selector,
    min_quote_similarity,
    reanchor,
    reanchor_all,
    select,
)
from reader.conversion import TO_SIMPLIFIED, convert_plain

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
TEXT = (CORPUS / "000_d98721091214a611.txt").read_text(encoding="utf-8")
QUOTE = "以相當于OpenAI幾十分之一的資源"
LONG_QUOTE = "H100是英偉達目前算力最強的AI芯片,相當于A100的6~7倍。馬斯克的xAI為了訓練Grok 3大模型"


def selector_for(text: str, quote: str, occurrence: int = 0) -> Selector:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return select(text, start, start + len(quote))


def paragraph_of(text: str, position: int) -> tuple[int, int]:
    return text.rfind("\n", 0, position) + 1, text.index("\n", position)


def test_selector_keeps_32_characters_of_context() -> None:
    selector = selector_for(TEXT, QUOTE)
    assert selector.exact == QUOTE
    assert len(selector.prefix) == CONTEXT_CHARS == len(selector.suffix)
    assert TEXT[selector.start - CONTEXT_CHARS : selector.end + CONTEXT_CHARS] == (
        selector.prefix + QUOTE + selector.suffix
    )
    at_start = select(TEXT, 0, 2)
    assert at_start.prefix == ""
    with pytest.raises(ValueError):
        select(TEXT, 5, 5)
    with pytest.raises(ValueError):
        select(TEXT, 0, len(TEXT) + 1)


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


# (name, quote, new text, expected outcome, expected new quote or None)
TABLE = [
    ("unchanged", QUOTE, TEXT, Outcome.KEPT, QUOTE),
    ("edit after the quote", QUOTE, _edit(TEXT, "擠眉弄眼", "擠眉弄眼了"), Outcome.KEPT, QUOTE),
    ("text inserted above", QUOTE, "編者按：本文有更新。\n" * 30 + TEXT, Outcome.MOVED, QUOTE),
    (
        "text removed above",
        QUOTE,
        _edit(TEXT, "來源:彥飛 字母榜\n", ""),
        Outcome.MOVED,
        QUOTE,
    ),
    (
        "quote slightly edited (one character)",
        QUOTE,
        _edit(TEXT, QUOTE, "以相當于OpenAI幾十分之一的資金"),
        Outcome.FUZZY,
        "以相當于OpenAI幾十分之一的資金",
    ),
    (
        "quote rewritten in the other script: the same words",
        QUOTE,
        _edit(TEXT, QUOTE, "以相当于OpenAI几十分之一的资源"),
        Outcome.KEPT,
        "以相当于OpenAI几十分之一的资源",
    ),
    (
        "variant character and full-width letters: the same words",
        QUOTE,
        _edit(TEXT, QUOTE, "以相當於ＯｐｅｎＡＩ幾十分之一的資源"),
        Outcome.KEPT,
        "以相當於ＯｐｅｎＡＩ幾十分之一的資源",
    ),
    (
        "quote edited and text inserted above",
        QUOTE,
        "新的導語段落。\n" * 80 + _edit(TEXT, QUOTE, "以相當于OpenAI數十分之一的資源"),
        Outcome.FUZZY,
        "以相當于OpenAI數十分之一的資源",
    ),
    (
        "long quote edited in two places (head and tail matched)",
        LONG_QUOTE,
        _edit(_edit(TEXT, "算力最強", "算力最强大"), "xAI為了訓練Grok", "xAI為了訓練新的Grok"),
        Outcome.FUZZY,
        "H100是英偉達目前算力最强大的AI芯片,相當于A100的6~7倍。馬斯克的xAI為了訓練新的Grok 3大模型",
    ),
    ("quote deleted", QUOTE, _edit(TEXT, QUOTE, ""), Outcome.ORPHANED, None),
    (
        "quote rewritten beyond recognition",
        QUOTE,
        _edit(TEXT, QUOTE, "用很少的錢"),
        Outcome.ORPHANED,
        None,
    ),
]


@pytest.mark.parametrize(
    ("quote", "new_text", "outcome", "new_quote"),
    [row[1:] for row in TABLE],
    ids=[row[0] for row in TABLE],
)
def test_reanchoring_table(quote: str, new_text: str, outcome: Outcome, new_quote: str | None):
    old = selector_for(TEXT, quote)
    result = reanchor_all([old], TEXT, new_text)[0]
    assert result.outcome is outcome
    if new_quote is None:
        assert result.selector == old  # an orphan keeps its last good anchor
    else:
        assert new_text[result.selector.start : result.selector.end] == new_quote
        assert result.selector.exact == new_quote


def test_short_word_whose_sentence_lost_it_is_orphaned_not_moved_to_another() -> None:
    # 馬斯克 occurs many times; this one is removed, the others stay.
    old = select(TEXT, 166, 169)
    assert old.exact == "馬斯克"
    new = _edit(TEXT, "如今xAI的掌舵者,馬斯克暫時", "如今xAI的掌舵者,他暫時")
    assert reanchor_all([old], TEXT, new)[0].outcome is Outcome.ORPHANED


def test_short_word_moves_with_its_context() -> None:
    old = select(TEXT, 211, 214)
    assert old.exact == "馬斯克"
    new = _edit(TEXT, "如今xAI的掌舵者,馬斯克暫時", "如今xAI的掌舵者,他暫時")
    result = reanchor_all([old], TEXT, new)[0]
    assert result.outcome is Outcome.MOVED
    assert result.selector.start == 209 and result.selector.prefix.endswith("DeepSeek,")


def test_quote_now_ambiguous_context_decides() -> None:
    old = selector_for(TEXT, QUOTE)
    # The same words now also appear earlier, in another sentence.
    new = "另有報道稱" + QUOTE + "也能訓練出好模型。\n" + TEXT
    result = reanchor_all([old], TEXT, new)[0]
    assert result.outcome is Outcome.MOVED
    assert result.selector.start == old.start + len(new) - len(TEXT)


def test_quote_now_ambiguous_without_deciding_context_is_orphaned() -> None:
    # The whole neighbourhood is duplicated and shifted, so both copies have the same
    # quote and the same 32 characters either side, and neither is at the old position.
    old = selector_for(TEXT, QUOTE)
    block_start = old.start - 60
    block_end = old.end + 60
    block = TEXT[block_start:block_end]
    new = "插入。\n" + TEXT[:block_end] + "\n" + block + TEXT[block_end:]
    assert new.count(old.prefix + QUOTE + old.suffix) == 2
    assert reanchor_all([old], TEXT, new)[0].outcome is Outcome.ORPHANED


def test_tie_at_the_old_position_keeps_it() -> None:
    old = selector_for(TEXT, QUOTE)
    _, end = paragraph_of(TEXT, old.start)
    block = TEXT[max(0, old.start - 60) : old.end + 60]
    new = TEXT[:end] + "\n" + block + TEXT[end:]
    result = reanchor_all([old], TEXT, new)[0]
    assert result.outcome is Outcome.KEPT and result.selector.start == old.start


def test_exact_text_at_old_position_with_better_context_elsewhere_moves() -> None:
    text = "甲说：增长了。乙说：好的。"
    old = select(text, 3, 6)  # 甲's 增长了
    # A sentence inserted above is exactly as long as the shift between the two
    # occurrences, so the old position holds the same words, but they are 丁's.
    new = "丁说：增长了。" + text
    result = reanchor(old, new)
    assert result.outcome is Outcome.MOVED
    assert result.selector.start == 10 and result.selector.prefix.endswith("甲说：")


def test_fuzzy_tie_between_two_equally_good_places_is_orphaned() -> None:
    text = "前文。第一段说马斯克发布了新模型。后文。"
    old = selector_for(text, "马斯克发布了新模型")
    edited = "马斯克推出了新模型"
    new = "前文。第一段说" + edited + "。前文。第一段说" + edited + "。后文。"
    assert reanchor_all([old], text, new)[0].outcome is Outcome.ORPHANED


def test_short_quotes_demand_closer_matches() -> None:
    assert min_quote_similarity(3) == 1.0
    assert min_quote_similarity(4) == 1.0
    assert min_quote_similarity(8) > min_quote_similarity(16) > min_quote_similarity(64)
    text = "马斯克说，他很好。"
    old = select(text, 0, 3)
    new = "马克说，他很好。"  # one of three characters gone: not the same words
    assert reanchor_all([old], text, new)[0].outcome is Outcome.ORPHANED


def test_whole_article_resaved_in_the_other_script_keeps_every_anchor() -> None:
    simplified = convert_plain(TEXT, TO_SIMPLIFIED)
    selectors = [selector_for(TEXT, q) for q in (QUOTE, LONG_QUOTE, "馬斯克就捧哏")]
    results = reanchor_all(selectors, TEXT, simplified)
    assert [r.outcome for r in results] == [Outcome.KEPT] * 3
    assert [r.selector.exact for r in results] == [
        convert_plain(s.exact, TO_SIMPLIFIED) for s in selectors
    ]


def test_many_anchors_share_one_diff() -> None:
    quotes = [QUOTE, LONG_QUOTE, "不斷變長的馬斯克“仇人”名單"]
    selectors = [selector_for(TEXT, q) for q in quotes]
    new = "前言\n" * 10 + TEXT
    results = reanchor_all(selectors, TEXT, new)
    assert [r.outcome for r in results] == [Outcome.MOVED] * 3
    assert [r.selector.start - s.start for r, s in zip(results, selectors, strict=True)] == [
        len("前言\n") * 10
    ] * 3


def test_quote_at_the_very_start_and_end_of_the_text() -> None:
    text = "开头一句话。中间。结尾一句话"
    first = select(text, 0, 4)
    last = select(text, len(text) - 5, len(text))
    new = "新标题\n" + text + "\n附记"
    results = reanchor_all([first, last], text, new)
    assert [r.outcome for r in results] == [Outcome.MOVED, Outcome.MOVED]
    assert [new[r.selector.start : r.selector.end] for r in results] == ["开头一句", "结尾一句话"]


def test_positions_are_carried_to_a_new_version_of_the_text() -> None:
    from reader.anchoring import carry_offsets

    old = "第一段。记者报道说，马斯克今天宣布了新计划。第三段的内容在这里。"
    new = "新增的导语放在最前面。" + old.replace("第三段", "最后一段")
    positions = [old.index("马斯克"), old.index("第一段"), old.index("第三段"), len(old) + 5]
    carried = carry_offsets(old, new, positions)
    assert new[carried[0] :].startswith("马斯克")
    assert new[carried[1] :].startswith("第一段")
    # a passage rewritten is still found near where it went; one past the end stays inside
    assert abs(carried[2] - new.index("最后一段")) <= 2
    assert 0 <= carried[3] <= len(new)
