"""The one rule for control characters: removed on the way into the store, shown as
symbols on the way out, escaped in JSON. Core functions, then the ingestion paths
(body, front matter, file names) and the annotation paths (reader, files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader import annotations as service
from reader.export import Format, import_text, render
from reader.importer import import_paths
from reader.ingest import parse_bytes
from reader.ingest.metadata import one_line, split_front_matter
from reader.store.articles import get_article
from reader.store.database import open_database
from reader.text_safety import escape_json_controls, strip_controls, visible, visible_lines

#: Everything a terminal obeys: C0 but newline and tab, DEL, C1, bidi controls.
UNSAFE = {*map(chr, range(0x20)), *map(chr, range(0x7F, 0xA0))} - {"\n", "\t"}
UNSAFE |= {*map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}

HOSTILE = (
    "a\x1b[31mb\x1b[0m c\x1b]52;c;SGVsbG8=\x07d\x1b]0;title\x1b\\e\x9b2Jf\x9d8;;x\x9cg"
    "\u202eh\u2066i\x00j\x7fk\x1b\r\nm\rn\to"
)


def unsafe_in(text: str) -> set[str]:
    return {ch for ch in text if ch in UNSAFE}


def test_strip_controls_removes_sequences_whole_and_keeps_lines() -> None:
    assert strip_controls(HOSTILE) == "ab cdefghijk\nm\nn\to"
    assert strip_controls(HOSTILE, one_line=True) == "ab cdefghijk m n o"
    assert strip_controls("x\x1b]0;never ends\nnext") == "x\nnext"  # ends at the line
    assert strip_controls("a\u2028b\x0cc\x85d") == "a\nb\nc\nd"
    assert strip_controls("a\n\n\tb", one_line=True) == "a b"  # a run is one space
    assert strip_controls("a\n\n\x07\tb", one_line=True) == "a b"
    clean = "马斯克说：\n\t「好。」🇹🇼👨\u200d👩\u200d👧"
    assert strip_controls(clean) is clean
    for code in range(0x3000):
        assert not unsafe_in(strip_controls(chr(code) + "x"))


def test_visible_shows_every_control_one_for_one() -> None:
    shown = visible(HOSTILE)
    assert len(shown) == len(HOSTILE) and not unsafe_in(shown) and "\n" not in shown
    assert shown.startswith("a␛[31mb␛[0m c␛]52;c;SGVsbG8=␇d")
    assert visible("a\nb\tc", keep_newlines=True, keep_tabs=True) == "a\nb\tc"
    assert visible("a\nb\tc") == "a␊b c"
    assert visible_lines("a\r\nb\rc\x1b[2J") == "a\nb\nc␛[2J"
    for keep_newlines in (False, True):
        for keep_tabs in (False, True):
            kept = {"\n"} if keep_newlines else set()
            kept |= {"\t"} if keep_tabs else set()
            for code in range(0x3000):
                text = visible(chr(code), keep_newlines=keep_newlines, keep_tabs=keep_tabs)
                changed = text != chr(code)
                assert changed == (chr(code) in UNSAFE | ({"\n", "\t"} - kept)), hex(code)


def test_json_keeps_text_exact_and_escapes_what_encoders_leave_raw() -> None:
    value = {"note": HOSTILE, "k\u202e": ["\x85", "\x7f"]}
    document = escape_json_controls(json.dumps(value, ensure_ascii=False))
    assert json.loads(document) == value
    assert not unsafe_in(document)
    assert escape_json_controls('{"a": "马"}') == '{"a": "马"}'


# -- ingestion ---------------------------------------------------------------------------

FRONT_MATTER = (
    "---\n"
    'title: "Hello\\e]0;pwned\\a world\\e[2J"\n'
    'source: "Outlet\\e]52;c;SGVsbG8=\\a"\n'
    'author: ["Jay\\x9b31m", "Lee\\u202e"]\n'
    'url: "https://example.com/a\\e]8;;x\\a"\n'
    'tags: ["\\e[31mred", {"deep": "\\a"}]\n'
    "---\n"
    "第一段文字。\n"
)


def test_front_matter_strings_are_cleaned_after_yaml_decodes_them() -> None:
    metadata, _ = split_front_matter(FRONT_MATTER)
    assert metadata["title"] == "Hello world"
    assert metadata["tags"] == ["red", {"deep": ""}]
    article = parse_bytes(FRONT_MATTER.encode(), path="/corpus/a.md")
    fields = (article.title, article.source, article.author, article.url)
    assert fields == ("Hello world", "Outlet", "Jay、Lee", "https://example.com/a")


def test_a_file_name_is_a_clean_title_of_last_resort() -> None:
    assert one_line("报道\x1b]0;pwned\x07\n第二行\t") == "报道 第二行"
    article = parse_bytes(b"**\n", path="/c/标题\x1b]2;pwned\x07\n伪造.txt")
    assert article.title == "标题 伪造"


# -- annotations ---------------------------------------------------------------------------


def test_imported_annotation_files_are_cleaned_on_the_way_in(
    seeded_db, tmp_path: Path, corpus_dir: Path
) -> None:
    service.create_annotation(seeded_db, 1, 0, 4, note="plain", tags=["t"])
    document = json.loads(render(seeded_db, fmt=Format.JSON))
    [item] = document["first"]["items"]
    item["body"] = [
        {"type": "TextualBody", "purpose": "commenting", "value": "note\x1b]52;c;AA==\x07!"},
        {"type": "TextualBody", "purpose": "tagging", "value": "tag\x1b[2J\u202e"},
    ]
    other = open_database(tmp_path / "other.db")
    try:
        import_paths(other, [corpus_dir])
        report = import_text(other, json.dumps(document), name="x.json", base=tmp_path)
        assert report.added == 1
        [annotation] = service.list_annotations(other)
        assert (annotation.note, annotation.tags) == ("note!", ("tag",))
    finally:
        other.conn.close()


@pytest.mark.parametrize("note", [HOSTILE, "\x1b]52;c;SGVsbG8=\x07", "a\r\nb"])
def test_notes_from_every_door_are_stored_clean(seeded_db, note: str) -> None:
    made = service.create_annotation(seeded_db, 1, 0, 4, note=note, tags=[note + "x"])
    assert not unsafe_in(made.note) and not unsafe_in(made.tags[0])
    quoted = service.create_from_quote(seeded_db, 1, get_article(seeded_db, 1).clean_text[5:9])
    edited = service.update_annotation(seeded_db, quoted.id, note=note, tags=[note + "y"])
    assert edited.note == made.note == strip_controls(note)
    assert not unsafe_in(edited.tags[0])
