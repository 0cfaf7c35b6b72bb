"""An analysed store of 100,000 synthetic articles, built in minutes rather than hours.

Real entity analysis costs about 86 ms of CPU an article here (see bench/README.md),
so analysing 100,000 articles would take over an hour. The entity views only need
what analysis leaves behind (occurrences, mentions, entities and their counts), with
a realistic shape: how many entities, how often the popular ones recur. So:

1. ``--analysed`` base articles (a few thousand) are written by
   :mod:`bench.corpus_generator` (both scripts: every other one traditional), stored
   with :func:`~reader.store.articles.save_parsed` (the importer's store step, without
   file parsing, as bench/bench_tui.py does) and analysed **for real** by
   :func:`~reader.entities.analysis.analyze_pending` on both cores;
2. every other article copies the structure of base ``i % analysed``: the same text,
   with each entity the analysis found there written as another name of the same
   length (drawn per article and entity from a Zipf–Mandelbrot law over a pool of
   synthetic names, so a few names recur in tens of thousands of articles and most
   in a handful, and the most common is in more than 20,000), converted to the base's
   script. The base's occurrences, moved onto those names (same offsets, same kinds),
   are its analysis: they go through the store's own write functions,
   :func:`~reader.store.entities.save_analysis` and
   :func:`~reader.store.entities.rebuild_mentions`, exactly as analysis writes them,
   so the counts and surfaces in ``entities`` are kept incrementally as in real use.

Corpus-wide spreading of recurring names (the last step of real analysis) is not run
on the copies. Nothing here is a test.
"""

from __future__ import annotations

import bisect
import itertools
import random
import time
from collections.abc import Iterator
from pathlib import Path

from bench.corpus_generator import article, seed_sentences
from reader.conversion import TO_TRADITIONAL, Script, convert_plain
from reader.entities.analysis import analyze_pending, analyzer_id
from reader.entities.linking import normalise_key
from reader.folding import fold
from reader.models import ParsedArticle
from reader.store import corpus_names
from reader.store import entities as entity_store
from reader.store.articles import index_versions, save_parsed, save_versions, sha256_text
from reader.store.database import Database, open_database, write_transaction

#: Characters synthetic names are made of: the same in both scripts, none a word
#: ending that the cues treat specially.
NAME_CHARS = (
    "安白柏班邦宝贝本必彬冰丙伯博才采灿苍策岑昌超辰成承澄池赤崇初楚川春淳慈聪丛翠"
    "丹旦道德登迪典丁定冬杜敦朵恩尔芳方菲芬丰枫峰凤佛福甫富甘刚高戈根耕庚公功古谷"
    "冠光广圭桂果海含汉行好禾和荷恒红宏洪侯厚虎花华怀桓焕皇晃辉惠火吉佳嘉坚建江姜"
    "杰洁今金锦晋京晶井景静久玖居菊巨君俊凯康可克孔奎坤兰朗乐雷蕾礼力立丽良亮林"
)
LATIN = "abcdefghijklmnopqrstuvwxyz"
#: Zipf–Mandelbrot law of the names drawn: p(rank) ∝ 1 / (rank + SHIFT) ** EXPONENT.
POOL = 400_000
SHIFT = 4.0
EXPONENT = 1.0
BATCH = 500
#: Characters an article: the generator's 5,000 give 310 mentions an article (its
#: template sentences name three entities each); 3,000 give about 190.
CHARS = 3000

Occ = tuple[int, int, str, str, str, str, int]


def synthetic_name(rank: int, length: int, latin: bool) -> str:
    """The name of ``rank`` written in ``length`` characters (distinct per rank)."""
    alphabet = LATIN if latin else NAME_CHARS
    chars = []
    value = rank
    for _ in range(length):
        value, digit = divmod(value, len(alphabet))
        chars.append(alphabet[digit])
    if value and length:  # too short to spell the rank: still a name, less distinct
        chars[-1] = alphabet[(rank * 7919) % len(alphabet)]
    name = "".join(reversed(chars))
    return name.capitalize() if latin else name


class Names:
    """Draws names by rank from the Zipf–Mandelbrot law."""

    def __init__(self, rng: random.Random) -> None:
        weights = [1 / (rank + SHIFT) ** EXPONENT for rank in range(POOL)]
        self._cumulative = list(itertools.accumulate(weights))
        self._rng = rng

    def draw(self) -> int:
        total = self._cumulative[-1]
        return bisect.bisect_left(self._cumulative, self._rng.random() * total)


def derive(
    text: str, occurrences: list[Occ], ranks: dict[str, int], traditional: bool
) -> tuple[str, list[Occ]]:
    """``text`` with each entity written as the name of its rank (same lengths), and
    the occurrences moved onto those names."""
    pieces: list[str] = []
    moved: list[Occ] = []
    at = 0
    for start, end, surface, _skey, key, kind, _declared in sorted(occurrences):
        if start < at:
            continue  # overlapping: dropped from the copy
        latin = surface.isascii()
        name = synthetic_name(ranks[key], end - start, latin)
        if traditional and not latin:
            converted = convert_plain(name, TO_TRADITIONAL)
            name = converted if len(converted) == len(name) else name
        new_key = normalise_key(synthetic_name(ranks[key], max(len(key), 1), latin))
        pieces.append(text[at:start])
        pieces.append(name)
        moved.append((start, end, name, normalise_key(name), new_key, kind, 0))
        at = end
    pieces.append(text[at:])
    return "".join(pieces), moved


def parsed(index: int, text: str, traditional: bool) -> ParsedArticle:
    title, source, *_ = text.split("\n", 3)
    return ParsedArticle(
        path=f"/synthetic/{index:06d}.txt",
        raw_sha256=sha256_text(text),
        encoding="utf-8",
        raw_text=text,
        clean_text=text,
        title=title,
        source=source.split("：", 1)[-1],
        author=None,
        date=f"2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
        url=None,
        script=Script.TRADITIONAL if traditional else Script.SIMPLIFIED,
        cleaner_version=1,
    )


def base_texts(count: int, seed: int, chars: int) -> Iterator[tuple[int, str, bool]]:
    rng = random.Random(seed)
    sentences = seed_sentences()
    for index in range(count):
        text = article(rng, sentences, chars, index)
        traditional = bool(index % 2)
        if traditional:
            text = convert_plain(text, TO_TRADITIONAL)
        yield index, text, traditional


def _occurrences(db: Database, sha: str) -> list[Occ]:
    # Read straight from the analysis cache: the bench copies it, the product never does.
    return corpus_names.occurrences(db, sha)


def build(
    path: Path, articles: int, analysed: int, chars: int = CHARS, seed: int = 1
) -> dict[str, float]:
    """Build the store at ``path``; returns timings (seconds) of each step."""
    timings: dict[str, float] = {}
    db = open_database(path)
    try:
        started = time.perf_counter()
        bases: list[tuple[str, bool]] = []
        with write_transaction(db):
            for index, text, traditional in base_texts(analysed, seed, chars):
                save_parsed(db, parsed(index, text, traditional), fold(text).text)
                bases.append((text, traditional))
        timings["store base articles"] = time.perf_counter() - started
        started = time.perf_counter()
        report = analyze_pending(db)
        timings["analyse base articles (real, pool)"] = time.perf_counter() - started
        print(f"(analysed {report.analysed:,} texts on {report.processes} processes)")
        analyzer = analyzer_id()
        base_occurrences = [_occurrences(db, sha256_text(text)) for text, _ in bases]
        started = time.perf_counter()
        names = Names(random.Random(seed + 1))
        resolver = entity_store.Resolver(db)
        index = analysed
        while index < articles:
            batch = range(index, min(index + BATCH, articles))
            rows, derived = [], []
            for number in batch:
                text, traditional = bases[number % analysed]
                occurrences = base_occurrences[number % analysed]
                ranks = {occ[4]: names.draw() for occ in occurrences}
                new_text, moved = derive(text, occurrences, ranks, traditional)
                rows.append(parsed(number, new_text, traditional))
                derived.append((new_text, moved))
            with write_transaction(db):
                outcomes = save_versions(db, rows)
                index_versions(db, outcomes, [fold(text).text for text, _ in derived])
                fresh = []
                for outcome, (text, moved) in zip(outcomes, derived, strict=True):
                    sha = sha256_text(text)
                    entity_store.save_analysis(db, sha, analyzer, moved)
                    fresh.append((outcome.article_id, sha))
                entity_store.rebuild_mentions(db, resolver, fresh, analyzer)
            index += BATCH
            if (index // BATCH) % 20 == 0:
                print(f"  {index:,} articles ({time.perf_counter() - started:.0f} s)", flush=True)
        timings["copies stored and filled"] = time.perf_counter() - started
    finally:
        db.conn.close()
    return timings


def main() -> None:
    import argparse
    import resource

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("path", type=Path)
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--analysed", type=int, default=2_000)
    parser.add_argument("--chars", type=int, default=CHARS)
    args = parser.parse_args()
    cpu = time.process_time()
    for step, seconds in build(args.path, args.articles, args.analysed, args.chars).items():
        print(f"{step}: {seconds:.0f} s")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"CPU of this process {time.process_time() - cpu:.0f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
