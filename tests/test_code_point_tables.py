"""Long texts are folded and classified as arrays of code points: the array path must
give exactly what ``str.translate`` gives, whatever the text holds."""

from __future__ import annotations

import random

import pytest

from reader.code_point_tables import LONG_TEXT
from reader.conversion import Script, _script_marks, detect_script, script_counts
from reader.folding import _fold_table, _lower_in_place, fold_text

#: Characters of every kind the two paths could treat differently: traditional and
#: simplified Han, Hong Kong forms, full-width and cased Latin (İ lowers to two
#: characters), astral Han past the table's end, emoji, a lone surrogate, controls,
#: the private-use marks script detection uses itself.
ALPHABET = (
    "馬斯克马斯克衞卫臺台灣湾裏裡里著着的了 ，。"
    "ＡＢＣａｂｃ　ABCabcİẞΣσς"
    "\U00020000\U0003134f\U00031350\U0001f600"
    "\udc80\x00\x1b\n\ue000\ue001"
)


def _random_texts(count: int) -> list[str]:
    rng = random.Random(20261203)
    texts = [""]
    for _ in range(count):
        length = rng.choice([LONG_TEXT - 1, LONG_TEXT, LONG_TEXT + 1, 700, 3000])
        texts.append("".join(rng.choice(ALPHABET) for _ in range(length)))
    return texts


@pytest.mark.parametrize("text", _random_texts(40))
def test_long_fold_equals_translate(text: str) -> None:
    assert fold_text(text) == _lower_in_place(text.translate(_fold_table()))


def test_long_fold_keeps_length_and_folds_script_width_and_case() -> None:
    text = "馬斯克ＧＰＴ衞生署" * 40
    folded = fold_text(text)
    assert len(folded) == len(text)
    assert folded == "马斯克gpt卫生署" * 40


@pytest.mark.parametrize("text", _random_texts(20))
def test_long_script_counts_equal_translate(text: str) -> None:
    marked = text.translate(_script_marks())
    assert script_counts(text) == (
        marked.count("\ue000") - text.count("\ue000"),
        marked.count("\ue001") - text.count("\ue001"),
    )


@pytest.mark.parametrize(
    ("piece", "script"),
    [("國際機場的航班", Script.TRADITIONAL), ("国际机场的航班", Script.SIMPLIFIED)],
)
def test_long_text_script_detected(piece: str, script: Script) -> None:
    text = piece * (LONG_TEXT // len(piece) + 1)
    assert len(text) >= LONG_TEXT
    assert detect_script(text) is script
    assert detect_script(text + "国際" * 5) is script
