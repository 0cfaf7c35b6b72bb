"""The reading view's highlight layers, without the widget."""

from __future__ import annotations

from rich.style import Style

from reader.conversion import OffsetMap
from reader.tui.widgets.highlight_layers import HighlightLayer, changed_spans, marked_segments

BOLD, RED = Style(bold=True), Style(color="red")


def layer(spans: list[tuple[int, int]], style: Style = BOLD, priority: int = 0) -> HighlightLayer:
    made = HighlightLayer(spans, style, priority)
    made.project(OffsetMap.identity(100))
    return made


def test_touching_finds_every_span_over_a_line_and_no_other() -> None:
    # a long span starting early must be found although later spans start nearer
    made = layer([(0, 50), (10, 12), (20, 22), (60, 70)])
    found = sorted((start, end) for start, end, _ in made.touching(19, 30))
    assert found == [(0, 50), (20, 22)]
    assert made.touching(50, 60) == []


def test_a_moved_end_repaints_only_the_difference() -> None:
    before, after = layer([(10, 20)]), layer([(10, 26)])
    assert changed_spans(before, after, small=10) == [(20, 26)]
    assert changed_spans(before, layer([(10, 20)], RED), small=10) == [(10, 20), (10, 20)]
    assert changed_spans(before, after, small=1) is None  # too many to work out


def test_a_line_is_cut_where_marks_begin_and_end_higher_priority_last() -> None:
    text = "abcdefghij"
    segments = marked_segments(text, 0, 10, Style(), [(2, 8, 1, RED), (4, 6, 0, BOLD)])
    assert [s.text for s in segments] == ["ab", "cd", "ef", "gh", "ij"]
    assert segments[2].style == BOLD + RED
    assert marked_segments(text, 3, 7, Style(), [])[0].text == "defg"
