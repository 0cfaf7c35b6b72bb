"""The entity cut is jieba's cut: the same words for every text, only computed faster."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.entities.cutting import FastCut, entity_cutter, entity_tokenizer
from reader.folding import fold_text

REPO = Path(__file__).resolve().parent.parent
TEXTS = sorted((REPO / "corpus").glob("*.txt")) + sorted(
    (REPO / "tests" / "gold" / "landslide").glob("*.txt")
)


@pytest.fixture(scope="module")
def tokenizer():
    return entity_tokenizer()


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_words_as_jieba_on_news(tokenizer, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for written in (text, fold_text(text)):
        assert entity_cutter().cut(written) == list(tokenizer.cut(written, HMM=True))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\r\n\r\n",
        "马斯克在德州说",
        "李家超表示，宏福苑大火后政府会成立独立委员会。",
        "DeepSeek-R1 和 GPT-4o 的 3.5% 差距",
        "一二三四五六七八九十百千万",
        "abc\tdef\n中文 English 混合 text_with_underscore 100% #1 a&b",
        "龘靐齉爩𠀀𪚥",
        "的的的的的的的的",
        "。。，，！？",
    ],
)
def test_same_words_as_jieba_on_edge_cases(tokenizer, text: str) -> None:
    assert FastCut(tokenizer).cut(text) == list(tokenizer.cut(text, HMM=True))


def test_a_word_added_to_the_table_is_cut_as_jieba_cuts_it(tokenizer) -> None:
    import jieba

    own = jieba.Tokenizer(tokenizer.dictionary)
    own.FREQ = dict(tokenizer.FREQ)
    own.total = tokenizer.total
    own.initialized = True
    own.add_word("福汇苑", None, "ns")
    text = "福汇苑的居民说，福汇苑二期也受影响。"
    assert FastCut(own).cut(text) == list(own.cut(text, HMM=True))
    assert "福汇苑" in FastCut(own).cut(text)


def test_the_hmm_cuts_unknown_runs_as_jieba_does() -> None:
    from jieba import finalseg

    from reader.entities.cutting import _hmm_words

    text = fold_text(TEXTS[0].read_text(encoding="utf-8"))
    runs = [text[start : start + size] for start in range(0, 2000, 7) for size in (1, 2, 5, 11)]
    runs += ["龙溪村民", "张家明说", "abc中文123", "3.5%的", "的"]
    for run in runs:
        assert _hmm_words.__wrapped__(run) == tuple(finalseg.cut(run)), run
