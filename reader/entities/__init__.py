"""Named entities: who and what each article mentions, linked across articles and scripts.

``extract`` finds candidate mentions in one text, ``evidence`` decides what kind of
thing each is, ``references`` links the names of one article (surnames, glosses,
declared abbreviations) and drops what names nobody, ``linking`` decides when two names
are one, ``analysis`` runs it all over the store (cached, in a process pool for bulk
imports); the queries and curation the TUI needs are in :mod:`reader.store.entities`.
"""
