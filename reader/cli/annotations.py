"""Commands over annotations: annotate, annotations, tags.

JSON output carries notes, tags and quotes exactly as stored. The text tables are for
a terminal, so there every control character, escape sequence and bidirectional
override in user text is shown as a visible symbol instead of being obeyed.
"""

from __future__ import annotations

import argparse

from reader.anchoring import AnchorStatus
from reader.annotations import Annotation, create_from_quote, list_annotations, tags
from reader.cli.arguments import positive_int
from reader.cli.context import Context, inline, print_json, say

QUOTE_WIDTH = 30
NOTE_WIDTH = 40


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "annotate", help="annotate a passage of an article, found by its quote"
    )
    parser.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    parser.add_argument(
        "--quote",
        required=True,
        metavar="TEXT",
        help="the passage, typed in either script (简体 or 繁體)",
    )
    parser.add_argument(
        "--occurrence",
        type=positive_int,
        metavar="N",
        help="which occurrence to annotate when the quote occurs more than once (from 1)",
    )
    parser.add_argument(
        "--tag", action="append", default=[], metavar="T", help="a tag (repeat for several)"
    )
    parser.add_argument("--note", default="", metavar="TEXT", help="a note")
    parser.add_argument(
        "--color", metavar="C", help="a colour (yellow, green, cyan, …, or #rrggbb)"
    )
    parser.set_defaults(func=run_annotate)

    parser = commands.add_parser("annotations", help="list annotations")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--article", type=int, metavar="ID", help="only this article's")
    parser.add_argument("--tag", metavar="T", help="only those with this tag (either script)")
    parser.add_argument(
        "--status",
        choices=[s.value for s in AnchorStatus],
        help="only anchored, fuzzy (moved by a fuzzy match) or orphaned ones",
    )
    parser.add_argument(
        "--grep",
        metavar="TEXT",
        help="only those whose quote or note contains TEXT (either script, any case)",
    )
    parser.set_defaults(func=run_annotations)

    parser = commands.add_parser("tags", help="list tags with how many annotations use each")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.set_defaults(func=run_tags)


def run_annotate(args: argparse.Namespace, context: Context) -> int:
    annotation = create_from_quote(
        context.db,
        args.article_id,
        args.quote,
        occurrence=args.occurrence,
        tags=args.tag,
        note=args.note,
        color=args.color,
    )
    say(annotation.id)
    return 0


def run_annotations(args: argparse.Namespace, context: Context) -> int:
    found = list_annotations(
        context.db,
        article_ids=None if args.article is None else [args.article],
        tags=None if args.tag is None else [args.tag],
        status=args.status,
        text=args.grep,
    )
    if args.json:
        print_json(_with_review_fields(context, [a.as_json() for a in found]))
        return 0
    if not found:
        say("no annotations")
        return 0
    say(f"{'id':>5}  {'article':>7}  {'status':<8}  {'range':<11}  quote · tags · note")
    for annotation in found:
        say(_line(annotation))
    return 0


def _with_review_fields(context: Context, items: list[dict]) -> list[dict]:
    """Each item with its review card's ``due``, ``reps``, ``lapses``, ``last_review``
    (all null for an annotation never reviewed); owned by the review feature."""
    from reader.store.reviews import card_fields

    cards = card_fields(context.db, [item["id"] for item in items])
    return [{**item, **cards[item["id"]]} for item in items]


def _line(annotation: Annotation) -> str:
    span = f"{annotation.start}-{annotation.end}"
    parts = [f"「{_shorten(annotation.quote, QUOTE_WIDTH)}」"]
    if annotation.tags:
        parts.append(" ".join(f"#{inline(tag)}" for tag in annotation.tags))
    if annotation.note:
        parts.append(_shorten(annotation.note, NOTE_WIDTH))
    return (
        f"{annotation.id:>5}  {annotation.article_id:>7}  {annotation.status.value:<8}  "
        f"{span:<11}  {' · '.join(parts)}"
    )


def run_tags(args: argparse.Namespace, context: Context) -> int:
    found = tags(context.db)
    if args.json:
        print_json([tag.as_json() for tag in found])
        return 0
    if not found:
        say("no tags")
        return 0
    for tag in found:
        say(f"{tag.count:>5}  {inline(tag.name)}")
    return 0


def _shorten(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return inline(flat if len(flat) <= width else flat[: width - 1] + "…")
