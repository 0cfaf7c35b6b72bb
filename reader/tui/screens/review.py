"""The review screen: one annotation at a time, graded from the keyboard.

The same :class:`ReviewScreen` runs inside :class:`ReviewApp` (``reader review``) and
pushed from the main reader. It always dismisses with a :class:`ReviewOutcome`: the
session summary and, after ``o``, the passage to open. Pushed from the reader, the app
opens that passage itself; standalone, ``reader review`` opens the reader on it once
the review app has closed (see :mod:`reader.cli.review`).

All the logic is in :class:`~reader.review.session.ReviewSession`; this module only
draws it and turns keys into calls. Every article- or user-derived string (title,
outlet, passage, tags, note) reaches a widget as :class:`~textual.content.Content`
built from plain text (:mod:`reader.tui.safe_text`), never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widgets import Input, Label, ProgressBar, Select, Static, TextArea

from reader.conversion import DisplayScript, for_display
from reader.errors import ReaderError
from reader.review.clock import Clock, describe_due, describe_wait, system_clock
from reader.review.deck import SqliteDeck
from reader.review.filters import ReviewFilters, Scope
from reader.review.passage import Passage
from reader.review.scheduler import Grade, Scheduler
from reader.review.session import ReviewCard, ReviewSession, SessionSummary
from reader.tui.bindings import bindings_for
from reader.tui.note_markdown import note_content as render_note
from reader.tui.safe_text import literal, printable
from reader.tui.widgets.footer import ReaderFooter
from reader.tui.widgets.hinted_scroll import HintedScroll
from reader.tui.widgets.safe_inputs import SafeInput
from reader.tui.widgets.safe_text_area import SafeTextArea
from reader.tui.wrapped_text import Wrapped

if TYPE_CHECKING:
    from reader.store.database import Database

#: Seconds between checks for a card whose time has come, while none is showing.
POLL_SECONDS = 5.0
HIGHLIGHT = "bold reverse $accent"
_TAG_SEPARATORS = re.compile(r"[,，、;；\n]")


@dataclass(frozen=True)
class OpenPassage:
    """A passage to open in the reader: original offsets in version ``version_id`` of
    the article (the current one unless the annotation is orphaned) and its quote,
    which the reader can find again in any script."""

    article_id: int
    version_id: int
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class ReviewOutcome:
    """What the review screen hands back when it closes."""

    summary: SessionSummary
    open: OpenPassage | None = None


# -- what the widgets show (plain text in, Content out) ------------------------------


def passage_content(passage: Passage) -> Wrapped:
    """The paragraph with the quote highlighted; an ellipsis where it was clipped.
    Wrapped by the reading view's rules (no line starts with ``，``)."""
    body = Content(printable(passage.text, keep_newlines=True)).stylize(
        HIGHLIGHT, passage.start, passage.end
    )
    return Wrapped(
        Content.assemble(
            "… " if passage.clipped_before else "", body, " …" if passage.clipped_after else ""
        )
    )


def heading_content(card: ReviewCard, mode: DisplayScript) -> Content:
    """Title and outlet (in the display script), date, then the anchor's status when
    it is not a plain anchored one."""
    title = literal(for_display(card.title, mode).text or "(untitled)", "bold")
    source = for_display(card.source, mode).text if card.source else None
    where = " · ".join(part for part in (source, card.date) if part)
    parts: list[Content | str] = [title]
    if where:
        parts += ["\n", literal(where, "dim")]
    if card.status != "anchored":
        parts += ["  ", literal(f"[{card.status}]", "$warning")]
    return Content.assemble(*parts)


def tags_content(tags: tuple[str, ...]) -> Content:
    if not tags:
        return literal("no tags · t: add some", "dim")
    return Content(" ").join(literal(f"#{tag}", "$accent") for tag in tags)


def note_content(note: str) -> Content | Wrapped:
    """The note's Markdown rendered (safely: see :mod:`reader.tui.note_markdown`) and
    wrapped by the reading view's rules."""
    if not note.strip():
        return literal("no note · e: write one", "dim")
    return Wrapped(render_note(note))


def state_content(card: ReviewCard, session: ReviewSession) -> Content:
    """New, or the card's phase, due time, reviews and lapses."""
    state = card.state
    if state is None:
        return literal("new card", "dim")
    now = session.clock()
    due = "due now" if state.due <= now else f"due {describe_due(state.due, now)}"
    phase = state.phase.name.lower()
    reviews = f"{state.reps} review" + ("" if state.reps == 1 else "s")
    lapses = f"{state.lapses} lapse" + ("" if state.lapses == 1 else "s")
    return literal(f"{phase} · {due} · {reviews} · {lapses}", "dim")


def answers_content(session: ReviewSession) -> Content:
    """The grade keys with when each grade would bring the card back."""
    now = session.clock()
    preview = session.preview()
    keys = []
    for grade in Grade:
        wait = describe_wait(preview[grade] - now).removeprefix("in ")
        keys.append(Content.assemble((f" {grade.value} ", "reverse"), f" {grade.label} {wait}"))
    return Content("   ").join(keys) + literal("   space = Good", "dim")


def parse_tags(text: str) -> list[str]:
    """Tags typed in one line, separated by commas (either width), 、 or semicolons."""
    return [tag.strip() for tag in _TAG_SEPARATORS.split(text) if tag.strip()]


# -- dialogs ------------------------------------------------------------------------


class NoteDialog(ModalScreen[str | None]):
    """Edit a note: ``ctrl+s`` saves, ``escape`` cancels."""

    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, note: str) -> None:
        super().__init__()
        self._note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-dialog") as box:
            box.border_title = Content("Note")
            yield SafeTextArea(self._note, id="note-text", soft_wrap=True)
            yield Label(Content("ctrl+s: save · esc: cancel"), classes="review-hint")

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsDialog(ModalScreen[list[str] | None]):
    """Edit tags on one line (comma-separated): ``enter`` saves, ``escape`` cancels."""

    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self._tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="review-dialog") as box:
            box.border_title = Content("Tags")
            yield SafeInput(", ".join(self._tags), placeholder="tag, 标签, …", id="tags-text")
            yield Label(
                Content("comma-separated · enter: save · esc: cancel"), classes="review-hint"
            )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(parse_tags(event.value))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewFilterDialog(ModalScreen[ReviewFilters | None]):
    """Choose what to review before a session: tags, article, entity, scope, limit.

    ``enter`` in any field starts, ``escape`` cancels. Pre-fill it with ``initial``
    (the main app passes the article being read, say).
    """

    CSS_PATH = "../review.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self, initial: ReviewFilters | None = None, *, titles: Mapping[int, str] | None = None
    ) -> None:
        super().__init__()
        self._initial = initial or ReviewFilters()
        #: Article titles by id, to name the article whose id is typed.
        self._titles: Mapping[int, str] = titles or {}

    def compose(self) -> ComposeResult:
        initial = self._initial
        with Vertical(classes="review-dialog", id="review-filters") as box:
            box.border_title = Content("Review")
            # The fields scroll on a short terminal; the hint stays in view below them.
            with HintedScroll(id="filter-fields", hint="↓ more: tab / scroll"):
                yield Label(Content("Tags (any of them, comma-separated)"))
                yield SafeInput(", ".join(initial.tags), id="filter-tags")
                yield Label(Content("Article id"))
                article = "" if initial.article_id is None else str(initial.article_id)
                yield SafeInput(article, id="filter-article", type="integer")
                yield Label(self._article_title(article), id="filter-article-title")
                yield Label(Content("Entity"))
                yield SafeInput(initial.entity or "", id="filter-entity")
                yield Label(Content("Cards"))
                yield Select(
                    [(Content(scope.label), scope) for scope in Scope],
                    value=initial.scope,
                    allow_blank=False,
                    id="filter-scope",
                )
                yield Label(Content("At most (cards)"))
                limit = "" if initial.limit is None else str(initial.limit)
                yield SafeInput(limit, id="filter-limit", type="integer")
                yield Label(Content(""), id="filter-error")
            yield Label(Content("enter: start · esc: cancel"), classes="review-hint")

    def _article_title(self, text: str) -> Content:
        """The title of the article whose id is ``text`` (shown literally), or why none."""
        text = text.strip()
        if not text:
            return Content("all articles")
        title = self._titles.get(int(text)) if text.isdigit() else None
        if title is None:
            return Content("no article with this id" if self._titles else "")
        return literal(title)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter-article":
            event.stop()
            self.query_one("#filter-article-title", Label).update(self._article_title(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            filters = self.filters()
        except ValueError as error:
            self.query_one("#filter-error", Label).update(Content(str(error)))
            return
        self.dismiss(filters)

    def filters(self) -> ReviewFilters:
        """The filters as typed; ``ValueError`` with a message if a number is wrong."""
        entity = self.query_one("#filter-entity", Input).value.strip()
        return ReviewFilters(
            tags=tuple(parse_tags(self.query_one("#filter-tags", Input).value)),
            article_id=self._number("#filter-article", "article id"),
            entity=entity or None,
            scope=self.query_one("#filter-scope", Select).value,  # type: ignore[arg-type]
            limit=self._number("#filter-limit", "limit"),
        )

    def _number(self, selector: str, name: str) -> int | None:
        text = self.query_one(selector, Input).value.strip()
        if not text:
            return None
        if not text.isdigit() or int(text) < 1:
            raise ValueError(f"{name} must be a whole number from 1")
        return int(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- the screen ---------------------------------------------------------------------


class ReviewScreen(Screen[ReviewOutcome]):
    """Review the annotations ``filters`` select, scheduled by FSRS.

    Constructing it loads the queue, so a bad filter raises
    :class:`~reader.errors.ReaderError` (one line) before anything is pushed.
    ``clock`` is injected (tests and the benchmark drive time); ``mode`` is the
    script the passage starts in (``s`` cycles it).
    """

    CSS_PATH = "../review.tcss"
    BINDINGS = bindings_for("review")
    AUTO_FOCUS = ""

    def __init__(
        self,
        db: Database,
        filters: ReviewFilters | None = None,
        *,
        clock: Clock = system_clock,
        scheduler: Scheduler | None = None,
        mode: DisplayScript = DisplayScript.ORIGINAL,
    ) -> None:
        super().__init__()
        self.session = ReviewSession(
            SqliteDeck(db), filters or ReviewFilters(), clock=clock, scheduler=scheduler
        )
        self.mode = mode
        self.summary: SessionSummary | None = None
        self._status: Content = Content("")
        self._poll: Timer | None = None
        self._shown: int | None = None
        self._keys: tuple[bool, bool, bool] = (True, self.session.current is not None, False)

    def compose(self) -> ComposeResult:
        with Horizontal(id="review-top"):
            yield Label(literal(self.session.filters.describe()), id="review-scope")
            yield Label(id="review-counts")
        yield ProgressBar(show_eta=False, id="review-progress")
        with HintedScroll(id="review-card", hint="↓ more: j"):
            yield Static(id="review-heading", markup=False)
            yield Static(id="review-passage", markup=False)
            yield Static(id="review-tags", markup=False)
            yield Static(id="review-note", markup=False)
            yield Static(id="review-state", markup=False)
        yield Static(id="review-message", markup=False)
        yield Static(id="review-answers", markup=False)
        yield Label(id="review-status")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._poll = self.set_interval(POLL_SECONDS, self.poll)
        self.show()

    # -- drawing ------------------------------------------------------------------

    def show(self) -> None:
        """Redraw from the session; only widgets whose content changed are updated,
        since every update costs a layout pass."""
        session = self.session
        progress = session.progress
        self._put(
            "#review-counts",
            Content(
                f"{self.mode.label} · {progress.due} due · {progress.new} new · "
                f"{progress.learning} learning · {progress.done} done"
            ),
        )
        self.query_one(ProgressBar).update(total=max(progress.total, 1), progress=progress.done)
        card = None if self.summary is not None else session.current
        self.set_class(card is not None, "-card")
        self._put("#review-status", self._status)
        if card is None:
            self._put("#review-message", self._message())
            return
        self._put("#review-heading", heading_content(card, self.mode))
        self._put("#review-passage", passage_content(card.passage.in_script(self.mode)))
        self._put("#review-tags", tags_content(card.tags))
        self._put("#review-note", note_content(card.note))
        self._put("#review-state", state_content(card, session))
        self._put("#review-answers", answers_content(session))
        if card.annotation_id != self._shown:
            self._shown = card.annotation_id
            self.query_one("#review-card", HintedScroll).scroll_home(animate=False)

    def _put(self, selector: str, content: Content | Wrapped) -> None:
        """Show ``content`` in a widget unless it already shows exactly that."""
        widget = self.query_one(selector, Static)
        shown = widget.content
        if not (type(shown) is type(content) and shown.is_same(content)):  # type: ignore[union-attr,arg-type]
            widget.update(content)

    def _message(self) -> Content:
        """The summary after ``q``; otherwise why no card shows and when one will."""
        now = self.session.clock()
        if self.summary is not None:
            lines = ["Session over", *self.summary.lines(now), "", "q / esc / enter: close"]
            return Content("\n").join([literal(lines[0], "bold"), *map(Content, lines[1:])])
        next_due = self.session.next_due()
        if next_due is None:
            text = "Nothing to review here: no card is due or new."
        else:
            text = f"Nothing due now. Next card due {describe_due(next_due, now)}."
        return Content.assemble(
            literal(text, "bold"), "\n\nq: end the session · u: undo the last action"
        )

    def say(self, text: str, style: str = "") -> None:
        """Put a line in the status bar (after a grade: when the card comes back)."""
        self._status = literal(text, style)
        self._put("#review-status", self._status)

    # -- keys ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Card keys only while a card shows; nothing but closing once it is over."""
        if self.summary is not None:
            return action in ("end", "close")
        if action == "close":
            return False
        if action == "scroll_card":
            return self.session.current is not None
        if action in ("grade", "edit_note", "edit_tags", "delete", "skip", "open"):
            return self.session.current is not None
        if action == "undo":
            return self.session.can_undo
        return True

    def action_grade(self, value: int) -> None:
        grade = Grade(value)
        if not self._run(lambda: self.session.grade(grade)):
            return
        graded = self.session.last_graded
        assert graded is not None
        self.say(f"{grade.label}: next review {describe_due(graded.due, self.session.clock())}")
        self.show()

    def action_skip(self) -> None:
        if self._run(self.session.skip):
            self.say("Skipped until tomorrow · u: undo")
            self.show()

    def action_delete(self) -> None:
        if self._run(self.session.delete):
            self.say("Annotation deleted · u: undo", "$warning")
            self.show()

    def action_undo(self) -> None:
        if self._run(self.session.undo):
            self.say("Undone")
            self.show()

    def action_edit_note(self) -> None:
        card = self.session.current
        if card is not None:
            self.app.push_screen(NoteDialog(card.note), self._note_edited)

    def _note_edited(self, note: str | None) -> None:
        if note is not None and self._run(lambda: self.session.edit(note=note)):
            self.say("Note saved · u: undo")
            self.show()

    def action_edit_tags(self) -> None:
        card = self.session.current
        if card is not None:
            self.app.push_screen(TagsDialog(card.tags), self._tags_edited)

    def _tags_edited(self, tags: list[str] | None) -> None:
        if tags is not None and self._run(lambda: self.session.edit(tags=tags)):
            self.say("Tags saved · u: undo")
            self.show()

    def action_cycle_script(self) -> None:
        self.mode = self.mode.next()
        self.show()

    def action_scroll_card(self, step: int) -> None:
        """A long passage or note on a small terminal: the card scrolls (its border
        says when more is below)."""
        self.query_one("#review-card", HintedScroll).scroll_relative(y=step, animate=False)

    def action_open(self) -> None:
        card = self.session.current
        if card is None:
            return
        passage = OpenPassage(
            card.article_id, card.version_id, card.start, card.end, card.passage.quote
        )
        self.dismiss(ReviewOutcome(self.session.summary(), passage))

    def action_end(self) -> None:
        """First press: end the session and show the summary; second: close."""
        if self.summary is None:
            self.summary = self.session.summary()
            if self._poll is not None:
                self._poll.stop()
            self._refresh_keys()
            self.show()
        else:
            self.action_close()

    def action_close(self) -> None:
        if self.summary is not None:
            self.dismiss(ReviewOutcome(self.summary))

    def poll(self) -> None:
        """While no card shows, take one whose time has come (or refresh the wait)."""
        if self.summary is None and self.session.current is None:
            self.session.refresh()
            self._refresh_keys()
            self.show()

    def _run(self, step: Callable[[], object]) -> bool:
        """Run a session step; a store problem becomes a status line, not a crash."""
        try:
            step()
        except ReaderError as error:
            self.say(str(error), "$error")
            return False
        self._refresh_keys()
        return True

    def _refresh_keys(self) -> None:
        """Redraw the footer only when the keys that apply change (a footer redraw
        costs more than showing the next card)."""
        keys = (self.summary is None, self.session.current is not None, self.session.can_undo)
        if keys != self._keys:
            self._keys = keys
            self.refresh_bindings()


class ReviewApp(App[ReviewOutcome | None]):
    """``reader review``: the review screen on its own; exits with its outcome."""

    TITLE = "reader review"

    def __init__(
        self,
        db: Database,
        filters: ReviewFilters,
        *,
        clock: Clock = system_clock,
        mode: DisplayScript = DisplayScript.ORIGINAL,
    ) -> None:
        super().__init__()
        self.review = ReviewScreen(db, filters, clock=clock, mode=mode)

    def on_mount(self) -> None:
        self.push_screen(self.review, self.exit)
