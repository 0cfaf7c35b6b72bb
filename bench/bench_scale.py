"""Figures at scale: 10,000 and 100,000 synthetic articles (issue "a hundred thousand").

    python -m bench.bench_scale [--sizes 10000 100000] [--workdir DIR] [--runs 5]

For each size: import without entity analysis (articles/s), re-import of the unchanged
files, bytes on disk per character of clean text (WAL checkpointed), the first page
of the article list (and its query plan), search over a query mix (names in both
scripts, two- and one-character words, Latin, mixed script, absent) and over random
one- and two-character substrings of the corpus, first paint against a minimal
Textual app measured in the same run, and RSS.

The corpus is written by :mod:`bench.corpus_generator` (both scripts, the same eight
names recurring in every article, so an entity links across most of the corpus);
100,000 files take several minutes to write, so ``--workdir`` keeps corpora and
databases between runs (a corpus already complete is reused; a database is rebuilt).
Nothing here is a test. The machine is shared: compare medians and ratios.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_tui import StartCase, first_paints
from bench.corpus_generator import generate
from reader.importer import import_paths
from reader.search import search, search_articles
from reader.store.articles import count_articles, count_unread, list_articles
from reader.store.database import Database, open_database

#: The query mix: (kind, query).
QUERIES = [
    ("name", "马斯克"),
    ("name", "馬斯克"),
    ("name", "黄仁勋"),
    ("name", "扎克伯格"),
    ("two characters", "硅谷"),
    ("two characters", "訓練"),
    ("two characters", "模型"),
    ("one character", "发"),
    ("Latin", "Grok 3"),
    ("Latin", "gpt-4o"),
    ("Latin", "DeepSeek"),
    ("Latin", "AI"),
    ("mixed script", "H100芯片"),
    ("mixed script", "GPT-4o在"),
    ("phrase", "人工智能"),
    ("absent", "不存在的词语"),
]

FIRST_PAGE = 200


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def rss_mb() -> float:
    """This process's peak resident set so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def corpus_of(workdir: Path, count: int) -> Path:
    """The corpus of ``count`` articles, written unless a complete one is there."""
    folder = workdir / f"corpus_{count}"
    if folder.is_dir() and len(os.listdir(folder)) >= count:
        return folder
    for larger in sorted(workdir.glob("corpus_*")):
        # The generator is sequential: the first N articles of a larger corpus are
        # the corpus of N, so they are linked rather than written again.
        size = int(larger.name.removeprefix("corpus_"))
        if size > count and len(os.listdir(larger)) >= size:
            folder.mkdir(exist_ok=True)
            for index in range(count):
                name = f"article_{index:06d}.txt"
                if not (folder / name).exists():
                    os.link(larger / name, folder / name)
            return folder
    started = time.perf_counter()
    generate(folder, count)
    print(f"(wrote {count:,} articles in {time.perf_counter() - started:.0f} s)")
    return folder


#: CPU milliseconds of every call timed: on a loaded machine wall time mostly
#: measures the other processes, CPU time much less so.
CPU: list[float] = []


def timed_ms(call: object, runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        call()  # type: ignore[operator]
        timings.append((time.perf_counter() - started) * 1000)
        CPU.append((time.process_time() - cpu) * 1000)
    return timings


def describe_cpu(count: int) -> str:
    """The CPU figures of the last ``count`` calls timed."""
    cpu = CPU[-count:]
    return f"CPU median {statistics.median(cpu):.2f} ms, p95 {percentile(cpu, 0.95):.2f} ms"


def describe(timings: list[float]) -> str:
    return (
        f"median {statistics.median(timings):.2f} ms, p95 {percentile(timings, 0.95):.2f} ms, "
        f"max {max(timings):.2f} ms"
    )


def cpu_seconds() -> tuple[float, float]:
    """CPU seconds used so far by this process and by its ended children (the import's
    worker processes, once their pool is shut down)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def children_rss_mb() -> float:
    """The peak resident set of the largest child process so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def bench_import(db_path: Path, corpus: Path, count: int) -> None:
    for leftover in db_path.parent.glob(db_path.name + "*"):
        leftover.unlink()
    db = open_database(db_path)
    started, (own, children) = time.perf_counter(), cpu_seconds()
    report = import_paths(db, [corpus])
    elapsed = time.perf_counter() - started
    own_after, children_after = cpu_seconds()
    own, children = own_after - own, children_after - children
    cpu = own + children
    assert len(report.imported) == count, report.summary()
    chars = db.conn.execute("SELECT sum(chars) FROM article_versions").fetchone()[0]
    print(
        f"import (no analysis): {elapsed:.1f} s, {count / elapsed:,.0f} articles/s, "
        f"{chars / elapsed / 1e6:.2f} M chars/s; CPU {cpu:.1f} s ({own:.1f} this process, "
        f"{children:.1f} workers: {cpu / count * 1000:.2f} ms an article, "
        f"{count / cpu:,.0f} articles per CPU second, CPU/wall {cpu / elapsed:.2f}); "
        f"peak RSS {rss_mb():.0f} MB, a worker {children_rss_mb():.0f} MB"
    )
    started, cpu = time.perf_counter(), time.process_time()
    again = import_paths(db, [corpus])
    print(
        f"re-import unchanged: {time.perf_counter() - started:.2f} s wall, "
        f"{time.process_time() - cpu:.2f} s CPU ({len(again.unchanged):,} no-ops, "
        f"{again.files_read:,} files read); peak RSS {rss_mb():.0f} MB"
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def disk_figures(db_path: Path) -> None:
    """Size per character of clean text, and where the bytes are (SQLite's dbstat)."""
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    chars = conn.execute("SELECT sum(chars) FROM article_versions").fetchone()[0]
    size = db_path.stat().st_size + sum(
        p.stat().st_size for p in db_path.parent.glob(db_path.name + "-*")
    )
    print(
        f"database: {size / 1e6:,.0f} MB for {chars / 1e6:,.0f} M characters of clean text: "
        f"{size / chars:.2f} bytes per character"
    )
    try:
        rows = conn.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6"
        ).fetchall()
    except sqlite3.OperationalError:
        rows = []  # SQLite built without dbstat
    parts = ", ".join(f"{name} {pages / chars:.2f}" for name, pages in rows)
    if parts:
        print(f"  bytes per character by table/index: {parts}")
    conn.close()


def bench_reading(db_path: Path, runs: int) -> None:
    db = open_database(db_path, light=True)
    first = timed_ms(
        lambda: (list_articles(db, limit=FIRST_PAGE), count_articles(db), count_unread(db)),
        runs * 4,
    )
    print(
        f"first page of the list ({FIRST_PAGE} rows and the counts): {describe(first)}; "
        f"{describe_cpu(len(first))}"
    )
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    list_articles(db, limit=FIRST_PAGE)
    db.conn.set_trace_callback(None)
    query = next(sql for sql in statements if "ORDER BY" in sql)
    plan = db.conn.execute("EXPLAIN QUERY PLAN " + query).fetchall()
    print("  plan: " + "; ".join(row[-1] for row in plan))
    before = rss_mb()
    (whole,) = timed_ms(lambda: list_articles(db), 1)
    print(
        f"every summary (what the interface reads a frame after the first paint): "
        f"{whole:.0f} ms, peak RSS {before:.0f} -> {rss_mb():.0f} MB"
    )
    wall: dict[str, list[float]] = {"hits": [], "articles": []}
    cpu: dict[str, list[float]] = {"hits": [], "articles": []}
    by_kind: dict[str, list[float]] = {}
    for _round in range(runs):
        for kind, query in QUERIES:
            for name, call in (
                ("hits", lambda query=query: search(db, query, limit=50)),
                ("articles", lambda query=query: search_articles(db, query, article_limit=50)),
            ):
                wall[name] += timed_ms(call, 1)
                cpu[name].append(CPU[-1])
                by_kind.setdefault(f"{kind} ({name})", []).append(CPU[-1])
    for name, label in (
        ("hits", "search, first 50 hits"),
        ("articles", "search by articles, 50 listed and the rest counted"),
    ):
        CPU.extend(cpu[name])
        print(
            f"{label} ({len(wall[name])} queries): {describe(wall[name])}; "
            f"{describe_cpu(len(cpu[name]))}"
        )
    print("  CPU by kind of query:")
    for kind, timings in by_kind.items():
        print(f"    {kind}: median {statistics.median(timings):.2f} ms, max {max(timings):.2f} ms")
    bench_short_substrings(db)
    print(f"peak RSS of this process so far {rss_mb():.0f} MB")
    db.conn.close()


def bench_short_substrings(db: Database, samples: int = 150) -> None:
    """Listing 50 articles for one- and two-character substrings of random articles
    (the same ones each run): the short queries a reader types, common and rare,
    beyond the fixed mix."""
    rng = random.Random(7)
    (last,) = db.conn.execute("SELECT max(id) FROM articles").fetchone()
    queries = []
    for article_id in rng.sample(range(1, last + 1), min(samples, last)):
        row = db.conn.execute(
            "SELECT v.clean_text FROM articles a JOIN article_versions v "
            "ON v.id = a.current_version_id WHERE a.id = ?",
            (article_id,),
        ).fetchone()
        size = rng.choice((1, 2, 2))
        start = rng.randrange(0, max(1, len(row[0]) - 2)) if row else 0
        if row and row[0][start : start + size].strip():
            queries.append(row[0][start : start + size])
    for query in queries:
        timed_ms(lambda query=query: search_articles(db, query, article_limit=50), 1)
    print(
        f"search by articles, {len(queries)} random 1-2 character substrings: "
        f"{describe_cpu(len(queries))}, max {max(CPU[-len(queries) :]):.2f} ms"
    )


def bench_first_paint(db_path: Path, count: int, runs: int) -> None:
    empty = db_path.parent / "empty"
    empty.mkdir(exist_ok=True)
    cases = [
        StartCase("minimal Textual app", "minimal", db_path, empty),
        StartCase(f"reader, {count:,} articles", "reader", db_path, empty),
    ]
    figures = first_paints(cases, runs)
    minimal = figures[cases[0].label].seconds
    for case in cases:
        found = figures[case.label]
        seconds = statistics.median(found.seconds)
        paired = statistics.median(a / b for a, b in zip(found.seconds, minimal, strict=True))
        print(
            f"first paint, {case.label}: {seconds * 1000:.0f} ms (min "
            f"{min(found.seconds) * 1000:.0f}), ratio {seconds / statistics.median(minimal):.2f} "
            f"of medians, {paired:.2f} paired; RSS {statistics.median(found.rss):.0f} MB"
        )


def bench_analysis(workdir: Path, sample: int, sizes: list[int]) -> None:
    """Entity analysis of the first ``sample`` articles on every core, projected to
    each size (analysis is per article: its cost grows with the corpus, linking
    aside), and the same against ``jieba.cut`` over the same text on one core."""
    from reader.entities.analysis import analyze_pending
    from reader.entities.extract import entity_tokenizer, warm_up
    from reader.folding import fold_text

    corpus = corpus_of(workdir, sample)
    db_path = workdir / f"analysis_{sample}.db"
    for leftover in workdir.glob(db_path.name + "*"):
        leftover.unlink()
    db = open_database(db_path)
    import_paths(db, [corpus])
    texts = [row[0] for row in db.conn.execute("SELECT clean_text FROM article_versions")]
    warm_up()
    tokenizer = entity_tokenizer()
    cpu = time.process_time()
    for text in texts:
        list(tokenizer.cut(fold_text(text), HMM=True))
    cut_cpu = time.process_time() - cpu
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    report = analyze_pending(db)
    wall = time.perf_counter() - started
    after_own = resource.getrusage(resource.RUSAGE_SELF)
    after_children = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = sum(
        getattr(after, field) - getattr(before, field)
        for after, before in ((after_own, own), (after_children, children))
        for field in ("ru_utime", "ru_stime")
    )
    print(
        f"\n## entity analysis, {sample:,} articles, {report.processes} processes: "
        f"wall {wall:.1f} s, CPU {used:.1f} s (CPU/wall {used / wall:.2f}); "
        f"jieba.cut alone {cut_cpu:.1f} s CPU on one core: analysis costs "
        f"{used / cut_cpu:.1f}× jieba.cut (jieba.cut/analysis {cut_cpu / used:.2f})"
    )
    for size in sizes:
        print(
            f"  projected for {size:,} articles: {used / sample * size / 60:,.0f} CPU minutes, "
            f"{used / sample * size / 60 / (os.cpu_count() or 1):,.0f} minutes on "
            f"{os.cpu_count()} idle cores"
        )
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep-db", action="store_true", help="reuse a database already built")
    parser.add_argument(
        "--import-only", action="store_true", help="import and re-import, nothing else"
    )
    parser.add_argument(
        "--analyse", type=int, default=0, help="articles to analyse for entities (0: none)"
    )
    args = parser.parse_args()
    print(
        f"# reader scale bench — {platform.platform()}, {platform.processor() or 'cpu?'}, "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    sys.stdout.flush()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = args.workdir or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for count in args.sizes:
            print(f"\n## {count:,} articles")
            db_path = workdir / f"scale_{count}.db"
            if not (args.keep_db and db_path.exists()):
                bench_import(db_path, corpus_of(workdir, count), count)
            if args.import_only:
                continue
            disk_figures(db_path)
            bench_reading(db_path, args.runs)
            bench_first_paint(db_path, count, args.runs)
            sys.stdout.flush()
        if args.analyse:
            bench_analysis(workdir, args.analyse, args.sizes)


if __name__ == "__main__":  # also keeps import workers (spawned) from running it
    main()
