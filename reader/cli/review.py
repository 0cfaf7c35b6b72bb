"""``reader review``: a review session in the terminal, or the review statistics.

The session is the review screen on its own (:class:`~reader.tui.screens.review.
ReviewApp`), in the script the reader was last left in. When it closes, its summary
is printed so it stays in the scrollback. If it closed with ``o`` (open the passage),
the reader starts with that article in its focused pane, scrolled to the passage: the
saved reading state is changed exactly as opening the article there by hand would,
so the reader's own restore does the opening and no second code path exists.
"""

from __future__ import annotations

import argparse
from dataclasses import replace

from reader.cli.arguments import positive_int
from reader.cli.context import Context, print_json, require_terminal, say
from reader.errors import NotFound
from reader.review import stats
from reader.review.clock import system_clock
from reader.review.filters import ReviewFilters, Scope
from reader.store import reviews as review_store
from reader.store.articles import get_article
from reader.store.settings import get_setting, set_setting
from reader.tui.state import SETTING_KEY, PaneState, ReadingState


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "review",
        help="review annotations with spaced repetition (FSRS), or show review statistics",
        description="Review annotations one at a time: 1-4 grade Again/Hard/Good/Easy, "
        "space Good, e note, t tags, d delete, x skip until tomorrow, u undo, o open in "
        "the reader, s script, q end. Default: due cards, then new ones.",
    )
    parser.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="T",
        help="only annotations with this tag, either script (repeat: any of them)",
    )
    parser.add_argument("--article", type=positive_int, metavar="ID", help="only this article's")
    parser.add_argument("--entity", metavar="NAME", help="only passages mentioning this entity")
    scope = parser.add_mutually_exclusive_group()
    scope.add_argument(
        "--due", dest="scope", action="store_const", const=Scope.DUE, help="due cards only"
    )
    scope.add_argument(
        "--new",
        dest="scope",
        action="store_const",
        const=Scope.NEW,
        help="new (never reviewed) cards only",
    )
    scope.add_argument(
        "--all",
        dest="scope",
        action="store_const",
        const=Scope.ALL,
        help="every card, including those not due yet",
    )
    parser.add_argument("--limit", type=positive_int, metavar="N", help="at most N cards")
    parser.add_argument(
        "--stats",
        action="store_true",
        help="print reviews per day, retention and the due forecast instead",
    )
    parser.add_argument("--json", action="store_true", help="with --stats: print JSON")
    parser.set_defaults(func=run_review, scope=Scope.DUE_THEN_NEW, review_parser=parser)


def run_review(args: argparse.Namespace, context: Context) -> int:
    filters = ReviewFilters(
        tags=tuple(args.tag),
        article_id=args.article,
        entity=args.entity,
        scope=args.scope,
        limit=args.limit,
    )
    if args.stats:
        if filters != ReviewFilters():
            args.review_parser.error("--stats covers every card: it takes no filter")
        return run_stats(args, context)
    if args.json:
        args.review_parser.error("--json goes with --stats")
    if filters.entity is not None:
        from reader.cli.entities import analyse

        analyse(context.db)  # as every entity command does: mentions are up to date
    return run_session(filters, context)


def run_stats(args: argparse.Namespace, context: Context) -> int:
    db = context.db
    result = stats.compute_stats(
        review_store.log_entries(db),
        review_store.due_times(db),
        review_store.deck_counts(db),
        system_clock(),
    )
    if args.json:
        print_json(result.as_json())
    else:
        say("\n".join(result.lines()))
    return 0


def run_session(filters: ReviewFilters, context: Context) -> int:
    from reader.tui.screens.review import ReviewApp

    reading = ReadingState.from_json(get_setting(context.db, SETTING_KEY))
    app = ReviewApp(context.db, filters, mode=reading.mode)  # a bad filter says so first
    require_terminal("`reader review`", "`reader review --stats` prints the figures")
    app.run()
    outcome = app.return_value
    if outcome is None:
        return app.return_code or 0
    say("\n".join(outcome.summary.lines(system_clock())))
    if outcome.open is None:
        return 0
    passage = outcome.open
    try:
        current = get_article(context.db, passage.article_id).version_id
    except NotFound:
        return 0
    # An orphan's offsets belong to an older version: open the article at its top.
    offset = passage.start if passage.version_id == current else 0
    set_setting(context.db, SETTING_KEY, _focus_on(reading, passage.article_id, offset).as_json())
    from reader.tui.app import run

    return run(db_path=context.db_path, corpus=context.corpus)


def _focus_on(state: ReadingState, article_id: int, offset: int) -> ReadingState:
    """The reading state with ``article_id`` at ``offset`` in the focused pane (the
    first pane if none is focused; a new one if none is open)."""
    pane = PaneState(article_id, offset, state.mode)
    panes = list(state.panes)
    index = state.focused if state.focused is not None else 0
    if panes:
        panes[index] = pane
    else:
        panes = [pane]
    return replace(state, panes=tuple(panes), focused=index, selected=article_id)
