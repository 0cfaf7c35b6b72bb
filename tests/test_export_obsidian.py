"""The Markdown export as Obsidian and Readwise users expect it: properties in the
front matter (valid YAML), block ids, tags in one script and in a form Obsidian takes,
notes that cannot hide or mark up the rest of the file, quotes escaped only where a
renderer would change them, and the TUI writing what the CLI writes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import frontmatter
import pytest
from store_helpers import add_article
from test_export_fixtures import REPO, blockquote_texts, fixed_clock, parse
from tui_helpers import open_from_list, run_scenario, settle

from reader import annotations as service
from reader.conversion import DisplayScript
from reader.export import render
from reader.export.commonmark import blockquote, escape_line
from reader.export.obsidian import block_id
from reader.importer import sync_corpus
from reader.store.database import open_database
from reader.tui.screenshots import fresh_app

TEXT = "評論與分析\n馬斯克說，H100相當于A100的6~7倍。\n另一段：成本約$5，C++ 很快。"
URL = "https://news.example.tw/a/1?x=1&y=2"
BLOCK_ID = re.compile(r"^\^([A-Za-z0-9-]+)$", re.MULTILINE)


@pytest.fixture
def article(db, monkeypatch):
    fixed_clock(monkeypatch)
    ident = add_article(db, TEXT, "/corpus/評論.txt", URL, source="中央社", date="2025-02-20")
    db.conn.execute("UPDATE article_versions SET author = '記者王' WHERE article_id = ?", (ident,))
    db.conn.commit()
    return ident


def test_front_matter_is_yaml_with_obsidian_properties(db, article) -> None:
    service.create_from_quote(db, article, "馬斯克說", tags=["評論", "C++", "2025", "Grok 3"])
    markdown = render(db, article_ids=[article], exported_at="2025-03-01T00:00:00+00:00")
    properties = frontmatter.loads(markdown).metadata
    assert properties["title"] == "評論與分析"
    assert (properties["source"], properties["url"]) == ("中央社", URL)
    assert properties["author"] == "記者王"
    assert str(properties["date"]) == "2025-02-20"
    assert properties["tags"] == ["評論", "Cplusplus", "tag-2025", "Grok-3"]
    assert properties["reader_tags"] == ["評論", "C++", "2025", "Grok 3"]
    assert properties["aliases"] == ["评论与分析"]
    assert properties["exported_at"] == "2025-03-01T00:00:00+00:00"


def test_hostile_titles_stay_yaml_strings(db, monkeypatch) -> None:
    fixed_clock(monkeypatch)
    title = 'a: b\n- c # "d" \u2028 \x85 ---'
    ident = add_article(db, title + "\n正文一句。", "/corpus/x.txt")
    service.create_from_quote(db, ident, "正文一句")
    properties = frontmatter.loads(render(db)).metadata
    assert properties["title"] == title.split("\n")[0]


@pytest.mark.parametrize(
    ("script", "tag"),
    [
        (DisplayScript.ORIGINAL, "#評論"),
        (DisplayScript.SIMPLIFIED, "#评论"),
        (DisplayScript.TRADITIONAL, "#評論"),
    ],
)
def test_tags_are_written_in_the_chosen_script(db, article, script, tag) -> None:
    service.create_from_quote(db, article, "馬斯克說", tags=["評論"])
    service.create_from_quote(db, article, "另一段", tags=["评论"])  # the same tag here
    markdown = render(db, tag_script=script)
    assert re.findall(r"^-   Tags: (.*)$", markdown, re.MULTILINE) == [tag, tag]
    assert frontmatter.loads(markdown).metadata["tags"] == [tag[1:]]


def test_block_ids_are_stable_valid_and_distinct(db, article) -> None:
    first = service.create_from_quote(db, article, "馬斯克說")
    service.create_from_quote(db, article, "另一段")
    markdown = render(db)
    ids = BLOCK_ID.findall(markdown)
    assert len(ids) == len(set(ids)) == 2
    service.update_annotation(db, first.id, note="edited later")
    assert BLOCK_ID.findall(render(db)) == ids
    assert block_id("urn:uuid:x") == block_id("urn:uuid:x") != block_id("urn:uuid:y")


def test_a_note_cannot_open_an_obsidian_comment_or_highlight(db, article) -> None:
    note = "50%% off %% hidden? == marked\n\n`keep %% and == in code`\n\n```\n%% fenced ==\n```"
    service.create_from_quote(db, article, "馬斯克說", note=note)
    service.create_from_quote(db, article, "另一段", note="after")
    markdown = render(db)
    outside_code = re.sub(r"```.*?```", "", markdown, flags=re.DOTALL)
    outside_code = re.sub(r"`[^`\n]*`", "", outside_code)
    assert "%%" not in outside_code and "==" not in outside_code
    assert "`keep %% and == in code`" in markdown
    assert "    %% fenced ==" in markdown
    assert "after" in markdown
    item = markdown.split("-   Note:", 1)[1]
    assert r"50\%\% off \%\% hidden? \=\= marked" in item


def test_a_lone_tilde_or_dollar_stays_as_written(db, article) -> None:
    service.create_from_quote(db, article, "H100相當于A100的6~7倍")
    service.create_from_quote(db, article, "成本約$5")
    markdown = render(db)
    assert "> H100相當于A100的6~7倍" in markdown
    assert "> 成本約$5" in markdown
    assert blockquote_texts(markdown) == ["H100相當于A100的6~7倍", "成本約$5"]


@pytest.mark.parametrize(
    "text",
    ["6~7倍和8~9倍", "~~删除~~", "~~~\n不是代码", "$5 与 $6", "$$\nx\n$$", "a~b\n\nc~d"],
)
def test_paired_tildes_and_dollars_are_escaped(text: str) -> None:
    quote = blockquote(text)
    tokens = [t for t in parse(quote) if t.type in ("s_open", "fence", "code_block")]
    assert tokens == []
    assert blockquote_texts(quote) == [text]
    if len(re.findall(r"~+|\$+", text)) > 1:  # a pair: every one escaped
        assert "~" not in quote.replace("\\~", "") and "$" not in quote.replace("\\$", "")


def test_a_lone_tilde_in_a_title_is_left_alone() -> None:
    assert escape_line("约6~7倍") == "约6~7倍"
    assert escape_line("~开头") == "\\~开头"


def test_the_tui_export_is_the_cli_export(tmp_path: Path, monkeypatch, cli_in) -> None:
    """Same folder, same article: the file the TUI writes is the one the CLI writes,
    paths relative to the working folder, but for the time of the export."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(REPO / "corpus" / "000_d98721091214a611.txt", corpus)
    db_path = tmp_path / "annotations.db"
    db = open_database(db_path)
    sync_corpus(db, corpus)
    ident = db.conn.execute("SELECT id FROM articles").fetchone()[0]
    service.create_from_quote(db, ident, "有人質疑DeepSeek,馬斯克就捧哏。", tags=["評論"], note="n")
    db.conn.close()
    monkeypatch.chdir(tmp_path)

    async def scenario(pilot, app) -> None:
        await open_from_list(pilot, app, ident)
        await pilot.press("X")
        await settle(pilot)

    run_scenario(fresh_app(db_path, corpus), scenario)
    [from_tui] = list((tmp_path / "exports").glob("*.md"))
    cli_in(db_path, "export", "--article", str(ident), "--output", "cli/")
    [from_cli] = list((tmp_path / "cli").glob("*.md"))
    assert from_tui.name == from_cli.name
    stamp = re.compile(r'^exported_at: ".*"$', re.MULTILINE)
    tui_text = from_tui.read_text(encoding="utf-8")
    assert stamp.sub("", tui_text) == stamp.sub("", from_cli.read_text(encoding="utf-8"))
    assert "-   Path: corpus/" in tui_text


@pytest.fixture
def cli_in(capsys):
    from reader.cli.main import main

    def run(db_path: Path, *args: str) -> None:
        assert main(["--db", str(db_path), *args]) == 0
        capsys.readouterr()

    return run
