"""Who the analyser is, and whether a store has anything left for it to do, known
without loading it.

The analysis cache is keyed on the analyser's identity (:func:`analyzer_id`): its code
version, the digests of the word lists and of the tagger's model it loads, jieba's
and OpenCC's versions. Everything that id covers is read here from version constants and the data
files' bytes, never by importing jieba or building the lexicon, so the interface can
tell at start-up, in a few milliseconds, that a store needs no analysis
(:func:`analysis_pending`) and start no analysis process at all: that process cost
~0.7 s of CPU and ~60 MB at every start, for nothing when nothing was new.

:func:`analysis_pending` asks exactly what
:func:`~reader.entities.analysis.analyze_pending` would act on: texts not analysed by
this analyser, articles whose mentions are not from their current text so analysed, a
spreading whose marker (:func:`spread_marker`) is not the current one.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import metadata, resources

from reader.entities.lexicon import data_digest
from reader.store import entities as entity_store
from reader.store import schema
from reader.store.database import Database
from reader.store.settings import get_setting

#: Bump when extraction changes in a way the word lists do not show (7: forms of address
#: no longer join public figures; nested suffix spans resolved; 8: Hong Kong forms fold,
#: counted common nouns, 及 in an office's remit, kinds of centres and supermarkets; 9: the
#: transliteration a Latin full name glosses, glosses declared, bracketed credit lines).
ANALYZER_VERSION = 9
#: Bump when discovery (:mod:`reader.entities.discovery`) changes, so a stored result
#: is recomputed and the names are spread again.
DISCOVERY_VERSION = "4"
#: What the last completed spreading read (see :func:`spread_marker`): with nothing
#: new since, start-up skips reading every occurrence of the corpus (19 M at 100,000
#: articles) to find the same recurring names again.
SPREAD_MARKER = "entities.spread_marker"


#: The data files the analyser loads besides the word lists (those are
#: :data:`~reader.entities.lexicon.DATA_FILES`): the tagger's model, named as
#: :data:`reader.entities.tagger.MODEL_FILE` names it (that module imports numpy, so it
#: is not imported here; a test changes every data file of the package in turn).
MODEL_FILES = ("tagger.crfsuite",)


@cache
def analyzer_id() -> str:
    """Identity of this analyser; a cached analysis by another one is redone."""
    lists, models = data_digest()[:16], model_digest()[:12]
    versions = f"jieba-{jieba_version()}:opencc-{opencc_version()}"
    return f"{ANALYZER_VERSION}:{lists}:tagger-{models}:{versions}"


@cache
def model_digest() -> str:
    """Digest of the bytes of :data:`MODEL_FILES`: a retrained tagger re-analyses."""
    digest = hashlib.sha256()
    for name in MODEL_FILES:
        digest.update(resources.files("reader.entities").joinpath(name).read_bytes())
    return digest.hexdigest()


def jieba_version() -> str:
    """jieba's version as its distribution records it, which is its ``__version__``
    (a test checks), read without importing it."""
    return _version("jieba")


def opencc_version() -> str:
    """OpenCC's version, read the same way: names are linked across scripts on its
    conversion, so another OpenCC may link them otherwise."""
    return _version("opencc")


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:  # a copy without metadata: ask it
        import importlib

        return str(importlib.import_module(name).__version__)


def spread_marker(analyzer: str, shas: list[str]) -> str:
    """What spreading read, in a line: the analyser, discovery's version and the set of
    current texts. Every input of
    :func:`~reader.entities.analysis.spread_corpus_names` (the analyses of the current
    texts, discovery over the newest of them) follows from these, so the same marker
    means a call would find nothing to change."""
    digest = hashlib.sha256(f"{analyzer}\n{DISCOVERY_VERSION}\n".encode())
    for sha in shas:
        digest.update(sha.encode("ascii"))
    return digest.hexdigest()


def analysis_pending(db: Database) -> bool:
    """Whether :func:`~reader.entities.analysis.analyze_pending` would do anything on
    ``db``: index reads only (texts, articles, one setting), no text read. A store at
    another schema than this reader's is said to be pending: the analysis then opens
    it and says in its own words what is wrong (a newer reader upgraded it)."""
    if schema.current_version(db) != schema.LATEST_VERSION:
        return True
    analyzer = analyzer_id()
    shas, done = entity_store.current_analysis(db, analyzer)
    return not done or get_setting(db, SPREAD_MARKER) != spread_marker(analyzer, shas)
