"""The annotation dialog (``a``, ``e``) and the one-line tag prompt (``t``).

Both only collect what the user typed and hand it back; the pane saves it through
:class:`~reader.tui.annotator.Annotator` and reports the save once the store has
it. Tags complete from the tags already in use, in either script (馬 finds 马斯克),
through :func:`reader.annotations.tag_names`. Everything user-written (quote, tags,
note) is shown as :class:`~textual.content.Content` from plain text, never markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Select, TextArea

from reader.annotations import (
    PALETTE,
    Annotation,
    normalize_tags,
    tag_color,
    tag_key,
    tag_names,
)
from reader.errors import ReaderError
from reader.tui.annotating import color_of, tags_line
from reader.tui.safe_text import literal, printable
from reader.tui.widgets.hinted_scroll import HintedScroll
from reader.tui.widgets.safe_inputs import SafeInput
from reader.tui.widgets.safe_text_area import SafeTextArea

if TYPE_CHECKING:
    from reader.store.database import Database

#: The colour choice meaning "follow the first tag".
FROM_TAGS = "from-tags"
#: Characters of the quote shown at the top of the dialog.
QUOTE_PREVIEW = 160


def split_tags(text: str) -> list[str]:
    """Tags typed on one line, split as the review screen splits them (its module is
    imported here on first use only: it brings in the scheduler)."""
    from reader.tui.screens.review import parse_tags

    return parse_tags(text)


def last_tag(text: str) -> tuple[str, str]:
    """The text before the tag being typed (separators included) and that tag."""
    cut = max(text.rfind(sep) for sep in ",，、;；") + 1
    head, tail = text[:cut], text[cut:]
    stripped = tail.lstrip()
    return head + tail[: len(tail) - len(stripped)], stripped


class TagSuggester(Suggester):
    """Completes the last comma-separated tag from the tags in use (either script)."""

    def __init__(self, db: Database) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.db = db

    async def get_suggestion(self, value: str) -> str | None:
        head, typed = last_tag(value)
        if not typed:
            return None
        try:
            found = tag_names(self.db, typed, limit=1)
        except ReaderError:
            return None  # no completion is better than a broken dialog
        return head + found[0] if found and found[0] != typed else None


def matching_tags(db: Database, text: str) -> Content:
    """A hint line: tags in use that start like the one being typed."""
    typed = last_tag(text)[1]
    try:
        names = tag_names(db, typed, limit=8)
    except ReaderError:
        return Content("")
    if not names:
        return literal("new tag" if typed else "", "$text-muted")
    return Content(" ").join(literal(f"#{name}", "$accent") for name in names)


@dataclass(frozen=True)
class AnnotationDraft:
    """What the dialog collected. ``color`` None follows the first tag."""

    tags: list[str]
    note: str
    color: str | None


def swatch(name: str, label: str) -> Content:
    return Content.assemble(("  ", f"on {color_of(name).hex}"), " ", label)


class AnnotationDialog(ModalScreen[AnnotationDraft | None]):
    """Tags, note and colour of a new or existing annotation.

    ``ctrl+s`` (or Save) hands the draft back, ``escape`` (or Cancel) drops it.

    Keys that move between fields are priority bindings: the app runs them the moment
    it reads the key, before it hands the next key on. A key the fields leave alone
    reaches the app's bindings only after bubbling up through the screen, and by then
    the keys after it (a paste, fast typing, an input method) would already have gone
    to the field focus was leaving. ``ctrl+s`` is the opposite: it bubbles up from the
    focused field like a typed key, so it saves only after the keys typed before it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
        Binding("tab", "focus_next_field", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous_field", "Previous field", show=False, priority=True),
        Binding("enter", "leave_tags", "Note", show=False, priority=True),
    ]

    DEFAULT_CSS = """
    AnnotationDialog { align: center middle; }
    #annotation-box {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        padding: 0 2; border: round $accent; background: $surface;
    }
    #annotation-fields {
        height: auto; max-height: 1fr;
        border-bottom: hkey $foreground 20%; border-subtitle-color: $accent;
    }
    #annotation-box Label { margin: 1 0 0 0; }
    #annotation-quote {
        width: 1fr; max-height: 4; margin: 1 0 0 0; padding: 0 1;
        color: $text-muted; border-left: tall $accent;
    }
    #annotation-tags-hint { margin: 0; height: 1; }
    #annotation-note { height: 7; }
    #annotation-error { color: $error; }
    #annotation-buttons { dock: bottom; height: auto; }
    #annotation-buttons Button { margin: 0 2 0 0; }
    """

    def __init__(
        self,
        db: Database,
        quote: str,
        annotation: Annotation | None = None,
        *,
        draft: AnnotationDraft | None = None,
        error: str = "",
    ) -> None:
        """``annotation``: the one being edited. ``draft`` and ``error``: what was typed
        and why saving it failed, when the dialog comes back after a failed save (so
        nothing typed is lost)."""
        super().__init__()
        self.db = db
        self._quote = quote
        self._annotation = annotation
        self._draft = draft
        self._error = error

    def compose(self) -> ComposeResult:
        existing = self._annotation
        draft = self._draft
        if draft is not None:
            tags, note = ", ".join(draft.tags), draft.note
        else:
            tags = ", ".join(existing.tags) if existing else ""
            note = existing.note if existing else ""
        quote = self._quote if len(self._quote) <= QUOTE_PREVIEW else self._quote[:QUOTE_PREVIEW]
        with Vertical(id="annotation-box") as box:
            box.border_title = Content("Edit annotation" if existing else "Annotate")
            # The fields scroll on a short terminal; the buttons stay in view below them.
            with HintedScroll(id="annotation-fields", hint="↓ more: tab / scroll"):
                yield from self._fields(tags, note, quote)
            with Horizontal(id="annotation-buttons"):
                yield Button(Content("Save  ctrl+s"), variant="primary", id="annotation-save")
                yield Button(Content("Cancel  esc"), id="annotation-cancel")

    def _fields(self, tags: str, note: str, quote: str) -> ComposeResult:
        yield Label(
            Content.assemble(literal(quote), "…" if quote != self._quote else ""),
            id="annotation-quote",
        )
        yield Label(Content("Tags (comma-separated; → accepts a completion)"))
        yield SafeInput(
            tags,
            placeholder="claim, 数字, 引语 …",
            suggester=TagSuggester(self.db),
            id="annotation-tags",
        )
        yield Label(Content(""), id="annotation-tags-hint")
        yield Label(Content("Note (Markdown)"))
        yield SafeTextArea(note, id="annotation-note", soft_wrap=True)
        yield Label(Content("Colour"))
        yield Select(
            [(Content("from the first tag"), FROM_TAGS)]
            + [(swatch(name, name), name) for name in self._colors()],
            value=self._initial_color(),
            allow_blank=False,
            id="annotation-color",
        )
        yield Label(literal(self._error), id="annotation-error")

    def _colors(self) -> list[str]:
        """The palette, plus an existing annotation's own ``#rrggbb`` colour."""
        colors = list(PALETTE)
        for color in (
            self._annotation.color if self._annotation else None,
            self._draft.color if self._draft else None,
        ):
            if color and color not in colors:
                colors.append(color)
        return colors

    def _initial_color(self) -> str:
        existing = self._annotation
        if self._draft is not None:
            return self._draft.color or FROM_TAGS
        if existing is None:
            return FROM_TAGS
        derived = tag_color(tag_key(existing.tags[0])) if existing.tags else PALETTE[0]
        return FROM_TAGS if existing.color == derived else existing.color

    def on_mount(self) -> None:
        self.query_one("#annotation-tags", Input).focus()
        self._hint(self.query_one("#annotation-tags", Input).value)

    def on_input_changed(self, event: Input.Changed) -> None:
        self._hint(event.value)

    def _hint(self, text: str) -> None:
        self.query_one("#annotation-tags-hint", Label).update(matching_tags(self.db, text))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter leaves the tags field only: elsewhere it is the focused widget's."""
        if action == "leave_tags":
            return self.focused is self.query_one("#annotation-tags", Input)
        return True

    def action_focus_next_field(self) -> None:
        self.focus_next()

    def action_focus_previous_field(self) -> None:
        self.focus_previous()

    def action_leave_tags(self) -> None:
        """Enter in the tags field moves on to the note (it does not save). Focus is set
        here and now: ``Widget.focus`` would only schedule it, after the next keys."""
        self.set_focus(self.query_one("#annotation-note", TextArea))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "annotation-save":
            self.action_save()
        else:
            self.action_cancel()

    def draft(self) -> AnnotationDraft:
        color = self.query_one("#annotation-color", Select).value
        return AnnotationDraft(
            tags=split_tags(self.query_one("#annotation-tags", Input).value),
            note=self.query_one("#annotation-note", TextArea).text,
            color=None if color == FROM_TAGS else str(color),
        )

    def action_save(self) -> None:
        """Hand the draft back, unless a tag is not one the store accepts (too long,
        say): then say why and keep the dialog, with everything typed, open."""
        draft = self.draft()
        try:
            normalize_tags(draft.tags)
        except ReaderError as error:
            self.query_one("#annotation-error", Label).update(literal(str(error)))
            return
        self.dismiss(draft)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagPrompt(ModalScreen[list[str] | None]):
    """One line to add tags without the dialog: ``enter`` adds, ``escape`` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    DEFAULT_CSS = """
    TagPrompt { align: center bottom; }
    #tag-box {
        width: 76; max-width: 95%; height: auto; margin: 0 0 3 0;
        padding: 0 1; border: round $accent; background: $surface;
    }
    #tag-box Input, #tag-box Input:focus { border: none; height: 1; padding: 0 1; }
    #tag-hint { height: 1; padding: 0 1; }
    """

    def __init__(self, db: Database, target: str) -> None:
        super().__init__()
        self.db = db
        self._target = target

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-box") as box:
            box.border_title = literal(f"Add tags to {self._target}")
            yield SafeInput(
                placeholder="tag, 标签 … (enter: add · esc: cancel)",
                id="tag-input",
                suggester=TagSuggester(self.db),
            )
            yield Label(Content(""), id="tag-hint")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#tag-hint", Label).update(matching_tags(self.db, event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        tags = split_tags(event.value)
        try:
            normalize_tags(tags)
        except ReaderError as error:
            self.query_one("#tag-hint", Label).update(literal(str(error), "$error"))
            return
        self.dismiss(tags)

    def action_cancel(self) -> None:
        self.dismiss(None)


def describe(annotation: Annotation) -> str:
    """A short plain name for an annotation: its quote's start, and its tags."""
    quote = printable(annotation.quote)
    quote = quote if len(quote) <= 16 else quote[:16] + "…"
    tags = tags_line(annotation.tags)
    return f"「{quote}」 {tags}".strip()
