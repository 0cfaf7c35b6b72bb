"""What would bring the store to <= 4 bytes per character (issue #16): a measured study.

    python -m bench.bench_disk_options STORE --work DIR
        [--parts sizes text build columns pages search final more] [--sample 10000]
        [--level 9] [--rounds 2]

STORE is a *copy* of a reader store (schema 25); it is only read. DIR receives the
derived copies (each about the size of the store; delete them afterwards):

- ``sizes``: where the bytes are (``dbstat``), per table and index, in bytes per
  character of clean text (``sum(chars)`` of every version, as bench_scale counts).
- ``text``: every current text of an evenly spaced sample (every k-th article) compressed
  one by one: zlib levels, zstd levels with and without a dictionary trained on a
  disjoint sample (the articles half-way between); size per character, compression
  CPU per text, decompression wall time per text (median, p95). The same codecs on the
  few real news texts of ``corpus/`` (the store is synthetic: it compresses better).
- ``build``: ``DIR/text_z.db``, the store with each version's clean text stored as zstd
  with the trained dictionary (``article_versions_z.clean_z``) behind a view
  ``article_versions`` that decompresses through a registered function, so the real
  search, article and concordance code runs on it unchanged; and the occurrences
  packed one row per text (varints: offset delta, length*2+declared, form id,
  entity id+1) with a table of distinct (entity, text, mentions) pairs beside them.
- ``search``: the real search code's query mix (bench_scale's, plus random one- and
  two-character substrings), opening articles, concordance pages and an entity's
  article pages, on the store and on ``text_z.db`` (with and without keeping the last
  text decompressed), alternating rounds; the same pages read from the packed rows
  and the pairs table (checked equal to the real code's first).
- ``columns``: the packed rows as deflated fixed-width columns instead (a sample).
- ``pages``: the store and text_z.db copied with 8 KiB pages (``store_8k.db``,
  ``text_z8.db``), text_z.db with 16 KiB pages and FTS5 ``optimize`` (``text_z16.db``);
  ``search`` then times them too.
- ``final``: ``DIR/final.db``, text_z.db without the occurrence rows and their index,
  vacuumed: the size reachable; then FTS5 ``optimize`` and larger pages on it.
- ``more``: on final.db, each kept for the next: the packed rows deflated, the forms'
  unique index on four strings replaced by an index on a 64-bit digest.

The packing and the later copies are in :mod:`bench.disk_layouts`.

CPU time (``time.process_time``) is quoted beside wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import zstandard

from bench.bench_scale import QUERIES, percentile
from bench.disk_layouts import (
    load,
    pack_entities,
    packed_concordance,
    pairs_articles,
    part_columns,
    part_final,
    part_more,
    part_pages,
    print_sizes,
    register,
)
from reader.search import search, search_articles
from reader.store.articles import get_article
from reader.store.database import Connection
from reader.store.entities.browsing import entity_articles
from reader.store.entities.queries import concordance

DICT_BYTES = 112_640  # zstd's default dictionary size
DICT_SAMPLES = 2_000  # texts the dictionary is trained on
Codec = tuple[Callable[[bytes], bytes], Callable[[bytes], bytes]]


def chars_of(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT sum(chars) FROM article_versions").fetchone()[0])


def sample_versions(conn: sqlite3.Connection, count: int, offset: float) -> list[int]:
    """Current versions of every k-th article, starting ``offset`` of the way into a step."""
    ids = [r[0] for r in conn.execute("SELECT current_version_id FROM articles ORDER BY id")]
    step = max(1, len(ids) // count)
    return ids[int(step * offset) :: step][:count]


def texts_of(conn: sqlite3.Connection, version_ids: list[int]) -> list[str]:
    return [
        conn.execute("SELECT clean_text FROM article_versions WHERE id = ?", (v,)).fetchone()[0]
        for v in version_ids
    ]


def train(texts: list[str]) -> zstandard.ZstdCompressionDict:
    return zstandard.train_dictionary(DICT_BYTES, [t.encode() for t in texts])


def codecs(dictionary: zstandard.ZstdCompressionDict) -> dict[str, Codec]:
    found: dict[str, Codec] = {}
    for level in (1, 6, 9):
        found[f"zlib {level}"] = (lambda b, lv=level: zlib.compress(b, lv), zlib.decompress)
    for level in (3, 9, 19):
        plain = zstandard.ZstdCompressor(level=level)
        found[f"zstd {level}"] = (plain.compress, zstandard.ZstdDecompressor().decompress)
        packer = zstandard.ZstdCompressor(level=level, dict_data=dictionary)
        unpacker = zstandard.ZstdDecompressor(dict_data=dictionary)
        found[f"zstd {level} + dictionary"] = (packer.compress, unpacker.decompress)
    return found


def part_text(store: Path, count: int) -> None:
    conn = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    texts = texts_of(conn, sample_versions(conn, count, 0.0))
    started, cpu = time.perf_counter(), time.process_time()
    dictionary = train(texts_of(conn, sample_versions(conn, DICT_SAMPLES, 0.5)))
    print(
        f"dictionary trained on {DICT_SAMPLES:,} other texts: {len(dictionary.as_bytes()):,} B,"
        f" {time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
    )
    conn.close()
    raw = [t.encode() for t in texts]
    chars, utf8 = sum(map(len, texts)), sum(map(len, raw))
    real = [p.read_text(encoding="utf-8") for p in sorted(Path("corpus").glob("*.txt"))]
    real_raw = [t.encode() for t in real]
    real_chars = sum(map(len, real))
    print(
        f"sample: {len(texts):,} texts (every {100_000 // count}th article), {chars / 1e6:.1f} M"
        f" chars, UTF-8 {utf8 / chars:.3f} B/char; real corpus/: {len(real)} texts,"
        f" {real_chars:,} chars, UTF-8 {sum(map(len, real_raw)) / real_chars:.3f} B/char"
    )
    print(
        "codec | B/char (sample) | saved B/char | compress CPU µs/text | decompress µs/text"
        " median / p95 (wall) | decompress CPU µs/text | B/char on real corpus/"
    )
    for name, (pack, unpack) in codecs(dictionary).items():
        cpu = time.process_time()
        packed = [pack(b) for b in raw]
        pack_cpu = (time.process_time() - cpu) / len(raw) * 1e6
        timings = []
        cpu = time.process_time()
        for blob in packed:
            begun = time.perf_counter()
            unpack(blob)
            timings.append((time.perf_counter() - begun) * 1e6)
        unpack_cpu = (time.process_time() - cpu) / len(raw) * 1e6
        size = sum(map(len, packed))
        real_size = sum(len(pack(b)) for b in real_raw)
        print(
            f"{name} | {size / chars:.3f} | {(utf8 - size) / chars:.3f} | {pack_cpu:.0f} |"
            f" {statistics.median(timings):.0f} / {percentile(timings, 0.95):.0f} |"
            f" {unpack_cpu:.0f} | {real_size / real_chars:.3f}"
        )
    print(f"({load()})")


def part_build(store: Path, work: Path, level: int) -> None:
    target = work / "text_z.db"
    shutil.copyfile(store, target)
    conn = sqlite3.connect(target)
    conn.execute("PRAGMA journal_mode = DELETE")
    started, cpu = time.perf_counter(), time.process_time()
    dictionary = train(texts_of(conn, sample_versions(conn, DICT_SAMPLES, 0.5)))
    conn.execute("CREATE TABLE text_dictionary (dictionary BLOB NOT NULL)")
    conn.execute("INSERT INTO text_dictionary VALUES (?)", (dictionary.as_bytes(),))
    columns = [r[1] for r in conn.execute("PRAGMA table_info(article_versions)")]
    table_sql, index_sql = (
        conn.execute("SELECT sql FROM sqlite_master WHERE name = 'article_versions'").fetchone()[0],
        [
            r[0]
            for r in conn.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
                " AND tbl_name = 'article_versions'"
            )
        ],
    )
    conn.execute(
        table_sql.replace("CREATE TABLE article_versions", "CREATE TABLE article_versions_z")
        .replace("clean_text TEXT NOT NULL", "clean_z BLOB NOT NULL")
        .replace("REFERENCES articles(id)", "")
    )
    packer = zstandard.ZstdCompressor(level=level, dict_data=dictionary)
    at = columns.index("clean_text")
    batch = []
    for row in conn.execute("SELECT * FROM article_versions ORDER BY id").fetchall():
        batch.append((*row[:at], packer.compress(row[at].encode()), *row[at + 1 :]))
    marks = ",".join("?" * len(columns))
    conn.executemany(f"INSERT INTO article_versions_z VALUES ({marks})", batch)
    del batch
    conn.execute("DROP TABLE article_versions")
    for sql in index_sql:
        conn.execute(sql.replace(" ON article_versions", " ON article_versions_z"))
    shown = ", ".join("unz(clean_z) AS clean_text" if c == "clean_text" else c for c in columns)
    conn.execute(f"CREATE VIEW article_versions AS SELECT {shown} FROM article_versions_z")
    conn.commit()
    print(
        f"text compressed (zstd {level} + dictionary): {time.perf_counter() - started:.0f} s"
        f" wall, {time.process_time() - cpu:.0f} s CPU"
    )
    pack_entities(conn)
    started = time.perf_counter()
    conn.execute("VACUUM")
    print(f"vacuumed in {time.perf_counter() - started:.0f} s")
    conn.close()


def timed(call: Callable[[], object], wall: list[float], cpu: list[float]) -> None:
    started, begun = time.perf_counter(), time.process_time()
    call()
    wall.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - begun) * 1000)


def part_search(store: Path, work: Path, rounds: int) -> None:
    conns = {"store": sqlite3.connect(f"file:{store}?mode=ro", uri=True)}
    conns["text_z"] = sqlite3.connect(f"file:{work / 'text_z.db'}?mode=ro", uri=True)
    register(conns["text_z"])
    conns["text_z memo"] = sqlite3.connect(f"file:{work / 'text_z.db'}?mode=ro", uri=True)
    register(conns["text_z memo"], memo=True)
    if (work / "store_8k.db").exists():  # made by the part "pages"
        conns["store 8k"] = sqlite3.connect(f"file:{work / 'store_8k.db'}?mode=ro", uri=True)
        conns["text_z8 memo"] = sqlite3.connect(f"file:{work / 'text_z8.db'}?mode=ro", uri=True)
        register(conns["text_z8 memo"], memo=True)
        conns["text_z16 memo"] = sqlite3.connect(f"file:{work / 'text_z16.db'}?mode=ro", uri=True)
        register(conns["text_z16 memo"], memo=True)
    base = conns["store"]
    rng = random.Random(7)
    (last,) = base.execute("SELECT max(id) FROM articles").fetchone()
    short = []
    for article in rng.sample(range(1, last + 1), 150):
        text = get_article(Connection(base), article).clean_text
        size, start = rng.choice((1, 2, 2)), rng.randrange(0, max(1, len(text) - 2))
        if text[start : start + size].strip():
            short.append(text[start : start + size])
    opened = rng.sample(range(1, last + 1), 200)
    top = [
        r[0]
        for r in base.execute(
            "SELECT entity_id FROM entity_occurrences WHERE entity_id IS NOT NULL"
            " GROUP BY entity_id HAVING count(*) > 20000 ORDER BY count(*) DESC"
        )
    ]
    entities = [top[0], top[-1]]  # the most mentioned, and one just over 20,000
    pages: list[tuple[int, int | None]] = []  # (entity, after article): first, 2,000th
    for entity in entities:
        deep = base.execute(
            "SELECT t.article_id FROM (SELECT DISTINCT text_id FROM entity_occurrences"
            " WHERE entity_id = ? ORDER BY text_id LIMIT 1 OFFSET 2000) o"
            " JOIN entity_texts t ON t.text_id = o.text_id",
            (entity,),
        ).fetchone()[0]
        pages += [(entity, None), (entity, deep)]
    print(f"entities {entities}; {len(short)} short substrings; {len(opened)} articles opened")
    cases: dict[str, Callable[[Connection], Iterator[Callable[[], object]]]] = {
        "query mix: search, 50 hits": lambda db: (
            (lambda q=q: search(db, q, limit=50)) for _, q in QUERIES
        ),
        "query mix: search by articles, 50": lambda db: (
            (lambda q=q: search_articles(db, q, article_limit=50)) for _, q in QUERIES
        ),
        "random 1-2 char substrings, 50 articles": lambda db: (
            (lambda q=q: search_articles(db, q, article_limit=50)) for q in short
        ),
        "open an article": lambda db: ((lambda a=a: get_article(db, a)) for a in opened),
        "concordance first page (50 lines)": lambda db: (
            (lambda e=e: concordance(db, e, limit=50)) for e in entities * 5
        ),
        "entity's articles, first page / deep in": lambda db: (
            (lambda e=e, a=a: entity_articles(db, e, after=a)) for e, a in pages * 5
        ),
    }
    for entity, after in pages:  # the pairs give the same page as the real code
        assert entity_articles(Connection(base), entity, after=after) == pairs_articles(
            conns["text_z memo"], entity, after
        ), f"articles from the pairs differ for entity {entity}"
    for entity in entities:  # the packed rows give the same page as the real code
        real = [
            (group.article_id, line.start, line.keyword)
            for group in concordance(Connection(base), entity, limit=50)
            for line in group.lines
        ]
        packed = packed_concordance(conns["text_z memo"], entity)
        assert real == [(a, start, k) for a, start, _, k, _ in packed], (
            f"packed concordance differs for entity {entity}"
        )
    figures: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    for _ in range(rounds):
        for name, conn in conns.items():
            db = Connection(conn)
            for case, calls in cases.items():
                wall, cpu = figures.setdefault((case, name), ([], []))
                for call in calls(db):
                    timed(call, wall, cpu)
            if name.startswith("text_z") and name.endswith("memo"):
                wall, cpu = figures.setdefault(("concordance, packed rows", name), ([], []))
                for entity in entities * 5:
                    timed(lambda e=entity, c=conn: packed_concordance(c, e), wall, cpu)
                case = "entity's articles from the pairs, first page / deep in"
                wall, cpu = figures.setdefault((case, name), ([], []))
                for entity, after in pages * 5:
                    timed(lambda e=entity, a=after, c=conn: pairs_articles(c, e, a), wall, cpu)
        print(f"(round done, {load()})")
    case = "random 1-2 char substrings, 50 articles"
    cpu = figures[(case, "store")][1]
    slowest = sorted(range(len(cpu)), key=lambda i: -cpu[i])[:6]
    for i in slowest:
        shown = ", ".join(f"{n} {figures[(case, n)][1][i]:.0f}" for n in conns)
        print(f"slow short query {short[i % len(short)]!r}: CPU ms {shown}")
    print("case | copy | wall median / p95 ms | CPU median / p95 ms")
    for (case, name), (wall, cpu) in figures.items():
        print(
            f"{case} | {name} | {statistics.median(wall):.2f} / {percentile(wall, 0.95):.2f} |"
            f" {statistics.median(cpu):.2f} / {percentile(cpu, 0.95):.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--work", type=Path, required=True)
    parser.add_argument(
        "--parts",
        nargs="+",
        default=["sizes", "text", "build", "columns", "pages", "search", "final", "more"],
    )
    parser.add_argument("--sample", type=int, default=10_000)
    parser.add_argument("--level", type=int, default=9)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    conn = sqlite3.connect(f"file:{args.store}?mode=ro", uri=True)
    chars = chars_of(conn)
    conn.close()
    args.work.mkdir(parents=True, exist_ok=True)
    for part in args.parts:
        print(f"\n## {part} ({load()})")
        started, cpu = time.perf_counter(), time.process_time()
        if part == "sizes":
            print_sizes(args.store, chars, top=20)
        elif part == "text":
            part_text(args.store, args.sample)
        elif part == "build":
            part_build(args.store, args.work, args.level)
            print_sizes(args.work / "text_z.db", chars)
        elif part == "search":
            part_search(args.store, args.work, args.rounds)
        elif part == "final":
            part_final(args.work, chars)
        elif part == "more":
            part_more(args.work, chars)
        elif part == "columns":
            part_columns(args.work)
        elif part == "pages":
            part_pages(args.store, args.work, chars)
        print(
            f"[{part}: {time.perf_counter() - started:.0f} s wall, "
            f"{time.process_time() - cpu:.0f} s CPU]"
        )


if __name__ == "__main__":
    main()
