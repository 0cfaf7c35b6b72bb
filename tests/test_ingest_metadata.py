"""Metadata: front matter, header lines, dates, URLs, titles."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reader.ingest import parse_file
from reader.ingest.metadata import match_header_line, normalize_date, split_front_matter
from reader.models import ParsedArticle


def article_from(tmp_path: Path, text: str, name: str = "article.md") -> ParsedArticle:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-02-19", "2025-02-19"),
        ("2025/2/19", "2025-02-19"),
        ("2025年2月19日", "2025-02-19"),
        ("2025 年 02 月 19 日 12:30", "2025-02-19T12:30"),
        ("2025.02.19", "2025-02-19"),
        ("发布于 2025-02-19 08:05:09 北京", "2025-02-19T08:05:09"),
        ("2025年02月19日 12时30分", "2025-02-19T12:30"),
        ("Feb 19, 2025", "2025-02-19"),
        ("19 February 2025", "2025-02-19"),
        (dt.date(2025, 2, 19), "2025-02-19"),
        (dt.datetime(2025, 10, 6, 20, 47, 44, 855475), "2025-10-06T20:47:44"),
        ("2025-02-30", None),
        ("yesterday", None),
        (None, None),
    ],
)
def test_normalize_date(value: object, expected: str | None) -> None:
    assert normalize_date(value) == expected


def test_front_matter_fields(tmp_path: Path) -> None:
    article = article_from(
        tmp_path,
        "---\ntitle: 标题在这里\noutlet: 某某日报\nauthor: [张三, 李四]\npublished: 2024-03-05\n"
        "link: https://example.com/x\n---\n\n正文。\n",
    )
    assert article.title == "标题在这里"
    assert article.source == "某某日报"
    assert article.author == "张三、李四"
    assert article.date == "2024-03-05"
    assert article.url == "https://example.com/x"
    assert article.clean_text == "正文。"


def test_fetch_date_only_as_fallback(tmp_path: Path) -> None:
    article = article_from(
        tmp_path, "---\ntitle: T\nfetch_date: 2025-10-06T20:47:44.855475\n---\n正文。\n"
    )
    assert article.date == "2025-10-06T20:47:44"
    article = article_from(
        tmp_path,
        "---\ntitle: T\nfetch_date: 2025-10-06T20:47:44\n---\n日期：2024年1月2日\n\n正文。\n",
    )
    assert article.date == "2024-01-02"


def test_non_http_url_is_ignored(tmp_path: Path) -> None:
    article = article_from(tmp_path, "---\ntitle: T\nurl: javascript:alert(1)\n---\n正文。\n")
    assert article.url is None
    article = article_from(tmp_path, "---\ntitle: T\nurl: file:///etc/passwd\n---\n正文。\n")
    assert article.url is None


def test_broken_front_matter_does_not_crash(tmp_path: Path) -> None:
    article = article_from(tmp_path, "---\ntitle: [unclosed\n---\n这是正文。\n", name="broken.md")
    assert article.title  # never empty
    assert "这是正文。" in article.clean_text


def test_front_matter_that_is_not_a_mapping_is_body(tmp_path: Path) -> None:
    text = "---\n这只是一条分隔线下面的文字\n---\n后面的正文。\n"
    metadata, body = split_front_matter(text)
    assert metadata == {} and body == text
    article = article_from(tmp_path, text)
    assert "这只是一条分隔线下面的文字" in article.clean_text
    assert "后面的正文。" in article.clean_text


@pytest.mark.parametrize("bad_date", ["2024-13-45", "2024-02-30", "0000-01-01"])
def test_front_matter_with_an_impossible_date_is_still_front_matter(
    tmp_path: Path, bad_date: str
) -> None:
    # YAML reads a date-shaped value as a date; one no calendar has made the whole block
    # unparsable, so its lines leaked into the article's text and the rest was lost.
    text = f"---\ntitle: 测试标题\ndate: {bad_date}\nauthor: 张三\n---\n\n正文内容在这里。\n"
    metadata, body = split_front_matter(text)
    assert metadata["date"] == bad_date and metadata["author"] == "张三"
    assert body == "正文内容在这里。\n"
    article = article_from(tmp_path, text)
    assert article.clean_text == "正文内容在这里。"
    assert (article.title, article.author, article.date) == ("测试标题", "张三", None)


def test_unclosed_front_matter_is_body() -> None:
    text = "---\ntitle: x\n正文没有结束分隔线。\n"
    assert split_front_matter(text) == ({}, text)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("來源:彥飛 字母榜", {"author": "彥飛", "source": "字母榜"}),
        ("来源：新华社", {"source": "新华社"}),
        ("来源：Business Insider", {"source": "Business Insider"}),
        ("来源：量子位 | 公众号 QbitAI", {"source": "量子位"}),
        ("作者 | 宛辰 编辑 | 靖宇", {"author": "宛辰"}),
        ("作者 宛辰 编辑 | 靖宇", {"author": "宛辰"}),
        ("作者：张三、李四", {"author": "张三、李四"}),
        ("文 | 王五", {"author": "王五"}),
        ("文/赵六", {"author": "赵六"}),
        ("Jay 發自 凹非寺", {"author": "Jay"}),
        ("梦晨 衡宇 发自 凹非寺", {"author": "梦晨 衡宇"}),
        ("量子位 | 公眾號 QbitAI", {"source": "量子位"}),
        ("微信公众号：科技日报（ID：kjrb）", {"source": "科技日报"}),
        (
            "本文来自微信公众号：字母榜（ID：wujicaijing），作者：彦飞，编辑：王靖",
            {"source": "字母榜", "author": "彦飞"},
        ),
        ("发布时间：2024-03-05 10:20", {"date": "2024-03-05T10:20"}),
        ("2024年3月5日 10:20 北京", {"date": "2024-03-05T10:20"}),
        ("原文链接：https://example.com/a?b=1", {"url": "https://example.com/a?b=1"}),
        ("来源：https://example.com/only", {"url": "https://example.com/only"}),
        ("【2024.03.05】", {"date": "2024-03-05"}),
        ("(2005.12.28)", {"date": "2005-12-28"}),
        ("2024年3月5日（星期二） 北京", {"date": "2024-03-05"}),
        ("Jan 8, 2005", {"date": "2005-01-08"}),
        ("title: A plain title", {"title": "A plain title"}),
        ("编辑：靖宇", {}),
        ("原创 宛辰 极客公园", {"author": "宛辰", "source": "极客公园"}),
        (
            "原创 张三 澎湃新闻 2025-02-19 08:00 上海",
            {"author": "张三", "source": "澎湃新闻", "date": "2025-02-19T08:00"},
        ),
        ("极客公园 2025年02月19日 12:30 北京", {"source": "极客公园", "date": "2025-02-19T12:30"}),
    ],
)
def test_header_lines(line: str, expected: dict[str, str]) -> None:
    found = match_header_line(line)
    assert found is not None
    assert {name: value for name, value, _ in found.fields} == expected


@pytest.mark.parametrize(
    "line",
    [
        "他发自内心地笑了",
        "作者认为，这件事情并不简单，需要从多个角度来看待和分析。",
        "来源于生活的灵感，往往最打动人。",
        "1月30日，特斯拉发布2024年第四季度财报。",
        "有人质疑DeepSeek，马斯克就捧哏。",
        "文化是一个国家的灵魂",
        # a date inside a headline: the line is a title, not a date line
        "国务院2024年3月5日发布政府工作报告",
        "【2024.03.05】政府工作报告全文",
        '台风"山竹"登陆 2018年9月16日17时',
        "Year-end review of the news (2005.12.28)",
        # an event's time, not the publication date; a bare URL is the post's subject
        "時間：2005年12月30日（五）上午十時",
        "时间：2024年3月5日 下午三点",
        "Time: 2:00-3:30pm, Jan 8, 2005",
        "https://example.com/only",
    ],
)
def test_ordinary_lines_are_not_headers(line: str) -> None:
    assert match_header_line(line) is None


def test_header_lines_become_metadata_and_leave_the_body(tmp_path: Path) -> None:
    article = article_from(
        tmp_path,
        "# 苹果发布新款 iPad\n\n作者：李四 | 编辑：王五\n\n2024-05-01 09:30\n\n"
        "苹果公司周二发布了新款 iPad。\n\n新款 iPad 搭载 M4 芯片。\n",
    )
    assert article.title == "苹果发布新款 iPad"
    assert article.author == "李四"
    assert article.date == "2024-05-01T09:30"
    assert (
        article.clean_text
        == "苹果公司周二发布了新款 iPad。\n\n新款 iPad 搭载 M4 芯片。"  # title heading: header only
    )


def test_header_rules_only_near_the_top(tmp_path: Path) -> None:
    body = "".join(f"第{i}段正文内容。\n" for i in range(12))
    article = article_from(tmp_path, body + "作者：不应读取\n")
    assert article.author is None
    assert article.clean_text.endswith("作者：不应读取")


def test_wechat_byline_after_original_marker(tmp_path: Path) -> None:
    article = article_from(
        tmp_path, "# 标题\n\n原创\n\n小明\n\n某某科技\n\n正文第一段。\n\n正文第二段。\n"
    )
    assert article.author == "小明"
    assert article.source == "某某科技"
    assert article.clean_text == "正文第一段。\n\n正文第二段。"  # the title heading is shown once


def test_title_fallbacks(tmp_path: Path) -> None:
    assert article_from(tmp_path, "## 二级标题\n\n正文。\n").title == "二级标题"
    assert article_from(tmp_path, "专题：某个专题名称\n正文在这里。\n").title == "某个专题名称"
    long_line = "这是一个很长的第一段，" * 20 + "结束。"
    title = article_from(tmp_path, long_line + "\n第二段。\n").title
    assert len(title) <= 200 and "\n" not in title
    assert article_from(tmp_path, "。。。\n", name="only-punct.txt").title == "only-punct"
    named = tmp_path / "我的文章.txt"
    named.write_text("！！！\n", encoding="utf-8")
    assert parse_file(named).title == "我的文章"


def test_title_is_single_line_and_bounded(tmp_path: Path) -> None:
    article = article_from(
        tmp_path, "---\ntitle: |\n  第一行\n  第二行\nsource: x\n---\n正文。\n" + "x" * 10
    )
    assert article.title == "第一行 第二行"
    article = article_from(tmp_path, "---\ntitle: " + "长" * 500 + "\n---\n正文。\n")
    assert len(article.title) <= 200


@pytest.mark.parametrize(
    "headline",
    [
        "国务院2024年3月5日发布政府工作报告",
        "【2024.03.05】政府工作报告全文",
        '台风"山竹"登陆 2018年9月16日17时',
        "Annual meeting report (2005.12.28)",
    ],
)
def test_headline_with_a_date_is_the_title_and_stays(tmp_path: Path, headline: str) -> None:
    article = article_from(tmp_path, f"{headline}\n正文第一句。\n正文第二句。\n", name="a.txt")
    assert article.title == headline
    assert article.date is None
    assert article.clean_text.startswith(headline + "\n\n正文第一句。")


def test_event_time_and_subject_link_stay_in_the_text(tmp_path: Path) -> None:
    article = article_from(
        tmp_path,
        "讲座通知\n時間：2005年12月30日（五）上午十時\nTime: 2:00-3:30pm, Jan 8, 2005\n"
        "https://example.com/talk/42\n欢迎参加。\n",
        name="a.txt",
    )
    assert article.date is None
    assert article.url is None
    assert article.clean_text == (
        "讲座通知\n\n時間：2005年12月30日（五）上午十時\n\nTime: 2:00-3:30pm, Jan 8, 2005\n\n"
        "https://example.com/talk/42\n\n欢迎参加。"
    )


def test_publication_labels_still_set_the_date(tmp_path: Path) -> None:
    article = article_from(
        tmp_path, "标题\n發佈時間：2005年12月28日\n活动时间：2006年1月8日\n正文。\n", name="a.txt"
    )
    assert article.date == "2005-12-28"
    assert "活动时间：2006年1月8日" in article.clean_text
    assert "發佈時間" not in article.clean_text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("雨\n　　小雨淅淅沥沥地下了一整夜。\n", "雨"),
        ("窗\n窗外是一条安静的小街。\n窗里是我。\n", "窗"),
        ("2、6\n这是第二章第六节的正文。\n", "2、6"),
        ("春　晓\n春眠不觉晓，处处闻啼鸟。\n", "春　晓"),
        ("# 静夜　思\n\n床前明月光。\n", "静夜　思"),
    ],
)
def test_short_titles_are_titles_and_keep_their_characters(
    tmp_path: Path, text: str, title: str
) -> None:
    assert article_from(tmp_path, text, name="a.txt").title == title


def test_a_list_at_the_top_is_not_a_title(tmp_path: Path) -> None:
    article = article_from(tmp_path, "1、第一项\n2、第二项\n正文在这里。\n", name="a.txt")
    assert article.title == "正文在这里。"
