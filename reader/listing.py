"""The article list as the user narrows it, and what has been read.

An :class:`~reader.models.ArticleFilter` says what the user asked for in their own
words (an outlet in either script, a feed's name, a tag as typed, days); this module
turns it into the store's exact conditions, so both shells filter alike. Opening an
article marks it read; the user can mark it unread again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from reader.errors import ReaderError
from reader.models import ArticleFilter, ArticleSummary
from reader.store import articles as article_store
from reader.store.database import Database


def parse_day(value: str) -> str:
    """An ISO day (``2024-03-05``) from what the user typed; a one-line error if it is
    not one."""
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ReaderError(f"not a date (YYYY-MM-DD): {value!r}") from None


def parse_day_range(text: str) -> tuple[str | None, str | None]:
    """``FROM..UNTIL`` as typed (either side may be empty; one day alone is that day)
    as ISO days; a bad day or an empty range is a one-line :class:`ReaderError`."""
    since_text, dots, until_text = text.partition("..")
    if not dots:
        until_text = since_text
    since = parse_day(since_text) if since_text.strip() else None
    until = parse_day(until_text) if until_text.strip() else None
    if since is None and until is None:
        raise ReaderError("no day given (YYYY-MM-DD..YYYY-MM-DD)")
    if since and until and since > until:
        raise ReaderError(f"the start day {since} is after the end day {until}")
    return since, until


def list_articles(
    db: Database, article_filter: ArticleFilter | None = None, *, limit: int | None = None
) -> list[ArticleSummary]:
    """The articles ``article_filter`` keeps, newest first (all of them without one).

    An unknown feed name or a bad day is a one-line :class:`ReaderError`; an outlet
    or tag that nothing matches gives an empty list.
    """
    if article_filter is None or article_filter.is_empty:
        return article_store.list_articles(db, limit=limit)
    since = article_filter.since and parse_day(article_filter.since)
    until = article_filter.until and parse_day(article_filter.until)
    if since and until and since > until:
        raise ReaderError(f"the start day {since} is after the end day {until}")
    path_prefix = None
    if article_filter.feed is not None:
        from reader.store.feeds import get_subscription

        path_prefix = get_subscription(db, article_filter.feed).url + "#"
    tag_key = None
    if article_filter.tag is not None:
        from reader.annotations import tag_key as key_of

        tag_key = key_of(article_filter.tag)
        if not tag_key:
            raise ReaderError("empty tag")
    return article_store.list_articles(
        db,
        limit=limit,
        unread=article_filter.unread,
        sources=None
        if article_filter.source is None
        else matching_sources(db, article_filter.source),
        path_prefix=path_prefix,
        script=None if article_filter.script is None else article_filter.script.value,
        since=since or None,
        until=until or None,
        tag_key=tag_key,
    )


def matching_sources(db: Database, query: str) -> list[str]:
    """The outlets whose name contains ``query`` whatever the script, case or width."""
    from reader.folding import fold_text

    wanted = " ".join(fold_text(query).split())
    if not wanted:
        raise ReaderError("empty outlet name")
    return [name for name in article_store.sources(db) if wanted in fold_text(name)]


def mark_read(db: Database, article_ids: Iterable[int], read: bool = True) -> None:
    """Mark articles read or unread; an unknown id changes nothing and is an error."""
    article_store.set_read(db, article_ids, read)


def count_unread(db: Database) -> int:
    return article_store.count_unread(db)


@dataclass(frozen=True)
class FilterChoices:
    """What the list can be narrowed to: the outlets, feeds and tags the store holds."""

    sources: list[str]
    feeds: list[str]
    tags: list[str]


def filter_choices(db: Database) -> FilterChoices:
    from reader.annotations import tags
    from reader.store.feeds import list_subscriptions

    return FilterChoices(
        sources=article_store.sources(db),
        feeds=[subscription.name for subscription in list_subscriptions(db)],
        tags=[tag.name for tag in tags(db)],
    )
