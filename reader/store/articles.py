"""Articles and their versions in the store.

A file path names an article; each distinct content of the file is a new, immutable
version. Importing unchanged content is a no-op; a changed file adds a version and
keeps the old one, so annotations made against it are never lost.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from reader.conversion import Script
from reader.errors import NotFound
from reader.models import Article, ArticleSummary, ParsedArticle
from reader.paths import ESCAPED_PREFIX
from reader.store.compact import SEARCH_PAD, deflate_raw, indexed_fold, inflate_raw
from reader.store.database import Database, store_errors, write_transaction

ImportStatus = Literal["imported", "updated", "unchanged"]


@dataclass(frozen=True)
class SaveOutcome:
    status: ImportStatus
    article_id: int
    version: int
    version_id: int
    #: The version this one replaced as current (``updated`` only): its fold leaves the
    #: index, which holds no text of its own to delete by.
    replaced_version_id: int | None = None


@dataclass(frozen=True, slots=True)
class StoredFile:
    """What the store knows of a file's current version, to recognise it unchanged."""

    article_id: int
    version: int
    version_id: int
    raw_sha256: str
    cleaner_version: int
    missing: bool


def stored_files(db: Database) -> dict[str, StoredFile]:
    """Every article path with its current version's fingerprint, in one query (from
    a covering index: the table's rows would be read with their texts)."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT a.path, a.id, v.version, v.id, v.raw_sha256, v.cleaner_version, a.missing
            FROM articles a
            JOIN article_versions v INDEXED BY article_versions_fingerprint
                ON v.id = a.current_version_id
            """
        ).fetchall()
    return {row[0]: StoredFile(*row[1:6], missing=bool(row[6])) for row in rows}


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sha256_text(text: str) -> str:
    import hashlib  # only when saving: listing and reading, as at start, never need it

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def save_parsed(db: Database, parsed: ParsedArticle, fold_text: str) -> SaveOutcome:
    """Store ``parsed`` as the article at its path: new, a new version, or unchanged.

    Unchanged means the same bytes decoded the same way by the same cleanup rules; a
    newer cleanup (``cleaner_version``) or another encoding makes a new version.
    """
    with store_errors(db), write_transaction(db):
        outcomes = save_versions(db, [parsed])
        index_versions(db, outcomes, [fold_text])
    return outcomes[0]


def save_versions(
    db: Database,
    parsed_articles: Sequence[ParsedArticle],
    deflated: Sequence[bytes | None] | None = None,
) -> list[SaveOutcome]:
    """Store each parsed article as :func:`save_parsed` does, but leave the search index
    to :func:`index_versions`, which must follow in the same transaction.

    The two are apart so that an importer can start other work between them: indexing
    is most of the cost of storing an article, and it runs as one statement, during
    which SQLite does not hold Python's GIL. ``deflated`` gives, article by article,
    the raw text already deflated by :func:`~reader.store.compact.deflate_raw` (by an
    import worker, which then sends no raw text), or ``None`` to deflate it here.
    """
    blobs = deflated if deflated is not None else [None] * len(parsed_articles)
    with store_errors(db), write_transaction(db):
        return [
            _save_version(db, parsed, blob)
            for parsed, blob in zip(parsed_articles, blobs, strict=True)
        ]


def index_versions(db: Database, outcomes: Sequence[SaveOutcome], folds: Sequence[str]) -> None:
    """Index the folds of the articles :func:`save_versions` stored (unchanged ones are
    already indexed).

    The index is contentless (see :mod:`reader.store.compact`): a replaced version's
    entry is deleted by giving the index that version's fold again, computed from its
    clean text. New rows go in as one statement read from one JSON parameter.
    """
    changed = [
        (outcome.article_id, fold + SEARCH_PAD)
        for outcome, fold in zip(outcomes, folds, strict=True)
        if outcome.status != "unchanged"
    ]
    replaced = [
        (outcome.article_id, outcome.replaced_version_id)
        for outcome in outcomes
        if outcome.status == "updated" and outcome.replaced_version_id is not None
    ]
    with store_errors(db), write_transaction(db):
        for article_id, version_id in replaced:
            db.conn.execute(
                "INSERT INTO search_trigrams (search_trigrams, rowid, fold) "
                "VALUES ('delete', ?, ?)",
                (article_id, indexed_fold(get_version_text(db, version_id))),
            )
        if changed:
            db.conn.execute(
                """
                INSERT INTO search_trigrams (rowid, fold)
                SELECT value ->> 0, value ->> 1 FROM json_each(?)
                """,
                (json.dumps(changed, ensure_ascii=False),),
            )


def raw_text_of(db: Database, version_id: int) -> str:
    """The decoded file a version was cleaned from (stored deflated against its clean
    text); :class:`NotFound` if there is no such version."""
    with store_errors(db):
        row = db.conn.execute(
            "SELECT raw_text, raw_deflated, clean_text FROM article_versions WHERE id = ?",
            (version_id,),
        ).fetchone()
    if row is None:
        raise NotFound(f"no article version with id {version_id}")
    raw_text, deflated, clean_text = row
    return raw_text if deflated is None else inflate_raw(deflated, clean_text)


def _save_version(db: Database, parsed: ParsedArticle, deflated: bytes | None) -> SaveOutcome:
    """Add ``parsed`` as a new article or version unless it is unchanged; the search
    index is left to the caller."""
    row = db.conn.execute(
        """
        SELECT a.id, a.missing, v.id, v.version, v.raw_sha256, v.encoding, v.cleaner_version
        FROM articles a LEFT JOIN article_versions v ON v.id = a.current_version_id
        WHERE a.path = ?
        """,
        (parsed.path,),
    ).fetchone()
    stamp = now_iso()
    if row is not None and tuple(row[4:7]) == (
        parsed.raw_sha256,
        parsed.encoding,
        parsed.cleaner_version,
    ):
        if row[1]:
            db.conn.execute(
                "UPDATE articles SET missing = 0, updated_at = ? WHERE id = ?", (stamp, row[0])
            )
        return SaveOutcome("unchanged", row[0], row[3], row[2])
    if row is None:
        article_id = db.conn.execute(
            "INSERT INTO articles (path, created_at, updated_at) VALUES (?, ?, ?)",
            (parsed.path, stamp, stamp),
        ).lastrowid
        version = 1
        status: ImportStatus = "imported"
    else:
        article_id = row[0]
        version = (row[3] or 0) + 1
        status = "updated"
    assert article_id is not None
    version_id = db.conn.execute(
        """
        INSERT INTO article_versions (
            article_id, version, raw_sha256, encoding, raw_text, raw_deflated, clean_text,
            clean_sha256, title, source, author, date, url, script, chars, cleaner_version,
            imported_at
        ) VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            article_id,
            version,
            parsed.raw_sha256,
            parsed.encoding,
            deflate_raw(parsed.raw_text, parsed.clean_text) if deflated is None else deflated,
            parsed.clean_text,
            sha256_text(parsed.clean_text),
            parsed.title,
            parsed.source,
            parsed.author,
            parsed.date,
            parsed.url,
            parsed.script.value,
            len(parsed.clean_text),
            parsed.cleaner_version,
            stamp,
        ),
    ).lastrowid
    assert version_id is not None
    db.conn.execute(
        "UPDATE articles SET current_version_id = ?, missing = 0, updated_at = ? WHERE id = ?",
        (version_id, stamp, article_id),
    )
    return SaveOutcome(status, article_id, version, version_id, None if row is None else row[2])


_SUMMARY_COLUMNS = """
    a.id, v.title, v.source, v.author, v.date, v.url, a.path, v.script, v.chars, v.version,
    a.missing, a.read_at IS NOT NULL
"""


#: ``Script(value)`` by a dict: an Enum call costs a microsecond, and the list builds
#: one summary per article at start (10,000 articles: ~25 -> ~21 ms).
_SCRIPTS = {script.value: script for script in Script}


def _summary(row: tuple) -> ArticleSummary:
    return ArticleSummary(
        id=row[0],
        title=row[1],
        source=row[2],
        author=row[3],
        date=row[4],
        url=row[5],
        path=row[6],
        script=_SCRIPTS[row[7]],
        chars=row[8],
        version=row[9],
        missing=bool(row[10]),
        read=bool(row[11]),
    )


def list_articles(
    db: Database,
    *,
    limit: int | None = None,
    unread: bool = False,
    sources: Sequence[str] | None = None,
    path_prefix: str | None = None,
    script: str | None = None,
    since: str | None = None,
    until: str | None = None,
    tag_key: str | None = None,
) -> list[ArticleSummary]:
    """Every article's current version (or the first ``limit``), newest date first,
    then by id; each given condition narrows the list.

    ``sources`` are exact outlet names; ``path_prefix`` keeps paths that start with it
    (a feed's items are ``URL#guid``); ``since``/``until`` are ISO days, both included
    (an article without a date is then left out); ``tag_key`` keeps articles with a
    live annotation bearing that tag.
    """
    conditions: list[str] = []
    params: list[object] = []
    if unread:
        conditions.append("a.read_at IS NULL")
    if sources is not None:
        conditions.append("v.source IN (SELECT value FROM json_each(?))")
        params.append(json.dumps(list(sources), ensure_ascii=False))
    if path_prefix is not None:
        conditions.append("substr(a.path, 1, length(?)) = ?")
        params += [path_prefix, path_prefix]
    if script is not None:
        conditions.append("v.script = ?")
        params.append(script)
    if since is not None:
        conditions.append("v.date >= ?")
        params.append(since)
    if until is not None:
        conditions.append("substr(v.date, 1, 10) <= ?")
        params.append(until)
    if tag_key is not None:
        conditions.append(
            """EXISTS (
                SELECT 1 FROM annotations n
                JOIN annotation_tags l ON l.annotation_id = n.id
                JOIN tags t ON t.id = l.tag_id
                WHERE n.article_id = a.id AND n.deleted_at IS NULL AND t.key = ?)"""
        )
        params.append(tag_key)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    with store_errors(db):
        rows = db.conn.execute(
            f"""
            SELECT {_SUMMARY_COLUMNS}
            FROM articles a INDEXED BY articles_list_order
            JOIN article_versions v INDEXED BY article_versions_listing
                ON v.id = a.current_version_id
            {where}
            ORDER BY a.list_date DESC, a.id
            LIMIT ?
            """,
            (*params, -1 if limit is None else limit),
        ).fetchall()
    return [_summary(row) for row in rows]


def sources(db: Database) -> list[str]:
    """Every outlet named by a current version, once each, by name."""
    with store_errors(db):
        rows = db.conn.execute(
            """
            SELECT DISTINCT v.source
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE v.source IS NOT NULL ORDER BY v.source
            """
        ).fetchall()
    return [row[0] for row in rows]


def set_read(db: Database, article_ids: Iterable[int], read: bool) -> None:
    """Mark articles read (keeping when they were first read) or unread; an unknown id
    is :class:`NotFound` and nothing is changed."""
    ids = list(dict.fromkeys(article_ids))
    if not ids:
        return
    with store_errors(db), write_transaction(db):
        known = {
            row[0]
            for row in db.conn.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        }
        unknown = [article_id for article_id in ids if article_id not in known]
        if unknown:
            raise NotFound(f"no article with id {unknown[0]}")
        db.conn.execute(
            """
            UPDATE articles SET read_at = CASE WHEN ? THEN coalesce(read_at, ?) END
            WHERE id IN (SELECT value FROM json_each(?))
            """,
            (int(read), now_iso(), json.dumps(ids)),
        )


def count_unread(db: Database) -> int:
    with store_errors(db):
        return int(
            db.conn.execute("SELECT count(*) FROM articles WHERE read_at IS NULL").fetchone()[0]
        )


def latest_version_id(db: Database) -> int:
    """The newest article version's id (0 with none). It grows whenever any process
    imports an article or a new version of one, and reading it is one look-up in the
    primary key, so the interface polls it to notice imports made beside it."""
    with store_errors(db):
        row = db.conn.execute("SELECT max(id) FROM article_versions").fetchone()
    return int(row[0] or 0)


def count_articles(db: Database) -> int:
    with store_errors(db):
        return int(db.conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def get_article(db: Database, article_id: int) -> Article:
    """The article's current version; :class:`NotFound` if there is no such id."""
    with store_errors(db):
        row = db.conn.execute(
            f"""
            SELECT {_SUMMARY_COLUMNS}, v.id, v.clean_text
            FROM articles a JOIN article_versions v ON v.id = a.current_version_id
            WHERE a.id = ?
            """,
            (article_id,),
        ).fetchone()
    if row is None:
        raise NotFound(f"no article with id {article_id}")
    return Article(summary=_summary(row[:12]), version_id=row[12], clean_text=row[13])


def get_version_text(db: Database, version_id: int) -> str:
    with store_errors(db):
        row = db.conn.execute(
            "SELECT clean_text FROM article_versions WHERE id = ?", (version_id,)
        ).fetchone()
    if row is None:
        raise NotFound(f"no article version with id {version_id}")
    return str(row[0])


def paths(db: Database) -> dict[str, int]:
    """Every stored article path with its id."""
    with store_errors(db):
        return {path: id_ for id_, path in db.conn.execute("SELECT id, path FROM articles")}


def paths_under(db: Database, folder: str) -> dict[str, tuple[int, bool]]:
    """Stored paths that may lie in ``folder`` (a store key), with id and whether the
    article is marked missing: those the key's prefix puts there, read as a range of
    the unique index on the path rather than every row, and every escaped key (a path
    that is not valid UTF-8, which only decoding places). The caller decides."""
    head = folder if folder.endswith("/") else folder + "/"
    ranges = [(head, head[:-1] + "0")]  # "0" follows "/": every key starting with head
    if not head.startswith(ESCAPED_PREFIX):
        ranges.append((ESCAPED_PREFIX, ESCAPED_PREFIX[:-1] + "0"))
    found: dict[str, tuple[int, bool]] = {}
    with store_errors(db):
        for low, high in ranges:
            for path, id_, missing in db.conn.execute(
                "SELECT path, id, missing FROM articles WHERE path >= ? AND path < ?",
                (low, high),
            ):
                found[path] = (id_, bool(missing))
    return found


def move_article(db: Database, article_id: int, path: str) -> None:
    """Give an article the path its file was moved or renamed to (it is no longer missing)."""
    with store_errors(db), write_transaction(db):
        db.conn.execute(
            "UPDATE articles SET path = ?, missing = 0, updated_at = ? WHERE id = ?",
            (path, now_iso(), article_id),
        )


def set_missing(db: Database, article_ids: Iterable[int], missing: bool) -> None:
    """Mark articles whose files vanished (their text and annotations stay)."""
    ids = list(article_ids)
    if not ids:
        return
    with store_errors(db), write_transaction(db):
        db.conn.executemany(
            "UPDATE articles SET missing = ?, updated_at = ? WHERE id = ?",
            [(int(missing), now_iso(), article_id) for article_id in ids],
        )
