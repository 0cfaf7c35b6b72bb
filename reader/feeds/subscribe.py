"""Adding a subscription: the address checked, a name chosen when none is given."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from reader.errors import ReaderError
from reader.feeds.fetch import check_url
from reader.store import feeds as feed_store
from reader.store.database import Database
from reader.store.feeds import Subscription

_NAME_MAX = 60
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


def subscribe(
    db: Database, url: str, name: str | None = None, *, pages: bool = False
) -> Subscription:
    """Subscribe to ``url`` as ``name`` (default: the site's host name, numbered if
    taken); ``pages``: fetch the page of each item that carries only a summary.
    Nothing is fetched now: ``reader feeds update`` does that."""
    url = check_url(url)
    if name is not None:
        name = " ".join(_UNSAFE.sub(" ", name).split())
        if not name:
            raise ReaderError("a feed name cannot be empty")
        if len(name) > _NAME_MAX:
            raise ReaderError(f"a feed name has at most {_NAME_MAX} characters")
        return feed_store.add_subscription(db, name, url, pages=pages)
    host = (urlsplit(url).hostname or "feed").removeprefix("www.")
    taken = {subscription.name for subscription in feed_store.list_subscriptions(db)}
    candidate, number = host, 1
    while candidate in taken:
        number += 1
        candidate = f"{host}-{number}"
    return feed_store.add_subscription(db, candidate, url, pages=pages)
