"""Annotations: marked passages with tags, notes and colours that must never be lost.

This is the service the TUI, the command line, export and review call. Every range
it accepts is turned into an anchor against the article's clean ORIGINAL text (a
display range is mapped back through the pane's :class:`~reader.conversion.OffsetMap`
first), so an annotation made while reading 繁體 highlights the same characters in
简体 and in the original. Every user action (create, edit, delete, undo, re-attach)
is one write transaction: it is saved whole or not at all. Deletion is soft so it can
be undone; orphans (anchors a new version lost) are kept and can be re-attached.

Tags are compared by their fold (script, case and width removed: 馬斯克 = 马斯克,
ＡＩ = ai) and keep the spelling first seen. An annotation's colour is the one the user
chose, else a stable palette colour derived from its first tag's key.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from reader.anchoring import AnchorStatus, Outcome, Reanchored, reanchor_all, select
from reader.conversion import OffsetMap
from reader.errors import NotFound, ReaderError
from reader.folding import fold, fold_query, fold_text
from reader.search import find_in_text
from reader.store import annotations as store
from reader.store import articles as article_store
from reader.store.annotations import AnnotationRow, HistoryEntry, Revision
from reader.store.articles import now_iso
from reader.store.database import Database, store_errors, write_transaction
from reader.text_safety import strip_controls

#: Highlight colours by name; the TUI maps each to a style.
PALETTE = ("yellow", "green", "cyan", "blue", "magenta", "red", "orange", "purple")
#: The colour of an annotation with no tags and no chosen colour.
DEFAULT_COLOR = PALETTE[0]
#: Longest tag name (the schema enforces it too).
MAX_TAG_CHARS = 200
_HEX_COLOR = re.compile(r"#[0-9a-f]{6}")
#: A line end other than ``\n``: the CRLF of Windows, the lone CR of old Macs.
_FOREIGN_LINE_END = re.compile(r"\r\n?")


class Keep(enum.Enum):
    """Marks an argument of :func:`update_annotation` that should stay as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class Annotation:
    """An annotation as the shells see it.

    ``start``/``end``/``quote``/``prefix``/``suffix`` refer to the clean original text
    of version ``version_id`` (the current version unless ``status`` is orphaned), or,
    when ``source_iri`` is set, to that text, which this database does not hold (an
    orphan imported from elsewhere); ``color`` is resolved (chosen, else from the
    first tag); timestamps are ISO 8601.
    """

    id: int
    article_id: int
    version_id: int
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    tags: tuple[str, ...]
    note: str
    color: str
    status: AnchorStatus
    created: str
    updated: str
    source_iri: str | None = None

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "article_id": self.article_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "prefix": self.prefix,
            "suffix": self.suffix,
            "tags": list(self.tags),
            "note": self.note,
            "color": self.color,
            "status": self.status.value,
            "created": self.created,
            "updated": self.updated,
        }


@dataclass(frozen=True)
class TagCount:
    """A tag in use, with how many live annotations carry it and its colour."""

    name: str
    count: int
    color: str

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "count": self.count}


@dataclass(frozen=True)
class ReanchorReport:
    """How an article's annotations fared against its new version."""

    kept: int = 0
    moved: int = 0
    fuzzy: int = 0
    orphaned: int = 0


# -- tags and colours ----------------------------------------------------------------


def tag_key(name: str) -> str:
    """The identity of a tag: its fold with whitespace runs collapsed."""
    return " ".join(fold(name).text.split())


def normalize_line_ends(text: str) -> str:
    """``text`` with CRLF and lone CR turned into LF.

    Every text the store keeps (article text, notes, tags, quotes) ends its lines with
    ``\n`` alone, so offsets, search, display and export all agree on where a line
    ends: a stray CR would be a line break to a Markdown parser and none to the rest.
    """
    return _FOREIGN_LINE_END.sub("\n", text)


def normalize_note(note: str) -> str:
    """A note as it is saved: line ends normalised (see :func:`normalize_line_ends`)."""
    return normalize_line_ends(note)


def normalize_tags(names: Iterable[str]) -> list[tuple[str, str]]:
    """``(name, key)`` pairs for user-typed tags, first spelling of each key kept.

    Control characters and escape sequences are removed and line breaks become
    spaces (:func:`~reader.text_safety.strip_controls`), surrounding whitespace is
    dropped; anything else in a name is kept literally.
    """
    pairs: dict[str, str] = {}
    for raw in names:
        name = strip_controls(raw, one_line=True).strip()
        if not name:
            raise ReaderError("a tag cannot be empty")
        if len(name) > MAX_TAG_CHARS:
            raise ReaderError(f"a tag can be at most {MAX_TAG_CHARS} characters long")
        pairs.setdefault(tag_key(name), name)
    return [(name, key) for key, name in pairs.items()]


def tag_color(key: str) -> str:
    """A palette colour that is the same for a tag key on every run and machine."""
    digest = hashlib.blake2b(key.encode("utf-8"), digest_size=4).digest()
    return PALETTE[int.from_bytes(digest, "big") % len(PALETTE)]


def normalize_color(color: str | None) -> str | None:
    """A chosen colour (palette name or ``#rrggbb``), or None to follow the tags."""
    if color is None or not color.strip():
        return None
    value = color.strip().lower()
    if value in PALETTE or _HEX_COLOR.fullmatch(value):
        return value
    raise ReaderError(f"unknown colour {color!r}: use one of {', '.join(PALETTE)} or #rrggbb")


def tags(db: Database) -> list[TagCount]:
    """Every tag on a live annotation, most used first."""
    return [TagCount(name, count, tag_color(key)) for name, key, count in store.tag_counts(db)]


def tag_names(db: Database, prefix: str, limit: int = 20) -> list[str]:
    """Tag names for autocompletion: the prefix matches in either script and any case."""
    return store.tag_names_with_prefix(db, tag_key(prefix) if prefix.strip() else "", limit)


# -- reading -------------------------------------------------------------------------


def _annotation(row: AnnotationRow) -> Annotation:
    color = row.color or (tag_color(row.tags[0][1]) if row.tags else DEFAULT_COLOR)
    return Annotation(
        id=row.id,
        article_id=row.article_id,
        version_id=row.version_id,
        start=row.selector.start,
        end=row.selector.end,
        quote=row.selector.exact,
        prefix=row.selector.prefix,
        suffix=row.selector.suffix,
        tags=tuple(name for name, _ in row.tags),
        note=row.note,
        color=color,
        status=row.status,
        created=row.created_at,
        updated=row.updated_at,
        source_iri=row.source_iri,
    )


def _live_row(db: Database, annotation_id: int) -> AnnotationRow:
    row = store.get_row(db, annotation_id)
    if row is None or row.deleted_at is not None:
        raise NotFound(f"no annotation with id {annotation_id}")
    return row


def get_annotation(db: Database, annotation_id: int) -> Annotation:
    """The live annotation with this id; :class:`NotFound` if absent or deleted."""
    return _annotation(_live_row(db, annotation_id))


def _statuses(status: str | Iterable[str] | None) -> list[str] | None:
    if status is None:
        return None
    values = [status] if isinstance(status, str) else list(status)
    known = {s.value for s in AnchorStatus}
    for value in values:
        if value not in known:
            raise ReaderError(f"unknown status {value!r}: use one of {', '.join(sorted(known))}")
    return values


def list_annotations(
    db: Database,
    article_ids: Iterable[int] | None = None,
    tags: Iterable[str] | None = None,
    status: str | Iterable[str] | None = None,
    text: str | None = None,
) -> list[Annotation]:
    """Live annotations in document order (article, then start).

    ``tags`` keeps annotations carrying any of them (compared by key, so either
    script matches); ``status`` is one status or several; ``text`` keeps those whose
    quote or note contains it (see :func:`text_matcher`). Filters combine.
    """
    keys = None if tags is None else [key for key in map(tag_key, tags) if key]
    rows = store.list_rows(db, article_ids=article_ids, tag_keys=keys, statuses=_statuses(status))
    found = [_annotation(row) for row in rows]
    if text is not None and text.strip():
        matches = text_matcher(text)
        found = [annotation for annotation in found if matches(annotation)]
    return found


def text_matcher(text: str) -> Callable[[Annotation], bool]:
    """A test for "the quote or the note contains ``text``", as article search compares:
    both sides folded (traditional to simplified, case, width), so 馬斯克 finds 马斯克
    and ＧＰＴ finds gpt. Runs of whitespace count as one space on both sides, since a
    note's line breaks are not something a user types into a filter."""
    query = _one_line(fold_query(text))

    def matches(annotation: Annotation) -> bool:
        return any(query in _folded_line(field) for field in (annotation.quote, annotation.note))

    return matches


@functools.lru_cache(maxsize=65_536)
def _folded_line(field: str) -> str:
    """A quote's or note's fold on one line, kept: the all-annotations view filters
    again at every keystroke, and folding 10,000 annotations costs about 50 ms."""
    return _one_line(fold_text(field))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def article_annotations(db: Database, article_id: int, version_id: int) -> list[Annotation]:
    """What to highlight in one version of an article (orphans excluded).

    Asked for the current version, it first carries over annotations a re-anchoring
    never reached (the importer saves a version and re-anchors in two transactions;
    a crash between them must not hide annotations from view).
    """
    current = store.current_version_id(db, article_id)
    if version_id == current and store.has_left_behind(db, article_id, current):
        reanchor_article(db, article_id)
    rows = store.list_rows(
        db,
        article_ids=[article_id],
        version_id=version_id,
        statuses=[AnchorStatus.ANCHORED, AnchorStatus.FUZZY],
    )
    return [_annotation(row) for row in rows]


def anchor_history(db: Database, annotation_id: int) -> list[HistoryEntry]:
    """The anchors an annotation had before, oldest first (what moved, and from where)."""
    if store.get_row(db, annotation_id) is None:
        raise NotFound(f"no annotation with id {annotation_id}")
    return store.anchor_history(db, annotation_id)


def revisions(db: Database, annotation_id: int) -> list[Revision]:
    """The notes, tags and colours an annotation had before a merge replaced them,
    oldest first."""
    if store.get_row(db, annotation_id) is None:
        raise NotFound(f"no annotation with id {annotation_id}")
    return store.revisions(db, annotation_id)


# -- creating ------------------------------------------------------------------------


def _source_range(text: str, start: int, end: int, offsets: OffsetMap | None) -> tuple[int, int]:
    """An original-text range from the caller's range, trimmed of surrounding spaces."""
    length = len(text) if offsets is None else offsets.target_length
    if not 0 <= start < end <= length:
        raise ReaderError(f"the range {start}-{end} is not a selection within the text")
    if offsets is not None:
        if offsets.source_length != len(text):
            raise ReaderError("the display map does not belong to this version of the article")
        start, end = offsets.range_to_source(start, end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise ReaderError("nothing to annotate: the selection holds only spaces")
    return start, end


def _version_text(db: Database, article_id: int, version_id: int | None) -> tuple[int, str]:
    """The version to anchor against (the current one by default) and its text."""
    article = article_store.get_article(db, article_id)
    if version_id is None or version_id == article.version_id:
        return article.version_id, article.clean_text
    text = store.version_text(db, article_id, version_id)
    if text is None:
        raise NotFound(f"article {article_id} has no version with id {version_id}")
    return version_id, text


def create_annotation(
    db: Database,
    article_id: int,
    start: int,
    end: int,
    *,
    offsets: OffsetMap | None = None,
    version_id: int | None = None,
    tags: Sequence[str] = (),
    note: str = "",
    color: str | None = None,
) -> Annotation:
    """Annotate ``start``-``end`` of an article and return the saved annotation.

    The range is in original offsets, or in display offsets when ``offsets`` (the map
    from the original to the displayed text) is given. ``version_id`` names the
    version the range was taken from (default: the current one); if the article
    changed meanwhile, the annotation is saved against what the user saw and then
    re-anchored to the current version like every other annotation.
    """
    anchored_version, text = _version_text(db, article_id, version_id)
    first, last = _source_range(text, start, end, offsets)
    selector = select(text, first, last)
    tag_pairs = normalize_tags(tags)
    chosen_color = normalize_color(color)
    stamp = now_iso()
    with store_errors(db), write_transaction(db):
        annotation_id = store.insert_annotation(
            db, article_id, anchored_version, selector, normalize_note(note), chosen_color, stamp
        )
        store.set_tags(db, annotation_id, tag_pairs, stamp)
        current = store.current_version_id(db, article_id)
    if current != anchored_version:
        reanchor_article(db, article_id)
    return get_annotation(db, annotation_id)


def create_from_quote(
    db: Database,
    article_id: int,
    quote: str,
    *,
    occurrence: int | None = None,
    tags: Sequence[str] = (),
    note: str = "",
    color: str | None = None,
) -> Annotation:
    """Annotate the passage matching ``quote``, typed in either script.

    A quote found several times needs ``occurrence`` (1-based): picking one silently
    could put the annotation on the wrong words.
    """
    article = article_store.get_article(db, article_id)
    hits = find_in_text(article.clean_text, quote)
    if not hits:
        raise ReaderError(f"quote {quote.strip()!r} is not in article {article_id}")
    count = len(hits)
    times = "once" if count == 1 else f"{count} times"
    if occurrence is None:
        if count > 1:
            raise ReaderError(
                f"quote {quote.strip()!r} occurs {times} in article {article_id}: "
                f"choose an occurrence from 1 to {count}"
            )
        occurrence = 1
    if not 1 <= occurrence <= count:
        raise ReaderError(
            f"occurrence {occurrence} does not exist: quote {quote.strip()!r} occurs {times} "
            f"in article {article_id}"
        )
    start, end = hits[occurrence - 1]
    return create_annotation(
        db,
        article_id,
        start,
        end,
        version_id=article.version_id,
        tags=tags,
        note=note,
        color=color,
    )


# -- editing -------------------------------------------------------------------------


def update_annotation(
    db: Database,
    annotation_id: int,
    *,
    note: str | None = None,
    tags: Sequence[str] | None = None,
    color: str | Keep | None = KEEP,
) -> Annotation:
    """Change the note, the tags (replacing them all) and/or the colour.

    ``None`` leaves the note or tags as they are; ``color=None`` goes back to the
    first tag's colour, ``KEEP`` (the default) leaves it.
    """
    tag_pairs = None if tags is None else normalize_tags(tags)
    fields: dict[str, object] = {}
    if note is not None:
        fields["note"] = normalize_note(note)
    if color is not KEEP:
        fields["color"] = normalize_color(color)
    stamp = now_iso()
    with store_errors(db), write_transaction(db):
        _live_row(db, annotation_id)
        store.update_fields(db, annotation_id, fields, stamp)
        if tag_pairs is not None:
            store.set_tags(db, annotation_id, tag_pairs, stamp)
    return get_annotation(db, annotation_id)


def delete_annotation(db: Database, annotation_id: int) -> None:
    """Delete softly: the annotation disappears everywhere but :func:`restore_annotation`
    brings it back whole."""
    with store_errors(db), write_transaction(db):
        _live_row(db, annotation_id)
        store.set_deleted(db, annotation_id, now_iso())


def restore_annotation(db: Database, annotation_id: int) -> Annotation:
    """Undo a deletion (a live annotation is returned as it is)."""
    with store_errors(db), write_transaction(db):
        if store.get_row(db, annotation_id) is None:
            raise NotFound(f"no annotation with id {annotation_id}")
        store.set_deleted(db, annotation_id, None)
    return get_annotation(db, annotation_id)


def reattach(
    db: Database,
    annotation_id: int,
    start: int,
    end: int,
    *,
    offsets: OffsetMap | None = None,
) -> Annotation:
    """Anchor an annotation by hand to ``start``-``end`` of its article's current version
    (display offsets if ``offsets`` is given): how an orphan or a doubtful fuzzy match
    is settled. The previous anchor goes to the history."""
    with store_errors(db), write_transaction(db):
        row = _live_row(db, annotation_id)
        article = article_store.get_article(db, row.article_id)
        first, last = _source_range(article.clean_text, start, end, offsets)
        old = store.StoredAnchor(row.id, row.version_id, row.selector, row.status)
        selector = select(article.clean_text, first, last)
        stamp = now_iso()
        store.replace_anchor(
            db, old, article.version_id, selector, AnchorStatus.ANCHORED, "reattach", stamp
        )
        store.update_fields(db, annotation_id, {}, stamp)
    return get_annotation(db, annotation_id)


# -- new versions --------------------------------------------------------------------


def reanchor_article(db: Database, article_id: int) -> ReanchorReport:
    """Carry every annotation of an article over to its current version.

    Called when an import adds a version; safe to call any time (annotations already
    on the current version are left alone). Matching runs before the write lock is
    taken; the results are then written in one transaction, each guarded against a
    change another process made meanwhile. A fuzzy annotation stays flagged fuzzy
    until someone re-attaches it, even if a later version matches it exactly.
    """
    article = article_store.get_article(db, article_id)
    stale = store.stale_anchors(db, article_id, article.version_id)
    if not stale:
        return ReanchorReport()
    by_version: dict[int, list[store.StoredAnchor]] = {}
    for anchor in stale:
        by_version.setdefault(anchor.version_id, []).append(anchor)
    results: list[tuple[store.StoredAnchor, Reanchored]] = []
    for version_id, anchors in by_version.items():
        old_text = article_store.get_version_text(db, version_id)
        found = reanchor_all([a.selector for a in anchors], old_text, article.clean_text)
        results.extend(zip(anchors, found, strict=True))
    counts: Counter[Outcome] = Counter()
    stamp = now_iso()
    with store_errors(db), write_transaction(db):
        for old, result in results:
            if result.outcome is Outcome.ORPHANED:
                changed = old.status is AnchorStatus.ORPHANED or store.replace_anchor(
                    db, old, old.version_id, old.selector, AnchorStatus.ORPHANED, "reanchor", stamp
                )
            else:
                status = result.outcome.status
                if old.status is AnchorStatus.FUZZY:
                    status = AnchorStatus.FUZZY
                changed = store.replace_anchor(
                    db, old, article.version_id, result.selector, status, "reanchor", stamp
                )
            if changed:
                counts[result.outcome] += 1
    return ReanchorReport(
        kept=counts[Outcome.KEPT],
        moved=counts[Outcome.MOVED],
        fuzzy=counts[Outcome.FUZZY],
        orphaned=counts[Outcome.ORPHANED],
    )
