"""The annotations panel of a reading pane (``A``): the article's annotations in order.

Each row shows a colour mark, the start of the quote (in the pane's script), the tags,
the start of the note (its Markdown rendered), and ``≈`` for an anchor that was
matched only approximately after the article changed (check it, and re-attach it if
it landed on the wrong words). Moving through the rows moves the pane's cursor to
each annotation, so ``e``, ``d`` and ``t`` act on the one shown; ``enter`` goes back
to the text.

Rows wrap by the reading view's rules (:class:`~reader.tui.wrapped_text.Wrapped`):
no line of a row starts with ``，`` or ``」``.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from reader.annotations import Annotation
from reader.conversion import DisplayScript, for_display
from reader.tui.annotating import color_of
from reader.tui.note_markdown import note_excerpt
from reader.tui.safe_text import literal
from reader.tui.wrapped_text import Wrapped

#: Characters of quote and note shown in a row.
EXCERPT = 60


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """The start of ``text`` on one line, with an ellipsis if it was cut."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def row_content(annotation: Annotation, mode: DisplayScript) -> Wrapped:
    """One panel row: mark, quote excerpt; tags and note excerpt below."""
    mark = Content.styled("▍", color_of(annotation.color).hex)
    quote = literal(excerpt(for_display(annotation.quote, mode).text))
    lines = [Content.assemble(mark, quote)]
    if annotation.status == "fuzzy":
        lines[0] = Content.assemble(lines[0], " ", literal("≈ check", "$warning"))
    details = []
    if annotation.tags:
        details.append(literal(" ".join(f"#{tag}" for tag in annotation.tags), "$accent"))
    if annotation.note.strip():
        details.append(note_excerpt(annotation.note, EXCERPT // 2).stylize_before("$text-muted"))
    if details:
        lines.append(Content.assemble(" ", Content(" ").join(details)))
    return Wrapped(Content("\n").join(lines), hang=1)


class AnnotationsPanel(OptionList):
    """The annotations of the article in its pane; hidden until toggled."""

    DEFAULT_CSS = """
    AnnotationsPanel {
        display: none;
        dock: right;
        width: 40%;
        max-width: 42;
        min-width: 24;
        height: 1fr;
        border: none;
        border-left: vkey $foreground 30%;
        padding: 0;
        &:focus { border: none; border-left: vkey $accent; }
        &.-open { display: block; }
    }
    """

    class Chosen(Message):
        """An annotation was highlighted in the panel (the pane moves to it)."""

        def __init__(self, annotation: Annotation) -> None:
            super().__init__()
            self.annotation = annotation

    class Back(Message):
        """Enter in the panel: go back to reading at the chosen annotation."""

    def __init__(self) -> None:
        super().__init__(id="annotations-panel")
        self.annotations: list[Annotation] = []
        #: The row highlighted by :meth:`follow`, whose highlight message is not a
        #: choice (the message arrives after the call, so a flag would not do).
        self._followed: int | None = None

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show(self, annotations: Sequence[Annotation], mode: DisplayScript) -> None:
        """Fill the rows (kept highlighted on the same annotation if it is still there)."""
        current = self.current
        self.annotations = list(annotations)
        self.set_options(
            Option(row_content(annotation, mode), id=str(annotation.id))
            for annotation in self.annotations
        )
        if not self.annotations:
            self.set_options([Option(literal("No annotations: v selects, a annotates"))])
        self.follow(current.id if current is not None else None)

    @property
    def current(self) -> Annotation | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.annotations):
            return None
        return self.annotations[index]

    def follow(self, annotation_id: int | None) -> None:
        """Highlight this annotation's row without moving the pane's cursor."""
        for index, annotation in enumerate(self.annotations):
            if annotation.id == annotation_id:
                if self.highlighted != index:
                    self._followed = index
                    self.highlighted = index
                return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        followed, self._followed = self._followed, None
        annotation = self.current
        if annotation is not None and event.option_index != followed:
            self.post_message(self.Chosen(annotation))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Back())
