"""Running reader's command line in-process, as the CLI tests do."""

from __future__ import annotations

import pytest

from reader.cli.main import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``reader ARGV...`` through the console script's entry point: (status, out, err);
    a usage error's ``SystemExit`` is its status."""
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err
