"""The Markdown export: every quote survives a CommonMark parser, notes cannot break out,
tags are Obsidian tags, scripts are converted in context, output is deterministic."""

from __future__ import annotations

import random
import re
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from store_helpers import add_article
from test_export_fixtures import (
    blockquote_texts,
    fix_iris,
    fixed_clock,
    headings,
    html_tokens,
    parse,
)

from reader import annotations as service
from reader.anchoring import AnchorStatus
from reader.conversion import DisplayScript, for_display
from reader.errors import NotFound
from reader.export import GroupBy, render
from reader.export.commonmark import blockquote, escape_line, safe_note
from reader.export.grouping import group
from reader.export.markdown import render as render_groups
from reader.export.obsidian import block_id, obsidian_tag
from reader.export.records import ExportAnnotation, ExportArticle
from reader.text_safety import visible

HOSTILE_QUOTES = [
    "# not a heading",
    "## 也不是标题 ##",
    "> not nested",
    ">> deeper",
    "*emphasis* and **strong** and _under_ and __dunder__",
    "snake_case_name and a_b",
    "[link](http://example.com) and ![image](x.png) and [ref]",
    "[[wikilink]] and [^1] footnote",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "`code` and ``double `tick` code``",
    "```python\nprint('fence')\n```",
    "~~~\ntilde fence",
    "<script>alert(1)</script>",
    "<b>bold</b> <!-- comment --> <?php ?>",
    "a < b && c > d",
    "&amp; &lt; &#32; &#x41; &copy; &nbsp;",
    "1986. 年是个好年份",
    "1) 第一",
    "- 非常有意思!",
    "+ plus",
    "* star item",
    "---",
    "***",
    "___",
    "===",
    "标题\n---",
    "标题\n===",
    "line one\nline two",
    "paragraph one\n\nparagraph two",
    "three\n\n\nblank lines",
    "\nleading newline",
    "trailing newline\n",
    "\n\n",
    "  two leading spaces",
    "trailing spaces  ",
    "\u3000\u3000全角缩进",
    "\ttab first",
    "tab last\t",
    "\u00a0nbsp\u00a0",
    "    four spaces: not code",
    "back\\slash at end\\",
    "\\",
    "trailing backslash before newline\\\nnext",
    "#MeToo 运动 and #标签",
    "==highlight== and %%comment%% and $x^2$ and ^block-id",
    "50% off, a = b, ~approx~",
    "carriage\rreturn",
    "http://bare.example.com/path_with_underscores",
    "emoji 👨‍👩‍👧 and e\u0301 combining",
    "\u202eRTL override\u202c",
    ":colon: at start",
    "9999999999. long number",
]


def record(quote: str, **changes: object) -> ExportAnnotation:
    """A record that did not come from a database, for the renderer alone."""
    article = ExportArticle(1, "Title", "Outlet", None, "2025-01-01", None, "corpus/a.txt")
    base = ExportAnnotation(
        iri="urn:uuid:1",
        article=article,
        text_sha256="0" * 64,
        start=0,
        end=len(quote),
        quote=quote,
        prefix="",
        suffix="",
        shown_quote=quote,
        paragraph=1,
        tags=(),
        note="",
        color=None,
        status=AnchorStatus.ANCHORED,
        created="2025-01-01T00:00:00+00:00",
        updated="2025-01-01T00:00:00+00:00",
    )
    return replace(base, **changes)


def document(records: list[ExportAnnotation], group_by: GroupBy = GroupBy.ARTICLE) -> str:
    return render_groups(group(records, group_by), group_by=group_by, front_matter={"x": 1})


# -- quotes --------------------------------------------------------------------------


@pytest.mark.parametrize("quote", HOSTILE_QUOTES)
def test_hostile_quote_survives_in_its_blockquote(quote: str) -> None:
    markdown = document([record(quote), record("after"), record("---\nlast")])
    assert blockquote_texts(markdown) == [quote, "after", "---\nlast"]
    assert html_tokens(markdown) == []
    assert headings(markdown, 2) == ["Title"]


def test_quote_followed_by_a_thematic_break_stays_a_quote() -> None:
    markdown = blockquote("标题") + "\n---\n"
    assert blockquote_texts(markdown) == ["标题"]


ATOMS = [
    *"#>*_[]|`<&!-+=.)(~$^%:\\ \t\n",
    "```",
    "~~~",
    "&amp;",
    "&#32;",
    "1986.",
    "1)",
    "---",
    "***",
    "\n\n",
    "\u3000",
    "\u00a0",
    "\r",
    "<script>",
    "<!--",
    "a_b",
    "==",
    "%%",
    "马斯克",
    "DeepSeek",
    "    ",
    "\u2028",
    "\x0c",
    "\ufeff",
    "\x1b[31m",
    "\u200b",
]


def test_random_hostile_quotes_survive() -> None:
    """Property: for thousands of random strings of syntax, parse(export(q)) == q."""
    rng = random.Random(20250301)
    quotes = ["".join(rng.choice(ATOMS) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    records = [record(q, iri=f"urn:uuid:{i}") for i, q in enumerate(quotes)]
    for chunk in range(0, len(records), 500):
        part = records[chunk : chunk + 500]
        assert blockquote_texts(document(part)) == [r.quote for r in part]


def test_escape_line_leaves_plain_chinese_text_alone() -> None:
    text = "马斯克说：“我们的软件很好。”理发师点头。50% a=b snake_case"
    assert escape_line(text) == text


# -- notes ---------------------------------------------------------------------------

HOSTILE_NOTES = [
    "<script>alert('x')</script>",
    "before <img src=x onerror=alert(1)> after",
    "<!-- hidden -->",
    "<div>\nblock html\n</div>",
    "```\nunclosed fence swallows everything",
    "~~~~\nunclosed tilde fence",
    "# A heading\n\nSetext\n---",
    "> a quote in the note",
    "[ref]: javascript:alert(1)\n\n[click][ref]",
    "    indented code <b>",
    "\tcode after a tab",
    "`<b>` in code stays code",
    "<https://example.com/autolink> stays a link",
    "1. list\n2. items\n\n- bullets",
    "\n\n  \nsurrounded by blank lines\n\n",
]


@pytest.mark.parametrize("note", HOSTILE_NOTES)
def test_a_hostile_note_cannot_break_the_document(note: str) -> None:
    records = [record("first", note=note), record("second", note=note), record("third")]
    markdown = document(records)
    assert blockquote_texts(markdown) == ["first", "second", "third"]
    assert html_tokens(markdown) == []
    assert headings(markdown, 1) == ["Annotations"] and headings(markdown, 2) == ["Title"]


def test_note_markdown_is_kept() -> None:
    note = "Musk *amplifies* it.\n\n- one\n- two\n\n`<b>` and <https://example.com>"
    assert safe_note(note) == note
    assert safe_note("a <b>bold</b> claim") == "a \\<b>bold\\</b> claim"


def test_a_backslash_before_html_is_respected() -> None:
    assert safe_note("already \\<b> escaped") == "already \\<b> escaped"
    assert safe_note("escaped backslash \\\\<b>") == "escaped backslash \\\\\\<b>"
    assert html_tokens(document([record("q", note="x \\\\<b>bold</b>")])) == []


NOTE_ATOMS = [
    *"<>/!?`~\\ \t\n-*#[]()",
    "<b>",
    "</b>",
    "<!--",
    "-->",
    "<?",
    "<![CDATA[",
    "<script>",
    "<div>\n",
    "```",
    "    ",
    "> ",
    "<http://a.b>",
    "&lt;",
    "x",
]


def test_random_notes_never_pass_html_through() -> None:
    """Property: whatever a note holds, the document has no raw HTML and every quote."""
    rng = random.Random(7)
    notes = ["".join(rng.choice(NOTE_ATOMS) for _ in range(rng.randint(1, 16))) for _ in range(800)]
    records = [record(f"q{i}", iri=f"urn:uuid:{i}", note=n) for i, n in enumerate(notes)]
    markdown = document(records)
    assert html_tokens(markdown) == []
    assert blockquote_texts(markdown) == [r.quote for r in records]


def test_note_in_list_item_keeps_its_structure() -> None:
    markdown = document([record("q", note="# Heading\n\n```\ncode <b>\n```\n\n\ttabbed code")])
    tokens = [t for t in parse(markdown) if t.type in ("heading_open", "fence", "code_block")]
    kinds = [(t.type, t.tag, t.content) for t in tokens]
    assert ("fence", "code", "code <b>\n") in kinds
    assert ("code_block", "code", "tabbed code\n") in kinds
    assert any(t.type == "heading_open" and t.level > 0 for t in tokens)


# -- tags, metadata, layout -----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("AI", "AI"),
        ("马斯克", "马斯克"),
        ("machine learning", "machine-learning"),
        ("  spaced   out  ", "spaced-out"),
        ("C++", "Cplusplus"),
        ("C#", "Csharp"),
        ("AT&T", "ATandT"),
        ("GPT-4.5", "GPT-4-5"),
        ("2024", "tag-2024"),
        ("#already", "already"),
        ("a/b", "a/b"),
        ("/a//b/", "a/b"),
        ("!!!", "tag"),
        ("_x_", "x"),
        ("emoji 🎉 tag", "emoji-tag"),
    ],
)
def test_obsidian_tags(name: str, tag: str) -> None:
    assert obsidian_tag(name) == tag


def test_annotation_shape() -> None:
    rec = record(
        "quote",
        tags=("machine learning", "马斯克"),
        note="note",
        paragraph=3,
        start=10,
        end=15,
        updated="2025-01-02T00:00:00+00:00",
    )
    markdown = document([rec])
    block = "^" + block_id(rec.iri)
    expected = (
        f"> quote\n\n{block}\n\n-   Tags: #machine-learning #马斯克\n-   Note:\n\n    note\n\n"
    )
    assert expected in markdown
    assert "-   Location: paragraph 3, characters 10–15\n" in markdown
    assert "-   Created: 2025-01-01T00:00:00+00:00 · Updated: 2025-01-02T00:00:00+00:00" in markdown
    assert markdown.startswith("---\nx: 1\n---\n\n# Annotations\n\n## Title\n\n")
    assert "-   Outlet: Outlet\n-   Date: 2025-01-01\n-   Path: corpus/a.txt\n" in markdown


def test_status_is_shown_in_the_location() -> None:
    markdown = document(
        [record("a", status=AnchorStatus.FUZZY), record("b", status=AnchorStatus.ORPHANED)]
    )
    assert "(fuzzy: found by approximate match)" in markdown
    assert "of an earlier version (orphaned: not found in the current text)" in markdown


def test_metadata_is_escaped_and_only_web_addresses_are_links() -> None:
    article = ExportArticle(1, "# <b>Title</b> *x*", "[Outlet]", None, None, None, "a_b/_c_.txt")
    markdown = document([record("q", article=article)])
    assert headings(markdown, 2) == ["# <b>Title</b> *x*"]
    assert html_tokens(markdown) == []
    web = replace(article, url="https://example.com/a?b=c&d=e#f")
    assert "-   URL: <https://example.com/a?b=c&d=e#f>" in document([record("q", article=web)])
    evil = replace(article, url="javascript:alert(1)")
    assert "-   URL: javascript:alert(1)" in document([record("q", article=evil)])


def test_yaml_front_matter_escapes_what_yaml_cannot_hold_raw() -> None:
    markdown = render_groups(
        [],
        group_by=GroupBy.ARTICLE,
        front_matter={"exported_at": None, "filters": {"tags": ['a"b', "c\u2028d\x85"]}},
    )
    assert markdown.startswith(
        '---\nexported_at: null\nfilters:\n  tags: ["a\\"b", "c\\u2028d\\u0085"]\n---\n'
    )
    assert "No annotations match." in markdown


# -- from the database ----------------------------------------------------------------


@pytest.fixture
def clocked(db, monkeypatch):
    fixed_clock(monkeypatch)
    return db


def test_script_conversion_cuts_the_quote_from_the_whole_converted_text(clocked) -> None:
    """发 alone becomes 發, but in 头发 it is 髮: a fragment must not be converted alone."""
    text = "理发师的故事\n他的头发很长。"
    article = add_article(clocked, text, "/corpus/barber.txt")
    start = text.index("头发") + 1
    service.create_annotation(clocked, article, start, start + 1)
    whole = for_display(text, DisplayScript.TRADITIONAL)
    assert whole.text[whole.offsets.to_target(start)] == "髮"
    markdown = render(clocked, script=DisplayScript.TRADITIONAL)
    assert blockquote_texts(markdown) == ["髮"]
    assert headings(markdown, 2) == ["理髮師的故事"]
    assert blockquote_texts(render(clocked)) == ["发"]


def test_quotes_from_the_database_survive(clocked) -> None:
    lines = [q.replace("\n", " ").strip() for q in HOSTILE_QUOTES]
    text = "标题\n" + "\n".join(line for line in lines if line)
    article = add_article(clocked, text, "/corpus/hostile.txt")
    start = len("标题\n")
    for line in lines:
        if line:
            service.create_annotation(clocked, article, start, start + len(line))
            start += len(line) + 1
    quotes = [a.quote for a in service.list_annotations(clocked)]
    assert len(quotes) == len([line for line in lines if line])
    assert blockquote_texts(render(clocked)) == quotes


def test_export_is_deterministic_and_dated_when_made(clocked) -> None:
    """Everything but ``exported_at`` is a function of the database; ``exported_at`` is
    the time of the export (the clock), not of the newest annotation."""
    article = add_article(clocked, "标题\n第一段。\n第二段。", "/corpus/a.txt")
    service.create_from_quote(clocked, article, "第二段", tags=["b"])
    first = service.create_from_quote(clocked, article, "第一段", tags=["a"])
    service.update_annotation(clocked, first.id, note="edited")
    fix_iris(clocked)
    before = datetime.now(UTC).replace(microsecond=0)
    markdown = render(clocked)
    after = datetime.now(UTC)
    stamp = re.search(r'^exported_at: "(.*)"$', markdown, re.MULTILINE).group(1)
    assert before <= datetime.fromisoformat(stamp) <= after
    assert 'exported_at: "2025-03-01T09:02:00+00:00"' not in markdown
    at = "2031-01-01T00:00:00+00:00"
    assert render(clocked, exported_at=at) == render(clocked, exported_at=at)
    assert blockquote_texts(markdown) == ["第一段", "第二段"]
    fixed = render(clocked, exported_at="2030-01-01T00:00:00+00:00")
    assert 'exported_at: "2030-01-01T00:00:00+00:00"' in fixed


def test_orphans_follow_the_annotations_of_the_current_text(clocked) -> None:
    path = "/corpus/changing.txt"
    article = add_article(clocked, "标题\n甲乙丙丁。\n戊己庚辛。", path)
    service.create_from_quote(clocked, article, "戊己庚辛")
    service.create_from_quote(clocked, article, "甲乙丙丁")
    add_article(clocked, "标题\n全新的内容。\n戊己庚辛。", path)
    statuses = {a.quote: a.status for a in service.list_annotations(clocked)}
    assert statuses["甲乙丙丁"] is AnchorStatus.ORPHANED
    markdown = render(clocked)
    assert blockquote_texts(markdown) == ["戊己庚辛", "甲乙丙丁"]
    assert "orphaned: not found in the current text" in markdown


def test_group_by_tag_and_filters(clocked) -> None:
    one = add_article(clocked, "一号文章\n马斯克说了话。\n没有标签的句子。", "/corpus/1.txt")
    two = add_article(clocked, "二号文章\n馬斯克又說了話。", "/corpus/2.txt")
    service.create_from_quote(clocked, one, "马斯克说了话", tags=["马斯克", "AI"])
    service.create_from_quote(clocked, one, "没有标签的句子")
    service.create_from_quote(clocked, two, "馬斯克又說了話", tags=["馬斯克"])
    by_tag = render(clocked, group_by=GroupBy.TAG)
    assert headings(by_tag, 2) == ["AI", "马斯克", "Without tags"]
    assert headings(by_tag, 3) == ["一号文章", "一号文章", "二号文章", "一号文章"]
    assert blockquote_texts(by_tag) == [
        "马斯克说了话",
        "马斯克说了话",
        "馬斯克又說了話",
        "没有标签的句子",
    ]
    only = render(clocked, group_by=GroupBy.TAG, tags=["马斯克"])
    assert headings(only, 2) == ["马斯克"]
    assert 'tags: ["马斯克"]' in only and "annotations: 2" in only
    assert blockquote_texts(render(clocked, article_ids=[two])) == ["馬斯克又說了話"]
    with pytest.raises(NotFound):
        render(clocked, article_ids=[99])


def test_nothing_to_export(db) -> None:
    markdown = render(db)
    assert "exported_at: null" not in markdown and "No annotations match." in markdown


def test_base_makes_paths_relative(clocked, tmp_path: Path) -> None:
    inside = str(tmp_path / "corpus" / "a.txt")
    article = add_article(clocked, "标题\n正文。", inside)
    service.create_from_quote(clocked, article, "正文")
    assert "-   Path: corpus/a.txt" in render(clocked, base=tmp_path)
    assert f"-   Path: {escape_line(inside)}" in render(clocked)


# -- line separators ------------------------------------------------------------------

#: Every character some tool takes for a line end, and CRLF.
SEPARATORS = ["\n", "\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85"]
SEPARATORS += ["\u2028", "\u2029"]
#: What starts a block when it stands at the beginning of a line.
BLOCK_STARTS = ["# ", "## ", "#", "> ", ">", "---", "===", "- ", "* ", "+ ", "1. ", "2) "]
BLOCK_STARTS += ["```", "~~~", "    ", "\t", "<div>", "<!--", "| a |", "[r]: /x", "-   "]
#: Controls whose references markdown-it reads as U+FFFD (see reader.export.commonmark).
UNREPRESENTABLE = dict.fromkeys(map(ord, "\x0b\x1c\x1d\x1e\x85"), "\ufffd")
STRUCTURE_ATOMS = [*SEPARATORS, *SEPARATORS, *BLOCK_STARTS, "x", "马斯克", " ", "`", "<b>"]


def random_texts(seed: int, count: int, longest: int = 12) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(STRUCTURE_ATOMS) for _ in range(rng.randint(1, longest)))
        for _ in range(count)
    ]


def top_level_structure(markdown: str) -> list[str]:
    """The blocks at the top of the document, as a CommonMark parser reads them."""
    return [t.tag for t in parse(markdown) if t.level == 0 and t.nesting == 1]


def unindented_lines(markdown: str) -> list[str]:
    """The document's lines as any tool that splits at every line separator sees them,
    after the front matter, less the blank ones and those indented into a list item."""
    body = markdown[markdown.index("\n---\n", 3) + len("\n---\n") :]
    return [line for line in body.splitlines() if line.strip() and not line.startswith(" ")]


def assert_only_written_structure(markdown: str, records: list[ExportAnnotation]) -> None:
    """One H1, one H2 per article, its metadata list, then a blockquote, its block id
    and a list per annotation, whatever the texts hold; no line outside that starts a
    block."""
    per_annotation = ["blockquote", "p", "ul"]
    assert top_level_structure(markdown) == ["h1", "h2", "ul"] + per_annotation * len(records)
    ids = {"^" + block_id(r.iri) for r in records}
    assert headings(markdown, 1) == ["Annotations"]
    shown_title = visible(records[0].article.title)  # controls are shown as symbols
    assert headings(markdown, 2) == [shown_title.translate(UNREPRESENTABLE)]
    for line in unindented_lines(markdown):
        assert line.startswith(("# ", "## ", "> ", "-   ")) or line in {">", *ids}, repr(line)
    assert [line for line in unindented_lines(markdown) if line.startswith("#")] == [
        "# Annotations",
        "## " + escape_line(shown_title),
    ]


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_line_separator_in_a_note_cannot_forge_structure(separator: str) -> None:
    note = separator.join(["see <b>this</b> and `code`", "# forged heading", "- forged item"])
    records = [record("first", note=note), record("second", tags=("t",))]
    markdown = document(records)
    assert_only_written_structure(markdown, records)
    assert html_tokens(markdown) == []


def test_a_note_with_carriage_returns_and_code_exports() -> None:
    """markdown-it reads a CR as a line end: the note's lines must be counted alike."""
    markdown = document([record("q", note="one\r<b>two</b>\r\n`three`\rfour <i>")])
    assert html_tokens(markdown) == []
    assert "    one\n    \\<b>two\\</b>\n    `three`\n    four \\<i>\n" in markdown


def test_random_notes_never_crash_nor_forge_structure() -> None:
    """Property: whatever a note holds, the document has exactly the structure the
    exporter writes, to a CommonMark parser and to a tool splitting at every separator."""
    notes = random_texts(20261202, 300)
    records = [record(f"q{i}", iri=f"urn:uuid:{i}", note=n) for i, n in enumerate(notes)]
    for chunk in range(0, len(records), 100):
        part = records[chunk : chunk + 100]
        markdown = document(part)
        assert_only_written_structure(markdown, part)
        assert blockquote_texts(markdown) == [r.quote for r in part]
        assert html_tokens(markdown) == []


def test_random_quotes_titles_and_tags_never_forge_structure() -> None:
    """Property: the same for every other text an export shows."""
    texts = random_texts(1202, 240)
    for index in range(0, len(texts), 4):
        title, quote, tag, outlet = texts[index : index + 4]
        article = ExportArticle(1, title, outlet, outlet, None, None, outlet)
        records = [
            record(quote, article=article, tags=(tag,), note=title),
            record("after", article=article, iri="urn:uuid:2"),
        ]
        markdown = document(records)
        assert_only_written_structure(markdown, records)
        assert html_tokens(markdown) == []
