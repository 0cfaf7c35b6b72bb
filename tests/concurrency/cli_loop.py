"""A process that runs reader's command line over and over on one database.

Each round runs ``reader annotate`` and then a read-only command (``annotations
--json``, ``list``) through the console script's own entry point, so every round
opens and closes the database as a separate ``reader`` invocation would. A write
whose command exited 0 is printed as ``ack NOTE``.

Usage: ``python -m tests.concurrency.cli_loop DB ARTICLE_ID QUOTE SECONDS NAME``
"""

from __future__ import annotations

import contextlib
import io
import sys
import time

from reader.cli.main import main as reader_main

#: Seconds between rounds: the loops must not overlap all the time, or no command is
#: ever the last to close the database.
PAUSE = 0.05


def _run(argv: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return reader_main(argv)


def main() -> int:
    path, article_id, quote, seconds, name = sys.argv[1:6]
    deadline = time.monotonic() + float(seconds)
    count = 0
    failures = 0
    while time.monotonic() < deadline:
        note = f"{name}-{count}"
        status = _run(["--db", path, "annotate", article_id, "--quote", quote, "--note", note])
        if status == 0:
            print(f"ack {note}", flush=True)
        else:
            failures += 1
        reader_command = ["annotations", "--json"] if count % 2 else ["list"]
        _run(["--db", path, *reader_command])
        count += 1
        time.sleep(PAUSE)
    print(f"failures {failures}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
