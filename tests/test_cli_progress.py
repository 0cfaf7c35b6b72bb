"""The command line's progress report: a bar at a terminal, a few lines in a log."""

from __future__ import annotations

import io
import sys

import pytest

from reader.cli.progress import ProgressReport


class TerminalStream(io.StringIO):
    """A text stream that says it is a terminal, as stderr does in a shell."""

    def isatty(self) -> bool:
        return True


def test_a_log_gets_a_line_at_the_start_and_one_every_tenth(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    report = ProgressReport("converting", unit="rows")
    for done in range(0, 1001):
        report(done, 1000)
    report.close()
    lines = stream.getvalue().splitlines()
    assert lines[0] == "converting"
    assert lines[1:] == [f"  {100 * n:,} of 1,000 rows ({10 * n}%)" for n in range(11)]


def test_a_terminal_gets_a_bar_that_leaves_when_the_work_ends(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = TerminalStream()
    monkeypatch.setattr(sys, "stderr", stream)
    report = ProgressReport("analysing entities")
    report(5, 40)
    report(40, 40)
    report.close()
    shown = stream.getvalue()
    assert "analysing entities" in shown
    assert "/40" in shown  # the count drawn in the bar
    assert "(100%)" not in shown  # no log lines at a terminal
    assert shown.endswith("\x1b[2K")  # the bar is erased when the work ends


def test_work_under_the_threshold_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = TerminalStream()
    monkeypatch.setattr(sys, "stderr", stream)
    report = ProgressReport("analysing entities", threshold=20)
    report(3, 19)
    report.close()
    assert stream.getvalue() == ""
