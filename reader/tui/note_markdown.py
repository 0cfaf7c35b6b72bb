"""A note's Markdown shown as styled text, safely.

Notes are written in Markdown (the annotate dialog says so, and the export keeps it),
so ``**重点**`` should show as bold 重点, not with its asterisks. The note is parsed
with markdown-it (CommonMark, plus ~~strikethrough~~; raw HTML off, so tags show as
the text they are) and turned into :class:`~textual.content.Content` built from plain
strings and style names, never from markup: nothing in a note is interpreted as
Textual or Rich markup, no control character or escape sequence reaches the
terminal (every text run goes through :func:`~reader.tui.safe_text.printable`), and
links are inert: their text is underlined and the address follows in dim brackets, with
no action or ``link`` style attached, so clicking runs nothing.

Why not Textual's ``Markdown`` widget or Rich's ``Markdown``: both make clickable
links, and both wrap with their own rules (a line may start with ``，``); the
:class:`~reader.tui.wrapped_text.Wrapped` visual lays this Content out with the
reading view's kinsoku rules instead.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from textual.content import Content

from reader.tui.safe_text import printable

#: Styles by inline Markdown element.
INLINE_STYLES = {
    "strong": "bold",
    "em": "italic",
    "s": "strike",
    "link": "underline",
}
CODE_STYLE = "$accent"
HEADING_STYLE = "bold $accent"
MUTED = "$text-muted"
#: Anything that could be Markdown syntax; a note without any (most short notes in
#: Chinese) is shown as it is, without parsing (a parse costs ~0.5 ms a note).
_MAY_BE_MARKDOWN = re.compile(r"[*_`\[\]<>#~\\!|&=]|^\s*(?:[-+>]|\d+[.)]|\s{4})", re.MULTILINE)
#: Rendered notes kept (lists redraw every row on each keystroke of a filter).
CACHE_SIZE = 4096


@functools.cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("strikethrough")


@functools.lru_cache(maxsize=CACHE_SIZE)
def note_content(note: str) -> Content:
    """``note`` (Markdown) as styled text: one block per paragraph, blank lines
    between blocks, list items marked with ``•`` or their number, quotes with ``▍``."""
    if not _MAY_BE_MARKDOWN.search(note):
        lines = [line.strip() for line in note.strip().split("\n")]
        return Content(printable(re.sub(r"\n{3,}", "\n\n", "\n".join(lines)), keep_newlines=True))
    tokens = _parser().parse(note)
    blocks = _Blocks()
    blocks.walk(tokens)
    return Content("\n").join(blocks.lines).rstrip()


@functools.lru_cache(maxsize=CACHE_SIZE)
def note_excerpt(note: str, limit: int) -> Content:
    """The start of the rendered note on one line: at most ``limit`` characters, with an
    ellipsis if it was cut (for list rows, where a whole note would not fit).

    Lists redraw every row, so this is the cheap path: the first lines are joined
    into one, block marks turned into what :func:`note_content` shows (``•`` for a
    bullet, nothing for a heading or quote mark, fence lines dropped) and only inline
    Markdown is parsed (a quarter of the cost of a full parse)."""
    lines: list[str] = []
    kept = 0
    for line in note.split("\n"):
        if not line.strip() or _FENCE.match(line):
            continue
        lines.append(_BLOCK_MARK.sub(_block_mark, line).strip())
        kept += len(line)
        if kept > limit:
            break
    text = " ".join(lines)
    if not _MAY_BE_MARKDOWN.search(text):
        flat = Content(printable(text))
    else:
        [paragraph] = _parser().parseInline(text) or [None]
        flat = inline_content(paragraph.children or []) if paragraph else Content("")
    if len(flat) <= limit:
        return flat
    return Content.assemble(flat[: limit - 1], "…")


#: What begins a block at the start of a line: a bullet, a number, a heading, a quote.
_BLOCK_MARK = re.compile(r"^\s*(?:(?P<bullet>[-+*])\s+|#{1,6}\s+|>\s?)")
_FENCE = re.compile(r"^\s*(?:```|~~~)")


def _block_mark(match: re.Match[str]) -> str:
    return "• " if match.group("bullet") else ""


class _Blocks:
    """Collects the lines of the rendered note while walking markdown-it's tokens."""

    def __init__(self) -> None:
        self.lines: list[Content] = []
        #: Open lists: the next number of an ordered one, None for a bullet list.
        self._lists: list[int | None] = []
        self._quote_depth = 0
        self._pending_marker: str | None = None
        self._heading = False

    def _prefix(self, first: bool) -> Content:
        """Indentation for the current nesting; a list item's marker on its first line."""
        quote = Content.styled("▍ " * self._quote_depth, MUTED)
        depth = max(0, len(self._lists) - 1)
        if first and self._pending_marker is not None:
            marker = self._pending_marker
            self._pending_marker = None
            return Content.assemble(quote, "  " * depth, (marker, MUTED))
        indent = "  " * depth + ("  " if self._lists else "")
        return Content.assemble(quote, indent)

    def _gap(self) -> None:
        """A blank line between blocks (none between the items of a list)."""
        if self.lines and self.lines[-1].plain.strip() and not self._lists:
            self.lines.append(Content.styled("▍ " * self._quote_depth, MUTED).rstrip())

    def _add(self, body: Content) -> None:
        for index, line in enumerate(body.split("\n", allow_blank=True)):
            self.lines.append(Content.assemble(self._prefix(index == 0), line))

    def walk(self, tokens: Sequence[Token]) -> None:
        for token in tokens:
            kind = token.type
            if kind in ("paragraph_open", "heading_open", "fence", "code_block", "hr"):
                self._gap()
            if kind == "inline":
                body = inline_content(token.children or [])
                if self._heading:
                    body = body.stylize(HEADING_STYLE)
                self._add(body)
            elif kind == "heading_open":
                self._heading = True
            elif kind == "heading_close":
                self._heading = False
            elif kind in ("fence", "code_block"):
                code = printable(token.content.rstrip("\n"), keep_newlines=True)
                self._add(Content.styled(code, CODE_STYLE))
            elif kind == "hr":
                self._add(Content.styled("─" * 8, MUTED))
            elif kind == "bullet_list_open":
                self._gap()
                self._lists.append(None)
            elif kind == "ordered_list_open":
                self._gap()
                self._lists.append(int(token.attrGet("start") or 1))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "list_item_open":
                number = self._lists[-1]
                if number is None:
                    self._pending_marker = "• "
                else:
                    self._pending_marker = f"{number}. "
                    self._lists[-1] = number + 1
            elif kind == "blockquote_open":
                self._gap()
                self._quote_depth += 1
            elif kind == "blockquote_close":
                self._quote_depth -= 1


def inline_content(children: Sequence[Token]) -> Content:
    """Inline tokens (text, emphasis, code, links, breaks) as one styled Content."""
    parts: list[Content] = []
    open_styles: list[str] = []
    for token in children:
        kind = token.type
        if kind in ("text", "html_inline"):
            parts.append(_styled(token.content, open_styles))
        elif kind == "code_inline":
            parts.append(_styled(token.content, [*open_styles, CODE_STYLE]))
        elif kind in ("softbreak", "hardbreak"):
            parts.append(Content("\n"))
        elif kind == "image":
            alt = "".join(child.content for child in token.children or []) or "image"
            parts.append(_styled(f"[{alt}]", [*open_styles, MUTED]))
            parts.append(_address(str(token.attrGet("src") or "")))
        elif kind.endswith("_open"):
            name = kind.removesuffix("_open")
            open_styles.append(INLINE_STYLES.get(name, ""))
            if name == "link":
                open_styles[-1] = f"underline|{token.attrGet('href') or ''}"
        elif kind.endswith("_close"):
            style = open_styles.pop() if open_styles else ""
            if style.startswith("underline|"):
                parts.append(_address(style.partition("|")[2], parts))
    return Content.assemble(*parts) if parts else Content("")


def _styled(text: str, styles: Sequence[str]) -> Content:
    names = " ".join(s.partition("|")[0] for s in styles if s)
    return Content.styled(printable(text), names) if names else Content(printable(text))


def _address(href: str, parts: Sequence[Content] = ()) -> Content:
    """A link's address after its text, dim and inert (skipped when the text is the
    address already, as in ``<https://…>``)."""
    if not href or (parts and parts[-1].plain == href):
        return Content("")
    return Content.styled(f" ⟨{printable(href)}⟩", MUTED)
