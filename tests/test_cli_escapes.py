"""No escape sequence reaches the terminal through the command line.

Every human-readable output (list, show, entity, entities, annotations, tags, the
Markdown export on stdout or in a file, error and rejection lines) shows control
characters as symbols, whether they came in through a file today or sit in a
database written before text was cleaned on its way in. JSON stays exact.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from store_helpers import add_article, write_as_before

from reader.store.database import open_database

#: Everything a terminal obeys: C0 but newline and tab, DEL, C1, bidi controls.
UNSAFE = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0))} - {"\n", "\t"}
UNSAFE |= {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
OSC_52 = "\x1b]52;c;SGVsbG8=\x07"
TITLE_OSC = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"


def unsafe_in(text: str) -> set[str]:
    return {ch for ch in text if ch in UNSAFE}


FRONT_MATTER = (
    "---\n"
    'title: "马斯克谈\\e]0;pwned\\a新模型\\e[2J"\n'
    'source: "字母榜\\e]52;c;SGVsbG8=\\a"\n'
    'author: "彥飛\\x9b31m"\n'
    "---\n"
    "马斯克周二表示，新模型将于下月发布。\n\n马斯克还说，价格不会上涨。\n"
)


def test_front_matter_escapes_never_reach_list_or_entity(cli, tmp_path: Path) -> None:
    path = tmp_path / "news.md"
    path.write_text(FRONT_MATTER, encoding="utf-8")
    status, out, err = cli("import", str(path))
    assert status == 0 and not unsafe_in(out + err)
    status, out, _ = cli("list")
    assert status == 0 and "马斯克谈新模型" in out and "字母榜" in out
    assert not unsafe_in(out)
    [item] = json.loads(cli("list", "--json")[1])
    assert (item["title"], item["source"], item["author"]) == ("马斯克谈新模型", "字母榜", "彥飛")
    status, out, _ = cli("entity", "马斯克")
    assert status == 0 and "马斯克谈新模型" in out and not unsafe_in(out)
    status, out, err = cli("entity-rename", "马斯克", f"伊隆{TITLE_OSC}·马斯克\n")
    assert status == 0 and not unsafe_in(out + err)
    names = {e["name"] for e in json.loads(cli("entities", "--json")[1])}
    assert "伊隆·马斯克" in names and not unsafe_in("".join(names))


@pytest.fixture
def old_database(cli, db_path: Path) -> int:
    """A database written before text was cleaned on its way in: an article whose
    title and text hold escape sequences, with an annotation whose note and tag do."""
    db = open_database(db_path)
    try:
        article_id = add_article(
            db,
            f"马斯克的新模型{TITLE_OSC}\n马斯克周二表示{CLEAR}，新模型下月发布。\n",
            path=f"/corpus/evil{OSC_52}.txt",
        )
    finally:
        db.conn.close()
    assert cli("annotate", str(article_id), "--quote", "新模型下月发布", "--tag", "t")[0] == 0
    write_as_before(db_path, "UPDATE annotations SET note = ?", f"note{OSC_52}\r\nline two")
    write_as_before(db_path, "UPDATE tags SET name = ?", f"tag{CLEAR}")
    return article_id


def test_stored_escapes_are_shown_as_symbols_by_every_text_command(
    cli, old_database: int, tmp_path: Path
) -> None:
    ident = str(old_database)
    outputs = {
        "list": cli("list"),
        "show": cli("show", ident),
        "show --script traditional": cli("show", ident, "--script", "traditional"),
        "entities": cli("entities"),
        "entity": cli("entity", "马斯克"),
        "annotations": cli("annotations"),
        "tags": cli("tags"),
        "export": cli("export"),
        "export --group-by tag": cli("export", "--group-by", "tag"),
    }
    for name, (status, out, err) in outputs.items():
        assert status == 0, (name, err)
        assert not unsafe_in(out + err), name
    assert "马斯克的新模型␛]0;pwned␇" in outputs["list"][1]
    assert "马斯克周二表示␛[2J" in outputs["show"][1]
    assert "马斯克的新模型␛]0;pwned␇" in outputs["entity"][1]
    assert "␛[2J" in outputs["tags"][1]
    markdown = outputs["export"][1]
    assert "note␛]52;c;SGVsbG8=␇\n" in markdown and "line two" in markdown
    assert "Path: /corpus/evil␛\\]52;c;SGVsbG8=␇.txt" in markdown  # Markdown-escaped ]
    assert "## 马斯克的新模型␛\\]0;pwned␇" in markdown
    written = tmp_path / "out.md"
    assert cli("export", "--output", str(written))[0] == 0
    assert written.read_text(encoding="utf-8") == markdown
    status, out, _ = cli("export", "--format", "json")
    assert status == 0 and not unsafe_in(out)
    [item] = json.loads(out)["first"]["items"]
    assert item["body"][0]["value"] == f"note{OSC_52}\r\nline two"  # JSON stays exact


def test_notes_and_tags_typed_on_the_command_line_are_stored_clean(cli, old_database: int) -> None:
    status, out, _ = cli(
        "annotate",
        str(old_database),
        "--quote",
        "马斯克周二表示",
        "--note",
        f"a{OSC_52}b\r\nc\td",
        "--tag",
        f"x{TITLE_OSC}y",
    )
    assert status == 0
    new = next(a for a in json.loads(cli("annotations", "--json")[1]) if a["id"] == int(out))
    assert (new["note"], new["tags"]) == ("ab\nc\td", ["xy"])


def test_rejection_and_error_lines_show_file_names_as_symbols(cli, tmp_path: Path) -> None:
    crafted = f"evil{TITLE_OSC}{OSC_52}\nreader: forged line.txt"
    (tmp_path / crafted).write_bytes(b"")  # empty: rejected
    status, out, err = cli("import", str(tmp_path))
    assert status == 1 and not unsafe_in(out + err)
    [line] = err.splitlines()
    assert line.startswith("rejected ") and "evil␛]0;pwned␇␛]52;c;SGVsbG8=␇␊reader: forged" in line
    status, out, err = cli("import-annotations", str(tmp_path / crafted))
    assert status == 1 and out == "" and not unsafe_in(err)
    [line] = err.splitlines()
    assert line.startswith("reader: ") and "␊reader: forged line.txt is not JSON" in line
    status, out, err = cli("export", "--output", str(tmp_path / crafted / "x.md"))
    assert status == 1 and not unsafe_in(err) and len(err.splitlines()) == 1


def test_commands_write_only_through_the_output_helpers() -> None:
    """Every command writes through ``say``/``inline`` (text) or ``print_json``/
    ``write_json`` (JSON), so a new command cannot forget the rule."""
    import reader.cli

    folder = Path(reader.cli.__file__).parent
    writes = re.compile(r"\bprint\(|\.write\(")
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(folder.glob("*.py"))
        if path.name != "context.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if writes.search(line)
    ]
    assert offenders == []
