"""The names discovery found in the corpus (see :mod:`reader.entities.discovery`).

Discovery reads the newest current texts (up to a budget of characters), so its result
is kept with a digest of the texts it was computed from: while those are unchanged the
stored result is used, and when articles arrive it is recomputed once and replaced.
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


def newest_texts(db: Database, char_budget: int, text_limit: int) -> list[str]:
    """Content hashes of the newest current texts (by the order articles arrived),
    taken while their characters add up to at most ``char_budget`` (always at least
    one) and there are at most ``text_limit`` of them, sorted.

    Discovery reads what it is given in full, so on a corpus of years this bounds its
    time and memory; the names a reader meets are those of what arrived lately.
    """
    with store_errors(db):
        cursor = db.conn.execute(
            """
            SELECT v.clean_sha256, v.chars
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            ORDER BY a.id DESC
            """
        )
        chosen: set[str] = set()
        total = 0
        for sha, chars in cursor:
            if str(sha) in chosen:
                continue
            if chosen and (total + int(chars) > char_budget or len(chosen) >= text_limit):
                break
            chosen.add(str(sha))
            total += int(chars)
    return sorted(chosen)


def corpus_digest(shas: list[str], version: str) -> str:
    """A digest of the texts discovery reads and of the discovery ``version``."""
    digest = hashlib.sha256(version.encode())
    for sha in shas:
        digest.update(sha.encode())
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
