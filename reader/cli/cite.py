"""``reader cite ANNOTATION_ID``: an annotation's quote with its source, as Markdown.

The same text the reader's ``y`` key copies (:func:`reader.citation.cite`), for
scripts and for terminals whose clipboard the reader cannot reach.
"""

from __future__ import annotations

import argparse

from reader.cli.context import Context, say


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "cite", help="print an annotation's quote and its source (outlet, date, URL) as Markdown"
    )
    parser.add_argument("annotation_id", type=int, metavar="ANNOTATION_ID")
    parser.set_defaults(func=run_cite)


def run_cite(args: argparse.Namespace, context: Context) -> int:
    from reader.annotations import get_annotation
    from reader.citation import cite
    from reader.store.articles import get_article

    annotation = get_annotation(context.db, args.annotation_id)
    article = get_article(context.db, annotation.article_id)
    say(cite(annotation.quote, article.summary).rstrip("\n"))
    return 0
