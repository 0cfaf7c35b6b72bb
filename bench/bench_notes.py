"""Figures for notes in lists: rendering 500 rows' note excerpts (Markdown) and wrapping rows.

    python -m bench.bench_notes

The all-annotations view (M) redraws up to 500 rows on each keystroke of a filter; a
row's note excerpt is Markdown rendered to styled text (reader.tui.note_markdown) and
the row is wrapped by the reading view's rules (reader.tui.wrapped_text). First
render (nothing cached) and again (the per-note cache), plain notes and Markdown
ones, and wrapping rows (new, and again from the layout cache); median of 5 runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from textual.content import Content

from reader.tui.note_markdown import note_content, note_excerpt
from reader.tui.wrapped_text import Wrapped, wrap_content

ROWS = 500
PLAIN = [f"第{i}条：马斯克团队的说法，需要核实，以及发布会的直播内容。" for i in range(ROWS)]
MARKDOWN = [
    f"第{i}条：这是**重点**，见 [来源](https://example.com/{i}) 和 `代码`。\n\n- 一\n- 二"
    for i in range(ROWS)
]


def median_ms(work: Callable[[], object], setup: Callable[[], object] = lambda: None) -> float:
    times = []
    for _ in range(5):
        setup()
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def clear() -> None:
    note_excerpt.cache_clear()
    note_content.cache_clear()


def main() -> None:
    print(f"{ROWS} rows; median of 5 runs")
    for name, notes in (("plain", PLAIN), ("markdown", MARKDOWN)):
        first = median_ms(lambda notes=notes: [note_excerpt(n, 60) for n in notes], clear)
        again = median_ms(lambda notes=notes: [note_excerpt(n, 60) for n in notes])
        full = median_ms(lambda notes=notes: [note_content(n) for n in notes], clear)
        print(f"{name:>9}  excerpts first {first:7.1f} ms  cached {again:6.2f} ms")
        print(f"{name:>9}  whole notes (review card) {full / ROWS:6.3f} ms a note")
    rows = [Content(text * 3) for text in PLAIN]
    wrapped = median_ms(lambda: [wrap_content(row, 40, hang=2) for row in rows])
    print(f"     wrap  {ROWS} rows at 40 cells {wrapped:7.1f} ms")
    again = median_ms(lambda: [Wrapped(row).lines(40) for row in rows])
    print(f"     wrap  the same rows again (a filter keystroke) {again:7.1f} ms")


if __name__ == "__main__":
    main()
