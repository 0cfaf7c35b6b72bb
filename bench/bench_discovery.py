"""Corpus-adaptive name discovery: how long it takes over a corpus, and what it finds.

    python -m bench.bench_discovery [--articles 1400] [--chars 1500] [--runs 3]

The corpus is synthetic: sentences of the invented stories in ``tests/gold`` (a fire
in a housing estate, a landslide) and of the seed corpus make up ``--story`` of each
article, among sentences of words drawn from jieba's dictionary by their frequency
(so most of the text is unique, as in real coverage); articles are about ``--chars``
characters, 95% of them converted to traditional script. Prints the median
time of :func:`reader.entities.discovery.discover` over the folded texts (jieba loaded
beforehand, as it is in analysis), the time of the stored-result check that runs when
nothing changed, and the names found, so a person can eyeball them for junk.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import statistics
import tempfile
import time
from pathlib import Path

from reader.conversion import TO_TRADITIONAL, convert_plain

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "gold" / "estate_fire", ROOT / "tests" / "gold" / "landslide"]
SEED = ROOT / "corpus"
TRADITIONAL_SHARE = 0.95


def sentences() -> list[str]:
    """Sentences of the invented stories and the seed corpus, without header lines."""
    found = []
    paths = [p for folder in SOURCES for p in sorted(folder.glob("*.txt"))]
    paths += sorted(SEED.glob("*.txt"))
    for path in paths:
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)|https?://\S+", "", path.read_text(encoding="utf-8"))
        for piece in re.split(r"(?<=[。！？])|\n", text):
            piece = piece.strip()
            if 8 <= len(piece) <= 160 and "：" not in piece[:6]:
                found.append(piece)
    return found


def filler(rng: random.Random, words: list[str], weights: list[float]) -> str:
    """A sentence of dictionary words drawn by frequency (``weights`` cumulative), with
    commas between clauses."""
    clauses = [
        "".join(rng.choices(words, cum_weights=weights, k=rng.randint(3, 8)))
        for _ in range(rng.randint(1, 3))
    ]
    return "，".join(clauses) + "。"


def dictionary_words() -> tuple[list[str], list[float]]:
    from reader.segmentation import tokenizer

    freq = tokenizer().FREQ
    common = sorted(
        ((w, f) for w, f in freq.items() if f > 0 and re.fullmatch(r"[\u4e00-\u9fff]{1,4}", w)),
        key=lambda pair: -pair[1],
    )[:60000]
    return [w for w, _ in common], list(itertools.accumulate(float(f) for _, f in common))


def corpus(articles: int, chars: int, story: float = 0.3, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    pool = sentences()
    words, weights = dictionary_words()
    texts = []
    for _ in range(articles):
        body: list[str] = []
        while sum(map(len, body)) < chars:
            if rng.random() < story:
                body.append(rng.choice(pool))
            else:
                body.append(filler(rng, words, weights))
        text = "\n".join(body)
        if rng.random() < TRADITIONAL_SHARE:
            text = convert_plain(text, TO_TRADITIONAL)
        texts.append(text)
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1400)
    parser.add_argument("--chars", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--story", type=float, default=0.3, help="share of story sentences")
    args = parser.parse_args()

    from reader.entities.cues import word_frequency
    from reader.entities.debris import mask_debris
    from reader.entities.discovery import discover
    from reader.folding import fold_text

    word_frequency("加载")  # load jieba now, as analysis has
    texts = corpus(args.articles, args.chars, args.story)
    total = sum(map(len, texts))
    started = time.perf_counter()
    folded = [fold_text(mask_debris(text)) for text in texts]
    fold_seconds = time.perf_counter() - started
    times, cpu = [], []
    found = None
    for _ in range(args.runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        found = discover(folded)
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    assert found is not None
    print(f"## discovery: {args.articles} articles, {total:,} characters")
    print(f"fold + debris mask: {fold_seconds:.2f} s")
    print(
        f"discover: median {statistics.median(times):.2f} s wall, "
        f"{statistics.median(cpu):.2f} s CPU over {args.runs} runs "
        f"({total / statistics.median(cpu) / 1000:.0f} k chars per CPU second); "
        f"{len(found.names)} names, {len(found.rejected)} rejected strings"
    )
    stored_check(texts)
    print("names by texts (texts, kind, cue: name)")
    for name in sorted(found.names.values(), key=lambda n: (-n.texts, n.name)):
        print(f"{name.texts:5d}  {name.kind.value:<12} {name.cue:<13} {name.name}")


def stored_check(texts: list[str]) -> None:
    """Time the check that finds the stored result still valid (every analysis run)."""
    from reader.entities.corpus_discovery import corpus_discovery
    from reader.importer import import_paths
    from reader.store.database import open_database

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "articles"
        folder.mkdir()
        for index, text in enumerate(texts):
            (folder / f"{index:05d}.txt").write_text(f"第{index}篇\n\n{text}", encoding="utf-8")
        db = open_database(Path(temporary) / "bench.db")
        import_paths(db, [folder])
        started = time.perf_counter()
        corpus_discovery(db)
        first = time.perf_counter() - started
        started = time.perf_counter()
        corpus_discovery(db)
        again = time.perf_counter() - started
        db.conn.close()
    print(
        f"from the store: first run {first:.2f} s (read, fold, discover, save); "
        f"unchanged corpus {again * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
