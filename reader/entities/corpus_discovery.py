"""Discovery run on the stored corpus, kept in step with it as articles arrive.

Discovery (:mod:`reader.entities.discovery`) reads the newest current texts, up to a
budget of characters; it takes a few seconds on a corpus of a thousand articles, so it
runs only when the texts it reads changed since the stored result
(:mod:`reader.store.discovered`), and its result is stored. The caller compares the
names it spreads with those it spread before, so only the texts a change touches are
analysed again.
"""

from __future__ import annotations

from reader.entities.debris import mask_debris
from reader.entities.discovery import discover
from reader.entities.identity import DISCOVERY_VERSION
from reader.folding import fold_text
from reader.heap import release_free_heap
from reader.segmentation import word_tag_table
from reader.store import corpus_names, discovered
from reader.store.database import Database

#: Discovery reads at most this many characters of the newest texts: about 10 s of
#: one core, and a bounded n-gram table, whatever the size of the corpus.
CHAR_BUDGET = 3_000_000

#: ... and at most this many texts (each is one bound parameter of the text query).
TEXT_LIMIT = 20_000


def corpus_discovery(db: Database, char_budget: int = CHAR_BUDGET) -> discovered.StoredDiscovery:
    """The names discovered in the newest current texts (``char_budget`` characters of
    them), recomputed only if those texts changed."""
    shas = discovered.newest_texts(db, char_budget, TEXT_LIMIT)
    digest = discovered.corpus_digest(shas, DISCOVERY_VERSION)
    if discovered.stored_digest(db) == digest:
        return discovered.load(db)
    # jieba, which discovery's cues consult, loaded before the n-gram tables are built:
    # its load's transient (re-keying the tag table) then does not add to theirs
    word_tag_table()
    texts = (fold_text(mask_debris(text)) for _sha, text in corpus_names.current_texts(db, shas))
    found = discover(texts)
    result = discovered.StoredDiscovery(
        {name.name: (name.kind.value, name.texts, name.cue) for name in found.names.values()},
        found.rejected,
    )
    del found, texts
    # the n-gram tables are gone, but their pages stay in the C heap until trimmed
    # (about 30 MB at 100,000 articles, never reused by the names held next)
    release_free_heap()
    discovered.save(db, digest, result)
    return result
