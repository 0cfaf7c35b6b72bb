"""Annotation figures: saving one annotation, re-anchoring 1,000 after an article edit.

    python -m bench.bench_annotations [--saves 300] [--annotations 1000] [--rounds 5]

Targets: a save (the service call the TUI makes: validate, anchor, one transaction,
read back) in at most 10 ms; re-anchoring 1,000 annotations of one article after it
changed in at most 1 s. Prints medians over rounds; each round starts from a copy of
the same annotated database, so every round does the same work.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from reader.anchoring import reanchor_all, select
from reader.annotations import create_annotation, reanchor_article
from reader.conversion import TO_SIMPLIFIED, convert_plain, detect_script
from reader.folding import fold
from reader.models import ParsedArticle
from reader.store import articles as article_store
from reader.store.database import open_database

ARTICLE = Path(__file__).resolve().parent.parent / "corpus" / "000_d98721091214a611.txt"
PATH = "/bench/article.txt"


def save_version(db: sqlite_utils.Database, text: str) -> int:
    parsed = ParsedArticle(
        path=PATH,
        raw_sha256=article_store.sha256_text(text),
        encoding="utf-8",
        raw_text=text,
        clean_text=text,
        title="bench",
        source=None,
        author=None,
        date=None,
        url=None,
        script=detect_script(text),
        cleaner_version=1,
    )
    return article_store.save_parsed(db, parsed, fold(text).text).article_id


def random_ranges(text: str, count: int, rng: random.Random) -> list[tuple[int, int]]:
    """Passages like a reader marks: 2 to 40 characters, not starting on a space."""
    ranges: list[tuple[int, int]] = []
    while len(ranges) < count:
        start = rng.randrange(len(text) - 41)
        end = start + rng.randint(2, 40)
        if not text[start].isspace() and not text[end - 1].isspace():
            ranges.append((start, end))
    return ranges


def scattered_edits(text: str, rng: random.Random) -> str:
    """A realistic revision: a new lead paragraph, a few words changed here and there,
    one paragraph cut."""
    paragraphs = text.split("\n")
    for _ in range(8):
        index = rng.randrange(len(paragraphs))
        line = paragraphs[index]
        if len(line) > 10:
            at = rng.randrange(len(line) - 2)
            paragraphs[index] = line[:at] + "（更正）" + line[at + 2 :]
    del paragraphs[len(paragraphs) // 2]
    return "编者按：本文发布后有更新，以下为修订版。\n" + "\n".join(paragraphs)


def median_ms(timings: list[float]) -> str:
    return f"median {statistics.median(timings) * 1000:.2f} ms"


def bench_saves(workdir: Path, text: str, saves: int) -> None:
    db = open_database(workdir / "saves.db")
    article_id = save_version(db, text)
    ranges = random_ranges(text, saves, random.Random(1))
    timings = []
    for i, (start, end) in enumerate(ranges):
        started = time.perf_counter()
        create_annotation(
            db, article_id, start, end, tags=["数字", f"标签{i % 20}"], note="要核实" * (i % 50)
        )
        timings.append(time.perf_counter() - started)
    print(
        f"save one annotation ({saves} saves, 2 tags, WAL): {median_ms(timings)}, "
        f"p95 {sorted(timings)[int(0.95 * len(timings))] * 1000:.2f} ms (target <= 10 ms)"
    )
    db.conn.close()


def bench_reanchor(workdir: Path, text: str, count: int, rounds: int) -> None:
    rng = random.Random(2)
    base = workdir / "annotated.db"
    db = open_database(base)
    article_id = save_version(db, text)
    for start, end in random_ranges(text, count, rng):
        create_annotation(db, article_id, start, end, tags=["t"])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()

    scenarios: dict[str, Callable[[str], str]] = {
        "text inserted at the top": lambda t: "新增导语一段。\n" * 5 + t,
        "scattered edits and a cut paragraph": lambda t: scattered_edits(t, random.Random(3)),
        "whole article re-saved in simplified script": lambda t: convert_plain(t, TO_SIMPLIFIED),
    }
    for name, edit in scenarios.items():
        new_text = edit(text)
        timings = []
        report = None
        for round_number in range(rounds):
            copy = workdir / f"round_{round_number}.db"
            source = open_database(base)
            target = sqlite_utils.Database(str(copy))
            source.conn.backup(target.conn)
            source.conn.close()
            target.conn.close()
            db = open_database(copy)
            save_version(db, new_text)
            started = time.perf_counter()
            report = reanchor_article(db, article_id)
            timings.append(time.perf_counter() - started)
            db.conn.close()
        print(
            f"re-anchor {count} annotations, {name}: {median_ms(timings)} (target <= 1 s); {report}"
        )

    selectors = [select(text, s, e) for s, e in random_ranges(text, count, random.Random(2))]
    new_text = scattered_edits(text, random.Random(3))
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        reanchor_all(selectors, text, new_text)
        timings.append(time.perf_counter() - started)
    print(f"  scattered edits, matching alone (reanchor_all, no database): {median_ms(timings)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--saves", type=int, default=300)
    parser.add_argument("--annotations", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    text = ARTICLE.read_text(encoding="utf-8")
    print(
        f"# reader annotation bench — {platform.platform()}, Python "
        f"{platform.python_version()}, {os.cpu_count()} CPUs; article of {len(text):,} chars"
    )
    with tempfile.TemporaryDirectory() as folder:
        bench_saves(Path(folder), text, args.saves)
        bench_reanchor(Path(folder), text, args.annotations, args.rounds)


if __name__ == "__main__":
    main()
