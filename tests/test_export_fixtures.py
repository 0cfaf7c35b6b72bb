"""Helpers shared by the export tests (this module holds no tests).

The seed annotations are made through the annotation core on the seed corpus, with a
fixed clock and fixed IRIs, so golden files and examples are byte-stable.
"""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils
from markdown_it import MarkdownIt

from reader import annotations as service
from reader.store import articles as article_store

REPO = Path(__file__).resolve().parent.parent
GOLDEN = REPO / "tests" / "golden"
EXAMPLES = REPO / "examples"
CLOCK_START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)

_PARSER = MarkdownIt("commonmark")


def parse(markdown: str) -> list:
    """markdown-it's tokens for the document after its YAML front matter (which
    CommonMark does not know, and Obsidian and static site tools strip first)."""
    if markdown.startswith("---\n"):
        end = markdown.index("\n---\n", 3)
        markdown = markdown[end + len("\n---\n") :]
    return _PARSER.parse(markdown)


def blockquote_texts(markdown: str) -> list[str]:
    """The text of each top-level blockquote, as a CommonMark parser reads it.

    Walks markdown-it's token stream: inside a blockquote, text and entity tokens give
    their content, line breaks give ``\\n``, paragraphs are separated by a blank line;
    blockquotes nested in lists (a note's own quotes) are not top-level.
    """
    texts: list[str] = []
    parts: list[str] | None = None
    paragraphs = 0
    for token in parse(markdown):
        if token.type == "blockquote_open" and token.level == 0:
            parts, paragraphs = [], 0
        elif token.type == "blockquote_close" and token.level == 0:
            assert parts is not None
            texts.append("".join(parts))
            parts = None
        elif parts is not None and token.type == "paragraph_open":
            if paragraphs:
                parts.append("\n\n")
            paragraphs += 1
        elif parts is not None and token.type == "inline":
            for child in token.children or ():
                if child.type in ("softbreak", "hardbreak"):
                    parts.append("\n")
                else:
                    parts.append(child.content)
    return texts


def html_tokens(markdown: str) -> list[str]:
    """Raw HTML a CommonMark renderer would pass through, anywhere in the document."""
    found = []
    for token in parse(markdown):
        if token.type == "html_block":
            found.append(token.content)
        for child in token.children or ():
            if child.type == "html_inline":
                found.append(child.content)
    return found


def headings(markdown: str, level: int) -> list[str]:
    """The text of each top-level heading of ``level``, as a parser reads it."""
    tokens = parse(markdown)
    return [
        "".join(child.content for child in tokens[i + 1].children or ())
        for i, token in enumerate(tokens)
        if token.type == "heading_open" and token.tag == f"h{level}" and token.level == 0
    ]


def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the annotation core's clock tick one minute per call from CLOCK_START."""
    ticks = itertools.count()

    def now() -> str:
        moment = CLOCK_START + timedelta(minutes=next(ticks))
        return moment.isoformat(timespec="seconds")

    monkeypatch.setattr(service, "now_iso", now)


def fix_iris(db: sqlite_utils.Database) -> None:
    """Give every annotation an IRI made from its row id (they are random otherwise)."""
    with db.conn:
        db.conn.execute(
            "UPDATE annotations SET iri = "
            "'urn:uuid:00000000-0000-4000-8000-' || printf('%012d', id)"
        )


def seed_article(db: sqlite_utils.Database, file_name: str) -> int:
    return next(a.id for a in article_store.list_articles(db) if a.path.endswith(file_name))


def annotate_seeds(db: sqlite_utils.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """The example annotations on the seed corpus (imported already)."""
    fixed_clock(monkeypatch)
    first = seed_article(db, "000_d98721091214a611.txt")
    grok = seed_article(db, "001_573f2e7b2a31f7d4.txt")
    leak = seed_article(db, "002_6c721fbc9407f8c3.txt")
    podcast = seed_article(db, "003_255de222b52f225c.txt")
    service.create_from_quote(
        db,
        first,
        "有人質疑DeepSeek,馬斯克就捧哏。",
        tags=["馬斯克", "DeepSeek"],
        note="Musk *amplifies* every doubt about DeepSeek.\n\n"
        "Compare [the Q4 call](https://example.com/tsla-q4).",
    )
    chips = service.create_from_quote(
        db,
        first,
        "H100是英偉達目前算力最強的AI芯片,相當于A100的6~7倍。",
        tags=["芯片", "英伟达 H100"],
        note="`H800` is the cut-down export part; <b>not</b> raw HTML.",
        color="#ffcc00",
    )
    service.create_from_quote(db, first, "馬斯克隨后評論:“明顯就是啊!”")
    service.create_from_quote(
        db,
        grok,
        "「地球上最聪明的AI」，露了个面，还没来。",
        tags=["马斯克", "Grok 3"],
        color="green",
    )
    text = article_store.get_article(db, grok).clean_text
    start = text.index("马斯克的号召力还是很强")
    end = text.index("。", text.index("显然，竞争越来越白热化")) + 1
    service.create_annotation(
        db, grok, start, end, tags=["Grok 3"], note="Two paragraphs, one thought."
    )
    service.create_from_quote(
        db,
        leak,
        "- 非常有意思!",
        tags=["MacroHard", "xAI"],
        note="# Why it matters\n\n- the leak\n- the firing\n\n```\nunclosed fence",
    )
    service.create_from_quote(
        db, leak, "1、xAI內部已經把MacroHard包裝成「同事」", tags=["MacroHard"]
    )
    service.create_from_quote(
        db, podcast, "GPT-4.5模型为何折戟", tags=["GPT-4.5", "Meta"], note="Ask: *why*?"
    )
    service.update_annotation(db, chips.id, tags=["芯片", "英伟达 H100", "export controls"])
    fix_iris(db)
