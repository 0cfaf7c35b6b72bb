"""A city the corpus writes before its offices and on its own (灏江大学, 灏江 +
食品安全及卫生局, 灏江近十年) is a place; a company group's brand, or a unit before an
office, is not."""

from __future__ import annotations

from reader.entities.prefix_places import prefix_places


def test_a_city_before_several_offices_and_on_its_own_is_a_place() -> None:
    texts = [
        "灏江大学教授认为立法方向正确。",
        "灏江食品安全及卫生局局长宣布立法，这是灏江近十年最严重的事件。",
    ]
    assert prefix_places(texts, ["灏江大学", "食品安全及卫生局"]) == {"灏江": 1}


def test_a_brand_a_unit_or_a_city_never_written_alone_is_no_place() -> None:
    group = ["鼎沣控股集团的总部", "鼎沣物流有限公司的仓库", "鼎沣的股票"]
    assert prefix_places(group, ["鼎沣控股集团", "鼎沣物流有限公司"]) == {}
    units = ["市住建委表示", "市住保办回应", "市住房保障办公室"]
    assert prefix_places(units, ["市住建委", "市住保办"]) == {}
    never = ["灏江大学教授说", "灏江食品安全及卫生局局长说"]
    assert prefix_places(never, ["灏江大学", "食品安全及卫生局"]) == {}
