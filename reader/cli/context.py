"""What every command needs: the database and corpus paths, opened lazily."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.store.database import Database, open_database


@dataclass
class Context:
    db_path: Path
    corpus: Path
    _db: Database | None = field(default=None, repr=False)

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self.db_path)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.conn.close()
            self._db = None


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8, one document."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")
