"""What every command needs: the database and corpus paths, opened lazily, and the
two ways of writing output.

Text for a person goes through :func:`say` (and values placed in a one-line row
through :func:`inline`): titles, notes, names and file names come from files anyone
may have written, and a terminal obeys the escape sequences in them. JSON goes
through :func:`print_json`, exact, with every control character escaped.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.store.database import Database, open_database, open_empty_database
from reader.text_safety import escape_json_controls, visible


@dataclass
class Context:
    db_path: Path
    corpus: Path
    #: The command only reads: a database file that does not exist is not created
    #: (the command reads an empty one in memory and says there is nothing yet).
    read_only: bool = False
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            if self.read_only and not self.db_path.exists():
                self._db = open_empty_database()
            else:
                from reader.cli.progress import conversion_progress

                progress = conversion_progress()
                try:
                    self._db = open_database(self.db_path, progress=progress)
                finally:
                    progress.close()
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8, one document; no control character is written raw."""
    write_json(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def write_json(document: str) -> None:
    """A JSON document already encoded, on stdout, with the control characters JSON
    encoders leave raw (DEL, C1, bidi overrides) escaped: the same value, safe to show."""
    sys.stdout.write(escape_json_controls(document))


def say(text: object = "", *, error: bool = False) -> None:
    """A line (or lines) of text for a person, on stdout or, with ``error``, stderr.

    Newlines and tabs in ``text`` are kept; every other control character, escape
    sequence and bidi override is shown as a visible symbol (:func:`visible`), never
    obeyed by the terminal.
    """
    stream = sys.stderr if error else sys.stdout
    stream.write(visible(str(text), keep_newlines=True, keep_tabs=True) + "\n")


def inline(value: object) -> str:
    """A value placed in a one-line row or message: its newlines and tabs are shown as
    symbols too, so a crafted file name or title cannot start a line of its own."""
    return visible(str(value))


def require_terminal(command: str, instead: str) -> None:
    """Refuse, with one line, to start a full-screen interface when standard input or
    output is not a terminal: run from a script, a pipe or with its output redirected,
    it waited for keys that never came and wrote escape sequences into the file."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from reader.errors import ReaderError

        raise ReaderError(
            f"{command} is a full-screen interface and needs a terminal for its input and "
            f"output; {instead}"
        )
