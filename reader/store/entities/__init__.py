"""Entities in the store: analysis cache, mention resolution, panel queries, curation.

Every piece of entity SQL lives here. Analysis output is cached per content hash;
:func:`rebuild_mentions` resolves an article's occurrences to entity ids (alias table,
then the user's curation), kept on the occurrences themselves (an article's mentions
are its current text's occurrences, stored once), and keeps the per-entity counts and
surface forms in step incrementally, so that the TUI's queries are index lookups and a
bulk import does not recount popular entities after every batch.

Curation is stored apart from analysis output (see the schema) and applied whenever a
mention is resolved, so it survives any re-analysis; nothing is ever deleted, only
hidden. Functions taking an entity id accept the id of an entity merged into another
one and act on the entity it was merged into.

The package splits these concerns into modules (:mod:`.records`, :mod:`.cache`,
:mod:`.resolution`, :mod:`.queries`, :mod:`.browsing`, :mod:`.curation`); this module
re-exports their public names, so callers import ``reader.store.entities`` alone.
"""

from __future__ import annotations

from reader.store.entities.browsing import (
    EntityArticle,
    browse_entities,
    count_entities,
    entity_articles,
    entity_names,
)
from reader.store.entities.cache import (
    current_analysis,
    pending_texts,
    save_analysis,
    stale_articles,
    version_texts,
)
from reader.store.entities.curation import (
    add_alias,
    curation_digest,
    hide,
    merge,
    rename,
    set_kind,
    split,
    unhide,
)
from reader.store.entities.queries import (
    article_mentions,
    concordance,
    describe,
    entities_for_article,
    entity_counts,
    entity_counts_for,
    final_id,
    find_entity,
    get_entity,
    list_entities,
    mentions,
    shared_entities,
)
from reader.store.entities.records import (
    ArticleMention,
    ConcordanceGroup,
    ConcordanceLine,
    EntityCounts,
    EntityDetail,
    EntitySummary,
    Mention,
    Occurrence,
)
from reader.store.entities.resolution import (
    Resolver,
    rebuild_mentions,
)

__all__ = [
    "ArticleMention",
    "ConcordanceGroup",
    "ConcordanceLine",
    "EntityArticle",
    "EntityCounts",
    "EntityDetail",
    "EntitySummary",
    "Mention",
    "Occurrence",
    "Resolver",
    "add_alias",
    "article_mentions",
    "browse_entities",
    "concordance",
    "count_entities",
    "curation_digest",
    "current_analysis",
    "describe",
    "entities_for_article",
    "entity_articles",
    "entity_counts",
    "entity_counts_for",
    "entity_names",
    "final_id",
    "find_entity",
    "get_entity",
    "hide",
    "list_entities",
    "mentions",
    "merge",
    "pending_texts",
    "rebuild_mentions",
    "rename",
    "save_analysis",
    "set_kind",
    "shared_entities",
    "split",
    "stale_articles",
    "unhide",
    "version_texts",
]
