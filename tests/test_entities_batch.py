"""Speed-ups of entity analysis that must change nothing: texts analysed together (as
a bulk analysis does) get what each gets alone, and the shortcut before the
description rule's jieba cut never changes its answer."""

from __future__ import annotations

import random
from pathlib import Path

import jieba

from reader.entities import descriptions
from reader.entities.analysis import analyse_text, analyse_texts
from reader.entities.rules import ORGANISATION_WORDS
from reader.entities.words import word_tags
from reader.folding import fold_text

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "tests" / "gold").rglob("*.txt")) + sorted(
    (ROOT / "corpus").glob("*.txt")
)


def _sentences(texts: list[str]) -> list[str]:
    found = []
    for text in texts:
        found.extend(part + "。" for part in text.split("。") if part.strip())
    return found


def test_texts_analysed_together_get_what_each_gets_alone() -> None:
    """Articles and sentences, in both scripts, mixed in batches of every size up to 20
    (short texts are tagged in one pass, articles alone)."""
    articles = [path.read_text(encoding="utf-8") for path in ARTICLES]
    assert len(articles) >= 12
    rng = random.Random(3)
    sentences = rng.sample(_sentences(articles), 150)
    flipped = [fold_text(text) for text in rng.sample(sentences, 30)]
    texts = articles[::3] + sentences + flipped + ["", "。"]
    rng.shuffle(texts)
    start = 0
    batches = 0
    while start < len(texts):
        size = rng.randint(1, 20)
        batch = texts[start : start + size]
        assert analyse_texts(batch) == [analyse_text(text) for text in batch]
        start += size
        batches += 1
    assert batches > 10


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
