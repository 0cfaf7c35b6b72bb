"""``reader feeds``: subscribe to feeds, list and remove them, update them."""

from __future__ import annotations

import argparse

from reader.cli.arguments import positive_int
from reader.cli.context import Context, inline, print_json, say


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("feeds", help="subscribe to RSS/Atom feeds and update them")
    actions = parser.add_subparsers(dest="feeds_command", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="subscribe to a feed's address")
    add.add_argument("url", metavar="URL")
    add.add_argument("--name", help="what to call it (default: the site's host name)")
    add.add_argument(
        "--pages",
        action="store_true",
        help="fetch the page of each item that carries only a summary, for its full text",
    )
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="the subscriptions and their last update")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(func=run_list)

    pages = actions.add_parser(
        "pages", help="switch fetching items' pages on or off for a subscription"
    )
    pages.add_argument("name", metavar="NAME")
    pages.add_argument("setting", choices=("on", "off"), metavar="on|off")
    pages.set_defaults(func=run_pages)

    remove = actions.add_parser("remove", help="unsubscribe (the articles stay)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)

    update = actions.add_parser("update", help="fetch feeds and import their new items")
    update.add_argument("names", nargs="*", metavar="NAME", help="default: every feed")
    update.add_argument(
        "--timeout", type=positive_int, default=20, metavar="SECONDS", help="per feed"
    )
    update.add_argument("--json", action="store_true", help="print the outcomes as JSON")
    update.add_argument(
        "--no-analysis",
        action="store_true",
        help="skip entity analysis of the new texts (it then runs on first use)",
    )
    update.set_defaults(func=run_update)


def run_add(args: argparse.Namespace, context: Context) -> int:
    from reader.feeds.subscribe import subscribe

    subscription = subscribe(context.db, args.url, args.name, pages=args.pages)
    pages = " (fetching items' pages)" if subscription.pages else ""
    say(f"subscribed to {inline(subscription.url)} as {inline(repr(subscription.name))}{pages}")
    return 0


def run_pages(args: argparse.Namespace, context: Context) -> int:
    from reader.store.feeds import set_pages

    subscription = set_pages(context.db, args.name, args.setting == "on")
    state = "on" if subscription.pages else "off"
    say(f"{inline(repr(subscription.name))}: fetching items' pages {state}")
    return 0


def run_list(args: argparse.Namespace, context: Context) -> int:
    from reader.store.feeds import list_subscriptions

    subscriptions = list_subscriptions(context.db)
    if args.json:
        print_json([s.as_json() for s in subscriptions])
        return 0
    if not subscriptions:
        say("no feeds yet: run `reader feeds add URL`")
        return 0
    for s in subscriptions:
        status = s.last_status.partition(": ")[2] if s.last_status else "never updated"
        moved = f" (moved to {inline(s.moved_to)})" if s.moved_to else ""
        failed = " (failed)" if s.failed else ""
        pages = " [pages]" if s.pages else ""
        say(f"{inline(s.name)}{pages}  {inline(s.url)}{moved}  — {inline(status)}{failed}")
    return 0


def run_remove(args: argparse.Namespace, context: Context) -> int:
    from reader.store.feeds import remove_subscription

    subscription = remove_subscription(context.db, args.name)
    say(f"unsubscribed from {inline(repr(subscription.name))}; its articles stay")
    return 0


def run_update(args: argparse.Namespace, context: Context) -> int:
    from reader.feeds.update import update_feeds
    from reader.store.feeds import subscriptions_named

    db = context.db
    subscriptions = subscriptions_named(db, args.names)
    if not subscriptions:
        say("no feeds yet: run `reader feeds add URL`")
        return 0

    def report(done: int, total: int, outcome) -> None:  # FeedOutcome
        if not args.json:
            say(inline(outcome.line()), error=outcome.failed)

    outcomes = update_feeds(db, subscriptions, timeout=float(args.timeout), progress=report)
    if not args.no_analysis and any(o.imported or o.updated for o in outcomes):
        from reader.cli.entities import analyse

        analyse(db)
    if args.json:
        print_json([outcome.as_json() for outcome in outcomes])
    return 1 if any(outcome.failed for outcome in outcomes) else 0
