"""Names written in a short and a full form, and full names the phrase test refused:
each rule at the depth of its cause (a names table, one sentence, a small store), with
invented names in both scripts, real jieba, OpenCC and SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_article

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain
from reader.entities.analysis import analyse_text, analyze_pending
from reader.entities.offices import reads_as_name_or_office, reads_as_office
from reader.entities.short_forms import short_forms, with_short_forms
from reader.store import entities as entity_store
from reader.store.corpus_names import recurring_names
from reader.store.database import open_database


def both_scripts(text: str) -> list[str]:
    return [convert_plain(text, TO_TRADITIONAL), convert_plain(text, TO_SIMPLIFIED)]


def keys_of(text: str) -> dict[str, str]:
    """Simplified surface → key of every occurrence analysis finds in ``text``."""
    return {convert_plain(o[2], TO_SIMPLIFIED): o[4] for o in analyse_text(text)}


# ---------------------------------------------------------------- short forms


def test_a_place_with_a_unit_and_a_company_with_a_legal_form_have_short_forms() -> None:
    names = {
        "秀湄区": ("秀湄区", "place", 6),
        "鼎沣控股集团": ("鼎沣控股集团", "organisation", 9),
        "鼎沣物流有限公司": ("鼎沣物流有限公司", "organisation", 4),
    }
    assert short_forms(names) == {
        "秀湄": "秀湄区",
        "鼎沣控股": "鼎沣控股集团",
        "鼎沣物流": "鼎沣物流有限公司",
    }


def test_a_short_form_that_is_a_word_ambiguous_or_too_short_is_no_short_form() -> None:
    names = {
        "白石镇": ("白石镇", "place", 3),  # 白石 is a person to jieba
        "北区": ("北区", "place", 3),  # one character left
        "上市公司": ("上市公司", "organisation", 3),  # 上市 is a verb
        "东礁区": ("东礁区", "place", 3),
        "东礁市": ("东礁市", "place", 2),  # two full names share 东礁
        "华岭村": ("华岭村", "place", 2),  # 村 is no administrative unit
        "宏丰公司": ("宏丰公司", "organisation", 2),
        "宏丰": ("宏丰", "person", 2),  # the corpus reads the short form as a person
    }
    assert short_forms(names) == {}


def test_a_short_form_that_is_a_word_is_linked_but_not_spread() -> None:
    """中西 of 中西区 is written inside 中西医 too: only an unknown word spreads."""
    names = {"中西区": ("中西区", "place", 3), "澄溪区": ("澄溪区", "place", 3)}
    assert with_short_forms(names) == {"中西": "中西区", "澄溪": "澄溪区"}
    assert "中西" not in names
    assert names["澄溪"] == ("澄溪区", "place", 3)


def test_a_place_written_bare_in_another_article_is_the_place(tmp_path: Path) -> None:
    db = open_database(tmp_path / "places.db")
    try:
        full = add_article(db, "澄溪區議會昨日開會，澄溪區居民反對重建。", path="/c/a.txt")
        again = add_article(db, "澄溪区的交通问题严重，澄溪区居民不满。", path="/c/b.txt")
        bare = add_article(db, "記者昨日到澄溪了解情況，不少人離開澄溪。", path="/c/c.txt")
        analyze_pending(db, processes=1)
        place = entity_store.find_entity(db, "澄溪區")
        assert place is not None
        assert entity_store.find_entity(db, "澄溪").id == place.id
        articles = {m.article_id for m in entity_store.mentions(db, place.id)}
        assert {full, again, bare} <= articles
    finally:
        db.conn.close()


# ---------------------------------------------------------------- offices


@pytest.mark.parametrize(
    "name",
    ["澜州交易及结算所", "证券及期货事务监察委员会", "食物及卫生局", "澜州证券监察委员会"],
)
def test_an_offices_full_name_with_a_conjunction_or_ending_in_hui_reads_as_a_name(
    name: str,
) -> None:
    assert reads_as_office(name)
    assert reads_as_name_or_office(name)


@pytest.mark.parametrize(
    "phrase",
    ["一名男子及秀湄区居民会", "在秀湄设立援助委员会", "居民及商会", "他们会", "秀湄区居民"],
)
def test_a_phrase_holding_a_name_is_no_office(phrase: str) -> None:
    assert not reads_as_office(phrase)


def test_an_office_holding_another_organisation_gives_way_to_it() -> None:
    """汇岭银行东礁分行 is a branch of the bank the corpus is about."""
    assert reads_as_office("汇岭银行东礁分行")
    assert not reads_as_name_or_office("汇岭银行东礁分行", ["organisation", "place"])
    assert reads_as_name_or_office("澜州交易及结算所", ["place"])


# ---------------------------------------------------------------- declarations


@pytest.mark.parametrize(
    "text", both_scripts("香港消費者委員會（下稱消委會）指出，消委會接獲投訴。")
)
def test_a_declared_organisation_after_a_known_place_takes_it_in(text: str) -> None:
    keys = keys_of(text)
    assert keys["香港消费者委员会"] == "香港消费者委员会"
    assert keys["消委会"] == "香港消费者委员会"
    assert "香港" not in keys


@pytest.mark.parametrize(
    "text", both_scripts("瀾州證券監察委員會（下稱證監會）早前把個案轉交警方。")
)
def test_a_declared_organisation_after_an_unknown_place_takes_it_in(text: str) -> None:
    keys = keys_of(text)
    assert keys["证监会"] == "澜州证券监察委员会"
    assert keys["澜州证券监察委员会"] == "澜州证券监察委员会"


@pytest.mark.parametrize(
    "text",
    both_scripts("全港消費者委員會（下稱消委會）指出，本市消費者委員會（下稱市消委）不同意。"),
)
def test_a_word_for_everywhere_is_no_place_of_a_declared_name(text: str) -> None:
    keys = keys_of(text)
    assert keys["消委会"] == "消费者委员会"
    assert not any(key.startswith(("全港", "本市")) for key in keys.values())


@pytest.mark.parametrize(
    "text", both_scripts("警方經濟罪案調查科（經罪科）今日拘捕兩人。經罪科警司表示會跟進。")
)
def test_a_section_of_an_office_declares_its_short_form(text: str) -> None:
    keys = keys_of(text)
    assert keys["经罪科"] == "经济罪案调查科"


@pytest.mark.parametrize("text", both_scripts("他在醫院神經外科（外科）留醫，情況穩定。"))
def test_a_branch_of_medicine_declares_nothing(text: str) -> None:
    assert "外科" not in keys_of(text)


# ---------------------------------------------------------------- people


@pytest.mark.parametrize(
    "text", both_scripts("證監會執行董事司徒文彥表示會跟進。司徒文彥說，調查仍在進行。")
)
def test_a_compound_surname_jieba_cuts_off_starts_the_name(text: str) -> None:
    keys = keys_of(text)
    assert keys["司徒文彦"] == "司徒文彦"
    assert "文彦" not in keys


# ---------------------------------------------------------------- spelling spread


def test_a_recurring_name_spreads_its_own_spelling_not_a_declared_short_form(
    tmp_path: Path,
) -> None:
    """The short form of a declaration is written more often than the long form, but
    the long form is what the texts that write it must be given."""
    db = open_database(tmp_path / "spelling.db")
    try:
        add_article(
            db, "澄溪交易及結算所，簡稱澄交所，昨日宣布停牌。澄交所表示會跟進。", path="/c/a.txt"
        )
        add_article(db, "澄交所今日再發聲明。澄交所說明原因。", path="/c/b.txt")
        add_article(db, "澄溪交易及結算所（下稱澄交所）公布業績，澄交所盈利上升。", path="/c/d.txt")
        add_article(db, "股份自去年起在澄溪交易及結算所停牌。", path="/c/c.txt")
        analyze_pending(db, processes=1)
        _kind, surface, _texts = recurring_names(db, 2)["澄溪交易及结算所"]
        assert surface == "澄溪交易及結算所"
        exchange = entity_store.find_entity(db, "澄溪交易及結算所")
        assert exchange is not None
        assert len({m.article_id for m in entity_store.mentions(db, exchange.id)}) == 4
    finally:
        db.conn.close()


# ---------------------------------------------------------------- descriptions


@pytest.mark.parametrize(
    ("text", "description"),
    [
        *((t, "指该公司") for t in both_scripts("鼎沣回应称，指该公司停牌已超过十八个月。")),
        *((t, "监管机构") for t in both_scripts("业界人士指出，监管机构需要加强巡查。")),
        *((t, "陈词中") for t in both_scripts("区慧敏在开案陈词中指出，案件复杂。")),
    ],
)
def test_a_description_shaped_like_a_name_is_no_entity(text: str, description: str) -> None:
    assert description not in keys_of(text)


@pytest.mark.parametrize("text", both_scripts("王建中表示，日本银行与香港消费者委员会合作。"))
def test_names_with_the_same_endings_stay(text: str) -> None:
    keys = keys_of(text)
    assert "王建中" in keys
    assert "日本银行" in keys
