"""``reader review --stats``, usage errors, and the review fields of ``annotations --json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.annotations import create_from_quote
from reader.review.clock import ManualClock, system_clock
from reader.review.deck import SqliteDeck
from reader.review.filters import ReviewFilters
from reader.review.scheduler import Grade
from reader.review.session import ReviewSession
from reader.store.articles import list_articles
from reader.store.database import open_database

REVIEW_FIELDS = ["due", "reps", "lapses", "last_review"]


@pytest.fixture
def graded(seeded_db) -> list[int]:
    """Three annotations: the first graded Good twice (a review card), the second
    graded Again once, the third never reviewed. Graded just now (stats use the
    real clock)."""
    article = next(s for s in list_articles(seeded_db) if s.script.value == "traditional")
    ids = [
        create_from_quote(seeded_db, article.id, quote, occurrence=1).id
        for quote in ("馬斯克", "OpenAI", "資源")
    ]
    clock = ManualClock(system_clock() - timedelta(minutes=30))
    ReviewSession(SqliteDeck(seeded_db), ReviewFilters(limit=1), clock=clock).grade(Grade.GOOD)
    clock.advance(timedelta(minutes=10))
    review = ReviewSession(SqliteDeck(seeded_db), ReviewFilters(), clock=clock)
    assert [review.grade(grade).annotation_id for grade in (Grade.GOOD, Grade.AGAIN)] == ids[:2]
    return ids


def test_annotations_json_gains_review_fields(cli, graded: list[int]) -> None:
    status, out, _ = cli("annotations", "--json")
    assert status == 0
    items = {item["id"]: item for item in json.loads(out)}
    assert list(items[graded[0]])[-4:] == REVIEW_FIELDS
    reviewed, lapsed, new = (items[i] for i in graded)
    assert (reviewed["reps"], reviewed["lapses"]) == (2, 0)
    assert datetime.fromisoformat(reviewed["due"]) - datetime.now(UTC) > timedelta(hours=12)
    assert datetime.fromisoformat(reviewed["last_review"]) < datetime.now(UTC)
    assert (lapsed["reps"], lapsed["lapses"]) == (1, 0)
    assert {key: new[key] for key in REVIEW_FIELDS} == dict.fromkeys(REVIEW_FIELDS)


def test_stats_json(cli, graded: list[int]) -> None:
    status, out, err = cli("review", "--stats", "--json")
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert sum(day["reviews"] for day in result["reviews_per_day"]) == 3
    assert len(result["reviews_per_day"]) == 30
    assert result["retention"]["all_time"] == {"rate": None, "reviews": 0}
    assert result["due"]["now"] == 1  # the Again card's step is due
    assert result["due"]["next_7_days"] >= 2 and result["due"]["next_30_days"] >= 2
    assert len(result["due"]["by_day"]) == 30
    assert result["cards"] == {"new": 1, "learning": 1, "review": 1, "relearning": 0}


def test_stats_text(cli, graded: list[int]) -> None:
    status, out, _ = cli("review", "--stats")
    assert status == 0
    assert "Reviews per day (last 30 days):" in out
    assert "Retention: – last 30 days, – all time" in out
    assert "Cards: 1 new, 1 learning, 1 review, 0 relearning" in out


def test_stats_on_an_empty_store(cli) -> None:
    status, out, _ = cli("review", "--stats", "--json")
    assert status == 0 and json.loads(out)["due"]["now"] == 0


def test_usage_errors_exit_2(cli) -> None:
    for args in (
        ("review", "--json"),
        ("review", "--stats", "--tag", "x"),
        ("review", "--limit", "0"),
    ):
        with pytest.raises(SystemExit) as exit_info:
            cli(*args)
        assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        cli("review", "--due", "--new")


def test_unknown_entity_is_one_line(cli, graded: list[int]) -> None:
    status, out, err = cli("review", "--entity", "不存在的人")
    assert (status, out) == (1, "")
    assert err == "reader: no entity called '不存在的人': try `reader entities` for the list\n"


def test_review_opens_on_a_database_that_is_not_ours_with_one_line(cli, db_path: Path) -> None:
    db_path.write_bytes(b"not a database at all" * 10)
    status, out, err = cli("review", "--stats")
    assert status == 1 and out == ""
    assert err.startswith("reader: ") and err.count("\n") == 1


def test_open_in_the_reader_replaces_the_focused_pane() -> None:
    from reader.cli.review import _focus_on
    from reader.conversion import DisplayScript
    from reader.tui.state import PaneState, ReadingState

    two = ReadingState(
        mode=DisplayScript.TRADITIONAL,
        panes=(PaneState(1, 0, DisplayScript.ORIGINAL), PaneState(2, 50, DisplayScript.ORIGINAL)),
        focused=1,
    )
    assert _focus_on(two, 7, 120).panes == (
        PaneState(1, 0, DisplayScript.ORIGINAL),
        PaneState(7, 120, DisplayScript.TRADITIONAL),
    )
    opened = _focus_on(ReadingState(), 7, 120)
    assert (opened.panes, opened.focused, opened.selected) == (
        (PaneState(7, 120, DisplayScript.ORIGINAL),),
        0,
        7,
    )


def test_the_migration_adds_the_review_tables(db_path: Path) -> None:
    db = open_database(db_path)
    tables = {row[0] for row in db.conn.execute("SELECT name FROM sqlite_master")}
    assert {"review_cards", "review_log", "review_skips"} <= tables
    db.conn.close()
