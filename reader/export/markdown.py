"""The Markdown export: a shape people who use Readwise and Obsidian will recognise.

YAML front matter (the properties of :mod:`reader.export.obsidian`: title, source,
author, date, url, tags, aliases; then when, which filters, how grouped), an H1, then
an H2 per article (or per tag) with the article's metadata, and for each annotation in
document order: the quote as a blockquote, its Obsidian block id on a line of its own,
then a list with its ``#tags``, its note, where it is and when it was made. Every
piece of text goes through :mod:`reader.export.commonmark`, so a CommonMark parser
gives each quote back exactly.

Titles, metadata, tag names and notes are shown with their control characters as
visible symbols (:mod:`reader.text_safety`): a Markdown file is read in a terminal as
often as in an editor, and an escape sequence in it would act there. Quotes are
article text, which never holds one (import removes them), and stay exact.

The note is the user's own Markdown, kept as written but indented into its list item:
whatever it holds (a heading, an unclosed code fence) then ends with the item and
cannot swallow the annotations after it. List items use a four-column marker so the
note's tabs keep their meaning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from reader.anchoring import AnchorStatus
from reader.conversion import DisplayScript
from reader.export.commonmark import blockquote, escape_line, note_lines
from reader.export.grouping import Group, GroupBy
from reader.export.obsidian import block_id, obsidian_tag
from reader.export.records import ExportAnnotation, ExportArticle
from reader.text_safety import visible, visible_lines

TITLE = "Annotations"
_ITEM = "-   "
_INDENT = " " * len(_ITEM)
_HTTP_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f]+")
#: Characters a YAML double-quoted scalar must not hold raw (line breaks, controls,
#: non-characters); JSON's escaping handles the rest.
_YAML_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff"
    "\ufeff\ufffe\uffff]"
)


def render(
    groups: Sequence[Group],
    *,
    group_by: GroupBy,
    front_matter: dict[str, object],
    tag_script: DisplayScript = DisplayScript.ORIGINAL,
) -> str:
    """The whole document, ending with one newline; tags are written in ``tag_script``."""
    blocks = [_front_matter(front_matter), f"# {TITLE}"]
    if not any(g.records for g in groups):
        blocks.append("No annotations match.")
    for section in groups:
        if group_by is GroupBy.ARTICLE:
            blocks.extend(_article_section(section.records, level=2, tag_script=tag_script))
        else:
            blocks.append("## " + escape_line(visible(section.name)))
            for run in _article_runs(section.records):
                blocks.extend(_article_section(run, level=3, tag_script=tag_script))
    return "\n\n".join(blocks) + "\n"


def _front_matter(values: dict[str, object]) -> str:
    lines = ["---"]
    for key, value in values.items():
        if isinstance(value, dict):
            if not value:
                lines.append(f"{key}: {{}}")
                continue
            lines.append(f"{key}:")
            lines.extend(f"  {k}: {_yaml(v)}" for k, v in value.items())
        else:
            lines.append(f"{key}: {_yaml(value)}")
    lines.append("---")
    return "\n".join(lines)


def _yaml(value: object) -> str:
    """A YAML flow value: JSON (a subset of YAML 1.2) with the unsafe characters escaped."""
    text = json.dumps(value, ensure_ascii=False)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _article_runs(records: Iterable[ExportAnnotation]) -> list[list[ExportAnnotation]]:
    runs: list[list[ExportAnnotation]] = []
    for record in records:
        if runs and runs[-1][0].article.id == record.article.id:
            runs[-1].append(record)
        else:
            runs.append([record])
    return runs


def _article_section(
    records: Sequence[ExportAnnotation], *, level: int, tag_script: DisplayScript
) -> list[str]:
    article = records[0].article
    blocks = ["#" * level + " " + escape_line(visible(article.title)), _metadata(article)]
    for record in records:
        blocks.append(blockquote(record.shown_quote))
        blocks.append("^" + block_id(record.iri))
        blocks.append(_details(record, tag_script))
    return blocks


def _metadata(article: ExportArticle) -> str:
    items = [
        ("Outlet", article.source and escape_line(visible(article.source))),
        ("Author", article.author and escape_line(visible(article.author))),
        ("Date", article.date and escape_line(visible(article.date))),
    ]
    if article.url:
        items.append(("URL", _link(visible(article.url))))
    else:
        items.append(("Path", escape_line(visible(article.path))))
    return "\n".join(f"{_ITEM}{label}: {value}" for label, value in items if value)


def _link(url: str) -> str:
    """An autolink for a plain web address; anything else is shown as text."""
    if _HTTP_URL.fullmatch(url):
        return f"<{url}>"
    return escape_line(url)


def _details(record: ExportAnnotation, tag_script: DisplayScript) -> str:
    lines = []
    if record.tags:
        tags = dict.fromkeys("#" + obsidian_tag(t, tag_script) for t in record.tags)
        lines.append(_ITEM + "Tags: " + " ".join(tags))
    note = _note_lines(visible_lines(record.note))
    if note:
        lines.extend([_ITEM + "Note:", "", *note, ""])
    lines.append(_ITEM + "Location: " + _location(record))
    lines.append(f"{_ITEM}Created: {record.created} · Updated: {record.updated}")
    return "\n".join(lines)


def _note_lines(note: str) -> list[str]:
    return [_INDENT + line if line else "" for line in note_lines(note)]


def _location(record: ExportAnnotation) -> str:
    orphaned = "(orphaned: not found in the current text)"
    if record.paragraph is None:
        where = "position unknown"
        if record.source_iri is not None:
            where = f"characters {record.start}–{record.end} of a text not held here"
        return f"{where} {orphaned}" if record.status is AnchorStatus.ORPHANED else where
    where = f"paragraph {record.paragraph}, characters {record.start}–{record.end}"
    if record.status is AnchorStatus.ORPHANED:
        return f"{where} of an earlier version {orphaned}"
    if record.status is AnchorStatus.FUZZY:
        return where + " (fuzzy: found by approximate match)"
    return where
