"""Common nouns shaped like names (上市公司, 公立医院): a dictionary word the text or
the corpus counts is no name; an invented name after a determiner still is."""

from __future__ import annotations

from reader.entities.extract import extract
from reader.entities.generic import after_determiner, common_nouns, dictionary_noun


def _names(text: str) -> list[str]:
    return [c.surface for c in extract(text)]


def test_a_counted_dictionary_word_is_no_name_in_its_text() -> None:
    assert "公立醫院" not in _names("醫務局表示，全市公立醫院急症室共接收十九名求診者。")
    assert "上市公司" not in _names("分析員指出，不少上市公司設立總部的地點在東礁。")


def test_only_dictionary_words_shaped_like_names_are_judged() -> None:
    assert dictionary_noun("上市公司") and dictionary_noun("公立医院")
    assert not dictionary_noun("佳惠超市")  # an invented name: no word of jieba's
    assert not dictionary_noun("上市")  # no suffix of a name
    folded = "顾客可到任何一间佳惠超市分店办理"
    assert after_determiner(folded, folded.index("佳惠"))


def test_the_corpus_counts_a_common_noun_once_for_all_its_texts() -> None:
    texts = ["东礁一带有不少上市公司", "政府会检讨上市公司的监管", "建设银行发表声明"]
    assert common_nouns(texts, ["上市公司", "建设银行"]) == {"上市公司"}
