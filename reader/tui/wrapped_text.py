"""Styled text wrapped by the reading view's rules, for any widget that shows it.

Textual wraps :class:`~textual.content.Content` at spaces and anywhere in a CJK run,
so a note or a quote in a panel could put ``，`` or ``」`` at the start of a line.
:class:`Wrapped` is a Textual *visual* that breaks lines with
:func:`reader.tui.wrap.wrap` instead (kinsoku: no closing punctuation at a line start,
no opening punctuation at a line end, words kept whole), at whatever width the widget
gives it, so option lists, statics and dialogs all lay it out the same way. A
``hang`` indents the continuation lines of each source line (a table's second column).
"""

from __future__ import annotations

from textual.content import Content, Span
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

from reader.tui.wrap import wrap

#: Cells kept free at the right: the wrap lets closing punctuation hang one cell.
MARGIN = 1
#: Layouts kept: a list refilled on every keystroke of a filter (the M view) shows
#: the same rows again, at the same width.
CACHE_SIZE = 4096
_layouts: dict[tuple[object, ...], Content] = {}


def wrap_content(content: Content, width: int, hang: int = 0) -> list[Content]:
    """``content`` cut into visual lines of at most ``width`` cells; the lines after the
    first of each source line are indented by ``hang`` cells (when that leaves room)."""
    width = max(2, width - MARGIN)
    hang = hang if width - hang >= 8 else 0
    lines: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        plain = line.plain
        layout = wrap(plain, width)
        if len(layout) <= 1:
            lines.append(line.rstrip())
            continue
        first_end = layout.ends[0]
        lines.append(line[:first_end].rstrip())
        rest = line[first_end:]
        rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
        rest_plain = rest.plain
        tail = wrap(rest_plain, width - hang)
        for start, end in zip(tail.starts, tail.ends, strict=True):
            piece = rest[start:end].rstrip()
            lines.append(Content.assemble(" " * hang, piece) if hang else piece)
    return lines


class Wrapped(Visual):
    """``content`` laid out with kinsoku-safe line breaks at the width it is given."""

    def __init__(self, content: Content, hang: int = 0) -> None:
        self.content = content
        self.hang = hang
        self._cache: tuple[int, Content] | None = None

    def is_same(self, other: Wrapped) -> bool:
        """Whether ``other`` shows exactly the same (saves a needless widget update)."""
        return self.hang == other.hang and self.content.is_same(other.content)

    @property
    def plain(self) -> str:
        return self.content.plain

    @property
    def spans(self) -> list[Span]:
        """The styles of the content (offsets in :attr:`plain`), as Content has them."""
        return list(self.content.spans)

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> Content:
        """The content with a line break at every visual line end, for ``width``."""
        if self._cache is None or self._cache[0] != width:
            content = self.content
            key = (content.plain, tuple(content.spans), width, self.hang)
            laid_out = _layouts.get(key)
            if laid_out is None:
                if len(_layouts) >= CACHE_SIZE:
                    _layouts.clear()
                laid_out = Content("\n").join(wrap_content(content, width, self.hang))
                _layouts[key] = laid_out
            self._cache = (width, laid_out)
        return self._cache[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        if not width:
            return []
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width) + MARGIN

    def get_minimal_width(self, rules: RulesMap) -> int:
        return min(self.content.get_minimal_width(rules), 8)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.lines(width).get_height(rules, width)
