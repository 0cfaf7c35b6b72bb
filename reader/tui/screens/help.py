"""The help screen: every key, from the one binding table (:mod:`reader.tui.bindings`).

It fits any terminal: descriptions wrap under their column (kinsoku-safe, as the
reading view wraps) and the bottom border says when more keys are below.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.tui.bindings import SCOPE_TITLES, bindings_for, display_keys, specs_for
from reader.tui.widgets.hinted_scroll import HintedScroll
from reader.tui.wrapped_text import Wrapped

KEY_COLUMN = 24
#: Where a description's continuation lines start (under the description).
HANG = KEY_COLUMN + 2


def help_content(keymap: Path | None = None, chosen: Mapping[str, str] | None = None) -> Content:
    """The key table as Content, one section per scope, after where the user's keymap
    file goes (``reader keys`` lists the binding ids it takes); ``chosen`` holds the
    keys that file gave, shown instead of the defaults."""
    parts: list[Content] = []
    if keymap is not None:
        parts.append(
            Content.assemble(
                ("Your keys: ", "bold $accent"),
                str(keymap),
                ("  (binding ids: reader keys)", "dim"),
            )
        )
        parts.append(Content(""))
    for scope, title in SCOPE_TITLES.items():
        specs = specs_for(scope)
        if not specs:
            continue
        parts.append(Content.styled(title, "bold $accent"))
        for spec in specs:
            keys = display_keys(chosen[spec.id]) if chosen and spec.id in chosen else spec.display
            padding = " " * max(1, KEY_COLUMN - cell_len(keys))
            parts.append(Content.assemble("  ", (keys, "bold"), padding, spec.description))
        parts.append(Content(""))
    return Content("\n").join(parts[:-1])


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every binding; escape, q or ? closes it."""

    BINDINGS = bindings_for("help")

    def compose(self) -> ComposeResult:
        with HintedScroll(id="help-box", hint="↓ more: j / space") as box:
            box.border_title = Content("Keys")
            app = self.app
            content = help_content(
                getattr(app, "keymap_path", None), getattr(app, "chosen_keys", None)
            )
            yield Static(Wrapped(content, hang=HANG), id="help-keys")

    def action_close(self) -> None:
        self.dismiss(None)

    # j/k/space/b scroll here as they do in a reading pane (only ↓/↑ did before).
    def action_scroll_keys(self, step: int) -> None:
        box = self.query_one("#help-box", HintedScroll)
        box.scroll_relative(y=step, animate=False)

    def action_page_keys(self, step: int) -> None:
        box = self.query_one("#help-box", HintedScroll)
        box.scroll_relative(y=step * box.scrollable_content_region.height, animate=False)
