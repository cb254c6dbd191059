"""The headless commands never import the UIs: scripts start fast and need no terminal."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from postmortem_tui.core.demo import demo_document
from postmortem_tui.core.store import DraftStore

UI_PACKAGES = ("textual", "questionary", "prompt_toolkit", "rich")

SCRIPT = textwrap.dedent(
    """
    import json, sys
    import click
    from postmortem_tui.cli import cli

    folder, ident, out = sys.argv[1], sys.argv[2], sys.argv[3]
    codes = []
    for args in (
        ["list"],
        ["list", "--json"],
        ["check", ident],
        ["check", "INC-20250101-001"],
        ["export", ident],
        ["export", ident, "-o", out],
        ["export", "INC-20250101-001"],
        ["export", "INC-20250101-001", "--draft"],
        ["export", "nope"],
        ["demo"],
        ["--help"],
    ):
        try:
            codes.append(cli.main(["--dir", folder, *args], standalone_mode=False))
        except SystemExit as exc:
            codes.append(exc.code)
        except click.ClickException as exc:
            codes.append(exc.exit_code)
    loaded = sorted(
        m for m in sys.modules
        if m.split(".")[0] in {ui!r}
        or m.startswith(("postmortem_tui.tui", "postmortem_tui.prompts"))
    )
    print(json.dumps({{"codes": codes, "loaded": loaded}}), file=sys.stderr)
    """
)


def test_headless_commands_import_neither_textual_nor_questionary(tmp_path: Path) -> None:
    store = DraftStore(tmp_path / "drafts")  # an export is never written into it
    doc = demo_document()
    doc.header.incident_id = store.next_incident_id(doc.header.date)
    store.save(doc)
    store.new(title="Half done", when=doc.header.date)
    (store.folder / "INC-20250101-001.toml").write_text("schema_version = 1\n")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            SCRIPT.format(ui=UI_PACKAGES),
            str(store.folder),
            doc.header.incident_id,
            str(tmp_path / "out.md"),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    assert report["loaded"] == []
    # The commands really ran: the demo checks out, the empty draft does not.
    assert report["codes"][:9] == [None, None, None, 1, None, None, 1, None, 2]
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# Post-Mortem: ")


def test_help_and_version_do_not_even_load_the_model() -> None:
    code = (
        "import sys\n"
        "from postmortem_tui.cli import cli\n"
        "for args in (['--help'], ['--version'], ['export', '--help']):\n"
        "    try:\n"
        "        cli.main(args, standalone_mode=False)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pydantic', 'postmortem_tui.core'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_no_core_module_imports_a_ui() -> None:
    """Every module of the core, each section's declaration included, imports neither Textual
    nor the prompts' libraries."""
    code = textwrap.dedent(
        f"""
        import importlib, json, pkgutil, sys
        import postmortem_tui.core as core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, "postmortem_tui.core.")]
        for name in names:
            importlib.import_module(name)
        loaded = sorted(
            m for m in sys.modules
            if m.split(".")[0] in {UI_PACKAGES!r}
            or m.startswith(("postmortem_tui.tui", "postmortem_tui.prompts"))
        )
        print(json.dumps({{"names": names, "loaded": loaded}}))
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    report = json.loads(proc.stdout)
    assert "postmortem_tui.core.sections.timeline" in report["names"]
    assert report["loaded"] == []


def test_the_section_declarations_load_before_the_model() -> None:
    """The wizard's outline lists the sections (titles, keys) while pydantic is still loading:
    the declarations import the model only when a check runs, and the Markdown writer and the
    checks' tools only when a section is exported or checked."""
    code = (
        "import sys\n"
        "from postmortem_tui.core.sections import SECTIONS\n"
        "print(len(SECTIONS), sorted(m for m in sys.modules\n"
        "      if m.startswith(('pydantic', 'postmortem_tui.core.model', 'markdown_it',\n"
        "                       'postmortem_tui.core.markdown', 'postmortem_tui.core.findings',\n"
        "                       'postmortem_tui.core.inline_markdown'))))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert proc.stdout.strip() == "12 []"
