"""An organisation named after its place, written with and without it (香港特區政府,
特區政府, 香港政府): each rule at the depth of its cause (a names table, one sentence, a
small store), with invented names where the rule needs no known place, in both
scripts, with real jieba, OpenCC and SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_article

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain
from reader.entities.analysis import analyse_text, analyze_pending
from reader.entities.place_prefixed import place_prefixed
from reader.entities.short_forms import with_short_forms
from reader.store import entities as entity_store
from reader.store.database import open_database


def both_scripts(text: str) -> list[str]:
    return [convert_plain(text, TO_TRADITIONAL), convert_plain(text, TO_SIMPLIFIED)]


def org(key: str, texts: int) -> tuple[str, str, int]:
    return (key, "organisation", texts)


# ---------------------------------------------------------------- names table


def test_an_organisation_without_its_place_or_its_unit_is_the_organisation() -> None:
    names = {
        "香港特区政府": org("香港特区政府", 6),
        "特区政府": org("特区政府", 9),
        "香港政府": org("香港政府", 3),
        "香港特别行政区政府": org("香港特别行政区政府", 2),
    }
    assert place_prefixed(names) == {
        "特区政府": "香港特区政府",
        "香港政府": "香港特区政府",
        "香港特别行政区政府": "香港特区政府",
        "特别行政区政府": "香港特区政府",  # the unit and head, without the place
    }


def test_a_place_the_corpus_found_prefixes_an_organisation() -> None:
    """澄溪 is nobody's word: the corpus shows it as a place (澄溪区)."""
    names = {
        "澄溪区": ("澄溪区", "place", 4),
        "澄溪区议会": org("澄溪区议会", 3),
        "澄溪消防处": org("澄溪消防处", 2),
    }
    assert place_prefixed(names) == {"区议会": "澄溪区议会", "消防处": "澄溪消防处"}


def test_a_short_form_two_places_share_is_nobodys() -> None:
    names = {
        "澄溪区": ("澄溪区", "place", 4),
        "秀湄区": ("秀湄区", "place", 4),
        "澄溪区议会": org("澄溪区议会", 3),
        "秀湄区议会": org("秀湄区议会", 2),
        "香港特区政府": org("香港特区政府", 6),
        "澳门特区政府": org("澳门特区政府", 2),
    }
    assert place_prefixed(names) == {}


def test_a_long_form_written_once_still_makes_the_short_form_ambiguous() -> None:
    names = {"澜州市": ("澜州市", "place", 5), "澜州市政府": org("澜州市政府", 4)}
    assert place_prefixed(names) == {"市政府": "澜州市政府"}
    assert place_prefixed(names, {"澜州市政府", "上海市政府"}) == {}


def test_the_corpus_organisations_join_our_groups_as_they_are_read() -> None:
    """Read once, as they come: one in our group is linked to ours, one with another
    unit of the same place makes the group ambiguous, one of a group with none of
    ours only makes a short form ambiguous."""
    names = {"澜州市": ("澜州市", "place", 5), "澜州市政府": org("澜州市政府", 4)}
    assert place_prefixed(names, iter(["澜州政府"])) == {
        "澜州政府": "澜州市政府",
        "市政府": "澜州市政府",
    }
    assert place_prefixed(names, iter(["澜州政府", "澜州县政府"])) == {}
    assert place_prefixed(names, iter(["澜州政府", "上海市政府"])) == {"澜州政府": "澜州市政府"}


def test_a_name_others_are_linked_to_is_no_short_form_of_a_longer_one() -> None:
    """香港特区政府 is the tail of 中国香港特区政府 too; linking it on would leave 香港政府
    linked to a name that is itself linked."""
    names = {
        "中国香港特区政府": org("中国香港特区政府", 2),
        "香港特区政府": org("香港特区政府", 6),
        "香港政府": org("香港政府", 3),
    }
    links = place_prefixed(names)
    assert links["香港政府"] == "香港特区政府"
    assert "香港特区政府" not in links


def test_a_place_with_two_units_gives_no_bare_place() -> None:
    """吉林省政府 and 吉林市政府 are two governments: 吉林政府 is neither."""
    names = {
        "吉林省政府": org("吉林省政府", 3),
        "吉林市政府": org("吉林市政府", 3),
        "吉林政府": org("吉林政府", 2),
    }
    assert place_prefixed(names) == {}


def test_a_generic_word_or_another_kind_is_no_short_form() -> None:
    names = {
        "香港政府": org("香港政府", 3),  # 政府: two characters, anyone's
        "香港大学": org("香港大学", 3),  # 大学
        "澄溪区": ("澄溪区", "place", 4),
        "澄溪区明德堂": org("澄溪区明德堂", 3),
        "区明德": ("区明德", "person", 2),  # the corpus reads the tail as a person
    }
    links = place_prefixed(names)
    assert "政府" not in links
    assert "大学" not in links
    assert "区明德堂" in links  # the tail itself is no other kind
    names["区明德堂"] = ("区明德堂", "person", 2)
    assert "区明德堂" not in place_prefixed(names)


def test_short_forms_take_in_the_organisations_forms() -> None:
    names = {"香港特区政府": org("香港特区政府", 6), "特区政府": org("特区政府", 9)}
    links = with_short_forms(names, {"香港政府"})
    assert links == {"特区政府": "香港特区政府", "香港政府": "香港特区政府"}
    assert names["特区政府"] == ("香港特区政府", "organisation", 9)


# ---------------------------------------------------------------- one sentence


@pytest.mark.parametrize("text", both_scripts("香港特區政府昨日宣布，特區政府會成立專責小組。"))
def test_a_place_before_an_organisation_is_not_trimmed_off(text: str) -> None:
    """The short form written again in the text is no reason to cut the full name."""
    keys = [o[4] for o in analyse_text(text)]
    assert keys == ["香港特区政府", "特区政府"]


@pytest.mark.parametrize("text", both_scripts("據報張家明在會上發言，張家明表示支持。"))
def test_a_name_with_a_neighbour_glued_on_is_still_trimmed(text: str) -> None:
    assert {o[4] for o in analyse_text(text)} == {"张家明"}


# ---------------------------------------------------------------- small stores


GOVERNMENT = [
    "香港特區政府昨日宣布成立獨立委員會，特區政府會全力配合調查。",
    "香港特区政府今日公布援助方案，特区政府发言人表示会尽快发放。",
    "特區政府發言人表示，特區政府稍後交代詳情。",
    "香港政府表示關注事件，並會跟進。",
    "立法會議員要求香港特區政府交代。",
]


def flipped(text: str) -> str:
    """The text in the other script."""
    simplified = convert_plain(text, TO_SIMPLIFIED)
    return convert_plain(text, TO_TRADITIONAL) if simplified == text else simplified


@pytest.mark.parametrize("flip", [False, True])
def test_one_government_in_three_forms_over_both_scripts(tmp_path: Path, flip: bool) -> None:
    db = open_database(tmp_path / "government.db")
    try:
        articles = [
            add_article(db, flipped(text) if flip else text, path=f"/g/{index}.txt")
            for index, text in enumerate(GOVERNMENT)
        ]
        analyze_pending(db, processes=1)
        government = entity_store.find_entity(db, "香港特區政府")
        assert government is not None
        for form in ("特區政府", "特区政府", "香港政府", "香港特区政府"):
            assert entity_store.find_entity(db, form).id == government.id, form
        mentioned = {m.article_id for m in entity_store.mentions(db, government.id)}
        assert mentioned == set(articles)
    finally:
        db.conn.close()


def test_two_governments_keep_the_short_form_apart(tmp_path: Path) -> None:
    db = open_database(tmp_path / "two.db")
    try:
        for index, text in enumerate(
            [
                "香港特區政府昨日宣布新措施，澳門特區政府今日跟進。",
                "澳门特区政府与香港特区政府召开会议。",
                "特區政府發言人表示，特區政府會研究。",
            ]
        ):
            add_article(db, text, path=f"/t/{index}.txt")
        analyze_pending(db, processes=1)
        hong_kong = entity_store.find_entity(db, "香港特區政府")
        macau = entity_store.find_entity(db, "澳門特區政府")
        bare = entity_store.find_entity(db, "特區政府")
        assert hong_kong is not None and macau is not None and bare is not None
        assert len({hong_kong.id, macau.id, bare.id}) == 3
    finally:
        db.conn.close()


def test_a_link_the_corpus_no_longer_supports_is_undone(tmp_path: Path) -> None:
    """特区政府 is Hong Kong's while Hong Kong's is the only government of a special
    region written; once Macau's comes in, it is nobody's, in the texts analysed before."""
    db = open_database(tmp_path / "later.db")
    try:
        add_article(db, "香港特區政府昨日宣布新措施。", path="/l/a.txt")
        add_article(db, "香港特区政府今日公布方案，特区政府表示会跟进。", path="/l/b.txt")
        bare = add_article(db, "特區政府發言人表示會研究。", path="/l/c.txt")
        analyze_pending(db, processes=1)
        hong_kong = entity_store.find_entity(db, "香港特區政府")
        assert bare in {m.article_id for m in entity_store.mentions(db, hong_kong.id)}
        add_article(db, "澳門特區政府昨日跟進，澳門特區政府發言人表示。", path="/l/d.txt")
        add_article(db, "澳门特区政府今日开会。", path="/l/e.txt")
        analyze_pending(db, processes=1)
        assert bare not in {m.article_id for m in entity_store.mentions(db, hong_kong.id)}
        assert entity_store.find_entity(db, "特區政府").id != hong_kong.id
    finally:
        db.conn.close()
