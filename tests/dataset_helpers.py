"""A small real dataset for the view, export and Datasette tests: the seed corpus
imported and analysed, with annotations in both scripts, one deleted, one entity hidden."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from reader import annotations as service
from reader.entities.analysis import analyze_pending
from reader.importer import import_paths
from reader.store import entities as entity_store
from reader.store.database import open_database

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@dataclass(frozen=True)
class Dataset:
    path: Path
    traditional: int  # the article written in traditional script that names 馬斯克
    simplified: int  # the simplified article about Grok 3
    kept: tuple[int, ...]  # annotations not deleted
    deleted: int
    hidden_entity: str


def build_dataset(root: Path) -> Dataset:
    shutil.copytree(CORPUS, root / "corpus")
    path = root / "annotations.db"
    db = open_database(path)
    try:
        report = import_paths(db, [root / "corpus"])
        assert len(report.imported) == 4
        analyze_pending(db, processes=1)
        ids = {Path(p).name[:3]: i for i, p in db.conn.execute("SELECT id, path FROM articles")}
        traditional, simplified = ids["000"], ids["001"]
        first = service.create_from_quote(
            db, traditional, "馬斯克“仇人”名單", tags=["人物", "評論"], note="Grok 的對手"
        )
        second = service.create_from_quote(
            db, simplified, "地球上最聪明的 AI」——Grok3", tags=["评论"], note="发布日"
        )
        gone = service.create_from_quote(db, simplified, "Premium+会员", note="gone")
        service.delete_annotation(db, gone.id)
        hidden = entity_store.find_entity(db, "OpenAI")
        assert hidden is not None
        entity_store.hide(db, hidden.id)
    finally:
        db.conn.close()
    return Dataset(path, traditional, simplified, (first.id, second.id), gone.id, hidden.name)
