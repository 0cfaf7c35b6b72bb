"""The word look-up panel (``K``): a word's scripts, readings and English senses.

A small modal box over the text, as Pleco or Zhongwen show one: the word in
simplified and traditional characters, its pinyin and Jyutping, its CC-CEDICT
entries (or, for a phrase, those of its longest dictionary words) and, when the
word is an entity of the store, its kind and how many articles mention it, with
``c`` for its concordance. Escape (or ``q``, ``K``) closes it.

The look-up itself is :func:`reader.lookup.look_up`. Once its data is loaded
(:func:`~reader.lookup.is_warm`) the panel is filled as it is made, in a millisecond
or two; the first time, it opens at once saying so and a thread worker loads the
dictionary and readings, so the interface never freezes. Everything shown is built
as :class:`~textual.content.Content` from plain text: no markup is parsed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from reader.dictionary import Entry
from reader.lookup import WordInfo, is_warm, look_up
from reader.store.entities import EntitySummary
from reader.tui.bindings import bindings_for
from reader.tui.safe_text import literal

#: Label column of the readings.
LABEL_WIDTH = 10


@dataclass(frozen=True)
class LookupOutcome:
    """What the panel hands back: the entity whose concordance to show, if any."""

    entity_id: int | None = None


def _title(word: str, info: WordInfo | None) -> Content:
    if info is None or info.simplified == info.traditional:
        return literal(word, "bold")
    return Content.assemble(
        literal(info.simplified, "bold"), " · ", literal(info.traditional, "bold")
    )


def _reading(label: str, value: str) -> Content:
    return Content.assemble((label.ljust(LABEL_WIDTH), "$text-muted"), literal(value, "bold"))


def _entry(entry: Entry, heading: str | None = None) -> list[Content]:
    forms = (
        entry.simplified
        if entry.simplified == entry.traditional
        else f"{entry.simplified} {entry.traditional}"
    )
    lines = [
        Content.assemble(
            literal(heading or forms, "bold $accent"), "  ", literal(entry.pinyin_marks, "italic")
        )
    ]
    numbered = len(entry.senses) > 1
    for number, sense in enumerate(entry.senses, 1):
        lines.append(Content.assemble("  ", f"{number}. " if numbered else "", literal(sense)))
    return lines


def _entity_line(entity: EntitySummary) -> Content:
    articles = f"{entity.articles} article{'s' * (entity.articles != 1)}"
    return Content.assemble(
        ("entity".ljust(LABEL_WIDTH), "$text-muted"),
        (entity.kind.value, "bold"),
        " · ",
        literal(entity.name),
        f" · mentioned in {articles} · ",
        ("c", "bold $accent"),
        " concordance",
    )


def body(info: WordInfo) -> Content:
    """Readings and senses, one line each (the panel wraps them)."""
    lines: list[Content] = []
    if info.pinyin:
        lines.append(_reading("pinyin", info.pinyin))
    if info.jyutping:
        lines.append(_reading("jyutping", info.jyutping))
    if lines:
        lines.append(Content(""))
    for entry in info.entries:
        lines.extend(_entry(entry))
    for part, entries in info.parts:
        if not entries:
            lines.append(Content.assemble(literal(part, "bold"), ("  not in CC-CEDICT", "dim")))
        for entry in entries:
            lines.extend(_entry(entry, heading=part))
    if not info.found:
        lines.append(Content.styled("Not in CC-CEDICT.", "italic"))
    return Content("\n").join(lines)


class LookupScreen(ModalScreen[LookupOutcome]):
    """The look-up of one word; ``entity`` is the store's entity it names, if any."""

    BINDINGS = bindings_for("lookup")
    DEFAULT_CSS = """
    LookupScreen { align: center middle; }
    LookupScreen > #lookup-box {
        width: 74; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
        border-subtitle-color: $text-muted;
    }
    #lookup-senses { height: auto; max-height: 16; }
    #lookup-entity { margin-top: 1; }
    """

    def __init__(self, word: str, entity: EntitySummary | None = None) -> None:
        super().__init__()
        self.word = word
        self.entity = entity
        #: The look-up shown (None until it is done).
        self.info: WordInfo | None = None
        #: Why there is nothing to show (the dictionary could not be read), if so.
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        info = self.info = look_up(self.word) if is_warm() else None
        loading = Content.styled("Looking up… (the dictionary loads on first use)", "italic")
        with Vertical(id="lookup-box") as box:
            box.border_title = _title(self.word, info)
            keys = "esc close · c concordance" if self.entity else "esc close"
            box.border_subtitle = Content(f"CC-CEDICT · {keys}")
            with VerticalScroll(id="lookup-senses"):
                yield Static(body(info) if info else loading, id="lookup-body")
            entity = self.entity
            yield Static(
                _entity_line(entity) if entity else Content(""),
                id="lookup-entity",
            )

    def on_mount(self) -> None:
        self.query_one("#lookup-entity").display = self.entity is not None
        if self.info is None:
            self._look_up()

    @work(thread=True, exclusive=True, group="lookup")
    def _look_up(self) -> None:
        try:
            info = look_up(self.word)
        except Exception as error:  # the panel says why; the reading goes on
            self.app.call_from_thread(self.failed, str(error) or repr(error))
            return
        self.app.call_from_thread(self.show, info)

    def show(self, info: WordInfo) -> None:
        self.info = info
        self.query_one("#lookup-box").border_title = _title(self.word, info)
        self.query_one("#lookup-body", Static).update(body(info))

    def failed(self, message: str) -> None:
        self.error = message
        self.query_one("#lookup-body", Static).update(literal(f"No look-up: {message}"))

    def action_close(self) -> None:
        self.dismiss(LookupOutcome())

    def action_concordance(self) -> None:
        if self.entity is None:
            self.notify(Content("This word is not one of the corpus's entities."))
            return
        self.dismiss(LookupOutcome(self.entity.id))

    def action_scroll_senses(self, step: int) -> None:
        self.query_one("#lookup-senses", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page_senses(self, step: int) -> None:
        senses = self.query_one("#lookup-senses", VerticalScroll)
        senses.scroll_relative(y=step * senses.scrollable_content_region.height, animate=False)
