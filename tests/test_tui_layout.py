"""Wrapping, safe text and the ArticleView API (offsets, script toggle, highlights)."""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.style import Style
from textual.app import App, ComposeResult

from reader.conversion import DisplayScript, Script, for_display
from reader.models import Article, ArticleSummary
from reader.tui.safe_text import literal, printable
from reader.tui.widgets.article_view import ArticleView
from reader.tui.wrap import CLOSING, OPENING, fit, fit_around, same_layout, wrap

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
SEED_TEXT = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt")))


def rule_exempt(text: str, position: int) -> bool:
    """Whether ``position`` is a source line end or falls between two narrow,
    non-space characters (a break inside a long word or URL)."""
    before, after = text[position - 1], text[position]
    if "\n" in (before, after):
        return True
    return all(ch != " " and cell_len(ch) == 1 for ch in (before, after))


def lines_of(text: str, width: int) -> list[str]:
    layout = wrap(text, width)
    return [text[a:b] for a, b in zip(layout.starts, layout.ends, strict=True)]


@pytest.mark.parametrize("width", [2, 3, 7, 20, 41, 80])
def test_wrap_fits_covers_and_respects_kinsoku(width: int) -> None:
    text = SEED_TEXT[:20_000]
    layout = wrap(text, width)
    position = 0
    for start, end in zip(layout.starts, layout.ends, strict=True):
        line = text[start:end]
        assert "\n" not in line
        assert text[position:start].strip(" \n") == "", "no character is skipped"
        position = end
        if len(line.rstrip()) > 1:
            hangs = line.rstrip(" ")[-1] in CLOSING
            assert cell_len(line.rstrip(" ")) <= width + hangs, line
            # Rules give way at degenerate widths and inside a word longer than a line.
            if width >= 20 and start > 0 and not rule_exempt(text, start):
                assert line[0] not in CLOSING, line
            if width >= 20 and end < len(text) and not rule_exempt(text, end):
                assert line.rstrip(" ")[-1] not in OPENING, line
    assert position == len(text)


def test_wrap_keeps_paragraph_gaps_and_words() -> None:
    text = "第一段文字。\n\nHello wonderful world\n\n第二段。"
    assert lines_of(text, 12) == [
        "第一段文字。",
        "",
        "Hello ",
        "wonderful ",
        "world",
        "",
        "第二段。",
    ]


def test_kinsoku_moves_a_character_down_with_closing_punctuation() -> None:
    text = "一二三四五，六七"
    # Width 10 fits five characters; "，" would begin line two, so "五" goes with it.
    assert lines_of(text, 10) == ["一二三四", "五，六七"]
    assert lines_of("一二三「四五", 8) == ["一二三", "「四五"]


def test_wrap_one_million_characters_is_fast() -> None:
    text = (SEED_TEXT * (1_000_000 // len(SEED_TEXT) + 1))[:1_000_000]
    started = time.process_time()  # CPU time: a busy machine must not fail it
    layout = wrap(text, 76)
    elapsed = time.process_time() - started
    assert len(layout) > 20_000
    assert elapsed < 2.0, f"wrapping 1M characters took {elapsed:.2f}s"


def test_script_conversion_mostly_keeps_the_layout() -> None:
    simplified = for_display(SEED_TEXT, DisplayScript.SIMPLIFIED).text
    assert same_layout(SEED_TEXT, simplified)
    assert wrap(SEED_TEXT, 40) == wrap(simplified, 40)
    assert not same_layout("中文，", "中文 ,")
    assert not same_layout("中文", "中文字")


def test_printable_replaces_controls_one_for_one() -> None:
    hostile = "a\x1b[31mb\x1b]52;c;SGVsbG8=\x07c\x9bd\u202ee\tf\ng"
    shown = printable(hostile)
    assert len(shown) == len(hostile)
    assert not any(ord(ch) < 0x20 or 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "\u202e" not in shown
    assert printable("x\ny", keep_newlines=True) == "x\ny"
    assert literal("[b]x[/b]").plain == "[b]x[/b]"


def test_printable_finds_exactly_the_characters_it_replaces() -> None:
    """The quick check (a regex) and the replacement table must agree on every
    character, or clean-looking text would reach the terminal untranslated."""
    for keep_newlines in (False, True):
        replaced = [
            chr(code)
            for code in range(0x3000)
            if printable(chr(code), keep_newlines=keep_newlines) != chr(code)
        ]
        expected = [chr(c) for c in range(0x20) if not (keep_newlines and c == 0x0A)]
        expected += [chr(c) for c in range(0x7F, 0xA0)]
        expected += [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
        assert replaced == expected


def test_fit_pads_and_cuts_by_cells() -> None:
    assert fit("马斯克", 8) == "马斯克  "
    assert fit("马斯克马斯克", 7) == "马斯克…"
    assert cell_len(fit("马斯克马斯克", 6, "right")) == 6


@pytest.mark.parametrize("width", [4, 6, 9, 10, 15, 24, 80])
def test_fit_around_keeps_the_hit_in_view(width: int) -> None:
    text = "甲乙丙丁戊己庚辛壬癸 said 马斯克 子丑寅卯辰巳午未申酉 and more"
    start = text.index("马斯克")
    cut, hit_start, hit_end = fit_around(text, start, start + 3, width)
    assert cell_len(cut) <= width
    if width >= 6:
        assert cut[hit_start:hit_end] == "马斯克"
    else:  # narrower than the hit: its beginning
        assert cut == cut[hit_start:hit_end] == "马…"
    if width >= 8:  # room for the hit and a … either side
        assert cut.startswith("…") == (text[:start] not in cut)
        assert cut.endswith("…") == (text[start + 3 :] not in cut)
    if cell_len(text) <= width:
        assert cut == text


def make_article(text: str, title: str = "标题") -> Article:
    summary = ArticleSummary(
        id=1,
        title=title,
        source="来源",
        author="作者",
        date="2025-01-01",
        url="https://example.com/a",
        path="/tmp/a.txt",
        script=Script.TRADITIONAL,
        chars=len(text),
        version=1,
        missing=False,
    )
    return Article(summary=summary, version_id=1, clean_text=text)


class ViewApp(App[None]):
    def __init__(self, article: Article, mode: DisplayScript = DisplayScript.ORIGINAL) -> None:
        super().__init__()
        self.article = article
        self.mode = mode

    def compose(self) -> ComposeResult:
        yield ArticleView()

    def on_mount(self) -> None:
        self.query_one(ArticleView).load(self.article, self.mode)


def run(app: App[None], scenario, size: tuple[int, int] = (60, 20)) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot, app.query_one(ArticleView))

    asyncio.run(main())


TRADITIONAL = "\n\n".join(
    f"第{n}段:馬斯克說,這個頭髮問題很簡單。後來他們發現,雲端運算的憂鬱與臺灣的資訊" * 2
    for n in range(60)
)


def test_toggle_keeps_the_passage_at_the_top_and_highlights_follow() -> None:
    article = make_article(TRADITIONAL)

    async def scenario(pilot, view: ArticleView) -> None:
        target = TRADITIONAL.index("第30段")
        view.scroll_to_offset(target, center=False)
        await pilot.pause()
        assert view.top_offset() <= target < view.top_offset() + 80
        top = view.top_offset()
        hit = TRADITIONAL.index("頭髮", target)
        view.set_highlights("test", [(hit, hit + 2)], Style(bgcolor="red"))
        for mode in (DisplayScript.SIMPLIFIED, DisplayScript.TRADITIONAL, DisplayScript.ORIGINAL):
            view.set_mode(mode)
            await pilot.pause()
            assert abs(view.top_offset() - top) < 80, mode
            display_hit = view.offsets.to_target(hit)
            assert view.display_text[display_hit : display_hit + 2] in ("頭髮", "头发")
            row = view.line_for_offset(hit) - round(view.scroll_y)
            strip = view.render_line(row)
            assert any(
                seg.style and seg.style.bgcolor and seg.style.bgcolor.name == "red" for seg in strip
            ), mode
        view.clear_highlights("test")

    run(ViewApp(article), scenario)


def test_width_change_keeps_position_and_offset_at_maps_cells() -> None:
    article = make_article(TRADITIONAL)

    async def scenario(pilot, view: ArticleView) -> None:
        target = TRADITIONAL.index("第40段")
        view.scroll_to_offset(target, center=False)
        await pilot.pause()
        before = view.top_offset()
        await pilot.resize_terminal(40, 20)
        await pilot.pause()
        assert abs(view.top_offset() - before) < 40
        row = view.line_for_offset(target) - round(view.scroll_y)
        assert (
            view.offset_at(view._margin, row)
            == view.layout.starts[view.layout.line_for(view.offsets.to_target(target))]
        )
        assert view.offset_at(0, -1) is None

    run(ViewApp(article), scenario)


def test_million_character_article_opens_and_scrolls() -> None:
    text = (SEED_TEXT * (1_000_000 // len(SEED_TEXT) + 1))[:1_000_000]
    article = replace(make_article(text), clean_text=text)

    async def scenario(pilot, view: ArticleView) -> None:
        assert len(view.layout) > 20_000
        await pilot.press("G")
        assert view.scroll_y == view.max_scroll_y
        started = time.process_time()
        await pilot.press("g", "space", "space", "b", "j", "k")
        assert time.process_time() - started < 2.0
        assert view.top_offset() > 0

    view_app = ViewApp(article)
    run(view_app, scenario, size=(100, 30))
