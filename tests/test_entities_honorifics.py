"""Forms of address that must not attach to a full name: familiar forms (李太, 黃伯伯)
never, polite forms (羅先生) not to a name the corpus writes in several articles unless
the article introduces them, and a surname with a form that is a word (吴哥) is the word."""

from __future__ import annotations

import pytest
from store_helpers import add_article

from reader.conversion import TO_TRADITIONAL, convert_plain
from reader.entities.analysis import analyze_pending
from reader.entities.extract import extract
from reader.store import entities as entity_store


def both_scripts(text: str) -> list[str]:
    return [text, convert_plain(text, TO_TRADITIONAL)]


def keys_of(text: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for candidate in extract(text):
        found.setdefault(candidate.surface, set()).add(candidate.key)
    return found


@pytest.mark.parametrize(
    "text", both_scripts("林小华宣布调查。居民林伯伯说很害怕，林太太表示担心，林师傅也在场。")
)
def test_a_familiar_form_of_address_refers_to_no_full_name(text: str) -> None:
    found = extract(text)
    assert [c.surface for c in found] == [text[:3]]


@pytest.mark.parametrize("text", both_scripts("他们去了吴哥旅行。吴琦表示很开心。"))
def test_a_surname_and_form_that_make_a_word_are_the_word(text: str) -> None:
    keys = keys_of(text)
    assert keys[text[4:6]] == {"吴哥"}
    assert keys[text[9:11]] == {"吴琦"}


def _story(db, script: str) -> tuple[int, int]:
    """Three articles on 林小华 (a name the corpus writes in several articles); one
    quotes a resident 林先生 a sentence later, one introduces 林先生 as him."""
    texts = [
        "林小华今日宣布成立调查委员会。居民林先生表示，希望政府尽快交代事件。",
        "林小华昨日视察灾区。林小华表示，林先生的意见会跟进。",
        "林小华出席记者会，回应传媒提问。",
    ]
    ids = [
        add_article(db, convert_plain(text, script) if script else text, path=f"/s/{n}.txt")
        for n, text in enumerate(texts)
    ]
    analyze_pending(db, processes=1)
    return ids[0], ids[1]


@pytest.mark.parametrize("script", ["", TO_TRADITIONAL])
def test_a_polite_form_is_no_alias_of_a_name_the_corpus_writes_often(db, script: str) -> None:
    resident, introduced = _story(db, script)
    lam = entity_store.find_entity(db, "林小華")
    assert lam is not None and lam.articles == 3
    mister = convert_plain("林先生", script) if script else "林先生"
    forms = {(m.article_id, m.surface) for m in entity_store.mentions(db, lam.id)}
    assert (resident, mister) not in forms
    assert (introduced, mister) in forms
