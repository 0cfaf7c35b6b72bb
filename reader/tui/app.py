"""The reader application: the database, the display script, start-up and saving.

Start-up paints first and works after: the list shows what the store already holds,
then a thread worker syncs the corpus folder (on its own SQLite connection; the
store is in WAL mode so the interface keeps reading meanwhile) and the list is
refreshed. Nothing heavy is imported before the first paint (no jieba at all), and
nothing is printed behind Textual's back: problems become notifications.

The reading state (open panes, their positions as original offsets, scripts) is
saved to the database a moment after each change and again on quit.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import App
from textual.command import Provider
from textual.content import Content
from textual.timer import Timer

from reader.conversion import DisplayScript
from reader.errors import ReaderError
from reader.models import ArticleFilter, ArticleSummary
from reader.paths import default_corpus, default_db_path
from reader.store.articles import (
    count_articles,
    count_unread,
    latest_version_id,
    list_articles,
)
from reader.store.database import ConnectionPool, data_version
from reader.store.settings import get_setting, set_setting
from reader.store.space import explain_store_failure
from reader.tui.bindings import bindings_for
from reader.tui.collector import IdleCollector
from reader.tui.keymap import keymap_path
from reader.tui.safe_text import literal
from reader.tui.screens.main import MainScreen
from reader.tui.state import SETTING_KEY, ReadingState
from reader.tui.warm_up import warm_up

if TYPE_CHECKING:
    from textual.theme import Theme

    from reader.tui.annotator import Annotator
    from reader.tui.commands import TitleEntry
    from reader.tui.screens.search import OpenRequest


def _article_commands() -> type[Provider]:
    """The palette's providers, imported when the palette first opens."""
    from reader.tui.commands import ArticleCommands

    return ArticleCommands


def _reader_commands() -> type[Provider]:
    from reader.tui.commands import ReaderCommands

    return ReaderCommands


def _list_filter_commands() -> type[Provider]:
    from reader.tui.commands import ListFilterCommands

    return ListFilterCommands


#: Rows of the list read before the first paint (more than any terminal shows).
FIRST_PAGE = 200
#: Seconds between looks for what another process saved (a pragma, no page read).
WATCH_SECONDS = 2.0


#: The setting that remembers the theme chosen in the palette ("Change theme").
THEME_SETTING = "theme"


class ReaderApp(App[int]):
    """Reads articles from the store at ``db_path``, syncing ``corpus`` on start.

    Constructed with no arguments it takes the command's defaults (``$READER_DB`` or
    ``./annotations.db``, ``$READER_CORPUS`` or ``./corpus``), so Textual's own tools
    can start it: ``textual run --dev reader.tui.app:ReaderApp``.
    """

    CSS_PATH = "reader.tcss"
    TITLE = "reader"
    BINDINGS = bindings_for("app")
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {
        _article_commands,
        _reader_commands,
        _list_filter_commands,
    }
    #: Seconds without a change before the reading state is written.
    SAVE_DELAY = 0.5

    def __init__(
        self,
        db_path: Path | str | None = None,
        corpus: Path | str | None = None,
        *,
        sync: bool = True,
        keymap: Path | None = None,
    ) -> None:
        """Open the database (raising :class:`~reader.errors.StoreError`, one line, if
        it cannot be). ``sync=False`` skips the corpus sync (tests, screenshots);
        ``keymap`` is the user's key file (default: the platform's config folder)."""
        super().__init__()
        self.db_path = default_db_path() if db_path is None else Path(db_path)
        self.corpus = default_corpus() if corpus is None else Path(corpus)
        self.keymap_path = keymap_path() if keymap is None else keymap
        #: The keys the user's keymap file gave, by binding id (the help screen shows them).
        self.chosen_keys: dict[str, str] = {}
        #: Every connection of the interface: ``db`` for the event loop, borrowed ones
        #: for the background threads (see :mod:`reader.store.database`).
        self.store = ConnectionPool(self.db_path)
        self.db = self.store.main
        self.mode = DisplayScript.ORIGINAL
        #: The articles listed (the first page only until just after the first paint).
        self.summaries: list[ArticleSummary] = []
        #: How many articles are listed (the store holds, when the list is not filtered).
        self.article_count = 0
        #: How many articles of the store are unread (for the status line).
        self.unread_count = 0
        #: What the list keeps (everything until the user narrows it).
        self.list_filter = ArticleFilter()
        #: Counts the list's reloads, so a list read on a thread knows it is stale.
        self._list_generation = 0
        #: The newest article version listed (see :meth:`_watch_store`).
        self._seen_version = 0
        #: The store's ``data_version`` when :meth:`_watch_store` last looked.
        self._data_version = 0
        self.initial_state = ReadingState()
        self.main_screen = MainScreen()
        #: Runs the full garbage collections while input is quiet (see its module).
        self.collector = IdleCollector()
        self._sync_on_start = sync
        self._save_timer: Timer | None = None
        self._titles: dict[tuple[int, str], TitleEntry] = {}

    @cached_property
    def annotator(self) -> Annotator:
        """Every annotation change of the interface goes through it (made on first
        use: the annotation core is not needed before the first paint)."""
        from reader.tui.annotator import Annotator

        return Annotator(self.db)

    def run(self, *args: Any, **kwargs: Any) -> int | None:
        """Run the app, without garbage collection until the first paint.

        Start-up makes tens of thousands of objects that live as long as the app
        (modules, classes, styles, widgets), and the collector would walk them all
        several times before anything is on screen (~20 ms). They are frozen out of
        its reach, and collection resumes once the first frame is painted.
        """
        gc.freeze()
        gc.disable()
        try:
            return super().run(*args, **kwargs)
        finally:
            gc.enable()

    def on_mount(self) -> None:
        """Show the first page of the list at once and the rest a frame later: a
        tall terminal shows :data:`FIRST_PAGE` rows at most, and reading 10,000
        summaries takes ~50 ms."""
        self.call_after_refresh(gc.enable)
        self.collector.install()
        self.set_interval(self.collector.interval, self.collector.tick)
        self.set_interval(WATCH_SECONDS, self._watch_store)
        try:
            self._seen_version = latest_version_id(self.db)
            self._data_version = data_version(self.db)
            self.main_screen.remember_curation()
            self.summaries = list_articles(self.db, limit=FIRST_PAGE)
            self.article_count = len(self.summaries)
            if self.article_count == FIRST_PAGE:
                self.article_count = count_articles(self.db)
            self.unread_count = count_unread(self.db)
            self.initial_state = ReadingState.from_json(get_setting(self.db, SETTING_KEY))
        except ReaderError as error:
            self.notify(Content(str(error)), severity="error", timeout=10)
        self.mode = self.initial_state.mode
        self._apply_keymap()
        self._restore_theme()
        self.push_screen(self.main_screen)
        if len(self.summaries) < self.article_count:
            self.call_after_refresh(self._load_the_rest)
        if self._sync_on_start:
            self.call_after_refresh(self.start_sync)
        self.call_after_refresh(self._warm_up)

    @work(thread=True, group="warm-up")
    def _warm_up(self) -> None:
        """Import the later views' modules off the event loop (:mod:`reader.tui.warm_up`)."""
        warm_up()

    def on_unmount(self) -> None:
        self.collector.uninstall()

    async def on_event(self, event: events.Event) -> None:
        """Note every key and mouse event, so collections wait for a quiet moment."""
        if isinstance(event, events.InputEvent):
            self.collector.input_seen()
        await super().on_event(event)

    # -- the user's keys and theme -------------------------------------------------

    def _apply_keymap(self) -> None:
        """Give bindings the keys the user's keymap file names; one line per mistake."""
        from reader.tui.bindings import KEYS
        from reader.tui.keymap import load_keymap

        keymap = load_keymap(self.keymap_path, {spec.id: (spec.scope, spec.keys) for spec in KEYS})
        self.chosen_keys = keymap.keys
        if keymap.keys:
            self.set_keymap(keymap.keys)
        for line in keymap.problem_lines():
            self.notify(literal(line), severity="warning", timeout=10)

    def _restore_theme(self) -> None:
        """Use the theme chosen last time, and remember each new choice."""
        try:
            saved = get_setting(self.db, THEME_SETTING)
        except ReaderError:
            saved = None
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, theme: Theme) -> None:
        try:
            if get_setting(self.db, THEME_SETTING) != theme.name:
                set_setting(self.db, THEME_SETTING, theme.name)
        except ReaderError as error:
            self.notify(literal(f"Theme not remembered: {error}"), severity="warning")

    # -- corpus sync ---------------------------------------------------------------

    def start_sync(self) -> None:
        """Import new and changed files of the corpus folder, in a thread."""
        self.main_screen.set_sync_status("syncing corpus…")
        self._sync()

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        from reader.importer import sync_corpus

        try:
            with self.store.connection() as db:
                report = sync_corpus(db, self.corpus)
        except Exception as error:
            message = str(error) if isinstance(error, ReaderError) else repr(error)
            self.call_from_thread(self._sync_failed, explain_store_failure(self.db_path, message))
            return
        changed = len(report.imported) + len(report.updated)
        parts = [report.summary()] if changed or report.rejected or report.missing else []
        stopped = None
        if report.stopped is not None:
            reason = explain_store_failure(self.db_path, report.stopped)
            stopped = f"({report.summary()}): {reason}"
        self.call_from_thread(self._sync_done, parts, stopped)

    def _sync_failed(self, message: str) -> None:
        self.main_screen.set_sync_status("sync failed")
        self.notify(literal(f"Corpus sync failed: {message}"), severity="error", timeout=10)
        self.main_screen.start_entity_analysis()  # what earlier syncs left pending

    def _sync_done(self, parts: list[str], stopped: str | None = None) -> None:
        """What the sync saved is shown; ``stopped`` says what it saved and why it
        stopped part-way."""
        self.reload_articles()
        self.main_screen.set_sync_status("sync stopped" if stopped else "")
        self.main_screen.start_entity_analysis()
        if stopped:
            self.notify(literal(f"Corpus sync stopped {stopped}"), severity="error", timeout=10)
        elif parts:
            self.notify(literal(f"{self.corpus}: {parts[0]}"), title="Corpus synced")

    @work(thread=True, exclusive=True, group="list")
    def _load_the_rest(self) -> None:
        """Read every summary after the first paint, on a thread: at 100,000 articles
        that is most of a second, during which keys would otherwise wait."""
        from reader import listing

        generation = self._list_generation
        try:
            with self.store.connection() as db:
                summaries = listing.list_articles(db, self.list_filter)
                unread = count_unread(db)
        except ReaderError:
            return  # the first page stays; the next reload says what went wrong
        self.call_from_thread(self._show_the_rest, summaries, generation, unread)

    def _show_the_rest(self, summaries: list[ArticleSummary], generation: int, unread: int) -> None:
        if generation != self._list_generation:
            return  # the list was read again meanwhile (a filter, a sync): that one wins
        self.unread_count = unread
        read = {s.id: s.read for s in self.summaries}
        self.summaries = [
            replace(s, read=read[s.id]) if s.id in read and read[s.id] != s.read else s
            for s in summaries
        ]
        self.article_count = len(summaries)
        self.main_screen.set_articles(self.summaries)
        # Out of the collector's reach, like start-up's objects: at 100,000 articles the
        # summaries are hundreds of thousands of objects that a full collection would
        # walk during some key (tens of ms). They hold no cycles; refcounting frees them.
        gc.freeze()

    def reload_articles(self) -> bool:
        """List the articles :attr:`list_filter` keeps, and count the unread again;
        False (and a notification) if the store could not."""
        from reader import listing

        self._list_generation += 1
        try:
            self._seen_version = latest_version_id(self.db)
            self.summaries = listing.list_articles(self.db, self.list_filter)
            self.unread_count = count_unread(self.db)
        except ReaderError as error:
            self.notify(literal(str(error)), severity="error")
            return False
        self.article_count = len(self.summaries)
        self.main_screen.set_articles(self.summaries)
        return True

    def _watch_store(self) -> None:
        """Show what another process has saved (a ``reader`` command in a shell beside
        the app): list again, on a thread, when it imported articles or new versions
        (they used to appear only after a restart, while the status line already
        counted them), and let the screen redraw annotations and entities it changed.
        Nothing is read unless SQLite's ``data_version`` says another connection wrote."""
        try:
            version = data_version(self.db)
            if version == self._data_version:
                return
            self._data_version = version
            latest = latest_version_id(self.db)
        except ReaderError:
            return  # a busy or vanished store: the next tick looks again
        self.main_screen.store_changed_elsewhere()
        if latest != self._seen_version:
            self._seen_version = latest
            self._list_generation += 1
            self._load_the_rest()

    def note_read(self, article_ids: frozenset[int], read: bool) -> None:
        """Keep the listed summaries' read state as the user just set it."""
        self.summaries = [
            replace(s, read=read) if s.id in article_ids and s.read != read else s
            for s in self.summaries
        ]

    def title_entries(self) -> list[TitleEntry]:
        """Every title with its fold, for the palette (safe to call from a thread)."""
        from reader.tui.commands import title_entry

        entries = []
        for summary in list(self.summaries):
            key = (summary.id, summary.title)
            entry = self._titles.get(key)
            if entry is None or entry.summary != summary:
                entry = self._titles[key] = title_entry(summary)
            entries.append(entry)
        return entries

    # -- reading state -------------------------------------------------------------

    def state_changed(self) -> None:
        """Save the reading state once things have been quiet for :attr:`SAVE_DELAY`."""
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(self.SAVE_DELAY, self.save_state)

    def save_state(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        if not self.main_screen.is_attached:
            return
        try:
            set_setting(self.db, SETTING_KEY, self.main_screen.reading_state().as_json())
        except ReaderError as error:
            self.notify(literal(f"Reading position not saved: {error}"), severity="warning")

    # -- actions -------------------------------------------------------------------

    async def action_quit(self) -> None:
        self.save_state()
        self.exit(0)

    def action_help(self) -> None:
        from reader.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search(self) -> None:
        from reader.tui.screens.search import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen(), self._open_hit)

    def _open_hit(self, request: OpenRequest | None) -> None:
        if request is None:
            return
        self.main_screen.open_article(
            request.article_id,
            beside=request.beside,
            offset=request.start,
            find=(request.query, request.start),
        )

    def open_article(self, article_id: int) -> None:
        """Open in the current pane (the palette's article command)."""
        self.main_screen.open_article(article_id)


def run(*, db_path: Path | str, corpus: Path | str) -> int:
    """Run the reader; returns the exit status (1 with a one-line message on stderr
    if the database cannot be opened)."""
    try:
        app = ReaderApp(db_path, corpus)
    except ReaderError as error:
        print(f"reader: {error}", file=sys.stderr)
        return 1
    try:
        app.run()
    finally:
        app.store.close()
    return app.return_code or 0
