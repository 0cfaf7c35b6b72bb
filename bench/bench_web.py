"""Web figures: HTML page import throughput, and updating 20 feeds from a local server.

    python -m bench.bench_web [--pages 300] [--feeds 20] [--items 20]

Pages are synthetic articles of about 5,000 characters (bench/corpus_generator.py)
inside outlet-like markup (navigation, share bar, an ad and a related box between
paragraphs, comments, footer, scripts); half are simplified script in GBK, half
traditional in Big5. The first page pays for loading trafilatura and is timed apart.
Feeds are RSS 2.0 with full content, served by http.server on 127.0.0.1; the second
update is all conditional (304). Entity analysis is not run.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.corpus_generator import article, seed_sentences
from reader.conversion import TO_TRADITIONAL, convert_plain
from reader.feeds.subscribe import subscribe
from reader.feeds.update import update_feeds
from reader.importer import import_paths
from reader.store.database import open_database
from reader.store.feeds import list_subscriptions

PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title} - 测试新闻网</title><meta property="og:site_name" content="测试新闻网">
<link rel="canonical" href="https://news.example.com/{index}.html">
<script>var tracker = "统计代码 {index}";</script></head>
<body><div class="header"><a href="/">首页</a> <a href="/china">国内</a>
<a href="/world">国际</a></div>
<nav class="main-nav"><a href="/tech">科技</a><a href="/ent">娱乐</a></nav>
<div class="main"><article><h1>{title}</h1>
<div class="share-bar">分享到：<a>微信</a><a>微博</a></div>
<div class="article-content">{body}</div></article>
<div class="comments"><h3>网友评论</h3><div>写得好。</div></div>
<aside class="sidebar"><h3>热门排行</h3><a href="/b/1">热门新闻一</a></aside></div>
<div class="footer">关于我们 | 广告服务 | 版权所有</div>
<script>console.log("ad");</script></body></html>
"""
AD = '<div class="ad-box"><a href="https://ad.example.com/">限时优惠 立即下单</a></div>'
RELATED = '<div class="related-news"><h3>相关阅读</h3><a href="/a/1">另一篇新闻</a></div>'


def page(rng: random.Random, sentences: list[str], index: int) -> tuple[bytes, int]:
    lines = article(rng, sentences, 5000, index).splitlines()
    title, paragraphs = lines[0], lines[3:]
    charset = "gbk"
    if index % 2:
        title, paragraphs = (
            convert_plain(title, TO_TRADITIONAL),
            [convert_plain(p, TO_TRADITIONAL) for p in paragraphs],
        )
        charset = "big5"
    body: list[str] = []
    for number, paragraph in enumerate(paragraphs):
        body.append(f"<p>{paragraph}</p>")
        if number == 1:
            body.append(AD)
        if number == len(paragraphs) // 2:
            body.append(RELATED)
    html = PAGE.format(charset=charset, title=title, index=index, body="\n".join(body))
    return html.encode(charset, errors="xmlcharrefreplace"), sum(map(len, paragraphs))


def bench_pages(count: int, workdir: Path) -> None:
    rng = random.Random(1)
    sentences = seed_sentences()
    folder = workdir / "pages"
    folder.mkdir()
    chars = 0
    for index in range(count + 1):
        data, size = page(rng, sentences, index)
        target = workdir / "first.html" if index == count else folder / f"page_{index:05d}.html"
        target.write_bytes(data)
        chars += size if index < count else 0
    db = open_database(workdir / "pages.db")
    started = time.perf_counter()
    first = import_paths(db, [workdir / "first.html"])
    cold = time.perf_counter() - started
    assert len(first.imported) == 1, first.summary()
    started, cpu = time.perf_counter(), time.process_time()
    report = import_paths(db, [folder])
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert len(report.imported) == count, (report.summary(), report.rejected[:3])
    started = time.perf_counter()
    again = import_paths(db, [folder])
    unchanged = time.perf_counter() - started
    assert len(again.unchanged) == count
    db.conn.close()
    print(f"first page (loads trafilatura): {cold:.2f} s")
    print(
        f"{count} pages: {elapsed:.2f} s = {count / elapsed:.0f} pages/s, "
        f"{chars / elapsed / 1e6:.2f} M article chars/s; "
        f"CPU {cpu:.2f} s = {count / cpu:.0f} pages per CPU second"
    )
    print(f"re-import, all unchanged: {unchanged:.2f} s")


def feed(index: int, items: int, rng: random.Random, sentences: list[str]) -> bytes:
    entries = []
    for number in range(items):
        text = "".join(f"<p>{rng.choice(sentences)}</p>" for _ in range(8))
        entries.append(
            f"<item><title>第{index}号源 第{number}条</title>"
            f"<link>https://feed{index}.example.com/{number}</link>"
            f"<guid>feed{index}-{number}</guid>"
            f"<pubDate>Tue, 05 Mar 2024 10:{number % 60:02d}:00 +0800</pubDate>"
            f"<content:encoded><![CDATA[{text}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>源{index}</title>{''.join(entries)}</channel></rss>"
    ).encode()


def bench_feeds(count: int, items: int, workdir: Path) -> None:
    rng = random.Random(2)
    sentences = seed_sentences()
    bodies = {f"/feed{index}": feed(index, items, rng, sentences) for index in range(count)}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body = bodies[self.path]
            etag = f'"{hash(body)}"'
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        db = open_database(workdir / "feeds.db")
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path in bodies:
            subscribe(db, base + path, path.strip("/"))
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            outcomes = update_feeds(db, list_subscriptions(db))
            timings.append(time.perf_counter() - started)
            assert not any(o.failed for o in outcomes)
        new = sum(len(o.imported) for o in outcomes)
        assert new == 0 and all(o.not_modified for o in outcomes)
        db.conn.close()
    finally:
        server.shutdown()
        server.server_close()
    print(
        f"{count} feeds × {items} items: first update {timings[0]:.2f} s "
        f"({count * items / timings[0]:.0f} items/s), all 304: {timings[1]:.3f} s"
    )


def bench_feed_pages(count: int, workdir: Path) -> None:
    """One summary-only feed of ``count`` items, each linking to a page of the local
    server, subscribed with pages on: the first update fetches and reads every page."""
    rng = random.Random(3)
    sentences = seed_sentences()
    bodies: dict[str, tuple[bytes, str]] = {}
    for index in range(count):
        data, _ = page(rng, sentences, index)
        bodies[f"/p/{index}"] = (data, "text/html; charset=" + ("big5" if index % 2 else "gbk"))

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            body, kind = bodies[self.path]
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        items = "".join(
            f"<item><title>第{n}条</title><link>{base}/p/{n}</link><guid>p{n}</guid>"
            f"<description>摘要{n}</description></item>"
            for n in range(count)
        )
        rss = (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>摘要源</title>{items}</channel></rss>"
        )
        bodies["/rss"] = (rss.encode(), "application/rss+xml")
        db = open_database(workdir / "feed_pages.db")
        subscribe(db, base + "/rss", "pages", pages=True)
        started, cpu = time.perf_counter(), time.process_time()
        (outcome,) = update_feeds(db, list_subscriptions(db))
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert outcome.pages_fetched == count, outcome.line()
        db.conn.close()
    finally:
        server.shutdown()
        server.server_close()
    print(
        f"summary-only feed, {count} items with pages on: first update {elapsed:.2f} s = "
        f"{count / elapsed:.0f} pages/s; CPU {cpu:.2f} s = {count / cpu:.0f} pages per CPU second"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--feeds", type=int, default=20)
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--feed-pages", type=int, default=100)
    parser.add_argument("--only-feed-pages", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        if not args.only_feed_pages:
            bench_pages(args.pages, workdir)
            bench_feeds(args.feeds, args.items, workdir)
        bench_feed_pages(args.feed_pages, workdir)


if __name__ == "__main__":
    main()
