"""Commands over entities: list them, show one in context, and curate them.

Every command first analyses whatever the store holds that is not analysed yet, so a
fresh database just works; at a terminal a progress bar shows on stderr while it runs.
An entity is named on the command line by any of its names, in either script, or by
its id.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from reader.cli.context import Context, inline, print_json, say
from reader.cli.progress import ProgressReport
from reader.entities.analysis import analyze_pending
from reader.entities.kinds import EntityKind
from reader.errors import NotFound, ReaderError
from reader.store import entities as entity_store
from reader.store.articles import get_article

if TYPE_CHECKING:
    from reader.store.database import Database


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("entities", help="list the people, organisations, places…")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--linked", action="store_true", help="only those in 2+ articles")
    parser.add_argument("--article", type=int, metavar="ID", help="only those in article ID")
    parser.add_argument("--kind", choices=[k.value for k in EntityKind])
    parser.add_argument("--hidden", action="store_true", help="include hidden entities")
    parser.set_defaults(func=run_entities)

    parser = commands.add_parser("entity", help="every mention of one entity, in context")
    parser.add_argument("name", metavar="NAME", help="any of its names, either script, or id")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--context", type=int, default=20, metavar="N", help="characters")
    parser.set_defaults(func=run_entity)

    parser = commands.add_parser("entity-merge", help="merge entity A into entity B")
    parser.add_argument("source", metavar="A")
    parser.add_argument("target", metavar="B")
    parser.set_defaults(func=run_merge)

    parser = commands.add_parser("entity-split", help="give one of an entity's names its own")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("alias", metavar="ALIAS", help="the name to split off")
    parser.set_defaults(func=run_split)

    parser = commands.add_parser("entity-alias", help="add another name for an entity")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("alias", metavar="ALIAS")
    parser.set_defaults(func=run_alias)

    parser = commands.add_parser("entity-rename", help="choose the name an entity is shown by")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("new_name", metavar="NEW")
    parser.set_defaults(func=run_rename)

    parser = commands.add_parser("entity-kind", help="choose what sort of thing an entity is")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument(
        "kind",
        metavar="KIND",
        help=f"{', '.join(k.value for k in EntityKind)}, or auto (analysis decides again)",
    )
    parser.set_defaults(func=run_kind)

    parser = commands.add_parser("entity-hide", help="hide an entity from lists and panels")
    parser.add_argument("name", metavar="NAME")
    parser.add_argument("--undo", action="store_true", help="show it again")
    parser.set_defaults(func=run_hide)


def analyse(db: Database) -> None:
    """Run pending entity analysis, with a progress bar on stderr at a terminal."""
    bar = ProgressReport("analysing entities", unit="articles", threshold=20)
    try:
        analyze_pending(db, progress=bar)
    finally:
        bar.close()


def resolve(db: Database, name: str) -> entity_store.EntitySummary:
    """The entity a command-line argument names (a name first, then an id)."""
    entity = entity_store.find_entity(db, name)
    if entity is None and name.strip().isdigit():
        try:
            entity = entity_store.get_entity(db, int(name))
        except NotFound:
            entity = None
    if entity is None:
        raise NotFound(f"no entity called {name!r}: try `reader entities` for the list")
    return entity


def run_entities(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    if args.article is not None:
        get_article(db, args.article)
    entities = entity_store.list_entities(
        db,
        linked=args.linked,
        kind=args.kind,
        article_id=args.article,
        include_hidden=args.hidden,
    )
    if args.json:
        details = entity_store.describe(db, [e.id for e in entities])
        print_json([detail.as_json() for detail in details])
        return 0
    if not entities:
        say("no entities yet: import articles with `reader import PATH`")
        return 0
    for e in entities:
        flags = " (hidden)" if e.hidden else ""
        counts = f"{e.articles:>3} art  {e.mentions:>4} ×"
        say(f"{e.id:>5}  {e.kind.value:<12}  {counts}  {inline(e.name)}{flags}")
    return 0


def run_entity(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    detail = entity_store.describe(db, [entity.id])[0]
    groups = entity_store.concordance(db, entity.id, context=max(0, args.context))
    if args.json:
        value = detail.as_json()
        value["hidden"] = entity.hidden
        value["mentions"] = [
            {
                "article_id": group.article_id,
                "start": line.start,
                "end": line.end,
                "surface": line.keyword,
                "left": line.left,
                "right": line.right,
            }
            for group in groups
            for line in group.lines
        ]
        print_json(value)
        return 0
    aliases = ", ".join(inline(alias) for alias in detail.aliases)
    say(
        f"{inline(entity.name)} ({entity.kind.value}, id {entity.id}): "
        f"{entity.articles} articles, {entity.mentions} mentions"
    )
    if aliases:
        say(f"written as: {aliases}")
    for group in groups:
        say(f"\n{group.article_id:>4}  {inline(group.title)}")
        for line in group.lines:
            say(f"      {inline(line.left)}【{inline(line.keyword)}】{inline(line.right)}")
    return 0


def run_merge(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    source, target = resolve(db, args.source), resolve(db, args.target)
    if source.id == target.id:  # as the entity browser does: nothing to merge
        raise ReaderError(
            f"{args.source!r} and {args.target!r} are already one entity "
            f"({inline(source.name)}): nothing merged"
        )
    merged = entity_store.merge(db, source.id, target.id)
    say(f"merged {inline(source.name)} into {inline(entity_store.get_entity(db, merged).name)}")
    return 0


def run_split(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    new_id = entity_store.split(db, entity.id, args.alias)
    say(f"{inline(args.alias)} is now entity {new_id}, apart from {inline(entity.name)}")
    return 0


def run_alias(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    entity_store.add_alias(db, entity.id, args.alias)
    say(f"{inline(args.alias)} now names {inline(entity.name)}")
    return 0


def run_rename(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    entity_store.rename(db, entity.id, args.new_name)
    say(f"{inline(entity.name)} is now shown as {inline(args.new_name.strip())}")
    return 0


def run_hide(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    if args.undo:
        entity_store.unhide(db, entity.id)
        say(f"{inline(entity.name)} is shown again")
    else:
        entity_store.hide(db, entity.id)
        say(f"{inline(entity.name)} is hidden (`reader entity-hide --undo` shows it again)")
    return 0


def run_kind(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    analyse(db)
    entity = resolve(db, args.name)
    automatic = args.kind.strip().lower() == "auto"
    kind = entity_store.set_kind(db, entity.id, None if automatic else args.kind)
    if automatic:
        say(f"{inline(entity.name)}: {kind.value} again, as analysis finds")
    else:
        say(f"{inline(entity.name)}: {kind.value} from now on")
    return 0
