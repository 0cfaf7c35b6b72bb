"""The main screen's reading aids: look a word up, quote with citation, open the source.

A mixin of :class:`~reader.tui.screens.main.MainScreen` (like
:class:`~reader.tui.annotation_actions.AnnotationActions`); its keys are main-screen
keys, so the command palette offers them too.

- ``K`` looks up the selection, or jieba's word at the reading cursor, in the panel
  of :mod:`reader.tui.screens.lookup`; if the word is (part of) an entity mention,
  or names an entity, the panel says which, and ``c`` there opens its concordance.
  jieba is loaded by a worker the first time if the cursor has not loaded it yet.
- ``y`` copies the selection, or the annotation under the cursor, as a Markdown
  quote with its source (:func:`reader.citation.cite`) through Textual's clipboard
  support (OSC 52: the terminal must allow it).
- ``L`` opens the article's web address in the system browser; only ``http(s)``
  addresses are opened. Where Python's ``webbrowser`` finds no graphical browser
  (a text browser would take over this terminal), the address is copied instead.
"""

from __future__ import annotations

import os
from contextlib import suppress
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content
from textual.screen import Screen

from reader import segmentation
from reader.errors import ReaderError
from reader.tui.annotation_actions import toast_text_width
from reader.tui.safe_text import literal, printable
from reader.tui.wrap import fit

if TYPE_CHECKING:
    from reader.models import ArticleSummary
    from reader.store.entities import EntitySummary
    from reader.tui.app import ReaderApp
    from reader.tui.screens.lookup import LookupOutcome
    from reader.tui.widgets.article_list import ArticleList
    from reader.tui.widgets.reading_pane import ReadingPane


class LookupActions(Screen[None]):
    """Word look-up, citations and the article's web page."""

    # provided by MainScreen
    reader: ReaderApp
    article_list: ArticleList
    current_pane: ReadingPane | None

    # -- look-up -------------------------------------------------------------------

    def action_lookup(self) -> None:
        pane = self.current_pane
        if pane is None or pane.cursor is None:
            self.notify(Content("Open an article first: K looks up the word at the cursor."))
            return
        if pane.cursor.selection() is None and not segmentation.is_ready():
            # words are single characters until jieba is loaded (once, a few seconds)
            self.notify(Content("Finding the word: loading the word list…"), timeout=3)
            self._load_words(pane)
            return
        self.look_up_at_cursor(pane)

    @work(thread=True, exclusive=True, group="lookup-words")
    def _load_words(self, pane: ReadingPane) -> None:
        with suppress(Exception):  # on failure characters stay the words: look one up
            segmentation.tokenizer()
        self.app.call_from_thread(self.look_up_at_cursor, pane)

    def look_up_at_cursor(self, pane: ReadingPane) -> None:
        """Open the panel on the selection, or the word under the cursor."""
        from reader.lookup import MAX_WORD
        from reader.text_units import Unit
        from reader.tui.screens.lookup import LookupScreen

        cursor = pane.cursor
        if cursor is None or not pane.is_attached:
            return
        span = cursor.selection() or cursor.index.at(Unit.WORD, cursor.position) or cursor.char
        word = pane.article.clean_text[span[0] : span[1]].strip()
        if not any(char.isalnum() for char in word):  # punctuation, a symbol
            self.notify(literal(f"No word at the cursor ({word[:MAX_WORD]})."))
            return
        if len(word) > MAX_WORD:
            self.notify(Content(f"Select at most {MAX_WORD} characters to look them up."))
            return
        entity = self._entity_at(pane, span, word)
        self.app.push_screen(LookupScreen(word, entity), self._lookup_closed)

    def _entity_at(
        self, pane: ReadingPane, span: tuple[int, int], word: str
    ) -> EntitySummary | None:
        """The entity of a mention overlapping ``span`` in the article, else the one
        named ``word`` (either script); None if neither, or the store cannot say."""
        from reader.store import entities as entity_store

        db = self.reader.db
        try:
            for mention in entity_store.article_mentions(db, pane.article.id):
                if mention.start < span[1] and span[0] < mention.end:
                    entity = entity_store.get_entity(db, mention.entity_id)
                    return None if entity.hidden else entity
            entity = entity_store.find_entity(db, word)
        except ReaderError:
            return None
        return None if entity is None or entity.hidden else entity

    async def _lookup_closed(self, outcome: LookupOutcome | None) -> None:
        if outcome is None or outcome.entity_id is None:
            return
        from reader.tui.screens.entities import BrowserOutcome

        # the entity browser's way to a concordance (EntityActions)
        await self._browser_closed(BrowserOutcome(changed=False, entity_id=outcome.entity_id))

    async def _browser_closed(self, outcome: object) -> None:
        raise NotImplementedError  # EntityActions

    # -- citation ------------------------------------------------------------------

    def action_cite(self) -> None:
        """Copy the selection, or the annotation under the cursor, with its source."""
        from reader.citation import cite

        pane = self.current_pane
        cursor = pane.cursor if pane is not None else None
        if pane is None or cursor is None:
            self.notify(Content("Open an article first: y copies a quote with its source."))
            return
        selection = cursor.selection()
        if selection is not None:
            quote = pane.article.clean_text[selection[0] : selection[1]]
        else:
            annotation = pane.annotation_at_cursor()
            if annotation is None:
                self.notify(Content("Nothing to quote: select with v, or stand on an annotation."))
                return
            quote = annotation.quote
        text = cite(quote, pane.article.summary)
        self.app.copy_to_clipboard(text)
        width = toast_text_width(self.app.size.width)
        self.notify(_copied(text, width), title="Copied as Markdown (OSC 52)", timeout=6)

    # -- the source ----------------------------------------------------------------

    def _article_shown(self) -> ArticleSummary | None:
        """The list's selected article while the list has focus, else the current
        pane's."""
        if self.focused is self.article_list and self.article_list.selected is not None:
            return self.article_list.selected
        pane = self.current_pane
        return pane.article.summary if pane is not None else None

    def action_open_source(self) -> None:
        from reader.citation import web_address

        article = self._article_shown()
        if article is None:
            self.notify(Content("Open an article first: L opens its web page."))
            return
        url = web_address(article.url)
        if url is None:
            why = "has no web address" if not article.url else "has no http(s) address"
            self.notify(literal(f"This article {why}."))
            return
        if not self.app.is_web and not graphical_browser():
            # a text browser would draw over the reader in this very terminal
            self.app.copy_to_clipboard(url)
            self.notify(literal(f"No graphical browser here: address copied. {url}"), timeout=6)
            return
        self.notify(literal(f"Opening {url}"), timeout=3)
        if self.app.is_web:
            self.app.open_url(url)
        else:
            self._open_url(url)

    @work(thread=True, group="browser")
    def _open_url(self, url: str) -> None:
        """Open ``url`` off the event loop: a browser named in $BROWSER is waited for."""
        try:
            self.app.open_url(url)
        except Exception as error:  # no browser after all: say so, keep reading
            message = f"Could not open the browser: {error}"
            self.app.call_from_thread(self.notify, literal(message), severity="error")


#: Browsers that run in the terminal (Python's webbrowser picks them without a display).
TEXT_BROWSERS = frozenset({"www-browser", "links", "links2", "elinks", "lynx", "w3m", "browsh"})


def graphical_browser() -> bool:
    """Whether Python's webbrowser would open a browser window (not a text browser in
    the reader's own terminal, and not nothing)."""
    import webbrowser

    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if isinstance(browser, webbrowser.GenericBrowser) and not isinstance(
        browser, webbrowser.BackgroundBrowser
    ):
        return os.path.basename(browser.name) not in TEXT_BROWSERS
    return True


def _copied(text: str, width: int) -> Content:
    """A preview of the copied citation, its first quote line and its source line,
    each cut to one line of a toast ``width`` cells wide."""
    lines = text.rstrip("\n").split("\n")
    shown = [lines[0], lines[-1]] if len(lines) > 1 else lines
    return Content("\n".join(fit(printable(line), width).rstrip() for line in shown))
