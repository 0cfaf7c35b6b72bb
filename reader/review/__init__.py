"""Spaced review of annotations: each annotation is a card scheduled by FSRS.

- :mod:`~reader.review.clock`: what "now" and "tomorrow" mean (an injected clock).
- :mod:`~reader.review.scheduler`: the FSRS wrapper (grades in, next state out).
- :mod:`~reader.review.filters`: which annotations a session reviews.
- :mod:`~reader.review.passage`: the quote inside its paragraph, in any script.
- :mod:`~reader.review.deck`: the session's storage (SQLite and the annotation core).
- :mod:`~reader.review.session`: the queue, the undo stack and the summary.
- :mod:`~reader.review.stats`: reviews per day, retention and the due forecast.

Nothing here imports Textual; the screen lives in :mod:`reader.tui.screens.review`.
"""
