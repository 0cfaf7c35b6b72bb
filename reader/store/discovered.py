"""The names discovery found in the corpus (see :mod:`reader.entities.discovery`).

Discovery reads every current text, so its result is kept with a digest of the texts
it was computed from: while the corpus is unchanged the stored result is used, and when
articles arrive it is recomputed once and replaced.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from reader.store.database import Database, store_errors, write_transaction
from reader.store.settings import get_setting, set_setting

DIGEST_SETTING = "entities.discovery_corpus"


@dataclass(frozen=True)
class StoredDiscovery:
    """A stored discovery: name → (kind, texts, cue), and the rejected strings."""

    names: dict[str, tuple[str, int, str]]
    rejected: frozenset[str]


def corpus_digest(db: Database, version: str) -> str:
    """A digest of the current texts' hashes and of the discovery ``version``."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT DISTINCT v.clean_sha256
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            ORDER BY 1
            """
        ).fetchall()
    digest = hashlib.sha256(version.encode())
    for (sha,) in rows:
        digest.update(str(sha).encode())
    return digest.hexdigest()


def stored_digest(db: Database) -> str | None:
    """The digest of the texts the stored discovery was computed from."""
    value = get_setting(db, DIGEST_SETTING)
    return value if isinstance(value, str) else None


def load(db: Database) -> StoredDiscovery:
    with store_errors(db):
        rows = db.conn.execute(
            "SELECT name, verdict, kind, texts, cue FROM discovered_names"
        ).fetchall()
    names = {
        str(name): (str(kind), int(texts), str(cue))
        for name, verdict, kind, texts, cue in rows
        if verdict == "name"
    }
    rejected = frozenset(str(name) for name, verdict, *_ in rows if verdict == "rejected")
    return StoredDiscovery(names, rejected)


def save(db: Database, digest: str, found: StoredDiscovery) -> None:
    """Replace the stored discovery with ``found``, computed from texts of ``digest``."""
    with store_errors(db), write_transaction(db):
        db.conn.execute("DELETE FROM discovered_names")
        db.conn.executemany(
            "INSERT INTO discovered_names (name, verdict, kind, texts, cue) "
            "VALUES (?, 'name', ?, ?, ?)",
            [(name, kind, texts, cue) for name, (kind, texts, cue) in found.names.items()],
        )
        db.conn.executemany(
            "INSERT INTO discovered_names (name, verdict) VALUES (?, 'rejected')",
            [(name,) for name in sorted(found.rejected) if name not in found.names],
        )
        set_setting(db, DIGEST_SETTING, digest)
