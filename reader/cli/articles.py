"""Commands over articles: import, list, show, search, read, unread."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from reader.cli.arguments import positive_int, size_in_bytes
from reader.cli.context import Context, inline, print_json, say
from reader.conversion import DisplayScript, Script, for_display
from reader.errors import ReaderError
from reader.importer import import_paths, import_stdin
from reader.listing import list_articles, mark_read
from reader.models import ArticleFilter
from reader.paths import shown_path
from reader.search import search_articles
from reader.store import articles as article_store
from reader.store.space import explain_store_failure
from reader.text_safety import visible_lines


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "import", help="import text files, web pages, feeds or folders (- reads standard input)"
    )
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="a file, a folder, or - for one article"
    )
    parser.add_argument("--encoding", help="decode every file with this encoding")
    parser.add_argument(
        "--max-size",
        type=size_in_bytes,
        default=None,
        metavar="BYTES",
        help="reject files larger than this (default 10MB; suffixes K, M, G)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument(
        "--no-analysis",
        action="store_true",
        help="skip entity analysis of the new texts (it then runs on first use)",
    )
    parser.set_defaults(func=run_import)

    parser = commands.add_parser("list", help="list the articles in the store")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--unread", action="store_true", help="only articles not yet read")
    parser.add_argument(
        "--source", metavar="OUTLET", help="only this outlet's (part of its name, either script)"
    )
    parser.add_argument("--feed", metavar="NAME", help="only the items of this subscribed feed")
    parser.add_argument(
        "--script",
        choices=[s.value for s in Script],
        help="only articles written in this script",
    )
    parser.add_argument(
        "--since", metavar="YYYY-MM-DD", help="only articles dated this day or later"
    )
    parser.add_argument(
        "--until", metavar="YYYY-MM-DD", help="only articles dated this day or earlier"
    )
    parser.add_argument(
        "--tag", metavar="T", help="only articles with an annotation so tagged (either script)"
    )
    parser.set_defaults(func=run_list)

    for name, read in (("read", True), ("unread", False)):
        parser = commands.add_parser(name, help=f"mark articles {name}")
        parser.add_argument("ids", nargs="+", type=int, metavar="ID")
        parser.set_defaults(func=run_mark, read=read)

    parser = commands.add_parser("show", help="print an article's clean text")
    parser.add_argument("id", type=int, metavar="ID")
    parser.add_argument(
        "--script",
        choices=[s.value for s in DisplayScript],
        default="original",
        help="show the text as written, or converted",
    )
    parser.add_argument(
        "--taiwan",
        action="store_true",
        help="with --script traditional: Taiwan phrasing (OpenCC s2twp: 软件 → 軟體)",
    )
    parser.set_defaults(func=run_show)

    parser = commands.add_parser("search", help="search every article (script-insensitive)")
    parser.add_argument("query", metavar="QUERY")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--limit", type=positive_int, default=50, metavar="N", help="articles listed at most"
    )
    parser.add_argument(
        "--snippets", type=positive_int, default=3, metavar="K", help="snippets per article"
    )
    parser.set_defaults(func=run_search)


def run_import(args: argparse.Namespace, context: Context) -> int:
    from reader.ingest import DEFAULT_MAX_BYTES

    db = context.db
    max_bytes = args.max_size or DEFAULT_MAX_BYTES
    if Path("-") in args.paths:
        if len(args.paths) > 1:
            raise ReaderError("- (standard input) is imported on its own, without other paths")
        data = sys.stdin.buffer.read(max_bytes + 1)  # one byte more tells it is too large
        report = import_stdin(db, data, encoding=args.encoding, max_bytes=max_bytes)
    else:
        with _progress_bar() as progress:
            report = import_paths(
                db, args.paths, encoding=args.encoding, max_bytes=max_bytes, progress=progress
            )
    analysis_failure = None
    if not args.no_analysis and (report.imported or report.updated) and report.stopped is None:
        from reader.cli.entities import analyse

        try:
            analyse(db)
        except ReaderError as error:  # the articles are saved: say so, then what failed
            analysis_failure = explain_store_failure(context.db_path, str(error))
    stopped = report.stopped and explain_store_failure(context.db_path, report.stopped)
    if args.json:
        document = report.as_json()
        document["stopped"] = stopped
        document["analysis_failed"] = analysis_failure
        print_json(document)
    else:
        for path, reason in report.rejected:
            say(f"rejected {inline(shown_path(path))}: {inline(reason)}", error=True)
        say(report.summary())
    if stopped:
        say(f"import stopped: {inline(stopped)}", error=True)
    if analysis_failure:
        say(
            f"entity analysis failed (the articles are saved): {inline(analysis_failure)}",
            error=True,
        )
    if stopped or analysis_failure:
        return 1
    return 0 if report.imported or report.updated or report.unchanged or not report.rejected else 1


class _progress_bar:
    """A progress bar on stderr for long imports at a terminal; silent otherwise."""

    THRESHOLD = 20

    def __enter__(self):
        self._progress = None
        self._task = None
        return self.update

    def update(self, done: int, total: int, path: Path) -> None:
        if total < self.THRESHOLD or not sys.stderr.isatty():
            return
        if self._progress is None:
            from rich.console import Console
            from rich.progress import Progress

            self._progress = Progress(console=Console(stderr=True), transient=True)
            self._progress.start()
            self._task = self._progress.add_task("importing", total=total)
        self._progress.update(self._task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()


def run_list(args: argparse.Namespace, context: Context) -> int:
    article_filter = ArticleFilter(
        unread=args.unread,
        source=args.source,
        feed=args.feed,
        script=None if args.script is None else Script(args.script),
        since=args.since,
        until=args.until,
        tag=args.tag,
    )
    articles = list_articles(context.db, article_filter)
    if args.json:
        print_json([a.as_json() for a in articles])
        return 0
    if not articles:
        if article_filter.is_empty:
            say("no articles yet: run `reader import PATH` or put files in the corpus folder")
        else:
            say(f"no articles match ({inline(article_filter.describe())})", error=True)
        return 0
    for a in articles:
        flags = " (missing)" if a.missing else ""
        meta = " · ".join(inline(x) for x in (a.source, a.date) if x)
        title = inline(a.title)
        dot = " " if a.read else "●"
        say(f"{a.id:>4} {dot} {a.script.badge}  {title}{'  — ' + meta if meta else ''}{flags}")
    return 0


def run_mark(args: argparse.Namespace, context: Context) -> int:
    mark_read(context.db, args.ids, args.read)
    count = len(set(args.ids))
    say(f"marked {count} article{'s' if count != 1 else ''} {'read' if args.read else 'unread'}")
    return 0


def run_show(args: argparse.Namespace, context: Context) -> int:
    article = article_store.get_article(context.db, args.id)
    mode = DisplayScript(args.script)
    text = for_display(article.clean_text, mode, taiwan_phrases=args.taiwan).text
    say(visible_lines(text.removesuffix("\n")))
    return 0


def run_search(args: argparse.Namespace, context: Context) -> int:
    if not args.query.strip():
        raise ReaderError("empty query")
    result = search_articles(
        context.db, args.query, article_limit=args.limit, snippets=args.snippets
    )
    if args.json:
        print_json(
            {
                "articles": [article.as_json() for article in result.articles],
                "total_articles": result.total_articles,
                "truncated": result.truncated,
                "total_is_lower_bound": result.total_is_lower_bound,
            }
        )
        return 0
    for article in result.articles:
        hits = "hit" if article.hit_count == 1 else "hits"
        say(f"{article.article_id:>4}  {inline(article.title)}  ({article.hit_count} {hits})")
        for hit in article.hits:
            say(f"      {hit.start}-{hit.end}  {inline(hit.snippet)}")
    if not result.articles:
        say(f"no match for {inline(repr(args.query))}", error=True)
    elif result.truncated:
        say(
            f"showing {len(result.articles)} of {result.total_shown} articles; "
            "use --limit N for more",
            error=True,
        )
    return 0
