"""The command group imports a command's module when the command is looked up
(`cli.group.COMMAND_MODULES`): every command is in that table, a command's run loads no other
command's module, and help and "did you mean" still know them all."""

from __future__ import annotations

import os
import subprocess
import sys

from click.testing import CliRunner

from postmortem_tui.cli import cli
from postmortem_tui.cli.group import COMMAND_MODULES


def test_every_command_is_found_through_the_table() -> None:
    listed = cli.list_commands(click_context())
    assert set(cli.commands) == set(COMMAND_MODULES)
    assert set(listed) == set(COMMAND_MODULES)
    for name, module in COMMAND_MODULES.items():
        assert cli.commands[name].callback.__module__ == f"postmortem_tui.cli.{module}", name


def click_context() -> object:
    import click

    return click.Context(cli)


def test_a_command_loads_only_its_own_module(tmp_path: object) -> None:
    code = (
        "import sys\n"
        "from postmortem_tui.cli import main\n"
        "sys.argv = ['postmortem', '--dir', sys.argv[1], 'check', '--rules']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('postmortem_tui.cli.')),"
        " file=sys.stderr)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True,
        timeout=60, env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 0, proc.stderr
    loaded = proc.stderr.strip().splitlines()[-1]
    assert "postmortem_tui.cli.check" in loaded
    others = {f"postmortem_tui.cli.{m}" for m in COMMAND_MODULES.values()} - {
        "postmortem_tui.cli.check", "postmortem_tui.cli.list_drafts",  # check's TITLE_MAX
    }
    assert not [m for m in others if f"'{m}'" in loaded]


def test_help_and_did_you_mean_know_every_command() -> None:
    code = (
        "from click.testing import CliRunner\n"
        "from postmortem_tui.cli import cli\n"
        "print(CliRunner().invoke(cli, ['synk']).output)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    assert "No such command 'synk'" in proc.stdout
    assert "sync" in proc.stdout.split("No such command")[1]
    result = CliRunner().invoke(cli, ["--help"])
    for name in ("new", "check", "export", "timeline", "serve", "resolve"):
        assert f"  {name} " in result.output
