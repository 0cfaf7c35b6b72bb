"""Encoding detection and binary rejection, on real files written to tmp_path."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

import pytest

from reader.errors import RejectedFile
from reader.ingest import parse_bytes, parse_file
from reader.ingest.decode import decode_bytes

PROSE_SIMPLIFIED = "我们今天讨论人工智能的发展，以及它对社会的影响。\n这是第二段，内容更加具体。\n"
PROSE_TRADITIONAL = "我們今天討論人工智慧的發展，以及它對社會的影響。\n這是第二段，內容更加具體。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def check_roundtrip(data: bytes, expected_text: str) -> str:
    """Decode ``data``; the text must be right and re-decodable with the reported name."""
    text, encoding = decode_bytes(data)
    assert text == expected_text
    assert data.decode(encoding) == text
    return encoding


def test_utf8_plain(tmp_path: Path) -> None:
    article = parse_file(write(tmp_path, "a.txt", PROSE_SIMPLIFIED.encode("utf-8")))
    assert article.encoding == "utf-8"
    assert article.raw_text == PROSE_SIMPLIFIED


def test_utf8_with_bom(tmp_path: Path) -> None:
    data = codecs.BOM_UTF8 + PROSE_SIMPLIFIED.encode("utf-8")
    article = parse_file(write(tmp_path, "bom.txt", data))
    assert article.encoding == "utf-8-sig"
    assert article.raw_text == PROSE_SIMPLIFIED
    assert "\ufeff" not in article.clean_text
    assert article.clean_text.startswith("我们今天")


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_bom(tmp_path: Path, codec: str) -> None:
    bom = {
        "utf-16": b"",
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32": b"",
    }[codec]
    data = bom + PROSE_TRADITIONAL.encode(codec)
    article = parse_file(write(tmp_path, "wide.txt", data))
    assert article.raw_text.lstrip("\ufeff") == PROSE_TRADITIONAL
    assert article.clean_text.startswith("我們今天討論")
    assert article.script.value == "traditional"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_by_nul_pattern(tmp_path: Path, codec: str) -> None:
    data = PROSE_SIMPLIFIED.encode(codec)  # newlines give NUL bytes at one parity
    article = parse_file(write(tmp_path, "nobom.txt", data))
    assert article.encoding == codec
    assert article.raw_text == PROSE_SIMPLIFIED


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_han_only(codec: str) -> None:
    text = "我們今天討論人工智慧的發展以及它對社會的影響"
    assert check_roundtrip(text.encode(codec), text) == codec


def test_utf32_without_bom() -> None:
    assert check_roundtrip(PROSE_SIMPLIFIED.encode("utf-32-le"), PROSE_SIMPLIFIED) == "utf-32-le"


def test_gb18030_article(tmp_path: Path) -> None:
    article = parse_file(write(tmp_path, "gb.txt", PROSE_SIMPLIFIED.encode("gb18030")))
    assert article.encoding == "gb18030"
    assert article.raw_text == PROSE_SIMPLIFIED


@pytest.mark.parametrize(
    "text",
    ["中文测试", "你好，世界！", "马斯克发布了新模型。", "这是一个很短的文件", "好了"],
)
def test_short_gbk(text: str) -> None:
    assert check_roundtrip(text.encode("gbk"), text) == "gb18030"


@pytest.mark.parametrize(
    "text",
    [
        "這裏的恒心不變",
        "裏恒",
        "我在這裏恒久等待你的消息。",
        "繁體中文測試",
        "臺灣的新聞報導",
        "這是一個很短的檔案",
    ],
)
def test_short_big5(text: str) -> None:
    """Big5 with 裏 and 恒 (ETEN extensions, F9D8/F9DA) must not come out as GBK."""
    assert check_roundtrip(text.encode("cp950"), text) in ("cp950", "big5hkscs")


def test_big5_article(tmp_path: Path) -> None:
    article = parse_file(write(tmp_path, "big5.txt", PROSE_TRADITIONAL.encode("big5")))
    assert article.encoding == "cp950"
    assert article.raw_text == PROSE_TRADITIONAL
    assert article.script.value == "traditional"


def test_big5_hkscs_only_characters() -> None:
    text = "香港的新聞：㗎嘢好多"  # 㗎 is in HKSCS, not in cp950
    data = text.encode("big5hkscs")
    with pytest.raises(UnicodeDecodeError):
        data.decode("cp950")
    assert check_roundtrip(data, text) == "big5hkscs"


def test_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "forced.txt", PROSE_SIMPLIFIED.encode("gbk"))
    article = parse_file(path, encoding="GBK")
    assert article.encoding == "gbk"
    assert article.raw_text == PROSE_SIMPLIFIED


def test_forced_encoding_that_does_not_fit(tmp_path: Path) -> None:
    path = write(tmp_path, "forced.txt", PROSE_SIMPLIFIED.encode("gbk"))
    with pytest.raises(RejectedFile, match=r"cannot decode as utf-8"):
        parse_file(path, encoding="utf-8")


def test_forced_unknown_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "forced.txt", b"hello")
    with pytest.raises(RejectedFile, match=r"unknown encoding 'klingon'"):
        parse_file(path, encoding="klingon")
    with pytest.raises(RejectedFile, match=r"unknown encoding"):
        parse_file(path, encoding="base64")  # a codec, but not a text encoding


def test_empty(tmp_path: Path) -> None:
    with pytest.raises(RejectedFile, match=r"^empty file$"):
        parse_file(write(tmp_path, "empty.txt", b""))


def test_only_a_bom_is_empty() -> None:
    with pytest.raises(RejectedFile, match=r"^empty file$"):
        parse_bytes(codecs.BOM_UTF8, path="bom.txt")


@pytest.mark.parametrize("data", [b"   \n\t\r\n  ", "\u3000\u3000\n".encode()])
def test_only_whitespace(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(RejectedFile, match=r"^only whitespace$"):
        parse_file(write(tmp_path, "blank.txt", data))


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
        b"\x7fELF\x02\x01\x01\x00",
    ],
    ids=["png", "pdf", "zip", "elf"],
)
def test_binary_by_magic(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(RejectedFile, match=r"^binary file, not text$"):
        parse_file(write(tmp_path, "file.txt", data))


def test_random_bytes_are_rejected(tmp_path: Path) -> None:
    rng = random.Random(20250219)
    for size in (64, 512, 4096, 65536):
        data = rng.randbytes(size)
        with pytest.raises(RejectedFile, match=r"binary file|cannot decode"):
            parse_file(write(tmp_path, f"random{size}.txt", data))


def test_random_bytes_without_nul_are_rejected() -> None:
    rng = random.Random(7)
    data = bytes(b for b in rng.randbytes(8192) if b)
    with pytest.raises(RejectedFile, match=r"binary file|cannot decode"):
        parse_bytes(data, path="r.txt")


def test_a_stray_nul_inside_text_is_dropped_and_every_word_kept(tmp_path: Path) -> None:
    # A damaged save with one NUL byte was refused whole as binary.
    data = ("标题\n\n" + "正文" * 50).encode() + b"\x00" + ("后文" * 50).encode()
    document = parse_file(write(tmp_path, "nul.txt", data))
    assert "\x00" not in document.clean_text
    assert ("正文" * 50 + "后文" * 50) in document.clean_text


def test_nuls_throughout_text_are_binary(tmp_path: Path) -> None:
    data = b"\x00".join(("正文" * 5).encode() for _ in range(40))
    with pytest.raises(RejectedFile, match=r"^binary file, not text$"):
        parse_file(write(tmp_path, "nul.txt", data))


def test_invalid_utf8_not_gbk_or_big5(tmp_path: Path) -> None:
    data = "这是正常的开头".encode() + b"\xff\xfe\x80\x80" + "结尾".encode()
    with pytest.raises(RejectedFile, match=r"^cannot decode: not UTF-8, GB18030 or Big5$"):
        parse_file(write(tmp_path, "bad.txt", data))


def test_ascii_with_stray_ff_byte() -> None:
    with pytest.raises(RejectedFile, match=r"cannot decode"):
        parse_bytes(b"hello \xff world", path="bad.txt")


def test_many_control_bytes_are_binary() -> None:
    data = bytes([1, 2, 3, 4, 5, 6, 0x10, 0x11]) * 50 + b"text"
    with pytest.raises(RejectedFile, match=r"^binary file, not text$"):
        parse_bytes(data, path="ctl.txt")


def test_messages_are_one_line(tmp_path: Path) -> None:
    cases = [b"", b"\x89PNG\r\n\x1a\n", b"\xff\xfe\xfd abc \x80", b"  \n "]
    for index, data in enumerate(cases):
        with pytest.raises(RejectedFile) as caught:
            parse_file(write(tmp_path, f"{index}.txt", data))
        assert "\n" not in str(caught.value) and str(caught.value)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_with_many_nul_low_bytes(codec: str) -> None:
    text = "一个一个地一一列举，统一规定。\n" * 20  # 一 is U+4E00: a NUL in its low byte
    assert check_roundtrip(text.encode(codec), text) == codec


# ----------------------------------------------------------------------- other CJK encodings

KOREAN = (
    "대한민국 정부는 오늘 서울에서 열린 국무회의에서 내년도 예산안을 확정했다고 밝혔다. "
    "이번 예산안은 경제 회복과 일자리 창출에 중점을 두고 있으며, 특히 청년 고용과 지역 균형 "
    '발전을 위한 사업에 많은 재원이 배정되었다. 정부 관계자는 "어려운 경제 상황 속에서도 '
    '국민의 삶을 지키기 위해 최선을 다하겠다"고 말했다.\n'
    "한편 야당은 이번 예산안이 재정 건전성을 해칠 수 있다며 국회 심의 과정에서 꼼꼼히 따져 "
    "보겠다는 입장을 밝혔다. 전문가들은 세계 경제의 불확실성이 커지고 있는 만큼 신중한 재정 "
    "운용이 필요하다고 지적했다.\n"
)
JAPANESE = (
    "政府は今日、東京で開かれた閣議で来年度の予算案を決定したと発表した。今回の予算案は経済の"
    "回復と雇用の創出に重点を置いており、特に若者の就職支援と地方の活性化のための事業に多くの"
    "財源が割り当てられた。政府関係者は「厳しい経済状況の中でも、国民の生活を守るために全力を"
    "尽くしたい」と述べた。\n"
    "一方、野党はこの予算案が財政の健全性を損なう恐れがあるとして、国会の審議で詳しく検討する"
    "考えを示した。専門家は、世界経済の不確実性が高まっているため、慎重な財政運営が必要だと"
    "指摘している。\n"
)
# Big5/EUC-TW-era traditional Chinese; the EUC-TW bytes (no Python codec writes them)
# were produced once with iconv: 臺北市政府今天舉行記者會，說明颱風過後的復原工作。
EUC_TW_SENTENCE = bytes.fromhex(
    "ead7c6a1c6cbd1c9cdb4c4f4c5b2f5a8c8e7d8b4cfafe4c4a1a2eba9cdfcebedd3f8e7b4d1a5cefbdfa6"
    "d4cfc4d6c9a2a1a40a"
)
EUC_TW_SHORT = bytes.fromhex("c4e3e1dec6e1d9cf0a")  # 中華民國


@pytest.mark.parametrize(
    ("text", "codec", "expected"),
    [
        (KOREAN, "euc_kr", "cp949"),
        (KOREAN, "cp949", "cp949"),
        ("대한민국\n", "euc_kr", "cp949"),
        ("정부, 내년도 예산안 확정\n", "cp949", "cp949"),
        ("똠방각하 이야기는 오늘도 계속된다. 뷁!\n", "cp949", "cp949"),  # UHC-only syllables
        (JAPANESE, "euc_jp", "euc_jp"),
        (JAPANESE, "shift_jis", "shift_jis"),
        ("東京の天気\n", "euc_jp", "euc_jp"),
        ("こんにちは、世界\n", "shift_jis", "shift_jis"),
    ],
)
def test_korean_and_japanese_are_decoded_not_read_as_chinese(
    text: str, codec: str, expected: str
) -> None:
    assert check_roundtrip(text.encode(codec), text) == expected


@pytest.mark.parametrize("data", [EUC_TW_SENTENCE, EUC_TW_SENTENCE * 20, EUC_TW_SHORT])
def test_euc_tw_is_rejected_with_a_reason(data: bytes) -> None:
    with pytest.raises(RejectedFile, match=r"^cannot decode: looks like EUC-TW"):
        parse_bytes(data, path="tw.txt")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        (PROSE_SIMPLIFIED * 5, "gb2312"),
        ("中华人民共和国\n", "gb2312"),
        ("政府工作报告\n", "gb2312"),
        ("春眠不觉晓，处处闻啼鸟。\n", "gb2312"),
        ("国务院发布政府工作报告全文\n", "gbk"),
        (PROSE_TRADITIONAL * 5, "big5"),
        ("中華民國\n", "big5"),
        ("政府工作報告\n", "big5"),
        ("牢固\n", "gb2312"),  # also reads as two Korean syllables
        ("冤枉姿势\n", "gb2312"),  # every lead byte from C4 on, like EUC-TW
    ],
)
def test_chinese_stays_chinese_among_more_readings(text: str, codec: str) -> None:
    _, encoding = decode_bytes(text.encode(codec))
    assert check_roundtrip(text.encode(codec), text) == encoding
    assert encoding in ("gb18030", "cp950")


@pytest.mark.parametrize(
    "text", ["It’s fine.\n", "Don’t say “never”.\n", "It’s a “simple” test — don’t worry…\n"]
)
def test_english_with_curly_quotes_in_gbk(text: str) -> None:
    assert check_roundtrip(text.encode("gbk"), text) == "gb18030"
