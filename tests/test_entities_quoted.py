"""Brands and apps a corpus quotes (「雪滿堂」水餃, “食安通”应用程序) are products; a
phrase quoted as a phrase, or a name quoted once, is not."""

from __future__ import annotations

from reader.entities.cues import _suffix_kind
from reader.entities.discovery import discover
from reader.entities.kinds import EntityKind
from reader.entities.quoted import quoted_products
from reader.folding import fold_text

TEXTS = [
    "同一品牌的急冻水饺「雪满堂」在超市有售。顾客可用“食安通”应用程序扫描条码。",
    "超市回收“雪满堂”品牌的所有水饺，市民可下载「食安通」查询。",
    "政府推行「一国两制」，官员称「清风行动」成效显著。",
    "官员再谈“一国两制”与「清风行动」，并提到「晨曦」牌。",
]


def test_a_quoted_name_beside_a_word_for_a_product_is_a_product() -> None:
    found = quoted_products(fold_text(text) for text in TEXTS)
    assert set(found) == {"雪满堂", "食安通"}


def test_discovery_names_quoted_products_with_their_kind() -> None:
    names = discover(fold_text(text) for text in TEXTS).names
    assert names["雪满堂"].kind is EntityKind.PRODUCT
    assert names["食安通"].kind is EntityKind.PRODUCT


def test_a_determiner_before_a_suffix_makes_no_name() -> None:
    assert _suffix_kind("部分银行") is None
    assert _suffix_kind("汇岭银行") is EntityKind.ORGANISATION
