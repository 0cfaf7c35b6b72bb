"""Entity figures: analysis throughput against plain jieba, bulk analysis on both
cores, and the side panel's queries on a large store.

    python -m bench.bench_entities [--texts 200] [--bulk 400] [--articles 10000]

Prints medians. Single-process throughput is compared with ``jieba.cut`` over the same
folded text on the same machine (and ``jieba.posseg.cut`` for reference), so the ratio
is what matters, not the absolute figure: jieba.cut and analysis take turns, round
after round, and the ratio is the median of the rounds' own ratios, in CPU time of
this process (the machine is shared with other work). Articles and sentences are both
measured (the targets are 0.7x and 0.5x), on texts that repeat (synthetic articles,
drawn seed sentences) and on texts that do not. The large store
uses seed-derived synthetic articles (bench/corpus_generator.py), imported and
analysed for real.
"""

from __future__ import annotations

import argparse
import importlib
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.bench_ner import find_data, load, split
from bench.corpus_generator import SEED_CORPUS, generate, seed_sentences
from reader.entities.analysis import analyse_text, analyze_pending
from reader.entities.cutting import entity_tokenizer
from reader.entities.extract import warm_up
from reader.folding import fold
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import open_database

LANDSLIDE = Path(__file__).resolve().parent.parent / "tests" / "gold" / "landslide"


def _median_ms(action: Callable[[], object], repeat: int = 1) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _cpu_ms(action: Callable[[], object]) -> float:
    started = time.process_time()
    action()
    return (time.process_time() - started) * 1000


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


#: What analysis remembers between texts: (module, lru-cached function).
CACHES = (
    ("reader.entities.words", "_hmm_tag"),
    ("reader.entities.extract", "_hmm_tag"),  # where it was before
    ("reader.entities.cutting", "_hmm_words"),
    ("reader.entities.tagger", "_word_features"),
    ("reader.entities.tagger", "_word_rows"),
    ("reader.entities.tagger", "_shape_rows"),
)


def _cold() -> None:
    """Forget what analysis remembers between texts (the POS HMM's tags, the HMM's cut
    of unknown runs, the tagger's word features): each round starts as a new process
    would. jieba.cut remembers nothing, so this keeps the comparison fair. A cache
    missing from the tree being measured (an older one) is skipped."""
    for module, name in CACHES:
        try:
            getattr(importlib.import_module(module), name).cache_clear()
        except (ImportError, AttributeError):
            continue


def paired(texts: list[str], rounds: int = 5) -> tuple[float, float, float]:
    """jieba.cut and analysis over the same texts, round after round in turn (the
    machine is noisy: each round's pair sees the same load). Returns the median
    milliseconds of each and the median of the rounds' ratios (cut time / analysis
    time, i.e. analysis chars/s over jieba.cut chars/s). Times are CPU time of this
    process (``time.process_time``), so other work on the machine counts less."""
    tokenizer = entity_tokenizer()
    cut_ms, analyse_ms = [], []
    for _ in range(rounds):
        cut_ms.append(_cpu_ms(lambda: [list(tokenizer.cut(fold(t).text, HMM=True)) for t in texts]))
        _cold()
        analyse_ms.append(_cpu_ms(lambda: [analyse_text(t) for t in texts]))
    ratio = statistics.median(c / a for c, a in zip(cut_ms, analyse_ms, strict=True))
    return statistics.median(cut_ms), statistics.median(analyse_ms), ratio


def _report(label: str, texts: list[str], target: float | None, rounds: int = 5) -> float:
    chars = sum(len(t) for t in texts)
    cut_ms, analyse_ms, ratio = paired(texts, rounds)
    aim = f" (target >= {target})" if target else ""
    print(
        f"{label}: {len(texts)} texts, {chars / len(texts):,.0f} chars each\n"
        f"    jieba.cut {chars / cut_ms * 1000:>9,.0f} chars/s   analysis "
        f"{chars / analyse_ms * 1000:>9,.0f} chars/s   ratio {ratio:.2f}x{aim}"
    )
    return ratio


def _cut_speed(texts: list[str], rounds: int = 5) -> None:
    """The entity cut (reader.entities.cutting, the same tokens) against jieba.cut."""
    from reader.entities.cutting import entity_cutter

    tokenizer, cutter = entity_tokenizer(), entity_cutter()
    folded = [fold(t).text for t in texts]
    ratios = []
    for _ in range(rounds):
        jieba_ms = _median_ms(lambda: [list(tokenizer.cut(t, HMM=True)) for t in folded])
        _cold()
        fast_ms = _median_ms(lambda: [cutter.cut(t) for t in folded])
        ratios.append(jieba_ms / fast_ms)
    print(f"entity cut / jieba.cut throughput, same tokens: {statistics.median(ratios):.2f}x")


def throughput(workdir: Path, count: int) -> None:
    """Single process: analysis vs jieba.cut on the same texts, articles and sentences."""
    import jieba.posseg

    paths = generate(workdir / "throughput", count, seed=7)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)
    warm_up()
    print("\n## single process: analysis chars/s over jieba.cut chars/s, same texts, CPU time")
    articles = _report("synthetic articles", texts, 0.7)
    real = sorted(SEED_CORPUS.glob("*.txt")) + sorted(LANDSLIDE.glob("*.txt"))
    _report(
        "seed and landslide articles, each once",
        [p.read_text(encoding="utf-8") for p in real],
        None,
        7,
    )
    rng = random.Random(13)
    pool = seed_sentences()
    sentences = _report("seed sentences, 3000 drawn", [rng.choice(pool) for _ in range(3000)], 0.5)
    _report("seed sentences, each once", sorted(set(pool)), 0.5, 7)
    data = find_data()
    if data is not None:
        report = [text for text, _ in split(load(data))[1]]
        _report("CLUENER2020 report sentences, each once", report, 0.5, 3)
    print(
        f"summary: articles {articles:.2f}x (target 0.7), sentences {sentences:.2f}x (target 0.5)"
    )
    _cut_speed(texts)

    tokenizer = entity_tokenizer()
    posseg_ms = _median_ms(
        lambda: [list(jieba.posseg.dt.cut(fold(t).text, HMM=True)) for t in texts]
    )
    cut_ms = _median_ms(lambda: [list(tokenizer.cut(fold(t).text, HMM=True)) for t in texts])
    print(f"posseg / jieba.cut throughput: {cut_ms / posseg_ms:.2f}x")

    timings = []
    for attempt in range(3):
        db = open_database(workdir / f"import_{attempt}.db")
        _cold()
        started = time.perf_counter()
        import_paths(db, paths)
        analyze_pending(db, processes=1)
        timings.append((time.perf_counter() - started) * 1000)
        db.conn.close()
    both = statistics.median(timings)
    cut_ms = _median_ms(lambda: [list(tokenizer.cut(fold(t).text, HMM=True)) for t in texts])
    print(
        f"import+analysis {both:8.0f} ms  {chars / both * 1000:>10,.0f} chars/s "
        f"({cut_ms / both:.2f}x jieba.cut)"
    )


def bulk(workdir: Path, count: int) -> None:
    """A bulk import's analysis: the automatic choice (a pool over all cores) against
    one process, on the same articles."""
    paths = generate(workdir / "bulk", count, seed=11)
    print(f"\n## bulk analysis, {count} articles, {os.cpu_count()} cores")
    for processes in (None, 1):
        db = open_database(workdir / f"bulk_{processes}.db")
        import_paths(db, paths)
        cpu, started = _cpu_seconds(), time.perf_counter()
        report = analyze_pending(db, processes=processes)
        wall = time.perf_counter() - started
        used = _cpu_seconds() - cpu
        print(
            f"processes {report.processes}: wall {wall:.1f} s, CPU {used:.1f} s "
            f"(CPU/wall {used / wall:.2f}), {count / wall:.1f} articles/s"
        )
        db.conn.close()


def queries(workdir: Path, count: int, chars: int) -> None:
    """Panel, mentions, concordance and lookups on a store of ``count`` articles."""
    db_path = workdir / f"store_{count}.db"
    db = open_database(db_path)
    paths = generate(workdir / f"store_{count}", count, chars=chars, seed=3)
    started = time.perf_counter()
    import_paths(db, paths)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    report = analyze_pending(db)
    analysed = time.perf_counter() - started
    print(f"\n## {count} articles of ~{chars} chars")
    print(f"import {imported:.0f} s, analysis {analysed:.0f} s ({report.processes} processes)")
    rng = random.Random(5)
    articles = [a for (a,) in db.conn.execute("SELECT id FROM articles")]
    entities = entity_store.list_entities(db)
    popular = entities[0]
    typical = entities[len(entities) // 2]
    picks = rng.sample(articles, 50)

    def each(action: Callable[[int], object]) -> float:
        return statistics.median(_median_ms(lambda a=a: action(a)) for a in picks)

    print(
        f"entities: {len(entities):,}; most mentioned: {popular.name} "
        f"({popular.articles:,} articles, {popular.mentions:,} mentions)"
    )
    figures = {
        "entities_for_article": each(lambda a: entity_store.entities_for_article(db, a)),
        "shared_entities": each(lambda a: entity_store.shared_entities(db, a, articles[0])),
        "mentions(popular, article)": each(lambda a: entity_store.mentions(db, popular.id, [a])),
        "concordance(popular, article)": each(
            lambda a: entity_store.concordance(db, popular.id, article_ids=[a])
        ),
        "concordance(popular, limit 200)": _median_ms(
            lambda: entity_store.concordance(db, popular.id, limit=200), 9
        ),
        f"concordance(typical: {typical.articles} art)": _median_ms(
            lambda: entity_store.concordance(db, typical.id), 9
        ),
        "find_entity": _median_ms(lambda: entity_store.find_entity(db, "馬斯克"), 9),
        "mentions(popular, all)": _median_ms(lambda: entity_store.mentions(db, popular.id), 3),
    }
    for name, ms in figures.items():
        print(f"{name:<36} {ms:8.2f} ms (median)")
    db.conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--texts", type=int, default=200, help="texts for throughput")
    parser.add_argument("--bulk", type=int, default=1000, help="articles for bulk analysis")
    parser.add_argument("--articles", type=int, default=10000, help="store size for queries")
    parser.add_argument("--chars", type=int, default=3000, help="article size for the store")
    parser.add_argument("--workdir", type=Path, help="keep files here (default: temporary)")
    parser.add_argument(
        "--parts", default="throughput,bulk,queries", help="which measures, comma-separated"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        workdir = args.workdir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        parts = set(args.parts.split(","))
        if "throughput" in parts:
            throughput(workdir, args.texts)
        if "bulk" in parts:
            bulk(workdir, args.bulk)
        if "queries" in parts:
            queries(workdir, args.articles, args.chars)


if __name__ == "__main__":
    main()
