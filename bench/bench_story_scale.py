"""Entities of a large multi-outlet story corpus made of real news text: the report a
person eyeballs for junk and false merges, with counts.

    python -m bench.bench_story_scale [--articles 1400] [--seed 1] [--keep DIR] [--top 40]

Discovery's thresholds were first set on the eight-article invented stories in
``tests/gold`` and on synthetic filler. This bench puts them where acceptance puts
them: about 1,400 articles from 16 outlets, 95% in traditional script, with real news
prose around the story. Each article is

- **story paragraphs** drawn from one invented story (``tests/gold/estate_fire``, 70%
  of articles, or ``tests/gold/landslide``), varied: sentences recombined clause by
  clause within the story, numbers changed, and now and then a quoted resident known
  only by surname and honorific (陳先生), as real coverage writes them;
- **filler**: real news sentences from CLUENER2020's ``train.json`` (THUCTC / Sina
  news), taken only from its *tune* part (the rows bench_ner's fixed split tunes on
  that also lie in the file's first 80%), never from the report part bench_ner scores;
- **donor lists** in 10% of articles: CLUENER companies written with a qualifier gloss
  (某某（香港）有限公司), the pattern that once made every 香港 of an article a company;
- **outlet debris**: credit lines (【…新聞台】, 記者…報道, （記者…）, 責任編輯：…, 文／…),
  （綜合報道）, and share / subscribe furniture, in each outlet's own style.

The corpus is imported and analysed for real (the store API, as ``reader import`` and
``reader entities`` do), then the top entities by article count are printed with kind,
surface forms and article count, each marked: ``story`` (a name of the invented
story), ``cluener`` (a gold span of any CLUENER type in the sentences used), ``OUTLET``
(an outlet or staff name from the debris: junk) or ``?`` (to eyeball). Counted: the
story's core names that are each one entity, and entities whose surface forms hold two
different known names (possible false merges). CLUENER's own names are real names and
legitimately entities.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRE = ROOT / "tests" / "gold" / "estate_fire"
LANDSLIDE = ROOT / "tests" / "gold" / "landslide"
FIRE_SHARE = 0.7
TRADITIONAL_SHARE = 0.95

#: The core names of each invented story (as in tests/test_entities_*story.py).
CORE = {
    "fire": [
        "嘉晴苑", "晴翠閣", "晴碧閣", "晴峰閣", "秀湄", "秀湄區", "羅家俊", "鍾柏熙", "龐子軒",
        "溫淑儀", "消防處", "保安局", "樓宇安全署", "廉政監察署", "慈恩醫院", "宏耀工程有限公司",
    ],
    "landslide": [
        "周振邦", "許嘉慧", "龍溪村", "龍溪水庫", "白石鎮", "青峰縣", "青峰縣應急管理局",
        "省水利廳", "青峰縣人民醫院", "恆泰建設集團",
    ],
}  # fmt: skip
#: Other names the stories write (a top entity may be one of them).
OTHER_NAMES = [
    "秀湄裁判法院", "省紅十字會", "梁國華", "人大常委會", "青峰縣人大常委會", "黃志強", "鄭曉梅",
    "羅永康", "宋雅琳", "何立新", "陳阿婆", "白石鎮中心小學", "青峰縣氣象局", "龍溪水庫管理所",
    "中央電視台", "縣政府", "鎮政府", "縣紀委監委", "青峰", "新華社", "龍溪",
]  # fmt: skip

#: Invented outlets: (name, its credit line style).
OUTLETS = [
    ("Wave新聞台", "bracket"), ("東灣日報", "reporter"), ("港聲新聞網", "paren"),
    ("晨光報", "reporter"), ("南岸快訊", "bracket"), ("東岸時報", "byline"),
    ("TVX新聞", "bracket"), ("灣區電視", "paren"), ("城市週刊", "byline"),
    ("北角日報", "reporter"), ("明澄新聞", "paren"), ("香江財經網", "byline"),
    ("海峽通訊社", "reporter"), ("Daily Harbour", "bracket"), ("新界傳媒", "paren"),
    ("大道電台", "bracket"),
]  # fmt: skip
SURNAMES = "陳李張黃何林吳劉梁郭楊許鄭謝馮曾蔡羅葉潘袁蘇盧蔣余胡馬朱"
GIVEN = "志偉嘉文俊傑家豪子健凱琳詠詩曉彤浩然雅婷明輝淑芬國強美玲永康卓賢雪瑩德華樂怡"
FURNITURE = [
    "分享：Facebook WhatsApp Twitter",
    "訂閱我們的YouTube頻道，緊貼最新消息",
    "Share this article",
    "相關新聞",
    "點擊查看更多圖片",
    "返回頂部",
    "廣告",
    "下載App 即時接收新聞推送",
    "Follow us on Instagram",
    "（綜合報道）",
    "延伸閱讀",
    "熱門新聞",
]
HONORIFICS = ["先生", "女士", "太太", "伯伯"]
QUOTES = [
    "{who}表示，希望政府盡快交代事件。",
    "居民{who}說，事發時正在家中休息。",
    "{who}直言，不知道日後何去何從。",
    "街坊{who}表示，當晚聽到巨響後立即逃生。",
]


def find_cluener() -> Path | None:
    for folder in Path(__file__).resolve().parents:
        path = folder / "shared" / "data" / "cluener2020" / "train.json"
        if path.is_file():
            return path
    return None


_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,6}")


def companies(path: Path) -> list[str]:
    """CLUENER company names of the tune rows (for donor lists)."""
    from bench.bench_ner import SPLIT_SEED, TUNE_SHARE

    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = list(range(len(lines)))
    random.Random(SPLIT_SEED).shuffle(order)
    head = int(len(lines) * TUNE_SHARE)
    found = set()
    for index in order[: int(len(order) * TUNE_SHARE)]:
        if index < head:
            label = json.loads(lines[index]).get("label", {})
            found.update(
                n for n in label.get("company", {}) if re.fullmatch(r"[\u4e00-\u9fff]{2,6}", n)
            )
    return sorted(found)


def donors(rng: random.Random, names: list[str]) -> str:
    """A donor list: companies with a place gloss, then a sentence naming the place."""
    listed = "、".join(f"{name}（香港）有限公司" for name in rng.sample(names, rng.randint(3, 6)))
    return f"捐款機構包括{listed}等。香港各界踴躍捐款，香港市民亦自發送上物資。"


def filler_rows(path: Path) -> list[tuple[str, list[str]]]:
    """(sentence, gold spans of every type) of the rows both in bench_ner's tune part and
    in the file's first 80%: the report part is never read for tuning."""
    from bench.bench_ner import SPLIT_SEED, TUNE_SHARE

    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = list(range(len(lines)))
    random.Random(SPLIT_SEED).shuffle(order)
    tune = set(order[: int(len(order) * TUNE_SHARE)])
    head = int(len(lines) * TUNE_SHARE)
    rows = []
    for index in sorted(tune):
        if index >= head:
            continue
        record = json.loads(lines[index])
        names = [name for mentions in record.get("label", {}).values() for name in mentions]
        rows.append((record["text"], names))
    return rows


def story_pool(folder: Path) -> tuple[list[list[str]], list[str]]:
    """The story's sentences as clause lists (simplified), and its headlines."""
    from reader.conversion import TO_SIMPLIFIED, convert_plain

    sentences: list[list[str]] = []
    titles: list[str] = []
    for path in sorted(folder.glob("*.txt")):
        text = convert_plain(path.read_text(encoding="utf-8"), TO_SIMPLIFIED)
        for line in text.splitlines():
            line = line.strip()
            if line.startswith("标题："):
                titles.append(line[3:])
            if not line or re.match(r"^(标题|来源|日期)：", line) or "记者" in line[:6]:
                continue
            for sentence in re.findall(r"[^。！？]+[。！？]", line):
                sentence = re.sub(r"^新华社\S*电\s*", "", sentence)
                sentences.append(re.split(r"(?<=[，；])", sentence))
    return sentences, titles


_NUMBER = re.compile(r"[0-9]+|[一二三四五六七八九十]+(?=[名人辆宗座天日个多])")


def vary(rng: random.Random, pool: list[list[str]]) -> str:
    """A story sentence, clauses now and then swapped with another sentence's, numbers
    changed."""
    clauses = list(rng.choice(pool))
    if len(clauses) > 1 and rng.random() < 0.5:
        other = rng.choice(pool)
        index = rng.randrange(len(clauses) - 1)
        clauses[index] = rng.choice(other).rstrip("。！？")
        if not clauses[index].endswith(("，", "；")):
            clauses[index] += "，"
    sentence = "".join(clauses)
    return _NUMBER.sub(
        lambda m: str(rng.randint(2, 60)) if m.group().isdigit() else rng.choice("三五七九十"),
        sentence,
    )


def staff(rng: random.Random) -> list[str]:
    return [rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, 2)) for _ in range(4)]


def article(
    rng: random.Random,
    story: tuple[list[list[str]], list[str]],
    filler: list[str],
    outlet: tuple[str, str, list[str]],
    givers: list[str],
) -> str:
    """One article: headline, credit line, story and filler paragraphs, end credits."""
    from reader.conversion import TO_TRADITIONAL, convert_plain

    pool, titles = story
    name, style, people = outlet
    reporter, editor = rng.choice(people[:3]), people[3]
    lines = []
    if style == "bracket":
        lines.append(f"【{name}】")
    elif style == "reporter":
        lines.append(f"本報記者{reporter}報道")
    elif style == "byline":
        lines.append(f"文／{reporter}　攝影／{rng.choice(people[:3])}")
    paragraphs = []
    for _ in range(rng.randint(3, 7)):
        story_part = [vary(rng, pool) for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.15:
            who = rng.choice(SURNAMES) + rng.choice(HONORIFICS)
            story_part.append(rng.choice(QUOTES).format(who=who))
        paragraphs.append("".join(story_part))
        if rng.random() < 0.6:
            paragraphs.append("".join(filler.pop() for _ in range(rng.randint(1, 4)) if filler))
    if rng.random() < 0.1:
        paragraphs.insert(rng.randrange(len(paragraphs) + 1), donors(rng, givers))
    if style == "paren":
        paragraphs[0] = f"（{name}記者{reporter}）" + paragraphs[0]
    lines += [p for p in paragraphs if p]
    if rng.random() < 0.3:
        lines.append("（綜合報道）")
    lines.append(f"責任編輯：{editor}")
    lines += rng.sample(FURNITURE, rng.randint(1, 3))
    title = rng.choice(titles)
    text = "\n\n".join(lines)
    if rng.random() < TRADITIONAL_SHARE:
        return convert_plain(f"{title}\n\n{text}", TO_TRADITIONAL)
    from reader.conversion import TO_SIMPLIFIED

    return convert_plain(f"{title}\n\n{text}", TO_SIMPLIFIED)


def build(folder: Path, articles: int, seed: int) -> tuple[set[str], set[str]]:
    """Write the corpus; return the CLUENER names used and the debris names."""
    from reader.conversion import TO_SIMPLIFIED, convert_plain

    rng = random.Random(seed)
    data = find_cluener()
    if data is None:
        raise SystemExit("CLUENER2020 train.json not found")
    rows = filler_rows(data)
    givers = companies(data)
    stories = {"fire": story_pool(FIRE), "landslide": story_pool(LANDSLIDE)}
    outlets = [(name, style, staff(rng)) for name, style in OUTLETS]
    debris = {name for name, _ in OUTLETS} | {p for *_, people in outlets for p in people}
    used: set[str] = set()
    deck: list[str] = []
    for index in range(articles):
        if len(deck) < 20:
            batch = rows[:]
            rng.shuffle(batch)
            deck = [text for text, _ in batch] + deck
            if not used:
                used = {name for _, names in rows for name in names}
        story = stories["fire" if rng.random() < FIRE_SHARE else "landslide"]
        text = article(rng, story, deck, rng.choice(outlets), givers)
        (folder / f"{index:05d}.txt").write_text(text, encoding="utf-8")
    return {convert_plain(n, TO_SIMPLIFIED) for n in used}, debris


def report(db, folder: Path, top: int, cluener: set[str], debris: set[str]) -> None:
    from reader.folding import fold_query
    from reader.store import entities as entity_store

    story = {fold_query(n) for names in CORE.values() for n in names} | {
        fold_query(n) for n in OTHER_NAMES
    }
    cluener = {fold_query(n) for n in cluener}
    staff_names = {fold_query(n) for n in debris}

    def mark(name: str) -> str:
        key = fold_query(name)
        if key in story:
            return "story"
        if key in staff_names:
            return "OUTLET"
        if key in cluener:
            return "cluener"
        return "?"

    entities = entity_store.list_entities(db)
    details = entity_store.describe(db, [e.id for e in entities])
    by_alias: dict[str, list] = {}
    for detail in details:
        for alias in {fold_query(a) for a in [*detail.aliases, detail.summary.name]}:
            by_alias.setdefault(alias, []).append(detail)
    texts = [fold_query(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]

    print(f"\ntop {top} entities by articles (articles, mentions, kind, mark: name: aliases)")
    suspicious = 0
    for detail in details[:top]:
        entity = detail.summary
        marked = mark(entity.name)
        suspicious += marked in ("?", "OUTLET")
        aliases = " / ".join(detail.aliases[:8]) + (" …" if len(detail.aliases) > 8 else "")
        print(
            f"{entity.articles:5d} {entity.mentions:6d}  {entity.kind.value:<12} {marked:<7} "
            f"{entity.name}: {aliases}"
        )
    print(f"not a known name in the top {top} (eyeball these): {suspicious}")

    print("\ncore names (articles writing it, entities holding it: articles each)")
    found = 0
    for story_name, names in CORE.items():
        for name in names:
            key = fold_query(name)
            writing = sum(key in text for text in texts)
            holders = by_alias.get(key, [])
            one = len(holders) == 1
            found += one
            each = ", ".join(f"{d.summary.name} {d.summary.articles}" for d in holders) or "-"
            print(f"  {'ok ' if one else 'NO '} {story_name:<9} {name:<10} {writing:5d}  {each}")
    total = sum(map(len, CORE.values()))
    print(f"core names each one entity: {found} of {total}")

    known = story | cluener
    merges = 0
    print("\npossible false merges (an entity whose forms hold different known names)")
    for detail in details:
        keys = {fold_query(a) for a in detail.aliases} & known
        distinct = [k for k in keys if not any(k != o and (k in o or o in k) for o in keys)]
        if len(distinct) > 1:
            merges += 1
            if merges <= 30:
                print(f"  {detail.summary.articles:5d} {detail.summary.name}: {' / '.join(keys)}")
    print(f"possible false merges: {merges}")

    from reader.entities.honorifics import honorific_surname

    print(f"\nentities in the top {top} with a surname-and-honorific form (陳先生) of a full name")
    linked = 0
    for detail in details[:top]:
        forms = [a for a in detail.aliases if honorific_surname(a) is not None]
        if forms and honorific_surname(detail.summary.name) is None:
            linked += 1
            print(f"  {detail.summary.articles:5d} {detail.summary.name}: {' / '.join(forms)}")
    print(f"honorific links in the top {top}: {linked}")


def discovered_report(db, cluener: set[str], debris: set[str], least: int = 8) -> None:
    """Names discovery found in ``least`` texts or more that are no known name: the
    corpus statistics' own junk, before extraction and linking hide or show it."""
    from reader.entities.corpus_discovery import corpus_discovery
    from reader.folding import fold_query

    known = {fold_query(n) for n in [*cluener, *OTHER_NAMES, *debris]}
    known |= {fold_query(n) for names in CORE.values() for n in names}
    found = corpus_discovery(db)
    names = sorted(found.names.items(), key=lambda item: -item[1][1])
    frequent = [(name, value) for name, value in names if value[1] >= least]
    unknown = [(name, value) for name, value in frequent if name not in known]
    print(f"\ndiscovered names in {least}+ texts: {len(frequent)}, unknown: {len(unknown)}")
    print("  " + "  ".join(f"{name} {value[1]}{value[0][0]}" for name, value in unknown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1400)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="write the corpus here and keep it")
    args = parser.parse_args()

    from reader.entities.analysis import analyze_pending
    from reader.entities.corpus_discovery import corpus_discovery
    from reader.importer import import_paths
    from reader.store.database import open_database

    with tempfile.TemporaryDirectory() as temporary:
        folder = args.keep or Path(temporary) / "articles"
        folder.mkdir(parents=True, exist_ok=True)
        cluener, debris = build(folder, args.articles, args.seed)
        size = sum(len(p.read_text(encoding="utf-8")) for p in folder.glob("*.txt"))
        db = open_database(Path(temporary) / "story.db")
        imported = import_paths(db, [folder])
        started, cpu = time.perf_counter(), time.process_time()
        corpus_discovery(db)
        print(
            f"## {len(imported.imported)} articles, {size:,} characters; discovery "
            f"{time.perf_counter() - started:.1f} s wall, {time.process_time() - cpu:.1f} s CPU"
        )
        started = time.perf_counter()
        analyze_pending(db)
        print(f"analysis (discovery stored) {time.perf_counter() - started:.1f} s wall")
        report(db, folder, args.top, cluener, debris)
        discovered_report(db, cluener, debris)
        db.conn.close()


if __name__ == "__main__":
    main()
