"""A feed whose items carry only a summary brings in each item's page (``pages`` on),
against a real HTTP server on 127.0.0.1 started by the test."""

from __future__ import annotations

import json

from feed_server import Route, feed_server
from web_feeds import BIG5_STORY, PAGE_STORY, article_page, rss20_summaries

from reader.feeds.subscribe import subscribe
from reader.feeds.update import update_feeds
from reader.store.articles import get_article, list_articles, raw_text_of
from reader.store.feeds import get_subscription

SUMMARY = "摘要而已"


def summary_feed(base: str, pages: list[str]) -> bytes:
    """One summary-only item per page path, each linking to its page on ``base``."""
    return rss20_summaries(
        [(f"id-{n}", f"标题{n}", base + path, SUMMARY) for n, path in enumerate(pages, 1)]
    )


def stored_texts(db) -> dict[str, str]:
    """Every stored article's path and clean text."""
    return {summary.path: get_article(db, summary.id).clean_text for summary in list_articles(db)}


def page_route(story: list[str], headline: str = "物价温和回升") -> Route:
    return Route(
        article_page(headline, story).encode("utf-8"), content_type="text/html; charset=utf-8"
    )


def test_pages_on_stores_each_items_full_page(db) -> None:
    routes = {"/a/1.html": page_route(PAGE_STORY)}
    with feed_server(routes) as server:
        routes["/rss"] = Route(summary_feed(server.base, ["/a/1.html"]))
        subscription = subscribe(db, server.url("/rss"), "news", pages=True)
        (outcome,) = update_feeds(db, [subscription])
    assert outcome.line() == "news: 1 new, 0 updated, 0 unchanged, 1 page fetched"
    (summary,) = list_articles(db)
    article = get_article(db, summary.id)
    text = article.clean_text
    assert all(paragraph in text for paragraph in PAGE_STORY) and SUMMARY not in text
    assert "首页" not in text and "示例网" not in text
    # The feed's identity: its item path and title; the page's address; the feed's date.
    assert summary.path == server.url("/rss") + "#id-1"
    assert summary.title == "标题1"
    assert summary.url == server.url("/a/1.html")
    assert summary.date.startswith("2024-03-05")
    # The page's HTML is kept as the raw text, so it can be cleaned again later.
    assert "<article>" in raw_text_of(db, article.version_id)
    assert server.headers_for("/a/1.html")[0]["user-agent"].startswith("reader/")


def test_pages_off_by_default_keeps_the_summary(db, cli) -> None:
    routes = {"/a/1.html": page_route(PAGE_STORY)}
    with feed_server(routes) as server:
        routes["/rss"] = Route(summary_feed(server.base, ["/a/1.html"]))
        subscription = subscribe(db, server.url("/rss"), "news")
        assert subscription.pages is False
        (outcome,) = update_feeds(db, [subscription])
        assert server.headers_for("/a/1.html") == []
    assert outcome.line() == "news: 1 new, 0 updated, 0 unchanged"
    assert list(stored_texts(db).values()) == [SUMMARY]


def test_a_failing_page_keeps_the_summary_and_is_counted(db) -> None:
    routes = {
        "/a/1.html": page_route(PAGE_STORY),
        "/image.png": Route(b"\x89PNG\r\n\x1a\n" + bytes(64), content_type="image/png"),
    }
    with feed_server(routes) as server:
        routes["/rss"] = Route(summary_feed(server.base, ["/gone.html", "/a/1.html", "/image.png"]))
        subscription = subscribe(db, server.url("/rss"), "news", pages=True)
        (outcome,) = update_feeds(db, [subscription])
    assert outcome.line() == (
        "news: 3 new, 0 updated, 0 unchanged, 1 page fetched, 2 pages not fetched"
    )
    assert not outcome.failed and outcome.as_json()["pages_failed"] == 2
    texts = stored_texts(db)
    assert texts[server.url("/rss") + "#id-1"] == SUMMARY
    assert texts[server.url("/rss") + "#id-3"] == SUMMARY
    assert PAGE_STORY[0] in texts[server.url("/rss") + "#id-2"]


def test_second_update_fetches_nothing_again_and_never_downgrades(db) -> None:
    routes = {"/a/1.html": page_route(PAGE_STORY)}
    with feed_server(routes) as server:
        routes["/rss"] = Route(summary_feed(server.base, ["/a/1.html", "/gone.html"]))
        subscription = subscribe(db, server.url("/rss"), "news", pages=True)
        update_feeds(db, [subscription])
        first = stored_texts(db)
        (again,) = update_feeds(db, [get_subscription(db, "news")])
        assert len(server.headers_for("/a/1.html")) == 1
        assert len(server.headers_for("/gone.html")) == 1
    assert again.line() == "news: 0 new, 0 updated, 2 unchanged"
    assert stored_texts(db) == first
    assert all(summary.version == 1 for summary in list_articles(db))


def test_a_big5_page_is_decoded_by_the_charset_it_is_served_with(db) -> None:
    page = article_page("颱風警報發布", BIG5_STORY, ("首頁", "國際", "示例網")).encode("big5")
    routes = {"/tw/1.html": Route(page, content_type="text/html; charset=big5")}
    with feed_server(routes) as server:
        routes["/rss"] = Route(summary_feed(server.base, ["/tw/1.html"]))
        subscription = subscribe(db, server.url("/rss"), "tw", pages=True)
        (outcome,) = update_feeds(db, [subscription])
    assert outcome.pages_fetched == 1
    (text,) = stored_texts(db).values()
    assert all(paragraph in text for paragraph in BIG5_STORY)
    assert list_articles(db)[0].script.value == "traditional"


def test_cli_switches_pages_on_and_off(cli) -> None:
    status, out, _ = cli("feeds", "add", "https://news.example.com/rss.xml", "--pages")
    assert status == 0 and "pages" in out
    status, out, _ = cli("feeds", "add", "https://other.example.com/rss.xml")
    status, out, _ = cli("feeds", "list", "--json")
    assert [feed["pages"] for feed in json.loads(out)] == [True, False]
    status, out, _ = cli("feeds", "list")
    assert "news.example.com [pages]" in out and "other.example.com [pages]" not in out
    assert cli("feeds", "pages", "news.example.com", "off")[0] == 0
    assert cli("feeds", "pages", "other.example.com", "on")[0] == 0
    status, out, _ = cli("feeds", "list", "--json")
    assert [feed["pages"] for feed in json.loads(out)] == [False, True]
    status, _, err = cli("feeds", "pages", "nobody", "on")
    assert status == 1 and err.count("\n") == 1 and "no feed named" in err
