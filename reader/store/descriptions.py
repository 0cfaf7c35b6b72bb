"""One line about every table of the schema, for the schema document and Datasette.

Kept next to the migrations: a migration that adds a table adds its line here, and
``tests/test_schema_doc.py`` fails until it does (and until ``docs/schema.md`` is
regenerated). The migrations' docstrings say why a table is shaped as it is; these
lines say what a row is, for someone browsing the file. Views describe themselves in
:mod:`reader.store.views`.
"""

from __future__ import annotations

from reader.store.views import VIEWS

TABLES: dict[str, str] = {
    "articles": "One row per article, identified by its file path (or feed item); "
    "points at its current version and says when it was first read.",
    "article_versions": "Every distinct content an article has had, kept for ever: the "
    "decoded and cleaned text, title, source, author, date, url and script.",
    "search_trigrams": "Full-text index (FTS5, trigram, detail=none, contentless) of each "
    "article's folded text, keyed by article id; search it with the search_articles query, "
    "not MATCH.",
    "search_terms": "The trigrams of search_trigrams (fts5vocab): how a one- or two-character "
    "query finds its articles.",
    "search_term_instances": "The trigrams of search_trigrams with each article holding "
    "them (fts5vocab, instance): how a short query lists the trigrams it starts quickly.",
    "layout_conversion": "Progress of converting an older database to the compact layout, "
    "batch by batch (present only while a conversion is unfinished).",
    "file_signatures": "The stat signature (size, times, inode, device) of each imported "
    "file when its bytes were hashed, so an unchanged file is re-imported without reading it.",
    "settings": "Key-value settings the reader remembers between runs.",
    "annotations": "A highlighted passage of one article version (position and quote "
    "selectors), its note, colour, anchoring status and IRI; soft-deleted with deleted_at.",
    "annotation_anchor_history": "Every anchor an annotation had before a new article "
    "version moved or orphaned it.",
    "annotation_revisions": "Earlier notes, tags and colours of an annotation that an "
    "import replaced.",
    "tags": "Tags, one per fold (script, case and width removed), under the spelling first seen.",
    "annotation_tags": "Which tags an annotation carries, in the order the user gave them.",
    "entity_analyses": "Which analyser ran on a text (by content hash, under a small id "
    "the occurrences refer to), so no text is analysed twice.",
    "entity_occurrences": "Each entity mention found in an analysed text: its offset and "
    "length, its form, and (in a text some article shows now) the entity it resolves to "
    "after curation: an article's mentions are its current text's occurrences.",
    "entity_forms": "Each distinct (surface key, linking key, kind, surface) an occurrence "
    "was found as, stored once.",
    "entity_key_texts": "How many cached analysed texts write each linking key, kept as "
    "occurrences are written (spreading takes out the texts no longer current).",
    "entity_form_counts": "How often each form is written over the cached analysed texts, "
    "and in how many texts it is declared an abbreviation; kept as occurrences are written.",
    "entity_layout_conversion": "Progress of moving an older database's entity occurrences "
    "and mentions to the compact layout (present only while that is unfinished).",
    "entity_mentions_old": "Entity mentions of an older database not yet moved to the "
    "compact layout (present only while that is unfinished).",
    "entity_occurrences_old": "Entity occurrences of an older database not yet moved to "
    "the compact layout (present only while that is unfinished).",
    "entities": "The entity registry: one row per canonical key ever seen (never deleted, "
    "so ids are stable), with article and mention counts and the shown name folded.",
    "entity_curation": "What the user chose for an entity: a name, a kind, hidden, or "
    "merged into another entity.",
    "entity_name_curation": "Names the user assigned to an entity (an alias or a split).",
    "entity_texts": "Which version's text (its hash and analysed text's id) and analyser "
    "each article's mentions come from.",
    "entity_surfaces": "How often each entity is written each way, per kind.",
    "review_cards": "FSRS memory state of each annotation that has been reviewed.",
    "review_log": "Every review grade, with the card's state before it (for undo and retention).",
    "review_skips": "Cards buried until a time without changing their schedule.",
    "feeds": "Feeds the user subscribed to and what the last check of each learnt.",
    "discovered_names": "Names discovery found in the corpus itself (with their kind, how "
    "many texts write them and the cue that made them names) and the strings it rejected.",
    "feed_files": "Fingerprints of the feed files imported, so an unchanged file is skipped.",
}


def describe(name: str) -> str | None:
    """The line about table or view ``name``, or None if it has none."""
    if name in VIEWS:
        return VIEWS[name][0]
    return TABLES.get(name)
