"""Corpus-wide search: type a query in any script, see every hit with its context.

The query runs in a thread worker on its own SQLite connection (a one-character
query scans every fold), a moment after typing stops, so typing never waits. Hits
are shown in the current display script with the hit emphasised; Enter opens one in
the current pane scrolled to it, ``ctrl+o`` (``o`` in the list) opens it beside.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from reader.conversion import DisplayScript, for_display
from reader.errors import ReaderError
from reader.search import SearchHit, SearchResult, search_articles
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import literal
from reader.tui.widgets.safe_inputs import SafeInput
from reader.tui.wrap import fit, fit_around

if TYPE_CHECKING:
    from reader.tui.app import ReaderApp

#: Articles listed at most, and hits shown per article (the count says when cut).
ARTICLE_LIMIT = 100
SNIPPETS = 5
#: Cells before a snippet (under the script badge).
INDENT = 3
#: Seconds of quiet typing before the query runs.
DEBOUNCE = 0.15


@dataclass(frozen=True)
class OpenRequest:
    """What the screen hands back: an article, the hit's original offsets, the query
    (so the pane can keep finding it with ``n``/``N``), and where to open it."""

    article_id: int
    start: int
    end: int
    query: str
    beside: bool


def hit_prompt(
    hit: SearchHit, mode: DisplayScript, badge: str | None, width: int | None = None
) -> Content:
    """The snippet with the hit emphasised, under the article's title line when
    ``badge`` is given (the first hit of an article); built from plain text only.
    With ``width`` (cells) each line is cut to fit it, the snippet around its hit, so
    a hit is always one line of context."""
    converted = for_display(hit.snippet, mode)
    text = converted.text
    start, end = converted.offsets.range_to_target(
        hit.snippet_start, hit.snippet_start + hit.end - hit.start
    )
    title = for_display(hit.title, mode).text
    if width is not None:
        text, start, end = fit_around(text, start, end, width - INDENT)
        title = fit(title, width - INDENT).rstrip()
    snippet = literal(text).stylize("bold reverse $accent", start, end)
    if badge is None:
        return Content.assemble(" " * INDENT, snippet)
    return Content.assemble(f"{badge} ", literal(title, "bold"), "\n" + " " * INDENT, snippet)


class SearchScreen(ModalScreen[OpenRequest | None]):
    """A query box over a list of hits."""

    BINDINGS = bindings_for("search")

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = Content("Search every article")
            yield SafeInput(placeholder="search (any script: 马斯克 = 馬斯克)…", id="search-query")
            yield Label(Content("Type to search."), id="search-count")
            yield OptionList(id="search-hits")

    @property
    def reader(self) -> ReaderApp:
        return cast("ReaderApp", self.app)

    def on_mount(self) -> None:
        self._hits: list[SearchHit] = []
        self._query = ""
        self.query_one(Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._query = event.value
        self._search(event.value)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        time.sleep(DEBOUNCE)
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        if not query.strip():
            self.app.call_from_thread(self._show, query, None, None)
            return
        try:
            with self.reader.store.connection() as db:
                result = search_articles(db, query, article_limit=ARTICLE_LIMIT, snippets=SNIPPETS)
        except ReaderError as error:
            self.app.call_from_thread(self._show, query, None, str(error))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, query, result, None)

    def _show(self, query: str, result: SearchResult | None, error: str | None) -> None:
        if query != self._query:
            return
        self._hits = result.hits if result is not None else []
        self._list_hits()
        if self._hits:
            self.query_one(OptionList).highlighted = 0
        self.query_one("#search-count", Label).update(Content(self._count(query, result, error)))

    def _list_hits(self) -> None:
        """Fill the list with the hits, each line fitted to the list's width."""
        badges = {summary.id: summary.script.badge for summary in self.reader.summaries}
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        # Leave room for the scrollbar the hits are about to need, and the options'
        # own padding.
        width = options.scrollable_content_region.width - 2
        if not options.show_vertical_scrollbar:
            width -= options.styles.scrollbar_size_vertical
        width = max(INDENT + 8, width)
        options.clear_options()
        previous = None
        prompts = []
        for hit in self._hits:
            badge = None if hit.article_id == previous else badges.get(hit.article_id, " ")
            prompts.append(Option(hit_prompt(hit, self.reader.mode, badge, width)))
            previous = hit.article_id
        options.add_options(prompts)
        if highlighted is not None and highlighted < len(prompts):
            options.highlighted = highlighted

    def on_resize(self) -> None:
        if self._hits:
            self._list_hits()

    def _count(self, query: str, result: SearchResult | None, error: str | None) -> str:
        if error is not None:
            return error
        if not query.strip():
            return "Type to search."
        if result is None or not result.articles:
            return "No match."
        articles = len(result.articles)
        cut = f"the first {articles} of {result.total_shown}" if result.truncated else articles
        return f"{result.listed_hits} hits in {cut} articles · enter: open · ctrl+o: beside"

    def _request(self, beside: bool) -> OpenRequest | None:
        index = self.query_one(OptionList).highlighted
        if not self._hits:
            return None
        hit = self._hits[index or 0]
        return OpenRequest(hit.article_id, hit.start, hit.end, self._query, beside)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        request = self._request(beside=False)
        if request is not None:
            self.dismiss(request)

    def action_open_beside(self) -> None:
        request = self._request(beside=True)
        if request is not None:
            self.dismiss(request)

    def action_results(self) -> None:
        if self._hits:
            self.query_one(OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)
