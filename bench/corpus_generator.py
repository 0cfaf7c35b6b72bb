"""Synthetic articles for benchmarks: N files of about 5,000 characters, both scripts.

Sentences are drawn from the seed corpus and recombined with random names, figures and
model names, so the text has the vocabulary, punctuation and script mix of real news
while every article is distinct. Half the articles are converted to traditional script.

    python -m bench.corpus_generator OUT_DIR N [--chars 5000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from reader.conversion import TO_SIMPLIFIED, TO_TRADITIONAL, convert_plain

SEED_CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NAMES = ["马斯克", "奥特曼", "黄仁勋", "纳德拉", "梁文锋", "贝索斯", "库克", "扎克伯格"]
PRODUCTS = ["Grok 3", "GPT-4o", "DeepSeek-R1", "H100", "Llama 4", "Gemini 2.0", "o1-pro"]
PLACES = ["北京", "上海", "深圳", "硅谷", "华盛顿", "伦敦", "东京", "新加坡"]


def seed_sentences() -> list[str]:
    """Sentences of the seed corpus, in simplified script, without page debris."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED_CORPUS.glob("*.txt")))
    text = convert_plain(re.sub(r"!\[[^\]]*\]\([^)]*\)|https?://\S+", "", text), TO_SIMPLIFIED)
    pieces = re.split(r"(?<=[。！？])|\n", text)
    return [p.strip() for p in pieces if 8 <= len(p.strip()) <= 120 and "---" not in p]


def article(rng: random.Random, sentences: list[str], chars: int, index: int) -> str:
    name, product, place = rng.choice(NAMES), rng.choice(PRODUCTS), rng.choice(PLACES)
    title = f"{name}在{place}谈{product}（第{index}期）"
    lines = [
        title,
        f"来源：测试日报 {index % 97}",
        f"日期：2025-{1 + index % 12:02d}-{1 + index % 28:02d}",
    ]
    paragraph: list[str] = []
    size = sum(len(line) for line in lines)
    while size < chars:
        sentence = rng.choice(sentences)
        if rng.random() < 0.3:
            who, what, where = rng.choice(NAMES), rng.choice(PRODUCTS), rng.choice(PLACES)
            sentence = f"{who}表示，{what}在{where}的增长达到{rng.randint(2, 99)}%。"
        paragraph.append(sentence)
        size += len(sentence)
        if len(paragraph) >= rng.randint(2, 5):
            lines.append("".join(paragraph))
            paragraph = []
    if paragraph:
        lines.append("".join(paragraph))
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, count: int, *, chars: int = 5000, seed: int = 1) -> list[Path]:
    """Write ``count`` articles into ``out_dir`` and return their paths."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        text = article(rng, sentences, chars, index)
        if index % 2:
            text = convert_plain(text, TO_TRADITIONAL)
        path = out_dir / f"article_{index:06d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("count", type=int)
    parser.add_argument("--chars", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    paths = generate(args.out_dir, args.count, chars=args.chars, seed=args.seed)
    print(f"wrote {len(paths)} articles to {args.out_dir}")


if __name__ == "__main__":
    main()
