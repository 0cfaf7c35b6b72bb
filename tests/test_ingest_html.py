"""Web pages: the article's paragraphs in order and nothing of the page's furniture,
the page's declared charset, its metadata, its raw HTML kept, and bad pages refused."""

from __future__ import annotations

import subprocess
import sys

import pytest
from web_pages import (
    FURNITURE_SIMPLIFIED,
    FURNITURE_TRADITIONAL,
    SIMPLIFIED_PARAGRAPHS,
    TRADITIONAL_PARAGRAPHS,
    big5_news_page,
    br_layout_page,
    gbk_portal_page,
    simplified_page,
    wechat_page,
)

from reader.conversion import Script
from reader.errors import RejectedFile
from reader.ingest.charsets import declared_charset, decode_markup
from reader.ingest.documents import parse_document
from reader.ingest.html import looks_like_page, parse_page
from reader.ingest.html_tree import fragment_paragraphs
from reader.ingest.parse import parse_bytes


def assert_article(text: str, paragraphs: list[str], furniture: list[str]) -> None:
    """Every paragraph of the body is a paragraph of the text, in order, and nothing
    else is: no navigation, ad, related-article, share, comment or footer text."""
    assert text.split("\n\n") == paragraphs
    leaked = [word for word in furniture if word in text]
    assert leaked == []


def test_a_utf8_page_split_by_an_ad_and_a_related_box_keeps_only_its_story() -> None:
    data = simplified_page().encode("utf-8")
    article = parse_page(data, path="/news/a.html")
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)
    assert article.title == "政府工作报告提出今年经济增长目标"
    assert article.source == "示例新闻网"
    assert article.author == "王小明"
    assert article.date is not None and article.date.startswith("2024-03-05T10:20")
    assert article.url == "https://news.example.com/2024/03/05/a123.html"
    assert article.script is Script.SIMPLIFIED
    assert article.encoding == "utf-8"


def test_a_gbk_page_declared_by_http_equiv_is_decoded_and_extracted() -> None:
    data = gbk_portal_page().encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    article = parse_page(data, path="/news/gbk.htm")
    assert article.encoding == "gb18030"
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)
    assert article.title == "政府工作报告提出今年经济增长目标"
    assert article.date == "2024-03-05"


def test_a_big5_page_is_decoded_by_its_declaration_and_extracted() -> None:
    data = big5_news_page().encode("big5")
    article = parse_page(data, path="/news/big5.html")
    assert article.encoding == "cp950"
    body = article.clean_text.split("\n\n")
    assert body[: len(TRADITIONAL_PARAGRAPHS)] == TRADITIONAL_PARAGRAPHS
    assert_article(article.clean_text, body, FURNITURE_TRADITIONAL)
    assert article.title == "總預算案創新高 社福支出占最大宗"
    assert article.source == "示例新聞網"
    assert article.author == "王小明"
    assert article.script is Script.TRADITIONAL


def test_the_story_inside_a_layout_table_is_found_and_its_ad_is_not() -> None:
    page = (
        gbk_portal_page()
        .replace(
            '<div class="blkContainerSblkCon" id="artibody">',
            '<table width="100%"><tr><td class="l17"><div id="artibody">',
        )
        .replace('<div class="comment">', '</td></tr></table><div class="comment">')
    )
    article = parse_page(page.encode("gb18030"), path="/news/table.html")
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)


def test_a_story_of_br_separated_lines_in_a_layout_table_is_found() -> None:
    article = parse_page(br_layout_page().encode("gbk"), path="/news/old.html")
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)
    assert "版权所有" not in article.clean_text


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_paragraphs_written_as_sections_of_spans_are_all_kept(count: int) -> None:
    paragraphs = SIMPLIFIED_PARAGRAPHS[:count]
    article = parse_page(wechat_page(paragraphs).encode("utf-8"), path="/news/wechat.html")
    assert_article(article.clean_text, paragraphs, FURNITURE_SIMPLIFIED)
    assert "关注该公众号" not in article.clean_text and "在看" not in article.clean_text
    # the page writes 2024-03-05 10:20; where its line is kept the hour is kept too
    assert article.date in ("2024-03-05", "2024-03-05T10:20")


def test_the_raw_html_is_kept_as_the_raw_text() -> None:
    page = big5_news_page()
    article = parse_page(page.encode("big5"), path="/news/big5.html")
    assert article.raw_text == page
    assert "<script>" in article.raw_text and "延伸閱讀" in article.raw_text


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b'<html><head><meta charset="GB2312">', "gb18030"),
        (b"<html><head><meta charset=gbk>", "gb18030"),
        (b'<head><meta http-equiv="Content-Type" content="text/html; charset=Big5">', "cp950"),
        (b'<?xml version="1.0" encoding="big5"?><html>', "cp950"),
        (b'<html><head><meta charset="utf-8">', "utf-8"),
        (b'<html><head><meta charset="no-such-codec">', None),
        (b"<html><head><title>none</title>", None),
    ],
)
def test_declared_charsets(head: bytes, expected: str | None) -> None:
    assert declared_charset(head + b"</head></html>") == expected


def test_valid_utf8_wins_over_a_stale_declaration_and_bad_declarations_fall_back() -> None:
    text = '<html><head><meta charset="gbk"></head><body><p>中文内容</p></body></html>'
    assert decode_markup(text.encode("utf-8")) == (text, "utf-8")
    lying = text.replace("gbk", "utf-8")
    assert decode_markup(lying.encode("gbk")) == (lying, "gb18030")
    hkscs = '<meta charset="big5"><p>香港特區政府今日公布，啲市民</p>'
    decoded, codec = decode_markup(hkscs.encode("big5hkscs"))
    assert decoded == hkscs and codec in ("cp950", "big5hkscs")


@pytest.mark.parametrize("claim", ["iso-8859-1", "windows-1252"])
def test_a_chinese_page_claiming_a_latin_charset_is_read_as_chinese(claim: str) -> None:
    page = gbk_portal_page().replace("charset=gb2312", f"charset={claim}")
    article = parse_page(page.encode("gbk"), path="/news/latin.html")
    assert article.encoding == "gb18030"
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)
    french = '<meta charset="iso-8859-1"><p>Les élèves ont passé l\'été à Paris.</p>'
    assert decode_markup(french.encode("latin-1")) == (french, "iso8859-1")


def test_a_whole_page_pasted_into_a_txt_file_is_read_as_a_page() -> None:
    data = simplified_page().encode("utf-8")
    document = parse_document(data, path="/news/pasted.txt")
    assert len(document.articles) == 1
    article = document.articles[0]
    assert_article(article.clean_text, SIMPLIFIED_PARAGRAPHS, FURNITURE_SIMPLIFIED)
    assert article.raw_text == data.decode("utf-8")


def test_text_that_only_mentions_tags_stays_plain_text() -> None:
    text = "如何写网页\n\n在网页里，<p> 标签表示一个段落，<body> 是正文。\n"
    assert not looks_like_page(text)
    data = text.encode("utf-8")
    document = parse_document(data, path="/notes/html.txt")
    assert document.articles == [parse_bytes(data, path="/notes/html.txt")]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"   \n  ", "empty page"),
        (b"<html><head><title>x</title></head><body></body></html>", "no article text"),
        (
            "<html><body><nav><a href='/'>首页</a><a href='/b'>国内</a></nav>"
            "<script>var a = '正文';</script></body></html>".encode(),
            "no article text",
        ),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_pages_without_article_text_are_refused_in_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile) as error:
        parse_page(data, path="/news/bad.html")
    message = str(error.value)
    assert reason in message and "\n" not in message


def test_malformed_markup_still_gives_its_text_or_a_one_line_refusal() -> None:
    broken = (
        "<html><head><title>残缺页面</title><body><div class=content><p>第一段文字，"
        "讲述了事情的经过和各方的反应，内容足够长以便识别为正文。<p>第二段没有闭合标签，"
        "继续讲述后续的发展情况以及专家的分析意见。</div"
    )
    try:
        article = parse_page(broken.encode("utf-8"), path="/news/broken.html")
    except RejectedFile as error:
        assert "\n" not in str(error)
    else:
        assert "第一段文字" in article.clean_text
        assert "<" not in article.clean_text


def test_fragment_paragraphs_break_at_blocks_and_keep_text_as_data() -> None:
    fragment = (
        "<p>第一段\n文字，<b>加粗</b>结尾。</p><p>Hello <b>world</b> &amp; more<br>第二行</p>"
        "<script>alert('x')</script>tail &lt;b&gt; \x1b[31m"
    )
    assert fragment_paragraphs(fragment) == [
        "第一段文字，加粗结尾。",
        "Hello world & more",
        "第二行",
        "tail <b>",
    ]


def test_importing_the_page_modules_loads_no_extractor() -> None:
    """trafilatura and lxml cost the interface's first paint; they load on first use."""
    code = (
        "import sys, reader.tui.app, reader.importer, reader.cli.main\n"
        "print(sorted(m for m in ('trafilatura', 'lxml', 'feedparser') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_extractor_s_log_messages_never_reach_the_terminal() -> None:
    """A rejection is one line: the libraries' warnings must not print under it."""
    code = (
        "import logging\n"
        "from reader.ingest.html import parse_page\n"
        "parse_page('<html><body><p>正文一句。</p></body></html>'.encode(), path='/a.html')\n"
        "for name in ('trafilatura', 'htmldate', 'courlan', 'justext', 'readability'):\n"
        "    logging.getLogger(name).warning('discarding data')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stderr == ""


def test_control_characters_and_escape_codes_in_a_page_are_dropped_not_fatal() -> None:
    page = (
        "<html><body><div class='share'>分享\x1b[31m\x07到</div><script>a()</script>\x01"
        "<article><p>正文第一段，内容足够长以便识别为正文。\x1b]0;title\x07</p>"
        "<p>第二段\x00正文内容也足够长，讲述后续发展。</p></article></body></html>"
    )
    article = parse_page(page.encode("utf-8"), path="/news/hostile.html")
    assert article.clean_text == (
        "正文第一段，内容足够长以便识别为正文。\n\n第二段正文内容也足够长，讲述后续发展。"
    )


def test_a_title_taken_from_the_title_tag_loses_the_channel_and_site() -> None:
    page = (
        simplified_page()
        .replace('<meta property="og:title" content="政府工作报告提出今年经济增长目标">', "")
        .replace("<h1>政府工作报告提出今年经济增长目标</h1>", "")
    )
    article = parse_page(page.encode("utf-8"), path="/news/a.html")
    assert article.title == "政府工作报告提出今年经济增长目标"


def test_underscores_and_asterisks_in_a_headline_are_kept() -> None:
    page = (
        simplified_page()
        .replace(
            "<h1>政府工作报告提出今年经济增长目标</h1>", "<h1>Python 的 __init__ 与 *args 用法</h1>"
        )
        .replace("政府工作报告提出今年经济增长目标", "Python 的 __init__ 与 *args 用法")
    )
    article = parse_page(page.encode("utf-8"), path="/news/a.html")
    assert article.title == "Python 的 __init__ 与 *args 用法"


def _undated_page(info: str, sentence: str) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in (sentence, *SIMPLIFIED_PARAGRAPHS))
    return (
        "<html><head><meta charset='utf-8'><title>新版游戏评测</title></head><body>"
        f"<nav>首页 | 新闻</nav><article><h1>新版游戏评测</h1>{info}{body}</article>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    "sentence", ["（发表于2011年《大众软件》1月下）", "2009醉美森林摄影比赛颁奖典礼举行。"]
)
def test_a_year_in_the_text_is_not_the_page_date(sentence: str) -> None:
    # The extractor's wide search read a bare year in a sentence as 1 January of it:
    # an undated page was listed as published 2011-01-01.
    article = parse_page(_undated_page("", sentence), path="/news/undated.html")
    assert sentence.strip("（）") in article.clean_text
    assert article.date is None


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ('<span class="date">2024年3月1日</span> 来源：示例网', "2024-03-01"),
        ('<span class="date">2024年3月5日</span> 来源：示例网', "2024-03-05"),
        ("<p>发布时间：2024-03-05 10:20 来源：示例网</p>", "2024-03-05T10:20"),
    ],
)
def test_a_date_the_page_writes_in_full_is_its_date(info: str, expected: str) -> None:
    # It was overruled by the year in a sentence below it (2011-01-01).
    page = _undated_page(f'<div class="info">{info}</div>', "（发表于2011年《大众软件》1月下）")
    assert parse_page(page, path="/news/dated.html").date == expected
