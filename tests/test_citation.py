"""Quotes with their source as Markdown: the formatter and ``reader cite``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from reader.citation import citation_line, cite, web_address
from reader.conversion import Script
from reader.models import ArticleSummary

ARTICLE = """---
title: 马斯克：Grok 3 下周发布
source: 联合早报
author: 张三
date: 2025-02-14T08:30:00+08:00
url: https://example.com/news/1?a=1&b=2
---
马斯克表示，Grok 3 将于下周发布。
# 不是标题
> 也不是引用
"""


def summary(**fields: object) -> ArticleSummary:
    values: dict[str, object] = {
        "id": 1,
        "title": "标题",
        "source": None,
        "author": None,
        "date": None,
        "url": None,
        "path": "/corpus/a.txt",
        "script": Script.SIMPLIFIED,
        "chars": 10,
        "version": 1,
        "missing": False,
    }
    values.update(fields)
    return ArticleSummary(**values)  # type: ignore[arg-type]


def test_citation_is_a_blockquote_then_the_source() -> None:
    article = summary(
        title="马斯克：Grok 3 下周发布",
        source="联合早报",
        author="张三",
        date="2025-02-14T08:30:00+08:00",
        url="https://example.com/a",
    )
    text = cite("马斯克表示，\nGrok 3 将于下周发布。", article)
    assert text == (
        "> 马斯克表示，\\\n"
        "> Grok 3 将于下周发布。\n"
        "\n"
        "— 联合早报, 张三, 2025-02-14, “马斯克：Grok 3 下周发布”, <https://example.com/a>\n"
    )


def test_quote_parses_back_exactly_whatever_it_holds() -> None:
    quote = "# 一\n> 二 *三* [四](javascript:x) <b>五</b>\n1986. 六\n\n- 七"
    text = cite(quote, summary())
    lines = text.split("\n")
    quoted = lines[: lines.index("")]
    assert all(line.startswith("> ") for line in quoted)
    tokens = MarkdownIt("commonmark").parse(text)
    assert [t.type for t in tokens if t.nesting == 1] == [
        "blockquote_open",
        "paragraph_open",
        "paragraph_open",
    ]
    inline = next(t for t in tokens if t.type == "inline")
    shown = "".join(
        "\n" if child.type in ("hardbreak", "softbreak") else child.content
        for child in inline.children or ()
    )
    assert shown == quote


def test_controls_in_the_article_are_shown_not_obeyed() -> None:
    text = cite("引\x1b]52;c;AAAA\x07文", summary(title="标\x1b[2J题", source="报\x07"))
    assert "\x1b" not in text and "\x07" not in text
    assert "␛" in text


def test_missing_fields_are_left_out_and_odd_urls_are_not_links() -> None:
    assert citation_line(summary(title="标题")) == "— “标题”"
    line = citation_line(summary(title="标题", url="javascript:alert(1)"))
    assert "<javascript" not in line and "javascript:alert(1)" in line
    assert citation_line(summary(title=" ")) == "— (source unknown)"
    assert web_address(" https://example.com/x ") == "https://example.com/x"
    assert web_address("file:///etc/passwd") is None
    assert web_address(None) is None


@pytest.fixture
def annotated(cli, tmp_path: Path) -> tuple[int, int]:
    """(article id, annotation id) of an article with full metadata."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.md").write_text(ARTICLE, encoding="utf-8")
    status, _, err = cli("import", str(folder))
    assert status == 0, err
    _, out, _ = cli("list", "--json")
    article_id = json.loads(out)[0]["id"]
    status, out, err = cli("annotate", str(article_id), "--quote", "馬斯克表示")
    assert status == 0, err
    return article_id, int(out)


def test_cli_cite_prints_the_citation(cli, annotated: tuple[int, int]) -> None:
    _, annotation_id = annotated
    status, out, err = cli("cite", str(annotation_id))
    assert (status, err) == (0, "")
    assert out == (
        "> 马斯克表示\n\n"
        "— 联合早报, 张三, 2025-02-14, “马斯克：Grok 3 下周发布”, "
        "<https://example.com/news/1?a=1&b=2>\n"
    )


def test_cli_cite_bad_id_is_one_line_and_fails(cli, annotated: tuple[int, int]) -> None:
    status, out, err = cli("cite", "999")
    assert status == 1 and out == ""
    assert err.count("\n") == 1 and "no annotation with id 999" in err


def test_cli_lookup(cli, annotated: tuple[int, int]) -> None:
    status, out, err = cli("lookup", "銀行")
    assert (status, err) == (0, "")
    assert out.splitlines()[:3] == ["银行 · 銀行", "pinyin    yín háng", "jyutping  ngan4 hong4"]
    assert "    bank" in out.splitlines()
    status, out, _ = cli("lookup", "--json", "银行")
    value = json.loads(out)
    assert value["traditional"] == "銀行" and value["entity"] is None
    status, _, err = cli("lookup", "x" * 40)
    assert status == 1 and err.count("\n") == 1


def test_cli_lookup_names_the_entity(cli, corpus_dir: Path) -> None:
    assert cli("import", str(corpus_dir))[0] == 0
    assert cli("entities")[0] == 0  # analyses the corpus
    status, out, err = cli("lookup", "馬斯克")
    assert (status, err) == (0, "")
    entity_line = next(line for line in out.splitlines() if line.startswith("entity"))
    assert "person" in entity_line and "mentioned in 4 articles" in entity_line
    value = json.loads(cli("lookup", "--json", "马斯克")[1])
    assert value["entity"]["kind"] == "person" and value["entity"]["articles"] == 4
