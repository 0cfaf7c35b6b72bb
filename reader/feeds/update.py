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
        }


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
    workers = min(PARALLEL_FETCHES, len(subscriptions))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="reader-feeds") as pool:
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
            outcome = _store_feed(db, subscription, future)
            outcomes[subscription.id] = outcome
            if progress is not None:
                progress(len(outcomes), len(subscriptions), outcome)
    return [outcomes[subscription.id] for subscription in subscriptions]


def _store_feed(db: Database, subscription: Subscription, future: Future[Fetched]) -> FeedOutcome:
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
            _store_items(db, feed.articles, outcome)
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
