"""``reader import-annotations`` on malformed and oversized files: exit 1, one line
on stderr that says why, and the database exactly as it was."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import fixed_clock

from reader import annotations as service
from reader.cli.main import main
from reader.export import Format, render
from reader.export.incoming import MAX_ANNOTATIONS, MAX_NOTE_CHARS, MAX_QUOTE_CHARS, MAX_TAGS
from reader.export.json_input import MAX_DEPTH, MAX_FILE_BYTES

TEXT = "标题\n马斯克说了话。\n第二段。"


@pytest.fixture
def exported(db, monkeypatch, tmp_path: Path) -> dict:
    """One annotated article, and its export as a JSON document to spoil."""
    fixed_clock(monkeypatch)
    article = add_article(db, TEXT, "/corpus/a.txt")
    service.create_from_quote(db, article, "马斯克说了话", tags=["马斯克"], note="note")
    return json.loads(render(db, fmt=Format.JSON))


def item_of(document: dict) -> dict:
    return document["first"]["items"][0]


def spoiled(change: Callable[[dict], None]) -> Callable[[dict], str]:
    """A case that changes a copy of the exported document's annotation, made new (an
    id this database does not know, so it would be saved)."""

    def make(document: dict) -> str:
        document = copy.deepcopy(document)
        item_of(document)["id"] = "urn:uuid:00000000-0000-4000-8000-00000000beef"
        change(item_of(document))
        return json.dumps(document)

    return make


def _set(path: str, value: object) -> Callable[[dict], None]:
    def change(item: dict) -> None:
        *parents, last = path.split(".")
        target = item
        for name in parents:
            target = target[int(name)] if name.isdigit() else target[name]
        target[int(last) if last.isdigit() else last] = value

    return change


CASES: dict[str, tuple[Callable[[dict], str], str]] = {
    "date past the year 9999": (
        spoiled(_set("modified", "9999-12-31T23:59:59-05:00")),
        "outside the years 1 to 9999",
    ),
    "date before the year 1": (
        spoiled(_set("created", "0001-01-01T00:00:00+05:00")),
        "outside the years 1 to 9999",
    ),
    "100,000 levels of nesting": (
        lambda _: "[" * 100_000 + "]" * 100_000,
        f"more than {MAX_DEPTH} levels deep",
    ),
    "one level past the nesting limit": (
        lambda document: (
            json.dumps(document)[:-1] + ', "x": ' + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "}"
        ),
        f"more than {MAX_DEPTH} levels deep",
    ),
    "offsets of 10^30": (
        spoiled(_set("target.selector.1.end", 10**30)),
        "0 <= start < end <= 1,000,000,000",
    ),
    "a number of 5,000 digits": (
        lambda document: json.dumps(document).replace('"end": ', '"end": ' + "9" * 5000, 1),
        "not JSON reader can read",
    ),
    "a note too long": (
        spoiled(_set("body.0.value", "长" * (MAX_NOTE_CHARS + 1))),
        "the note is 100,001 characters long; at most 100,000",
    ),
    "a tag too long": (
        spoiled(_set("body.1.value", "标" * 201)),
        "a tag is 201 characters long; at most 200",
    ),
    "too many tags": (
        spoiled(
            _set(
                "body",
                [
                    {"type": "TextualBody", "purpose": "tagging", "value": f"t{n}"}
                    for n in range(MAX_TAGS + 1)
                ],
            )
        ),
        f"at most {MAX_TAGS} are allowed",
    ),
    "a quote too long": (
        spoiled(_set("target.selector.0.exact", "引" * (MAX_QUOTE_CHARS + 1))),
        "the quote is 100,001 characters long",
    ),
    "an unpaired surrogate": (
        lambda document: spoiled(_set("body.0.value", "no\ud800te"))(document),
        "unpaired surrogate",
    ),
    "too many annotations": (
        lambda _: json.dumps([{"type": "Annotation"}] * (MAX_ANNOTATIONS + 1)),
        "at most 100,000 can be imported",
    ),
}


def content(db) -> list[str]:
    return list(db.conn.iterdump())


@pytest.mark.parametrize("case", list(CASES))
def test_a_malformed_file_is_refused_in_one_line_and_changes_nothing(
    case: str, exported: dict, db, db_path: Path, tmp_path: Path, capsys
) -> None:
    make, reason = CASES[case]
    path = tmp_path / "in.json"
    path.write_text(make(exported), encoding="utf-8")
    before = content(db)
    status = main(["--db", str(db_path), "import-annotations", str(path)])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and reason in err, err
    assert "unexpected error" not in err and "Traceback" not in err
    assert content(db) == before


def test_a_file_past_the_size_limit_is_not_read(db, db_path: Path, tmp_path: Path, capsys):
    path = tmp_path / "huge.json"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    status = main(["--db", str(db_path), "import-annotations", str(path)])
    out, err = capsys.readouterr()
    assert (status, out) == (1, "")
    assert err.count("\n") == 1 and "at most 64 MiB is read" in err, err


def test_the_limits_leave_an_export_of_normal_size_alone(exported, db, db_path, tmp_path, capsys):
    path = tmp_path / "in.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    assert main(["--db", str(db_path), "import-annotations", str(path)]) == 0
    assert capsys.readouterr().out.endswith(
        "1 unchanged, 0 kept-newer-local, 0 kept-deleted, 0 re-identified\n"
    )
