"""Datasette on a reader database: views browsable, search as reader searches.

Run with Datasette's own test client (and ``reader serve`` as a real server on
127.0.0.1); skipped when Datasette is not installed, as it is an optional extra.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sqlite3
import subprocess
import sys
import urllib.parse
import urllib.request
from importlib.metadata import entry_points

import pytest
from cli_helpers import run
from dataset_helpers import Dataset, build_dataset

from reader import annotations as service
from reader.search import search_articles
from reader.store.database import open_database

pytest.importorskip("datasette")

from datasette.app import Datasette


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return build_dataset(tmp_path_factory.mktemp("datasette"))


def _get(datasette: Datasette, path: str) -> tuple[int, object]:
    async def fetch() -> tuple[int, object]:
        response = await datasette.client.get(path)
        return response.status_code, response.json()

    return asyncio.run(fetch())


def _query(datasette: Datasette, name: str, q: str) -> list[dict]:
    status, rows = _get(
        datasette, f"/annotations/{name}.json?_shape=array&q={urllib.parse.quote(q)}"
    )
    assert status == 200, rows
    assert isinstance(rows, list)
    return rows


def _reader_ids(dataset: Dataset, query: str) -> list[int]:
    db = open_database(dataset.path)
    try:
        return [a.article_id for a in search_articles(db, query, article_limit=None).articles]
    finally:
        db.conn.close()


def test_the_plugin_is_installed_as_a_datasette_entry_point() -> None:
    names = {entry.value for entry in entry_points(group="datasette")}
    assert "reader.store.datasette_plugin" in names


@pytest.mark.parametrize(
    "query", ["grok", "馬斯克", "马斯克", "ＧＲＯＫ", "AI", "xAI內部", " grok "]
)
def test_search_articles_finds_what_reader_finds(dataset: Dataset, query: str) -> None:
    rows = _query(Datasette(files=[str(dataset.path)]), "search_articles", query)
    assert sorted(row["id"] for row in rows) == sorted(_reader_ids(dataset, query))
    assert rows, query


def test_grok_and_musk_in_either_script_find_the_articles(dataset: Dataset) -> None:
    datasette = Datasette(files=[str(dataset.path)])
    grok = _query(datasette, "search_articles", "grok")
    assert dataset.simplified in {row["id"] for row in grok}
    assert all("grok" in row["first_hit"].lower() for row in grok)
    traditional = {row["id"] for row in _query(datasette, "search_articles", "馬斯克")}
    simplified = {row["id"] for row in _query(datasette, "search_articles", "马斯克")}
    assert traditional == simplified
    assert {dataset.traditional, dataset.simplified} <= traditional


def test_search_annotations_and_entities_ignore_script(dataset: Dataset) -> None:
    datasette = Datasette(files=[str(dataset.path)])
    found = _query(datasette, "search_annotations", "仇人”名单")  # quoted as 仇人”名單
    assert [row["id"] for row in found] == [dataset.kept[0]]
    assert json.loads(found[0]["tags"]) == ["人物", "評論"]
    by_tag = _query(datasette, "search_annotations", "评论")
    assert sorted(row["id"] for row in by_tag) == sorted(dataset.kept)
    in_titles = _query(datasette, "search_annotations", "马斯克")  # both article titles
    assert sorted(row["id"] for row in in_titles) == sorted(dataset.kept)
    assert _query(datasette, "search_annotations", "gone") == []  # deleted
    entities = _query(datasette, "search_entities", "馬斯克")
    assert {row["entity"] for row in entities} == {"马斯克"}
    assert {dataset.traditional, dataset.simplified} <= {row["article_id"] for row in entities}
    assert all(row["mentions"] > 0 for row in entities)


def test_views_are_browsable_and_the_unusable_search_index_is_hidden(dataset: Dataset) -> None:
    """A plain ``datasette annotations.db``: the plugin alone gives the metadata."""
    datasette = Datasette(files=[str(dataset.path)])
    status, rows = _get(datasette, "/annotations/browse_annotations.json?_shape=array")
    assert status == 200
    assert [row["quote"] for row in rows] == ["馬斯克“仇人”名單", "地球上最聪明的 AI」——Grok3"]
    for view in ("browse_articles", "browse_entities", "browse_entity_articles"):
        status, rows = _get(datasette, f"/annotations/{view}.json?_shape=array")
        assert status == 200 and rows, view
    status, database = _get(datasette, "/annotations.json")
    assert status == 200
    hidden = {table["name"] for table in database["tables"] if table["hidden"]}
    assert "search_trigrams" in hidden
    assert {"search_articles", "search_annotations", "search_entities"} <= {
        query["name"] for query in database["queries"]
    }
    described = datasette.metadata("tables", database="annotations")
    assert described["browse_annotations"]["description"].startswith("Every annotation")
    assert described["annotations"]["description"].startswith("A highlighted passage")


def test_other_databases_get_no_reader_queries(tmp_path) -> None:
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE t (x)")
    connection.commit()
    connection.close()
    datasette = Datasette(files=[str(other)])
    status, database = _get(datasette, "/other.json")
    assert status == 200
    assert database["queries"] == []
    assert datasette.metadata("tables", database="other") is None


def _fetch_json(url: str) -> list[dict]:
    with urllib.request.urlopen(url, timeout=20) as response:
        return json.loads(response.read())


def test_reader_serve_serves_read_only_on_localhost_and_sees_new_saves(
    dataset: Dataset, tmp_path
) -> None:
    path = tmp_path / "served.db"
    source, target = sqlite3.connect(dataset.path), sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    before = path.read_bytes()
    process = subprocess.Popen(
        [sys.executable, "-m", "reader", "--db", str(path), "serve", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline()
        assert line.startswith(f"serving {path} read-only at http://127.0.0.1:"), (
            line + process.stderr.read()
        )
        base = line.split(" at ", 1)[1].split()[0]
        musk = urllib.parse.quote("馬斯克")
        rows = _fetch_json(f"{base}/search_articles.json?_shape=array&q={musk}")
        assert {dataset.traditional, dataset.simplified} <= {row["id"] for row in rows}
        assert path.read_bytes() == before
        # Served read-only, not immutable: what reader saves meanwhile is seen.
        db = open_database(path)
        try:
            added = service.create_from_quote(db, dataset.simplified, "Premium+会员", note="新")
        finally:
            db.conn.close()
        rows = _fetch_json(f"{base}/browse_annotations.json?_shape=array")
        assert added.id in {row["id"] for row in rows}
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_reader_serve_without_datasette_says_so_in_one_line(tmp_path) -> None:
    code = (
        "import sys\n"
        "sys.modules['datasette'] = None\n"
        "sys.modules['uvicorn'] = None\n"
        "from reader.cli.main import main\n"
        f"sys.exit(main(['--db', {str(tmp_path / 'a.db')!r}, 'serve']))\n"
    )
    open_database(tmp_path / "a.db").conn.close()
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "Datasette is not installed" in result.stderr
    assert "pip install datasette" in result.stderr


def test_reader_serve_metadata_is_json_for_the_database_name(cli, db_path) -> None:
    status, out, err = cli("serve", "--metadata")
    assert (status, err) == (0, "")
    metadata = json.loads(out)
    database = metadata["databases"][db_path.stem]
    assert database["tables"]["search_trigrams"]["hidden"] is True
    assert "browse_annotations" in database["tables"]
    assert "search_articles" in database["queries"]
    assert not db_path.exists()  # printing metadata creates nothing


def test_reader_serve_on_a_port_in_use_is_one_clear_line(dataset: Dataset, capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        status, out, err = run(capsys, "--db", str(dataset.path), "serve", "--port", str(port))
    assert (status, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith(f"reader: cannot listen on 127.0.0.1:{port} (")
    assert err.endswith("); choose another --port\n")
    status, out, err = run(capsys, "--db", str(dataset.path), "serve", "--port", "70000")
    assert (status, out, err) == (1, "", "reader: port 70000 is not a port number (0 to 65535)\n")
