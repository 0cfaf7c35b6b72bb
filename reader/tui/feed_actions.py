"""The main screen's feed update: every subscribed feed fetched in a thread worker.

A mixin of :class:`~reader.tui.screens.main.MainScreen`. The update runs
:func:`~reader.feeds.update.update_feeds` on its own connection, shows its progress
on the status line (``feeds 3/20 · name``), then reloads the article list so new
items appear at once, starts entity analysis of them, and says in one notification
what happened (each failing feed in one line of a warning).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.screen import Screen

from reader.errors import ReaderError
from reader.tui.safe_text import literal, printable

if TYPE_CHECKING:
    from reader.feeds.update import FeedOutcome
    from reader.tui.app import ReaderApp


class FeedActions(Screen):
    """Updating subscribed feeds from the main screen (``U``)."""

    reader: ReaderApp
    # The screen's own, used here: set_sync_status(text), start_entity_analysis().

    def action_update_feeds(self) -> None:
        self.set_sync_status("feeds: checking…")
        self._update_feeds()

    @work(thread=True, exclusive=True, group="feeds")
    def _update_feeds(self) -> None:
        from reader.feeds.update import update_feeds
        from reader.store.feeds import list_subscriptions

        def progress(done: int, total: int, outcome: FeedOutcome) -> None:
            self.app.call_from_thread(
                self.set_sync_status, printable(f"feeds {done}/{total} · {outcome.name}")
            )

        try:
            with self.reader.store.connection() as db:
                subscriptions = list_subscriptions(db)
                outcomes = update_feeds(db, subscriptions, progress=progress)
        except ReaderError as error:
            self.app.call_from_thread(self._feeds_failed, str(error))
            return
        self.app.call_from_thread(self._feeds_done, outcomes)

    def _feeds_failed(self, message: str) -> None:
        self.set_sync_status("")
        self.notify(literal(f"Feed update failed: {message}"), severity="error", timeout=10)

    def _feeds_done(self, outcomes: list[FeedOutcome]) -> None:
        self.set_sync_status("")
        if not outcomes:
            self.notify(Content("No feeds yet: add one with `reader feeds add URL`."))
            return
        new = sum(len(o.imported) for o in outcomes)
        updated = sum(len(o.updated) for o in outcomes)
        failed = [o for o in outcomes if o.failed]
        if new or updated:
            self.reader.reload_articles()
            self.start_entity_analysis()
        summary = f"{len(outcomes)} feeds: {new} new, {updated} updated"
        if failed:
            summary += f", {len(failed)} failed"
        self.notify(Content(summary), title="Feeds updated")
        if failed:
            lines = "\n".join(o.line() for o in failed)
            self.notify(
                Content(printable(lines, keep_newlines=True)),
                title="Feeds that failed",
                severity="warning",
                timeout=10,
            )
