"""The description rule's shortcut before its jieba cut never changes its answer."""

from __future__ import annotations

from pathlib import Path

import jieba

from reader.entities import descriptions
from reader.entities.rules import ORGANISATION_WORDS
from reader.entities.words import word_tags
from reader.folding import fold_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "gold").rglob("*.txt")) + sorted(
    (ROOT / "corpus").glob("*.txt")
)


def _class_of_bodies_by_jieba(key: str) -> bool:
    """The rule as written before the shortcut: jieba's cut of every key."""
    words = jieba.lcut(key, HMM=False)
    if len(words) != 2:
        return False
    head, noun = words
    tags = word_tags()
    return (
        noun not in ORGANISATION_WORDS
        and tags.get(noun) == "n"
        and descriptions._frequency(noun) >= descriptions.GENERIC_NOUN
        and tags.get(head) in ("v", "vn")
    )


def test_the_description_rules_shortcut_keeps_its_answers() -> None:
    """Every 2- to 6-character piece of the stories, and descriptions of bodies the
    rule is for: the same answer with and without the shortcut, some of them true."""
    text = fold_text("".join(path.read_text(encoding="utf-8") for path in ARTICLES))
    keys = {"监管机构", "执法部门", "管理机构", "监管部门"}
    keys |= {text[i : i + size] for size in range(2, 7) for i in range(0, len(text) - size, 7)}
    answers = {key: descriptions._class_of_bodies(key) for key in keys}
    assert answers == {key: _class_of_bodies_by_jieba(key) for key in keys}
    assert sum(answers.values()) >= 2
