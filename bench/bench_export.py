"""Export figures: 10,000 annotations as Markdown, converted Markdown, JSON-LD,
Hypothesis JSON, a folder of files, and the JSON-LD imported back into an empty database.

    python -m bench.bench_export [--articles 100] [--per-article 100] [--rounds 5]

Target: exporting 10,000 annotations in at most 1 s. The machine may be shared (tests
of other work running), so CPU time is printed beside wall time. Annotations are written straight
through the store in one transaction (the service's one transaction per user action
would make the set-up, not the export, the slow part); notes, tags and colours vary
like real ones (see NOTES), every note is distinct. Prints medians over rounds.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from bench.corpus_generator import generate
from reader.anchoring import select
from reader.annotations import normalize_tags
from reader.conversion import DisplayScript
from reader.export import Format, GroupBy, export_to_folder, render
from reader.export.importing import import_document
from reader.importer import import_paths
from reader.store import annotations as annotation_store
from reader.store.articles import get_article, list_articles
from reader.store.database import open_database, write_transaction

TAGS = ["马斯克", "DeepSeek", "芯片", "英伟达 H100", "监管", "OpenAI", "融资", "xAI", "Grok 3"]
#: Half the annotations have no note; of the notes, one in ten holds HTML to escape and
#: one in fifty HTML next to code (the case that needs a Markdown parse).
NOTES = (
    [""] * 50
    + ["要点：成本与训练算力 {n}", "Compare with the *earlier* report ({n}).", "见第 {n} 段。"] * 13
    + ["Check <b>this</b> claim {n}"] * 10
    + ["`<b>` is code, <b>{n}</b> is not\n\n```\nsource?\n```"]
)


def annotate(db: sqlite_utils.Database, per_article: int, rng: random.Random) -> int:
    """``per_article`` annotations on every article, in one transaction."""
    count = 0
    with write_transaction(db):
        for summary in list_articles(db):
            article = get_article(db, summary.id)
            text = article.clean_text
            for _ in range(per_article):
                start = rng.randrange(len(text) - 41)
                end = start + rng.randint(2, 40)
                stamp = f"2025-03-01T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00+00:00"
                annotation_id = annotation_store.insert_annotation(
                    db,
                    article.id,
                    article.version_id,
                    select(text, start, end),
                    rng.choice(NOTES).format(n=count),
                    rng.choice([None, None, None, "green"]),
                    stamp,
                )
                tags = normalize_tags(rng.sample(TAGS, rng.randint(0, 3)))
                annotation_store.set_tags(db, annotation_id, tags, stamp)
                count += 1
    return count


def timed(label: str, rounds: int, action: Callable[[], object]) -> None:
    """Median wall and CPU time: on a shared machine the CPU time is the steadier one."""
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        action()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    print(
        f"{label}: median {statistics.median(walls) * 1000:,.0f} ms "
        f"(CPU {statistics.median(cpus) * 1000:,.0f} ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = open_database(work / "bench.db")
        import_paths(db, generate(work / "corpus", args.articles))
        total = annotate(db, args.per_article, random.Random(1))
        print(f"{total:,} annotations on {args.articles} articles")
        rounds = args.rounds

        timed("markdown, by article", rounds, lambda: render(db))
        timed("markdown, by tag", rounds, lambda: render(db, group_by=GroupBy.TAG))
        timed(
            "markdown, simplified script",
            rounds,
            lambda: render(db, script=DisplayScript.SIMPLIFIED),
        )
        timed("json-ld", rounds, lambda: render(db, fmt=Format.JSON))
        timed("hypothesis json", rounds, lambda: render(db, fmt=Format.HYPOTHESIS))
        timed(
            "markdown, tags in simplified script",
            rounds,
            lambda: render(db, tag_script=DisplayScript.SIMPLIFIED),
        )
        timed(
            "markdown, a file per article",
            rounds,
            lambda: export_to_folder(db, work / "out"),
        )
        document = json.loads(render(db, fmt=Format.JSON))

        imports: list[float] = []
        for round_number in range(rounds):
            fresh = open_database(work / f"fresh-{round_number}.db")
            import_paths(fresh, [work / "corpus"])
            started = time.perf_counter()
            import_document(fresh, document, base=work)
            imports.append(time.perf_counter() - started)
            fresh.conn.close()
        print(f"json-ld import into an empty database: median {statistics.median(imports):.2f} s")
        db.conn.close()


if __name__ == "__main__":
    main()
