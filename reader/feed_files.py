"""Recognising an unchanged feed file before parsing it, as the importer does for
every other file.

A feed file's items are stored as articles named ``path#key``, each with its own
fingerprint, so the file's own fingerprint is kept in the store apart
(:func:`~reader.store.feeds.record_feed_files`). When a file's bytes hash to it (and
the rules are the same), its items are reported unchanged from what the store holds,
and a parse of a large feed on every corpus sync is saved.
"""

from __future__ import annotations

from reader.ingest import CLEANER_VERSION
from reader.ingest.feeds import feed_of
from reader.store.articles import StoredFile
from reader.store.database import Database
from reader.store.feeds import feed_file_fingerprints


class KnownFeedFiles:
    """The store's feed files and their items' articles, read once per import."""

    def __init__(self, db: Database, known: dict[str, StoredFile]) -> None:
        self.fingerprints = feed_file_fingerprints(db)
        self.items: dict[str, list[StoredFile]] = {}
        if self.fingerprints:
            feeds = frozenset(self.fingerprints)
            for stored_path, stored in known.items():
                feed = feed_of(stored_path, feeds)
                if feed is not None:
                    self.items.setdefault(feed, []).append(stored)

    def unchanged_items(self, key: str, digest: str) -> list[StoredFile] | None:
        """The stored items of the feed file at ``key`` if its bytes hash to
        ``digest`` as when it was imported (under the same rules); None otherwise."""
        if self.fingerprints.get(key) != (digest, CLEANER_VERSION):
            return None
        return self.items.get(key, [])
