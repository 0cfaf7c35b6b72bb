"""The analyser's identity and "is anything pending", known without loading the analyser.

A start of the interface with nothing new must start no analysis child: whether there
is anything to do is asked from version constants, the data files' bytes and index
reads (:mod:`reader.entities.identity`). The identity must stay the one the cache is
keyed on, and "nothing pending" must be what ``analyze_pending`` would find.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import jieba
from store_helpers import build_analysed
from tui_helpers import run_scenario, settle

from reader.entities import identity
from reader.entities.analysis import analyze_pending
from reader.entities.lexicon import data_digest, lexicon
from reader.importer import sync_corpus
from reader.listing import list_articles
from reader.store import corpus_names
from reader.store import entities as entity_store
from reader.store.database import open_database
from reader.store.settings import set_setting
from reader.tui.app import ReaderApp

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
NEW_TEXT = "黄仁勋访问深圳\n\n英伟达公司行政总裁黄仁勋周二在深圳会见鼎沣控股集团主席张家明。"


def test_the_identity_is_read_from_the_files_as_the_lexicon_reads_them() -> None:
    """The id's parts read cheaply are what the loaded analyser would say: the word
    lists' digest is the lexicon's, jieba's and OpenCC's versions their ``__version__``."""
    import opencc

    assert data_digest() == lexicon().digest
    assert identity.jieba_version() == jieba.__version__
    assert identity.opencc_version() == opencc.__version__
    assert f"opencc-{opencc.__version__}" in identity.analyzer_id()


#: The folder holding the ``reader`` package under test.
PACKAGE = Path(identity.__file__).resolve().parents[2]

CHANGE_EACH_FILE = """
import sys
from pathlib import Path
from reader.entities import identity, lexicon
ids = {"as shipped": identity.analyzer_id()}
for path in sorted(Path(sys.argv[1]).iterdir()):
    if path.suffix == ".py" or not path.is_file():
        continue
    data = path.read_bytes()
    path.write_bytes(data + b"\\n")
    for cached in (identity.analyzer_id, identity.model_digest, lexicon.data_digest):
        cached.cache_clear()
    ids[path.name] = identity.analyzer_id()
    path.write_bytes(data)
print(repr(ids))
"""


def test_a_changed_data_file_of_the_analyser_changes_its_id(tmp_path: Path) -> None:
    """Every data file shipped beside the analyser's code (word lists, the tagger's
    model, any added later), changed by one byte in a copy of the package, gives
    another id: the cached analyses become pending. The id is not reached by
    importing jieba, the lexicon or the tagger, so nothing else would notice."""
    copy = tmp_path / "package"
    shutil.copytree(
        PACKAGE / "reader", copy / "reader", ignore=shutil.ignore_patterns("__pycache__")
    )
    entities = copy / "reader" / "entities"
    out = subprocess.run(
        [sys.executable, "-c", CHANGE_EACH_FILE, str(entities)],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(copy)},
    ).stdout
    ids = ast.literal_eval(out)
    assert ids["as shipped"] == identity.analyzer_id()  # the copy is this package
    assert {"tagger.crfsuite", "dictionary.txt", "aliases.json"} <= set(ids)
    assert len(set(ids.values())) == len(ids), ids


def _copy_store(analysed: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.db"
    shutil.copyfile(analysed, copy)
    return copy


def test_nothing_pending_after_analysis_and_something_after_each_change(
    analysed: Path, tmp_path: Path
) -> None:
    db = open_database(_copy_store(analysed, tmp_path))
    try:
        assert not identity.analysis_pending(db)
        assert analyze_pending(db, processes=1).articles == 0  # agrees: nothing done

        # the spreading not completed (killed before its marker was written)
        set_setting(db, identity.SPREAD_MARKER, "an older corpus")
        assert identity.analysis_pending(db)
        analyze_pending(db, processes=1)
        assert not identity.analysis_pending(db)

        # an article whose mentions are not from its current text
        with db.conn:
            db.conn.execute(
                "DELETE FROM entity_texts WHERE article_id = (SELECT min(id) FROM articles)"
            )
        assert entity_store.stale_articles(db, identity.analyzer_id())
        assert identity.analysis_pending(db)
        assert analyze_pending(db, processes=1).articles >= 1
        assert not identity.analysis_pending(db)

        # a new text, in two files (two articles, one text)
        folder = tmp_path / "more"
        folder.mkdir()
        (folder / "new.txt").write_text(NEW_TEXT, encoding="utf-8")
        (folder / "same.txt").write_text(NEW_TEXT, encoding="utf-8")
        sync_corpus(db, folder)
        assert identity.analysis_pending(db)
        assert analyze_pending(db, processes=1).analysed == 1
        assert not identity.analysis_pending(db)
        # the one read it makes gives what the three reads it replaces give
        shas, done = entity_store.current_analysis(db, identity.analyzer_id())
        assert shas == [sha for sha, _version in corpus_names.current_versions(db)]
        assert len(shas) == len(set(shas)) == len(list_articles(db)) - 1
        assert done
    finally:
        db.conn.close()


def test_asking_loads_neither_jieba_nor_the_analyser(analysed: Path, tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from reader.entities.identity import analysis_pending\n"
        "from reader.store.database import open_database\n"
        "db = open_database(sys.argv[1], migrate=False, light=True)\n"
        "print(analysis_pending(db))\n"
        "print(sorted(m for m in sys.modules if m == 'jieba' or m.startswith(('jieba.',"
        " 'reader.entities.analysis', 'reader.entities.extract', 'pycrfsuite'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(_copy_store(analysed, tmp_path))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    assert out[:2] == ["False", "[]"]


def test_a_start_with_nothing_new_starts_no_child_and_a_new_file_does(
    tmp_path: Path,
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    db_path = build_analysed(tmp_path / "reader.db", corpus)
    db = open_database(db_path)
    try:
        expected = entity_store.entity_counts(db)
    finally:
        db.conn.close()
    assert expected
    seen: dict[str, object] = {}

    async def scenario(pilot, app: ReaderApp) -> None:
        screen = app.main_screen
        await settle(pilot)
        seen["children at start"] = screen.analysis_children
        seen["counts at start"] = dict(screen.entity_counts.counts)
        assert not screen.analysing
        (corpus / "new.txt").write_text(NEW_TEXT, encoding="utf-8")
        app.start_sync()
        await settle(pilot)
        await settle(pilot)
        seen["children after"] = screen.analysis_children
        # the new article is listed first, its counts read with the rest on screen
        seen["new article counted"] = app.summaries[0].id in screen.entity_counts.counts
        seen["articles counted after"] = len(screen.entity_counts.counts)

    run_scenario(ReaderApp(db_path, corpus), scenario)
    assert seen["children at start"] == 0
    assert seen["counts at start"] == expected
    assert seen["children after"] == 1
    assert seen["new article counted"]
    assert seen["articles counted after"] == len(expected) + 1
