"""Entity occurrences packed one row per text: the layout option 2 of
:mod:`bench.bench_disk_options` measures (writing, unpacking, a concordance page).

A text's row is varints, four per occurrence in offset order: the offset's delta from
the previous one, length*2 + declared, form id, entity id + 1 (0: none). Beside it, a
table of the distinct (entity, text) pairs with their mention count, which is what an
entity's article list and concordance page through.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import time
import zlib
from array import array
from collections.abc import Iterator
from pathlib import Path

from bench.bench_scale import percentile


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
