"""Entity figures: analysis throughput against plain jieba, bulk analysis on both
cores, and the side panel's queries on a large store.

    python -m bench.bench_entities [--texts 200] [--bulk 400] [--articles 10000]

Prints medians. Single-process throughput is compared with ``jieba.cut`` over the same
folded text on the same machine (and ``jieba.posseg.cut`` for reference), so the ratio
is what matters, not the absolute figure. The large store uses seed-derived synthetic
articles (bench/corpus_generator.py), imported and analysed for real.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.corpus_generator import SEED_CORPUS, generate, seed_sentences
from reader.entities.analysis import analyse_text, analyze_pending
from reader.entities.extract import _hmm_tag, entity_tokenizer, warm_up
from reader.folding import fold
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import open_database


def _median_ms(action: Callable[[], object], repeat: int = 1) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def throughput(workdir: Path, count: int) -> None:
    """Single process: analysis and import+analysis vs jieba.cut on the same texts."""
    import jieba.posseg

    paths = generate(workdir / "throughput", count, seed=7)
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)
    warm_up()
    tokenizer = entity_tokenizer()

    def cut() -> None:
        for text in texts:
            list(tokenizer.cut(fold(text).text, HMM=True))

    def posseg() -> None:
        for text in texts:
            list(jieba.posseg.dt.cut(fold(text).text, HMM=True))

    def analyse() -> None:
        _hmm_tag.cache_clear()  # each round starts cold, as a new import would
        for text in texts:
            analyse_text(text)

    rounds = {name: [] for name in ("cut", "posseg", "analyse")}
    for _ in range(3):
        rounds["cut"].append(_median_ms(cut))
        rounds["analyse"].append(_median_ms(analyse))
        rounds["posseg"].append(_median_ms(posseg))
    cut_ms, analyse_ms = statistics.median(rounds["cut"]), statistics.median(rounds["analyse"])
    posseg_ms = statistics.median(rounds["posseg"])
    print(f"\n## single process, {count} texts, {chars:,} chars")
    for name, ms in (("jieba.cut", cut_ms), ("jieba.posseg", posseg_ms), ("analysis", analyse_ms)):
        print(f"{name:<14} {ms:8.0f} ms  {chars / ms * 1000:>10,.0f} chars/s")
    print(f"analysis / jieba.cut throughput: {cut_ms / analyse_ms:.2f}x (target >= 0.7)")
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt"))] * 10
    seed_cut = statistics.median(
        _median_ms(lambda: [list(tokenizer.cut(fold(t).text, HMM=True)) for t in seeds])
        for _ in range(3)
    )
    seed_analyse = statistics.median(
        _median_ms(lambda: [analyse_text(t) for t in seeds]) for _ in range(3)
    )
    print(
        f"on the raw seed files (x10): jieba.cut {seed_cut:.0f} ms, analysis "
        f"{seed_analyse:.0f} ms: {seed_cut / seed_analyse:.2f}x"
    )
    print(f"posseg / jieba.cut throughput:   {cut_ms / posseg_ms:.2f}x")
    sentence_throughput(tokenizer)

    timings = []
    for attempt in range(3):
        db = open_database(workdir / f"import_{attempt}.db")
        started = time.perf_counter()
        import_paths(db, paths)
        analyze_pending(db, processes=1)
        timings.append((time.perf_counter() - started) * 1000)
        db.conn.close()
    both = statistics.median(timings)
    print(
        f"import+analysis {both:8.0f} ms  {chars / both * 1000:>10,.0f} chars/s "
        f"({cut_ms / both:.2f}x jieba.cut)"
    )


def sentence_throughput(tokenizer: object, count: int = 3000) -> None:
    """Sentence-length texts (a title, a sentence of a news feed): the fixed cost of
    each text weighs more there than on whole articles."""
    rng = random.Random(13)
    sentences = seed_sentences()
    texts = [rng.choice(sentences) for _ in range(count)]
    chars = sum(len(t) for t in texts)
    cut = statistics.median(
        _median_ms(lambda: [list(tokenizer.cut(fold(t).text, HMM=True)) for t in texts])  # type: ignore[attr-defined]
        for _ in range(3)
    )
    analysed = statistics.median(
        _median_ms(lambda: [analyse_text(t) for t in texts]) for _ in range(3)
    )
    print(
        f"sentences ({count}, {chars / count:.0f} chars each): jieba.cut {chars / cut * 1000:,.0f} "
        f"chars/s, analysis {chars / analysed * 1000:,.0f} chars/s: {cut / analysed:.2f}x "
        f"(target >= 0.5)"
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
