"""Read state and the filtered article list, on real SQLite files."""

from __future__ import annotations

import sqlite3

import pytest
from store_helpers import add_article

from reader import annotations as service
from reader.conversion import Script
from reader.errors import NotFound, ReaderError
from reader.listing import (
    count_unread,
    filter_choices,
    list_articles,
    mark_read,
    parse_day_range,
)
from reader.models import ArticleFilter
from reader.store import articles as article_store
from reader.store import schema
from reader.store.database import Connection, open_database
from reader.store.feeds import add_subscription


def add(db, path: str, text: str, *, source: str | None = None, date: str | None = None) -> int:
    return add_article(db, text, path, source=source, date=date)


@pytest.fixture
def store(db):
    ids = {
        "xinhua": add(db, "/c/a.txt", "新华社报道经济发展。", source="新华社", date="2024-03-01"),
        "udn": add(
            db, "/c/b.txt", "聯合報報導經濟發展。", source="聯合報", date="2024-03-05T10:20:00"
        ),
        "udn_late": add(
            db, "/c/c.txt", "聯合晚報報導經濟發展。", source="聯合晚報", date="2024-03-09"
        ),
        "undated": add(db, "/c/d.txt", "没有日期的文章。"),
        "feed": add(db, "https://news.example/rss#item-1", "订阅的新闻。", source="示例"),
    }
    return db, ids


def ids_of(summaries) -> set[int]:
    return {summary.id for summary in summaries}


def test_articles_start_unread_and_opening_marks_them_read(store) -> None:
    db, ids = store
    assert count_unread(db) == 5
    assert not any(summary.read for summary in list_articles(db))
    mark_read(db, [ids["udn"], ids["feed"]])
    assert count_unread(db) == 3
    unread = list_articles(db, ArticleFilter(unread=True))
    assert ids_of(unread) == {ids["xinhua"], ids["udn_late"], ids["undated"]}
    assert article_store.get_article(db, ids["udn"]).summary.read
    mark_read(db, [ids["udn"]], read=False)
    assert count_unread(db) == 4
    assert not article_store.get_article(db, ids["udn"]).summary.read


def test_reading_again_keeps_when_it_was_first_read(store, db_path) -> None:
    db, ids = store
    mark_read(db, [ids["udn"]])
    first = db.conn.execute("SELECT read_at FROM articles WHERE id = ?", (ids["udn"],)).fetchone()
    db.conn.execute(
        "UPDATE articles SET read_at = '2000-01-01T00:00:00+00:00' WHERE id = ?", (ids["udn"],)
    )
    mark_read(db, [ids["udn"]])
    again = db.conn.execute("SELECT read_at FROM articles WHERE id = ?", (ids["udn"],)).fetchone()
    assert first[0] is not None
    assert again[0] == "2000-01-01T00:00:00+00:00"


def test_an_unknown_id_changes_nothing(store) -> None:
    db, ids = store
    with pytest.raises(NotFound, match="999"):
        mark_read(db, [ids["udn"], 999])
    assert count_unread(db) == 5


def test_a_new_version_of_a_read_article_stays_read(store) -> None:
    db, ids = store
    mark_read(db, [ids["xinhua"]])
    add(db, "/c/a.txt", "新华社报道经济发展。更新。", source="新华社", date="2024-03-01")
    assert article_store.get_article(db, ids["xinhua"]).summary.read


def test_outlet_matches_in_either_script_and_by_part_of_its_name(store) -> None:
    db, ids = store
    assert ids_of(list_articles(db, ArticleFilter(source="联合"))) == {ids["udn"], ids["udn_late"]}
    assert ids_of(list_articles(db, ArticleFilter(source="联合报"))) == {ids["udn"]}
    assert ids_of(list_articles(db, ArticleFilter(source="新華社"))) == {ids["xinhua"]}
    assert list_articles(db, ArticleFilter(source="人民日报")) == []


def test_days_are_inclusive_and_undated_articles_are_left_out(store) -> None:
    db, ids = store
    since = list_articles(db, ArticleFilter(since="2024-03-05"))
    assert ids_of(since) == {ids["udn"], ids["udn_late"]}
    until = list_articles(db, ArticleFilter(until="2024-03-05"))
    assert ids_of(until) == {ids["xinhua"], ids["udn"]}
    both = list_articles(db, ArticleFilter(since="2024-03-02", until="2024-03-08"))
    assert ids_of(both) == {ids["udn"]}


@pytest.mark.parametrize(
    ("since", "until", "message"),
    [("yesterday", None, "not a date"), ("2024-03-09", "2024-03-01", "after")],
)
def test_bad_days_are_one_line_errors(store, since, until, message) -> None:
    db, _ = store
    with pytest.raises(ReaderError, match=message):
        list_articles(db, ArticleFilter(since=since, until=until))


def test_script_feed_and_tag(store) -> None:
    db, ids = store
    traditional = list_articles(db, ArticleFilter(script=Script.TRADITIONAL))
    assert ids_of(traditional) == {ids["udn"], ids["udn_late"]}
    add_subscription(db, "example", "https://news.example/rss")
    assert ids_of(list_articles(db, ArticleFilter(feed="example"))) == {ids["feed"]}
    with pytest.raises(NotFound, match="nope"):
        list_articles(db, ArticleFilter(feed="nope"))
    kept = service.create_from_quote(db, ids["udn"], "經濟", tags=["經濟"])
    dropped = service.create_from_quote(db, ids["xinhua"], "经济", tags=["经济"])
    service.delete_annotation(db, dropped.id)
    assert ids_of(list_articles(db, ArticleFilter(tag="经济"))) == {kept.article_id}


def test_conditions_combine(store) -> None:
    db, ids = store
    mark_read(db, [ids["udn"]])
    found = list_articles(db, ArticleFilter(unread=True, source="聯合", since="2024-03-01"))
    assert ids_of(found) == {ids["udn_late"]}
    assert ArticleFilter(unread=True, source="聯合", since="2024-03-01").describe() == (
        "unread · 聯合 · since 2024-03-01"
    )


def test_a_database_from_before_read_state_upgrades_with_every_article_unread(db_path) -> None:
    before = schema.MIGRATIONS.index(schema._read_state)
    connection = sqlite3.connect(db_path, isolation_level=None)
    for step in schema.MIGRATIONS[:before]:
        step(Connection(connection))  # type: ignore[arg-type]
    connection.execute(f"PRAGMA user_version = {before}")
    connection.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    connection.execute(
        "INSERT INTO articles (id, path, current_version_id, created_at, updated_at) "
        "VALUES (1, '/c/a.txt', 1, 't', 't')"
    )
    connection.execute(
        """INSERT INTO article_versions (id, article_id, version, raw_sha256, encoding,
        raw_text, clean_text, clean_sha256, title, script, chars, cleaner_version,
        imported_at) VALUES (1, 1, 1, 'x', 'utf-8', '新华社报道。', '新华社报道。', 'y',
        '新华社报道。', 'simplified', 6, 1, 't')"""
    )
    connection.close()
    upgraded = open_database(db_path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        assert count_unread(upgraded) == 1
    finally:
        upgraded.conn.close()


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("2024-03-01..2024-03-09", ("2024-03-01", "2024-03-09")),
        (" 2024-03-01 .. ", ("2024-03-01", None)),
        ("..2024-03-09", (None, "2024-03-09")),
        ("2024-03-05", ("2024-03-05", "2024-03-05")),
    ],
)
def test_a_typed_day_range(typed, days) -> None:
    assert parse_day_range(typed) == days


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("..", "no day"),
        ("", "no day"),
        ("2024-13-01..", "not a date"),
        ("2024-03-09..2024-03-01", "after"),
    ],
)
def test_a_bad_day_range_is_one_line(typed, message) -> None:
    with pytest.raises(ReaderError, match=message):
        parse_day_range(typed)


def test_filter_choices_are_the_stores_outlets_feeds_and_tags(store) -> None:
    db, ids = store
    add_subscription(db, "example", "https://news.example/rss")
    service.create_from_quote(db, ids["udn"], "經濟", tags=["經濟"])
    choices = filter_choices(db)
    assert choices.sources == sorted(["新华社", "聯合報", "聯合晚報", "示例"])
    assert choices.feeds == ["example"]
    assert choices.tags == ["經濟"]


def first_page_plan(db) -> list[str]:
    """The query plan of the list's first page, as list_articles runs it."""
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    try:
        article_store.list_articles(db, limit=200)
    finally:
        db.conn.set_trace_callback(None)
    (query,) = [sql for sql in statements if "ORDER BY" in sql]
    return [row[-1] for row in db.conn.execute("EXPLAIN QUERY PLAN " + query)]


def test_the_first_page_is_read_in_list_order_not_sorted(db) -> None:
    for index in range(30):
        add(db, f"/c/{index}.txt", f"标题{index}\n正文", date=f"2025-01-{1 + index % 28:02d}")
    plan = first_page_plan(db)
    assert not any("TEMP B-TREE" in step for step in plan), plan
    assert any("articles_list_order" in step for step in plan), plan


def test_the_list_follows_a_new_version_s_date(db) -> None:
    first = add(db, "/c/a.txt", "甲\n一", date="2025-01-01")
    second = add(db, "/c/b.txt", "乙\n二", date="2025-02-01")
    undated = add(db, "/c/c.txt", "丙\n三")
    assert [s.id for s in article_store.list_articles(db)] == [second, first, undated]
    add(db, "/c/a.txt", "甲\n一改", date="2025-03-01")
    assert [s.id for s in article_store.list_articles(db)] == [first, second, undated]
    add(db, "/c/a.txt", "甲\n再改")
    assert [s.id for s in article_store.list_articles(db)] == [second, first, undated]
