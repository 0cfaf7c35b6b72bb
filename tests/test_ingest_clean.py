"""The cleanup and the seed corpus, parsed from copies in tmp_path."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from reader.conversion import Script
from reader.ingest import CLEANER_VERSION, clean_body, normalize_text, parse_bytes, parse_file
from reader.models import ParsedArticle

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def seed(tmp_path: Path, prefix: str) -> ParsedArticle:
    (source,) = CORPUS.glob(f"{prefix}_*.txt")
    copy = tmp_path / source.name
    shutil.copyfile(source, copy)
    return parse_file(copy)


def paragraphs(article: ParsedArticle) -> list[str]:
    return article.clean_text.split("\n\n")


def assert_well_formed(text: str) -> None:
    assert text == text.strip()
    assert "\n\n\n" not in text
    for paragraph in text.split("\n\n"):
        assert paragraph and "\n" not in paragraph
        assert paragraph == paragraph.strip()


# ----------------------------------------------------------------------- seeds


def test_seed_000_traditional_with_source_line(tmp_path: Path) -> None:
    article = seed(tmp_path, "000")
    assert article.script is Script.TRADITIONAL
    assert article.source == "字母榜"
    assert article.author == "彥飛"
    assert article.title == "AI界“拼多多”DeepSeek刷屏"
    assert "來源:彥飛" not in article.clean_text
    assert paragraphs(article)[1].startswith("不斷變長的馬斯克")
    # prose with one paragraph per line: not reflowed, every line its own paragraph
    raw_lines = [line for line in article.raw_text.splitlines() if line.strip()]
    assert len(paragraphs(article)) == len(raw_lines) - 1  # minus the 來源 line
    assert paragraphs(article)[-1] == "36氪,《DeepSeek的用人觀:學霸、年輕人、禁止賽馬》"


def test_seed_001_wechat_markdown(tmp_path: Path) -> None:
    article = seed(tmp_path, "001")
    assert article.script is Script.SIMPLIFIED
    assert article.title == "Grok3 来了，马斯克笑了，网站崩溃了"
    assert article.source == "极客公园"
    assert article.author == "宛辰"
    assert article.date == "2025-02-19"
    assert article.url is not None
    assert article.url.startswith("https://mp.weixin.qq.com/s?__biz=MTMwNDMwODQ0MQ==")
    text = article.clean_text
    for debris in (
        "mmbiz.qpic.cn",
        "微信扫一扫",
        "轻点两下取消在看",
        "预览时标签不可点",
        "继续滑动看下一个",
        "使用完整服务",
        "作者头像",
        "](",
        "**",
        "cover_image",
        "更多阅读",
        "热点视频",
        "转载请联系",
        "原创",
        "作者 |",
        "靖宇",
        "fetch_date",
        "---",
        "头图来源",  # picture credit
        "极客一问",  # the comment prompt that closes the post
        "你如何看待",
    ):
        assert debris not in text, debris
    # the title (cover heading and article heading) lives in the header, not the body
    assert text.count("Grok3 来了，马斯克笑了，网站崩溃了") == 0
    first = paragraphs(article)
    assert first[0] == "「地球上最聪明的AI」，露了个面，还没来。"
    assert "第一个 10 万级 H100 训练出来的模型，Grok3 怎么样？" in first
    # an image followed by its caption on the same line keeps the caption
    assert (
        "马斯克直播刚结束，Andrej Karpathy 在 X 平台发表了提前使用 Grok3 的感受。｜截图来源：X"
        in first
    )
    assert "别忘了，马斯克可是战略高手" in text
    for paragraph in first:
        assert paragraph not in {"，", "：", "。", "赞", "在看", "分享", "取消", "允许"}


def test_seed_002_netease(tmp_path: Path) -> None:
    article = seed(tmp_path, "002")
    assert article.script is Script.TRADITIONAL
    assert article.source == "量子位"
    assert article.author == "Jay"
    text = article.clean_text
    for debris in ("發自", "公眾號", "特別聲明", "網易號", "Notice:", "NetEase", "![]()"):
        assert debris not in text, debris
    assert paragraphs(article)[0] == "料太真,真的馬斯克立馬跳起來開人了。(doge)"
    # references introduced by a heading stay
    assert "播客鏈接:\n\nhttps://www.youtube.com/watch?v=8jN60eJr4Ps" in text
    assert text.endswith("[3]https://mp.weixin.qq.com/s/M3W4WubP_opneiwrSt9tCw")
    assert "- 我已經離開了xAI。" in paragraphs(article)


def test_seed_003_transcript_is_reflowed(tmp_path: Path) -> None:
    article = seed(tmp_path, "003")
    assert article.script is Script.SIMPLIFIED
    raw_lines = [line for line in article.raw_text.splitlines() if line.strip()]
    paras = paragraphs(article)
    assert len(raw_lines) > 300
    assert len(paras) < len(raw_lines) / 5
    assert paras[0].startswith("大家好，这里是最佳拍档，我是大飞 GPT-4.5模型为何折戟")
    # the greeting is text, not the title; the channel that names itself is the source
    assert article.title == "GPT-4.5模型为何折戟、Meta为何抄袭DeepSeek却大翻车"
    assert article.source == "最佳拍档"
    assert article.author == "大飞"
    assert paras[0].endswith("以及谁会第一个实现ASI超级人工智能呢？")
    # no punctuation is invented: removing the joining spaces gives back the lines
    joined = "".join(article.clean_text.split())
    assert joined == "".join("".join(raw_lines).split())
    assert all(len(p) <= 300 for p in paras)
    assert paras[-1].startswith("好了 以上就是这次访谈的主要内容了")


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_seeds_are_well_formed_and_consistent(tmp_path: Path, prefix: str) -> None:
    article = seed(tmp_path, prefix)
    assert_well_formed(article.clean_text)
    assert article.cleaner_version == CLEANER_VERSION
    assert article.title and "\n" not in article.title and len(article.title) <= 200
    assert clean_body(normalize_text(article.raw_text)) == article.clean_text
    assert article.path == str(tmp_path / next(CORPUS.glob(f"{prefix}_*.txt")).name)
    data = (tmp_path / Path(article.path).name).read_bytes()
    assert parse_bytes(data, path=article.path) == article  # deterministic


def test_seed_parse_speed(tmp_path: Path) -> None:
    datas = [(p.read_bytes(), p.name) for p in sorted(CORPUS.glob("*.txt"))]
    for data, name in datas:
        parse_bytes(data, path=name)
    start = time.process_time()  # CPU time: load must not fail it
    for _ in range(10):
        for data, name in datas:
            parse_bytes(data, path=name)
    per_article = (time.process_time() - start) / (10 * len(datas))
    assert per_article < 0.02  # generous: real figures are a few milliseconds


# ----------------------------------------------------------------------- hostile input


def test_markup_brackets_are_kept_literally(tmp_path: Path) -> None:
    path = tmp_path / "markup.txt"
    path.write_text("标题[/]里有[@click=app.quit]括号\n正文[bold red]不是[/]标记。\n", "utf-8")
    article = parse_file(path)
    assert article.title == "标题[/]里有[@click=app.quit]括号"
    assert article.clean_text == "标题[/]里有[@click=app.quit]括号\n\n正文[bold red]不是[/]标记。"


def test_escapes_in_clean_text_are_stripped() -> None:
    data = "\x1b[1;31m警告\x1b[0m：正文\x1b]52;c;cm0gLXJmIH4=\x07继续。\n".encode()
    article = parse_bytes(data, path="x.txt")
    assert article.clean_text == "警告：正文继续。"


def test_huge_single_line(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("很长的一行文字，没有换行。" * 80_000, encoding="utf-8")  # 1.04M chars
    start = time.process_time()
    article = parse_file(path)
    assert time.process_time() - start < 5
    assert len(article.clean_text) == 80_000 * 13
    assert len(article.title) <= 200


# ----------------------------------------------------------------------- rules


def test_markdown_images_links_and_emphasis() -> None:
    text = (
        "# 标题\n\n"
        "![封面](https://img.example.com/a.jpg)\n\n"
        "[![](https://img.example.com/b.png)](https://example.com/x)\n\n"
        "![]()\n\n"
        "![](https://img.example.com/c.png)图一：现场照片\n\n"
        "这是**加粗**和*强调*以及***01***和[链接文字](https://example.com)。\n\n"
        "**作者 | 不在顶部的不算****\n\n"
        "\\*注：转义的星号保留\n\n"
        "> 引用的一段话。\n\n"
        "---\n\n"
        "1. 第一项\n2. 第二项\n"
    )
    assert clean_body(text) == (
        "图一：现场照片\n\n这是加粗和强调以及01和链接文字。\n\n"
        "*注：转义的星号保留\n\n引用的一段话。\n\n1. 第一项\n\n2. 第二项"
    )


def test_html_tags_and_entities() -> None:
    text = "<p>第一段&nbsp;文字</p><p>第二段 &amp; 更多<br>换行后</p>\n<!-- 注释 -->"
    assert clean_body(text) == "第一段 文字\n\n第二段 & 更多\n\n换行后"


def test_punctuation_only_lines_and_repeated_titles() -> None:
    text = "# 同一个标题\n\n同一个标题\n\n，\n\n：\n\n正文。\n\n。\n"
    assert clean_body(text) == "正文。"


def test_front_matter_title_repeated_in_body() -> None:
    text = "---\ntitle: 标题甲\n---\n\n# 标题甲\n\n![](x.png)\n\n# 标题甲\n\n正文。\n"
    assert clean_body(text) == "正文。"


def test_short_furniture_words_only_at_the_end() -> None:
    text = "正文第一段。\n\n分享\n\n正文第二段。\n\n分享\n\n在看\n\n赞\n"
    assert clean_body(text) == "正文第一段。\n\n分享\n\n正文第二段。"


def test_wechat_tail_is_cut() -> None:
    text = (
        "正文第一段，内容充实。\n\n正文第二段，同样充实。\n\n预览时标签不可点\n\n微信扫一扫\n关注该公众号\n\n"
        "某公众号\n\n继续滑动看下一个\n\n知道了\n\n取消\n允许\n\n×\n分析\n"
    )
    assert clean_body(text) == "正文第一段，内容充实。\n\n正文第二段，同样充实。"


def test_promo_block_at_the_end_is_cut() -> None:
    body = "".join(f"第{i}段正文，内容很长很长很长很长很长很长很长。\n\n" for i in range(10))
    text = (
        body
        + "往期推荐\n\n[另一篇文章](https://example.com/1)\n\n[第三篇文章](https://example.com/2)\n"
    )
    cleaned = clean_body(text)
    assert cleaned.endswith("第9段正文，内容很长很长很长很长很长很长很长。")
    assert "往期推荐" not in cleaned and "另一篇文章" not in cleaned


def test_promo_word_early_in_the_text_is_kept() -> None:
    text = "更多阅读\n\n" + "".join(f"第{i}段正文，内容很长很长很长。\n\n" for i in range(10))
    assert clean_body(text).startswith("更多阅读\n\n第0段")


def test_netease_notice_is_removed() -> None:
    text = (
        "正文。\n"
        "特别声明：以上内容(如有图片或视频亦包括在内)为自媒体平台“网易号”用户上传并发布，"
        "本平台仅提供信息存储服务。\n"
        "Notice: The content above (including the pictures and videos if any) is uploaded "
        "and posted by a user of NetEase Hao, which is a social media platform and only "
        "provides information storage services.\n"
    )
    assert clean_body(text) == "正文。"


def test_bare_url_lines_are_kept_in_the_body() -> None:
    text = "正文第一段。\n正文第二段。\n正文第三段。\n" * 3 + "项目地址：\nhttps://github.com/x/y\n"
    assert clean_body(text).endswith("项目地址：\n\nhttps://github.com/x/y")


def test_prose_with_short_lines_separated_by_blank_lines_is_not_reflowed() -> None:
    phrases = ["有些人", "一辈子都在等", "等一个机会", "等一个人", "等一句话", "可是时间"]
    text = "\n\n".join(phrases * 2)
    assert clean_body(text).split("\n\n") == phrases * 2


def test_transcript_reflow_rules() -> None:
    lines = [
        "大家好",
        "今天我们来聊一聊",
        "一个很有意思的话题",
        "那就是人工智能",
        "到底会不会取代人类的工作？",
        "首先",
        "我们要看到",
        "技术的发展速度",
        "确实非常快",
        "很多行业已经受到了影响",
        "其次",
        "我们也要看到",
        "人类的适应能力",
        "同样非常强",
        "好了",
        "今天就聊到这里",
    ]
    assert clean_body("\n".join(lines)).split("\n\n") == [
        "大家好 今天我们来聊一聊 一个很有意思的话题 那就是人工智能 到底会不会取代人类的工作？",
        "首先 我们要看到 技术的发展速度 确实非常快 很多行业已经受到了影响",
        "其次 我们也要看到 人类的适应能力 同样非常强",
        "好了 今天就聊到这里",
    ]


def test_transcript_join_after_full_width_punctuation_adds_no_space() -> None:
    lines = ["在访谈中，", "他表示", "这个问题"] * 5
    reflowed = clean_body("\n".join(lines))
    assert "在访谈中，他表示 这个问题" in reflowed


def test_hard_wrapped_text_is_unwrapped() -> None:
    text = (
        "　　这是一段被硬换行的文字，每一行大约有三十个字左右，因为原来的排版\n"
        "工具把段落切成了固定宽度的行，所以看起来每一行都差不多长，但句子常常在行\n"
        "中间就断开了，这种情况在邮件或者纯文字存档中非常常见，需要重新接起来。\n"
        "　　第二段开始了，这一段也是同样的情况，每一行的宽度差不多都是三十个字，而\n"
        "且句子会被切断在行尾，读起来很不方便，所以清理程序应该把它们接回一段。\n"
        "　　第三段同样如此，我们再写几行来确认行为是稳定的，不会把短的行接错，\n"
        "也不会把两个不同的段落错误地合并在一起，这一点对读者来说非常重要的事情。\n"
        "结束。\n"
    )
    cleaned = clean_body(text).split("\n\n")
    assert len(cleaned) == 3
    assert cleaned[0].endswith("需要重新接起来。")
    assert cleaned[2].endswith("非常重要的事情。结束。")


def test_nothing_left_keeps_the_text() -> None:
    assert clean_body("分享") == "分享"
    assert clean_body("，\n。") == "，\n\n。"


def test_cleanup_is_deterministic_and_idempotent_on_plain_paragraphs() -> None:
    text = "第一段。\n\n第二段。\n\n第三段。"
    assert clean_body(text) == text
    assert clean_body(clean_body(text)) == text


def test_bare_image_urls_are_debris() -> None:
    body = "".join(f"第{i}段。\n" for i in range(10))
    text = (
        body + "https://mmbiz.qpic.cn/mmbiz_png/abc/640?wx_fmt=png\n"
        "https://example.com/photo.JPG?size=large\n"
        "https://example.com/article/123\n"
    )
    cleaned = clean_body(text)
    assert "mmbiz" not in cleaned and "photo" not in cleaned
    assert cleaned.endswith("第9段。\n\nhttps://example.com/article/123")


def test_bare_url_at_the_top_stays_and_a_labelled_one_is_the_address(tmp_path: Path) -> None:
    path = tmp_path / "u.txt"
    path.write_text("标题\nhttps://example.com/news/1\n正文。\n", encoding="utf-8")
    article = parse_file(path)
    assert article.url is None
    assert article.clean_text == "标题\n\nhttps://example.com/news/1\n\n正文。"
    path.write_text("标题\n原文链接：https://example.com/news/1\n正文。\n", encoding="utf-8")
    article = parse_file(path)
    assert article.url == "https://example.com/news/1"
    assert article.clean_text == "标题\n\n正文。"


def test_plain_first_line_used_as_title_stays_in_the_body() -> None:
    """A first sentence that only served as the title of last resort is still text."""
    text = "大家好，这里是节目\n今天聊三件事。\n"
    assert clean_body(text).startswith("大家好，这里是节目")


def test_a_lone_title_heading_is_kept() -> None:
    assert clean_body("# 只有标题\n") == "只有标题"


PLAIN_WITH_MARKUP_CHARACTERS = (
    "代码说明\n"
    "变量 /*坐标*/ 记录位置，*注意* 这里的星号是原文。\n"
    "~~这段不是删除线~~，只是波浪号。\n"
    "字符实体&#12415;照原样保留。\n"
    ">>回复楼上：同意。\n"
    "# 不是标题而是井号开头的一句话。\n"
)


def test_plain_text_keeps_its_characters(tmp_path: Path) -> None:
    path = tmp_path / "plain.txt"
    path.write_text(PLAIN_WITH_MARKUP_CHARACTERS, encoding="utf-8")
    article = parse_file(path)
    assert article.clean_text == PLAIN_WITH_MARKUP_CHARACTERS.strip().replace("\n", "\n\n")


def test_markdown_file_has_its_markup_removed(tmp_path: Path) -> None:
    path = tmp_path / "same.md"
    path.write_text(PLAIN_WITH_MARKUP_CHARACTERS, encoding="utf-8")
    text = parse_file(path).clean_text
    assert "/坐标/" in text and "*注意*" not in text and "注意 这里" in text
    assert "~~" not in text and "&#12415;" not in text and "み" in text
    assert ">>" not in text and "回复楼上：同意。" in text


def test_text_file_that_is_markdown_is_cleaned_as_markdown(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"
    path.write_text(
        "# 标题\n\n![](https://img.example.com/a.png)\n\n这是**加粗**的[链接](https://x.org)。\n",
        encoding="utf-8",
    )
    article = parse_file(path)
    assert article.title == "标题"
    assert article.clean_text == "这是加粗的链接。"


def test_picture_credits_are_debris_captions_are_not() -> None:
    body = "".join(f"第{i}段正文，内容充实。\n\n" for i in range(10))
    text = (
        "头图来源：视觉中国\n\n" + body + "\\*头图来源：视觉中国\n\n图片来源：网络\n\n"
        "題圖 | 路透社\n\n图：发布会现场\n\n最后一段。\n"
    )
    cleaned = clean_body(text, markdown=True)
    assert "来源" not in cleaned and "題圖" not in cleaned
    assert cleaned.endswith("图：发布会现场\n\n最后一段。")


@pytest.mark.parametrize(
    "ending",
    [
        "极客一问\n\n你如何看待 Grok 3？",
        "**互动话题**\n\n大家怎么看这件事?",
        "今日话题：你会买吗？",
    ],
)
def test_a_closing_question_to_the_reader_under_a_label_is_dropped(ending: str) -> None:
    body = "".join(f"第{i}段正文，内容充实。\n\n" for i in range(6))
    assert clean_body(body + ending) == body.strip()


@pytest.mark.parametrize(
    "ending",
    ["结尾\n\n你如何看待这件事？", "那么，你如何看待这件事？", "问题\n\n这会是结局吗？"],
)
def test_a_closing_question_that_is_text_stays(ending: str) -> None:
    body = "".join(f"第{i}段正文，内容充实。\n\n" for i in range(6))
    if ending.startswith("结尾"):
        ending = "这是最后一段的正文，写得很长。\n\n你如何看待这件事？"
    assert clean_body(body + ending).endswith(ending.split("\n\n")[-1])


@pytest.mark.parametrize(
    ("greeting", "source", "author"),
    [
        ("大家好，这里是科技早知道，我是小王", "科技早知道", "小王"),
        ("歡迎收看《新聞週報》", "新聞週報", None),
        ("哈喽大家好", None, None),
    ],
)
def test_spoken_greeting_is_text_not_title(
    tmp_path: Path, greeting: str, source: str | None, author: str | None
) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"{greeting}\n今天的主題是颱風。\n颱風昨晚登陸。\n", encoding="utf-8")
    article = parse_file(path)
    assert article.title == "今天的主題是颱風。"
    assert article.source == source and article.author == author
    assert article.clean_text.startswith(greeting)


def test_text_without_two_spaces_or_an_odd_space_has_no_run_to_squeeze() -> None:
    # _markup_to_lines skips _SPACE_RUN when neither is in the text: for every
    # character, a text with it between single spaces must then be left alone.
    from reader.ingest.clean import _ODD_SPACE, _SPACE_RUN

    for code in range(0x110000):
        text = f"a {chr(code)} b"
        if "  " not in text and not _ODD_SPACE.search(text):
            assert _SPACE_RUN.sub(" ", text) == text, hex(code)
