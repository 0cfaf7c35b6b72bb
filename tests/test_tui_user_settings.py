"""The user's own keys (keymap file), the remembered theme, and the app as Textual's
tools start it (no arguments)."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from textual.pilot import Pilot
from tui_helpers import Scenario, run_scenario, settle

from reader.tui import bindings
from reader.tui.app import ReaderApp
from reader.tui.bindings import KEYS
from reader.tui.keymap import keymap_path, load_keymap, parse_keymap
from reader.tui.screens.help import HelpScreen
from reader.tui.screenshots import build_database

IDS = {spec.id: (spec.scope, spec.keys) for spec in KEYS}


def run_with_notifications(app: ReaderApp, scenario: Scenario) -> None:
    run_scenario(app, scenario, notifications=True)


@pytest.fixture
def library(db_path: Path, corpus_dir: Path) -> Path:
    return build_database(db_path, corpus_dir)


def test_every_binding_has_its_own_id() -> None:
    counts = Counter(spec.id for spec in KEYS)
    assert [binding_id for binding_id, n in counts.items() if n > 1] == []
    assert all(spec.binding().id == spec.id for spec in KEYS)
    assert {"app.quit", "cursor.next_word", "review.grade_3_space", "help.page_up"} <= IDS.keys()
    assert all(re.fullmatch(r"[a-z]+\.[A-Za-z0-9_]+", binding_id) for binding_id in IDS)
    named = {(spec.scope, spec.keys) for spec in KEYS}
    assert set(bindings._ID_NAMES) <= named  # no name left for a binding that changed


def test_keymap_tables_nest_ids_and_mistakes_are_one_line_each() -> None:
    keymap = parse_keymap(
        {
            "app.quit": "ctrl+q",
            "cursor": {"next_word": "w, ctrl+right"},
            "app.nothing": "x",
            "main.find": 3,
            "main.review": "two words",
        },
        IDS,
    )
    assert keymap.keys == {"app.quit": "ctrl+q", "cursor.next_word": "w,ctrl+right"}
    assert len(keymap.problems) == 3, keymap.problems
    assert all("\n" not in problem for problem in keymap.problems)
    assert "'app.nothing'" in keymap.problems[0]


def test_keymap_file_missing_unreadable_or_not_toml(tmp_path: Path) -> None:
    assert load_keymap(tmp_path / "none.toml", IDS).keys == {}
    assert load_keymap(tmp_path / "none.toml", IDS).problems == []
    broken = tmp_path / "keymap.toml"
    broken.write_text('"app.quit" = ctrl+q\n', encoding="utf-8")
    keymap = load_keymap(broken, IDS)
    assert keymap.keys == {}
    assert len(keymap.problems) == 1 and "not TOML" in keymap.problems[0]


def test_keymap_path_is_in_the_platform_config_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert keymap_path() == tmp_path / "reader" / "keymap.toml"


def test_the_users_keys_replace_the_defaults(library: Path, corpus_dir: Path, tmp_path: Path):
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('[app]\nhelp = "f2"\n"no.such" = "x"\n', encoding="utf-8")
    app = ReaderApp(library, corpus_dir, sync=False, keymap=keymap)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        messages = [str(n.message) for n in app._notifications]
        assert any("'app.no.such'" in message for message in messages)
        await pilot.press("question_mark")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = str(app.screen.query_one("#help-box").query_one("Static").render())
        assert str(keymap) in shown and "reader keys" in shown
        assert "f2" in shown.split("Show every key")[0].splitlines()[-1]

    run_with_notifications(app, scenario)


def test_a_key_taken_from_another_binding_is_told(
    library: Path, corpus_dir: Path, tmp_path: Path
) -> None:
    keymap = tmp_path / "keymap.toml"
    keymap.write_text('"main.close_pane" = "s"\n', encoding="utf-8")
    app = ReaderApp(library, corpus_dir, sync=False, keymap=keymap)

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        told = [str(n.message) for n in app._notifications]
        assert told == ["keymap: s for main.close_pane takes it from main.cycle_script"]
        mode = app.mode
        await pilot.press("s")
        await pilot.pause()
        assert app.mode == mode  # s closes panes now; the script stays

    run_with_notifications(app, scenario)


def test_the_chosen_theme_is_remembered(library: Path, corpus_dir: Path) -> None:
    first = ReaderApp(library, corpus_dir, sync=False)

    async def choose(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        assert app.theme != "nord"
        await pilot.press("ctrl+p", *"Change theme")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        await pilot.press(*"nord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert app.theme == "nord"

    run_scenario(first, choose)
    second = ReaderApp(library, corpus_dir, sync=False)

    async def check(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        assert app.theme == "nord"

    run_scenario(second, check)


def test_app_constructed_with_no_arguments_takes_the_defaults(
    tmp_path: Path, corpus_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What ``textual run --dev reader.tui.app:ReaderApp`` does."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("READER_DB", raising=False)
    monkeypatch.delenv("READER_CORPUS", raising=False)
    shutil.copytree(corpus_dir, tmp_path / "corpus")
    app = ReaderApp()

    async def scenario(pilot: Pilot, app: ReaderApp) -> None:
        await settle(pilot)
        await settle(pilot)
        assert len(app.summaries) == 4

    run_scenario(app, scenario)
    assert (tmp_path / "annotations.db").is_file()


def test_reader_keys_lists_every_id_and_the_keymap_file(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json

    from cli_helpers import run

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    code, out, _ = run(capsys, "keys")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"keymap file: {tmp_path / 'reader' / 'keymap.toml'} (not there yet)"
    assert [line.split()[0] for line in lines[1:]] == [spec.id for spec in KEYS]
    code, out, _ = run(capsys, "keys", "--json")
    document = json.loads(out)
    assert {item["id"] for item in document["bindings"]} == set(IDS)
