"""Sentence, clause, word and character boundaries for the cursor and selections."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from reader import segmentation
from reader.text_units import (
    Unit,
    characters,
    clauses,
    sentences,
    snap_to_words,
    units,
    words,
)

REPO = Path(__file__).resolve().parent.parent


def texts(text: str, spans) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_sentences_end_at_terminators_with_their_closing_quotes() -> None:
    text = "他说：「好！」然后走了。真的吗？！是的……\n　　新段落没有句号"
    assert texts(text, sentences(text)) == [
        "他说：「好！」",
        "然后走了。",
        "真的吗？！",
        "是的……",
        "新段落没有句号",
    ]


def test_sentences_keep_every_kind_of_closer() -> None:
    text = "《标题。》“引号。”‘单引号！’（括号？）『书名号！』English!  Next?"
    assert texts(text, sentences(text)) == [
        "《标题。》",
        "“引号。”",
        "‘单引号！’",
        "（括号？）",
        "『书名号！』",
        "English!",
        "Next?",
    ]


def test_clauses_break_at_commas_and_colons_but_not_inside_numbers() -> None:
    text = "比如，1月25日，他说：DeepSeek有5万块、1,000台,价格10:30公布;完"
    assert texts(text, clauses(text)) == [
        "比如，",
        "1月25日，",
        "他说：",
        "DeepSeek有5万块、",
        "1,000台,",
        "价格10:30公布;",
        "完",
    ]


def test_empty_and_blank_texts_have_no_units() -> None:
    for unit in Unit:
        assert len(units("", unit)) == 0
        assert len(units(" \n\u3000\n", unit)) == 0


def test_characters_are_grapheme_clusters() -> None:
    family = "👨\u200d👩\u200d👧"
    flag = "🇹🇼"
    thumbs = "👍🏽"
    accented = "e\u0301"
    text = f"字{family} {flag}{thumbs}{accented}\u4e00\ufe0f"
    assert texts(text, characters(text)) == [
        "字",
        family,
        flag,
        thumbs,
        accented,
        "\u4e00\ufe0f",
    ]


def test_word_fallback_keeps_ascii_runs_together_before_jieba_loads() -> None:
    # A fresh interpreter: in this one another test may already have loaded jieba.
    script = (
        "import json; from reader import segmentation; from reader.text_units import words\n"
        "text = 'DeepSeek的R1模型 H100芯片'\n"
        "print(json.dumps([segmentation.is_ready(), [text[s:e] for s, e in words(text)]]))"
    )
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    ready, found = json.loads(done.stdout)
    assert ready is False  # asking for words never triggers the slow load
    assert found == ["DeepSeek", "的", "R1", "模", "型", "H100", "芯", "片"]


def test_words_come_from_jieba_once_it_is_loaded() -> None:
    segmentation.tokenizer()
    text = "马斯克的人工智能公司"
    found = texts(text, words(text))
    assert "马斯克" in found and "人工智能" in found


def test_cursor_lookups() -> None:
    text = "一句。二句。三句。"
    spans = sentences(text)
    assert spans.at(4) == (3, 6)
    assert spans.next(4) == (6, 9)
    assert spans.previous(4) == (3, 6)  # to the current sentence's start first
    assert spans.previous(3) == (0, 3)
    assert spans.previous(0) is None
    assert spans.next(6) is None
    gaps = sentences("一。  二。")
    assert gaps.at(3) is None


def test_snap_to_words_widens_partial_words_only() -> None:
    spans = [(0, 3), (3, 4), (4, 8), (9, 11)]
    assert snap_to_words(1, 5, spans) == (0, 8)
    assert snap_to_words(0, 3, spans) == (0, 3)
    assert snap_to_words(8, 9, spans) == (8, 9)  # a gap stays a gap
    assert snap_to_words(8, 10, spans) == (8, 11)
    assert snap_to_words(2, 2, spans) == (2, 2)
    assert snap_to_words(1, 2, []) == (1, 2)


def test_snap_to_jieba_words_in_traditional_text() -> None:
    text = "馬斯克的人工智能公司"
    spans = segmentation.word_spans(text)
    start, end = snap_to_words(1, 6, spans)
    assert text[start:end] == "馬斯克的人工智能"
