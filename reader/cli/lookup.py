"""``reader lookup WORD``: a word's scripts, readings and CC-CEDICT senses.

What the reader's look-up panel (``K``) shows, for a terminal or a script
(``--json``). If the database exists and the word names an entity, its kind and how
many articles mention it are added.
"""

from __future__ import annotations

import argparse

from reader.cli.context import Context, inline, print_json, say


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "lookup", help="a word's pinyin, Jyutping, both scripts and English senses (CC-CEDICT)"
    )
    parser.add_argument("word", metavar="WORD", help="a word or short phrase, either script")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_lookup)


def run_lookup(args: argparse.Namespace, context: Context) -> int:
    from dataclasses import asdict

    from reader.errors import ReaderError
    from reader.lookup import MAX_WORD, look_up

    word = args.word.strip()
    if not word or len(word) > MAX_WORD:
        raise ReaderError(f"give a word or phrase of 1 to {MAX_WORD} characters")
    info = look_up(word)
    entity = None
    if context.db_path.is_file():
        from reader.store.entities import find_entity

        entity = find_entity(context.db, word)
    if args.json:
        value = asdict(info)
        value["entity"] = None if entity is None else entity.as_json()
        print_json(value)
        return 0
    say(
        inline(
            info.simplified
            if info.simplified == info.traditional
            else f"{info.simplified} · {info.traditional}"
        )
    )
    if info.pinyin:
        say(f"pinyin    {inline(info.pinyin)}")
    if info.jyutping:
        say(f"jyutping  {inline(info.jyutping)}")
    for entry in info.entries:
        forms = f"{entry.traditional} {entry.simplified} [{entry.pinyin_marks}]"
        say(f"  {inline(forms)}")
        for sense in entry.senses:
            say(f"    {inline(sense)}")
    for part, entries in info.parts:
        for entry in entries:
            senses = "; ".join(entry.senses)
            say(f"  {inline(part)} [{inline(entry.pinyin_marks)}] {inline(senses)}")
    if not info.found:
        say("not in CC-CEDICT")
    if entity is not None:
        count = f"{entity.articles} article{'s' * (entity.articles != 1)}"
        say(f"entity    {entity.kind.value} · {inline(entity.name)} · mentioned in {count}")
    return 0
