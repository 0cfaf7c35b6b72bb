"""Digest of everything an import stores, to check that a speed-up changed nothing.

Imports the given folders into a fresh store and prints, as JSON, a SHA-256 of every
stored field: the articles, their versions (clean text, deflated raw text, metadata,
script; the import time left out), every (trigram, article) pair of the search index,
and the report (imported, rejected with their reasons, …). Run it under two trees and
compare the outputs::

    PYTHONPATH=OLD_TREE python -m bench.import_digest DIR... > before.json
    python -m bench.import_digest DIR... > after.json
    diff before.json after.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from reader.importer import import_paths
from reader.store.database import Database, open_database


def _digest(db: Database, sql: str) -> tuple[int, str]:
    digest = hashlib.sha256()
    rows = 0
    for row in db.conn.execute(sql):
        digest.update(repr(row).encode("utf-8", "surrogatepass"))
        rows += 1
    return rows, digest.hexdigest()


def import_digest(folders: list[Path]) -> dict[str, object]:
    """The digest of a fresh store holding ``folders``."""
    with tempfile.TemporaryDirectory() as scratch:
        db = open_database(Path(scratch) / "store.db")
        report = import_paths(db, folders)
        columns = [
            row[1]
            for row in db.conn.execute("PRAGMA table_info(article_versions)")
            if row[1] != "imported_at"
        ]
        result: dict[str, object] = {
            "articles": _digest(
                db, "SELECT id, path, current_version_id, missing FROM articles ORDER BY id"
            ),
            "versions": _digest(
                db, f"SELECT {', '.join(columns)} FROM article_versions ORDER BY id"
            ),
            "index": _digest(db, "SELECT term, doc FROM search_term_instances ORDER BY term, doc"),
            "feed_files": _digest(db, "SELECT * FROM feed_files ORDER BY 1"),
            "report": hashlib.sha256(
                json.dumps(report.as_json(), sort_keys=True).encode()
            ).hexdigest(),
        }
        db.conn.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", type=Path, nargs="+")
    args = parser.parse_args()
    print(json.dumps(import_digest(args.folders), indent=1))


if __name__ == "__main__":  # also keeps import workers (spawned) from running it
    main()
