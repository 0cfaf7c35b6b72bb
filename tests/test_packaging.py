"""reader as its users get it: an sdist that carries the test suite, and a wheel built
from that sdist, installed into a fresh virtual environment and run from an empty
folder, far from the source tree, every kind of command including ``screenshots``.

uv (a test dependency) builds and installs; its cache makes a repeated install take
seconds. This file takes ~30-60 s, most of it the screenshots.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
DISTRIBUTION = PYPROJECT["project"]["name"]


def _uv(*args: str, cwd: Path | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "uv", *args], cwd=cwd, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An sdist and the wheel built from it (as ``uv build`` does by default)."""
    folder = tmp_path_factory.mktemp("dist")
    _uv("build", "--quiet", "--out-dir", str(folder), str(REPO))
    return folder


@pytest.fixture(scope="module")
def installed(dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The ``bin`` folder of a fresh venv holding the wheel and its dependencies."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    _uv("venv", "--quiet", "--python", sys.executable, str(venv))
    (wheel,) = dist.glob("*.whl")
    _uv("pip", "install", "--quiet", "--python", str(venv / "bin" / "python"), str(wheel))
    return venv / "bin"


def _reader(
    bin_dir: Path, cwd: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("READER_", "PYTHON", "VIRTUAL_ENV"))
    }
    env["HOME"] = str(cwd)
    env["XDG_CONFIG_HOME"] = str(cwd / ".config")
    return subprocess.run(
        [str(bin_dir / "reader"), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_distribution_name_is_not_the_package_index_reader() -> None:
    """``reader`` on the package index is an unrelated feed library: installing ours
    under that name replaced it (and its command). The package and command stay."""
    project = PYPROJECT["project"]
    assert project["name"] != "reader"
    assert project["scripts"] == {"reader": "reader.cli.main:main"}
    assert project["license"] == "MIT"
    assert "MIT License" in (REPO / "LICENSE").read_text(encoding="utf-8")
    assert any(
        c.startswith("Programming Language :: Python :: 3.11") for c in project["classifiers"]
    )


def test_sdist_carries_what_the_tests_read(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    wanted = {"LICENSE", "README.md", "pyproject.toml", "tests/conftest.py"}
    for folder in ("tests", "corpus", "examples"):
        wanted |= {
            path.relative_to(REPO).as_posix()
            for path in (REPO / folder).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts
        }
    assert wanted - names == set()
    assert {f"reader/seed/{p.name}" for p in (REPO / "corpus").glob("*.txt")} <= names


def test_tests_run_from_the_unpacked_sdist(dist: Path, tmp_path: Path) -> None:
    """Files the tests read (README, golden files, examples, snapshots, the corpus)
    are all there: a sample of test files that read them passes from the sdist alone."""
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (root,) = tmp_path.iterdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTHON")}
    where = subprocess.run(
        [sys.executable, "-c", "import reader; print(reader.__file__)"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert where.stdout.startswith(str(root)), where.stdout + where.stderr
    tests = ["tests/test_tui_keys.py", "tests/test_export_golden.py", "tests/test_wrap_widths.py"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", *tests],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:]


def test_installed_wheel_runs_every_kind_of_command(installed: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()

    result = _reader(installed, work, "--help")
    assert result.returncode == 0 and "screenshots" in result.stdout

    result = _reader(installed, work, "list")  # read-only: no database is made
    assert result.returncode == 0, result.stderr
    assert list(work.iterdir()) == []

    article = "標題：馬斯克的新模型\n\n馬斯克發布了新模型。它很快。\n"
    (work / "one.txt").write_text(article, encoding="utf-8")
    result = _reader(installed, work, "import", "one.txt")
    assert result.returncode == 0, result.stderr
    result = _reader(installed, work, "list", "--json")
    assert result.returncode == 0 and "馬斯克" in result.stdout

    result = _reader(installed, work, "screenshots", "--output", "shots")
    assert result.returncode == 0, result.stderr[-2000:]
    shots = sorted(path.name for path in (work / "shots").glob("*.svg"))
    assert "side_by_side.svg" in shots and len(shots) >= 9
    assert "极客公园" in (work / "shots" / "list_and_reader.svg").read_text(encoding="utf-8")
