"""Every key binding of the reader, defined once.

The same records build the Textual bindings of each screen and widget, the help
screen and the key table in README.md (:func:`keys_markdown`), so the three can never
disagree. A record's ``scope`` says which part of the interface owns the key; the
help screen and the README group keys by it.

The reading cursor and annotations (``cursor``, ``annotate``) are bound on the
reading pane, so they work in the text and in its annotations panel; ``review`` and
``annotations`` belong to those screens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal[
    "app",
    "main",
    "list",
    "view",
    "cursor",
    "annotate",
    "find",
    "search",
    "annotations",
    "review",
    "entities",
    "concordance",
    "browser",
    "lookup",
    "help",
]

#: Headings for each scope, in the order the help screen and README show them.
SCOPE_TITLES: dict[Scope, str] = {
    "app": "Everywhere",
    "main": "Main screen",
    "list": "Article list",
    "view": "Reading pane",
    "cursor": "Reading cursor and selection",
    "annotate": "Annotations (reading pane and its panel)",
    "find": "Find in article",
    "search": "Corpus search",
    "annotations": "All annotations and orphans",
    "review": "Review",
    "entities": "Entity panel",
    "concordance": "Concordance",
    "browser": "Entity browser",
    "lookup": "Word look-up",
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
    "left_parenthesis": "(",
    "right_parenthesis": ")",
    "left_curly_bracket": "{",
    "right_curly_bracket": "}",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "ctrl+left": "ctrl+←",
    "ctrl+right": "ctrl+→",
    "shift+left": "shift+←",
    "shift+right": "shift+→",
    "space": "space",
}


#: Ids for bindings whose action has arguments, by ``(scope, keys)``: the names a user
#: writes in the keymap file (every other id is ``scope.action``).
_ID_NAMES: dict[tuple[str, str], str] = {
    ("cursor", "right"): "next_character",
    ("cursor", "left"): "previous_character",
    ("cursor", "W,ctrl+right"): "next_word",
    ("cursor", "B,ctrl+left"): "previous_word",
    ("cursor", "right_curly_bracket"): "next_clause",
    ("cursor", "left_curly_bracket"): "previous_clause",
    ("cursor", "right_parenthesis"): "next_sentence",
    ("cursor", "left_parenthesis"): "previous_sentence",
    ("cursor", "shift+right"): "select_next_character",
    ("cursor", "shift+left"): "select_previous_character",
    ("review", "space"): "grade_3_space",
    ("help", "j,down"): "scroll_down",
    ("help", "k,up"): "scroll_up",
    ("help", "space,pagedown"): "page_down",
    ("help", "b,pageup"): "page_up",
    ("review", "j,down"): "scroll_card_down",
    ("review", "k,up"): "scroll_card_up",
    ("lookup", "j,down"): "scroll_down",
    ("lookup", "k,up"): "scroll_up",
    ("lookup", "space,pagedown"): "page_down",
    ("lookup", "b,pageup"): "page_up",
}


def display_keys(keys: str) -> str:
    """Textual key names (comma-separated) as a person types them: ``j / ↓``."""
    return " / ".join(_KEY_NAMES.get(key, key) for key in keys.split(","))


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
    def id(self) -> str:
        """The binding's id, ``scope.action`` (or a name from :data:`_ID_NAMES`): what a
        user names in the keymap file to choose other keys (:mod:`reader.tui.keymap`)."""
        name = _ID_NAMES.get((self.scope, self.keys))
        return f"{self.scope}.{name or re.sub(r'[^A-Za-z0-9]+', '_', self.action).strip('_')}"

    @property
    def display(self) -> str:
        """The keys as a person types them: ``j / ↓``."""
        return display_keys(self.keys)

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label or self.description,
            show=self.show,
            tooltip=self.description,
            key_display=_KEY_NAMES.get(self.keys.split(",")[0]),
            priority=self.priority,
            id=self.id,
        )


def _cursor_keys(scope: Scope, noun: str, *, next_does: str = "") -> tuple[KeySpec, ...]:
    """The moves of a cursor list (entity panel, concordance, browser)."""
    return (
        KeySpec("j,down", "cursor_down", next_does or f"Next {noun}", scope),
        KeySpec("k,up", "cursor_up", f"Previous {noun}", scope),
        KeySpec("pagedown", "page_down", "Page down", scope),
        KeySpec("pageup", "page_up", "Page up", scope),
        KeySpec("g,home", "first", f"First {noun}", scope),
        KeySpec("G,end", "last", f"Last {noun}", scope),
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
        "Script of every pane: 原文 → 简体 → 繁體 → 臺灣 → 香港",
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
    KeySpec("S", "cycle_pane_script", "Script of the focused pane only (same cycle)", "main"),
    KeySpec(
        "r",
        "review",
        "Review annotations (filters start with the focused article)",
        "main",
        show=True,
        label="review",
    ),
    KeySpec(
        "M", "all_annotations", "Every annotation: filter by tag, text or article, open one", "main"
    ),
    KeySpec(
        "O",
        "orphans",
        "Orphaned and fuzzy annotations: open one and re-attach it by hand",
        "main",
    ),
    KeySpec(
        "X",
        "export",
        "Export the focused article's annotations as Markdown (./exports/)",
        "main",
    ),
    KeySpec(
        "U",
        "update_feeds",
        "Update every subscribed feed (progress on the status line)",
        "main",
    ),
    KeySpec(
        "f",
        "cycle_list_filter",
        "List all articles or only the unread (opening one marks it read)",
        "main",
    ),
    KeySpec(
        "enter",
        "open",
        "Open the selected article in the current pane",
        "list",
        show=True,
        label="open",
    ),
    KeySpec("m", "toggle_read", "Mark the selected article read or unread", "list"),
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
    KeySpec("right", "move('character',1)", "Cursor to the next character", "cursor"),
    KeySpec("left", "move('character',-1)", "Cursor to the previous character", "cursor"),
    KeySpec(
        "W,ctrl+right",
        "move('word',1)",
        "Cursor to the next word (jieba words once loaded, characters until then)",
        "cursor",
    ),
    KeySpec("B,ctrl+left", "move('word',-1)", "Cursor to the previous word", "cursor"),
    KeySpec(
        "right_curly_bracket",
        "move('clause',1)",
        "Cursor to the next clause (after ，；：、)",
        "cursor",
    ),
    KeySpec("left_curly_bracket", "move('clause',-1)", "Cursor to the previous clause", "cursor"),
    KeySpec(
        "right_parenthesis",
        "move('sentence',1)",
        "Cursor to the next sentence (after 。！？…)",
        "cursor",
    ),
    KeySpec("left_parenthesis", "move('sentence',-1)", "Cursor to the previous sentence", "cursor"),
    KeySpec(
        "v",
        "visual",
        "Start a selection at the cursor (the moves above extend it), or drop it",
        "cursor",
        show=True,
        label="select",
    ),
    KeySpec("shift+right", "select('character',1)", "Select: extend by a character", "cursor"),
    KeySpec("shift+left", "select('character',-1)", "Select: extend back a character", "cursor"),
    KeySpec("escape", "cancel", "Drop the selection (or a pending re-attach)", "cursor"),
    KeySpec(
        "a",
        "annotate",
        "Annotate the selection, or the cursor's sentence (tags, note, colour)",
        "annotate",
        show=True,
        label="annotate",
    ),
    KeySpec(
        "t",
        "tag",
        "Add tags to the annotation under the cursor (or annotate the selection)",
        "annotate",
    ),
    KeySpec("e", "edit", "Edit the annotation under the cursor", "annotate"),
    KeySpec("d", "delete", "Delete the annotation under the cursor (u undoes)", "annotate"),
    KeySpec("u", "undo", "Undo the last annotation change (new, edit, delete)", "annotate"),
    KeySpec("right_square_bracket", "next_annotation", "Next annotation", "annotate"),
    KeySpec("left_square_bracket", "previous_annotation", "Previous annotation", "annotate"),
    KeySpec(
        "A",
        "toggle_panel",
        "Show (and focus) or hide the article's annotations panel",
        "annotate",
    ),
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
    KeySpec(
        "enter", "open", "Open the annotation in the reader", "annotations", show=True, label="open"
    ),
    KeySpec("down", "results", "Move from the filters to the list", "annotations"),
    KeySpec("escape", "close", "Back to reading", "annotations", show=True, label="back"),
    KeySpec("1", "grade(1)", "Grade: again (forgotten)", "review", label="Again"),
    KeySpec("2", "grade(2)", "Grade: hard", "review", label="Hard"),
    KeySpec("3", "grade(3)", "Grade: good", "review", label="Good"),
    KeySpec("4", "grade(4)", "Grade: easy", "review", label="Easy"),
    KeySpec("space", "grade(3)", "Grade: good", "review", label="Good"),
    KeySpec("e", "edit_note", "Edit the card's note", "review", show=True, label="Note"),
    KeySpec("t", "edit_tags", "Edit the card's tags", "review", show=True, label="Tags"),
    KeySpec("d", "delete", "Delete the annotation (u undoes)", "review", show=True, label="Delete"),
    KeySpec("x", "skip", "Skip the card until tomorrow", "review", show=True, label="Skip"),
    KeySpec(
        "u", "undo", "Undo the last grade, skip, edit or delete", "review", show=True, label="Undo"
    ),
    KeySpec("o", "open", "Open the passage in the reader", "review", show=True, label="Open"),
    KeySpec(
        "s",
        "cycle_script",
        "Script of the passage: 原文 → 简体 → 繁體 → 臺灣 → 香港",
        "review",
        show=True,
        label="Script",
    ),
    KeySpec(
        "q,escape",
        "end",
        "End the session (again: close the summary)",
        "review",
        show=True,
        label="End",
    ),
    KeySpec("enter", "close", "Close the summary", "review", label="Close"),
    KeySpec("j,down", "scroll_card(1)", "Scroll a long card down", "review"),
    KeySpec("k,up", "scroll_card(-1)", "Scroll a long card up", "review"),
    KeySpec(
        "E",
        "entity_panel",
        "Show (and focus) or hide the focused article's entities",
        "main",
        show=True,
        label="entities",
    ),
    KeySpec("H", "entity_highlights", "Colour entity mentions by kind in the panes", "main"),
    KeySpec("ctrl+e", "entity_browser", "Browse, filter and curate every entity", "main"),
    *_cursor_keys("entities", "entity"),
    KeySpec(
        "enter",
        "select",
        "Concordance: every mention of the entity in every article",
        "entities",
        show=True,
        label="mentions",
    ),
    KeySpec("n", "next_mention", "Next mention of the entity in the article", "entities"),
    KeySpec("N", "previous_mention", "Previous mention of the entity in the article", "entities"),
    KeySpec("escape", "close", "Hide the panel, back to reading", "entities"),
    *_cursor_keys("concordance", "mention", next_does="Next mention (a pane showing it follows)"),
    KeySpec(
        "enter",
        "select",
        "Open the article beside the current one, at the mention",
        "concordance",
        show=True,
        label="open",
    ),
    KeySpec("escape", "close", "Close the concordance", "concordance"),
    *_cursor_keys("browser", "entity"),
    KeySpec(
        "enter", "select", "Show the entity's concordance", "browser", show=True, label="mentions"
    ),
    KeySpec("r", "rename", "Rename the entity", "browser", show=True, label="rename"),
    KeySpec(
        "m",
        "merge",
        "Merge: m on one entity, then m on the one it is part of",
        "browser",
        show=True,
        label="merge",
    ),
    KeySpec(
        "p", "split", "Split off one of the entity's names", "browser", show=True, label="split"
    ),
    KeySpec("h", "hide", "Hide the entity, or show it again", "browser", show=True, label="hide"),
    KeySpec(
        "t",
        "kind",
        "Set the entity's kind (person, organisation, place, product)",
        "browser",
        show=True,
        label="kind",
    ),
    KeySpec("slash", "filter", "Type a filter (any script: 馬斯克 = 马斯克)", "browser"),
    KeySpec("escape", "close", "Back to reading (or cancel a merge)", "browser", priority=True),
    KeySpec(
        "K",
        "lookup",
        "Look up the word at the cursor or the selection (pinyin, English)",
        "main",
    ),
    KeySpec(
        "y",
        "cite",
        "Copy the selection or annotation, with its source, as Markdown",
        "main",
    ),
    KeySpec("L", "open_source", "Open the article's web address in the browser", "main"),
    KeySpec("escape,q,K", "close", "Close the look-up", "lookup"),
    KeySpec("c", "concordance", "The entity's concordance (when the word is one)", "lookup"),
    KeySpec("j,down", "scroll_senses(1)", "Scroll down a line", "lookup"),
    KeySpec("k,up", "scroll_senses(-1)", "Scroll up a line", "lookup"),
    KeySpec("space,pagedown", "page_senses(1)", "Page down", "lookup"),
    KeySpec("b,pageup", "page_senses(-1)", "Page up", "lookup"),
    KeySpec("escape,q,question_mark", "close", "Close help", "help"),
    KeySpec("j,down", "scroll_keys(1)", "Scroll down a line", "help"),
    KeySpec("k,up", "scroll_keys(-1)", "Scroll up a line", "help"),
    KeySpec("space,pagedown", "page_keys(1)", "Page down", "help"),
    KeySpec("b,pageup", "page_keys(-1)", "Page up", "help"),
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
