"""Feed files read item by item: fields, full content over summaries, the feed's own
encoding, identity of items, and bad feeds refused whole in one line."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from web_feeds import BIG5_ITEMS, GB_ITEMS, atom_utf8, rss091, rss10_big5, rss20_gb2312

from reader.conversion import Script
from reader.errors import RejectedFile
from reader.ingest.documents import parse_document
from reader.ingest.feeds import feed_of, item_path, parse_feed


def test_a_big5_rss10_feed_gives_one_article_per_item() -> None:
    data = rss10_big5()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    feed = parse_feed(data, path="/corpus/tw.rdf")
    assert feed.rejected == []
    assert [a.path for a in feed.articles] == [f"/corpus/tw.rdf#{item[0]}" for item in BIG5_ITEMS]
    first, second = feed.articles
    assert first.title == "颱風逼近 氣象署發布海上警報"
    assert first.clean_text.split("\n\n") == BIG5_ITEMS[0][4]
    assert first.author == "陳大文"
    assert first.date == "2024-08-22T16:30:00"
    assert first.url == "https://tw.example.com/n/1"
    assert first.source == "示例新聞網"
    assert first.encoding == "cp950"
    assert first.script is Script.TRADITIONAL
    assert second.author is None and second.clean_text == BIG5_ITEMS[1][4][0]


def test_a_gb2312_rss20_feed_prefers_full_content_to_the_summary() -> None:
    feed = parse_feed(rss20_gb2312(), path="/corpus/cn.xml")
    assert [a.path for a in feed.articles] == ["/corpus/cn.xml#cn-1001", "/corpus/cn.xml#cn-1002"]
    first = feed.articles[0]
    assert first.clean_text.split("\n\n") == GB_ITEMS[0][4]
    assert "摘要" not in first.clean_text and "alert" not in first.clean_text
    assert first.date == "2024-03-05T10:20"  # the feed's own time zone, not UTC
    assert first.author == "王小明"
    assert first.encoding == "gb18030"
    assert first.script is Script.SIMPLIFIED
    # GB2312 declared, GBK's characters (堃 镕) used: read all the same.
    assert feed.articles[1].clean_text == GB_ITEMS[1][4][0]
    assert "堃" in GB_ITEMS[1][4][0] and "镕" in GB_ITEMS[1][4][0]


def test_furniture_appended_to_an_item_s_content_is_left_out() -> None:
    content = (
        "<p>第一段正文。</p><p>第二段正文。</p>"
        '<div class="related-posts"><h3>相关阅读</h3><a href="/x">另一篇</a></div>'
        '<div class="share-buttons">分享到微博</div>'
    )
    data = (
        '<rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>标题</title>'
        f"<description><![CDATA[{content}]]></description></item></channel></rss>"
    ).encode()
    (article,) = parse_feed(data, path="/f.xml").articles
    assert article.clean_text == "第一段正文。\n\n第二段正文。"


def test_an_html_title_becomes_text() -> None:
    data = atom_utf8([("urn:news:8", "x", "2024-08-22T08:00:00Z", ["正文。"])]).replace(
        b"<title>x</title>", b'<title type="html">&lt;b&gt;\xe7\xb2\x97&lt;/b&gt; T</title>'
    )
    (article,) = parse_feed(data, path="/f.atom").articles
    assert article.title == "粗 T"


def test_item_titles_are_plain_text_and_keep_their_underscores() -> None:
    data = (
        '<rss version="2.0"><channel><title>t</title><item><guid>a</guid>'
        "<title>__init__ 与 *args 的用法</title><description>正文。</description></item>"
        "</channel></rss>"
    ).encode()
    (article,) = parse_feed(data, path="/f.xml").articles
    assert article.title == "__init__ 与 *args 的用法"


def test_an_rss_author_is_the_name_without_the_mail_address() -> None:
    data = (
        '<rss version="2.0"><channel><title>t</title><item><guid>a</guid><title>x</title>'
        "<author>wang@example.com (王小明)</author><description>正文。</description></item>"
        "</channel></rss>"
    ).encode()
    (article,) = parse_feed(data, path="/f.xml").articles
    assert article.author == "王小明"


def test_the_summary_is_the_text_when_there_is_no_content() -> None:
    data = rss091([("標題一", "https://old.example.com/1", "只有摘要的內容。")])
    (article,) = parse_feed(data, path="/f.rss").articles
    assert article.clean_text == "只有摘要的內容。"
    assert article.path == "/f.rss#https://old.example.com/1"  # no guid: the link


def test_atom_entries_are_named_by_their_id() -> None:
    data = atom_utf8([("urn:news:7", "第七篇", "2024-08-22T08:00:00Z", ["甲。", "乙。"])])
    (article,) = parse_feed(data, path="/f.atom").articles
    assert article.path == "/f.atom#urn:news:7"
    assert article.clean_text == "甲。\n\n乙。"
    assert article.author == "張三"
    assert article.url == "https://atom.example.com/7"


def test_an_item_without_id_or_link_is_named_by_title_and_date() -> None:
    data = (
        '<rss version="2.0"><channel><title>t</title><item><title>无链接的新闻</title>'
        "<pubDate>Tue, 05 Mar 2024 10:20:00 +0800</pubDate><description>正文内容。</description>"
        "</item></channel></rss>"
    ).encode()
    (article,) = parse_feed(data, path="/f.xml").articles
    assert article.path == "/f.xml#无链接的新闻 Tue, 05 Mar 2024 10:20:00 +0800"


def test_raw_text_is_the_item_record_and_changes_with_the_item() -> None:
    before = parse_feed(rss20_gb2312(), path="/f.xml").articles
    after = parse_feed(rss20_gb2312(summary="新摘要 {}"), path="/f.xml").articles
    record = json.loads(before[0].raw_text)
    assert record["key"] == "cn-1001" and "<p>" in record["content"][0]["value"]
    assert before[0].raw_sha256 != after[0].raw_sha256
    again = parse_feed(rss20_gb2312(), path="/f.xml").articles
    assert [a.raw_sha256 for a in again] == [a.raw_sha256 for a in before]


def test_items_without_text_or_repeated_are_left_out_with_reasons() -> None:
    data = (
        '<rss version="2.0"><channel><title>t</title>'
        "<item><guid>a</guid><title>有正文</title><description>正文。</description></item>"
        "<item><guid>b</guid><title>空的</title><description>  </description></item>"
        "<item><guid>a</guid><title>重复</title><description>又一次。</description></item>"
        "</channel></rss>"
    ).encode()
    feed = parse_feed(data, path="/f.xml")
    assert [a.title for a in feed.articles] == ["有正文"]
    assert len(feed.rejected) == 2
    assert all("\n" not in reason for reason in feed.rejected)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"<rss version='2.0'><channel><item><title>a</title>", "malformed feed"),
        (b"<rss version='2.0'><channel><title>x</title></chanel></rss>", "malformed feed"),
        (b"<?xml version='1.0'?><note><to>x</to></note>", "not an RSS or Atom feed"),
        (b"<rss version='2.0'><channel><title>x</title></channel></rss>", "no items"),
        (b"", "empty"),
    ],
)
def test_bad_feeds_are_refused_whole_in_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(RejectedFile) as error:
        parse_feed(data, path="/bad.xml")
    assert reason in str(error.value) and "\n" not in str(error.value)


def test_a_feed_saved_as_txt_is_still_a_feed() -> None:
    document = parse_document(rss20_gb2312(), path="/downloads/feed.txt")
    assert document.is_feed and len(document.articles) == 2


def test_feed_of_finds_the_feed_even_with_hash_signs_in_names() -> None:
    feeds = {"/c/a#b.xml"}
    assert feed_of(item_path("/c/a#b.xml", "https://x/1#top"), feeds) == "/c/a#b.xml"
    assert feed_of("/c/a#b.txt", feeds) is None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Mon, 01 Jan 0001 00:00:00 +0000", None),  # Go's zero time: no date given
        ("Tue, 05 Mar 24 10:20:00 +0800", "2024-03-05T10:20"),  # a two-digit year
        ("Tue, 05 Mar 2024 10:20:00 +0800", "2024-03-05T10:20"),
    ],
)
def test_an_item_dated_year_one_has_no_date(written: str, expected: str | None) -> None:
    # The RFC 822 reader takes any year below 100 for a two-digit one, so the zero time
    # some feed generators write for "no date" (0001) was listed as 2001-01-01.
    data = (
        '<rss version="2.0"><channel><title>t</title><item><title>新闻</title>'
        f"<guid>g1</guid><pubDate>{written}</pubDate><description>正文内容。</description>"
        "</item></channel></rss>"
    ).encode()
    (article,) = parse_feed(data, path="/f.xml").articles
    assert article.date == expected


def test_an_item_dated_far_ahead_has_no_date() -> None:
    # A generator's "never expires" date (9999) was kept, so the item stayed at the top
    # of the list; a date a day ahead (another time zone's today) is kept.
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    items = "".join(
        f"<item><title>新闻{n}</title><guid>g{n}</guid><pubDate>{written}</pubDate>"
        "<description>正文内容。</description></item>"
        for n, written in enumerate(
            ["Fri, 31 Dec 9999 00:00:00 +0000", tomorrow.strftime("%a, %d %b %Y 08:00:00 +0800")]
        )
    )
    data = f'<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()
    far, near = parse_feed(data, path="/f.xml").articles
    assert far.date is None
    assert near.date == f"{tomorrow.isoformat()}T08:00"


def test_an_impossible_atom_date_is_no_date_not_the_next_valid_day() -> None:
    # feedparser rolls 2024-02-30 on to 2024-03-01 (and in UTC): the item was dated
    # a day that no one wrote.
    entries = "".join(
        f"<entry><title>新闻{n}</title><id>e{n}</id><updated>{written}</updated>"
        "<content>正文内容。</content></entry>"
        for n, written in enumerate(["2024-02-30T10:00:00+08:00", "2024-02-28T10:00:00+08:00"])
    )
    data = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>{entries}</feed>'.encode()
    impossible, possible = parse_feed(data, path="/f.xml").articles
    assert impossible.date is None
    assert possible.date == "2024-02-28T10:00:00"
