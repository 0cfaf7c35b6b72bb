"""Render the main states of the reader to SVG (``reader screenshots``).

Each state is a scenario driven through Textual's Pilot on the real app at 120×40,
over a temporary database built from the seed corpus with the importer: the user's
``annotations.db`` is never opened. The snapshot tests drive the same scenarios, so
the README's pictures and the tested screens are the same screens.
"""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input

from reader.annotations import create_annotation, list_annotations
from reader.conversion import Script
from reader.errors import ReaderError
from reader.importer import sync_corpus
from reader.store.articles import get_article, list_articles, set_read
from reader.store.database import open_database
from reader.store.settings import set_setting
from reader.text_units import sentences
from reader.tui.app import ReaderApp
from reader.tui.state import SETTING_KEY

SIZE = (120, 40)
#: The seed articles, shipped inside the package (``reader/seed``: in a source tree a
#: link to the repository's ``corpus/``), so an installed reader renders the same pictures.
SEED_CORPUS = Path(__file__).resolve().parents[1] / "seed"

#: The keymap file the pictures name (the help screen shows it): where it is on Linux.
#: It is never read, since "~" is not expanded, so the pictures show the default keys.
PICTURED_KEYMAP = Path("~/.config/reader/keymap.toml")

Scenario = Callable[[Pilot], Awaitable[None]]


def _app(pilot: Pilot) -> ReaderApp:
    assert isinstance(pilot.app, ReaderApp)
    return pilot.app


def _article_id(app: ReaderApp, script: Script, source: str | None = None) -> int:
    """The first article in ``script`` (from ``source`` if given) of the seed corpus."""
    return next(
        s.id for s in app.summaries if s.script is script and (source is None or s.source == source)
    )


#: How many times (50 a second) :func:`_open` looks for the focus to reach a pane.
FOCUS_POLLS = 250


async def _open(pilot: Pilot, article_id: int, key: str = "enter") -> None:
    app = _app(pilot)
    app.main_screen.article_list.focus()
    app.main_screen.article_list.select_id(article_id)
    await pilot.press(key)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await _counts(pilot)
    # The opened pane takes the focus after the next refresh, which on a busy machine
    # can come after the pause: the scenario's next keys are for the pane. Leaving the
    # list is not enough: a list the pane collapses loses the focus to nothing first.
    for _ in range(FOCUS_POLLS):
        if _pane_has_focus(app):
            break
        await pilot.pause(0.02)


def _pane_has_focus(app: ReaderApp) -> bool:
    focused = app.focused
    return focused is not None and any(
        pane in focused.ancestors_with_self for pane in app.main_screen.panes
    )


async def _counts(pilot: Pilot) -> None:
    """Wait for the list's entity counts of the rows on screen: they are read on a
    worker the list's drawing starts (a few ms), and a user sees them that soon."""
    counts = _app(pilot).main_screen.entity_counts
    for _ in range(FOCUS_POLLS):
        if not counts.shown or counts.settled:
            break
        await pilot.pause(0.02)
        await pilot.app.workers.wait_for_complete()


async def _settle(pilot: Pilot) -> None:
    """Let workers finish and stop input cursors blinking, so the picture is stable."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await _counts(pilot)
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()


async def list_and_reader(pilot: Pilot) -> None:
    app = _app(pilot)
    await _open(pilot, _article_id(app, Script.SIMPLIFIED, "极客公园"))


async def side_by_side(pilot: Pilot) -> None:
    app = _app(pilot)
    await _open(pilot, _article_id(app, Script.TRADITIONAL))
    await _open(pilot, _article_id(app, Script.SIMPLIFIED, "极客公园"), key="o")


async def script_toggled(pilot: Pilot) -> None:
    await side_by_side(pilot)
    await pilot.press("s")
    await pilot.pause()


async def find(pilot: Pilot) -> None:
    await list_and_reader(pilot)
    await pilot.press("slash", *"馬斯克", "enter", "n")
    await _settle(pilot)


async def search(pilot: Pilot) -> None:
    await pilot.press("F", *"馬斯克")
    await _settle(pilot)


async def entities(pilot: Pilot) -> None:
    """Side by side with entity colours, the panel (⇄: in both articles) and the
    concordance of the most linked entity."""
    app = _app(pilot)
    app.main_screen.start_entity_analysis()
    await pilot.app.workers.wait_for_complete()
    await side_by_side(pilot)
    await pilot.press("H", "E", "enter", "j")  # j: the pane follows the concordance
    await _settle(pilot)
    # H's legend is a toast that expires after 3 s: on a busy machine it may be gone
    # before the picture is taken, so the picture never shows it.
    pilot.app.clear_notifications()
    await pilot.pause()


def _seed_annotations(app: ReaderApp) -> int:
    """A few annotations on the 极客公园 article (once per database): tags, a note,
    a chosen colour, and two that overlap. Returns the article's id."""
    article_id = _article_id(app, Script.SIMPLIFIED, "极客公园")
    if not list_annotations(app.db, article_ids=[article_id]):
        spans = list(sentences(get_article(app.db, article_id).clean_text))
        marks: list[tuple[int, int, list[str], str, str | None]] = [
            (1, 1, ["claim"], "马斯克的说法：**地球上最聪明**，有待验证。", None),
            (3, 3, ["数字", "figure"], "", "red"),
            (3, 4, ["quote"], "与上一条重叠", None),
            (7, 7, ["claim"], "", "green"),
        ]
        for first, last, tags, note, color in marks:
            start, end = spans[first][0], spans[last][1]
            create_annotation(app.db, article_id, start, end, tags=tags, note=note, color=color)
    return article_id


async def annotations(pilot: Pilot) -> None:
    """Highlights in the text, the cursor, and the article's annotations panel."""
    app = _app(pilot)
    article_id = _seed_annotations(app)
    app.main_screen.annotations_changed()
    await _open(pilot, article_id)
    await pilot.press("right_square_bracket", "A", "down")
    await _settle(pilot)


async def review(pilot: Pilot) -> None:
    """A review card: r, then enter in the filter dialog (every annotation)."""
    app = _app(pilot)
    _seed_annotations(app)
    await pilot.press("r")
    await pilot.pause()
    await pilot.press("enter")
    await _settle(pilot)


async def lookup(pilot: Pilot) -> None:
    """The word look-up panel on 馬斯克 in a traditional article: both scripts,
    readings, CC-CEDICT and the entity line (analysis first, as in ``entities``).

    The word list is loaded first, as after a session's first look-up: otherwise the
    picture showed or did not show the "loading the word list" toast depending on
    whether this process had loaded jieba before (the toast lasts 3 s)."""
    from reader import segmentation

    app = _app(pilot)
    app.main_screen.start_entity_analysis()
    await pilot.app.workers.wait_for_complete()
    await asyncio.to_thread(segmentation.tokenizer)
    await _open(pilot, _article_id(app, Script.TRADITIONAL, "量子位"))
    pane = app.main_screen.current_pane
    assert pane is not None
    pane.place_cursor(pane.article.clean_text.index("馬斯克"))
    await pilot.press("K")
    for _ in range(3):  # jieba's worker, then the panel's (first use)
        await _settle(pilot)


async def citation(pilot: Pilot) -> None:
    """``y`` on an annotation: the toast shows the Markdown copied to the clipboard."""
    app = _app(pilot)
    article_id = _seed_annotations(app)
    app.main_screen.annotations_changed()
    await _open(pilot, article_id)
    await pilot.press("right_square_bracket", "y")
    await _settle(pilot)


async def help_screen(pilot: Pilot) -> None:
    await pilot.press("question_mark")
    await pilot.pause()


SCENARIOS: dict[str, Scenario] = {
    "list_and_reader": list_and_reader,
    "side_by_side": side_by_side,
    "script_toggled": script_toggled,
    "find": find,
    "search": search,
    "entities": entities,
    "annotations": annotations,
    "review": review,
    "lookup": lookup,
    "citation": citation,
    "help": help_screen,
}


#: Scenarios whose picture is of a notification (Pilot runs hide them otherwise).
WITH_NOTIFICATIONS = frozenset({"citation"})


def build_database(path: Path, corpus: Path = SEED_CORPUS) -> Path:
    """A database at ``path`` holding ``corpus``, imported as ``reader`` would."""
    db = open_database(path)
    try:
        sync_corpus(db, corpus)
    finally:
        db.conn.close()
    return path


def fresh_app(db_path: Path, corpus: Path = SEED_CORPUS) -> ReaderApp:
    """The app on ``db_path`` with no saved reading state, every article unread (an
    earlier picture opened some) and no corpus sync."""
    db = open_database(db_path)
    try:
        set_setting(db, SETTING_KEY, {})
        set_read(db, [summary.id for summary in list_articles(db)], False)
    finally:
        db.conn.close()
    return ReaderApp(db_path, corpus, sync=False, keymap=PICTURED_KEYMAP)


async def _render(name: str, scenario: Scenario, db_path: Path, output: Path) -> Path:
    app = fresh_app(db_path)
    async with app.run_test(size=SIZE, notifications=name in WITH_NOTIFICATIONS) as pilot:
        await pilot.pause()
        await scenario(pilot)
        svg = app.export_screenshot(title=f"reader — {name.replace('_', ' ')}")
    app.store.close()
    path = output / f"{name}.svg"
    path.write_text(svg, encoding="utf-8")
    return path


def render_all(output_dir: Path | str) -> list[Path]:
    """Write one SVG per scenario into ``output_dir``; returns their paths.

    The scenarios open particular seed articles, so the pictures are always of the
    seed articles (never the user's corpus or database)."""
    if not sorted(SEED_CORPUS.glob("*.txt")):
        raise ReaderError(f"the seed articles are missing from this install ({SEED_CORPUS})")
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="reader-screenshots-") as scratch:
        db_path = build_database(Path(scratch) / "screenshots.db")

        async def render() -> list[Path]:
            return [
                await _render(name, scenario, db_path, output)
                for name, scenario in SCENARIOS.items()
            ]

        return asyncio.run(render())
