"""Updating subscribed feeds: fetch each, read its items, store them as articles.

Feeds are fetched on a few threads at once (the work is waiting on the network), and
each fetched feed is read and stored on the calling thread, one transaction a feed,
so its SQLite connection never crosses threads. A feed that fails (network, HTTP
status, size, malformed XML) is reported in one line and changes nothing; the others
go on.

A feed's items are articles named ``URL#guid`` after the address as subscribed (see
:mod:`reader.ingest.feeds`), exactly as a feed file's are named after its path:
updating adds new items, makes a changed item a new version of its article, and
leaves alone items that have dropped out of the feed.

A subscription with ``pages`` on also fetches, on the same threads, the page of each
new item that carries only a summary (:mod:`reader.feeds.pages`). An item stored with
its page's text is never put back to the feed's shorter text: in such a feed, an item
already stored with a longer text than the feed now carries is left as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field

from reader.annotations import reanchor_article
from reader.errors import ReaderError
from reader.feeds.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Fetched, fetch, printable
from reader.folding import fold_text
from reader.models import ParsedArticle
from reader.store import articles as article_store
from reader.store import feeds as feed_store
from reader.store.database import Database, write_transaction
from reader.store.feeds import CheckRecord, Subscription

#: Feeds fetched at once: enough to overlap slow servers, few enough to be polite.
PARALLEL_FETCHES = 4


@dataclass
class FeedOutcome:
    """What updating one feed did."""

    name: str
    imported: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)
    not_modified: bool = False
    redirects: list[str] = field(default_factory=list)
    error: str | None = None
    #: Items stored with their page's text, and pages that failed (summary kept).
    pages_fetched: int = 0
    pages_failed: int = 0

    @property
    def failed(self) -> bool:
        return self.error is not None

    def line(self) -> str:
        """The outcome in one line: ``name: 2 new, 1 updated, 5 unchanged``."""
        if self.error is not None:
            return f"{self.name}: failed: {self.error}"
        if self.not_modified:
            text = "not modified"
        else:
            text = (
                f"{len(self.imported)} new, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged"
            )
            if self.left_out:
                text += f", {len(self.left_out)} items left out"
            if self.pages_fetched:
                text += f", {_count(self.pages_fetched, 'page')} fetched"
            if self.pages_failed:
                text += f", {_count(self.pages_failed, 'page')} not fetched"
        if self.redirects:
            text += f" (moved to {self.redirects[-1]})"
        return printable(f"{self.name}: {text}", limit=400)

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "left_out": self.left_out,
            "not_modified": self.not_modified,
            "redirects": self.redirects,
            "error": self.error,
            "pages_fetched": self.pages_fetched,
            "pages_failed": self.pages_failed,
        }


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


Progress = Callable[[int, int, FeedOutcome], None]


def update_feeds(
    db: Database,
    subscriptions: Sequence[Subscription],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> list[FeedOutcome]:
    """Update every feed in ``subscriptions``; outcomes in the order given."""
    outcomes: dict[int, FeedOutcome] = {}
    if not subscriptions:
        return []
    pages = any(subscription.pages for subscription in subscriptions)
    workers = PARALLEL_FETCHES if pages else min(PARALLEL_FETCHES, len(subscriptions))
    limits = _Limits(pool=None, timeout=timeout, max_bytes=max_bytes)
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reader-feeds") as pool:
        limits.pool = pool
        pending: dict[Future[Fetched], Subscription] = {
            pool.submit(
                fetch,
                subscription.fetch_url,
                etag=subscription.etag,
                last_modified=subscription.last_modified,
                timeout=timeout,
                max_bytes=max_bytes,
            ): subscription
            for subscription in subscriptions
        }
        for future in as_completed(pending):
            subscription = pending[future]
            outcome = _store_feed(db, subscription, future, limits)
            outcomes[subscription.id] = outcome
            if progress is not None:
                progress(len(outcomes), len(subscriptions), outcome)
    return [outcomes[subscription.id] for subscription in subscriptions]


@dataclass
class _Limits:
    """Where and how an update fetches items' pages: the feeds' own thread pool (so
    no more than :data:`PARALLEL_FETCHES` requests run at once) and the feeds' limits."""

    pool: ThreadPoolExecutor | None
    timeout: float
    max_bytes: int


def _store_feed(
    db: Database, subscription: Subscription, future: Future[Fetched], limits: _Limits
) -> FeedOutcome:
    """Read and store one fetched feed, and record the check."""
    from reader.ingest.feeds import parse_feed

    outcome = FeedOutcome(subscription.name)
    try:
        fetched = future.result()
        outcome.redirects = fetched.redirects
        if fetched.body is None:
            outcome.not_modified = True
        else:
            feed = parse_feed(fetched.body, path=subscription.url, served_as=fetched.charset)
            outcome.left_out = feed.rejected
            items = feed.articles
            if subscription.pages:
                items = _with_pages(db, items, outcome, limits)
            _store_items(db, items, outcome)
    except Exception as error:  # one feed's failure, whatever it is, stops only that feed
        reason = str(error) if isinstance(error, ReaderError) else repr(error)
        outcome.error = printable(reason)
        feed_store.record_check(db, subscription.id, CheckRecord(outcome.line(), failed=True))
        return outcome
    feed_store.record_check(
        db,
        subscription.id,
        CheckRecord(
            outcome.line(),
            failed=False,
            final_url=fetched.final_url,
            moved_to=fetched.moved_to,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
        ),
    )
    return outcome


def _with_pages(
    db: Database, items: list[ParsedArticle], outcome: FeedOutcome, limits: _Limits
) -> list[ParsedArticle]:
    """The items to store, new summary-only ones with their page's text when it is
    longer; items already stored with a longer text than now are counted unchanged
    and left out, so a page's text is never replaced by the summary again."""
    from reader.feeds.pages import fetch_page, page_link, with_page

    assert limits.pool is not None
    stored = feed_store.stored_items(db, [item.path for item in items])
    planned: list[tuple[ParsedArticle, Future[ParsedArticle] | None]] = []
    for item in items:
        known = stored.get(item.path)
        if known is not None and known[1] > len(item.clean_text):
            outcome.unchanged.append(known[0])
            continue
        link = page_link(item) if known is None else None
        page = None
        if link is not None:
            page = limits.pool.submit(
                fetch_page, link, item.path, timeout=limits.timeout, max_bytes=limits.max_bytes
            )
        planned.append((item, page))
    result: list[ParsedArticle] = []
    for item, page in planned:
        if page is not None:
            try:
                fuller = with_page(item, page.result())
            except Exception:  # a page that fails, whatever the reason, leaves the summary
                outcome.pages_failed += 1
            else:
                if fuller is not None:
                    outcome.pages_fetched += 1
                    item = fuller
        result.append(item)
    return result


def _store_items(db: Database, items: list[ParsedArticle], outcome: FeedOutcome) -> None:
    """Store a feed's items in one transaction, as the importer stores files."""
    folds = [fold_text(item.clean_text) for item in items]
    with write_transaction(db):
        saved = article_store.save_versions(db, items)
        for result in saved:
            if result.status == "updated":
                reanchor_article(db, result.article_id)
            getattr(outcome, result.status).append(result.article_id)
        article_store.index_versions(db, saved, folds)
