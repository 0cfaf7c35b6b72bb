"""Hong Kong standard forms fold like their traditional twins: 衞生署 (a Hong Kong
paper) and 卫生署 (its simplified copy) are one word for search and for entities, and
an older database indexed under the old fold is indexed again when it is opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from store_helpers import to_schema_22_mentions

from reader.conversion import character_table
from reader.entities.linking import normalise_key
from reader.folding import fold_query, fold_text
from reader.importer import import_paths
from reader.search import search
from reader.store import schema
from reader.store.compact import SEARCH_PAD
from reader.store.database import open_database


def test_hong_kong_forms_fold_to_simplified() -> None:
    assert fold_text("衞生防護署") == fold_text("衛生防護署") == "卫生防护署"
    assert fold_query("衹") == "只"
    assert normalise_key("環境衞生處") == normalise_key("环境卫生处")


def test_the_fold_still_changes_every_character_t2s_changes() -> None:
    t2s = character_table("t2s")
    assert all(fold_text(chr(code)) == chr(target).lower() for code, target in t2s.items())


def test_an_older_database_is_indexed_again_under_the_new_fold(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "a.txt").write_text(
        "標題：衞生防護署公布個案\n\n衞生防護署昨日公布，共有十宗個案。\n", encoding="utf-8"
    )
    path = tmp_path / "old.db"
    db = open_database(path)
    import_paths(db, [folder])
    # The index as the previous fold (t2s alone) wrote it: 衞 left as it is.
    old = character_table("t2s")
    db.conn.execute("INSERT INTO search_trigrams (search_trigrams) VALUES ('delete-all')")
    clean = db.conn.execute("SELECT clean_text FROM article_versions").fetchone()[0]
    db.conn.execute(
        "INSERT INTO search_trigrams (rowid, fold) VALUES (1, ?)",
        (clean.translate(old).lower() + SEARCH_PAD,),
    )
    assert search(db, "卫生防护署") == []
    db.conn.close()
    to_schema_22_mentions(path)  # the entity layout of then
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {schema.MIGRATIONS.index(schema._variant_fold)}")
    connection.close()

    upgraded = open_database(path)
    try:
        assert schema.current_version(upgraded) == schema.LATEST_VERSION
        assert len(search(upgraded, "卫生防护署")) == 1
        assert len(search(upgraded, "衛生防護署")) == 1
    finally:
        upgraded.conn.close()
