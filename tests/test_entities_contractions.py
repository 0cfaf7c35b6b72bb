"""Undeclared contractions of an office (廉署 for 廉政公署, 卫防署 for 卫生防护署) are the
office; a contraction that is a word of its own (卫生署) or two offices share is not."""

from __future__ import annotations

from reader.entities.contractions import contractions, contractions_of


def test_the_contractions_of_an_office_keep_its_first_character_and_suffix() -> None:
    forms = contractions_of("卫生防护署")
    assert {"卫防署", "卫生署", "卫署"} <= forms
    assert "卫生防护署" not in forms
    assert "环卫处" in contractions_of("环境卫生处")
    assert "证监会" in contractions_of("证券监察委员会")
    assert contractions_of("石涧区") == set()  # a place, no office


def test_a_contraction_the_texts_write_is_linked_to_its_one_office() -> None:
    texts = ["卫防署表示个案增至六十三宗", "廉署拘捕两人", "廉署再拘一人", "卫生署发出指引"]
    found = contractions(texts, ["卫生防护署", "廉政公署"])
    assert found == {"卫防署": ("卫生防护署", 1), "廉署": ("廉政公署", 2)}


def test_a_contraction_two_offices_share_or_written_once_in_two_characters_is_not() -> None:
    texts = ["环署表示", "卫署回应"]
    assert contractions(texts, ["环境保护署", "环境卫生署", "卫生防护署"]) == {}
