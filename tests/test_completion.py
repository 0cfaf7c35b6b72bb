"""``reader completion SHELL``: scripts generated from the parser, so every command,
subcommand, option and choice completes; bash's is run here as bash runs it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from cli_helpers import run

from reader.cli.main import COMMAND_MODULES

COMMANDS = [name for names in COMMAND_MODULES.values() for name in names]


def _script(capsys, shell: str) -> str:
    code, out, err = run(capsys, "completion", shell)
    assert code == 0, err
    return out


def _complete(script: Path, *words: str) -> list[str]:
    """What bash offers for the command line ``words`` (the last word is being typed)."""
    line = " ".join(f"'{word}'" for word in words)
    program = (
        f"source {script}\n"
        f"COMP_WORDS=({line}); COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 )); COMPREPLY=()\n"
        '_reader_complete; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    result = subprocess.run(["bash", "-c", program], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return [word for word in result.stdout.split("\n") if word]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completes_commands_subcommands_options_and_choices(capsys, tmp_path: Path) -> None:
    script = tmp_path / "reader.bash"
    script.write_text(_script(capsys, "bash"), encoding="utf-8")
    assert _complete(script, "reader", "") == COMMANDS
    assert _complete(script, "reader", "ex") == ["export"]
    assert _complete(script, "reader", "--db", "x.db", "li") == ["list"]
    assert _complete(script, "reader", "export", "--format", "") == [
        "markdown",
        "json",
        "hypothesis",
        "csv",
    ]
    assert _complete(script, "reader", "feeds", "") == ["add", "list", "pages", "remove", "update"]
    assert "--timeout" in _complete(script, "reader", "feeds", "update", "--")
    assert _complete(script, "reader", "list", "--script", "t") == ["traditional"]
    assert _complete(script, "reader", "import", "") == []  # the shell completes paths


def test_zsh_and_fish_scripts_cover_every_command(capsys) -> None:
    zsh = _script(capsys, "zsh")
    assert zsh.startswith("autoload -U +X bashcompinit && bashcompinit\n")
    fish = _script(capsys, "fish")
    for name in COMMANDS:
        assert f"-a {name} -d" in fish
    assert "-l script -x -a 'simplified traditional mixed none'" in fish
    assert "'show program\\'s version number and exit'" in fish  # quotes escaped


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_script_is_valid_for_its_shell(capsys, tmp_path: Path, shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed")
    script = tmp_path / f"reader.{shell}"
    script.write_text(_script(capsys, shell), encoding="utf-8")
    check = ["fish", "--no-execute", str(script)] if shell == "fish" else ["zsh", "-n", str(script)]
    result = subprocess.run(check, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_unknown_shell_is_a_usage_error(capsys) -> None:
    code, _, err = run(capsys, "completion", "powershell")
    assert code == 2
    assert "invalid choice" in err


def test_fish_completes_commands_and_choices(capsys, tmp_path: Path) -> None:
    if shutil.which("fish") is None:
        pytest.skip("fish is not installed")
    script = tmp_path / "reader.fish"
    script.write_text(_script(capsys, "fish"), encoding="utf-8")

    def offered(line: str) -> list[str]:
        program = f"source {script}; complete -C '{line}'"
        result = subprocess.run(["fish", "-c", program], capture_output=True, text=True)
        return [row.split("\t")[0] for row in result.stdout.splitlines()]

    assert offered("reader ex") == ["export"]
    assert offered("reader feeds ") == ["add", "list", "pages", "remove", "update"]
    assert sorted(offered("reader list --script ")) == [
        "mixed",
        "none",
        "simplified",
        "traditional",
    ]
