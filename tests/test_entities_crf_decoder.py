"""The numpy decoder of the name tagger gives CRFsuite's labels: the same emission
scores, the same Viterbi steps and tie-breaks, sentence by sentence, on real and random
texts; its marginals agree with CRFsuite's; and the tagger's two decoders agree."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from reader.entities import crf_decoder, tagger
from reader.entities.cutting import entity_tokenizer
from reader.folding import fold

ROOT = Path(__file__).resolve().parent.parent
STORIES = sorted((ROOT / "tests" / "gold").rglob("*.txt")) + sorted((ROOT / "corpus").glob("*.txt"))


def _cluener(limit: int) -> list[str]:
    for folder in ROOT.parents:
        path = folder / "shared" / "data" / "cluener2020" / "train.json"
        if path.is_file():
            lines = path.read_text(encoding="utf-8").splitlines()[:limit]
            return [json.loads(line)["text"] for line in lines]
    return []


def _texts() -> list[str]:
    texts = [fold(path.read_text(encoding="utf-8")).text for path in STORIES]
    rng = random.Random(12)
    pool = "".join(texts) + "。！？\n“”「」（）《》·,.!?AZaz09\x02\x03𠀀𪚥"
    texts += ["".join(rng.choice(pool) for _ in range(rng.randint(1, 300))) for _ in range(150)]
    texts += ["。", "\n\n", "张三。", "。李四", "！？”", "a"]
    return texts + _cluener(400)


def _crfsuite_labels(text: str, tokens: list[str]) -> list[str]:
    model = tagger._tagger()
    xseq = tagger.features(text, tokens)
    labels: list[str] = []
    for start, keep, end in crf_decoder.chunk_bounds(text):
        labels.extend(model.tag(xseq[start:end])[keep - start :])
    return labels


def test_the_shipped_model_is_read_whole() -> None:
    """Every weight of the model file, each where the features look it up; CRFsuite's
    own dump of the model prints them to six decimals."""
    assert len(STORIES) >= 12
    tables = tagger._tables()
    model = tagger._tagger()
    assert tables.labels == tuple(model.labels())
    info = model.info()
    column = {label: index for index, label in enumerate(tables.labels)}
    for (source, target), weight in info.transitions.items():
        assert abs(tables.transitions[column[source], column[target]] - weight) < 1e-6
    assert (tables.transitions != 0).sum() == len(info.transitions)
    characters = {"B": tables.previous, "C": tables.current, "D": tables.following}
    bigrams = {"F": (tables.before_keys, tables.before), "G": (tables.after_keys, tables.after)}
    for (attribute, label), weight in info.state_features.items():
        if attribute[0] in characters:
            row = tables.char_rows[ord(attribute[1])]
            found = characters[attribute[0]][row, column[label]]
        elif attribute[0] in bigrams:
            keys, table = bigrams[attribute[0]]
            key = ord(attribute[1]) * 0x110000 + ord(attribute[2])
            found = table[keys.searchsorted(key), column[label]]
        else:
            found = tables.word[tables.word_rows[attribute], column[label]]
        assert abs(found - weight) < 1e-6, attribute
    stored = sum(int((table[:-1] != 0).sum()) for table in (*characters.values(), tables.word))
    stored += sum(int((table[:-1] != 0).sum()) for _, table in bigrams.values())
    assert stored == len(info.state_features)


def test_numpy_labels_are_crfsuites_sentence_by_sentence() -> None:
    tables = tagger._tables()
    cut = entity_tokenizer()
    checked = 0
    for text in _texts():
        tokens = list(cut.cut(text, HMM=True))
        scores = crf_decoder.emissions(tables, text, tagger._word_rows, tokens)
        ids = crf_decoder.viterbi(tables, scores, crf_decoder.chunk_bounds(text))
        assert [tables.labels[i] for i in ids] == _crfsuite_labels(text, tokens), text[:40]
        checked += len(text)
    assert checked > 20_000


def test_marginals_agree_with_crfsuite() -> None:
    tables = tagger._tables()
    model = tagger._tagger()
    cut = entity_tokenizer()
    for text in _texts()[:40]:
        tokens = list(cut.cut(text, HMM=True))
        scores = crf_decoder.emissions(tables, text, tagger._word_rows, tokens)
        xseq = tagger.features(text, tokens)
        for start, _, end in crf_decoder.chunk_bounds(text)[:4]:
            probabilities = crf_decoder.marginals(tables, scores[start:end])
            model.set(xseq[start:end])
            for position in range(end - start):
                for column, label in enumerate(tables.labels):
                    expected = model.marginal(label, position)
                    assert abs(probabilities[position, column] - expected) < 1e-9


def test_both_decoders_of_the_tagger_agree() -> None:
    cut = entity_tokenizer()
    for text in _texts()[:60]:
        tokens = list(cut.cut(text, HMM=True))
        by_numpy, numpy_sure = tagger.decode(text, tokens, use_numpy=True)
        by_crfsuite, crfsuite_sure = tagger.decode(text, tokens, use_numpy=False)
        assert by_numpy == by_crfsuite
        for start, end, _ in tagger.labels_to_spans(by_numpy):
            assert numpy_sure(start, end) == crfsuite_sure(start, end)


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("", []),
        ("今天下雨。", ["今天下雨。"]),
        ("他说：“走吧。”她笑了！好？\n\n下段", ["他说：“走吧。”", "她笑了！", "好？\n\n", "下段"]),
        ("没有句号", ["没有句号"]),
    ],
)
def test_texts_are_decoded_by_sentence(text: str, pieces: list[str]) -> None:
    bounds = crf_decoder.chunk_bounds(text)
    assert [text[keep:end] for _, keep, end in bounds] == pieces
    # each piece after the first is decoded from the punctuation that ended the last
    assert all(start == max(keep - 1, 0) for start, keep, _ in bounds)
