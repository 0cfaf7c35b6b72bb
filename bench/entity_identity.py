"""Digest of every entity analysis output over a fixed set of texts, to check that a
speed-up changes nothing.

    python -m bench.entity_identity [--out FILE] [--compare FILE]

Texts: the first 3,000 CLUENER2020 training sentences (if the data is present), the
seed corpus, every ``tests/gold/*`` article as written and with its script flipped, and
60 synthetic articles (``bench/corpus_generator.py``, seed 7). Each text's output of
:func:`reader.entities.analysis.analyse_text` (spans, surfaces, keys, kinds, declared)
is hashed; the file written holds one hash per text and a digest of them all, so a
comparison names the texts that changed. Run it on the tree before a change and after
it: any difference is a change of behaviour, not of speed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from pathlib import Path

from bench.bench_ner import find_data
from bench.corpus_generator import SEED_CORPUS, generate
from reader.entities.analysis import analyse_text

GOLD = Path(__file__).resolve().parent.parent / "tests" / "gold"
CLUENER = 3000


def texts() -> list[tuple[str, str]]:
    """(label, text) for every text checked, in a fixed order."""
    from opencc import OpenCC

    found: list[tuple[str, str]] = []
    data = find_data()
    if data is not None:
        lines = [line for line in data.read_text(encoding="utf-8").splitlines() if line.strip()]
        for index, line in enumerate(lines[:CLUENER]):
            found.append((f"cluener/{index}", json.loads(line)["text"]))
    for path in sorted(SEED_CORPUS.glob("*.txt")):
        found.append((f"seed/{path.name}", path.read_text(encoding="utf-8")))
    to_simplified, to_traditional = OpenCC("t2s"), OpenCC("s2t")
    for path in sorted(GOLD.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8")
        label = f"gold/{path.parent.name}/{path.name}"
        found.append((label, text))
        flipped = to_simplified.convert(text)
        if flipped == text:
            flipped = to_traditional.convert(text)
        found.append((label + "/flipped", flipped))
    with tempfile.TemporaryDirectory() as temporary:
        for path in generate(Path(temporary), 60, seed=7):
            found.append((f"synthetic/{path.name}", path.read_text(encoding="utf-8")))
    return found


def digests() -> dict[str, str]:
    """Each text's label → the hash of its analysis."""
    return {
        label: hashlib.sha256(repr(analyse_text(text)).encode()).hexdigest()[:16]
        for label, text in texts()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="write the hashes here (JSON)")
    parser.add_argument("--compare", type=Path, help="hashes written by an earlier run")
    args = parser.parse_args()
    hashes = digests()
    total = hashlib.sha256(json.dumps(hashes, sort_keys=True).encode()).hexdigest()[:16]
    print(f"{len(hashes)} texts, digest {total}")
    if args.out:
        args.out.write_text(json.dumps({"digest": total, "texts": hashes}, indent=0))
    if args.compare:
        before = json.loads(args.compare.read_text())["texts"]
        changed = sorted(
            label
            for label in before.keys() | hashes.keys()
            if before.get(label) != hashes.get(label)
        )
        print(f"changed: {len(changed)}")
        for label in changed[:20]:
            print(f"  {label}")
        raise SystemExit(1 if changed else 0)


if __name__ == "__main__":
    main()
