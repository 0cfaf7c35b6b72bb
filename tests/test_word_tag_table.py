"""jieba's tag table shares its words with the dictionary (:func:`word_tag_table`):
the same entries as jieba loads them, with real jieba."""

from __future__ import annotations

import jieba.posseg

from reader.segmentation import tokenizer, word_tag_table


def test_the_table_keeps_every_entry_and_shares_its_strings() -> None:
    table = word_tag_table()
    assert table is jieba.posseg.dt.word_tag_tab  # references taken before stay valid
    fresh = jieba.posseg.POSTokenizer(tokenizer())  # reads the dictionary file again
    assert table == fresh.word_tag_tab
    assert len(table) > 300_000
    own = {word: word for word in tokenizer().FREQ}
    assert all(own[word] is word for word in table)  # the dictionary's own strings
    assert len({id(tag) for tag in table.values()}) == len(set(table.values()))
    assert word_tag_table() is table
