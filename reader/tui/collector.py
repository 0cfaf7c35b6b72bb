"""Full garbage collections while the reader waits for the user, not during a key.

Traced at 100,000 articles (bench/README.md, "Keys at 100,000"), the keys' p95
outliers were full (generation 2) collections: 25–90 ms of CPU each, against 6–15 ms
for the key itself. Each repaint makes hundreds of Textual strips (every strip holds
seven small caches, all tracked by the collector), so the allocation counter starts a
young collection every few keys and a full one every few dozen, which then walks
every long-lived container the interface holds (tens of thousands of cached strips,
more in a long session) during whatever key happens to trip it.

:class:`IdleCollector` moves that work to when nothing is asked of the reader: the
automatic full collection is made rare (:data:`RARE_FULL`, a safety net for a user
who never pauses), and a full collection runs once input has been quiet for
:attr:`IdleCollector.quiet` seconds and young collections have promoted anything
since the last one. Young collections (well under a millisecond) stay automatic.

Quiet input is not an idle process: at start-up the workers sync and analyse while
the user reads the list, promoting objects all the time. CPython keeps full
collections to a bounded share of the time (one only when the old generation has
grown by a quarter); the idle collection keeps its own bound instead: it waits at
least :data:`BUDGET` times as long as the last one took, so collecting never takes
more than about 1/:data:`BUDGET` of the time, however big the heap.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

#: The collector's third threshold while the app runs: a full collection after this
#: many generation-1 collections rather than CPython's 10 (so ten times rarer
#: when the user never pauses; the idle collection resets the count).
RARE_FULL = 100
#: An idle collection waits at least this many times as long as the last one took.
BUDGET = 20


class IdleCollector:
    """Runs the full collections when input is quiet; see the module docstring."""

    #: Seconds without a key or a mouse event before a full collection: a reader's
    #: pause (held keys repeat every 30–50 ms, keys pressed one by one come 100–200 ms
    #: apart).
    quiet = 0.5
    #: How often the app asks :meth:`tick` whether the moment has come.
    interval = 0.25

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._last_input = clock()
        self._saved: tuple[int, int, int] | None = None
        #: When the last idle collection ended, and how long it took.
        self._done = float("-inf")
        self._cost = 0.0
        #: Full collections run by :meth:`tick` (for tests and the bench).
        self.collections = 0

    def install(self) -> None:
        """Make the automatic full collection rare (undone by :meth:`uninstall`)."""
        if self._saved is None:
            self._saved = gc.get_threshold()
            young, middle, _ = self._saved
            gc.set_threshold(young, middle, RARE_FULL)

    def uninstall(self) -> None:
        """Put back the thresholds found by :meth:`install`."""
        if self._saved is not None:
            gc.set_threshold(*self._saved)
            self._saved = None

    def input_seen(self) -> None:
        """A key or a mouse event arrived: the user is busy, collections wait."""
        self._last_input = self._clock()

    def due(self) -> bool:
        """Whether a full collection has anything new to look at: a generation-1
        collection has promoted objects to the old generation since the last one."""
        return gc.get_count()[2] > 0

    def tick(self) -> bool:
        """Collect fully if input has been quiet long enough, it is due, and the
        last collection is far enough behind (:data:`BUDGET`); whether it did."""
        now = self._clock()
        if now - self._last_input < self.quiet or now - self._done < BUDGET * self._cost:
            return False
        if not self.due():
            return False
        gc.collect()
        self._done = self._clock()
        self._cost = self._done - now
        self.collections += 1
        return True
