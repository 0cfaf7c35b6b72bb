"""Figures for the control-character rule (reader.text_safety), on the way in and out.

    python -m bench.bench_text_safety

Clean text is the usual case and must cost one regex scan; hostile text (an escape
sequence every few characters) is the worst case. Prints the median of 5 runs.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from reader.text_safety import escape_json_controls, strip_controls, visible, visible_lines

SIZE = 1_000_000
CLEAN = ("马斯克周二表示，新模型将于下月发布。\n" * (SIZE // 19 + 1))[:SIZE]
HOSTILE = ("文\x1b[1m字\x1b]52;c;eA==\x07\r\n\u202e" * (SIZE // 20 + 1))[:SIZE]


def median_ms(work: Callable[[], object]) -> float:
    times = []
    for _ in range(5):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    print(f"{SIZE:,} characters; median of 5 runs")
    for name, text in (("clean", CLEAN), ("hostile", HOSTILE)):
        figures = {
            "strip_controls": median_ms(lambda text=text: strip_controls(text)),
            "strip_controls one_line": median_ms(
                lambda text=text: strip_controls(text, one_line=True)
            ),
            "visible": median_ms(lambda text=text: visible(text)),
            "visible_lines": median_ms(lambda text=text: visible_lines(text)),
            "escape_json_controls": median_ms(lambda text=text: escape_json_controls(text)),
        }
        for function, ms in figures.items():
            print(f"{name:>8}  {function:<24} {ms:8.2f} ms")


if __name__ == "__main__":
    main()
