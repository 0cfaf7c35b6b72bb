"""The annotate, annotations and tags commands: exit codes, messages, JSON shape."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from store_helpers import write_as_before

JSON_KEYS = [
    "id",
    "article_id",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "tags",
    "note",
    "color",
    "status",
    "created",
    "updated",
]
#: Added after the core fields by the review feature.
REVIEW_KEYS = {"due", "reps", "lapses", "last_review"}
TRADITIONAL_FILE = "000_d98721091214a611.txt"


@pytest.fixture
def article(cli, corpus_dir: Path) -> int:
    """The id of the traditional-script seed article, after importing the corpus."""
    status, _, err = cli("import", str(corpus_dir))
    assert status == 0, err
    status, out, _ = cli("list", "--json")
    return next(a["id"] for a in json.loads(out) if a["path"].endswith(TRADITIONAL_FILE))


def usage_error(cli, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        cli(*args)
    assert exit_info.value.code == 2
    return ""


def test_annotate_with_a_simplified_quote_and_list_as_json(cli, article: int) -> None:
    status, out, err = cli(
        "annotate", str(article), "--quote", "以相当于OpenAI几十分之一的资源",
        "--tag", "数字", "--tag", "DeepSeek", "--note", "成本说法", "--color", "blue",
    )  # fmt: skip
    assert (status, err) == (0, "")
    annotation_id = int(out)
    status, out, _ = cli("annotations", "--json")
    assert status == 0
    [item] = json.loads(out)
    assert list(item)[: len(JSON_KEYS)] == JSON_KEYS
    assert set(list(item)[len(JSON_KEYS) :]) <= REVIEW_KEYS
    assert item["id"] == annotation_id and item["article_id"] == article
    assert item["quote"] == "以相當于OpenAI幾十分之一的資源"  # the original script
    assert item["end"] - item["start"] == len(item["quote"])
    assert item["prefix"].endswith("“小力出奇跡”、") and item["suffix"].startswith(",搞出")
    assert item["tags"] == ["数字", "DeepSeek"]
    assert (item["note"], item["color"], item["status"]) == ("成本说法", "blue", "anchored")
    assert datetime.fromisoformat(item["created"]) <= datetime.fromisoformat(item["updated"])


def test_annotate_errors_exit_1_with_one_line(cli, article: int) -> None:
    status, out, err = cli("annotate", str(article), "--quote", "完全不存在的句子")
    assert (status, out) == (1, "")
    assert err.startswith("reader: quote '完全不存在的句子' is not in article")
    assert err.count("\n") == 1
    status, _, err = cli("annotate", str(article), "--quote", "马斯克")
    assert status == 1 and "times" in err and "choose an occurrence from 1 to" in err
    status, _, err = cli("annotate", str(article), "--quote", "马斯克", "--occurrence", "999")
    assert status == 1 and "occurrence 999 does not exist" in err and "times" in err
    status, _, err = cli("annotate", "9999", "--quote", "马斯克")
    assert status == 1 and "no article with id 9999" in err
    status, _, err = cli("annotate", str(article), "--quote", "马斯克", "--occurrence", "2",
                         "--color", "[red]")  # fmt: skip
    assert status == 1 and "unknown colour" in err
    status, _, err = cli("annotate", str(article), "--quote", "马斯克", "--occurrence", "2",
                         "--tag", " ")  # fmt: skip
    assert status == 1 and "tag cannot be empty" in err
    assert cli("annotations", "--json")[1] == "[]\n"


def test_usage_errors_exit_2(cli, article: int) -> None:
    usage_error(cli, "annotate", str(article))
    usage_error(cli, "annotate", str(article), "--quote", "马斯克", "--occurrence", "0")
    usage_error(cli, "annotate", "one", "--quote", "马斯克")
    usage_error(cli, "annotations", "--status", "lost")


def test_occurrence_chooses_among_repeats(cli, article: int) -> None:
    status, out, _ = cli("annotate", str(article), "--quote", "馬斯克", "--occurrence", "3")
    assert status == 0
    [item] = json.loads(cli("annotations", "--json")[1])
    assert item["id"] == int(out) and item["quote"] == "馬斯克"
    status, out, _ = cli("annotate", str(article), "--quote", "馬斯克", "--occurrence", "1")
    items = json.loads(cli("annotations", "--json")[1])
    assert [i["id"] for i in items] == [int(out), item["id"]]  # document order


def test_filters_and_tags_listing(cli, article: int, corpus_dir: Path) -> None:
    cli("annotate", str(article), "--quote", "明显就是啊", "--tag", "馬斯克")
    cli("annotate", str(article), "--quote", "笑死我了", "--tag", "马斯克", "--tag", "AI")
    others = json.loads(cli("list", "--json")[1])
    other = next(a["id"] for a in others if a["id"] != article)
    cli("annotate", str(other), "--quote", "马斯克", "--occurrence", "1", "--tag", "ai")

    by_tag = json.loads(cli("annotations", "--json", "--tag", "马斯克")[1])
    assert len(by_tag) == 2 and all(i["article_id"] == article for i in by_tag)
    by_article = json.loads(cli("annotations", "--json", "--article", str(other))[1])
    assert [i["tags"] for i in by_article] == [["AI"]]  # the spelling first seen
    assert json.loads(cli("annotations", "--json", "--status", "orphaned")[1]) == []
    assert len(json.loads(cli("annotations", "--json", "--status", "anchored")[1])) == 3

    status, out, _ = cli("tags", "--json")
    assert status == 0
    assert json.loads(out) == [{"name": "AI", "count": 2}, {"name": "馬斯克", "count": 2}]
    status, out, _ = cli("tags")
    assert status == 0 and "馬斯克" in out and "AI" in out


def test_text_output_is_a_table_that_cannot_be_hijacked(cli, article: int, db_path: Path) -> None:
    assert cli("annotations")[1] == "no annotations\n"
    assert cli("tags")[1] == "no tags\n"
    hostile = "[@click=app.quit] \x1b[2J\x1b]0;pwned\x07 \u202eevil\u202c"
    status, out, _ = cli(
        "annotate", str(article), "--quote", "明显就是啊", "--note", hostile, "--tag", hostile
    )
    assert status == 0
    [item] = json.loads(cli("annotations", "--json")[1])
    assert item["note"] == "[@click=app.quit]  evil"  # stored without the controls
    assert item["tags"] == ["[@click=app.quit]  evil"]
    # A database written before notes and tags were cleaned on the way in.
    write_as_before(db_path, "UPDATE annotations SET note = ?", hostile)
    write_as_before(db_path, "UPDATE tags SET name = ?", hostile)
    status, table, _ = cli("annotations")
    assert status == 0
    header, row = table.splitlines()
    assert header.split()[:4] == ["id", "article", "status", "range"]
    assert row.split()[0] == out.strip() and "明顯就是啊" in row and "anchored" in row
    for dangerous in ("\x1b", "\x07", "\u202e"):
        assert dangerous not in table
    assert "␛[2J" in table and "␛]0;pwned␇" in table and "[@click=app.quit]" in table
    tags_text = cli("tags")[1]
    assert "\x1b" not in tags_text and "\u202e" not in tags_text and "␛[2J" in tags_text
    status, listed, _ = cli("annotations", "--json")
    [item] = json.loads(listed)
    assert item["note"] == hostile and item["tags"] == [hostile]  # JSON stays exact
    assert "\x1b" not in listed and "\u202e" not in listed  # and escaped
    assert "\\u202e" in listed


def test_orphans_are_listed_after_a_changed_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "news.txt"
    path.write_text("马斯克说：我们的软件很好。\n理发师点头。\n", encoding="utf-8")
    cli("import", str(path))
    article_id = json.loads(cli("list", "--json")[1])[0]["id"]
    kept = int(cli("annotate", str(article_id), "--quote", "理髮師點頭")[1])
    lost = int(cli("annotate", str(article_id), "--quote", "我们的软件很好")[1])
    path.write_text("新导语。\n马斯克说：价格太贵。\n理发师点头。\n", encoding="utf-8")
    assert cli("import", str(path))[0] == 0
    orphans = json.loads(cli("annotations", "--json", "--status", "orphaned")[1])
    assert [o["id"] for o in orphans] == [lost]
    assert orphans[0]["quote"] == "我们的软件很好"
    [anchored] = json.loads(cli("annotations", "--json", "--status", "anchored")[1])
    shown = cli("show", str(article_id))[1]
    assert anchored["id"] == kept and anchored["start"] == shown.index("理发师点头") > 0


def test_grep_finds_quote_or_note_text_in_either_script(cli, article: int) -> None:
    cli("annotate", str(article), "--quote", "明显就是啊", "--tag", "a", "--note", "問**馬斯克**")
    cli("annotate", str(article), "--quote", "笑死我了", "--tag", "b", "--note", "无关")

    def grep(*args: str) -> list[str]:
        status, out, err = cli("annotations", "--json", *args)
        assert status == 0, err
        return [item["note"] for item in json.loads(out)]  # quotes are as the article has them

    assert grep("--grep", "马斯克") == ["問**馬斯克**"]  # the note, in the other script
    assert grep("--grep", "笑死") == ["无关"]  # the quote
    assert grep("--grep", "明顯") == grep("--grep", "明显") == ["問**馬斯克**"]
    assert grep("--grep", "马斯克", "--tag", "b") == []  # filters combine
    assert grep("--grep", "马斯克", "--article", str(article)) == ["問**馬斯克**"]
    status, out, _ = cli("annotations", "--grep", "没有这句话")
    assert status == 0 and out.strip() == "no annotations"
    status, out, _ = cli("annotations", "--grep", "笑死")
    assert status == 0 and "无关" in out and "馬斯克" not in out
