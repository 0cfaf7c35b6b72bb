"""Command palette providers: open an article by title, run any reader command, and
narrow the article list.

Titles are untrusted text. Textual's palette parses a ``str`` prompt (and every
``help`` string) as markup, and :class:`textual.fuzzy.Matcher` builds its highlight
from markup too, so a title containing ``[/]`` would crash it or worse. Here every
prompt is a :class:`~textual.content.Content` built from plain text, the highlight is
applied as spans, and article hits carry no ``help``.

Matching is script-insensitive: query and titles are compared as folds (simplified,
lower case, half width), so 马斯克 finds 馬斯克. The matcher is a plain subsequence
match scored by how compact it is (a substring scores highest); it does one pass per
title, so ten thousand titles are searched between keystrokes.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from reader.conversion import OffsetMap, Script
from reader.errors import ReaderError
from reader.folding import fold, fold_query
from reader.models import ArticleFilter, ArticleSummary
from reader.tui.bindings import KEYS
from reader.tui.safe_text import literal

if TYPE_CHECKING:
    from reader.listing import FilterChoices
    from reader.tui.app import ReaderApp

#: Articles shown in the palette before anything is typed.
DISCOVER_ARTICLES = 12


@dataclass(frozen=True)
class TitleEntry:
    """A title and its fold, computed once per title (OpenCC is not free)."""

    summary: ArticleSummary
    fold: str
    offsets: OffsetMap


def title_entry(summary: ArticleSummary) -> TitleEntry:
    folded = fold(summary.title)
    return TitleEntry(summary, folded.text, folded.offsets)


def match(needle: str, haystack: str) -> tuple[float, list[int]]:
    """Score (0: no match, up to 1) and positions of ``needle`` in ``haystack``.

    A substring is found first (earliest); otherwise the characters of ``needle``
    are matched in order, and the score falls with every gap between them.
    """
    if not needle:
        return 0.0, []
    found = haystack.find(needle)
    if found != -1:
        bonus = 0.1 if found == 0 else 0.0
        return min(1.0, 0.8 + bonus + 0.1 * len(needle) / max(1, len(haystack))), list(
            range(found, found + len(needle))
        )
    positions = []
    start = 0
    for character in needle:
        found = haystack.find(character, start)
        if found == -1:
            return 0.0, []
        positions.append(found)
        start = found + 1
    gaps = sum(1 for a, b in pairwise(positions) if b != a + 1)
    return 0.7 / (1 + gaps), positions


def highlighted(entry: TitleEntry, positions: list[int]) -> Content:
    """The title as Content with the matched characters emphasised (as spans)."""
    content = literal(entry.summary.title)
    mapped = positions
    if not entry.offsets.is_identity:
        mapped = [entry.offsets.to_source(position) for position in positions]
    for position in mapped:
        if 0 <= position < len(content):
            content = content.stylize("bold underline $accent", position, position + 1)
    return _with_meta(content, entry.summary)


def _with_meta(title: Content, summary: ArticleSummary) -> Content:
    meta = " · ".join(part for part in (summary.source, (summary.date or "")[:10]) if part)
    badge = Content(f"{summary.script.badge} ")
    if not meta:
        return badge + title
    return Content.assemble(badge, title, "  ", literal(meta, "$text-muted"))


class ArticleCommands(Provider):
    """Open an article by (fuzzy, script-insensitive) title."""

    async def startup(self) -> None:
        app = cast("ReaderApp", self.app)
        self._entries = await asyncio.to_thread(app.title_entries)

    async def discover(self) -> Hits:
        app = cast("ReaderApp", self.app)
        for entry in self._entries[:DISCOVER_ARTICLES]:
            summary = entry.summary
            yield DiscoveryHit(
                _with_meta(literal(summary.title), summary),
                partial(app.open_article, summary.id),
                text=summary.title,
            )

    async def search(self, query: str) -> Hits:
        app = cast("ReaderApp", self.app)
        needle = fold_query(query.strip())
        for entry in self._entries:
            score, positions = match(needle, entry.fold)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(entry, positions),
                    partial(app.open_article, entry.summary.id),
                    text=entry.summary.title,
                )


@dataclass(frozen=True)
class Command:
    """A palette entry. ``help`` is parsed as markup by Textual: only fixed text here."""

    name: str
    run: Callable[[], object]
    help: str


class ReaderCommands(Provider):
    """Every command the reader has a key for, plus a few that need no key."""

    def _commands(self) -> list[Command]:
        app = cast("ReaderApp", self.app)
        screen = app.main_screen
        commands = []
        for spec in KEYS:
            if spec.scope not in ("app", "main") or spec.action == "command_palette":
                continue
            target = "app" if spec.scope == "app" else "main"
            commands.append(
                Command(
                    spec.description,
                    partial(app.run_action, spec.action, app if target == "app" else screen),
                    f"key: {spec.display}",
                )
            )
        commands.append(
            Command("Sync the corpus folder now", app.start_sync, "import new and changed files")
        )
        commands.append(
            Command(
                "Export every annotation as Markdown",
                screen.export_all,
                "one file: ./exports/annotations.md",
            )
        )
        commands.append(Command("Change theme", app.action_change_theme, "light or dark"))
        return commands

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(Content(command.name), command.run, command.name, command.help)

    async def search(self, query: str) -> Hits:
        needle = query.strip().lower()
        for command in self._commands():
            score, positions = match(needle, command.name.lower())
            if score > 0:
                display = Content(command.name)
                for position in positions:
                    display = display.stylize("bold underline $accent", position, position + 1)
                yield Hit(score, display, command.run, command.name, command.help)


class ListFilterCommands(Provider):
    """Narrow the article list to an outlet, feed, script or tag (each narrows what is
    listed now), or list every article again. Outlet, feed and tag names are the
    store's, shown as plain text and matched whatever their script."""

    async def startup(self) -> None:
        from reader.listing import filter_choices

        app = cast("ReaderApp", self.app)

        def choices() -> FilterChoices:
            with app.store.connection() as db:
                return filter_choices(db)

        try:
            self._choices: FilterChoices | None = await asyncio.to_thread(choices)
        except ReaderError:
            self._choices = None  # the list's own commands still work

    def _commands(self) -> list[Command]:
        app = cast("ReaderApp", self.app)
        screen = app.main_screen
        current = app.list_filter

        def narrow(**change: object) -> Callable[[], None]:
            return partial(screen.set_list_filter, replace(current, **change))

        commands = [
            Command(f"List only {script.value} articles", narrow(script=script), "list filter")
            for script in (Script.SIMPLIFIED, Script.TRADITIONAL, Script.MIXED)
        ]
        choices = self._choices
        if choices is not None:
            commands += [
                Command(f"List only the outlet {name}", narrow(source=name), "list filter")
                for name in choices.sources
            ]
            commands += [
                Command(f"List only the feed {name}", narrow(feed=name), "list filter")
                for name in choices.feeds
            ]
            commands += [
                Command(f"List only articles tagged {name}", narrow(tag=name), "list filter")
                for name in choices.tags
            ]
        commands.append(
            Command("List articles dated from… to…", screen.ask_list_dates, "list filter")
        )
        if not current.is_empty:
            commands.append(
                Command(
                    "List every article (clear the filter)",
                    partial(screen.set_list_filter, ArticleFilter()),
                    "list filter",
                )
            )
        return commands

    async def discover(self) -> Hits:
        for command in self._commands()[:DISCOVER_ARTICLES]:
            yield DiscoveryHit(Content(command.name), command.run, command.name, command.help)

    async def search(self, query: str) -> Hits:
        needle = fold_query(query.strip())
        for command in self._commands():
            score, positions = match(needle, fold(command.name).text)
            if score > 0:
                display = Content(command.name)
                for position in positions:
                    display = display.stylize("bold underline $accent", position, position + 1)
                yield Hit(score, display, command.run, command.name, command.help)
