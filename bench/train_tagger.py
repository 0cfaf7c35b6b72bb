"""Train the shipped name tagger (reader/entities/tagger.crfsuite) on CLUENER2020.

    python -m bench.train_tagger [--data PATH] [--output PATH] [--iterations 100]

Trains on the *tune* part of the fixed split in :mod:`bench.bench_ner` only, so the
report part stays held out. Texts are folded and cut exactly as analysis does, so the
features match at run time.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from bench.bench_ner import TYPES, find_data, split
from reader.entities.cutting import entity_tokenizer
from reader.entities.tagger import MODEL_FILE, features
from reader.folding import fold_text

#: CLUENER type → label suffix (person, organisation, place).
TYPE_LABELS = {
    "name": "P",
    "company": "O",
    "organization": "O",
    "government": "O",
    "address": "L",
}


def typed_rows(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(text, [(start, end, label suffix)]) per line, with the same order as
    :func:`bench.bench_ner.load` so the split is the same."""
    import json

    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        spans = [
            (start, end + 1, TYPE_LABELS[kind])
            for kind, mentions in record.get("label", {}).items()
            if kind in TYPES
            for places in mentions.values()
            for start, end in places
        ]
        rows.append((record["text"], spans))
    return rows


def bioes(size: int, spans: list[tuple[int, int, str]]) -> list[str]:
    labels = ["O"] * size
    for start, end, suffix in sorted(spans, key=lambda s: (s[0], -s[1])):
        if any(label != "O" for label in labels[start:end]):
            continue  # nested or overlapping spans: keep the first, longest
        if end - start == 1:
            labels[start] = "S-" + suffix
            continue
        labels[start] = "B-" + suffix
        for index in range(start + 1, end - 1):
            labels[index] = "I-" + suffix
        labels[end - 1] = "E-" + suffix
    return labels


def main() -> None:
    import pycrfsuite

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path)
    default = Path(__file__).resolve().parent.parent / "reader" / "entities" / MODEL_FILE
    parser.add_argument("--output", type=Path, default=default)
    parser.add_argument("--iterations", type=int, default=100)
    parser.add_argument("--c1", type=float, default=0.1)
    parser.add_argument("--c2", type=float, default=0.01)
    parser.add_argument("--minfreq", type=float, default=2)
    args = parser.parse_args()
    data = args.data or find_data()
    if data is None:
        parser.error("CLUENER2020 train.json not found: pass --data")
    tune, _report = split(typed_rows(data))
    tokenizer = entity_tokenizer()
    trainer = pycrfsuite.Trainer(verbose=False)
    for text, spans in tune:
        folded = fold_text(text)
        tokens = list(tokenizer.cut(folded, HMM=True))
        trainer.append(features(folded, tokens), bioes(len(text), spans))
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.minfreq": args.minfreq,
            "feature.possible_transitions": True,
        }
    )
    started = time.perf_counter()
    trainer.train(str(args.output))
    print(
        f"trained on {len(tune)} sentences in {time.perf_counter() - started:.0f} s: "
        f"{args.output} ({args.output.stat().st_size / 1e6:.1f} MB)"
    )


if __name__ == "__main__":
    main()
