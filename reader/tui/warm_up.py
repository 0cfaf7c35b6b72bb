"""Modules imported ahead of their first use, on a thread, after the first paint.

The views past the list (a reading pane, the entity panel and concordance, the entity
browser, search, help, the annotator, the palette's commands) are imported when first
needed, so that start-up paints sooner. Imported then, the first key that opens each
pays for it: ~120 ms of CPU for all of them here, ~40 ms of the entity browser's first
opening. :func:`warm_up` imports them once the list is on screen, off the event loop.
None of them imports jieba or sqlite-utils (start-up keeps both out; a test checks).
"""

from __future__ import annotations

import importlib

#: Imported by :func:`warm_up`, each otherwise imported by the first key needing it.
WARM_MODULES = (
    "reader.tui.widgets.reading_pane",
    "reader.tui.widgets.entity_panel",
    "reader.tui.widgets.concordance",
    "reader.tui.screens.entities",
    "reader.tui.screens.search",
    "reader.tui.screens.help",
    "reader.tui.annotator",
    "reader.tui.commands",
)


def warm_up() -> None:
    """Import :data:`WARM_MODULES` (already imported ones cost nothing)."""
    for name in WARM_MODULES:
        importlib.import_module(name)
