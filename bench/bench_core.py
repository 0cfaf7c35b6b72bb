"""Foundation figures: import throughput, search latency, DB size, CLI wall time.

    python -m bench.bench_core [--sizes 1000 10000]

Prints medians (and p95 for search); the machine is noisy, so compare ratios and run
twice before believing a change. Import runs without entity analysis.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.corpus_generator import generate
from reader.importer import import_paths
from reader.search import search, search_articles
from reader.store.database import open_database

QUERIES = [
    "马斯克",
    "馬斯克",
    "英伟达",
    "Grok 3",
    "gpt-4o",
    "硅谷",
    "增长达到",
    "人工智能",
    "数据中心",
    "訓練",
    "发",
    "AI",
    "不存在的词语",
    "DeepSeek",
    "o1-pro",
    "模型",
]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def bench_size(count: int, workdir: Path) -> None:
    corpus = workdir / f"corpus_{count}"
    paths = generate(corpus, count)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
    db_path = workdir / f"bench_{count}.db"
    db = open_database(db_path)
    started = time.perf_counter()
    report = import_paths(db, [corpus])
    elapsed = time.perf_counter() - started
    assert len(report.imported) == count, report.summary()
    print(f"\n## {count} articles ({chars / count:,.0f} chars each on average)")
    print(
        f"import: {elapsed:.2f} s, {count / elapsed:,.0f} articles/s, "
        f"{chars / elapsed:,.0f} chars/s"
    )

    started = time.perf_counter()
    again = import_paths(db, [corpus])
    print(
        f"re-import unchanged: {time.perf_counter() - started:.2f} s "
        f"({len(again.unchanged)} no-ops)"
    )

    timings: list[float] = []
    for _round in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            search(db, query, limit=50)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"search (limit 50, {len(timings)} queries): median {statistics.median(timings):.2f} ms, "
        f"p95 {percentile(timings, 0.95):.2f} ms, max {max(timings):.2f} ms"
    )
    timings = []
    for _round in range(5):
        for query in QUERIES:
            started = time.perf_counter()
            search_articles(db, query, article_limit=50)
            timings.append((time.perf_counter() - started) * 1000)
    print(
        f"search by articles (50 listed, every matching article counted, {len(timings)} queries): "
        f"median {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, "
        f"max {max(timings):.2f} ms"
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size = db_path.stat().st_size
    print(f"db size: {size / 1e6:,.1f} MB ({size / chars:.1f} bytes per character)")
    db.conn.close()

    for command in (["list"], ["show", "1"], ["search", "马斯克"]):
        walls = []
        for _ in range(5):
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "reader", "--db", str(db_path), *command],
                check=True,
                stdout=subprocess.DEVNULL,
            )
            walls.append(time.perf_counter() - started)
        print(f"reader {' '.join(command)}: median {statistics.median(walls):.3f} s wall")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    print(
        f"# reader core bench — {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as folder:
        for count in args.sizes:
            bench_size(count, Path(folder))


if __name__ == "__main__":
    main()
