"""Word look-up core: CC-CEDICT parsing and its index, readings, both scripts."""

from __future__ import annotations

import gzip
import time
from pathlib import Path

import pytest

from reader.dictionary import Entry, numbered_to_marks, parse
from reader.lookup import look_up
from reader.store.dictionary_index import Dictionary, index_path

SAMPLE = """\
# CC-CEDICT sample
#! entries=4
銀行 银行 [yin2 hang2] /bank/CL:家[jia1],個|个[ge4]/
重慶 重庆 [Chong2 qing4] /Chongqing city/
女 女 [nu:3] /female/woman/
broken line without brackets
空 空 [kong1] //
"""


def _sample(tmp_path: Path) -> Path:
    path = tmp_path / "cedict.txt.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(SAMPLE)
    return path


def test_parse_keeps_entries_and_skips_comments_and_junk() -> None:
    entries = list(parse(SAMPLE.splitlines()))
    assert [e.simplified for e in entries] == ["银行", "重庆", "女"]
    assert entries[0] == Entry("銀行", "银行", "yin2 hang2", ("bank", "CL:家[jia1],個|个[ge4]"))


@pytest.mark.parametrize(
    ("numbered", "marked"),
    [
        ("yin2 hang2", "yín háng"),
        ("Chong2 qing4", "Chóng qìng"),
        ("nu:3", "nǚ"),
        ("lu:4 se4", "lǜ sè"),
        ("r5", "r"),
        ("A A4 · xx5", "A À · xx5"),
    ],
)
def test_numbered_pinyin_gets_tone_marks(numbered: str, marked: str) -> None:
    assert numbered_to_marks(numbered) == marked


def test_index_is_built_once_then_opened(tmp_path: Path) -> None:
    source = _sample(tmp_path)
    cache = tmp_path / "cache"
    first = Dictionary(source, cache)
    assert first.built and len(first) == 3
    assert index_path(source, cache).is_file()
    assert [e.pinyin for e in first.lookup("重慶")] == ["Chong2 qing4"]
    assert [e.traditional for e in first.lookup("银行")] == ["銀行"]
    assert first.lookup("不在") == []
    first.close()
    second = Dictionary(source, cache)
    assert not second.built
    assert [e.senses for e in second.lookup("女")] == [("female", "woman")]
    assert list(cache.glob("*.tmp")) == []  # written under a temporary name, renamed
    second.close()


def test_unwritable_cache_folder_builds_in_memory(tmp_path: Path) -> None:
    source = _sample(tmp_path)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    dictionary = Dictionary(source, blocker / "cache")
    assert dictionary.built and [e.simplified for e in dictionary.lookup("銀行")] == ["银行"]


def test_look_up_gives_both_scripts_readings_and_senses() -> None:
    info = look_up("銀行")
    assert (info.simplified, info.traditional) == ("银行", "銀行")
    assert info.pinyin == "yín háng"
    assert info.jyutping == "ngan4 hong4"
    assert "bank" in info.entries[0].senses
    assert info.parts == ()


def test_polyphones_are_read_as_words() -> None:
    assert look_up("重庆").pinyin == "chóng qìng"
    assert look_up("银行").pinyin.endswith("háng")


def test_a_phrase_is_read_as_its_longest_words() -> None:
    info = look_up("马斯克表示下周发布")
    assert info.entries == ()
    assert [part for part, _ in info.parts] == ["马斯克", "表示", "下周", "发布"]
    assert all(entries for _, entries in info.parts)


def test_latin_and_punctuation_have_no_reading() -> None:
    info = look_up("Grok 3")
    assert (info.pinyin, info.jyutping, info.found) == ("", "", False)
    assert look_up("。").found is False


def test_warm_look_up_is_fast() -> None:
    look_up("银行")  # loads everything
    start = time.process_time()
    for _ in range(20):
        look_up("互联网")
    assert (time.process_time() - start) / 20 < 0.05
