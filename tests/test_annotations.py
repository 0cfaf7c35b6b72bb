"""The annotation service: anchors, scripts, tags, colours, edits, versions, hostile input."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import add_article

from reader import annotations as service
from reader.anchoring import AnchorStatus
from reader.conversion import TO_TAIWAN_PHRASES, DisplayScript, convert, detect_script, for_display
from reader.errors import NotFound, ReaderError
from reader.folding import fold
from reader.models import ParsedArticle
from reader.store import articles as article_store

SIMPLIFIED = (
    "标题：理发师的故事\n"
    "他的头发很长，剪头发前要把U盘插进电脑，看里面的照片做参考。\n"
    "马斯克说：“我们的软件很好。”理发师点头。\n"
    "最后，他把头发剪短了。"
)
TRADITIONAL = (
    "標題：馬斯克的新模型\n"
    "馬斯克在X平臺公開點評，說這個模型很好。\n"
    "有人質疑DeepSeek，馬斯克就捧哏。\n"
)


def span_of(text: str, quote: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    return start, start + len(quote)


# -- creating ------------------------------------------------------------------------


def test_create_from_original_range(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    start, end = span_of(SIMPLIFIED, "头发很长")
    made = service.create_annotation(db, article_id, start, end, tags=["外貌"], note="要点")
    assert (made.start, made.end, made.quote) == (start, end, "头发很长")
    assert SIMPLIFIED[:start].endswith(made.prefix) and SIMPLIFIED[end:].startswith(made.suffix)
    assert made.status is AnchorStatus.ANCHORED
    assert made.version_id == article_store.get_article(db, article_id).version_id
    assert made.tags == ("外貌",) and made.note == "要点"
    assert datetime.fromisoformat(made.created).tzinfo is not None
    assert made.updated == made.created
    assert service.get_annotation(db, made.id) == made


def test_selection_is_trimmed_and_must_hold_text(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    newline = SIMPLIFIED.index("\n")
    made = service.create_annotation(db, article_id, newline - 3, newline + 3)
    assert made.quote == SIMPLIFIED[newline - 3 : newline + 3].strip()
    with pytest.raises(ReaderError, match="only spaces"):
        service.create_annotation(db, article_id, newline, newline + 1)
    for start, end in ((5, 5), (-1, 3), (0, len(SIMPLIFIED) + 1), (9, 4)):
        with pytest.raises(ReaderError, match="not a selection"):
            service.create_annotation(db, article_id, start, end)
    with pytest.raises(NotFound):
        service.create_annotation(db, 999, 0, 2)
    assert service.list_annotations(db) == [made]


def test_create_from_quote_in_either_script(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    made = service.create_from_quote(db, article_id, "马斯克在X平台公开点评")  # typed 简体
    assert made.quote == "馬斯克在X平臺公開點評"  # stored as written
    assert TRADITIONAL[made.start : made.end] == made.quote


def test_quote_errors_say_what_to_do(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    with pytest.raises(ReaderError, match="not in article"):
        service.create_from_quote(db, article_id, "特斯拉")
    with pytest.raises(ReaderError, match=r"occurs 3 times.*from 1 to 3"):
        service.create_from_quote(db, article_id, "马斯克")
    with pytest.raises(ReaderError, match=r"occurrence 4 does not exist.*3 times"):
        service.create_from_quote(db, article_id, "马斯克", occurrence=4)
    second = service.create_from_quote(db, article_id, "馬斯克", occurrence=2)
    assert second.start == span_of(TRADITIONAL, "馬斯克", 1)[0]
    assert len(service.list_annotations(db)) == 1


# -- script independence -------------------------------------------------------------


def test_display_range_in_traditional_is_stored_against_simplified_original(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    shown = for_display(SIMPLIFIED, DisplayScript.TRADITIONAL)
    assert "頭髮很長" in shown.text
    d_start, d_end = span_of(shown.text, "頭髮很長")
    made = service.create_annotation(db, article_id, d_start, d_end, offsets=shown.offsets)
    assert made.quote == "头发很长"
    for mode in DisplayScript:
        view = for_display(SIMPLIFIED, mode)
        start, end = view.offsets.range_to_target(made.start, made.end)
        simplified = mode in (DisplayScript.ORIGINAL, DisplayScript.SIMPLIFIED)
        assert view.text[start:end] == ("头发很长" if simplified else "頭髮很長")


def test_simplified_display_of_traditional_article(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    shown = for_display(TRADITIONAL, DisplayScript.SIMPLIFIED)
    d_start, d_end = span_of(shown.text, "公开点评")
    made = service.create_annotation(db, article_id, d_start, d_end, offsets=shown.offsets)
    assert made.quote == "公開點評"


def test_taiwan_phrases_change_length_and_highlights_stay_on_the_same_words(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    shown = for_display(SIMPLIFIED, DisplayScript.TRADITIONAL, taiwan_phrases=True)
    assert len(shown.text) != len(SIMPLIFIED) and "隨身碟" in shown.text
    # The whole replaced phrase, part of it, and words after it (shifted by the change).
    whole = service.create_annotation(
        db, article_id, *span_of(shown.text, "隨身碟"), offsets=shown.offsets
    )
    part = service.create_annotation(
        db, article_id, *span_of(shown.text, "身碟"), offsets=shown.offsets
    )
    after = service.create_annotation(
        db, article_id, *span_of(shown.text, "裡面的照片"), offsets=shown.offsets
    )
    software = service.create_annotation(
        db, article_id, *span_of(shown.text, "軟體"), offsets=shown.offsets
    )
    assert whole.quote == "U盘" and part.quote == "U盘"  # a phrase is never cut in half
    assert after.quote == "里面的照片"
    assert software.quote == "软件"
    for made, expected in ((whole, "隨身碟"), (after, "裡面的照片"), (software, "軟體")):
        start, end = shown.offsets.range_to_target(made.start, made.end)
        assert shown.text[start:end] == expected
    plain = convert(SIMPLIFIED, "s2t")
    start, end = plain.offsets.range_to_target(after.start, after.end)
    assert plain.text[start:end] == "裏面的照片"


def test_display_map_of_another_text_is_refused(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    other = convert("短文", TO_TAIWAN_PHRASES)
    with pytest.raises(ReaderError):
        service.create_annotation(db, article_id, 0, 1, offsets=other.offsets)


# -- tags and colours ----------------------------------------------------------------


def test_a_tag_is_the_same_in_any_script_case_or_width(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    first = service.create_annotation(db, article_id, 0, 2, tags=["馬斯克", "AI"])
    service.create_annotation(db, article_id, 3, 5, tags=["马斯克", "ai"])
    service.create_annotation(db, article_id, 6, 8, tags=["  ＡＩ ", "人物"])
    counts = {t.name: t.count for t in service.tags(db)}
    assert counts == {"馬斯克": 2, "AI": 3, "人物": 1}  # the spelling first seen
    assert service.tags(db)[0].as_json() == {"name": "AI", "count": 3}
    assert service.tag_names(db, "马") == ["馬斯克"]
    assert service.tag_names(db, "a") == ["AI"]
    assert set(service.tag_names(db, "")) == {"馬斯克", "AI", "人物"}
    assert [a.id for a in service.list_annotations(db, tags=["马斯克"])] == [first.id, first.id + 1]
    dup = service.create_annotation(db, article_id, 9, 11, tags=["马斯克", "馬斯克", "MASK"])
    assert dup.tags == ("馬斯克", "MASK")


def test_bad_tags_are_refused(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    with pytest.raises(ReaderError, match="empty"):
        service.create_annotation(db, article_id, 0, 2, tags=["ok", "  "])
    with pytest.raises(ReaderError, match="at most"):
        service.create_annotation(db, article_id, 0, 2, tags=["长" * 201])
    assert service.list_annotations(db) == []


def test_colour_follows_first_tag_unless_chosen(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    plain = service.create_annotation(db, article_id, 0, 2)
    assert plain.color == service.DEFAULT_COLOR
    a = service.create_annotation(db, article_id, 3, 5, tags=["馬斯克", "AI"])
    b = service.create_annotation(db, article_id, 6, 8, tags=["马斯克"])
    assert a.color == b.color == service.tag_color(service.tag_key("马斯克"))
    assert a.color in service.PALETTE
    chosen = service.create_annotation(db, article_id, 9, 11, tags=["AI"], color=" Green ")
    assert chosen.color == "green"
    assert service.create_annotation(db, article_id, 12, 13, color="#A0B1C2").color == "#a0b1c2"
    back = service.update_annotation(db, chosen.id, color=None)
    assert back.color == service.tag_color(service.tag_key("AI"))
    with pytest.raises(ReaderError, match="unknown colour"):
        service.create_annotation(db, article_id, 0, 2, color="[bold red]")


# -- editing, deleting, undoing ------------------------------------------------------


def test_edit_note_tags_and_colour(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    made = service.create_annotation(db, article_id, 0, 2, tags=["a", "b"], note="one")
    edited = service.update_annotation(db, made.id, note="two")
    assert edited.note == "two" and edited.tags == ("a", "b")
    edited = service.update_annotation(db, made.id, tags=["c"], color="red")
    assert (edited.note, edited.tags, edited.color) == ("two", ("c",), "red")
    assert edited.updated >= made.updated and edited.created == made.created
    assert {t.name for t in service.tags(db)} == {"c"}
    with pytest.raises(NotFound):
        service.update_annotation(db, 999, note="x")


def test_line_ends_are_saved_as_lf_whichever_way_a_note_or_tag_comes_in(db) -> None:
    """A CR is a line end to Markdown and none to the rest: nothing is saved with one."""
    article_id = add_article(db, TRADITIONAL)
    made = service.create_annotation(
        db, article_id, 0, 2, note="one\r\ntwo\rthree\n", tags=["a\r\nb"]
    )
    assert made.note == "one\ntwo\nthree\n" and made.tags == ("a b",)
    edited = service.update_annotation(db, made.id, note="\r\rfour\r\n")
    assert edited.note == "\n\nfour\n"
    quoted = service.create_from_quote(db, article_id, "馬斯克就捧哏", note="x\ry")
    assert quoted.note == "x\ny"
    stored = db.conn.execute("SELECT group_concat(note, '|') FROM annotations").fetchone()[0]
    assert "\r" not in stored


def test_delete_is_soft_and_undo_restores_everything(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    made = service.create_annotation(db, article_id, 0, 2, tags=["留"], note="keep me")
    service.delete_annotation(db, made.id)
    assert service.list_annotations(db) == []
    assert service.tags(db) == []
    with pytest.raises(NotFound):
        service.get_annotation(db, made.id)
    with pytest.raises(NotFound):
        service.update_annotation(db, made.id, note="edit a deleted one")
    with pytest.raises(NotFound):
        service.delete_annotation(db, made.id)
    assert service.restore_annotation(db, made.id) == made
    assert [t.name for t in service.tags(db)] == ["留"]
    with pytest.raises(NotFound):
        service.restore_annotation(db, 999)


def test_list_is_in_document_order_with_filters(db) -> None:
    one = add_article(db, SIMPLIFIED, "/corpus/one.txt")
    two = add_article(db, TRADITIONAL, "/corpus/two.txt")
    late = service.create_annotation(db, two, 10, 12, tags=["x"])
    early_two = service.create_annotation(db, two, 0, 2)
    late_one = service.create_annotation(db, one, 20, 22, tags=["X"])
    early_one = service.create_annotation(db, one, 1, 3)
    ids = [a.id for a in service.list_annotations(db)]
    assert ids == [early_one.id, late_one.id, early_two.id, late.id]
    assert [a.id for a in service.list_annotations(db, article_ids=[two])] == [
        early_two.id,
        late.id,
    ]
    assert [a.id for a in service.list_annotations(db, tags=["x"])] == [late_one.id, late.id]
    assert service.list_annotations(db, status="orphaned") == []
    assert len(service.list_annotations(db, status=["anchored", "fuzzy"])) == 4
    with pytest.raises(ReaderError, match="unknown status"):
        service.list_annotations(db, status="lost")


# -- new versions --------------------------------------------------------------------


def test_new_version_moves_keeps_and_orphans_with_history(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    v1 = article_store.get_article(db, article_id).version_id
    hair = service.create_from_quote(db, article_id, "他的头发很长", tags=["外貌"])
    musk = service.create_from_quote(db, article_id, "我们的软件很好")
    last = service.create_from_quote(db, article_id, "他把头发剪短了")
    changed = "编者按：本文已更新。\n" + SIMPLIFIED.replace("我们的软件很好", "价格很贵")
    add_article(db, changed)
    v2 = article_store.get_article(db, article_id).version_id
    assert v2 != v1
    moved = service.get_annotation(db, hair.id)
    assert moved.status is AnchorStatus.ANCHORED and moved.version_id == v2
    assert changed[moved.start : moved.end] == "他的头发很长" and moved.start > hair.start
    assert moved.tags == ("外貌",) and moved.note == hair.note  # user content untouched
    orphan = service.get_annotation(db, musk.id)
    assert orphan.status is AnchorStatus.ORPHANED
    assert (orphan.version_id, orphan.start, orphan.quote) == (v1, musk.start, musk.quote)
    assert [a.id for a in service.list_annotations(db, status="orphaned")] == [musk.id]
    assert [a.id for a in service.article_annotations(db, article_id, v2)] == [hair.id, last.id]
    history = service.anchor_history(db, hair.id)
    assert [(h.version_id, h.selector.start, h.reason) for h in history] == [
        (v1, hair.start, "reanchor")
    ]
    # Re-attach the orphan by hand, in display offsets of a traditional view.
    shown = for_display(changed, DisplayScript.TRADITIONAL)
    d_start, d_end = span_of(shown.text, "價格很貴")
    fixed = service.reattach(db, musk.id, d_start, d_end, offsets=shown.offsets)
    assert (fixed.status, fixed.quote, fixed.version_id) == (AnchorStatus.ANCHORED, "价格很贵", v2)
    assert [h.reason for h in service.anchor_history(db, musk.id)] == ["reanchor", "reattach"]
    assert service.anchor_history(db, musk.id)[0].selector.exact == "我们的软件很好"


def test_orphans_are_retried_when_the_quote_comes_back(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    made = service.create_from_quote(db, article_id, "我们的软件很好")
    add_article(db, SIMPLIFIED.replace("我们的软件很好", "价格很贵"))
    assert service.get_annotation(db, made.id).status is AnchorStatus.ORPHANED
    add_article(db, SIMPLIFIED + "\n附记。")
    back = service.get_annotation(db, made.id)
    assert back.status is AnchorStatus.ANCHORED and back.start == made.start


def test_fuzzy_stays_flagged_until_reattached(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    made = service.create_from_quote(db, article_id, "马斯克说：“我们的软件很好。”")
    add_article(db, SIMPLIFIED.replace("我们的软件很好", "我们的软体很好"))
    fuzzy = service.get_annotation(db, made.id)
    assert fuzzy.status is AnchorStatus.FUZZY and fuzzy.quote == "马斯克说：“我们的软体很好。”"
    add_article(db, "前言\n" + SIMPLIFIED.replace("我们的软件很好", "我们的软体很好"))
    still = service.get_annotation(db, made.id)
    assert still.status is AnchorStatus.FUZZY and still.start == fuzzy.start + 3
    confirmed = service.reattach(db, made.id, still.start, still.end)
    assert confirmed.status is AnchorStatus.ANCHORED


def test_annotation_made_on_an_old_version_lands_on_the_current_one(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    v1 = article_store.get_article(db, article_id)
    add_article(db, "新的第一行\n" + SIMPLIFIED)
    start, end = span_of(v1.clean_text, "剪头发")
    made = service.create_annotation(db, article_id, start, end, version_id=v1.version_id)
    current = article_store.get_article(db, article_id)
    assert made.version_id == current.version_id and made.quote == "剪头发"
    assert current.clean_text[made.start : made.end] == "剪头发"
    with pytest.raises(NotFound):
        service.create_annotation(db, article_id, 0, 1, version_id=v1.version_id + 100)


def test_deleted_annotations_follow_new_versions_so_undo_is_consistent(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    made = service.create_from_quote(db, article_id, "理发师点头")
    service.delete_annotation(db, made.id)
    add_article(db, "插入一行\n" + SIMPLIFIED)
    restored = service.restore_annotation(db, made.id)
    text = article_store.get_article(db, article_id).clean_text
    assert text[restored.start : restored.end] == "理发师点头"


def test_reanchoring_an_article_twice_changes_nothing(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    service.create_from_quote(db, article_id, "理发师点头")
    add_article(db, "插入一行\n" + SIMPLIFIED)
    before = service.list_annotations(db)
    assert service.reanchor_article(db, article_id) == service.ReanchorReport()
    assert service.list_annotations(db) == before


def test_annotations_left_behind_by_a_crash_are_carried_over_on_opening(db) -> None:
    article_id = add_article(db, SIMPLIFIED)
    made = service.create_from_quote(db, article_id, "理发师点头")
    # A new version saved, and the process gone before re-anchoring ran.
    changed = "插入一行\n" + SIMPLIFIED
    parsed = ParsedArticle(
        "/corpus/a.txt", article_store.sha256_text(changed), "utf-8", changed, changed,
        "t", None, None, None, None, detect_script(changed), 1,
    )  # fmt: skip
    article_store.save_parsed(db, parsed, fold(changed).text)
    current = article_store.get_article(db, article_id).version_id
    shown = service.article_annotations(db, article_id, current)
    assert [a.id for a in shown] == [made.id]
    assert changed[shown[0].start : shown[0].end] == "理发师点头"


def test_importer_reanchors_a_changed_file(db, tmp_path: Path) -> None:
    from reader.importer import import_paths

    path = tmp_path / "news.txt"
    path.write_text(SIMPLIFIED, encoding="utf-8")
    article_id = import_paths(db, [path]).imported[0][1]
    text = article_store.get_article(db, article_id).clean_text
    made = service.create_annotation(db, article_id, *span_of(text, "理发师点头"))
    path.write_text("更新：新增导语一句。\n\n" + SIMPLIFIED, encoding="utf-8")
    assert import_paths(db, [path]).updated
    current = article_store.get_article(db, article_id)
    moved = service.get_annotation(db, made.id)
    assert moved.version_id == current.version_id and moved.start > made.start
    assert current.clean_text[moved.start : moved.end] == "理发师点头"


# -- hostile input -------------------------------------------------------------------

# (as typed, as stored): markup and SQL stay literal; escape sequences and control
# characters go whole; newlines and tabs stay in notes, CR and CRLF become newlines.
HOSTILE = [
    ("[/]", "[/]"),
    ("[@click=app.quit]", "[@click=app.quit]"),
    ("[bold red]not markup[/bold red]", "[bold red]not markup[/bold red]"),
    ("\x1b[31mred\x1b[0m\x1b]0;title\x07", "red"),
    ("\x1b]52;c;SGVsbG8=\x07clip", "clip"),
    ("\x9b2Jx", "x"),
    ("🇹🇼👨\u200d👩\u200d👧 emoji", "🇹🇼👨\u200d👩\u200d👧 emoji"),
    ("\u202eevil\u202c \u200f\u2066isolate\u2069", "evil \u200fisolate"),
    ("line one\nline two\r\n\ttab\rend", "line one\nline two\n\ttab\nend"),
    ("'); DROP TABLE annotations; --", "'); DROP TABLE annotations; --"),
    ("null\x00byte\x7f\x85", "nullbyte\n"),
]
#: The same as tags: one line, so line breaks and tabs are spaces.
HOSTILE_TAGS = {
    "line one\nline two\r\n\ttab\rend": "line one line two tab end",
    "null\x00byte\x7f\x85": "nullbyte",
}


def test_hostile_notes_and_tags_are_stored_without_controls(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    made = [
        service.create_annotation(db, article_id, 0, 2, tags=[text], note=text)
        for text, _ in HOSTILE
    ]
    for (text, clean), annotation in zip(HOSTILE, made, strict=True):
        stored = service.get_annotation(db, annotation.id)
        assert stored.note == clean
        assert stored.tags == (HOSTILE_TAGS.get(text, clean.strip()),)
        assert json.loads(json.dumps(stored.as_json()))["note"] == clean
    names = {t.name for t in service.tags(db)}
    assert names == {HOSTILE_TAGS.get(text, clean.strip()) for text, clean in HOSTILE}
    edited = service.update_annotation(db, made[0].id, note="a\x1b[2Jb\r\n", tags=["x\x07y"])
    assert (edited.note, edited.tags) == ("ab\n", ("xy",))


def test_a_one_megabyte_note(db) -> None:
    article_id = add_article(db, TRADITIONAL)
    note = ("長" * 1023 + "\n") * 1024  # 1 Mi characters, 3 MB of UTF-8
    made = service.create_annotation(db, article_id, 0, 2, note=note)
    assert service.get_annotation(db, made.id).note == note
    assert service.update_annotation(db, made.id, note=note + "!").note == note + "!"


def test_completion_offers_only_tags_a_live_annotation_carries(db) -> None:
    """A tag typed by mistake and undone (deleted, or edited away) is not offered."""
    article_id = add_article(db, TRADITIONAL)
    kept = service.create_annotation(db, article_id, 0, 2, tags=["claim"])
    junk = service.create_annotation(db, article_id, 3, 5, tags=["claima note"])
    assert service.tag_names(db, "cla") == ["claim", "claima note"]
    service.delete_annotation(db, junk.id)
    assert service.tag_names(db, "cla") == ["claim"]
    service.restore_annotation(db, junk.id)
    assert service.tag_names(db, "cla") == ["claim", "claima note"]
    service.update_annotation(db, junk.id, tags=["數字"])
    assert service.tag_names(db, "") == ["claim", "數字"]
    service.delete_annotation(db, kept.id)
    assert service.tag_names(db, "cl") == []


def test_text_filter_finds_quote_or_note_in_any_script(db) -> None:
    simplified = add_article(db, SIMPLIFIED, "/corpus/one.txt")
    traditional = add_article(db, TRADITIONAL, "/corpus/two.txt")
    quote_hit = service.create_annotation(db, traditional, *span_of(TRADITIONAL, "馬斯克在X平臺"))
    note_hit = service.create_annotation(
        db,
        simplified,
        *span_of(SIMPLIFIED, "理发师点头"),
        note="问**馬斯克**本人\n再核实",
        tags=["x"],
    )
    service.create_annotation(db, simplified, *span_of(SIMPLIFIED, "头发很长"), note="无关")

    def ids(**filters: object) -> list[int]:
        return [a.id for a in service.list_annotations(db, **filters)]  # type: ignore[arg-type]

    # Either script on either side, in the quote or in the note.
    assert ids(text="马斯克") == [note_hit.id, quote_hit.id]
    assert ids(text="馬斯克") == ids(text="马斯克")
    assert ids(text="x平台") == [quote_hit.id]  # case and script folded
    assert ids(text="本人 再核实") == [note_hit.id]  # a line break counts as a space
    assert ids(text="  ") == ids()  # a blank filter keeps everything
    assert ids(text="没有这句话") == []
    # Combined with the other filters.
    assert ids(text="马斯克", tags=["x"]) == [note_hit.id]
    assert ids(text="马斯克", article_ids=[traditional]) == [quote_hit.id]
    assert ids(text="马斯克", status="orphaned") == []
