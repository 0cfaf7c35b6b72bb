"""Every screen at 80×24 (and the list beside two panes at 120 columns), under the Pilot.

What a user must be able to do on a small terminal: see the list without losing the
panes, reach every line of help and every button of a dialog, and be told when
something is below the fold. Real app, real SQLite file with the seed corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from tui_helpers import article_id, open_from_list, run_scenario, settle

from reader.conversion import Script
from reader.tui.app import ReaderApp
from reader.tui.screens.annotation_dialog import AnnotationDialog, TagPrompt
from reader.tui.screens.help import HelpScreen, help_content
from reader.tui.screenshots import build_database

SMALL = (80, 24)
DIALOGS = [
    "annotate",
    "tag prompt",
    "help",
    "search",
    "annotations",
    "entities",
    "review filters",
    "review note",
    "review tags",
    "name",
    "choice",
    "days",
]


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def on_screen(app: ReaderApp, widget: Widget) -> bool:
    """Whether the whole of ``widget`` is inside the terminal."""
    return app.screen.region.contains_region(widget.region) and widget.region.area > 0


async def two_panes(pilot: Pilot, app: ReaderApp) -> None:
    await open_from_list(pilot, app, article_id(app, Script.TRADITIONAL))
    await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED), key="o")
    assert len(app.main_screen.panes) == 2


def test_the_list_shows_beside_two_panes_at_120_columns(library: Path, corpus_dir: Path) -> None:
    """``l`` (and tab) with two panes on 120 columns used to hide both panes behind a
    full-width list; the list now covers the left pane only, and the panes keep
    their size (nothing re-wraps)."""

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await two_panes(pilot, app)
        screen = app.main_screen
        left, right = screen.panes
        widths = (left.region.width, right.region.width)
        for key in ("l", "tab"):
            if key == "tab":
                right.view.focus()
                await pilot.pause()
                await pilot.press("tab")  # from the last pane round to the list
            else:
                await pilot.press(key)
            await pilot.pause()
            assert screen.focused is screen.article_list
            listing = screen.article_list.region
            assert right.display and right.region.width > 0
            assert not listing.overlaps(right.region), "the right pane stays in view"
            assert listing.width <= screen.size.width // 2 + 1
            assert (left.region.width, right.region.width) == widths
            await pilot.press("enter")  # opening an article hides the list again
            await settle(pilot)
            assert screen.focused is not screen.article_list
            assert not screen.article_list.region.overlaps(left.region)

    run_scenario(app_for(library, corpus_dir), scenario, size=(120, 35))


def test_the_list_is_full_width_over_stacked_panes_at_80_columns(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await two_panes(pilot, app)
        await pilot.press("l")
        await pilot.pause()
        assert app.main_screen.article_list.size.width > 70

    run_scenario(app_for(library, corpus_dir), scenario, size=SMALL)


def test_help_fits_80_columns_and_its_last_line_is_reachable(
    library: Path, corpus_dir: Path
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("#help-box")
        assert on_screen(app, box), box.region
        assert "more" in str(box.border_subtitle), "a hint says there is more below"
        for _ in range(40):
            await pilot.press("space")
        await pilot.pause()
        assert box.scroll_y == box.max_scroll_y > 0
        assert not box.border_subtitle or "more" not in str(box.border_subtitle)
        # Long descriptions wrap inside the box (under their column), not past its edge.
        keys = app.screen.query_one("#help-keys")
        assert keys.region.right <= box.region.right
        assert keys.virtual_size.width <= keys.region.width
        assert keys.region.height > help_content().plain.count("\n") + 1

    run_scenario(app_for(library, corpus_dir), scenario, size=SMALL)


def test_annotate_dialog_buttons_are_on_screen_at_80x24(library: Path, corpus_dir: Path) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED))
        await pilot.press("v", "a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AnnotationDialog)
        for button in ("#annotation-save", "#annotation-cancel"):
            assert on_screen(app, dialog.query_one(button)), button
        fields = dialog.query_one("#annotation-fields")
        assert fields.max_scroll_y > 0, "24 rows are too few for every field"
        assert "more" in str(fields.border_subtitle)
        fields.scroll_end(animate=False)
        await pilot.pause()
        assert "more" not in str(fields.border_subtitle or "")
        await pilot.click("#annotation-save")
        await settle(pilot)
        assert not isinstance(app.screen, AnnotationDialog)

    run_scenario(app_for(library, corpus_dir), scenario, size=SMALL)


def app_for(library: Path, corpus_dir: Path) -> ReaderApp:
    return ReaderApp(library, corpus_dir, sync=False)


async def reachable(pilot: Pilot, app: ReaderApp, widget: Widget) -> bool:
    """Whether ``widget`` can be brought wholly into view: scrolled to, it lies inside
    the terminal and inside every container around it (which would clip it). A widget
    taller than the container scrolling it counts if it starts in view (the help's
    own test scrolls to its end). Tried a few times: on a busy machine the dialog's
    own scroll to its focused field can land after ours."""
    for _ in range(3):
        app.screen.scroll_to_widget(widget, animate=False, top=True)
        await pilot.pause()
        if in_view(app, widget):
            return True
    return False


def in_view(app: ReaderApp, widget: Widget) -> bool:
    region = widget.region
    scroller = next(
        (a for a in widget.ancestors if isinstance(a, Widget) and a.is_scrollable), None
    )
    if scroller is not None and region.height > scroller.scrollable_content_region.height:
        region = region.intersection(scroller.scrollable_content_region)
    if not app.screen.region.contains_region(region):
        return False
    return all(
        ancestor.region.contains_region(region)
        for ancestor in widget.ancestors
        if isinstance(ancestor, Widget) and ancestor is not app.screen and ancestor.region
    )


def dialogs(app: ReaderApp) -> dict[str, Screen]:
    """Every modal of the reader, as the main screen would push it."""
    from reader.tui.screens.annotations import AnnotationsScreen
    from reader.tui.screens.entities import ChoiceDialog, EntityBrowser, NameDialog
    from reader.tui.screens.list_filter import DayRangePrompt
    from reader.tui.screens.review import NoteDialog, ReviewFilterDialog, TagsDialog
    from reader.tui.screens.search import SearchScreen

    quote = "马斯克团队一口气带来了「地表最强」基础模型、推理模型以及第一个产品。" * 3
    summaries = {s.id: s for s in app.summaries}
    return {
        "annotate": AnnotationDialog(app.db, quote),
        "tag prompt": TagPrompt(app.db, "「马斯克」"),
        "help": HelpScreen(),
        "search": SearchScreen(),
        "annotations": AnnotationsScreen(app.db, summaries),
        "entities": EntityBrowser(app.mode),
        "review filters": ReviewFilterDialog(),
        "review note": NoteDialog("**note**"),
        "review tags": TagsDialog(("a", "b")),
        "name": NameDialog(Content("Rename"), "马斯克"),
        "choice": ChoiceDialog(Content("Kind"), ["person", "place", "organisation"]),
        "days": DayRangePrompt(),
    }


@pytest.mark.parametrize("name", DIALOGS)
def test_every_part_of_every_dialog_is_reachable_at_80x24(
    library: Path, corpus_dir: Path, name: str
) -> None:
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        app.push_screen(dialogs(app)[name])
        await settle(pilot)
        screen = app.screen
        leaves = [
            w
            for w in screen.query("*")
            if not w.children and w.display and w.region.area and not w.is_scrollable
        ]
        assert leaves
        lost = [w for w in leaves if not await reachable(pilot, app, w)]
        assert not lost, [(w, w.region) for w in lost]

    run_scenario(app_for(library, corpus_dir), scenario, size=SMALL)


def test_review_filters_start_with_enter_and_the_fields_take_the_focus(
    library: Path, corpus_dir: Path
) -> None:
    """The scrolling part of a dialog must not take the focus from its first field
    (enter there starts the review)."""
    from reader.tui.screens.review import ReviewFilterDialog, ReviewScreen

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewFilterDialog)
        assert app.screen.focused is app.screen.query_one("#filter-tags")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)

    run_scenario(app_for(library, corpus_dir), scenario, size=SMALL)


def test_on_a_narrow_terminal_the_annotations_panel_leaves_the_text_half_the_width(
    library: Path, corpus_dir: Path
) -> None:
    # At 40 columns the panel kept its minimum of 24 and the text beside it had 13.
    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await open_from_list(pilot, app, article_id(app, Script.SIMPLIFIED))
        pane = app.main_screen.current_pane
        assert pane is not None
        await pilot.press("A")
        await settle(pilot)
        panel = pane.panel
        assert panel.display
        assert pane.view.outer_size.width >= panel.outer_size.width > 0

    run_scenario(ReaderApp(library, corpus_dir, sync=False), scenario, (40, 12))
