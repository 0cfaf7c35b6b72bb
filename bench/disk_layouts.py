"""The layouts :mod:`bench.bench_disk_options` builds as derived copies of a store,
and their sizes: entity occurrences packed one row per text (writing, unpacking, a
concordance page, an entity's articles), then the copies of the parts ``pages``,
``final`` and ``more``.

A text's row is varints, four per occurrence in offset order: the offset's delta from
the previous one, length*2 + declared, form id, entity id + 1 (0: none). Beside it, a
table of the distinct (entity, text) pairs with their mention count, which is what an
entity's article list and concordance page through.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import statistics
import time
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path

import zstandard

from bench.bench_scale import percentile
from reader.store.entities.browsing import PAGE, EntityArticle


def load() -> str:
    return "load " + " ".join(f"{x:.1f}" for x in os.getloadavg())


def varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def unvarints(blob: bytes) -> Iterator[int]:
    value = shift = 0
    for byte in blob:
        value |= (byte & 0x7F) << shift
        if byte & 0x80:
            shift += 7
        else:
            yield value
            value = shift = 0


def unpack_occurrences(blob: bytes) -> list[tuple[int, int, int, int | None]]:
    """(start offset, length, form id, entity id) of a packed text, in offset order."""
    found, offset, values = [], 0, unvarints(blob)
    for delta in values:
        offset += delta
        length, form, entity = next(values) >> 1, next(values), next(values)
        found.append((offset, length, form, entity - 1 if entity else None))
    return found


def pack_entities(conn: sqlite3.Connection) -> None:
    """entity_packed (a row per text) and entity_text_pairs from entity_occurrences."""
    conn.execute("CREATE TABLE entity_packed (text_id INTEGER PRIMARY KEY, occurrences BLOB)")
    conn.execute(
        "CREATE TABLE entity_text_pairs (entity_id INTEGER, text_id INTEGER, mentions INTEGER,"
        " PRIMARY KEY (entity_id, text_id)) WITHOUT ROWID"
    )
    started, cpu = time.perf_counter(), time.process_time()
    rows = conn.execute(
        "SELECT text_id, start_offset, length, form_id, declared, entity_id"
        " FROM entity_occurrences ORDER BY text_id, start_offset"
    )
    current, blob, last, deflated, packed = -1, bytearray(), 0, 0, []
    for text_id, start, length, form, declared, entity in rows:
        if text_id != current:
            if current >= 0:
                packed.append((current, bytes(blob)))
                deflated += len(zlib.compress(blob, 6))
            current, blob, last = text_id, bytearray(), 0
        varint(start - last, blob)
        varint(length * 2 + declared, blob)
        varint(form, blob)
        varint(0 if entity is None else entity + 1, blob)
        last = start
        if len(packed) >= 2_000:
            conn.executemany("INSERT INTO entity_packed VALUES (?, ?)", packed)
            packed.clear()
    packed.append((current, bytes(blob)))
    conn.executemany("INSERT INTO entity_packed VALUES (?, ?)", packed)
    conn.execute(
        "INSERT INTO entity_text_pairs SELECT entity_id, text_id, count(*) FROM"
        " entity_occurrences WHERE entity_id IS NOT NULL GROUP BY entity_id, text_id"
    )
    conn.commit()
    (size,) = conn.execute("SELECT sum(length(occurrences)) FROM entity_packed").fetchone()
    print(
        f"occurrences packed: blobs {size / 1e6:.1f} MB (each deflated: {deflated / 1e6:.1f}"
        f" MB), {time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU"
    )


def packed_concordance(
    conn: sqlite3.Connection, entity: int, limit: int = 50, context: int = 20
) -> list[tuple[int, int, str, str, str]]:
    """A first concordance page read from the packed rows: the entity's texts from the
    pairs table, each text's row unpacked and its clean text decompressed once."""
    lines: list[tuple[int, int, str, str, str]] = []
    pairs = conn.execute(
        "SELECT p.text_id, t.article_id, e.occurrences, v.clean_z FROM entity_text_pairs p"
        " JOIN entity_packed e ON e.text_id = p.text_id"
        " JOIN entity_texts t ON t.text_id = p.text_id JOIN articles a ON a.id = t.article_id"
        " JOIN article_versions_z v ON v.id = a.current_version_id WHERE p.entity_id = ?"
        " ORDER BY p.text_id",
        (entity,),
    )
    for _, article, blob, clean_z in pairs:
        text = conn.execute("SELECT unz(?)", (clean_z,)).fetchone()[0]
        for start, length, _, owner in unpack_occurrences(blob):
            if owner == entity:
                end = start + length
                lines.append(
                    (
                        article,
                        start,
                        text[max(start - context, 0) : start],
                        text[start:end],
                        text[end : end + context],
                    )
                )
                if len(lines) >= limit:
                    return lines
    return lines


def decode_times(blobs: list[bytes], inflate: bool) -> str:
    timings = []
    cpu = time.process_time()
    for blob in blobs:
        started = time.perf_counter()
        unpack_occurrences(zlib.decompress(blob) if inflate else blob)
        timings.append((time.perf_counter() - started) * 1e6)
    spent = (time.process_time() - cpu) / len(blobs) * 1e6
    return (
        f"unpack µs/text median {statistics.median(timings):.0f}, p95"
        f" {percentile(timings, 0.95):.0f} (CPU mean {spent:.0f})"
    )


def columns_of(occurrences: list[tuple[int, int, int, int | None]]) -> bytes:
    """A text's occurrences as four fixed-width columns (offset delta, length, form id,
    entity id + 1), deflated: what C code (``array``) can decode without a Python loop."""
    deltas, lengths, forms, owners = array("I"), array("H"), array("I"), array("I")
    last = 0
    for start, length, form, entity in occurrences:
        deltas.append(start - last)
        lengths.append(length)
        forms.append(form)
        owners.append(0 if entity is None else entity + 1)
        last = start
    data = deltas.tobytes() + lengths.tobytes() + forms.tobytes() + owners.tobytes()
    return zlib.compress(data, 6)


def uncolumn(blob: bytes) -> tuple[array, array, array, array]:
    data = zlib.decompress(blob)
    count = len(data) // 14
    parts = (("I", 4), ("H", 2), ("I", 4), ("I", 4))
    found, at = [], 0
    for code, width in parts:
        column = array(code)
        column.frombytes(data[at : at + count * width])
        found.append(column)
        at += count * width
    return found[0], found[1], found[2], found[3]


def part_columns(work: Path) -> None:
    """Packed rows as deflated fixed-width columns, on every 100th text of text_z.db."""
    conn = sqlite3.connect(f"file:{work / 'text_z.db'}?mode=ro", uri=True)
    blobs = [
        r[0] for r in conn.execute("SELECT occurrences FROM entity_packed WHERE text_id % 100 = 0")
    ]
    conn.close()
    plain = sum(map(len, blobs))
    deflated = sum(len(zlib.compress(b, 6)) for b in blobs)
    packed = [columns_of(unpack_occurrences(b)) for b in blobs]
    timings = []
    cpu = time.process_time()
    for blob in packed:
        started = time.perf_counter()
        _, _, _, owners = uncolumn(blob)
        [i for i, owner in enumerate(owners) if owner == 840]  # a page's filter
        timings.append((time.perf_counter() - started) * 1e6)
    spent = (time.process_time() - cpu) / len(packed) * 1e6
    print(
        f"{len(blobs)} texts: varints {plain / 1e6:.2f} MB, varints deflated"
        f" {deflated / 1e6:.2f} MB, fixed-width columns deflated"
        f" {sum(map(len, packed)) / 1e6:.2f} MB; columns decoded and filtered: µs/text median"
        f" {statistics.median(timings):.0f}, p95 {percentile(timings, 0.95):.0f}"
        f" (CPU mean {spent:.0f}) ({load()})"
    )


def pairs_articles(
    conn: sqlite3.Connection, entity: int, after: int | None, limit: int = PAGE
) -> list[EntityArticle]:
    """``entity_articles``'s page read from the pairs table rather than the occurrences'
    entity index (its query, with the count per text stored rather than counted)."""
    after_text = -1
    if after is not None:
        row = conn.execute("SELECT text_id FROM entity_texts WHERE article_id = ?", (after,))
        after_text = row.fetchone()[0]
    rows = conn.execute(
        """
        SELECT m.text_id, t.article_id, v.title, m.mentions
        FROM (SELECT text_id, mentions FROM entity_text_pairs
              WHERE entity_id = :entity AND text_id >= :after_text
              ORDER BY text_id LIMIT :limit) m
        JOIN entity_texts t ON t.text_id = m.text_id
        JOIN articles a ON a.id = t.article_id
        JOIN article_versions_z v ON v.id = a.current_version_id
        """,
        {"entity": entity, "after_text": after_text, "limit": limit + 1},
    ).fetchall()
    after_key = (after_text, -1 if after is None else after)
    page = sorted((text, a, title, n) for text, a, title, n in rows if (text, a) > after_key)
    return [EntityArticle(int(a), str(title), int(n)) for _text, a, title, n in page[:limit]]


def table_sizes(conn: sqlite3.Connection) -> dict[str, int]:
    rows = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    return {name: int(size) for name, size in rows}


def print_sizes(path: Path, chars: int, top: int = 14) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sizes = table_sizes(conn)
    conn.close()
    size = path.stat().st_size
    print(f"{path.name}: {size / 1e6:,.1f} MB, {size / chars:.2f} B/char ({load()})")
    for name, pages in sorted(sizes.items(), key=lambda item: -item[1])[:top]:
        print(f"  {name:36} {pages / 1e6:8.1f} MB {pages / chars:6.3f} B/char")
    return sizes


def register(conn: sqlite3.Connection, memo: bool = False) -> None:
    """The decompressing function the view of ``text_z.db`` calls. SQLite calls it once
    per use of ``v.clean_text`` in a statement (the scan's ``instr`` once per spelling,
    the concordance's ``substr`` three times a line); ``memo`` keeps the last text, so
    repeated calls on the same row decompress once."""
    (blob,) = conn.execute("SELECT dictionary FROM text_dictionary").fetchone()
    unpacker = zstandard.ZstdDecompressor(dict_data=zstandard.ZstdCompressionDict(blob))
    last: list[object] = [None, None]

    def unz(packed: bytes) -> str:
        if memo and packed == last[0]:
            return str(last[1])
        text = unpacker.decompress(packed).decode("utf-8")
        last[:] = [packed, text]
        return text

    conn.create_function("unz", 1, unz, deterministic=True)


def part_final(work: Path, chars: int) -> None:
    target = work / "final.db"
    shutil.copyfile(work / "text_z.db", target)
    conn = sqlite3.connect(target)
    conn.execute("DROP INDEX entity_occurrences_entity")
    conn.execute("DROP TABLE entity_occurrences")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()
    print_sizes(target, chars)
    conn = sqlite3.connect(target)
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("INSERT INTO search_trigrams(search_trigrams) VALUES ('optimize')")
    conn.commit()
    conn.execute("VACUUM")
    print(
        f"FTS5 optimize + vacuum: {time.perf_counter() - started:.0f} s wall,"
        f" {time.process_time() - cpu:.0f} s CPU; search_trigrams_data"
        f" {table_sizes(conn)['search_trigrams_data'] / 1e6:.1f} MB,"
        f" file {target.stat().st_size / chars:.3f} B/char"
    )
    for page in (8192, 16384):
        conn.execute(f"PRAGMA page_size = {page}")
        conn.execute("VACUUM")
        print(f"page size {page}: file {target.stat().st_size / chars:.3f} B/char ({load()})")
    conn.close()


def part_more(work: Path, chars: int) -> None:
    """Further steps on final.db, each kept for the next: packed rows deflated, the
    forms' unique index on four strings replaced by an index on a 64-bit digest."""
    target = work / "final.db"
    conn = sqlite3.connect(target)
    register(conn)  # renaming a table parses the triggers and views (some read
    conn.execute("PRAGMA legacy_alter_table = ON")  # the occurrences, gone from this copy)
    blobs = [
        r[0] for r in conn.execute("SELECT occurrences FROM entity_packed WHERE text_id % 100 = 0")
    ]
    print(f"plain packed rows ({len(blobs)} texts): {decode_times(blobs, False)}")
    conn.create_function("deflate", 1, lambda b: zlib.compress(b, 6), deterministic=True)
    conn.execute("UPDATE entity_packed SET occurrences = deflate(occurrences)")
    conn.commit()
    conn.execute("VACUUM")
    blobs = [
        r[0] for r in conn.execute("SELECT occurrences FROM entity_packed WHERE text_id % 100 = 0")
    ]
    print(f"deflated packed rows: {decode_times(blobs, True)}")
    sizes = table_sizes(conn)
    print(
        f"packed rows deflated: entity_packed {sizes['entity_packed'] / 1e6:.1f} MB,"
        f" file {target.stat().st_size / 1e6:,.1f} MB, {target.stat().st_size / chars:.3f} B/char"
    )

    def digest(*parts: str) -> int:
        data = "\x1f".join(parts).encode()
        return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "big", signed=True)

    conn.create_function("digest", 4, digest, deterministic=True)
    conn.executescript(
        """
        CREATE TABLE entity_forms_d (id INTEGER PRIMARY KEY, surface_key TEXT NOT NULL,
            key TEXT NOT NULL, kind TEXT NOT NULL, surface TEXT NOT NULL, digest INTEGER);
        INSERT INTO entity_forms_d SELECT id, surface_key, key, kind, surface,
            digest(surface_key, key, kind, surface) FROM entity_forms;
        DROP TABLE entity_forms;
        ALTER TABLE entity_forms_d RENAME TO entity_forms;
        CREATE INDEX entity_forms_digest ON entity_forms(digest);
        """
    )
    conn.execute("VACUUM")
    sizes = table_sizes(conn)
    print(
        f"forms by digest: entity_forms {sizes['entity_forms'] / 1e6:.1f} MB + index"
        f" {sizes['entity_forms_digest'] / 1e6:.1f} MB, file"
        f" {target.stat().st_size / 1e6:,.1f} MB, {target.stat().st_size / chars:.3f} B/char"
    )
    conn.close()
    print_sizes(target, chars, top=20)


def part_pages(store: Path, work: Path, chars: int) -> None:
    """The store as it is, and text_z.db, with 8 KiB pages; text_z.db with 16 KiB pages
    and its FTS index optimized (a copy each, vacuumed)."""
    for source, target, page, optimize in (
        (store, work / "store_8k.db", 8192, False),
        (work / "text_z.db", work / "text_z8.db", 8192, False),
        (work / "text_z.db", work / "text_z16.db", 16384, True),
    ):
        shutil.copyfile(source, target)
        conn = sqlite3.connect(target)
        conn.execute("PRAGMA journal_mode = DELETE")
        started, cpu = time.perf_counter(), time.process_time()
        if optimize:
            conn.execute("INSERT INTO search_trigrams(search_trigrams) VALUES ('optimize')")
            conn.commit()
        conn.execute(f"PRAGMA page_size = {page}")
        conn.execute("VACUUM")
        conn.close()
        print(
            f"{target.name}: {page // 1024} KiB pages{', FTS optimized' if optimize else ''}:"
            f" {time.perf_counter() - started:.0f} s wall, {time.process_time() - cpu:.0f} s CPU"
        )
        print_sizes(target, chars, top=8)
