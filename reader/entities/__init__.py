"""Named entities: who and what each article mentions, linked across articles and scripts.

``extract`` finds candidate mentions in one text, ``linking`` decides when two names
are one, ``analysis`` runs both over the store (cached, in a process pool for bulk
imports); the queries and curation the TUI needs are in :mod:`reader.store.entities`.
"""
