"""`reader list` filters and `reader read`/`reader unread`, through the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run


@pytest.fixture
def db(capsys, db_path: Path, corpus_dir: Path) -> str:
    code, _, err = run(capsys, "--db", str(db_path), "import", "--no-analysis", str(corpus_dir))
    assert code == 0, err
    return str(db_path)


def listed(capsys, db: str, *options: str) -> dict[int, dict]:
    code, out, err = run(capsys, "--db", db, "list", "--json", *options)
    assert code == 0, err
    return {item["id"]: item for item in json.loads(out)}


def test_read_and_unread_change_what_the_unread_list_shows(capsys, db: str) -> None:
    everything = listed(capsys, db)
    assert len(everything) == 4
    assert not any(item["read"] for item in everything.values())
    first, second = sorted(everything)[:2]
    code, out, _ = run(capsys, "--db", db, "read", str(first), str(second))
    assert code == 0
    assert out == "marked 2 articles read\n"
    unread = listed(capsys, db, "--unread")
    assert set(unread) == set(everything) - {first, second}
    assert listed(capsys, db)[first]["read"] is True
    assert run(capsys, "--db", db, "unread", str(first))[0] == 0
    assert set(listed(capsys, db, "--unread")) == set(everything) - {second}
    code, out, _ = run(capsys, "--db", db, "list", "--unread")
    assert code == 0
    assert len(out.splitlines()) == 3
    assert all("●" in line for line in out.splitlines())


def test_an_unknown_id_is_one_line_and_marks_nothing(capsys, db: str) -> None:
    everything = listed(capsys, db)
    code, _, err = run(capsys, "--db", db, "read", str(min(everything)), "999")
    assert code == 1
    assert err == "reader: no article with id 999\n"
    assert len(listed(capsys, db, "--unread")) == 4


def test_filters_by_script_outlet_days_and_tag(capsys, db: str) -> None:
    everything = listed(capsys, db)
    traditional = listed(capsys, db, "--script", "traditional")
    assert traditional
    assert all(item["script"] == "traditional" for item in traditional.values())
    assert len(traditional) < len(everything)
    outlet = next(item["source"] for item in everything.values() if item["source"])
    by_outlet = listed(capsys, db, "--source", outlet[:2])
    assert by_outlet
    assert all(outlet[:2] in item["source"] for item in by_outlet.values())
    dated = {i for i, item in everything.items() if item["date"]}
    day = min(everything[i]["date"][:10] for i in dated)
    assert set(listed(capsys, db, "--since", day, "--until", day)) == {
        i for i in dated if everything[i]["date"][:10] == day
    }
    article = min(everything)
    quote = everything[article]["title"][:2]
    code, _, err = run(
        capsys,
        "--db",
        db,
        "annotate",
        str(article),
        "--quote",
        quote,
        "--occurrence",
        "1",
        "--tag",
        "要点",
    )
    assert code == 0, err
    assert set(listed(capsys, db, "--tag", "要點")) == {article}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (("--since", "last week"), "reader: not a date (YYYY-MM-DD): 'last week'\n"),
        (("--feed", "nowhere"), "reader: no feed named 'nowhere'\n"),
    ],
)
def test_bad_filters_are_one_line_errors(capsys, db: str, options, message) -> None:
    code, out, err = run(capsys, "--db", db, "list", *options)
    assert (code, out, err) == (1, "", message)


def test_nothing_matching_says_so_on_stderr(capsys, db: str) -> None:
    code, out, err = run(capsys, "--db", db, "list", "--source", "没有这家媒体")
    assert (code, out) == (0, "")
    assert err == "no articles match (没有这家媒体)\n"
