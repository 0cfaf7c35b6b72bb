"""Extraction and keys on small texts: the general rules, not the seed articles."""

from __future__ import annotations

import itertools

import pytest

from reader.entities.debris import mask_debris
from reader.entities.extract import extract
from reader.entities.kinds import EntityKind
from reader.entities.lexicon import lexicon
from reader.entities.linking import normalise_key


def keys(text: str) -> list[str]:
    return [candidate.key for candidate in extract(text)]


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("埃隆·马斯克", "埃隆马斯克"),
        ("馬斯克", "马斯克"),
        ("Grok 3", "grok3"),
        ("Grok-3", "Grok3"),
        ("ＧＰＴ－４ｏ", "gpt-4o"),
        ("伊隆・馬斯克", "伊隆‧马斯克"),
    ],
)
def test_keys_ignore_script_case_width_and_joiners(left: str, right: str) -> None:
    assert normalise_key(left) == normalise_key(right)


@pytest.mark.parametrize(
    ("left", "right"), [("GPT-4o", "GPT-4.5"), ("o1", "o1-pro"), ("GPT-4.5", "GPT-45")]
)
def test_keys_keep_different_names_apart(left: str, right: str) -> None:
    assert normalise_key(left) != normalise_key(right)


def test_model_names_keep_their_versions() -> None:
    text = "xAI 发布 Grok 3，对标 GPT-4o 与 o1-pro；Grok3 和 Grok-3 是同一个，o1 是另一个。"
    found = keys(text)
    assert found.count("grok3") == 3
    assert {"xai", "gpt4o", "o1pro", "o1"} <= set(found)
    assert "o1" not in [k for k in found if k.startswith("o1p")]


def test_version_words_and_letters_join_the_name() -> None:
    found = keys("Gemini 2.0 Flash Thinking 和 Model Y 以及 o3-mini 都在榜单上。")
    assert found == ["gemini2.0flashthinking", "modely", "o3mini"]


def test_generic_latin_terms_and_english_prose_are_not_names() -> None:
    assert keys("这位 CEO 说 AI Agent 需要更多 GPU 和 Token。") == []
    prose = "“We need to go deeper, said The Author”"
    assert keys(prose) == []


def test_job_titles_are_trimmed_from_names() -> None:
    found = extract("Salesforce CEO贝尼奥夫认为，SemiAnalysis的CEO Dylan Patel也同意。")
    surfaces = [c.surface for c in found]
    assert "Salesforce" in surfaces and "Dylan Patel" in surfaces


def test_a_lone_letter_needs_a_platform_word() -> None:
    assert keys("他在X平台发帖，又在 X 用户中走红。") == ["x", "x"]
    assert keys("Model 3、Y、S和X四大车型降价，A股上涨。") == ["model3"]


def test_page_debris_never_yields_names() -> None:
    text = (
        "![cover](https://mmbiz.qpic.cn/mmbiz_png/8cu01Kavc5ZNtcibZd/640?wx_fmt=png) "
        "见 https://x.com/OpenAI/status/1 或 www.example.com/DeepSeek，"
        "邮件 press@OpenAI.com，文件 Grok_Report.pdf，哈希 d98721091214a611。"
    )
    left = set(mask_debris(text)) - set(" ，。见或邮件文哈希")
    assert left == set()
    assert keys(text) == []


@pytest.mark.parametrize(
    "line",
    [
        "訂閱我們的YouTube頻道，緊貼最新消息",
        "订阅我们的YouTube频道",
        "分享到：Facebook WhatsApp",
        "下載Lumora App 即時接收新聞推送",
        "Follow us on Instagram",
    ],
)
def test_calls_to_share_or_subscribe_are_page_furniture(line: str) -> None:
    # The platform a share bar or a subscribe line names is the page's, not the story's.
    text = f"{line}\n林小华今日到访慈恩医院。\n"
    assert mask_debris(text).split() == ["林小华今日到访慈恩医院。"]
    assert "youtube" not in keys(text) and "lumora" not in keys(text)


@pytest.mark.parametrize("line", ["分享經驗的林小華表示", "關注組成員林小華指出"])
def test_a_sentence_starting_like_a_call_is_kept(line: str) -> None:
    assert mask_debris(line) == line


def test_common_words_jieba_tags_as_names_are_dropped() -> None:
    text = "这东西得到许可以后，我明白了：上市公司的深度和云都卓越。"
    assert keys(text) == []


def test_numbers_do_not_start_names() -> None:
    assert "万卡" not in keys("122 天拉起了 10 万卡集群。")


def test_dictionary_names_and_dotted_names_are_people() -> None:
    found = extract("英伟达CEO黄仁勋与唐纳德·特朗普会面，纳德拉也在。")
    kinds = {c.key: c.kind for c in found}
    assert kinds["英伟达"] is EntityKind.ORGANISATION
    assert kinds["黄仁勋"] is EntityKind.PERSON
    assert kinds["唐纳德特朗普"] is EntityKind.PERSON
    assert kinds["纳德拉"] is EntityKind.PERSON


def test_similar_han_names_stay_apart() -> None:
    assert keys("图片来源：视觉中国。中国市场很大。") == ["视觉中国", "中国"]


def test_a_surname_refers_back_to_the_full_name() -> None:
    found = extract("Dylan Patel 接受采访。Patel 认为 Meta 落后了。\n埃隆·马斯克回应，马斯克说不。")
    by_surface = {c.surface: c.key for c in found}
    assert by_surface["Patel"] == "dylanpatel"
    assert by_surface["马斯克"] == "埃隆马斯克"


def test_a_gloss_in_brackets_is_the_same_entity() -> None:
    found = extract("亚历山大·王（Alexandr Wang）说，Alexandr Wang 很忙。")
    assert [c.key for c in found][:2] == ["亚历山大王", "亚历山大王"]


@pytest.mark.parametrize(
    "text",
    [
        "宝贝光临地址汇通超市云溪大桥东车站旁。订餐找我",
        "寶貝光臨地址匯通超市雲溪大橋東車站旁。訂餐找我",
    ],
)
def test_a_place_grown_over_an_earlier_place_is_one_mention(text: str) -> None:
    # two nested spans with one start once broke the store's unique (text, start)
    found = extract(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
    assert normalise_key("云溪大桥东车站") in {c.key for c in found}


def test_offsets_are_in_the_original_traditional_text() -> None:
    text = "據報道，輝達與微軟合作，馬斯克的xAI也加入。"
    for candidate in extract(text):
        assert text[candidate.start : candidate.end] == candidate.surface
    assert [c.key for c in extract(text)] == ["辉达", "微软", "马斯克", "xai"]


def test_shipped_lists_are_consistent() -> None:
    lex = lexicon()
    stop = lex.stop_keys
    assert not [key for key in lex.kinds if key in stop]
    assert lex.canonical[normalise_key("輝達")] == lex.canonical[normalise_key("Nvidia")]
    assert lex.canonical[normalise_key("Elon Musk")] == normalise_key("马斯克")
