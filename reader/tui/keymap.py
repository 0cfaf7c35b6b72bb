"""The user's own keys: a TOML file mapping binding ids to keys.

Each binding of the reader has an id (``scope.action``, listed by ``reader keys``);
the file gives any of them other keys, in Textual's key names, several separated by
commas::

    "app.quit" = "ctrl+q"
    [cursor]
    next_word = "w,ctrl+right"

It lives in the platform's config folder (``~/.config/reader/keymap.toml`` on Linux)
and is applied with Textual's ``App.set_keymap``. A mistake in it (not TOML, an id
that names no binding, a value that is not keys) is reported in one line each and
otherwise ignored: the rest of the file still applies, and the reader always starts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

FILE_NAME = "keymap.toml"
#: Lines of problems shown at most; the rest are counted.
MAX_PROBLEMS = 5


def keymap_path() -> Path:
    """Where the keymap file is looked for (it need not exist)."""
    import platformdirs

    return Path(platformdirs.user_config_dir("reader", appauthor=False)) / FILE_NAME


@dataclass
class Keymap:
    """The usable entries of a keymap file and a line for each unusable one."""

    keys: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def problem_lines(self) -> list[str]:
        lines = self.problems[:MAX_PROBLEMS]
        if len(self.problems) > MAX_PROBLEMS:
            lines.append(f"keymap: {len(self.problems) - MAX_PROBLEMS} more problems")
        return lines


def load_keymap(path: Path, bindings: Mapping[str, tuple[str, str]]) -> Keymap:
    """Read ``path`` against ``bindings`` (each id's scope and default keys); a missing
    file is an empty keymap."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Keymap()
    except (OSError, UnicodeDecodeError) as error:
        return Keymap(problems=[f"keymap {path}: cannot read it ({error}); no keys changed"])
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Keymap(problems=[f"keymap {path}: not TOML ({error}); no keys changed"])
    return parse_keymap(document, bindings)


def parse_keymap(document: Mapping[str, object], bindings: Mapping[str, tuple[str, str]]) -> Keymap:
    """Check a parsed keymap: tables nest ids (``[cursor] next_word = …`` is
    ``cursor.next_word``), each value is one or more key names separated by commas.
    A key given to a binding that another binding of its scope keeps is applied (the
    keymap wins) and told, since the other binding is then out of reach."""
    keymap = Keymap()
    for binding_id, value in _flatten(document):
        if binding_id not in bindings:
            keymap.problems.append(
                f"keymap: no binding has the id {binding_id!r} (`reader keys` lists them)"
            )
        elif not isinstance(value, str) or not _is_key_list(value):
            keymap.problems.append(
                f'keymap: {binding_id} = {value!r} is not keys (write e.g. "ctrl+q" or "j,down")'
            )
        else:
            keymap.keys[binding_id] = ",".join(key.strip() for key in value.split(","))
    keymap.problems.extend(_clashes(keymap.keys, bindings))
    return keymap


def _clashes(keys: Mapping[str, str], bindings: Mapping[str, tuple[str, str]]) -> list[str]:
    lines = []
    for binding_id, chosen in keys.items():
        scope = bindings[binding_id][0]
        for other, (other_scope, default) in bindings.items():
            if other == binding_id or other_scope != scope:
                continue
            shared = set(chosen.split(",")) & set(keys.get(other, default).split(","))
            if shared:
                lines.append(
                    f"keymap: {', '.join(sorted(shared))} for {binding_id} takes it from {other}"
                )
    return lines


def _flatten(table: Mapping[str, object], prefix: str = "") -> list[tuple[str, object]]:
    entries: list[tuple[str, object]] = []
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            entries.extend(_flatten(value, f"{name}."))
        else:
            entries.append((name, value))
    return entries


def _is_key_list(value: str) -> bool:
    keys = [key.strip() for key in value.split(",")]
    return all(key and not any(c.isspace() for c in key) for key in keys)
