"""What makes a Markdown export at home in Obsidian (and shaped like Readwise's).

- **Tags.** Obsidian takes letters (of any script), digits, ``_``, ``-`` and ``/`` in
  a tag, and not a tag of digits alone. A tag is written in the script the user
  chose (``--tag-script``: as kept, simplified or traditional), so a vault kept in
  one script has one tag where reader has one (reader already folds 評論 and 评论 into
  one tag, spelled as first typed). Then: a leading ``#`` is dropped, ``+`` becomes
  ``plus``, ``#`` ``sharp``, ``&`` ``and`` and ``@`` ``at`` (so ``C++`` is
  ``Cplusplus`` and ``C#`` is ``Csharp``, not both ``C``), every other run of
  characters Obsidian refuses (spaces, punctuation, emoji) becomes one ``-``, and a
  tag without a letter gets a ``tag-`` prefix (``2024`` is ``tag-2024``). The
  tags as reader keeps them are listed in the front matter's ``reader_tags``.
- **Block ids.** Each highlight ends with a block id (``^r`` and 12 hex digits of the
  SHA-256 of its IRI): stable across exports, made of letters, digits and dashes, so
  a note can link to ``[[file#^r…]]`` and the link survives the next export.
- **Properties.** The front matter carries ``title``, ``source``, ``author``, ``date``,
  ``url``, ``tags`` and ``aliases`` (the title in the other scripts), as Obsidian's
  properties and Readwise's export name them.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Sequence

from reader.conversion import DisplayScript, for_display
from reader.export.records import ExportAnnotation

#: Characters that stand for a word in a tag, where dropping them would merge tags.
_SPELLED = {"+": "plus", "#": "sharp", "&": "and", "@": "at"}
_SPELLED_RUN = re.compile("[" + re.escape("".join(_SPELLED)) + "]")
#: What Obsidian refuses in a tag: anything but letters, digits, ``_``, ``-`` and ``/``.
_NOT_TAG = re.compile(r"[^\w/-]+")


@functools.lru_cache(maxsize=4096)
def obsidian_tag(name: str, script: DisplayScript = DisplayScript.ORIGINAL) -> str:
    """``name`` as an Obsidian tag (without ``#``), in ``script`` (cached: an export
    writes the same few tags thousands of times)."""
    if script is not DisplayScript.ORIGINAL:
        name = for_display(name, script).text
    tag = _SPELLED_RUN.sub(lambda m: _SPELLED[m.group()], name.strip().lstrip("#"))
    tag = re.sub(r"-{2,}", "-", _NOT_TAG.sub("-", tag)).strip("-_/")
    tag = re.sub(r"/{2,}", "/", tag)
    if not any(ch.isalpha() for ch in tag):
        tag = f"tag-{tag}" if tag else "tag"
    return tag


def block_id(iri: str) -> str:
    """The Obsidian block id of an annotation (without ``^``): derived from its IRI."""
    return "r" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def properties(
    records: Sequence[ExportAnnotation], *, title: str, tag_script: DisplayScript
) -> dict[str, object]:
    """Obsidian's properties for a document holding ``records``: the article's own
    when they are all from one article, else ``title`` and the tags alone."""
    articles = {record.article.id: record.article for record in records}
    values: dict[str, object] = {}
    if len(articles) == 1:
        (article,) = articles.values()
        values["title"] = article.title
        for key in ("source", "author", "date", "url"):
            value = getattr(article, key)
            if value:
                values[key] = value
    else:
        values["title"] = title
    kept = _unique(tag for record in records for tag in record.tags)
    values["tags"] = _unique(obsidian_tag(tag, tag_script) for tag in kept)
    if kept != values["tags"]:
        values["reader_tags"] = kept
    values["aliases"] = _aliases(str(values["title"]))
    return values


def _aliases(title: str) -> list[str]:
    """The title in the scripts it is not written in, so either spelling finds it."""
    spellings = (
        for_display(title, s).text for s in (DisplayScript.SIMPLIFIED, DisplayScript.TRADITIONAL)
    )
    return [s for s in _unique(spellings) if s != title]


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
