"""Small JSON values kept between runs: reading state, preferences."""

from __future__ import annotations

import json
from typing import Any

from reader.store.database import Database, store_errors, write_transaction


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with store_errors(db):
        row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None:
        return default
    try:
        return json.loads(row[0])
    except json.JSONDecodeError:
        return default


def set_setting(db: Database, key: str, value: Any) -> None:
    with store_errors(db), write_transaction(db):
        db.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, json.dumps(value, ensure_ascii=False)),
        )
