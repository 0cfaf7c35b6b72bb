"""Progress of long work on stderr: a bar at a terminal, a few plain lines in a log.

Both the conversion of an older database and a pending entity analysis can take
minutes on a large store. At a terminal the user sees a bar with the count and the
time left; when stderr is a file or a pipe (a cron job, CI), a bar's redraws would be
noise, so one line is written at the start and one every tenth of the way.
"""

from __future__ import annotations

import sys

from reader.cli.context import say


class ProgressReport:
    """A ``progress(done, total)`` callback that shows ``label`` and how far it is.

    Work of fewer than ``threshold`` units shows nothing: a bar that flashes for a
    moment says nothing useful. ``close`` must be called when the work ends (or fails),
    to take the bar off the terminal.
    """

    def __init__(self, label: str, *, unit: str = "", threshold: int = 0) -> None:
        self._label = label
        self._unit = f" {unit}" if unit else ""
        self._threshold = threshold
        self._bar: object | None = None
        self._task: object | None = None
        self._tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if total < self._threshold:
            return
        # once the bar shows, Rich stands in for sys.stderr (a proxy that some releases
        # do not call a terminal): the bar goes on
        if self._bar is not None or sys.stderr.isatty():
            self._show_bar(done, total)
        else:
            self._show_line(done, total)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()  # type: ignore[attr-defined]
            self._bar = None

    def _show_bar(self, done: int, total: int) -> None:
        if self._bar is None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )

            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=True,
            )
            bar.start()
            self._task = bar.add_task(self._label, total=total)
            self._bar = bar
        self._bar.update(self._task, completed=done, total=total)  # type: ignore[attr-defined]

    def _show_line(self, done: int, total: int) -> None:
        tenth = 10 * done // max(total, 1)
        if tenth == self._tenth:
            return
        if self._tenth < 0:
            say(self._label, error=True)
        self._tenth = tenth
        say(f"  {done:,} of {total:,}{self._unit} ({10 * tenth}%)", error=True)
        sys.stderr.flush()


def conversion_progress() -> ProgressReport:
    """The progress of converting an older database to the current layout."""
    return ProgressReport(
        "converting the database to the current layout (resumes if interrupted)", unit="rows"
    )
