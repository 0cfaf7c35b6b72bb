"""Name finding: sentence-level precision and recall, and a corpus report to eyeball.

    python -m bench.bench_ner [--data PATH] [--limit N]     # CLUENER2020 split
    python -m bench.bench_ner --corpus DIR [--top 40]       # any folder of articles

**Sentences.** CLUENER2020's training file (``shared/data/cluener2020/train.json``,
see its README) is split with a fixed seed into a *tune* part (80%, which the shipped
tagger was trained on, see ``reader/entities/tagger.py``) and a *report* part (20%):
figures are given on the report part only. The protocol is the one acceptance uses:
gold spans of the types name, company, organization, address and government, exact
start and end, type-agnostic; every span reader finds counts as a prediction. Raw
``jieba.posseg`` (runs of nr, nrt, nrfg, ns, nt tokens) is scored in the same run.

**Corpus.** Imports a folder into a temporary database, analyses it, and prints the
entities most articles mention with their kind and every surface form, so a person
can spot junk and false merges.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

TYPES = frozenset({"name", "company", "organization", "address", "government"})
POSSEG_TAGS = frozenset({"nr", "nrt", "nrfg", "ns", "nt"})
SPLIT_SEED = 2020
TUNE_SHARE = 0.8

Span = tuple[int, int]


def find_data(start: Path | None = None) -> Path | None:
    """``shared/data/cluener2020/train.json`` in the nearest folder up from the repo."""
    here = (start or Path(__file__)).resolve()
    for folder in here.parents:
        path = folder / "shared" / "data" / "cluener2020" / "train.json"
        if path.is_file():
            return path
    return None


def load(path: Path) -> list[tuple[str, set[Span]]]:
    """(text, gold spans as [start, end) of the five types) for every line."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        spans = {
            (start, end + 1)
            for kind, mentions in record.get("label", {}).items()
            if kind in TYPES
            for places in mentions.values()
            for start, end in places
        }
        rows.append((record["text"], spans))
    return rows


def split(rows: list[tuple[str, set[Span]]]) -> tuple[list, list]:
    """The fixed tune / report split (the tagger is trained on the tune part only)."""
    order = list(range(len(rows)))
    random.Random(SPLIT_SEED).shuffle(order)
    cut = int(len(order) * TUNE_SHARE)
    return [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]


def score(
    rows: Iterable[tuple[str, set[Span]]], predict: Callable[[str], set[Span]]
) -> tuple[float, float, float, int]:
    """Precision, recall, F1 (exact spans) and the number of misses."""
    hits = found = gold = 0
    for text, spans in rows:
        predicted = predict(text)
        hits += len(predicted & spans)
        found += len(predicted)
        gold += len(spans)
    precision = hits / found if found else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return precision, recall, f1, gold - hits


def reader_spans(text: str) -> set[Span]:
    from reader.entities.extract import extract

    return {(c.start, c.end) for c in extract(text)}


def posseg_spans(text: str) -> set[Span]:
    """Runs of adjacent proper-noun tokens, as jieba.posseg tags them."""
    import jieba.posseg

    spans: set[Span] = set()
    position, run_start = 0, None
    for pair in jieba.posseg.dt.cut(text):
        word, tag = pair.word, pair.flag
        if tag in POSSEG_TAGS:
            run_start = position if run_start is None else run_start
        elif run_start is not None:
            spans.add((run_start, position))
            run_start = None
        position += len(word)
    if run_start is not None:
        spans.add((run_start, position))
    return spans


def sentences(data: Path, limit: int | None) -> None:
    from reader.entities.extract import warm_up

    _tune, report = split(load(data))
    if limit:
        report = report[:limit]
    warm_up()
    print(f"## CLUENER2020 train.json, report part: {len(report)} sentences (seed {SPLIT_SEED})")
    print("protocol: name/company/organization/address/government spans, exact, type-agnostic")
    for name, predict in (("reader", reader_spans), ("jieba.posseg", posseg_spans)):
        started = time.perf_counter()
        precision, recall, f1, misses = score(report, predict)
        seconds = time.perf_counter() - started
        print(
            f"{name:<13} P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}  "
            f"misses {misses}  ({seconds:.1f} s)"
        )


def corpus(folder: Path, top: int) -> None:
    from reader.entities.analysis import analyze_pending
    from reader.importer import import_paths
    from reader.store import entities as entity_store
    from reader.store.database import open_database

    with tempfile.TemporaryDirectory() as temporary:
        db = open_database(Path(temporary) / "report.db")
        report = import_paths(db, [folder])
        started = time.perf_counter()
        analyze_pending(db)
        seconds = time.perf_counter() - started
        entities = entity_store.list_entities(db)[:top]
        print(f"## {folder}: {len(report.imported)} articles, analysed in {seconds:.1f} s")
        print(f"top {len(entities)} entities by articles (articles, mentions, kind: aliases)")
        for detail in entity_store.describe(db, [e.id for e in entities]):
            entity = detail.summary
            print(
                f"{entity.articles:5d} {entity.mentions:6d}  {entity.kind.value:<12} "
                f"{entity.name}: {' / '.join(detail.aliases)}"
            )
        db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="CLUENER2020 train.json")
    parser.add_argument("--limit", type=int, help="score only the first N report sentences")
    parser.add_argument("--corpus", type=Path, help="report on this folder of articles instead")
    parser.add_argument("--top", type=int, default=40, help="entities in the corpus report")
    args = parser.parse_args()
    if args.corpus is not None:
        corpus(args.corpus, args.top)
        return
    data = args.data or find_data()
    if data is None:
        parser.error("CLUENER2020 train.json not found: pass --data")
    sentences(data, args.limit)


if __name__ == "__main__":
    main()
