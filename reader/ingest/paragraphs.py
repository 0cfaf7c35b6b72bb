"""Paragraphs: from the kept lines of an article to its paragraphs.

* prose (the usual case): every line is a paragraph;
* hard-wrapped text (most lines end near the same width without sentence punctuation):
  lines that reach the margin are joined to the next one, unless the next one is
  indented (a paragraph start);
* transcripts (short phrases, one a line): phrases are joined into paragraphs.

See :mod:`reader.ingest.clean` for the rules in full.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass

BLANK, TEXT, HEADING, LIST = 0, 1, 2, 3
STRONG_MARK = "\x1e"  # where a ** run was: a space for header lines, nothing in text

_CLOSERS = "」』”’\"')）]》"
_ENDERS = frozenset("。！？!?…")
# After these a phrase needs no space before the next one.
_FULLWIDTH_PUNCT = frozenset(
    chr(c)
    for lo, hi in ((0x3000, 0x303F), (0xFF01, 0xFF0F), (0xFF1A, 0xFF20), (0xFF3B, 0xFF40))
    for c in range(lo, hi + 1)
) | frozenset("—…‘’“”")
_MARKERS = (
    "首先",
    "其次",
    "再次",
    "最后",
    "最後",
    "另外",
    "另一方面",
    "此外",
    "除此之外",
    "接下来",
    "接下來",
    "总之",
    "總之",
    "总的来说",
    "總的來說",
    "总而言之",
    "總而言之",
    "综上",
    "綜上",
    "好了",
    "那么",
    "那麼",
    "不过",
    "不過",
    "然而",
    "与此同时",
    "與此同時",
    "简单来说",
    "簡單來說",
    "归根结底",
    "歸根結底",
    "说到底",
    "說到底",
    "可以说",
    "可以說",
    "事实上",
    "事實上",
    "当然",
    "當然",
    "一方面",
    "其一",
    "其二",
    "其三",
    "第一",
    "第二",
    "第三",
    "第四",
    "第五",
    "问题是",
    "問題是",
)
_MARKER = re.compile(
    "^(?:" + "|".join(sorted(_MARKERS, key=len, reverse=True)) + r")(?:$|[，,：:\s])"
)
_PARAGRAPH_MAX = 240
_LATIN_END = re.compile(r"[A-Za-z0-9,;:]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9(]")


@dataclass
class Line:
    text: str  # plain text as shown
    marked: str  # the same with the places of ** runs marked, for header lines
    kind: int
    indented: bool = False  # began with spaces or tabs (a paragraph start when wrapped)

    @property
    def header(self) -> str:
        """The line with ** runs read as spaces ("作者 | 宛辰****编辑**| 靖宇")."""
        if STRONG_MARK not in self.marked:
            return self.text
        return " ".join(self.marked.replace(STRONG_MARK, " ").split())


def split_paragraphs(lines: list[Line], drop: list[bool]) -> list[str]:
    # Blank lines matter for the layout; dropped lines in between do not count.
    sequence: list[Line | None] = []
    for i, line in enumerate(lines):
        if line.kind == BLANK:
            if sequence and sequence[-1] is not None:
                sequence.append(None)
        elif not drop[i]:
            sequence.append(line)
    while sequence and sequence[-1] is None:
        sequence.pop()
    texts = [line for line in sequence if line is not None and line.kind == TEXT]
    if _is_transcript(sequence, texts):
        return _reflow(sequence)
    width = _wrap_width(texts)
    if width:
        return _unwrap(sequence, width)
    return [line.text for line in sequence if line is not None]


def _is_transcript(sequence: list[Line | None], texts: list[Line]) -> bool:
    if len(texts) < 10:
        return False
    if statistics.median(len(line.text) for line in texts) > 20:
        return False
    ended = sum(1 for line in texts if _ends_sentence(line.text))
    if ended > 0.3 * len(texts):
        return False
    # Phrases follow each other; blank-line separated short lines are paragraphs.
    followed = sum(
        1
        for a, b in itertools.pairwise(sequence)
        if a is not None and a.kind == TEXT and b is not None
    )
    return followed >= 0.6 * len(texts)


def _join(parts: list[str]) -> str:
    pieces = [parts[0]]
    for previous, part in itertools.pairwise(parts):
        if previous[-1] not in _FULLWIDTH_PUNCT:
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces)


def _reflow(sequence: list[Line | None]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    size = 0
    for line in sequence:
        if line is None or line.kind != TEXT:
            if current:
                paragraphs.append(_join(current))
                current, size = [], 0
            if line is not None:
                paragraphs.append(line.text)
            continue
        text = line.text
        if current and (
            size + len(text) > _PARAGRAPH_MAX or (len(current) >= 3 and _MARKER.match(text))
        ):
            paragraphs.append(_join(current))
            current, size = [], 0
        current.append(text)
        size += len(text)
        if len(current) >= 2 and _ends_sentence(text):
            paragraphs.append(_join(current))
            current, size = [], 0
    if current:
        paragraphs.append(_join(current))
    return paragraphs


def _ends_sentence(text: str) -> bool:
    """Whether ``text`` ends with sentence punctuation (closing quotes allowed after)."""
    end = text.rstrip(_CLOSERS)
    if not end:
        return False
    last = end[-1]
    if last in _ENDERS:
        return True
    return last == "." and len(end) > 1 and not end[-2].isdigit() and not end[-2].isspace()


def _display_width(text: str) -> int:
    """Terminal cells, approximately: non-ASCII characters of three UTF-8 bytes or more
    (CJK) count two cells. Cheap, and exact for Chinese text."""
    size = len(text)
    return size + (len(text.encode("utf-8", "surrogatepass")) - size) // 2


def _wrap_width(texts: list[Line]) -> int | None:
    """The margin of hard-wrapped text, or None when lines are not wrapped."""
    if len(texts) < 8:
        return None
    measured = [_display_width(line.text) for line in texts]  # once a line, not twice
    widths = sorted(measured)
    width = widths[int(0.8 * (len(widths) - 1))]
    if width < 40:
        return None
    near = [line for line, w in zip(texts, measured, strict=True) if w >= width - 4]
    over = sum(1 for w in widths if w > width + 4)
    if len(near) < 0.5 * len(texts) or over > 0.05 * len(texts):
        return None
    open_ended = sum(1 for line in near if not _ends_sentence(line.text))
    return width if open_ended >= 0.5 * len(near) else None


def _unwrap(sequence: list[Line | None], width: int) -> list[str]:
    paragraphs: list[str] = []
    current = ""
    for line in sequence:
        if line is None or line.kind != TEXT:
            if current:
                paragraphs.append(current)
                current = ""
            if line is not None:
                paragraphs.append(line.text)
            continue
        if current and line.indented:
            paragraphs.append(current)
            current = ""
        if current:
            latin = _LATIN_END.search(current) and _LATIN_START.search(line.text)
            current += (" " if latin else "") + line.text
        else:
            current = line.text
        shown = _display_width(line.text)
        if shown < width - 6 or (_ends_sentence(line.text) and shown < width - 2):
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    return paragraphs
