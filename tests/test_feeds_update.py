"""Feed subscriptions against a real HTTP server on 127.0.0.1: conditional requests,
redirects, timeouts, errors, size limits, encodings, and the ``reader feeds`` commands."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from feed_server import Route, feed_server
from web_feeds import BIG5_ITEMS, GB_ITEMS, atom_utf8, rss10_big5, rss20_gb2312

from reader.errors import ReaderError
from reader.feeds.fetch import USER_AGENT, FetchError, fetch
from reader.feeds.subscribe import subscribe
from reader.feeds.update import update_feeds
from reader.store.articles import get_article, list_articles
from reader.store.feeds import get_subscription, list_subscriptions

LAST_MODIFIED = "Tue, 05 Mar 2024 02:20:00 GMT"
ATOM = atom_utf8([("urn:news:1", "第一篇", "2024-08-22T08:00:00Z", ["原子新聞正文。"])])


def standard_routes() -> dict[str, Route]:
    return {
        "/big5.rdf": Route(rss10_big5(), etag='"v1"'),
        "/gb.xml": Route(rss20_gb2312(), last_modified=LAST_MODIFIED, gzip=True),
        "/atom": Route(ATOM, content_type="application/atom+xml; charset=utf-8"),
    }


def test_add_list_remove(cli) -> None:
    status, out, _ = cli("feeds", "add", "https://news.example.com/rss.xml")
    assert status == 0 and "'news.example.com'" in out
    status, out, _ = cli("feeds", "add", "https://news.example.com/other.xml")
    assert status == 0 and "'news.example.com-2'" in out
    status, out, _ = cli("feeds", "add", "http://tw.example.com/rss", "--name", "台灣")
    assert status == 0
    status, _, err = cli("feeds", "add", "https://news.example.com/rss.xml", "--name", "x")
    assert status == 1 and err.count("\n") == 1 and "already subscribed" in err
    status, _, err = cli("feeds", "add", "file:///etc/passwd")
    assert status == 1 and "not an http(s) address" in err
    status, out, _ = cli("feeds", "list", "--json")
    listed = json.loads(out)
    assert [f["name"] for f in listed] == ["news.example.com", "news.example.com-2", "台灣"]
    assert listed[2]["url"] == "http://tw.example.com/rss" and listed[2]["checked_at"] is None
    status, out, _ = cli("feeds", "list")
    assert "never updated" in out
    status, out, _ = cli("feeds", "remove", "台灣")
    assert status == 0
    status, _, err = cli("feeds", "remove", "台灣")
    assert status == 1 and err.count("\n") == 1 and "no feed named" in err
    status, out, _ = cli("feeds", "list", "--json")
    assert len(json.loads(out)) == 2


def test_update_imports_feeds_in_both_scripts_and_legacy_encodings(cli, db, db_path: Path) -> None:
    with feed_server(standard_routes()) as server:
        for path in ("/big5.rdf", "/gb.xml", "/atom"):
            subscribe(db, server.url(path), path.strip("/"))
        status, out, err = cli("feeds", "update", "--no-analysis")
        assert status == 0, err
        lines = sorted(out.strip().splitlines())
        assert lines == [
            "atom: 1 new, 0 updated, 0 unchanged",
            "big5.rdf: 2 new, 0 updated, 0 unchanged",
            "gb.xml: 2 new, 0 updated, 0 unchanged",
        ]
        first = server.headers_for("/gb.xml")[0]
        assert first["user-agent"] == USER_AGENT and "reader" in USER_AGENT
        assert "gzip" in first["accept-encoding"]

        titles = {a.title: a for a in list_articles(db)}
        big5 = titles[BIG5_ITEMS[0][1]]
        assert big5.path == server.url("/big5.rdf") + "#" + BIG5_ITEMS[0][0]
        assert get_article(db, big5.id).clean_text.split("\n\n") == BIG5_ITEMS[0][4]
        gb = titles[GB_ITEMS[0][1]]
        assert get_article(db, gb.id).clean_text.split("\n\n") == GB_ITEMS[0][4]
        assert titles["第一篇"].script.value == "traditional"

        # Second round: the validators come back and the server answers 304.
        status, out, _ = cli("feeds", "update", "big5.rdf", "gb.xml", "--no-analysis")
        assert status == 0
        assert sorted(out.strip().splitlines()) == [
            "big5.rdf: not modified",
            "gb.xml: not modified",
        ]
        assert server.headers_for("/big5.rdf")[1]["if-none-match"] == '"v1"'
        assert server.headers_for("/gb.xml")[1]["if-modified-since"] == LAST_MODIFIED
        assert len(list_articles(db)) == 5


def test_a_changed_feed_adds_new_items_and_versions_changed_ones(db) -> None:
    routes = {"/big5.rdf": Route(rss10_big5(), etag='"v1"')}
    with feed_server(routes) as server:
        subscription = subscribe(db, server.url("/big5.rdf"), "tw")
        (first,) = update_feeds(db, [subscription])
        assert len(first.imported) == 2
        link, headline, author, date, paragraphs = BIG5_ITEMS[0]
        changed = (link, headline, author, date, [*paragraphs, "晚間更新。"])
        new = ("https://tw.example.com/n/9", "新的一則", "", date, ["新的內容。"])
        routes["/big5.rdf"] = Route(rss10_big5([changed, BIG5_ITEMS[1], new]), etag='"v2"')
        (second,) = update_feeds(db, [get_subscription(db, "tw")])
        assert (len(second.imported), len(second.updated), len(second.unchanged)) == (1, 1, 1)
        article = get_article(db, second.updated[0])
        assert article.summary.version == 2 and article.clean_text.endswith("晚間更新。")
        assert get_subscription(db, "tw").etag == '"v2"'


def test_failures_are_one_line_each_and_the_other_feeds_go_on(db) -> None:
    three_megabytes = b"<rss>" + b" " * (3 * 1024 * 1024)
    routes = {
        **standard_routes(),
        "/error": Route(b"oops", status=500),
        "/streamed": Route(b"<rss>" + b"x" * 65536, stream_repeats=100),
        "/declared": Route(three_megabytes),
        "/bomb": Route(three_megabytes, gzip=True),
        "/malformed": Route(b"<?xml version='1.0'?><rss version='2.0'><channel><item>"),
        "/truncated": Route(rss10_big5()[:200], claimed_length=5000),
        "/page": Route(b"<html><body><p>not a feed</p></body></html>", content_type="text/html"),
    }
    names = [
        *("big5.rdf", "error", "streamed", "declared", "bomb", "malformed", "page", "truncated")
    ]
    with feed_server(routes) as server:
        for name in names:
            subscribe(db, server.url("/" + name), name)
        outcomes = update_feeds(db, list_subscriptions(db), max_bytes=2**21)
    by_name = {outcome.name: outcome for outcome in outcomes}
    assert len(by_name["big5.rdf"].imported) == 2
    assert by_name["error"].error == "HTTP 500 Internal Server Error"
    assert by_name["streamed"].error == "feed too large: over 2097152 bytes"
    assert by_name["declared"].error == "feed too large: 3145733 bytes (limit 2097152)"
    assert by_name["bomb"].error == "feed too large: unpacks to over 2097152 bytes"
    assert (by_name["malformed"].error or "").startswith("malformed feed")
    assert by_name["page"].error == "not an RSS or Atom feed"
    assert by_name["truncated"].error == "connection closed after 200 of 5000 bytes"
    for outcome in outcomes:
        assert "\n" not in outcome.line()
    stored = {s.name: s for s in list_subscriptions(db)}
    assert stored["error"].failed
    assert stored["error"].last_status == "error: failed: HTTP 500 Internal Server Error"
    assert not stored["big5.rdf"].failed
    assert len(list_articles(db)) == 2  # only the good feed's items


def test_a_server_that_does_not_answer_in_time_is_a_timeout(db) -> None:
    hold = threading.Event()
    with feed_server({"/slow": Route(rss10_big5(), hold=hold)}) as server:
        subscription = subscribe(db, server.url("/slow"), "slow")
        (outcome,) = update_feeds(db, [subscription], timeout=0.5)
        hold.set()
    assert outcome.line() == "slow: failed: timed out"
    assert list_articles(db) == []


def test_update_reports_a_failing_feed_on_stderr_and_exits_1(cli, db) -> None:
    routes = {**standard_routes(), "/error": Route(b"oops", status=503)}
    with feed_server(routes) as server:
        subscribe(db, server.url("/error"), "down")
        subscribe(db, server.url("/atom"), "atom")
        status, out, err = cli("feeds", "update", "--no-analysis")
    assert status == 1
    assert out == "atom: 1 new, 0 updated, 0 unchanged\n"
    assert err == "down: failed: HTTP 503 Service Unavailable\n"
    status, _, err = cli("feeds", "update", "nosuch")
    assert status == 1 and err == "reader: no feed named 'nosuch'\n"


def test_redirects_are_followed_and_recorded(db) -> None:
    routes = {
        "/old": Route(status=301, location="/moved"),
        "/moved": Route(status=302, location="/big5.rdf"),
        "/big5.rdf": Route(rss10_big5()),
    }
    with feed_server(routes) as server:
        subscription = subscribe(db, server.url("/old"), "moving")
        (outcome,) = update_feeds(db, [subscription])
        assert outcome.redirects == [server.url("/moved"), server.url("/big5.rdf")]
        assert outcome.line().endswith(f"(moved to {server.url('/big5.rdf')})")
        stored = get_subscription(db, "moving")
        assert stored.final_url == server.url("/big5.rdf")
        # The items keep the subscribed address as their name.
        assert all(a.path.startswith(server.url("/old") + "#") for a in list_articles(db))


def test_a_permanent_move_is_followed_next_time_and_a_temporary_one_is_not(db) -> None:
    routes = {
        "/old": Route(status=301, location="/new"),
        "/new": Route(rss10_big5(), etag='"v1"'),
        "/away": Route(status=302, location="/elsewhere"),
        "/elsewhere": Route(rss20_gb2312()),
    }
    with feed_server(routes) as server:
        subscribe(db, server.url("/old"), "moved")
        subscribe(db, server.url("/away"), "visiting")
        update_feeds(db, list_subscriptions(db))
        moved = get_subscription(db, "moved")
        assert moved.moved_to == server.url("/new")
        assert get_subscription(db, "visiting").moved_to is None
        outcomes = update_feeds(db, list_subscriptions(db))
        assert [len(server.headers_for(path)) for path in ("/old", "/new")] == [1, 2]
        assert [len(server.headers_for(path)) for path in ("/away", "/elsewhere")] == [2, 2]
        assert server.headers_for("/new")[1]["if-none-match"] == '"v1"'
        assert outcomes[0].not_modified
    # The items keep the address as subscribed as their name.
    assert {a.path.split("#")[0] for a in list_articles(db)} == {
        server.url("/old"),
        server.url("/away"),
    }


def test_a_feed_without_declaration_is_read_in_the_charset_it_was_served_with(db) -> None:
    body = rss20_gb2312().replace(b'<?xml version="1.0" encoding="gb2312"?>', b"")
    routes = {"/nodecl": Route(body, content_type="application/rss+xml; charset=GBK")}
    with feed_server(routes) as server:
        (outcome,) = update_feeds(db, [subscribe(db, server.url("/nodecl"), "gbk")])
    assert outcome.error is None and len(outcome.imported) == 2
    assert {a.title for a in list_articles(db)} == {GB_ITEMS[0][1], GB_ITEMS[1][1]}


def test_only_web_addresses_are_fetched() -> None:
    for address in ("file:///etc/passwd", "ftp://example.com/feed", "no scheme"):
        with pytest.raises(ReaderError, match="not an http"):
            fetch(address)
    redirect = {"/r": Route(status=302, location="file:///etc/passwd")}
    with feed_server(redirect) as server, pytest.raises(FetchError, match="file:///etc/passwd"):
        fetch(server.url("/r"))
