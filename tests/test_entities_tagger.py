"""The CRF name tagger: its features are the names the shipped model was trained on,
and it finds names in a sentence it never saw."""

from __future__ import annotations

import pytest

from reader.entities.cutting import entity_tokenizer
from reader.entities.kinds import EntityKind
from reader.entities.tagger import features, name_spans


def _cut(text: str) -> list[str]:
    return list(entity_tokenizer().cut(text, HMM=True))


def test_features_are_the_templates_in_utf8() -> None:
    text = "在保安局"
    rows = features(text, ["在", "保安局"])
    assert len(rows) == len(text)
    assert rows[1][:5] == tuple(name.encode() for name in ("B在", "C保", "D安", "F在保", "G保安"))
    assert rows[0][0] == b"B\x02" and rows[-1][2] == b"D\x03"
    assert [row[5][:2] for row in rows] == [b"IS", b"IB", b"IM", b"IE"]
    assert rows[-1][5].endswith("局".encode())


def test_characters_outside_the_basic_plane_and_latin_are_features() -> None:
    text = "𠮷野家A1"
    rows = features(text, _cut(text))
    assert len(rows) == len(text)
    assert rows[0][1] == "C𠮷".encode()


def test_the_tagger_finds_an_organisation_and_a_person() -> None:
    text = "香港保安局局长邓炳强昨日表示，消防处正调查火警原因。"
    spans = name_spans(text, _cut(text), frozenset(), lambda start, end: False)
    found = {text[start:end]: kind for start, end, kind in spans}
    assert found.get("香港保安局") is EntityKind.ORGANISATION
    assert found.get("邓炳强") is EntityKind.PERSON


def test_an_empty_text_has_no_spans() -> None:
    assert name_spans("", [], frozenset(), lambda start, end: False) == []


def test_a_window_gives_a_long_texts_marginals() -> None:
    """Marginals over a window around a span are those over the whole article."""
    from pathlib import Path

    from reader.entities.tagger import MARGIN_CONTEXT, _sure, _tagger, labels_to_spans
    from reader.folding import fold_text

    folder = Path(__file__).parent / "gold" / "landslide"
    text = fold_text(min(folder.glob("*.txt")).read_text(encoding="utf-8"))
    assert len(text) > 4 * MARGIN_CONTEXT
    xseq = features(text, _cut(text))
    tagger = _tagger()
    labels = tagger.tag(xseq)
    spans = [range(start, end) for start, end, _ in labels_to_spans(labels)]
    far = [span for span in spans if MARGIN_CONTEXT < span.start < len(text) - MARGIN_CONTEXT]
    assert far
    for span in far:
        tagger.set(xseq)
        whole = [tagger.marginal(labels[i], i) for i in span]
        left = span.start - MARGIN_CONTEXT
        tagger.set(xseq[left : span.stop + MARGIN_CONTEXT])
        window = [tagger.marginal(labels[i], i - left) for i in span]
        assert window == pytest.approx(whole, abs=0.01)
        assert _sure(tagger, xseq, labels, span) == (min(whole) >= 0.7)


def test_labels_become_spans_only_when_well_formed() -> None:
    from reader.entities.tagger import labels_to_spans

    labels = ["B-P", "I-P", "E-P", "O", "S-L", "B-O", "O", "E-O", "B-O", "E-L", "B-O", "E-O"]
    assert labels_to_spans(labels) == [
        (0, 3, EntityKind.PERSON),
        (4, 5, EntityKind.PLACE),
        (10, 12, EntityKind.ORGANISATION),
    ]
    assert labels_to_spans(["O", "O"]) == [] and labels_to_spans([]) == []
    assert labels_to_spans(["E-P", "B-L", "I-L", "E-L"]) == [(1, 4, EntityKind.PLACE)]
