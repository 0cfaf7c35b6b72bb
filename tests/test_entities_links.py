"""Links inside an article and across a corpus, and mentions that are no names: small
texts in both scripts with invented names, real jieba, OpenCC and SQLite."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import add_article

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain
from reader.entities.analysis import analyze_pending
from reader.entities.extract import Candidate, extract
from reader.store import entities as entity_store
from reader.store.database import open_database


def both_scripts(text: str) -> list[str]:
    return [convert_plain(text, TO_TRADITIONAL), convert_plain(text, TO_SIMPLIFIED)]


def by_surface(found: list[Candidate]) -> dict[str, set[str]]:
    keys: dict[str, set[str]] = {}
    for candidate in found:
        keys.setdefault(convert_plain(candidate.surface, TO_SIMPLIFIED), set()).add(candidate.key)
    return keys


# ---------------------------------------------------------------- glosses


@pytest.mark.parametrize(
    "text", both_scripts("Lumora（香港）捐出一千万元，林小华（香港）也捐款。香港市民支持。")
)
def test_a_place_in_brackets_qualifies_and_glosses_nothing(text: str) -> None:
    keys = by_surface(extract(text))
    assert keys["香港"] == {"香港"}
    assert keys["Lumora"] == {"lumora"}


@pytest.mark.parametrize("text", both_scripts("中国（香港）公司。香港（Hong Kong）是国际城市。"))
def test_glosses_do_not_chain_through_the_article(text: str) -> None:
    keys = by_surface(extract(text))
    assert keys["香港"] == {"香港"} and keys["中国"] == {"中国"}
    assert keys["Hong Kong"] == {"香港"}


@pytest.mark.parametrize("text", both_scripts("杰克·泰勒（Jack Taylor）说，Jack Taylor 很忙。"))
def test_a_gloss_binds_only_the_occurrence_it_glosses(text: str) -> None:
    glossed, later = [c for c in extract(text) if c.surface == "Jack Taylor"]
    assert glossed.key == normalised("杰克泰勒")
    assert later.key == "jacktaylor"


def normalised(name: str) -> str:
    from reader.entities.linking import normalise_key

    return normalise_key(name)


# ---------------------------------------------------------------- abbreviations


@pytest.mark.parametrize(
    ("text", "short", "long"),
    [
        (
            "警方联同海滨发展委员会（下称「海发会」）调查。海发会表示欢迎。",
            "海发会",
            "海滨发展委员会",
        ),
        ("青山环保协会，简称青环会。青环会指出，空气变差。", "青环会", "青山环保协会"),
        ("海滨发展委员会（海发会）今日开会。海发会主席称。", "海发会", "海滨发展委员会"),
        ("澳门特区政府（下称特区政府）宣布，特区政府会成立委员会。", "特区政府", "澳门特区政府"),
    ],
)
def test_a_declared_abbreviation_is_the_long_form_everywhere_in_the_article(
    text: str, short: str, long: str
) -> None:
    for written in both_scripts(text):
        found = extract(written)
        keys = by_surface(found)
        assert keys[short] == {long} and keys[long] == {long}, written
        shorts = [c for c in found if convert_plain(c.surface, TO_SIMPLIFIED) == short]
        assert len(shorts) == 2 and all(c.declared for c in shorts), written


@pytest.mark.parametrize(
    "text",
    both_scripts(
        "Lumora Holdings Limited，简称Lumora，今日公布业绩。Lumora股价上升。"
        "Zentrix Global（以下简称「Zentrix」）表示，Zentrix会增聘人手。"
        "澳门特区政府，简称MSARG，宣布新措施，MSARG表示欢迎。"
    ),
)
def test_a_latin_short_form_can_be_declared_too(text: str) -> None:
    keys = by_surface(extract(text))
    assert keys["Lumora"] == {"lumoraholdingslimited"}
    assert keys["Zentrix"] == {"zentrixglobal"}
    assert keys["MSARG"] == {"澳门特区政府"}


@pytest.mark.parametrize(
    "text",
    both_scripts("政府推出资助计划（下称「计划」）。香港大学（香港）研究。林小华（大意）说。"),
)
def test_brackets_that_declare_no_abbreviation_link_nothing(text: str) -> None:
    found = extract(text)
    assert not any(c.declared for c in found)
    assert by_surface(found).get("香港", {"香港"}) == {"香港"}


# ---------------------------------------------------------------- honorifics


@pytest.mark.parametrize(
    "text",
    both_scripts(
        "林小华表示不满。林先生说，事件令人担心。陈先生和王女士也在场，Mr Chan 沉默。"
        "马斯克没有回应，马先生则拒绝评论。Ms. Lam 与 Dr. Ho 离开，Peter Tse 和 Mr. Tse 留下。"
    ),
)
def test_a_surname_with_an_honorific_is_the_one_full_name_or_nothing(text: str) -> None:
    keys = by_surface(extract(text))
    assert keys["林先生"] == keys["林小华"] == {"林小华"}
    assert not {"陈先生", "王女士", "Mr Chan", "Chan", "马先生", "Ms", "Lam", "Dr", "Ho"} & set(
        keys
    )
    assert keys["Tse"] == {"petertse"}


# ---------------------------------------------------------------- debris


@pytest.mark.parametrize(
    "text",
    both_scripts(
        "【东湖新闻台】林小华今日到访。\n本报记者陈大明报道\n责任编辑：王小丽\n来源：东湖日报\n"
        "编辑：李四海\n（记者 张三丰）马斯克表示支持。（东湖电视台记者 赵六一）"
    ),
)
def test_credit_lines_are_debris(text: str) -> None:
    surfaces = set(by_surface(extract(text)))
    assert "马斯克" in surfaces
    assert (
        not {"新闻台", "东湖新闻台", "陈大明", "王小丽", "东湖日报", "李四海", "张三丰", "赵六一"}
        & surfaces
    )


def test_latin_page_furniture_is_no_entity() -> None:
    text = (
        "Home News Sport Business\n"
        "Share Facebook Twitter WhatsApp\n"
        "分享 Facebook Twitter WhatsApp Telegram\n"
        "Read more\n"
        "Lumora 今日发布新手机，林小华出席。\n"
        "Copyright © 2025 Lumora. All rights reserved.\n"
    )
    for written in both_scripts(text):
        surfaces = {c.surface for c in extract(written)}
        assert "Lumora" in surfaces
        assert not {s for s in surfaces if s.isascii()} - {"Lumora"}, surfaces
        lumora = [c for c in extract(written) if c.surface == "Lumora"]
        assert len(lumora) == 2  # the copyright line names it too, and the body does


# ---------------------------------------------------------------- across the corpus


@pytest.fixture
def db(tmp_path: Path):
    database = open_database(tmp_path / "links.db")
    yield database
    database.conn.close()


def test_a_declared_abbreviation_links_other_articles_whichever_comes_first(db) -> None:
    later = add_article(db, "海濱發展委員會（下稱海發會）今日開會。", path="/c/declares.txt")
    analyze_pending(db, processes=1)
    elsewhere = add_article(db, "海發會主席今日表示，會繼續跟進。", path="/c/elsewhere.txt")
    analyze_pending(db, processes=1)
    long = entity_store.find_entity(db, "海滨发展委员会")
    assert long is not None
    assert entity_store.find_entity(db, "海发会").id == long.id
    assert {a for a, _ in entity_store.describe(db, [long.id])[0].articles} == {later, elsewhere}

    # The other order: the short form is analysed first, then a text declares it.
    first = add_article(db, "東管局指出，空氣質素變差。", path="/c/first.txt")
    analyze_pending(db, processes=1)
    short = entity_store.find_entity(db, "东管局")
    assert short is not None
    declares = add_article(db, "东湖新区管理局，简称东管局，发表报告。", path="/c/second.txt")
    analyze_pending(db, processes=1)
    whole = entity_store.find_entity(db, "東湖新區管理局")
    assert whole is not None
    assert {m.article_id for m in entity_store.mentions(db, whole.id)} == {first, declares}

    # A declaration taken back unlinks the other articles again.
    add_article(db, "东湖新区管理局（东湖）发表报告。", path="/c/second.txt")
    analyze_pending(db, processes=1)
    assert first not in {m.article_id for m in entity_store.mentions(db, whole.id)}
    assert entity_store.find_entity(db, "東管局").id == short.id


def test_an_honorific_never_links_articles(db) -> None:
    for number in range(3):
        add_article(
            db, f"陳先生表示，第{number}宗事件令人擔心。王女士說不知情。", path=f"/c/{number}.txt"
        )
    add_article(db, "林小華表示不滿。林先生說會投訴。", path="/c/full.txt")
    analyze_pending(db, processes=1)
    assert entity_store.find_entity(db, "陳先生") is None
    assert entity_store.find_entity(db, "王女士") is None
    assert entity_store.list_entities(db, linked=True) == []
    lam = entity_store.find_entity(db, "林先生")
    assert lam is not None and lam.name == "林小華"


def test_flipping_every_articles_script_gives_the_same_entities_and_links(db) -> None:
    texts = [
        "【东湖新闻台】海滨发展委员会（下称海发会）今日开会。林小华表示不满，林先生说会投诉。",
        "海发会主席表示，陈先生的意见会跟进。Lumora（香港）捐款。\n责任编辑：王小丽",
        "Share Facebook Twitter\n杰克·泰勒（Jack Taylor）说，Lumora 平台上线。",
    ]
    pairs = []
    for number, text in enumerate(texts):
        simplified = add_article(db, text, path=f"/s/{number}.txt")
        flipped = convert_plain(text, TO_TRADITIONAL)
        pairs.append((simplified, add_article(db, flipped, path=f"/t/{number}.txt")))
    analyze_pending(db, processes=1)
    for simplified, traditional in pairs:
        ours = entity_store.entities_for_article(db, simplified)
        theirs = entity_store.entities_for_article(db, traditional)
        assert ours and [(e.id, e.kind, e.article_mentions) for e in ours] == [
            (e.id, e.kind, e.article_mentions) for e in theirs
        ]
        for entity in ours:
            spans = [(m.start, m.end) for m in entity_store.mentions(db, entity.id, [simplified])]
            assert spans == [
                (m.start, m.end) for m in entity_store.mentions(db, entity.id, [traditional])
            ]
    committee = entity_store.find_entity(db, "海濱發展委員會")
    assert committee is not None and committee.articles == 4


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("（東湖電視台記者 趙六一報道）他說。", "他說。"),
        ("【東湖新聞臺】他說。", "他說。"),
        ("本報記者林大海報道。他說。", "本報 。他說。"),
        ("責任編輯：王小麗", ""),
        ("（記者會上）他說。", "（記者會上）他說。"),
        ("【台灣】他說。", "【台灣】他說。"),
        ("圖片來源：東湖日報", "圖片來源：東湖日報"),
    ],
)
def test_credits_are_blanked_in_place_and_the_rest_kept(line: str, kept: str) -> None:
    from reader.entities.debris import mask_debris

    masked = mask_debris(line)
    assert len(masked) == len(line)
    assert " ".join(masked.split()) == " ".join(kept.split())
