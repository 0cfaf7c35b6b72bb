"""Dataset figures: Datasette's canned search against reader's own search, the browse_*
views, and the CSV export, on a generated corpus with annotations.

    python -m bench.bench_dataset [--articles 1000] [--per-article 10] [--rounds 5]

The canned query is timed twice: as SQL on a connection with reader's functions (what
Datasette runs) and as a full request through Datasette's test client (skipped when
Datasette is not installed). Prints medians over rounds, CPU time beside wall time.
"""

from __future__ import annotations

import argparse
import asyncio
import platform
import random
import sqlite3
import tempfile
import urllib.parse
from pathlib import Path

from bench.bench_export import annotate, timed
from bench.corpus_generator import generate
from reader.export import Format, render
from reader.importer import import_paths
from reader.search import search_articles
from reader.store.database import open_database
from reader.store.dataset import CANNED_QUERIES
from reader.store.datasette_plugin import prepare_connection

QUERIES = ("grok", "馬斯克", "AI")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-article", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        path = work / "annotations.db"
        db = open_database(path)
        import_paths(db, generate(work / "corpus", args.articles))
        total = annotate(db, args.per_article, random.Random(1))
        print(f"{total:,} annotations on {args.articles:,} articles")
        rounds = args.rounds

        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        prepare_connection(connection)
        sql = str(CANNED_QUERIES["search_articles"]["sql"])
        for query in QUERIES:
            found = len(search_articles(db, query, article_limit=None).articles)
            print(f"{query}: {found} articles")
            timed(
                f"  reader search_articles({query!r})",
                rounds,
                lambda q=query: search_articles(db, q, article_limit=None),
            )
            timed(
                f"  canned search_articles SQL ({query!r})",
                rounds,
                lambda q=query: connection.execute(sql, {"q": q}).fetchall(),
            )
        for view in ("browse_annotations", "browse_entity_articles", "browse_articles"):
            timed(
                f"all rows of {view}",
                rounds,
                lambda v=view: connection.execute(f"SELECT * FROM {v}").fetchall(),
            )
        timed("export csv (every annotation)", rounds, lambda: render(db, fmt=Format.CSV))
        timed("export markdown (every annotation)", rounds, lambda: render(db))
        _datasette(path, rounds)
        connection.close()
        db.conn.close()


def _datasette(path: Path, rounds: int) -> None:
    try:
        from datasette.app import Datasette
    except ImportError:
        print("Datasette not installed: request timings skipped")
        return
    datasette = Datasette(files=[str(path)])

    def request(query: str) -> None:
        url = f"/annotations/search_articles.json?_shape=array&q={urllib.parse.quote(query)}"
        response = asyncio.run(datasette.client.get(url))
        assert response.status_code == 200, response.text

    for query in QUERIES:
        timed(f"Datasette request search_articles ({query!r})", rounds, lambda q=query: request(q))


if __name__ == "__main__":
    main()
