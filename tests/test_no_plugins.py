"""Pydantic's plugin discovery is skipped when plugins are disabled (`core/no_plugins.py`): these
fail as soon as pydantic's loader is no longer the one the stand-in replaces."""

from __future__ import annotations

import ast
import inspect
import os
import subprocess
import sys

import pydantic.plugin._schema_validator as schema_validator

from postmortem_tui.core import no_plugins


def test_pydantic_asks_the_loader_replaced_for_its_plugins_and_nothing_else() -> None:
    source = inspect.getsource(schema_validator)
    imports = [
        node for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module == "_loader"
    ]
    assert [[a.name for a in node.names] for node in imports] == [["get_plugins"]]
    assert f"{schema_validator.__package__}._loader" == no_plugins.LOADER


def test_pydantic_own_loader_returns_no_plugin_when_they_are_disabled() -> None:
    code = (
        "import os\n"
        "os.environ['PYDANTIC_DISABLE_PLUGINS'] = os.environ['VALUE']\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "print(list(get_plugins()))"
    )
    for value in no_plugins.DISABLED:
        proc = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
            check=True, env={**os.environ, "VALUE": value},
        )
        assert proc.stdout.strip() == "[]"


def test_with_plugins_disabled_the_model_loads_without_the_metadata_machinery() -> None:
    code = (
        "import sys\n"
        "from postmortem_tui.core.model import PostMortem\n"
        "doc = PostMortem.model_validate({'header': {'title': 'x'}})\n"
        "loader = sys.modules['pydantic.plugin._loader'].get_plugins\n"
        "print(doc.header.title, loader.__module__, 'importlib.metadata' in sys.modules)"
    )
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "__all__"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
        env=env,
    )
    assert proc.stdout.split() == ["x", "postmortem_tui.core.no_plugins", "False"]


def test_with_plugins_enabled_pydantic_looks_for_them_as_usual() -> None:
    code = (
        "import sys\n"
        "import postmortem_tui.core.model\n"
        "print(sys.modules['pydantic.plugin._loader'].__file__ is not None)"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True,
        env=env,
    )
    assert proc.stdout.strip() == "True"
