"""Every key binding of the reader, defined once.

The same records build the Textual bindings of each screen and widget, the help
screen and the key table in README.md (:func:`keys_markdown`), so the three can never
disagree. A record's ``scope`` says which part of the interface owns the key; the
help screen and the README group keys by it.

Keys ``a t v e d u [ ] r x`` are deliberately unbound in the reading pane: later
features (annotations, entities, review) take them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal["app", "main", "list", "view", "find", "search", "help"]

#: Headings for each scope, in the order the help screen and README show them.
SCOPE_TITLES: dict[Scope, str] = {
    "app": "Everywhere",
    "main": "Main screen",
    "list": "Article list",
    "view": "Reading pane",
    "find": "Find in article",
    "search": "Corpus search",
    "help": "Help",
}

_KEY_NAMES = {
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "question_mark": "?",
    "slash": "/",
    "escape": "esc",
}


@dataclass(frozen=True)
class KeySpec:
    """One binding: Textual key names (comma-separated alternatives), the action it
    runs in its scope's namespace, what it does, and whether the footer shows it
    (under ``label``, a word or two; the description is the tooltip)."""

    keys: str
    action: str
    description: str
    scope: Scope
    show: bool = False
    label: str = ""
    priority: bool = False

    @property
    def display(self) -> str:
        """The keys as a person types them: ``j / ↓``."""
        return " / ".join(_KEY_NAMES.get(key, key) for key in self.keys.split(","))

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label or self.description,
            show=self.show,
            tooltip=self.description,
            key_display=_KEY_NAMES.get(self.keys.split(",")[0]),
            priority=self.priority,
        )


KEYS: tuple[KeySpec, ...] = (
    KeySpec("q", "quit", "Quit (the reading state is saved)", "app", show=True, label="quit"),
    KeySpec("question_mark", "help", "Show every key", "app", show=True, label="keys"),
    KeySpec(
        "ctrl+p",
        "command_palette",
        "Command palette: open articles, run commands",
        "app",
        label="palette",
        priority=True,
    ),
    KeySpec("ctrl+f,F", "search", "Search every article", "app", show=True, label="search"),
    KeySpec("tab", "next_pane", "Focus the next pane (list, reader, reader)", "main"),
    KeySpec("shift+tab", "previous_pane", "Focus the previous pane", "main"),
    KeySpec(
        "s",
        "cycle_script",
        "Script of every pane: 原文 → 简体 → 繁體",
        "main",
        show=True,
        label="script",
    ),
    KeySpec(
        "o",
        "open_beside",
        "Open the selected article beside the current one",
        "main",
        show=True,
        label="beside",
    ),
    KeySpec("w", "close_pane", "Close the focused reading pane", "main", show=True, label="close"),
    KeySpec("l", "focus_list", "Show and focus the article list", "main"),
    KeySpec(
        "slash", "find", "Find in the focused article (any script)", "main", show=True, label="find"
    ),
    KeySpec("n", "find_next", "Next find hit", "main"),
    KeySpec("N", "find_previous", "Previous find hit", "main"),
    KeySpec("S", "cycle_pane_script", "Script of the focused pane only", "main"),
    KeySpec(
        "enter",
        "open",
        "Open the selected article in the current pane",
        "list",
        show=True,
        label="open",
    ),
    KeySpec("j,down", "cursor_down", "Next article", "list"),
    KeySpec("k,up", "cursor_up", "Previous article", "list"),
    KeySpec("space,pagedown", "page_down", "Page down", "list"),
    KeySpec("b,pageup", "page_up", "Page up", "list"),
    KeySpec("g,home", "first", "First article", "list"),
    KeySpec("G,end", "last", "Last article", "list"),
    KeySpec("j,down", "line_down", "Scroll down a line", "view"),
    KeySpec("k,up", "line_up", "Scroll up a line", "view"),
    KeySpec("space,pagedown", "page_down", "Page down", "view"),
    KeySpec("b,pageup", "page_up", "Page up", "view"),
    KeySpec("g,home", "top", "Top of the article", "view"),
    KeySpec("G,end", "bottom", "End of the article", "view"),
    KeySpec("enter", "accept", "Keep the hits and go back to reading", "find", priority=True),
    KeySpec("escape", "close", "Close find and clear the hits", "find", priority=True),
    KeySpec("enter", "open", "Open the hit in the current pane", "search"),
    KeySpec(
        "ctrl+o,o",
        "open_beside",
        "Open the hit beside the current pane (o: in the hit list)",
        "search",
    ),
    KeySpec("down", "results", "Move from the query to the hits", "search"),
    KeySpec("escape", "close", "Back to reading", "search"),
    KeySpec("escape,q,question_mark", "close", "Close help", "help"),
)


def specs_for(scope: Scope) -> list[KeySpec]:
    return [spec for spec in KEYS if spec.scope == scope]


def bindings_for(scope: Scope) -> list[Binding]:
    """The Textual ``BINDINGS`` of the node that owns ``scope``."""
    return [spec.binding() for spec in specs_for(scope)]


def keys_markdown() -> str:
    """The key table for README.md, between ``<!-- keys:start -->`` and ``<!-- keys:end -->``."""
    lines = ["| keys | where | what it does |", "|---|---|---|"]
    for scope, title in SCOPE_TITLES.items():
        for spec in specs_for(scope):
            keys = " / ".join(f"`{key}`" for key in spec.display.split(" / "))
            lines.append(f"| {keys} | {title} | {spec.description} |")
    return "\n".join(lines) + "\n"
