"""Discovery run on the stored corpus, kept in step with it as articles arrive.

Discovery (:mod:`reader.entities.discovery`) reads every current text; it takes a few
seconds on a corpus of a thousand articles, so it runs only when the set of current
texts changed since the stored result (:mod:`reader.store.discovered`), and its result
is stored. The caller compares the names it spreads with those it spread before, so
only the texts a change touches are analysed again.
"""

from __future__ import annotations

from reader.entities.debris import mask_debris
from reader.entities.discovery import discover
from reader.folding import fold_text
from reader.store import corpus_names, discovered
from reader.store.database import Database

#: Bump when discovery changes, so a stored result is recomputed.
DISCOVERY_VERSION = "1"


def corpus_discovery(db: Database) -> discovered.StoredDiscovery:
    """The names discovered in the current texts, recomputed only if they changed."""
    digest = discovered.corpus_digest(db, DISCOVERY_VERSION)
    if discovered.stored_digest(db) == digest:
        return discovered.load(db)
    texts = (fold_text(mask_debris(text)) for _sha, text in corpus_names.current_texts(db))
    found = discover(texts)
    result = discovered.StoredDiscovery(
        {name.name: (name.kind.value, name.texts, name.cue) for name in found.names.values()},
        found.rejected,
    )
    discovered.save(db, digest, result)
    return result
