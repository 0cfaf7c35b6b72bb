"""Feed subscriptions and feed files in the store.

A subscription is a name and an address; a check records what the next one needs
(the validators for a conditional request, where redirects led) and a one-line
outcome. Removing a subscription keeps the articles its items became. A feed file's
fingerprint lets an import know it unchanged without parsing it.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from reader.errors import NotFound, ReaderError
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction


@dataclass(frozen=True)
class Subscription:
    id: int
    name: str
    url: str
    final_url: str | None
    moved_to: str | None
    etag: str | None
    last_modified: str | None
    checked_at: str | None
    last_status: str | None
    failed: bool
    added_at: str
    #: Whether an item carrying only a summary is stored with its page's text.
    pages: bool = False

    @property
    def fetch_url(self) -> str:
        """Where the feed is fetched from: its new home after a permanent move."""
        return self.moved_to or self.url

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "url": self.url,
            "final_url": self.final_url,
            "moved_to": self.moved_to,
            "checked_at": self.checked_at,
            "last_status": self.last_status,
            "failed": self.failed,
            "added_at": self.added_at,
            "pages": self.pages,
        }


@dataclass(frozen=True)
class CheckRecord:
    """What one check of a feed leaves for the next (validators None: keep the old)."""

    status: str
    failed: bool
    final_url: str | None = None
    moved_to: str | None = None
    etag: str | None = None
    last_modified: str | None = None


_COLUMNS = (
    "id, name, url, final_url, moved_to, etag, last_modified, checked_at, last_status, "
    "failed, added_at, pages"
)


def _subscription(row: tuple) -> Subscription:
    return Subscription(*row[:9], failed=bool(row[9]), added_at=row[10], pages=bool(row[11]))


def add_subscription(db: Database, name: str, url: str, *, pages: bool = False) -> Subscription:
    """Subscribe to ``url`` as ``name``; a name or address already subscribed is a
    one-line :class:`ReaderError`."""
    with store_errors(db), write_transaction(db):
        clash = db.conn.execute(
            "SELECT name, url FROM feeds WHERE name = ? OR url = ?", (name, url)
        ).fetchone()
        if clash is not None:
            if clash[1] == url:
                raise ReaderError(f"already subscribed to {url} as {clash[0]!r}")
            raise ReaderError(f"a feed named {name!r} already exists")
        try:
            db.conn.execute(
                "INSERT INTO feeds (name, url, added_at, pages) VALUES (?, ?, ?, ?)",
                (name, url, now_iso(), int(pages)),
            )
        except sqlite3.IntegrityError:
            raise ReaderError(f"a feed named {name!r} already exists") from None
    return get_subscription(db, name)


def list_subscriptions(db: Database) -> list[Subscription]:
    """Every subscription, by name."""
    with store_errors(db):
        rows = db.conn.execute(f"SELECT {_COLUMNS} FROM feeds ORDER BY name").fetchall()
    return [_subscription(row) for row in rows]


def get_subscription(db: Database, name: str) -> Subscription:
    with store_errors(db):
        row = db.conn.execute(f"SELECT {_COLUMNS} FROM feeds WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(f"no feed named {name!r}")
    return _subscription(row)


def subscriptions_named(db: Database, names: Sequence[str]) -> list[Subscription]:
    """The subscriptions with these names (all of them when ``names`` is empty); an
    unknown name is :class:`NotFound` before anything is done."""
    if not names:
        return list_subscriptions(db)
    return [get_subscription(db, name) for name in dict.fromkeys(names)]


def remove_subscription(db: Database, name: str) -> Subscription:
    """Unsubscribe; the articles of the feed's items stay."""
    subscription = get_subscription(db, name)
    with store_errors(db), write_transaction(db):
        db.conn.execute("DELETE FROM feeds WHERE id = ?", (subscription.id,))
    return subscription


def set_pages(db: Database, name: str, pages: bool) -> Subscription:
    """Switch fetching items' pages on or off for the feed named ``name``."""
    subscription = get_subscription(db, name)
    with store_errors(db), write_transaction(db):
        db.conn.execute("UPDATE feeds SET pages = ? WHERE id = ?", (int(pages), subscription.id))
    return get_subscription(db, name)


def stored_items(db: Database, paths: Sequence[str]) -> dict[str, tuple[int, int]]:
    """The articles already stored at these item paths: path -> (article id, length of
    the current version's clean text)."""
    if not paths:
        return {}
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT a.path, a.id, v.chars
            FROM json_each(?) AS wanted
            JOIN articles a ON a.path = wanted.value
            JOIN article_versions v ON v.id = a.current_version_id
            """,
            (json.dumps(list(paths), ensure_ascii=False),),
        ).fetchall()
    return {path: (article_id, chars) for path, article_id, chars in rows}


def record_check(db: Database, subscription_id: int, record: CheckRecord) -> None:
    """Keep a check's outcome; validators are replaced only when the check got new
    ones (a failed check keeps the old, so the next check is still conditional)."""
    with store_errors(db), write_transaction(db):
        db.conn.execute(
            """
            UPDATE feeds SET
                checked_at = ?, last_status = ?, failed = ?,
                final_url = coalesce(?, final_url),
                moved_to = coalesce(?, moved_to),
                etag = coalesce(?, etag),
                last_modified = coalesce(?, last_modified)
            WHERE id = ?
            """,
            (
                now_iso(),
                record.status,
                int(record.failed),
                record.final_url,
                record.moved_to,
                record.etag,
                record.last_modified,
                subscription_id,
            ),
        )


def feed_file_fingerprints(db: Database) -> dict[str, tuple[str, int]]:
    """Every imported feed file's path with its ``(raw_sha256, cleaner_version)``."""
    with store_errors(db):
        rows = db.conn.execute("SELECT path, raw_sha256, cleaner_version FROM feed_files")
        return {path: (digest, version) for path, digest, version in rows}


def record_feed_files(db: Database, files: Sequence[tuple[str, str, int]]) -> None:
    """Remember the fingerprints ``(path, raw_sha256, cleaner_version)`` of feed files
    whose items were just stored (in the same transaction)."""
    if not files:
        return
    with store_errors(db), write_transaction(db):
        db.conn.executemany(
            "INSERT OR REPLACE INTO feed_files (path, raw_sha256, cleaner_version) "
            "VALUES (?, ?, ?)",
            files,
        )
