"""Every annotation across articles (``M``), and the ones to check (``O``): orphans,
whose passage a new version of the article lost, and fuzzy matches, which may have
landed on the wrong words.

Filtered as you type by tags (any of them, either script: the core compares tag
keys), by any text of the quote or the note (script-insensitive, like article
search: the core folds both sides) and by article title (script-insensitive, like
the palette). ``enter`` hands
the chosen annotation back to the main screen, which opens its article scrolled to
it, or, for one to check, opens the article and asks the user to select the
passage's place, a fuzzy match starting selected where it landed
(:meth:`~reader.tui.widgets.annotating_pane.AnnotatingPane.start_reattach`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from reader.annotations import Annotation, list_annotations
from reader.conversion import DisplayScript, for_display
from reader.errors import ReaderError
from reader.folding import fold, fold_query
from reader.models import ArticleSummary
from reader.tui.annotating import color_of
from reader.tui.bindings import bindings_for
from reader.tui.note_markdown import note_excerpt
from reader.tui.safe_text import literal
from reader.tui.screens.annotation_dialog import TagSuggester, split_tags
from reader.tui.widgets.annotations_panel import excerpt
from reader.tui.widgets.safe_inputs import SafeInput
from reader.tui.wrapped_text import Wrapped

if TYPE_CHECKING:
    from reader.store.database import Database

#: Rows shown at most (the count says how many matched): enough to scan, cheap to draw.
MAX_ROWS = 500

Kind = Literal["all", "orphans"]


def annotation_row(
    annotation: Annotation, summary: ArticleSummary | None, mode: DisplayScript
) -> Wrapped:
    """Title, status; then the quote; then tags and note (its Markdown rendered), all
    from plain text, wrapped by the reading view's rules."""
    title = for_display(summary.title if summary else f"article {annotation.article_id}", mode)
    head = [Content.styled("▍", color_of(annotation.color).hex), literal(title.text, "bold")]
    if annotation.status != "anchored":
        head += [" ", literal(f"[{annotation.status}]", "$warning")]
    lines = [
        Content.assemble(*head),
        Content.assemble("  ", literal(excerpt(for_display(annotation.quote, mode).text, 90))),
    ]
    details = []
    if annotation.tags:
        details.append(literal(" ".join(f"#{tag}" for tag in annotation.tags), "$accent"))
    if annotation.note.strip():
        details.append(note_excerpt(annotation.note, 60).stylize_before("$text-muted"))
    if details:
        lines.append(Content.assemble("  ", Content(" ").join(details)))
    return Wrapped(Content("\n").join(lines), hang=2)


class AnnotationsScreen(ModalScreen[Annotation | None]):
    """A filterable list of annotations; dismisses with the chosen one (or None)."""

    BINDINGS = bindings_for("annotations")

    DEFAULT_CSS = """
    AnnotationsScreen { align: center middle; }
    #annotations-box {
        width: 90%; max-width: 120; height: 85%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    #annotations-filters { height: auto; margin: 1 0 0 0; }
    #annotations-filters Input { width: 1fr; }
    #annotations-count { color: $text-muted; padding: 0 1; }
    #annotations-list { height: 1fr; border: none; }
    """

    def __init__(
        self,
        db: Database,
        summaries: Mapping[int, ArticleSummary],
        *,
        kind: Kind = "all",
        mode: DisplayScript = DisplayScript.ORIGINAL,
    ) -> None:
        super().__init__()
        self.db = db
        self.summaries = summaries
        self.kind = kind
        self.mode = mode
        self.shown: list[Annotation] = []
        #: Folded titles by article id: folding (OpenCC) is too slow to repeat for
        #: every annotation on every keystroke.
        self._folds: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="annotations-box") as box:
            box.border_title = Content(
                "Orphans and fuzzy matches" if self.kind == "orphans" else "Annotations"
            )
            with Horizontal(id="annotations-filters"):
                yield SafeInput(
                    placeholder="tags (any) …",
                    suggester=TagSuggester(self.db),
                    id="annotations-tags",
                )
                yield SafeInput(placeholder="quote/note text …", id="annotations-text")
                yield SafeInput(placeholder="article title …", id="annotations-article")
            yield Label(Content(""), id="annotations-count")
            yield OptionList(id="annotations-list")

    def on_mount(self) -> None:
        self.refilter()
        self.query_one("#annotations-tags", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.refilter()

    def refilter(self) -> None:
        """List what the filters select (errors from the store are shown, not raised)."""
        tags = split_tags(self.query_one("#annotations-tags", Input).value)
        text = self.query_one("#annotations-text", Input).value.strip()
        title = fold_query(self.query_one("#annotations-article", Input).value.strip())
        try:
            found = list_annotations(
                self.db,
                tags=tags or None,
                status=("orphaned", "fuzzy") if self.kind == "orphans" else None,
                text=text or None,
            )
        except ReaderError as error:
            self.query_one("#annotations-count", Label).update(literal(str(error), "$error"))
            return
        if title:
            found = [a for a in found if title in self._title_fold(a.article_id)]
        self.shown = found[:MAX_ROWS]
        options = self.query_one(OptionList)
        options.set_options(
            Option(annotation_row(a, self.summaries.get(a.article_id), self.mode))
            for a in self.shown
        )
        if self.shown:
            options.highlighted = 0
        self.query_one("#annotations-count", Label).update(
            Content(self._count_line(len(found), filtered=bool(tags or text or title)))
        )

    def _count_line(self, found: int, *, filtered: bool) -> str:
        """How many are listed, or plainly why nothing is."""
        if not found:
            if filtered:
                return "No annotations match these filters"
            if self.kind == "orphans":
                return "No orphaned or fuzzy annotations"
            return "No annotations yet: select a passage with v and press a"
        count = f"{found} annotation{'s' if found != 1 else ''}"
        if found > MAX_ROWS:
            count += f" (the first {MAX_ROWS} shown: narrow the filters)"
        if self.kind == "orphans":
            count += " · enter: open the article, select the passage's place, then a"
        return count

    def _title_fold(self, article_id: int) -> str:
        found = self._folds.get(article_id)
        if found is None:
            summary = self.summaries.get(article_id)
            found = self._folds[article_id] = fold(summary.title).text if summary else ""
        return found

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_results(self) -> None:
        """From a filter field down into the list (the list's own down moves in it)."""
        self.query_one(OptionList).focus()

    def action_open(self) -> None:
        index = self.query_one(OptionList).highlighted
        if index is not None and 0 <= index < len(self.shown):
            self.dismiss(self.shown[index])

    def action_close(self) -> None:
        self.dismiss(None)
