"""Converting whole articles for display, offset map included.

Prints the median CPU time (process time, as the machine is shared) to convert each
seed article, and a long text made of the seed articles repeated, with each display
configuration, beside the bare OpenCC conversion: the difference is the offset map.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from reader.conversion import convert, convert_plain

CONFIGS = ("s2t", "t2s", "s2twp", "s2hk")
ROUNDS = 7


def median_ms(action: object, text: str, config: str) -> float:
    timings = []
    for _ in range(ROUNDS):
        started = time.process_time()
        action(text, config)  # type: ignore[operator]
        timings.append((time.process_time() - started) * 1000)
    return statistics.median(timings)


def main() -> None:
    seeds = sorted(Path("corpus").glob("*.txt"))
    texts = {path.name: path.read_text(encoding="utf-8") for path in seeds}
    texts["all seeds x10"] = "\n".join(texts.values()) * 10
    for config in CONFIGS:
        convert(next(iter(texts.values())), config)  # load the dictionaries
    for name, text in texts.items():
        print(f"\n## {name} ({len(text):,} chars)")
        for config in CONFIGS:
            bare = median_ms(convert_plain, text, config)
            mapped = median_ms(convert, text, config)
            print(f"{config:>6}: convert+map {mapped:7.2f} ms, OpenCC alone {bare:6.2f} ms")


if __name__ == "__main__":
    main()
