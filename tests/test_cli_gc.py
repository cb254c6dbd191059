"""The command line pauses cyclic garbage collection while a command starts (`cli.main`): a
command that reads or writes one draft ends with it paused, every other command (which may
read every draft, serve, or prompt a person) turns it back on with the start-up's objects
frozen, and the wizard starts with it on (the app pauses it again itself while it opens)."""

from __future__ import annotations

import gc
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from postmortem_tui.cli import cli, interactive
from postmortem_tui.cli.group import COMMAND_MODULES, ONE_DRAFT


@pytest.fixture(autouse=True)
def collections_back_on() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def _collector_after(folder: Path, *args: str) -> tuple[bool, int]:
    code = (
        "import gc, sys\n"
        "from postmortem_tui.cli import main\n"
        "sys.argv = ['postmortem', '--dir', *sys.argv[1:]]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(gc.isenabled(), gc.get_freeze_count(), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(folder), *args],
        capture_output=True, text=True, check=True, timeout=60,
    )
    enabled, frozen = done.stderr.split()[-2:]
    return enabled == "True", int(frozen)


def test_a_one_draft_command_runs_without_the_collector(tmp_path: Path) -> None:
    assert _collector_after(tmp_path, "check", "--rules") == (False, 0)


def test_a_command_over_the_whole_folder_runs_with_the_collector(tmp_path: Path) -> None:
    enabled, frozen = _collector_after(tmp_path, "list")
    assert enabled
    assert frozen > 1000  # the start-up's objects: the collector's passes skip them


def test_every_other_command_turns_the_collector_back_on() -> None:
    assert ONE_DRAFT.issubset(COMMAND_MODULES)
    for name in COMMAND_MODULES:
        gc.disable()
        cli.get_command(click.Context(cli), name)
        assert gc.isenabled() is (name not in ONE_DRAFT), name


def test_a_process_that_never_paused_it_keeps_it_on() -> None:
    gc.enable()
    cli.get_command(click.Context(cli), "check")
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@pytest.mark.parametrize("args", [["new"], []])
def test_the_wizard_starts_with_the_collector_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    from postmortem_tui.tui import app as app_module

    during: list[bool] = []

    def run_app(*_: Any, **__: Any) -> int:
        during.append(gc.isenabled())
        return 0

    monkeypatch.setattr(interactive, "_is_terminal", lambda: True)
    monkeypatch.setattr(app_module, "run_app", run_app)
    gc.disable()
    result = CliRunner().invoke(cli, ["--dir", str(tmp_path), *args])
    assert result.exit_code == 0, result.output
    assert during == [True]
