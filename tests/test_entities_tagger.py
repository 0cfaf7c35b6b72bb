"""The CRF name tagger: its features are the names the shipped model was trained on,
it finds names in a sentence it never saw, and its labels become well-formed spans."""

from __future__ import annotations

from reader.entities.cutting import entity_tokenizer
from reader.entities.kinds import EntityKind
from reader.entities.tagger import features, name_spans


def _cut(text: str) -> list[str]:
    return list(entity_tokenizer().cut(text, HMM=True))


def test_features_are_the_templates_the_model_was_trained_on() -> None:
    text = "在保安局"
    rows = features(text, ["在", "保安局"])
    assert len(rows) == len(text)
    assert rows[1][:5] == ("B在", "C保", "D安", "F在保", "G保安")
    assert rows[0][0] == "B\x02" and rows[-1][2] == "D\x03"
    assert [row[5][:2] for row in rows] == ["IS", "IB", "IM", "IE"]
    assert rows[-1][5].endswith("局")


def test_the_tagger_finds_an_organisation_and_a_person() -> None:
    text = "香港保安局局长邓炳强昨日表示，消防处正调查火警原因。"
    spans = name_spans(text, _cut(text), frozenset(), lambda start, end: False)
    found = {text[start:end]: kind for start, end, kind in spans}
    assert found.get("香港保安局") is EntityKind.ORGANISATION
    assert found.get("邓炳强") is EntityKind.PERSON


def test_an_empty_text_has_no_spans() -> None:
    assert name_spans("", [], frozenset(), lambda start, end: False) == []


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
