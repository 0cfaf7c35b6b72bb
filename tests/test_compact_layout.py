"""The compact layout: raw text deflated against the clean text, a contentless index
whose short queries go through its vocabulary."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from store_helpers import add_article

from reader.folding import fold_pattern, fold_text, spellings
from reader.importer import import_paths
from reader.search import search, search_articles
from reader.store import search as search_store
from reader.store.articles import get_article, list_articles, raw_text_of
from reader.store.compact import deflate_raw, inflate_raw


def test_raw_text_comes_back_whole_from_its_deflated_form(db, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    raw = "\ufeff標題\r\n\r\n  馬斯克說\t話。  \r\n\x1b[31m紅\x1b[0m\r\n"
    (folder / "a.txt").write_bytes(raw.encode("utf-8"))
    import_paths(db, [folder])
    (summary,) = list_articles(db)
    article = get_article(db, summary.id)
    assert raw_text_of(db, article.version_id) == raw.removeprefix("\ufeff")
    stored = db.conn.execute(
        "SELECT raw_text, length(raw_deflated) FROM article_versions WHERE id = ?",
        (article.version_id,),
    ).fetchone()
    assert stored[0] == "" and stored[1] > 0


def test_a_raw_text_that_is_mostly_its_clean_text_takes_little_room() -> None:
    clean = "马斯克表示，Grok 3在硅谷的增长达到42%。" * 200
    raw = "标题\n\n" + clean.replace("。", "。\n")
    blob = deflate_raw(raw, clean)
    assert inflate_raw(blob, clean) == raw
    assert len(blob) < len(raw.encode("utf-8")) / 20


def test_short_queries_find_the_last_characters_of_a_text(db) -> None:
    add_article(db, "标题\n结尾是马斯", "/c/a.txt")
    add_article(db, "标题\n没有", "/c/b.txt")
    assert {hit.article_id for hit in search(db, "馬斯")} == {1}
    assert {hit.article_id for hit in search(db, "斯")} == {1}
    assert [hit.start for hit in search(db, "斯")] == [len("标题\n结尾是马")]


def test_a_new_version_replaces_the_old_one_in_the_index(db) -> None:
    article_id = add_article(db, "标题\n旧的文字黄仁勋", "/c/a.txt")
    assert add_article(db, "标题\n新的文字纳德拉", "/c/a.txt") == article_id
    assert search(db, "黄仁勋") == [] and search(db, "旧的") == []
    assert [hit.article_id for hit in search(db, "納德拉")] == [article_id]
    # The old version's trigrams left the index, not just the results.
    terms = {row[0] for row in db.conn.execute("SELECT term FROM search_terms")}
    assert "黄仁勋" not in terms and "纳德拉" in terms


def test_a_query_too_common_for_the_vocabulary_is_scanned_for(db, monkeypatch) -> None:
    for index in range(5):
        add_article(db, f"标题{index}\n的一个的二个的三个", f"/c/{index}.txt")
    monkeypatch.setattr(search_store, "INDEXED_PREFIX_TERMS", 1)
    monkeypatch.setattr(search_store, "MAX_PREFIX_TERMS", 1)
    result = search_articles(db, "的", article_limit=2)
    assert [article.article_id for article in result.articles] == [1, 2]
    assert result.articles[0].hit_count == 3
    assert result.truncated and result.total_is_lower_bound
    assert result.total_shown == "3+"


@pytest.mark.parametrize("past_the_window", [1, 200], ids=["scanned", "indexed"])
def test_a_common_short_query_goes_on_past_its_window(db, monkeypatch, past_the_window) -> None:
    texts = ["的一个的二个", "没有", "也没有", "馬斯克的三个", "沒有", "的四个"]
    for index, text in enumerate(texts):
        add_article(db, f"标题{index}\n{text}", f"/c/{index}.txt")
    monkeypatch.setattr(search_store, "INDEXED_PREFIX_TERMS", 1)
    monkeypatch.setattr(search_store, "SCAN_WINDOW", 2)
    monkeypatch.setattr(search_store, "MAX_PREFIX_TERMS", past_the_window)
    result = search_articles(db, "的")
    assert [(a.article_id, a.hit_count) for a in result.articles] == [(1, 2), (4, 1), (6, 1)]
    assert [hit.article_id for hit in search(db, "的", limit=3)] == [1, 1, 4]
    only = search_articles(db, "的", article_ids=[2, 3, 4, 6])
    assert [a.article_id for a in only.articles] == [4, 6]


def test_a_short_query_of_many_spellings_goes_on_through_the_index(db, monkeypatch) -> None:
    """A scan looks for each of the query's spellings (``ak``: case and width) in every
    text it passes, so such a query is worth more trigrams listed before it scans."""
    texts = ["ak1 ak2", "没有", "也没有", "AK3 ｋ", "沒有", "Ａｋ4"]
    for index, text in enumerate(texts):
        add_article(db, f"标题{index}\n{text}", f"/c/{index}.txt")
    monkeypatch.setattr(search_store, "INDEXED_PREFIX_TERMS", 1)
    monkeypatch.setattr(search_store, "SCAN_WINDOW", 2)
    monkeypatch.setattr(search_store, "MAX_PREFIX_TERMS", 1)
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    result = search_articles(db, "ak")
    db.conn.set_trace_callback(None)
    assert [(a.article_id, a.hit_count) for a in result.articles] == [(1, 2), (4, 1), (6, 1)]
    assert any("MATCH" in sql for sql in statements)
    assert not any("instr(" in sql for sql in statements)


def test_the_trigrams_a_short_query_starts_are_listed_term_by_term(db) -> None:
    add_article(db, "标题\n的一个的二个，的三个。Ab AC ad", "/c/a.txt")
    add_article(db, "标题\n马的", "/c/b.txt")
    every = sorted(row[0] for row in db.conn.execute("SELECT term FROM search_terms"))
    for prefix in ("的", "的一", "a", "ab", "马", "z", "个"):
        expected = [term for term in every if term.startswith(prefix)]
        assert search_store.prefix_terms(db, prefix, 100) == expected
        assert search_store.prefix_terms(db, prefix, len(expected)) == expected
        if expected:
            assert search_store.prefix_terms(db, prefix, len(expected) - 1) is None


def test_articles_after_the_page_are_counted_by_the_index(db) -> None:
    for index in range(6):
        add_article(db, f"标题{index}\n马斯克说了话", f"/c/{index}.txt")
    result = search_articles(db, "馬斯克", article_limit=2)
    assert len(result.articles) == 2 and result.total_articles == 6
    assert not result.total_is_lower_bound and result.total_shown == "6"


def test_the_index_keeps_no_text(db_path: Path, db) -> None:
    add_article(db, "标题\n马斯克说了话", "/c/a.txt")
    connection = sqlite3.connect(db_path)
    try:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    finally:
        connection.close()
    assert "search_trigrams" in tables and "search_trigrams_content" not in tables
    assert "search_index" not in tables


def test_the_fold_pattern_finds_what_the_fold_finds() -> None:
    texts = [
        "馬斯克說：ＧＰＴ－４ｏ和Grok 3，頭髮很多。",
        "马斯克发布了Ｇｒｏｋ，ΟΔΟΣ ΣΟΦΙΑ，Kelvin：\u212a，Straße İstanbul。",
        "乾隆年間的乾燥天氣，後來发生了變化。",
    ]
    for text in texts:
        folded = fold_text(text)
        for size in (1, 2, 3, 4):
            for start in range(len(folded) - size + 1):
                needle = folded[start : start + size]
                expected = [m.start() for m in re.finditer(re.escape(needle), folded)]
                found = [m.start() for m in fold_pattern(needle).finditer(text)]
                assert found == expected, (text, needle)


def test_spellings_are_every_text_with_that_fold() -> None:
    assert set(spellings("马斯", 32)) >= {"马斯", "馬斯"}
    assert all(fold_text(spelling) == "马斯" for spelling in spellings("马斯", 32) or [])
    assert len(spellings("ai", 32) or []) == 16  # a, A, ａ, Ａ each
    assert spellings("ai", 15) is None
