"""The main screen's read state: opening an article marks it read, ``m`` toggles it,
``f`` lists only the unread, and the status line counts them.

A mixin of :class:`~reader.tui.screens.main.MainScreen`. The list and the count
change at once; the store is written in a thread worker on a pooled connection, and
the count is then taken again from the store, so what the status line shows is
what is saved. A write that fails is said in a notification and the list reloaded.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from reader.errors import ReaderError
from reader.models import ArticleFilter
from reader.tui.safe_text import literal
from reader.tui.widgets.article_list import ArticleList

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp


class ReadActions(Screen):
    """Read and unread articles, and the list's filter."""

    reader: ReaderApp
    # The screen's own, used here: article_list, refresh_status().

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        #: The state each article should be saved in, the newest wish only; a worker
        #: takes it under the lock, so quick toggles end saved as last made.
        self._wanted_read: dict[int, bool] = {}
        self._read_lock = threading.Lock()

    def mark_read(self, article_id: int, read: bool, *, was_read: bool) -> None:
        """Show ``article_id`` read (or unread) now and save it in the background;
        ``was_read`` is what the store held, so the count changes only when it should."""
        if was_read != read:
            self.reader.unread_count += -1 if read else 1
        self.reader.note_read(frozenset({article_id}), read)
        self.article_list.set_read(frozenset({article_id}), read)
        self.refresh_status()
        if was_read != read:
            with self._read_lock:
                self._wanted_read[article_id] = read
            self._save_read(article_id)

    @work(thread=True, group="read-state")
    def _save_read(self, article_id: int) -> None:
        from reader.listing import count_unread, mark_read

        try:
            with self._read_lock, self.reader.store.connection() as db:
                read = self._wanted_read.pop(article_id, None)
                if read is not None:
                    mark_read(db, [article_id], read)
                unread = count_unread(db)
        except ReaderError as error:
            self.app.call_from_thread(self._read_not_saved, str(error))
            return
        self.app.call_from_thread(self._read_saved, unread)

    def _read_saved(self, unread: int) -> None:
        self.reader.unread_count = unread
        self.refresh_status()

    def _read_not_saved(self, message: str) -> None:
        self.notify(literal(f"Read state not saved: {message}"), severity="error")
        self.reader.reload_articles()

    def on_article_list_toggle_read_requested(self, event: ArticleList.ToggleReadRequested) -> None:
        self.mark_read(event.summary.id, not event.summary.read, was_read=event.summary.read)

    def action_cycle_list_filter(self) -> None:
        """All articles ↔ only the unread (other conditions of the filter are kept)."""
        current = self.reader.list_filter
        self.set_list_filter(replace(current, unread=not current.unread))

    def set_list_filter(self, article_filter: ArticleFilter) -> None:
        """List what ``article_filter`` keeps; if the store refuses it (a feed removed
        meanwhile), the list stays as it was."""
        previous = self.reader.list_filter
        self.reader.list_filter = article_filter
        if not self.reader.reload_articles():
            self.reader.list_filter = previous
            return
        count = len(self.reader.summaries)
        self.notify(
            literal(f"Listing {article_filter.describe()}: {count} article{'s' * (count != 1)}"),
            timeout=2,
        )

    def ask_list_dates(self) -> None:
        """Ask for the days to list (``FROM..UNTIL``), starting from the current ones."""
        from reader.tui.screens.list_filter import DayRangePrompt

        current = self.reader.list_filter
        value = (
            f"{current.since or ''}..{current.until or ''}"
            if current.since or current.until
            else ""
        )

        def chosen(days: tuple[str | None, str | None] | None) -> None:
            if days is not None:
                since, until = days
                self.set_list_filter(replace(self.reader.list_filter, since=since, until=until))

        self.app.push_screen(DayRangePrompt(value), chosen)
