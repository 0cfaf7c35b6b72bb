"""The schema as a Markdown document, read from a live database.

``docs/schema.md`` is this module's output for a freshly migrated database, and a
test regenerates it and compares, so the document cannot drift from the migrations:
every table, column (type, NOT NULL, default, primary and foreign keys), index,
trigger and view, each table and view with its line from
:mod:`reader.store.descriptions`. Regenerate with::

    python -m reader.store.schema_doc > docs/schema.md

Reading the live schema (rather than parsing the migrations' text) is what makes the
document true of every database reader creates; ``reader schema`` prints it for the
user's own database.
"""

from __future__ import annotations

import re
import sqlite3
import sys
from dataclasses import dataclass

from reader.store import schema
from reader.store.database import Connection, Database
from reader.store.descriptions import describe

#: Shadow tables FTS5 makes for each virtual table: internal, documented with it.
_FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")

REGENERATE = "python -m reader.store.schema_doc > docs/schema.md"


@dataclass(frozen=True)
class _Object:
    type: str
    name: str
    table: str
    sql: str


def _objects(db: Database) -> list[_Object]:
    rows = db.conn.execute(
        "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_master "
        "WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    return [_Object(*row) for row in rows]


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _columns(db: Database, name: str) -> list[str]:
    foreign = {
        row[3]: f"→ {row[2]}({row[4]})"
        for row in db.conn.execute(f"PRAGMA foreign_key_list({_quote(name)})")
    }
    lines = ["| column | type | not null | default | key |", "|---|---|---|---|---|"]
    for _cid, column, kind, notnull, default, pk, hidden in db.conn.execute(
        f"PRAGMA table_xinfo({_quote(name)})"
    ):
        if hidden == 1:  # a virtual table's own columns (FTS5's table name and rank)
            continue
        keys = [f"primary key {pk}" if pk > 1 else "primary key"] if pk else []
        if column in foreign:
            keys.append(foreign[column])
        cells = [f"`{column}`", kind, "yes" if notnull else "", default, ", ".join(keys)]
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return lines


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _index_line(db: Database, index: _Object) -> str:
    columns = [
        row[2] if row[2] is not None else "(expression)"
        for row in db.conn.execute(f"PRAGMA index_info({_quote(index.name)})")
    ]
    unique = " UNIQUE" if re.match(r"\s*CREATE\s+UNIQUE", index.sql, re.I) else ""
    where = re.search(r"\bWHERE\b(.*)$", index.sql, re.I | re.S)
    partial = f" WHERE {' '.join(where.group(1).split())}" if where else ""
    return f"- `{index.name}`{unique} ({', '.join(columns)}){partial}"


def _unique_constraints(db: Database, table: str) -> list[str]:
    """The UNIQUE constraints of ``table`` (SQLite keeps each as an automatic index)."""
    lines = []
    for _seq, name, _unique, origin, _partial in db.conn.execute(
        f"PRAGMA index_list({_quote(table)})"
    ):
        if origin == "u":
            columns = [row[2] for row in db.conn.execute(f"PRAGMA index_info({_quote(name)})")]
            lines.append(f"- UNIQUE ({', '.join(columns)}) (constraint)")
    return sorted(lines)


def _description(name: str) -> str:
    line = describe(name)
    if line is None:
        return f"*No description: add one to `reader/store/descriptions.py` for `{name}`.*"
    return line


def _table_section(db: Database, table: _Object, objects: list[_Object]) -> list[str]:
    lines = [f"### `{table.name}`", "", _description(table.name), ""]
    if table.sql.upper().startswith("CREATE VIRTUAL TABLE"):
        lines += [f"Virtual table: `{' '.join(table.sql.split()[5:])}`", ""]
        names = {o.name for o in objects}
        shadows = [
            f"`{table.name}{suffix}`" for suffix in _FTS_SHADOWS if f"{table.name}{suffix}" in names
        ]
        if shadows:
            lines += [f"Its internal tables: {', '.join(shadows)}.", ""]
    if "WITHOUT ROWID" in table.sql.upper():
        lines += ["Stored WITHOUT ROWID.", ""]
    lines += [*_columns(db, table.name), ""]
    indexes = _unique_constraints(db, table.name) + [
        _index_line(db, o) for o in objects if o.type == "index" and o.table == table.name
    ]
    if indexes:
        lines += ["Indexes:", "", *indexes, ""]
    triggers = [o for o in objects if o.type == "trigger" and o.table == table.name]
    lines += _definition(table.sql)
    for trigger in triggers:
        lines += [f"Trigger `{trigger.name}`:", "", *_definition(trigger.sql)]
    return lines


def _definition(sql: str) -> list[str]:
    """The statement SQLite keeps for the object (with its CHECK constraints and any
    column added since), folded away so the tables stay readable."""
    body = "\n".join(line.rstrip() for line in _dedent(sql).splitlines())
    return ["<details><summary>SQL</summary>", "", "```sql", body, "```", "", "</details>", ""]


def _dedent(sql: str) -> str:
    """The statement with the indentation it was written with inside the migration removed."""
    first, _, rest = sql.strip().partition("\n")
    lines = [line for line in rest.splitlines() if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    base = max(indent - 4, 0)
    return "\n".join([first, *(line[base:] for line in rest.splitlines())]) if rest else first


def _view_section(db: Database, view: _Object) -> list[str]:
    columns = [row[1] for row in db.conn.execute(f"PRAGMA table_info({_quote(view.name)})")]
    return [
        f"### `{view.name}`",
        "",
        _description(view.name),
        "",
        "Columns: " + ", ".join(f"`{column}`" for column in columns) + ".",
        "",
        *_definition(view.sql),
    ]


def _is_shadow(name: str, virtual: set[str]) -> bool:
    return any(name == f"{table}{suffix}" for table in virtual for suffix in _FTS_SHADOWS)


def schema_markdown(db: Database, *, generated: bool = False) -> str:
    """The schema of ``db`` as Markdown: views, then tables in the order they were
    created. ``generated``: head it with how to regenerate docs/schema.md."""
    objects = _objects(db)
    virtual = {o.name for o in objects if o.sql.upper().startswith("CREATE VIRTUAL TABLE")}
    tables = [o for o in objects if o.type == "table" and not _is_shadow(o.name, virtual)]
    views = [o for o in objects if o.type == "view"]
    lines = ["# Database schema", ""]
    if generated:
        lines += [
            "<!-- Generated from a freshly migrated database; do not edit. Regenerate with:",
            f"     {REGENERATE} -->",
            "",
        ]
    lines += [
        f"Schema version {schema.current_version(db)} (SQLite `user_version`); "
        f"`application_id` {schema.APPLICATION_ID:#010x}. "
        "Offsets are in characters (code points) of an article version's `clean_text`; "
        "times are UTC ISO 8601 text.",
        "",
        "The `browse_*` views are the way in for other tools (Datasette, sqlite-utils, "
        "the sqlite3 shell): they join what a person wants to see and leave out what "
        "reader keeps only for itself (deleted annotations, hidden entities).",
        "",
        "## Views",
        "",
    ]
    for view in views:
        lines += _view_section(db, view)
    lines += ["## Tables", ""]
    for table in tables:
        lines += _table_section(db, table, objects)
    return "\n".join(lines).rstrip("\n") + "\n"


def missing_descriptions(db: Database) -> list[str]:
    """Tables and views of ``db`` that have no line in :mod:`reader.store.descriptions`."""
    objects = _objects(db)
    virtual = {o.name for o in objects if o.sql.upper().startswith("CREATE VIRTUAL TABLE")}
    return [
        o.name
        for o in objects
        if o.type in ("table", "view")
        and not _is_shadow(o.name, virtual)
        and describe(o.name) is None
    ]


def fresh_schema_markdown() -> str:
    """The document for a database made by the migrations alone (what docs/schema.md holds)."""
    connection = sqlite3.connect(":memory:")
    try:
        db = Connection(connection)
        schema.migrate(db)
        return schema_markdown(db, generated=True)
    finally:
        connection.close()


def main() -> None:
    sys.stdout.write(fresh_schema_markdown())


if __name__ == "__main__":
    main()
