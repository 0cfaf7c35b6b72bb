"""Importing web pages and feeds through the real importer, command line and app:
folders of pages, feeds re-imported as versions, corpus sync, bad input refused."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from web_feeds import BIG5_ITEMS, GB_ITEMS, rss10_big5, rss20_gb2312
from web_pages import (
    SIMPLIFIED_PARAGRAPHS,
    TRADITIONAL_PARAGRAPHS,
    big5_news_page,
    gbk_portal_page,
    simplified_page,
)

from reader.importer import import_paths, sync_corpus
from reader.store.articles import get_article, list_articles, raw_text_of
from reader.store.database import open_database
from reader.tui.app import ReaderApp


def web_folder(root: Path) -> Path:
    """A folder of pages in three encodings, a feed, and a page without an article."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "a-utf8.html").write_bytes(simplified_page().encode("utf-8"))
    (root / "b-gbk.htm").write_bytes(gbk_portal_page().encode("gbk"))
    (root / "sub").mkdir(exist_ok=True)
    (root / "sub" / "c-big5.html").write_bytes(big5_news_page().encode("big5"))
    (root / "news.xml").write_bytes(rss20_gb2312())
    (root / "empty.html").write_bytes(b"<html><body><nav><a href='/'>home</a></nav></body></html>")
    return root


def versions(db_path: Path, article_id: int) -> list[tuple[int, str]]:
    """Each version's number and raw text (stored deflated: read through the store)."""
    db = open_database(db_path, light=True)
    try:
        rows = db.conn.execute(
            "SELECT version, id FROM article_versions WHERE article_id = ? ORDER BY version",
            (article_id,),
        ).fetchall()
        return [(version, raw_text_of(db, version_id)) for version, version_id in rows]
    finally:
        db.conn.close()


def test_import_a_folder_of_pages_and_a_feed(cli, tmp_path: Path) -> None:
    folder = web_folder(tmp_path / "web")
    status, out, err = cli("import", str(folder))
    assert status == 0
    assert out.strip() == "5 imported, 0 updated, 0 unchanged, 1 rejected"
    assert err.strip() == f"rejected {folder / 'empty.html'}: no article text found in the page"
    status, out, _ = cli("list", "--json")
    articles = json.loads(out)
    by_title = {a["title"]: a for a in articles}
    assert len(articles) == 5
    page = by_title["總預算案創新高 社福支出占最大宗"]
    assert page["url"] == "https://www.example.com.tw/news/aipl/202408220123.aspx"
    assert page["script"] == "traditional"
    assert {GB_ITEMS[0][1], GB_ITEMS[1][1]} <= set(by_title)
    status, out, _ = cli("show", str(page["id"]))
    assert out.split("\n\n")[: len(TRADITIONAL_PARAGRAPHS)] == TRADITIONAL_PARAGRAPHS
    gbk = next(a for a in articles if a["path"].endswith("b-gbk.htm"))
    status, out, _ = cli("show", str(gbk["id"]))
    assert out.rstrip("\n").split("\n\n") == SIMPLIFIED_PARAGRAPHS


def test_reimporting_pages_is_a_no_op_and_a_changed_page_is_a_new_version(
    db, db_path: Path, tmp_path: Path
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(simplified_page().encode("utf-8"))
    first = import_paths(db, [page])
    assert len(first.imported) == 1
    assert len(import_paths(db, [page]).unchanged) == 1
    changed = [*SIMPLIFIED_PARAGRAPHS[:-1], "会议期间，代表们将审议多项报告。"]
    page.write_bytes(simplified_page(changed).encode("utf-8"))
    report = import_paths(db, [page])
    article_id = report.updated[0][1]
    assert get_article(db, article_id).clean_text.split("\n\n") == changed
    kept = versions(db_path, article_id)
    assert [v for v, _ in kept] == [1, 2]
    assert kept[0][1] == simplified_page()  # the old raw HTML is kept


def test_reimporting_a_feed_adds_new_items_and_versions_changed_ones(
    db, db_path: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "tw.rdf"
    feed.write_bytes(rss10_big5())
    first = import_paths(db, [feed])
    assert len(first.imported) == 2
    again = import_paths(db, [feed])
    assert (len(again.imported), len(again.updated), len(again.unchanged)) == (0, 0, 2)

    link, headline, author, date, paragraphs = BIG5_ITEMS[0]
    edited = (link, headline + "（更新）", author, date, [*paragraphs, "氣象署晚間再度更新警報。"])
    new = ("https://tw.example.com/n/3", "新聞三", "", date, ["第三則新聞的內容。"])
    feed.write_bytes(rss10_big5([edited, new]))  # item 2 dropped out of the feed
    report = import_paths(db, [feed])
    assert (len(report.imported), len(report.updated), len(report.unchanged)) == (1, 1, 0)
    updated_id = report.updated[0][1]
    assert updated_id == first.imported[0][1]
    article = get_article(db, updated_id)
    assert article.title == "颱風逼近 氣象署發布海上警報（更新）"
    assert article.summary.version == 2
    assert article.clean_text.endswith("氣象署晚間再度更新警報。")
    assert len(versions(db_path, updated_id)) == 2
    titles = {a.title for a in list_articles(db)}
    assert BIG5_ITEMS[1][1] in titles  # an item gone from the feed keeps its article
    assert not any(a.missing for a in list_articles(db))


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("broken.xml", b"<rss version='2.0'><channel><item><title>a</title>"),
        ("empty.html", b""),
        ("nothing.html", b"<html><head><title>t</title></head><body> </body></html>"),
        ("feed.rss", b"<rss version='2.0'><channel><title>t</title></channel></rss>"),
    ],
)
def test_bad_input_is_refused_in_one_line_and_changes_nothing(
    cli, db_path: Path, tmp_path: Path, name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    status, out, err = cli("import", str(path))
    assert status == 1
    assert err.count("\n") == 1 and err.startswith(f"rejected {path}: ")
    assert "Traceback" not in err
    status, out, _ = cli("list", "--json")
    assert json.loads(out) == []


def test_corpus_sync_keeps_feed_items_and_marks_them_missing_with_their_feed(
    db, tmp_path: Path
) -> None:
    corpus = web_folder(tmp_path / "corpus")
    first = sync_corpus(db, corpus)
    assert len(first.imported) == 5 and first.missing == []
    second = sync_corpus(db, corpus)
    assert second.missing == [] and len(second.unchanged) == 5
    assert not any(a.missing for a in list_articles(db))
    (corpus / "news.xml").unlink()
    third = sync_corpus(db, corpus)
    missing = {a.title for a in list_articles(db) if a.missing}
    assert missing == {GB_ITEMS[0][1], GB_ITEMS[1][1]}
    assert len(third.missing) == 2


def test_the_app_corpus_sync_picks_up_pages_and_feeds(tmp_path: Path) -> None:
    corpus = web_folder(tmp_path / "corpus")
    app = ReaderApp(tmp_path / "app.db", corpus, sync=True)

    async def scenario() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            titles = {summary.title for summary in app.summaries}
            assert "總預算案創新高 社福支出占最大宗" in titles
            assert GB_ITEMS[0][1] in titles
            assert len(app.main_screen.article_list.rows) == 5

    try:
        asyncio.run(scenario())
    finally:
        app.db.conn.close()


def test_an_unchanged_feed_file_is_known_without_parsing_it(
    db, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import reader.import_prepare

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    feed = corpus / "news.xml"
    feed.write_bytes(rss20_gb2312())
    parsed: list[str] = []
    parse = reader.import_prepare.parse_document

    def counting(data: bytes, **options: object):  # a spy: it still parses
        parsed.append(str(options["path"]))
        return parse(data, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(reader.import_prepare, "parse_document", counting)
    first = sync_corpus(db, corpus)
    ids = sorted(article_id for _path, article_id in first.imported)
    assert len(ids) == 2 and len(parsed) == 1
    again = sync_corpus(db, corpus)
    assert sorted(article_id for _path, article_id in again.unchanged) == ids
    assert len(parsed) == 1  # not parsed again

    feed.rename(tmp_path / "away.xml")
    assert sorted(sync_corpus(db, corpus).missing) == ids
    (tmp_path / "away.xml").rename(feed)
    back = sync_corpus(db, corpus)
    assert len(back.unchanged) == 2 and len(parsed) == 1
    assert not any(a.missing for a in list_articles(db))

    feed.write_bytes(rss20_gb2312(summary="新摘要 {}"))
    changed = sync_corpus(db, corpus)
    assert len(changed.updated) == 2 and len(parsed) == 2
