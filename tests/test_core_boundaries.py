"""The functional core knows nothing of Textual: importing it must not load Textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import reader

SHELL_PREFIXES = ("reader.tui",)


def core_modules() -> list[str]:
    names = [
        module.name
        for module in pkgutil.walk_packages(reader.__path__, prefix="reader.")
        if not module.name.startswith(SHELL_PREFIXES) and not module.name.endswith("__main__")
    ]
    assert "reader.store.database" in names
    return names


def test_core_does_not_import_textual() -> None:
    modules = core_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_no_sql_outside_the_store() -> None:
    """Shells and core modules call the store; only reader.store writes SQL."""
    import re
    from pathlib import Path

    root = Path(reader.__file__).parent
    pattern = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE)\b")
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if "store" not in path.relative_to(root).parts and pattern.search(path.read_text())
    ]
    assert offenders == []
