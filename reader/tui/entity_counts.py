"""The article list's entity counts (``◆71 ⇄23``), read for the rows it draws.

Counting every article's entities is a scan of every mention (seconds at 100,000
articles: most of the start-up's CPU when it was read whole), while the counts of a
page of rows are a few key look-ups (about 8 ms for 40 rows at 100,000). So the
column reads lazily: a row drawn whose counts are not read yet shows a blank cell and
asks for them; a thread worker reads the visible rows and a page either side (one read
at a time: while one runs, rows drawn meanwhile are read by the next, so a key held
down costs one read per worker round, not one per key), then the list redraws. What
is read is kept per article until the entities change (analysis done, curation), when
:meth:`EntityCountsColumn.drop` forgets it all and the visible rows are read again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.worker import get_current_worker

from reader.tui.widgets.article_list import Column

if TYPE_CHECKING:
    from reader.conversion import DisplayScript
    from reader.models import ArticleSummary
    from reader.store import entities as entity_store
    from reader.store.database import ConnectionPool
    from reader.tui.widgets.article_list import ArticleList


class EntityCountsColumn:
    """The list column ``◆71 ⇄23``: entities an article mentions, and how many of them
    other articles mention too, read a page of rows at a time (see the module)."""

    WIDTH = 8
    KEY = "entities"

    def __init__(self, article_list: ArticleList, store: ConnectionPool) -> None:
        self._list = article_list
        self._store = store
        #: The counts read so far, of the articles that mention any visible entity.
        self.counts: dict[int, entity_store.EntityCounts] = {}
        #: Every article whose counts were read (with entities or not).
        self.read: set[int] = set()
        #: Bumped by :meth:`drop`: a read begun before it is not kept.
        self._generation = 0
        #: Whether a read runs now (rows drawn unread meanwhile wait for its end).
        self._reading = False

    @property
    def shown(self) -> bool:
        """Whether the list has the column (analysis has been done once)."""
        return any(column.key == self.KEY for column in self._list.columns)

    @property
    def settled(self) -> bool:
        """Whether the column is shown with every row on screen read, or not drawn
        (the list off screen or too narrow for it): tests and benches wait for it."""
        if not self.shown or self._reading:
            return False
        listing = self._list
        if (
            not listing.display
            or listing.screen is not listing.app.screen
            or not listing.shows_column(self.KEY)
        ):
            return True
        rows = listing.rows
        return all(rows[i].id in self.read for i in listing.visible_rows())

    def show(self) -> None:
        """Add the column (once) and read its counts afresh."""
        self.drop()
        if not self.shown:
            columns = [c for c in self._list.columns if c.key != self.KEY]
            self._list.set_columns([*columns, self.column()])

    def drop(self) -> None:
        """Forget every count read (the entities changed); the rows drawn ask again."""
        self.counts = {}
        self.read = set()
        self._generation += 1
        self._list.refresh()

    def cell(self, summary: ArticleSummary, mode: DisplayScript) -> str:
        counts = self.counts.get(summary.id)
        if counts is None and summary.id not in self.read:
            self._want()
        return f"◆{counts.entities} ⇄{counts.linked}" if counts else ""

    def column(self) -> Column:
        return Column(self.KEY, self.WIDTH, self.cell, align="right", optional=True)

    # -- reading -------------------------------------------------------------------

    def _want(self) -> None:
        """A row was drawn unread: read the page once this frame is drawn."""
        if self._reading:
            return
        self._reading = True
        self._list.call_later(self._start)

    def _start(self) -> None:
        rows = self._list.rows
        # the page on screen and one page either side: a page key shows read rows
        page = max(1, len(self._list.visible_rows()))
        ids = [rows[i].id for i in self._list.visible_rows(page) if rows[i].id not in self.read]
        if not ids or not self._list.is_attached:
            self._reading = False
            return
        self._list.run_worker(
            lambda: self._read(ids, self._generation),
            thread=True,
            group="entity-counts",
            exit_on_error=False,
        )

    def _read(self, ids: list[int], generation: int) -> None:
        from reader.store import entities as entity_store

        try:
            with self._store.connection() as db:
                found = entity_store.entity_counts_for(db, ids)
        except Exception:  # any failure: blank until the entities change, never stuck
            found = {}  # (the counts are a convenience; the reads go on)
        if not get_current_worker().is_cancelled:
            self._list.app.call_from_thread(self._arrived, ids, found, generation)

    def _arrived(
        self, ids: list[int], found: dict[int, entity_store.EntityCounts], generation: int
    ) -> None:
        self._reading = False
        if generation == self._generation:
            self.read.update(ids)
            self.counts.update(found)
        # redrawing asks again for any row still unread (scrolled to meanwhile, or
        # dropped by a change while this read ran)
        self._list.refresh()
