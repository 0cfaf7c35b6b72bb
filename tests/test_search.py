"""Script-insensitive substring search."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from reader.importer import import_paths
from reader.search import find_in_text, search, search_articles


@pytest.fixture
def small_db(db, tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "t.txt").write_text("繁體文章\n馬斯克發布了Grok 3，頭髮很多。\n", encoding="utf-8")
    (folder / "s.txt").write_text('简体文章\n马斯克说：GPT-4o 和 "AND" OR *。\n', encoding="utf-8")
    report = import_paths(db, [folder])
    assert len(report.imported) == 2
    return db


def titles(hits) -> set[str]:
    return {hit.title for hit in hits}


def test_simplified_query_finds_traditional_text(small_db) -> None:
    hits = search(small_db, "马斯克")
    assert titles(hits) == {"繁體文章", "简体文章"}
    for hit in hits:
        assert hit.end - hit.start == 3


def test_traditional_query_finds_simplified_text(small_db) -> None:
    assert titles(search(small_db, "馬斯克說")) == {"简体文章"}


def test_hit_offsets_point_at_the_clean_text(small_db) -> None:
    from reader.store.articles import get_article

    for hit in search(small_db, "头发"):
        text = get_article(small_db, hit.article_id).clean_text
        assert text[hit.start : hit.end] == "頭髮"
        assert "頭髮" in hit.snippet


@pytest.mark.parametrize("query", ["发", "马斯", "g", "3"])
def test_one_and_two_character_queries(small_db, query: str) -> None:
    assert search(small_db, query)


def test_case_and_width_insensitive(small_db) -> None:
    assert titles(search(small_db, "grok 3")) == {"繁體文章"}
    assert titles(search(small_db, "ＧＰＴ-4o")) == {"简体文章"}


@pytest.mark.parametrize(
    "query", ['"', '"AND"', "AND", "OR *", "NEAR(", "*", "(", "a:b", "^x", "-", "''"]
)
def test_fts_syntax_in_queries_never_raises(small_db, query: str) -> None:
    search(small_db, query)


def test_empty_and_blank_queries(small_db) -> None:
    assert search(small_db, "") == []
    assert search(small_db, "   ") == []


def test_limit(small_db) -> None:
    assert len(search(small_db, "文", limit=1)) == 1


def test_find_in_text_maps_back_through_length_changes() -> None:
    text = "繁體：頭髮，发"
    hits = find_in_text(text, "头发")
    assert [text[s:e] for s, e in hits] == ["頭髮"]


@pytest.fixture
def crowded_db(db, tmp_path: Path):
    """A name in 60 articles, one of which repeats it 80 times (first, in article order)."""
    folder = tmp_path / "crowded"
    folder.mkdir()
    (folder / "a00.txt").write_text("反复\n" + "马斯克说了又说。" * 80 + "\n", "utf-8")
    for i in range(1, 60):
        (folder / f"a{i:02}.txt").write_text(f"文章{i}\n今天馬斯克出现在第{i}篇文章里。\n", "utf-8")
    (folder / "other.txt").write_text("无关\n这里没有那个名字。\n", "utf-8")
    assert len(import_paths(db, [folder]).imported) == 61
    return db


def test_results_are_limited_by_articles_not_hits(crowded_db) -> None:
    result = search_articles(crowded_db, "马斯克", article_limit=50, snippets=3)
    assert len(result.articles) == 50
    assert result.total_articles == 60
    assert result.listed_hits == 80 + 49
    assert result.truncated
    first = result.articles[0]
    assert first.title == "反复" and first.hit_count == 80
    assert 1 <= len(first.hits) <= 3
    starts = [hit.start for hit in first.hits]
    assert starts == sorted(starts)
    assert all(b - a > len("马斯克") for a, b in itertools.pairwise(starts))  # distinct places
    assert all(article.hit_count == 1 and len(article.hits) == 1 for article in result.articles[1:])


def test_untruncated_result_says_so(crowded_db) -> None:
    result = search_articles(crowded_db, "马斯克", article_limit=None)
    assert len(result.articles) == 60 and not result.truncated
    assert search_articles(crowded_db, "不存在").articles == ()
    assert search_articles(crowded_db, "  ").total_articles == 0
