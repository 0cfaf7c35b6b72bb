"""Shapes of names a fourth story showed cut or refused (tests/gold/food_outbreak):
an office whose remit is joined by 及, a district jieba cuts 芦/岸区, an office always
written before its head's title, and an adverb the tagger glues to a person."""

from __future__ import annotations

from reader.entities.cues import EntityKind, _suffix_kind, is_name_shape
from reader.entities.discovery import discover
from reader.entities.extract import extract


def test_and_joins_one_offices_remit_but_not_two_names() -> None:
    assert is_name_shape("食品安全及卫生局")
    assert is_name_shape("商务及经济发展局")
    assert not is_name_shape("卫生防护署及食物安全检测中心")
    assert not is_name_shape("石涧区及芦岸区")


def test_a_district_jieba_cuts_before_its_unit_is_a_place() -> None:
    assert _suffix_kind("芦岸区") is EntityKind.PLACE
    assert _suffix_kind("溢洪道") is None  # a rare word for a kind of place
    assert _suffix_kind("当地卫生局") is None  # a kind of office


def test_an_office_written_before_its_heads_title_is_discovered() -> None:
    texts = [
        "食品安全及卫生局局长邝明轩到医院探望。",
        "灏江食品安全及卫生局局长邝明轩昨日宣布立法。",
        "天气晴朗，市民外出。",
    ]
    assert "食品安全及卫生局" in discover(texts).names


def test_an_adverb_after_a_name_is_not_part_of_it() -> None:
    found = [c.surface for c in extract("佳惠超市發言人蔡佩欣則表示，超市會檢討供應商。")]
    assert "蔡佩欣" in found
    assert "蔡佩欣則" not in found


def test_a_person_addressed_by_surname_a_verb_and_an_office_make_no_name() -> None:
    found = [c.surface for c in extract("患者家屬黃太在醫院外說，黃太希望政府追究責任。")]
    assert not any(surface.startswith("黃太") for surface in found)


def test_a_supermarket_chain_and_a_testing_centre_are_organisations() -> None:
    found = {
        c.surface: c.kind
        for c in extract(
            "佳惠超市今日宣布回收產品。灝江食物安全檢測中心（下稱食檢中心）昨日公布結果。"
        )
    }
    assert found.get("佳惠超市") is EntityKind.ORGANISATION
    assert found.get("食物安全檢測中心") is EntityKind.ORGANISATION


def test_a_department_of_an_organisation_is_no_name_of_its_own() -> None:
    from reader.entities.offices import reads_as_name_or_office

    assert not reads_as_name_or_office("靖安医院急症科", ["organisation"], branched=True)
    assert reads_as_name_or_office("靖安医院急症科", ["organisation"])
    # a place and its office (美国 + 联邦调查局) stays one name
    assert reads_as_name_or_office("美国联邦调查局", ["place", "organisation"])
