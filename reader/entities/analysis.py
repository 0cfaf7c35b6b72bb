"""The entity pipeline: analyse every current text not yet analysed, then link.

Analysis output is cached by content hash with the analyser's identity (code version,
shipped word lists, the tagger's model, jieba version: :mod:`reader.entities.identity`,
which knows it without loading any of them), so unchanged texts are never analysed twice
and a new dictionary re-analyses everything once. A bulk import is spread over a pool of
worker processes (both cores), each of which ends when its parent dies, however it
dies; a few texts are analysed in-process, since starting a worker costs more than it
saves. Workers are started with ``spawn``: forking a process that runs threads (the
TUI calls this from a worker thread) is unsafe. Results are written by the calling
thread in small transactions, so a reader sees entities appear batch by batch and a
writer elsewhere is never locked out for long.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass

from reader.entities.corpus_discovery import corpus_discovery
from reader.entities.corpus_spread import spread_text
from reader.entities.discovery import ABBREVIATION
from reader.entities.extract import extract, warm_up
from reader.entities.generic import dictionary_noun
from reader.entities.glosses import gloss_links
from reader.entities.identity import SPREAD_MARKER, analyzer_id, spread_marker
from reader.entities.lexicon import lexicon
from reader.entities.lifeline import follow_parent
from reader.entities.linking import normalise_key
from reader.entities.offices import glued_word, reads_as_name_or_office
from reader.entities.short_forms import with_short_forms
from reader.entities.spreading import NameIndex
from reader.folding import fold_text
from reader.heap import release_free_heap
from reader.segmentation import word_tag_table
from reader.store import corpus_names
from reader.store import entities as entity_store
from reader.store.database import Database, store_errors, write_transaction
from reader.store.discovered import StoredDiscovery
from reader.store.entities import counts as entity_counts
from reader.store.settings import get_setting, set_setting

#: Texts per task sent to a worker, and per write transaction.
BATCH = 16
#: Below this many pending texts the pool is not worth starting: a worker takes a
#: couple of seconds to start (Python, jieba's dictionary), a text about 25 ms.
POOL_THRESHOLD = 300

#: A name found in this many texts is the corpus's own: spread to every text writing it.
CORPUS_TEXTS = 2
SPREAD_SETTING = "entities.spread_names"
#: Texts read per query while spreading; their changes are written before the next.
SPREAD_CHUNK = 64
_HAN_NAME = re.compile(r"[\u3400-\u9fff]{2,}")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class AnalysisReport:
    #: Distinct texts analysed (cache misses).
    analysed: int
    #: Articles whose mentions were (re)built.
    articles: int
    #: Worker processes used (1: in-process).
    processes: int


def analyse_text(text: str) -> list[entity_store.Occurrence]:
    """The mentions in one text, as stored (runs in worker processes too)."""
    return [
        (c.start, c.end, c.surface, c.surface_key, c.key, c.kind.value, int(c.declared))
        for c in extract(text)
    ]


def _analyse_batch(texts: list[str]) -> list[list[entity_store.Occurrence]]:
    return [analyse_text(text) for text in texts]


def _start_worker(parent_pid: int) -> None:
    """A pool worker's first act: end with its parent (see :mod:`.lifeline`), then load
    what analysis needs."""
    follow_parent(parent_pid)
    warm_up()


def analyze_pending(
    db: Database, processes: int | None = None, progress: Progress | None = None
) -> AnalysisReport:
    """Analyse every current article version not analysed yet, and link the mentions.

    ``processes``: None chooses (a pool over all cores for a bulk import, in-process
    for a few texts); 1 forces in-process; more forces a pool of that size.
    ``progress(done, total)`` is called after each batch of texts. Safe to call from
    a worker thread with its own connection.
    """
    analyzer = analyzer_id()
    pending = entity_store.pending_texts(db, analyzer)
    workers = _workers(processes, len(pending))
    total = len(pending)
    articles = 0
    batches = [pending[i : i + BATCH] for i in range(0, total, BATCH)]
    done = 0
    for batch, results in _run(db, batches, workers):
        with store_errors(db), write_transaction(db):
            for (sha, _version), occurrences in zip(batch, results, strict=True):
                entity_store.save_analysis(db, sha, analyzer, occurrences)
            stale = entity_store.stale_articles(db, analyzer, [sha for sha, _ in batch])
            entity_store.rebuild_mentions(db, entity_store.Resolver(db), stale, analyzer)
        articles += len(stale)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    articles += spread_corpus_names(db, analyzer, {sha for sha, _ in pending})
    remaining = entity_store.stale_articles(db, analyzer)
    if remaining:
        with store_errors(db), write_transaction(db):
            entity_store.rebuild_mentions(db, entity_store.Resolver(db), remaining, analyzer)
        articles += len(remaining)
    return AnalysisReport(total, articles, workers)


def spread_corpus_names(db: Database, analyzer: str, fresh: set[str]) -> int:
    """Spread the names found in several texts, and the abbreviations any text
    declares, to every text that writes them; a short form of a name (秀湄 of 秀湄区, 鼎沣控股
    of 鼎沣控股集团) is spread and linked as the name (:mod:`reader.entities.short_forms`).

    Texts analysed just now (``fresh``) get every such name; the others only the names
    that became recurring since the last call, so adding articles costs a scan of the
    corpus only when it brings new names. A longer name replaces a shorter one inside
    it (张家明 over 张家) only if it is found in at least half as many texts: a name
    with words glued on (丽景苑居民) must not eat the name itself. Returns the number
    of articles whose mentions were rebuilt.
    """
    current = corpus_names.current_versions(db)
    marker = spread_marker(analyzer, [sha for sha, _version in current])
    if not fresh and get_setting(db, SPREAD_MARKER) == marker:
        return 0  # the same texts, analysed alike, as when the names were last spread
    # jieba (every phase below consults it) loaded before anything is held, so its
    # load's transient (re-keying the tag table, ~15 MB) adds to nothing
    word_tag_table()
    # discovery first: its counts are freed before the recurring names are held
    found = corpus_discovery(db)
    # read from the cache's counts, less the cached texts no longer current
    entity_counts.ensure_counted(db)
    with store_errors(db):
        corrections = entity_counts.Corrections(db, {sha for sha, _version in current})
    names = {
        fold_text(surface): (key, kind, texts)
        for key, (kind, surface, texts) in corpus_names.counted_recurring_names(
            db, CORPUS_TEXTS, corrections, _spreadable
        ).items()
    }
    rejected, kinds, contracted = _add_discovered(found, names)
    with store_errors(db):
        declared = entity_counts.counted_declarations(db, corrections)
        # every organisation key, read through as it comes, never held (35 MB at 100k)
        short = with_short_forms(names, entity_counts.counted_organisations(db, corrections))
    release_free_heap()  # the organisations' groups, freed before the indexes are built
    for form, key in contracted.items():
        short.setdefault(form, key)
    synonyms, synonym_forms = gloss_links(declared, names)
    for surface, key, kind, texts in declared:
        written = fold_text(surface)
        if _HAN_NAME.fullmatch(written) and written not in names:
            # declared for a form the corpus links to a fuller name (足总 of 足球总会,
            # itself 霁川足球总会 without its city): the fuller name's key
            names[written] = (short.get(key, key), kind, texts)
    for written, (key, kind, texts) in names.items():
        if key in synonyms:
            names[written] = (synonyms[key], kind, texts)
    done = get_setting(db, SPREAD_SETTING, {})
    same = done.get("analyzer") == analyzer
    previous = set(done.get("names", [])) if same else set()
    new = [name for name in names if name not in previous]
    newly_rejected = sorted(rejected - set(done.get("rejected", []))) if same else []
    # short forms linked where analysis found them (a word jieba knows is not spread):
    # a text writing one is visited even if it writes no name, and a link the corpus
    # no longer supports (a second 特区政府 came in) is undone by analysing afresh
    links = {f"{form}\t{key}" for form, key in {**short, **synonym_forms}.items()}
    previous_links = set(done.get("links", [])) if same else set()
    gone = {link.split("\t")[0] for link in previous_links - links}
    fresh = fresh | _reanalyse(db, analyzer, (previous - set(names)) | gone, fresh)
    changed: list[tuple[str, list[entity_store.Occurrence]]] = []
    every, refresh = NameIndex(names), NameIndex(newly_rejected)
    # every name new (the first spread, an analyser bump): one index, not two alike
    recent = every if len(new) == len(names) else NameIndex(new)
    linked = NameIndex({**short, **synonym_forms})
    recently_linked = NameIndex(link.split("\t")[0] for link in links - previous_links)
    everywhere = bool(new or newly_rejected or links - previous_links)
    common = NameIndex(word for word in rejected if dictionary_noun(word))
    public = {key for key, _kind, _texts in names.values()}
    articles = 0
    # a chunk of texts read, then its changes written (never the whole corpus's changes
    # held at once: at 100,000 articles that was hundreds of MB)
    visit = current if everywhere else [(sha, v) for sha, v in current if sha in fresh]
    for start in range(0, len(visit), SPREAD_CHUNK):
        chunk = visit[start : start + SPREAD_CHUNK]
        for (sha, _version), text in zip(chunk, _texts(db, chunk), strict=True):
            folded = fold_text(text)
            whole = sha in fresh or bool(newly_rejected and refresh.present(folded))
            present = (every if whole else recent).present(folded)
            if (
                not present
                and not (linked if whole else recently_linked).present(folded)
                and not (whole and common.present(folded))
            ):
                continue
            occurrences = corpus_names.occurrences(db, sha)
            spreading = {n: names[n] for n in present}
            spread = spread_text(
                text,
                folded,
                occurrences,
                spreading,
                names,
                rejected,
                kinds,
                short,
                synonyms,
                public,
            )
            if spread is not None:
                changed.append((sha, spread))
        if len(changed) >= BATCH or start + SPREAD_CHUNK >= len(visit):
            articles += _save_spread(db, analyzer, changed)
            changed = []
    if new or newly_rejected or not same or set(names) != previous or links != previous_links:
        set_setting(
            db,
            SPREAD_SETTING,
            {
                "analyzer": analyzer,
                "names": sorted(names),
                "rejected": sorted(rejected),
                "links": sorted(links),
            },
        )
    set_setting(db, SPREAD_MARKER, marker)
    return articles


def _save_spread(
    db: Database, analyzer: str, changed: list[tuple[str, list[entity_store.Occurrence]]]
) -> int:
    """Write the spread occurrences, :data:`BATCH` texts a transaction, and rebuild the
    mentions of their articles; returns how many articles."""
    articles = 0
    with store_errors(db):
        resolver = entity_store.Resolver(db)
    for start in range(0, len(changed), BATCH):
        batch = changed[start : start + BATCH]
        with store_errors(db), write_transaction(db):
            for sha, occurrences in batch:
                entity_store.save_analysis(db, sha, analyzer, occurrences)
            stale = corpus_names.articles_of(db, [sha for sha, _ in batch])
            # the declarations as the batch left them, as a resolver made now would
            # read them: the batch's own are resolved in it, not by revisiting others
            resolver.declared = resolver.read_declarations()
            entity_store.rebuild_mentions(db, resolver, stale, analyzer)
        articles += len(stale)
    return articles


def _spreadable(key: str, surface: str) -> bool:
    """Whether a recurring name is spread: written in Han characters, its surface
    folding to its key."""
    written = fold_text(surface)
    return bool(_HAN_NAME.fullmatch(written)) and normalise_key(written) == key


def _add_discovered(
    found: StoredDiscovery, names: dict[str, tuple[str, str, int]]
) -> tuple[set[str], dict[str, str], dict[str, str]]:
    """Add the names discovered in the corpus to ``names`` (folded form → key, kind,
    texts) and take out the recurring strings discovery rejected as fragments or glued
    forms of its names (never a shipped name). Returns the rejected strings, the
    kind of each name discovered by its suffix (evidence before the tagger's guess),
    and the contractions of offices (衞防署 → the key of 衞生防護署), linked like
    declared abbreviations."""
    known = lexicon().kinds
    kinds: dict[str, str] = {}
    contracted: dict[str, str] = {}
    for written, (kind, texts, cue) in found.names.items():
        key = normalise_key(written)
        if key in known:
            continue
        if cue.startswith(ABBREVIATION):
            contracted[written] = normalise_key(cue[len(ABBREVIATION) :])
            names.setdefault(written, (contracted[written], kind, texts))
            continue
        if cue == kind:
            kinds[written] = kind
        if written in names:
            names[written] = (names[written][0], kinds.get(written, names[written][1]), texts)
        else:
            names[written] = (key, kind, texts)
    rejected = {written for written in found.rejected if normalise_key(written) not in known}
    inside = NameIndex(found.names)
    for written, (key, _kind, _texts) in names.items():
        # a phrase holding a discovered name (在 + 秀湄 + 设立援助中心) is no name; nor is
        # an office's name holding another organisation's (汇岭银行 + 东礁分行): the
        # organisation is the name the corpus is about
        discovered = written in found.names or key in known
        held = inside.present(written) if not discovered else []
        kinds_held = [found.names[h][0] for h in held]
        branched = any(
            found.names[h][0] == "organisation" and not written.endswith(h) for h in held
        )
        if held and not reads_as_name_or_office(written, kinds_held, branched):
            rejected.add(written)
        elif any(glued_word(written, h, names[written][2], found.names[h][1]) for h in held):
            rejected.add(written)  # 东道主 + 霁川流星: the name with a word glued before it
    for written in rejected:
        names.pop(written, None)
    return rejected, kinds, contracted


def _reanalyse(db: Database, analyzer: str, removed: set[str], skip: set[str]) -> set[str]:
    """Analyse afresh the texts writing a name no longer spread (the corpus showed it
    to be a fragment of a longer one), since their cached occurrences carry it."""
    if not removed:
        return set()
    gone = NameIndex(removed)
    redo = [
        (sha, text)
        for sha, text in corpus_names.current_texts(db)
        if sha not in skip and gone.present(fold_text(text))
    ]
    for start in range(0, len(redo), BATCH):
        batch = redo[start : start + BATCH]
        with store_errors(db), write_transaction(db):
            for sha, text in batch:
                entity_store.save_analysis(db, sha, analyzer, analyse_text(text))
            stale = corpus_names.articles_of(db, [sha for sha, _ in batch])
            entity_store.rebuild_mentions(db, entity_store.Resolver(db), stale, analyzer)
    return {sha for sha, _ in redo}


def _workers(processes: int | None, pending: int) -> int:
    if processes is not None:
        return max(1, min(processes, pending))
    cores = os.cpu_count() or 1
    return cores if pending >= POOL_THRESHOLD and cores > 1 else 1


def _texts(db: Database, batch: Sequence[tuple[str, int]]) -> list[str]:
    texts = entity_store.version_texts(db, [version for _, version in batch])
    return [texts[version] for _, version in batch]


def _start_resource_tracker() -> None:
    """Start multiprocessing's resource tracker with a real standard error.

    A pool's first process starts the tracker, handing it ``sys.stderr.fileno()``; under
    the TUI ``sys.stderr`` is Textual's capture, whose ``fileno()`` is -1, and the pool
    failed ("bad value(s) in fds_to_keep"): a bulk import made in the interface was
    never analysed. When standard error has no descriptor the tracker gets /dev/null
    (it only prints warnings about leaked semaphores); once running it is reused.
    """
    try:
        usable = sys.stderr is not None and sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False  # io.UnsupportedOperation is both; the tracker skips such a stream
    if usable:
        return
    from multiprocessing import resource_tracker

    captured = sys.stderr
    with open(os.devnull, "w") as null:
        sys.stderr = null
        try:
            resource_tracker.ensure_running()
        finally:
            sys.stderr = captured


def _run(
    db: Database, batches: list[list[tuple[str, int]]], workers: int
) -> Iterator[tuple[list[tuple[str, int]], list[list[entity_store.Occurrence]]]]:
    """Each batch with its results, in order; texts are read by the calling thread."""
    if workers == 1 or len(batches) == 0:
        for batch in batches:
            yield batch, _analyse_batch(_texts(db, batch))
        return
    _start_resource_tracker()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
    ) as pool:
        in_flight: list[tuple[list[tuple[str, int]], Future]] = []
        queue = iter(batches)
        for batch in queue:
            in_flight.append((batch, pool.submit(_analyse_batch, _texts(db, batch))))
            if len(in_flight) >= 2 * workers:
                break
        while in_flight:
            batch, future = in_flight.pop(0)
            following = next(queue, None)
            if following is not None:
                in_flight.append((following, pool.submit(_analyse_batch, _texts(db, following))))
            yield batch, future.result()
