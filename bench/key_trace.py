"""Where a key's time goes: garbage collection, Textual's layout, its paint.

A key → paint figure says how long, not why. :class:`KeyTrace` hooks, for the span of
one key (from :meth:`KeyTrace.begin` to :meth:`KeyTrace.end`):

* every garbage collection (``gc.callbacks``): its generation, the CPU time of the
  thread that ran it, and how many objects it freed;
* Textual's layout (``Screen._refresh_layout``: a full reflow, or a scroll-only
  one) and its paint (``Compositor.render_update``), wall time each;
* the lines each widget class rendered again (``StylesCache.render_line``: a line
  not in the widget's cache, or marked dirty), which says whether a key repaints
  the lines it changed or every visible one.

The hooks wrap Textual's private methods, so this is bench code only (nothing in
the app depends on it), and each wrapper costs a few microseconds a call: the
traced run's figures are a little above the untraced one's.
"""

from __future__ import annotations

import gc
import threading
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from textual._compositor import Compositor
from textual._styles_cache import StylesCache
from textual.screen import Screen


@dataclass
class Trace:
    """What happened during one key."""

    # (generation, CPU ms of the collecting thread, objects collected, in a worker)
    collections: list[tuple[int, float, int, bool]] = field(default_factory=list)
    layout_ms: float = 0.0
    reflows: int = 0  # full layouts (widgets placed again)
    scroll_layouts: int = 0  # scroll-only layouts
    paint_ms: float = 0.0
    lines: Counter[str] = field(default_factory=Counter)  # widget class → lines rendered

    @property
    def gc_ms(self) -> float:
        return sum(c[1] for c in self.collections)

    def describe(self) -> str:
        """One line: ``gc 2:31.0ms layout 4.1ms (1 reflow) paint 3.2ms lines ...``."""
        parts = []
        if self.collections:
            young = [c for c in self.collections if c[0] < 2]
            parts.append(f"gc 0-1: {len(young)} in {sum(c[1] for c in young):.1f} ms")
            for _, ms, collected, worker in self.collections:
                if _ == 2:
                    where = " (worker)" if worker else ""
                    parts.append(f"gc 2: {ms:.1f} ms, {collected:,} freed{where}")
        parts.append(
            f"layout {self.layout_ms:.1f} ms ({self.reflows} reflow, {self.scroll_layouts} scroll)"
        )
        parts.append(f"paint {self.paint_ms:.1f} ms")
        if self.lines:
            top = ", ".join(f"{name} {count}" for name, count in self.lines.most_common(6))
            parts.append(f"lines: {top}")
        return "; ".join(parts)


class KeyTrace:
    """Installs the hooks once; :meth:`begin` starts a key's :class:`Trace`."""

    def __init__(self) -> None:
        self.current: Trace | None = None
        self._gc_started = 0.0
        self._gc_cpu = 0.0
        #: (start, paint time so far) of a layout under way: a snapshot taken at its
        #: paint counts the layout's time until then.
        self._layout: tuple[float, float] | None = None
        self._widget: list[str] = []
        #: With a list, each full collection first counts what it is about to walk.
        self.census: list[list[tuple[str, int]]] | None = None
        gc.callbacks.append(self._on_gc)
        self._install()

    def begin(self) -> Trace:
        self.current = Trace()
        return self.current

    def end(self) -> Trace | None:
        trace, self.current = self.current, None
        return trace

    def snapshot(self) -> Trace | None:
        """A copy of the key's trace so far (taken at its paint: what follows the
        paint, before the bench notices it, is not the key's)."""
        trace = self.current
        if trace is None:
            return None
        copy = replace(trace, collections=list(trace.collections), lines=Counter(trace.lines))
        if self._layout is not None:
            started, painted = self._layout
            inner = trace.paint_ms - painted
            copy.layout_ms += (time.perf_counter() - started) * 1000 - inner
            copy.reflows += 1
        return copy

    def close(self) -> None:
        gc.callbacks.remove(self._on_gc)

    def _on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_cpu = time.thread_time()
            if info["generation"] == 2 and self.census is not None:
                self.census.append(
                    Counter(type(o).__name__ for o in gc.get_objects()).most_common(8)
                )
            self._gc_started = time.perf_counter()
        elif self.current is not None:
            ms = (time.thread_time() - self._gc_cpu) * 1000
            worker = threading.current_thread() is not threading.main_thread()
            self.current.collections.append((info["generation"], ms, info["collected"], worker))

    def _install(self) -> None:
        tracer = self
        refresh_layout = Screen._refresh_layout
        render_update = Compositor.render_update
        render_widget = StylesCache.render_widget
        render_line = StylesCache.render_line

        def timed_layout(self: Screen, size: Any = None, scroll: bool = False) -> None:
            started = time.perf_counter()
            painted = tracer.current.paint_ms if tracer.current is not None else 0.0
            if not scroll or self._layout_widgets:
                tracer._layout = (started, painted)
            try:
                refresh_layout(self, size, scroll)
            finally:
                tracer._layout = None
                trace = tracer.current
                if trace is not None:
                    # The layout ends with a paint, timed apart: counted once, as paint.
                    inner = trace.paint_ms - painted
                    trace.layout_ms += (time.perf_counter() - started) * 1000 - inner
                    if scroll and not self._layout_widgets:
                        trace.scroll_layouts += 1
                    else:
                        trace.reflows += 1

        def timed_update(self: Compositor, *args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return render_update(self, *args, **kwargs)
            finally:
                trace = tracer.current
                if trace is not None:
                    trace.paint_ms += (time.perf_counter() - started) * 1000

        def counted_widget(self: StylesCache, widget: Any, crop: Any) -> Any:
            tracer._widget.append(type(widget).__name__)
            try:
                return render_widget(self, widget, crop)
            finally:
                tracer._widget.pop()

        def counted_line(self: StylesCache, *args: Any, **kwargs: Any) -> Any:
            trace = tracer.current
            if trace is not None and tracer._widget:
                trace.lines[tracer._widget[-1]] += 1
            return render_line(self, *args, **kwargs)

        Screen._refresh_layout = timed_layout  # type: ignore[method-assign]
        Compositor.render_update = timed_update  # type: ignore[method-assign]
        StylesCache.render_widget = counted_widget  # type: ignore[method-assign]
        StylesCache.render_line = counted_line  # type: ignore[method-assign]


def tracked_objects(top: int = 12) -> str:
    """The objects the collector tracks outside the frozen generation, by type: what
    a full collection walks."""
    counts = Counter(type(o).__name__ for o in gc.get_objects())
    total = sum(counts.values())
    listed = ", ".join(f"{name} {n:,}" for name, n in counts.most_common(top))
    return f"{total:,} tracked ({gc.get_freeze_count():,} frozen): {listed}"
